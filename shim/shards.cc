// shards.cc — an index in several Xapian databases, searched as one.
//
// A sharded index is a directory holding shard-0 .. shard-N-1 (each a plain
// glass database) and XAPIANDB, Xapian's own stub file listing them, so
// that xapian-delve, xapian-tcpsrv or Omega open the directory as one
// database too.  A document lives in the shard its id hashes to
// (polis_text_hash64(id) mod N), which is how an update finds it again;
// shard 0 also holds every metadata key and the spelling dictionary, since
// Xapian reads metadata from a sharded database's first shard only and
// remote shards serve no spelling.  docs/architecture.md, "Shards".
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "shim.h"

namespace
{

constexpr const char *kStub = "XAPIANDB";

bool exists(const std::string &path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

std::string shard_dir(const std::string &dir, unsigned k, unsigned n)
{
    return n <= 1 ? dir : dir + "/shard-" + std::to_string(k);
}

// The databases a stub lists, as paths.  Only what Polis writes is read:
// "auto" or "glass" lines, paths relative to the stub's directory or
// absolute.  Throws Xapian::DatabaseOpeningError naming the line otherwise.
std::vector<std::string> read_stub(const std::string &dir)
{
    std::ifstream in(dir + "/" + kStub);
    if (!in)
        throw Xapian::DatabaseOpeningError(dir + "/" + kStub + ": cannot read", errno);
    std::vector<std::string> paths;
    std::string line;
    for (unsigned no = 1; std::getline(in, line); no++) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream words(line);
        std::string type, path;
        words >> type >> path;
        if ((type != "auto" && type != "glass") || path.empty())
            throw Xapian::DatabaseOpeningError(dir + "/" + kStub + ":" + std::to_string(no) +
                                               ": only \"auto PATH\" lines are read here");
        paths.push_back(path[0] == '/' ? path : dir + "/" + path);
    }
    if (paths.empty())
        throw Xapian::DatabaseOpeningError(dir + "/" + kStub + ": lists no database");
    return paths;
}

void write_stub(const std::string &dir, unsigned n)
{
    std::string tmp = dir + "/" + kStub + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (unsigned k = 0; k < n; k++)
            out << "auto shard-" << k << "\n";
        out.flush();
        if (!out)
            throw Xapian::DatabaseCreateError(tmp + ": cannot write", errno);
    }
    if (rename(tmp.c_str(), (dir + "/" + kStub).c_str()) != 0)
        throw Xapian::DatabaseCreateError(dir + "/" + kStub + ": cannot rename", errno);
}

// The shard paths of an index at dir: its stub's, or dir itself.
std::vector<std::string> shard_paths(const std::string &dir)
{
    if (exists(dir + "/" + kStub))
        return read_stub(dir);
    return { dir };
}

} // namespace

namespace shim
{

// Which stub file a shard has now ("" when it has none): xapian-replicate
// replaces it by rename(), so a new one is a new inode.
static std::string stub_stamp(const std::string &shard)
{
    struct stat st;
    if (stat((shard + "/" + kStub).c_str(), &st) != 0)
        return std::string();
    return std::to_string(st.st_ino) + ':' + std::to_string(st.st_mtim.tv_sec) + '.' +
           std::to_string(st.st_mtim.tv_nsec);
}

void open_shards(polis_index_t *idx, const std::string &path)
{
    // Any backend Xapian recognises: a replica's shard is xapian-replicate's
    // own stub directory, which it points at a fresh copy now and then.
    Xapian::Database db;
    std::vector<Xapian::Database> shards;
    std::vector<std::pair<std::string, std::string>> stubs;
    stubs.emplace_back(path, stub_stamp(path));
    for (const std::string &p : shard_paths(path)) {
        stubs.emplace_back(p, stub_stamp(p));
        shards.emplace_back(p);
        db.add_database(shards.back());
    }
    idx->db = db;
    idx->shards.swap(shards);
    idx->stubs.swap(stubs);
}

bool reopen_shards(polis_index_t *idx)
{
    for (const auto &s : idx->stubs) {
        if (stub_stamp(s.first) != s.second) {
            // xapian-replicate switched a shard to a new copy: reopen()
            // would stay on the old one, so open the index again.
            open_shards(idx, idx->path);
            return true;
        }
    }
    return idx->db.reopen();
}

void create_shards(polis_index_t *idx, const std::string &path, unsigned n, bool truncate,
                   bool no_sync)
{
    std::vector<std::string> paths;
    bool fresh = !(n == 0 || (!truncate && exists(path)));
    if (!fresh) {
        paths = shard_paths(path);
        if (n && paths.size() != n)
            throw Xapian::InvalidArgumentError(path + " has " + std::to_string(paths.size()) +
                                               " shards, not " + std::to_string(n));
    } else {
        if (n > 1 && mkdir(path.c_str(), 0777) != 0 && errno != EEXIST)
            throw Xapian::DatabaseCreateError(path + ": cannot create", errno);
        for (unsigned k = 0; k < n; k++)
            paths.push_back(shard_dir(path, k, n));
    }
    int action = truncate ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN;
    if (no_sync)
        action |= Xapian::DB_NO_SYNC;
    for (const std::string &p : paths) {
        idx->wshards.emplace_back(p, action | Xapian::DB_BACKEND_GLASS);
        idx->wdb.add_database(idx->wshards.back());
        idx->shards.push_back(idx->wshards.back());
    }
    if (fresh && n > 1)
        write_stub(path, n);
    else if (fresh) // a plain index made anew where a sharded one was
        unlink((path + "/" + kStub).c_str());
    idx->db = idx->wdb;
}

Xapian::WritableDatabase &shard_for(polis_index_t *idx, const std::string &id)
{
    return idx->wshards[polis_index_shard_of(id.c_str(), unsigned(idx->wshards.size()))];
}

std::string revision_key(const polis_index_t *idx)
{
    std::string key = idx->db.get_uuid() + '@';
    for (const Xapian::Database &s : idx->shards)
        key += std::to_string(s.get_revision()) + '.';
    return key;
}

} // namespace shim

extern "C" polis_status_t polis_index_create_shards(const char *path, unsigned nshards,
                                                    unsigned flags, polis_index_t **out,
                                                    char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!out || !path || nshards > POLIS_MAX_SHARDS ||
        ((flags & POLIS_CREATE_TRUNCATE) && nshards == 0))
        return POLIS_ERR_INVALID_ARG;
    *out = nullptr;
    try {
        std::unique_ptr<polis_index_t> h(new polis_index_t);
        h->path = path;
        h->writable = true;
        shim::create_shards(h.get(), path, nshards, flags & POLIS_CREATE_TRUNCATE,
                            flags & POLIS_CREATE_NO_SYNC);
        shim::load_synonyms(h.get());
        *out = h.release();
    } catch (...) {
        return shim_fail_msg(errmsg, path);
    }
    return POLIS_OK;
}

extern "C" unsigned polis_index_shard_of(const char *id, unsigned nshards)
{
    if (!id || nshards <= 1)
        return 0;
    return unsigned(polis_text_hash64(id, strlen(id)) % nshards);
}

extern "C" char *polis_index_shard_path(const char *root, unsigned k, unsigned nshards)
{
    if (!root)
        return nullptr;
    try {
        return strdup(shard_dir(root, k, nshards).c_str());
    } catch (...) {
        return nullptr; // std::bad_alloc
    }
}

extern "C" unsigned polis_index_shards(const polis_index_t *idx)
{
    return idx ? unsigned(idx->shards.size()) : 0;
}

extern "C" polis_status_t polis_index_merge_shard(const char *const *srcs, size_t n, unsigned shard,
                                                  unsigned nshards, const char *dst, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!srcs || !n || !dst || nshards == 0 || shard >= nshards)
        return POLIS_ERR_INVALID_ARG;
    std::string out = shard_dir(dst, shard, nshards);
    try {
        if (nshards > 1 && mkdir(dst, 0777) != 0 && errno != EEXIST)
            throw Xapian::DatabaseCreateError(std::string(dst) + ": cannot create", errno);
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(
                Xapian::Database(shard_dir(srcs[i], shard, nshards), Xapian::DB_BACKEND_GLASS));
        // One pass over every source, not DBCOMPACT_MULTIPASS: merging
        // postlists two by two through temporary tables took 2.3 times as
        // long on 64 batches (docs/architecture.md, "Merging the batches")
        // and wrote them several times over.
        all.compact(out, Xapian::DB_BACKEND_GLASS);
    } catch (...) {
        return shim_fail_msg(errmsg, out.c_str());
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_join_shards(const char *dir, unsigned nshards, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!dir || nshards == 0 || nshards > POLIS_MAX_SHARDS)
        return POLIS_ERR_INVALID_ARG;
    if (nshards == 1)
        return POLIS_OK;
    try {
        write_stub(dir, nshards);
    } catch (...) {
        return shim_fail_msg(errmsg, dir);
    }
    return POLIS_OK;
}

// "tcp://host:port" or "host:port" into its parts; false when it is neither.
static bool parse_address(const std::string &addr, std::string &host, unsigned &port)
{
    std::string a = addr.compare(0, 6, "tcp://") == 0 ? addr.substr(6) : addr;
    size_t colon = a.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == a.size())
        return false;
    host = a.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    char *end = nullptr;
    unsigned long p = strtoul(a.c_str() + colon + 1, &end, 10);
    if (*end != '\0' || p == 0 || p > 65535)
        return false;
    port = unsigned(p);
    return true;
}

extern "C" polis_status_t polis_index_open_remote(const char *const *addresses, size_t n,
                                                  unsigned timeout_ms, polis_index_t **out,
                                                  char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!out || !addresses || n == 0 || n > POLIS_MAX_SHARDS)
        return POLIS_ERR_INVALID_ARG;
    *out = nullptr;
    std::string at;
    try {
        std::unique_ptr<polis_index_t> h(new polis_index_t);
        h->remote = true;
        for (size_t i = 0; i < n; i++) {
            at = addresses[i] ? addresses[i] : "";
            std::string host;
            unsigned port = 0;
            if (!parse_address(at, host, port))
                throw Xapian::InvalidArgumentError("not an address (tcp://HOST:PORT)");
            // A limit on each exchange: a shard that stops answering fails
            // the query instead of holding it.  Connecting gets half of it:
            // a server that hangs may still take connections (its listen
            // queue), and then the greeting is waited for too.
            h->shards.push_back(Xapian::Remote::open(host, port, timeout_ms, timeout_ms / 2));
            h->db.add_database(h->shards.back());
            h->path += (i ? " " : "") + at;
        }
        shim::load_synonyms(h.get());
        *out = h.release();
    } catch (...) {
        return shim_fail_msg(errmsg, at.c_str());
    }
    return POLIS_OK;
}
