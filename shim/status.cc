// status.cc — status codes, and the one place exceptions become statuses.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>

#include <unistd.h>

#include "shim.h"

extern "C" const char *polis_status_str(polis_status_t status)
{
    switch (status) {
    case POLIS_OK: return "success";
    case POLIS_ERR_NOMEM: return "out of memory";
    case POLIS_ERR_INVALID_ARG: return "invalid argument";
    case POLIS_ERR_NOT_FOUND: return "not found";
    case POLIS_ERR_BAD_QUERY: return "query syntax error";
    case POLIS_ERR_LOCKED: return "index locked by another writer";
    case POLIS_ERR_MODIFIED: return "index modified while reading";
    case POLIS_ERR_CORRUPT: return "index corrupt";
    case POLIS_ERR_IO: return "input/output error";
    case POLIS_ERR_TIMEOUT: return "time limit reached";
    case POLIS_ERR_READ_ONLY: return "index opened read-only";
    case POLIS_ERR_XAPIAN: return "Xapian error";
    case POLIS_ERR_UNAVAILABLE: return "a shard did not answer";
    default: return "unknown status";
    }
}

// Rethrow the exception in flight and classify it.  Xapian's error classes
// each get their own code so callers can react (retry, reopen, report).
static polis_status_t classify(std::string &msg)
{
    try {
        throw;
    } catch (const Xapian::DatabaseModifiedError &e) {
        msg = e.get_description();
        return POLIS_ERR_MODIFIED;
    } catch (const Xapian::DatabaseLockError &e) {
        msg = e.get_description();
        return POLIS_ERR_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        msg = e.get_description();
        return POLIS_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseVersionError &e) {
        msg = e.get_description();
        return POLIS_ERR_CORRUPT;
    } catch (const Xapian::DatabaseOpeningError &e) {
        msg = e.get_description();
        return POLIS_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseCorruptError &e) {
        msg = e.get_description();
        return POLIS_ERR_CORRUPT;
    } catch (const Xapian::DocNotFoundError &e) {
        msg = e.get_description();
        return POLIS_ERR_NOT_FOUND;
    } catch (const Xapian::NetworkError &e) { // timeouts included
        msg = e.get_description();
        return POLIS_ERR_UNAVAILABLE;
    } catch (const Xapian::QueryParserError &e) {
        msg = e.get_msg();
        return POLIS_ERR_BAD_QUERY;
    } catch (const Xapian::WildcardError &e) {
        msg = e.get_msg();
        return POLIS_ERR_BAD_QUERY;
    } catch (const Xapian::InvalidArgumentError &e) {
        msg = e.get_description();
        return POLIS_ERR_INVALID_ARG;
    } catch (const Xapian::DatabaseError &e) {
        // Xapian reports failed writes and reads (ENOSPC, EIO) as DatabaseError.
        msg = e.get_description();
        return POLIS_ERR_IO;
    } catch (const Xapian::Error &e) {
        msg = e.get_description();
        return POLIS_ERR_XAPIAN;
    } catch (const std::bad_alloc &) {
        msg = "out of memory";
        return POLIS_ERR_NOMEM;
    } catch (const std::exception &e) {
        msg = e.what();
        return POLIS_ERR_XAPIAN;
    } catch (...) {
        msg = "unknown C++ exception";
        return POLIS_ERR_XAPIAN;
    }
}

static const char *fatal_prog = "polis";
static int fatal_code = 1;

// Runs when nothing can be trusted: no allocation beyond the message of the
// exception itself, one write(2), then the end.
[[noreturn]] static void on_terminate()
{
    int err = errno; // often what the failed write left: a hint, not a fact
    char line[1024];
    std::string msg;
    bool known = false;
    if (std::exception_ptr e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (...) {
            try {
                classify(msg); // catches all
                known = true;
            } catch (...) {
            }
        }
    }
    if (known)
        snprintf(line, sizeof line, "%s: fatal: %s\n", fatal_prog, msg.c_str());
    else
        snprintf(line, sizeof line, "%s: fatal: terminate called, reason unknown%s%s%s\n",
                 fatal_prog, err ? " (last system error: " : "", err ? strerror(err) : "",
                 err ? ")" : "");
    ssize_t w = write(2, line, strlen(line));
    (void)w;
    if (fatal_code < 0)
        abort();
    _exit(fatal_code);
}

extern "C" void polis_status_report_fatal(const char *prog, int code)
{
    fatal_prog = prog ? prog : "polis";
    fatal_code = code;
    std::set_terminate(on_terminate);
}

polis_status_t shim_fail(polis_index_t *idx, const char *what)
{
    std::string msg;
    polis_status_t st = classify(msg);
    if (idx) {
        try {
            idx->last_error = std::string(what) + ": " + msg;
        } catch (...) {
            idx->last_error.clear();
        }
    }
    return st;
}

polis_status_t shim_fail_msg(char **errmsg, const char *what)
{
    std::string msg;
    polis_status_t st = classify(msg);
    if (errmsg) {
        size_t n = strlen(what) + msg.size() + 3;
        *errmsg = static_cast<char *>(malloc(n));
        if (*errmsg)
            snprintf(*errmsg, n, "%s: %s", what, msg.c_str());
    }
    return st;
}

polis_status_t shim_error(polis_index_t *idx, polis_status_t st, const std::string &msg)
{
    try {
        idx->last_error = msg;
    } catch (...) {
        return POLIS_ERR_NOMEM;
    }
    return st;
}
