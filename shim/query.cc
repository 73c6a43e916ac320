// query.cc — polis_query_t: what a search asks for, and how it becomes a Xapian::Query.
#include <cstring>

#include "query.h"

extern "C" polis_query_t *polis_query_new(void)
{
    try {
        return new polis_query;
    } catch (...) {
        return nullptr;
    }
}

extern "C" void polis_query_free(polis_query_t *q)
{
    delete q;
}

extern "C" polis_status_t polis_query_set_text(polis_query_t *q, const char *text)
{
    if (!q)
        return POLIS_ERR_INVALID_ARG;
    try {
        q->text = text ? text : "";
    } catch (...) {
        return POLIS_ERR_NOMEM;
    }
    return POLIS_OK;
}

extern "C" polis_status_t polis_query_add_filter(polis_query_t *q, polis_facet_t facet,
                                                 const char *value)
{
    if (!q || (unsigned)facet >= POLIS_FACET_COUNT_ || !value || !*value)
        return POLIS_ERR_INVALID_ARG;
    try {
        for (const std::string &v : q->filters[facet])
            if (v == value)
                return POLIS_OK;
        q->filters[facet].push_back(value);
    } catch (...) {
        return POLIS_ERR_NOMEM;
    }
    return POLIS_OK;
}

static bool is_ymd(const char *s)
{
    if (strlen(s) != 8)
        return false;
    for (int i = 0; i < 8; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

extern "C" polis_status_t polis_query_set_date_range(polis_query_t *q, const char *from,
                                                     const char *to)
{
    if (!q || (from && !is_ymd(from)) || (to && !is_ymd(to)))
        return POLIS_ERR_INVALID_ARG;
    q->date_from = from ? from : "";
    q->date_to = to ? to : "";
    return POLIS_OK;
}

extern "C" polis_status_t polis_query_set_sort(polis_query_t *q, polis_sort_t sort)
{
    if (!q || sort < POLIS_SORT_RELEVANCE || sort > POLIS_SORT_DATE_ASC)
        return POLIS_ERR_INVALID_ARG;
    q->sort = sort;
    return POLIS_OK;
}

extern "C" polis_status_t polis_query_set_range(polis_query_t *q, unsigned offset, unsigned limit)
{
    if (!q)
        return POLIS_ERR_INVALID_ARG;
    q->offset = offset;
    q->limit = limit;
    return POLIS_OK;
}

extern "C" polis_status_t polis_query_count_facet(polis_query_t *q, polis_facet_t facet,
                                                  unsigned max_values)
{
    if (!q || (unsigned)facet >= POLIS_FACET_COUNT_)
        return POLIS_ERR_INVALID_ARG;
    q->count[facet] = true;
    q->max_values[facet] = max_values;
    return POLIS_OK;
}

extern "C" polis_status_t polis_query_set_max_expansion(polis_query_t *q, unsigned max_terms)
{
    if (!q)
        return POLIS_ERR_INVALID_ARG;
    q->max_expansion = max_terms;
    return POLIS_OK;
}

extern "C" polis_status_t polis_query_set_max_terms(polis_query_t *q, unsigned max_terms)
{
    if (!q)
        return POLIS_ERR_INVALID_ARG;
    q->max_terms = max_terms;
    return POLIS_OK;
}

extern "C" polis_status_t polis_query_set_time_limit(polis_query_t *q, double seconds)
{
    if (!q || seconds < 0)
        return POLIS_ERR_INVALID_ARG;
    q->time_limit = seconds;
    return POLIS_OK;
}

namespace shim
{

// Whole-word occurrence of phrase in folded query text, outside quotes.
static size_t find_words(const std::string &text, const std::string &phrase, size_t from)
{
    auto is_word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c & 0x80);
    };
    for (size_t at = text.find(phrase, from); at != std::string::npos;
         at = text.find(phrase, at + 1)) {
        size_t end = at + phrase.size();
        bool left = at == 0 || !is_word(text[at - 1]);
        bool right = end == text.size() || !is_word(text[end]);
        size_t quotes = 0;
        for (size_t i = 0; i < at; i++)
            quotes += text[i] == '"';
        // A field prefix ("title:") applies to the word after it: leave those.
        bool prefixed = at > 0 && text[at - 1] == ':';
        if (left && right && quotes % 2 == 0 && !prefixed)
            return at;
    }
    return std::string::npos;
}

std::string expand_synonyms(const std::string &folded, const synonym_groups &groups,
                            bool as_concepts)
{
    std::string out = folded;
    for (size_t g = 0; g < groups.size(); g++) {
        const auto &group = groups[g];
        for (const std::string &phrase : group) {
            size_t at = find_words(out, phrase, 0);
            if (at == std::string::npos)
                continue;
            // Any phrase of the group stands for all of them: their concept
            // term when the documents carry it, else the phrases themselves.
            std::string alt;
            if (as_concepts) {
                // Single words stay too: the parser stems them, and a
                // concept is found by exact words ("activateurs" is not
                // "activateur" there, but both stem alike).
                alt = "(" + std::string(kConceptField) + ":" + std::to_string(g);
                for (const std::string &p : group)
                    if (p.find(' ') == std::string::npos)
                        alt += " OR " + p;
                alt += ")";
            } else {
                alt = "(";
                for (size_t i = 0; i < group.size(); i++) {
                    if (i)
                        alt += " OR ";
                    bool multi = group[i].find(' ') != std::string::npos;
                    alt += multi ? "\"" + group[i] + "\"" : group[i];
                }
                alt += ")";
            }
            out.replace(at, phrase.size(), alt);
            break; // one rewrite per group keeps the query bounded
        }
    }
    return out;
}

void keep_concept_words(polis_result &r, const polis_index_t *idx, const Xapian::Query &query)
{
    const Xapian::Stem &stem = idx->stem;
    const Xapian::Stopper &stop = stopper();
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        const std::string &term = *t;
        if (term.compare(0, strlen(kConceptPrefix), kConceptPrefix) != 0)
            continue;
        for (size_t g = 0; g < idx->concepts.terms.size(); g++) {
            if (idx->concepts.terms[g] != term)
                continue;
            for (const std::string &phrase : idx->synonyms[g])
                for (const std::string &w : folded_words(phrase))
                    if (!stop(w)) {
                        r.words.insert(w);
                        r.stems.insert(stem(w));
                    }
        }
    }
}

} // namespace shim
