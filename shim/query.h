// query.h — the query and result structs behind the opaque handles (shim only).
#ifndef POLIS_SHIM_QUERY_H
#define POLIS_SHIM_QUERY_H

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "shim.h"

struct polis_query {
    std::string text;
    std::vector<std::string> filters[POLIS_FACET_COUNT_];
    std::string date_from, date_to; // "YYYYMMDD" or ""
    polis_sort_t sort = POLIS_SORT_RELEVANCE;
    unsigned offset = 0, limit = 10;
    bool count[POLIS_FACET_COUNT_] = {};
    unsigned max_values[POLIS_FACET_COUNT_] = {};
    double time_limit = 0;
};

struct polis_hit {
    std::string id, data;
    double score = 0;
};

struct polis_result {
    unsigned long total = 0;
    std::vector<polis_hit> hits;
    std::string corrected;
    bool relaxed = false, timed_out = false, used_correction = false;
    std::vector<std::pair<std::string, unsigned long>> facets[POLIS_FACET_COUNT_];
    // What highlighting matches: folded words and their French stems.
    std::set<std::string> words, stems;
};

namespace shim {

// Rewrite folded query text so that a phrase of a synonym group matches any
// phrase of that group: "qpv" -> (qpv OR "quartier prioritaire ...").
std::string expand_synonyms(const std::string &folded, const synonym_groups &groups);

} // namespace shim

#endif
