// result.cc — reading a polis_result_t: hits, totals, facets, corrections.
#include "query.h"

extern "C" void polis_result_free(polis_result_t *r)
{
    delete r;
}

extern "C" unsigned long polis_result_total(const polis_result_t *r)
{
    return r->total;
}

extern "C" size_t polis_result_size(const polis_result_t *r)
{
    return r->hits.size();
}

extern "C" const char *polis_result_id(const polis_result_t *r, size_t i)
{
    return r->hits[i].id.c_str();
}

extern "C" const char *polis_result_data(const polis_result_t *r, size_t i)
{
    return r->hits[i].data.c_str();
}

extern "C" const char *polis_result_body(const polis_result_t *r, size_t i)
{
    const std::string &data = r->hits[i].data;
    size_t nul = data.find('\0');
    return nul == std::string::npos ? "" : data.c_str() + nul + 1;
}

extern "C" double polis_result_score(const polis_result_t *r, size_t i)
{
    return r->hits[i].score;
}

extern "C" const char *polis_result_corrected(const polis_result_t *r)
{
    return r->corrected.empty() ? nullptr : r->corrected.c_str();
}

extern "C" const char *polis_result_filter(const polis_result_t *r, polis_facet_t facet,
                                           const char *given)
{
    if (!r || (unsigned)facet >= POLIS_FACET_COUNT_ || !given)
        return nullptr;
    for (const auto &f : r->filters[facet])
        if (f.first == given)
            return f.second.c_str();
    return nullptr;
}

extern "C" int polis_result_relaxed(const polis_result_t *r)
{
    return r->relaxed;
}

extern "C" int polis_result_used_correction(const polis_result_t *r)
{
    return r->used_correction;
}

extern "C" int polis_result_timed_out(const polis_result_t *r)
{
    return r->timed_out;
}

extern "C" size_t polis_result_facet_size(const polis_result_t *r, polis_facet_t facet)
{
    return (unsigned)facet < POLIS_FACET_COUNT_ ? r->facets[facet].size() : 0;
}

extern "C" void polis_result_facet_value(const polis_result_t *r, polis_facet_t facet, size_t i,
                                         const char **value, unsigned long *count)
{
    const auto &e = r->facets[facet][i];
    *value = e.first.c_str();
    *count = e.second;
}
