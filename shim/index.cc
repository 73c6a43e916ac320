// index.cc — opening, writing and reading back a Polis index.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "shim.h"

// Copy a std::string into a malloc()ed C string for the caller.
static polis_status_t give_string(polis_index_t *idx, const std::string &s, char **out)
{
    *out = shim::c_copy(s);
    return *out ? POLIS_OK : shim_error(idx, POLIS_ERR_NOMEM, "out of memory");
}

// The groups, their concepts, and whether the documents carry those and
// title pairs: a writer sees its own pending metadata, a reader the
// committed one.  Every flag read from the metadata is set here, so a
// reopen or a cancelled transaction refreshes them all in one call.
static void set_synonyms(polis_index_t *idx, const std::string &stored)
{
    idx->synonyms = shim::parse_synonyms(stored);
    idx->concepts = shim::make_concepts(idx->synonyms);
    const Xapian::Database &db = idx->writable ? idx->wdb : idx->db;
    idx->concepts_indexed = !idx->synonyms.empty() && db.get_metadata(shim::kConceptsKey) == stored;
    idx->title_pairs = db.get_metadata(shim::kTitlePairsKey) == "1";
    idx->name_positions = db.get_metadata(shim::kNamePositionsKey) == "1";
    idx->parser.reset(); // its fields follow the groups (parse.cc)
}

void shim::load_synonyms(polis_index_t *idx)
{
    set_synonyms(idx, idx->db.get_metadata(shim::kSynonymsKey));
}

extern "C" polis_status_t polis_index_open(const char *path, polis_index_t **out, char **errmsg)
{
    if (errmsg)
        *errmsg = nullptr;
    if (!out || !path)
        return POLIS_ERR_INVALID_ARG;
    *out = nullptr;
    polis_index_t *idx = nullptr;
    try {
        std::unique_ptr<polis_index_t> h(new polis_index_t);
        h->path = path;
        shim::open_shards(h.get(), path);
        shim::load_synonyms(h.get());
        idx = h.release();
    } catch (...) {
        return shim_fail_msg(errmsg, path);
    }
    *out = idx;
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_create(const char *path, unsigned flags, polis_index_t **out,
                                             char **errmsg)
{
    return polis_index_create_shards(path, (flags & POLIS_CREATE_TRUNCATE) ? 1 : 0, flags, out,
                                     errmsg);
}

extern "C" polis_status_t polis_index_set_flush_docs(unsigned docs)
{
    if (docs == 0)
        return POLIS_ERR_INVALID_ARG;
    char v[16];
    snprintf(v, sizeof v, "%u", docs);
    // Xapian's own variable, read by every glass writer as it opens: 1.4
    // has no other way to set it.  Not overwritten: the operator's wins.
    return setenv("XAPIAN_FLUSH_THRESHOLD", v, 0) == 0 ? POLIS_OK : POLIS_ERR_NOMEM;
}

extern "C" void polis_index_close(polis_index_t *idx)
{
    if (!idx)
        return;
    try {
        // Closing a writer would commit what is pending; a writer that is
        // dropped without polis_index_commit() must lose it instead.
        if (idx->writable && idx->in_transaction)
            for (Xapian::WritableDatabase &w : idx->wshards)
                w.cancel_transaction();
        idx->db.close();
    } catch (...) {
        // Nothing to report to: the handle is going away.
    }
    delete idx;
}

extern "C" const char *polis_index_last_error(const polis_index_t *idx)
{
    return idx ? idx->last_error.c_str() : "no index handle";
}

bool shim_reopen(polis_index_t *idx)
{
    bool changed = idx->writable || idx->remote ? idx->db.reopen() : shim::reopen_shards(idx);
    if (!changed)
        return false;
    shim::parallel_reset(idx); // its children hold the old revision
    shim::spread_reset(idx);   // so do its copies
    shim::load_synonyms(idx);
    idx->spellings.clear();
    return true;
}

extern "C" polis_status_t polis_index_reopen(polis_index_t *idx)
{
    if (!idx)
        return POLIS_ERR_INVALID_ARG;
    try {
        shim_reopen(idx);
    } catch (...) {
        return shim_fail(idx, "reopen");
    }
    return POLIS_OK;
}

polis_status_t shim_need_writer(polis_index_t *idx)
{
    if (!idx)
        return POLIS_ERR_INVALID_ARG;
    if (!idx->writable)
        return shim_error(idx, POLIS_ERR_READ_ONLY, idx->path + ": opened read-only");
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_begin(polis_index_t *idx)
{
    polis_status_t st = shim_need_writer(idx);
    if (st != POLIS_OK)
        return st;
    if (idx->in_transaction)
        return shim_error(idx, POLIS_ERR_INVALID_ARG, "a transaction is already open");
    try {
        for (Xapian::WritableDatabase &w : idx->wshards)
            w.begin_transaction(true);
        idx->in_transaction = true;
    } catch (...) {
        return shim_fail(idx, "begin transaction");
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_commit(polis_index_t *idx)
{
    polis_status_t st = shim_need_writer(idx);
    if (st != POLIS_OK)
        return st;
    try {
        // Shard 0 last: it holds the files' records, so a crash between
        // two shards leaves those files to be read again by the next update.
        bool tx = idx->in_transaction;
        idx->in_transaction = false;
        for (size_t k = idx->wshards.size(); k-- > 0;) {
            if (tx)
                idx->wshards[k].commit_transaction();
            else
                idx->wshards[k].commit();
        }
    } catch (...) {
        return shim_fail(idx, "commit");
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_cancel(polis_index_t *idx)
{
    polis_status_t st = shim_need_writer(idx);
    if (st != POLIS_OK || !idx->in_transaction)
        return st;
    try {
        idx->in_transaction = false;
        for (Xapian::WritableDatabase &w : idx->wshards)
            w.cancel_transaction();
        // The schema's record went with the transaction: look again.
        idx->schema_recorded = false;
        set_synonyms(idx, idx->wdb.get_metadata(shim::kSynonymsKey));
    } catch (...) {
        return shim_fail(idx, "cancel transaction");
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_delete(polis_index_t *idx, const char *id)
{
    polis_status_t st = shim_need_writer(idx);
    if (st != POLIS_OK)
        return st;
    if (!id || !*id)
        return shim_error(idx, POLIS_ERR_INVALID_ARG, "delete: empty id");
    try {
        std::string term = std::string(shim::kUniquePrefix) + id;
        if (!idx->wdb.term_exists(term))
            return shim_error(idx, POLIS_ERR_NOT_FOUND, std::string("no document ") + id);
        idx->wdb.delete_document(term);
    } catch (...) {
        return shim_fail(idx, id);
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_set_metadata(polis_index_t *idx, const char *key,
                                                   const char *value)
{
    polis_status_t st = shim_need_writer(idx);
    if (st != POLIS_OK)
        return st;
    if (!key || !*key)
        return shim_error(idx, POLIS_ERR_INVALID_ARG, "metadata: empty key");
    try {
        shim::head(idx).set_metadata(key, value ? value : "");
    } catch (...) {
        return shim_fail(idx, key);
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_get_metadata(polis_index_t *idx, const char *key,
                                                   char **value)
{
    if (!idx || !key || !value)
        return POLIS_ERR_INVALID_ARG;
    *value = nullptr;
    try {
        return give_string(idx, idx->db.get_metadata(key), value);
    } catch (...) {
        return shim_fail(idx, key);
    }
}

extern "C" polis_status_t polis_index_set_written(polis_index_t *idx, long long when)
{
    return polis_index_set_metadata(idx, shim::kWrittenKey, std::to_string(when).c_str());
}

extern "C" polis_status_t polis_index_written(polis_index_t *idx, long long *when)
{
    if (!idx || !when)
        return POLIS_ERR_INVALID_ARG;
    *when = 0;
    try {
        std::string v = idx->db.get_metadata(shim::kWrittenKey);
        char *end = nullptr;
        long long t = v.empty() ? 0 : std::strtoll(v.c_str(), &end, 10);
        *when = end != nullptr && *end == '\0' && t > 0 ? t : 0;
    } catch (...) {
        return shim_fail(idx, shim::kWrittenKey);
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_add_synonyms(polis_index_t *idx, const char *const *phrases,
                                                   size_t n)
{
    polis_status_t st = shim_need_writer(idx);
    if (st != POLIS_OK)
        return st;
    try {
        // Groups are kept whole: the query side rewrites any phrase of a group
        // into all of them, which Xapian's single-term synonyms cannot do.
        std::string line;
        for (size_t i = 0; i < n; i++) {
            std::string f = shim::fold(phrases[i]);
            if (f.find_first_not_of(' ') == std::string::npos)
                continue;
            if (!line.empty())
                line += '\t';
            line += f;
        }
        std::string all = idx->wdb.get_metadata(shim::kSynonymsKey);
        all += line + "\n";
        shim::head(idx).set_metadata(shim::kSynonymsKey, all);
        set_synonyms(idx, all);
        idx->schema_recorded = false;
    } catch (...) {
        return shim_fail(idx, "synonyms");
    }
    return POLIS_OK;
}

extern "C" int polis_index_synonyms_indexed(polis_index_t *idx)
{
    return idx && idx->concepts_indexed ? 1 : 0;
}

extern "C" int polis_index_title_pairs_indexed(polis_index_t *idx)
{
    return idx && idx->title_pairs ? 1 : 0;
}

extern "C" int polis_index_name_phrases_indexed(polis_index_t *idx)
{
    return idx && idx->name_positions ? 1 : 0;
}

extern "C" polis_status_t polis_index_clear_synonyms(polis_index_t *idx)
{
    polis_status_t st = shim_need_writer(idx);
    if (st != POLIS_OK)
        return st;
    try {
        shim::head(idx).set_metadata(shim::kSynonymsKey, "");
        set_synonyms(idx, "");
        idx->schema_recorded = false;
    } catch (...) {
        return shim_fail(idx, "synonyms");
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_doc_count(polis_index_t *idx, unsigned long *count)
{
    if (!idx || !count)
        return POLIS_ERR_INVALID_ARG;
    try {
        *count = idx->db.get_doccount();
    } catch (...) {
        return shim_fail(idx, "document count");
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_revision(polis_index_t *idx, unsigned long *revision)
{
    if (!idx || !revision)
        return POLIS_ERR_INVALID_ARG;
    try {
        // A sharded index's is the sum of its shards': it still grows with
        // every commit, which is all a reader asks of it.
        // xapian-tcpsrv does not tell: remote shards have none (0).
        unsigned long sum = 0;
        for (size_t k = 0; !idx->remote && k < idx->shards.size(); k++)
            sum += idx->shards[k].get_revision();
        *revision = sum;
    } catch (...) {
        return shim_fail(idx, "revision");
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_get_doc(polis_index_t *idx, const char *id, char **json)
{
    if (!idx || !id || !json)
        return POLIS_ERR_INVALID_ARG;
    *json = nullptr;
    try {
        std::string term = std::string(shim::kUniquePrefix) + id;
        Xapian::PostingIterator p = idx->db.postlist_begin(term);
        if (p == idx->db.postlist_end(term))
            return shim_error(idx, POLIS_ERR_NOT_FOUND, std::string("no document ") + id);
        return give_string(idx, shim::full_json(shim::record(idx->db.get_document(*p))), json);
    } catch (...) {
        return shim_fail(idx, id);
    }
}

extern "C" polis_status_t polis_index_metadata_each(polis_index_t *idx, const char *prefix,
                                                    int (*fn)(const char *, const char *, void *),
                                                    void *ctx)
{
    if (!idx || !prefix || !fn)
        return POLIS_ERR_INVALID_ARG;
    try {
        for (auto k = idx->db.metadata_keys_begin(prefix); k != idx->db.metadata_keys_end(prefix);
             ++k) {
            std::string key = *k;
            if (fn(key.c_str(), idx->db.get_metadata(key).c_str(), ctx) != 0)
                break;
        }
    } catch (...) {
        return shim_fail(idx, "metadata");
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_index_merge(const char *const *srcs, size_t n, const char *dst,
                                            char **errmsg)
{
    return polis_index_merge_shard(srcs, n, 0, 1, dst, errmsg);
}
