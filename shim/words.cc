// words.cc — spelling words gathered apart from an index, written once
// (polis/words.h; docs/architecture.md, "Spelling words, gathered once").
#include <algorithm>
#include <new>

#include "shim.h"

extern "C" polis_words_t *polis_words_new(void)
{
    return new (std::nothrow) polis_words;
}

extern "C" void polis_words_free(polis_words_t *w)
{
    delete w;
}

extern "C" size_t polis_words_count(const polis_words_t *w)
{
    return w ? w->freq.size() : 0;
}

extern "C" polis_status_t polis_words_gather(polis_words_t *w, polis_index_t *idx)
{
    polis_status_t st = shim_need_writer(idx);
    if (st == POLIS_OK)
        idx->gather = w;
    return st;
}

extern "C" polis_status_t polis_words_merge(polis_words_t *into, const polis_words_t *from)
{
    if (!into || !from)
        return POLIS_ERR_INVALID_ARG;
    try {
        for (const auto &kv : from->freq)
            into->freq[kv.first] += kv.second;
    } catch (...) {
        return POLIS_ERR_NOMEM;
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_words_write(const polis_words_t *w, polis_index_t *idx)
{
    if (!w)
        return POLIS_ERR_INVALID_ARG;
    polis_status_t st = shim_need_writer(idx);
    if (st != POLIS_OK)
        return st;
    try {
        Xapian::WritableDatabase &head = shim::head(idx);
        for (const auto &kv : w->freq)
            head.add_spelling(kv.first, kv.second);
    } catch (...) {
        return shim_fail(idx, "spelling words");
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_words_read(polis_words_t *w, polis_index_t *idx)
{
    if (!w || !idx)
        return POLIS_ERR_INVALID_ARG;
    try {
        for (auto it = idx->db.spellings_begin(); it != idx->db.spellings_end(); ++it)
            w->freq[*it] += it.get_termfreq();
    } catch (...) {
        return shim_fail(idx, "spelling words");
    }
    return POLIS_OK;
}

extern "C" char *polis_words_dump(const polis_words_t *w)
{
    if (!w)
        return nullptr;
    try {
        std::vector<const std::pair<const std::string, Xapian::termcount> *> v;
        v.reserve(w->freq.size());
        for (const auto &kv : w->freq)
            v.push_back(&kv);
        std::sort(v.begin(), v.end(), [](const auto *a, const auto *b) { return a->first < b->first; });
        std::string out;
        for (const auto *kv : v)
            out += kv->first + ' ' + std::to_string(kv->second) + '\n';
        return shim::c_copy(out);
    } catch (...) {
        return nullptr;
    }
}
