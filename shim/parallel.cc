// parallel.cc — ranking a sharded index's shards at once in child processes (--shard-program).
//
// Xapian 1.4 matches a local sharded Database one shard after the other, in
// the caller's thread.  Its remote backend does not: the query goes to every
// remote shard before any answer is read, each server matching on its own,
// and the shards' statistics are merged first, so the weights are those of
// one database.  A handle set to rank in parallel serves each local shard to
// itself through a child running xapian-progsrv (Xapian's remote server on a
// pipe) and ranks its page there; documents, counts on sets, spelling and
// suggestions stay on the local shards, and docids are the same on both
// sides (Xapian interleaves shards' docids alike, local or remote).
// docs/architecture.md, "Shards".
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "shim.h"

namespace
{

// Whether program can be run as execvp() would find it: Xapian forks before
// it learns that the program is missing, and the child it cannot wait for
// then (its constructor threw) stays a zombie.
bool runnable(const std::string &program)
{
    if (program.find('/') != std::string::npos)
        return access(program.c_str(), X_OK) == 0;
    const char *path = getenv("PATH");
    std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
    for (size_t from = 0; from <= dirs.size();) {
        size_t to = dirs.find(':', from);
        if (to == std::string::npos)
            to = dirs.size();
        std::string dir = to > from ? dirs.substr(from, to - from) : ".";
        if (access((dir + "/" + program).c_str(), X_OK) == 0)
            return true;
        from = to + 1;
    }
    return false;
}

// Closing a child waits for it to exit (Xapian's ProgClient reaps it), and
// a child still matching a query that timed out exits only when done: a
// search must not wait for that, so failed children are closed by a thread
// of their own.
void close_apart(std::vector<Xapian::Database> &&dbs)
{
    try {
        std::thread([dbs = std::move(dbs)]() mutable { dbs.clear(); }).detach();
    } catch (...) {
        dbs.clear(); // no thread to be had: wait here
    }
}

} // namespace

namespace shim
{

Xapian::Database *parallel_ranker(polis_index_t *idx)
{
    if (idx->parallel_program.empty() || idx->writable || idx->remote ||
        idx->shards.size() < 2 || idx->ranker_unavailable)
        return nullptr;
    try {
        if (idx->ranker_shards.empty()) {
            Xapian::Database ranker;
            std::vector<Xapian::Database> each;
            // stubs: the index's own path first, then its shards'.
            for (size_t k = 1; k < idx->stubs.size(); k++) {
                each.push_back(Xapian::Remote::open(idx->parallel_program, idx->stubs[k].first,
                                                    idx->parallel_timeout_ms));
                ranker.add_database(each.back());
            }
            idx->ranker = ranker;
            idx->ranker_shards.swap(each);
        }
        // The children opened their shards after the handle did, so they
        // may hold a newer revision, whose docids are not the local
        // documents' (until the reopen that closes them).  Each child told
        // its shard's statistics when it started: nothing is asked here.
        for (size_t k = 0; k < idx->shards.size(); k++) {
            const Xapian::Database &mine = idx->shards[k], &theirs = idx->ranker_shards[k];
            if (theirs.get_lastdocid() != mine.get_lastdocid() ||
                theirs.get_doccount() != mine.get_doccount() ||
                theirs.get_total_length() != mine.get_total_length())
                return nullptr;
        }
        return &idx->ranker;
    } catch (...) {
        // A shard the program cannot open, a handshake that timed out:
        // starting them for every search would only slow each down.
        parallel_failed(idx);
        idx->ranker_unavailable = true;
        return nullptr;
    }
}

void parallel_failed(polis_index_t *idx)
{
    if (idx->ranker_shards.empty()) // no children: nothing to close (every handle's open)
        return;
    idx->ranker = Xapian::Database();
    close_apart(std::move(idx->ranker_shards));
    idx->ranker_shards.clear();
}

void parallel_reset(polis_index_t *idx)
{
    parallel_failed(idx);
    idx->ranker_unavailable = false;
}

} // namespace shim

extern "C" polis_status_t polis_index_set_parallel(polis_index_t *idx, const char *program,
                                                   unsigned timeout_ms)
{
    if (!idx)
        return POLIS_ERR_INVALID_ARG;
    try {
        shim::parallel_reset(idx);
        idx->parallel_program.clear();
        idx->parallel_timeout_ms = timeout_ms ? timeout_ms : 10000;
        if (!program || idx->writable || idx->remote || idx->shards.size() < 2)
            return POLIS_OK;
        // Xapian splits the child's arguments on spaces.
        for (size_t k = 1; k < idx->stubs.size(); k++)
            if (idx->stubs[k].first.find(' ') != std::string::npos)
                return shim_error(idx, POLIS_ERR_INVALID_ARG,
                                  idx->stubs[k].first +
                                      ": a shard path with a space cannot be given to " + program);
        if (!runnable(program))
            return shim_error(idx, POLIS_ERR_NOT_FOUND,
                              std::string(program) + ": no such program to serve the shards");
        idx->parallel_program = program;
    } catch (...) {
        return shim_fail(idx, "parallel ranking");
    }
    return POLIS_OK;
}
