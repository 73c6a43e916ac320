// query.h — the query and result structs behind the opaque handles (shim only).
#ifndef POLIS_SHIM_QUERY_H
#define POLIS_SHIM_QUERY_H

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
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
    unsigned max_expansion = 0; // for all the wildcards of the text; 0: kDefaultMaxExpansion
    unsigned max_terms = 0;     // of the parsed query, wildcards expanded; 0: no bound
    // When time_limit runs out for the whole search (start_clock()); unset
    // (epoch): each pass through the matcher gets time_limit.
    std::chrono::steady_clock::time_point deadline{};
};

struct polis_hit {
    std::string id, data;
    double score = 0;
};

namespace shim
{
// What highlighting learnt of a result's words (marks.cc): the stems
// of the words it marks, numbered as met, so that each hit tells its
// matches apart by stem.  Whether a word is marked is kept in the thread's
// cache of word forms, tagged with the result's serial number.  Used on the
// thread that reads the result, as the result itself.
struct word_memo {
    uint64_t serial = 0;            // 0 until the first highlight
    std::vector<std::string> stems; // of the marked words, by number
};
} // namespace shim

struct polis_result {
    unsigned long total = 0;
    std::vector<polis_hit> hits;
    std::string corrected;
    bool relaxed = false, timed_out = false, used_correction = false;
    std::vector<std::pair<std::string, unsigned long>> facets[POLIS_FACET_COUNT_];
    // The query's filters as given, each with the value it names
    // (resolve_filters()).
    std::vector<std::pair<std::string, std::string>> filters[POLIS_FACET_COUNT_];
    // What highlighting matches: folded words and their French stems.
    std::set<std::string> words, stems;
    // Folded prefixes of the query's wildcards ("dev" for dev*): Xapian
    // expands them inside the match, so their terms are not in the query.
    std::set<std::string> prefixes;
    mutable shim::word_memo memo;
};

namespace shim
{

// Xapian's own syntax messages name grammar rules ("Syntax: <expression> AND
// <expression>"); the same said in a user's words (search.cc).
std::string readable_syntax_error(const std::string &msg);

// Make a result with fill(result) and give it to *out.  When a writer moved
// the index on under the reader (Xapian's DatabaseModifiedError), reopen at
// the latest revision and fill a fresh result once more.  A query syntax
// error is POLIS_ERR_BAD_QUERY with a readable message; any other error is
// mapped by shim_fail(), naming what.
template <class Fill>
polis_status_t with_result(polis_index_t *idx, const char *what, polis_result_t **out, Fill fill)
{
    for (int attempt = 0;; attempt++) {
        try {
            std::unique_ptr<polis_result> r(new polis_result);
            fill(*r);
            *out = r.release();
            return POLIS_OK;
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt == 0) {
                try {
                    shim_reopen(idx);
                    continue;
                } catch (...) {
                    return shim_fail(idx, what);
                }
            }
            return shim_fail(idx, what);
        } catch (const Xapian::QueryParserError &e) {
            return shim_error(idx, POLIS_ERR_BAD_QUERY, readable_syntax_error(e.get_msg()));
        } catch (...) {
            return shim_fail(idx, what);
        }
    }
}

// Terms a wildcard expands to when the query does not say.
constexpr unsigned kDefaultMaxExpansion = 200;

// Parse the user's text into a Xapian query (folded, synonyms expanded, the
// field prefixes and filters of the query language).  corrected receives
// Xapian's spelling suggestion for an unknown word, when asked.  Throws
// Xapian::QueryParserError with a readable message on a syntax error.
Xapian::Query parse_user_query(polis_index_t *idx, const polis_query &q, const std::string &text,
                               Xapian::Query::op default_op, std::string *corrected);

// Run query (the parsed text, or any query) under q's filters, date range,
// sort, range and facets into r: hits, exact total, facet counts.
void run_query(polis_index_t *idx, const polis_query &q, const Xapian::Query &query,
               polis_result &r);

// Remember the words and stems of query in r, for highlighting.
void keep_query_terms(polis_result &r, const polis_index_t *idx, const Xapian::Query &query);

// "" when text is well-formed for the query language, else why not, in
// words a user understands ("the quote opened at character 5 is not closed").
std::string syntax_error(const std::string &text);

// Whether text, as typed, holds an operator of the query language: a word
// (between spaces or tabs) that is AND, OR, NOT, XOR, NEAR or ADJ, or
// NEAR/n or ADJ/n.  A query with one says how its words combine.
bool has_operator(const std::string &text);

// The query language's fields, the one list the parser, the syntax check
// and the phrase readings (parse.cc) read.  A search field holds words (its
// terms are the text's, under a prefix); a filter names a facet's value.
struct search_field {
    const char *name;
    const char *prefix;
};
constexpr search_field kSearchFields[] = { { "title", kTitlePrefix },
                                           { "author", kAuthorPrefix },
                                           { "place", kPlacePrefix } };
constexpr polis_facet_t kFilterFields[] = { POLIS_FACET_THEME, POLIS_FACET_TYPE,
                                            POLIS_FACET_KIND, POLIS_FACET_YEAR };

// Whether name (without its ':') is one of kSearchFields.
bool is_search_field(std::string_view name);
// Whether name (without its ':') is the name of one of kFilterFields.
bool is_filter_field(std::string_view name);

// Add the fields of the query language to qp: free-text prefixes and the
// filters theme:, type:, kind:, year:, which accept labels and ids loosely.
// A filter value that matches nothing sets *error (when still empty) to
// why; *error must outlive qp's parses, and the caller reports it.
void add_fields(Xapian::QueryParser &qp, polis_index_t *idx, std::string *error);

// Make q's theme, type and kind filters the facet values they name: a
// value as it is, else (themes) the theme of that id, label or alias, or a
// value equal once slugged; and keep in r each filter as given with the
// value it names (polis_result_filter()).  Throws Xapian::QueryParserError
// naming a value that names nothing ("theme: no theme is called "x"").
void resolve_filters(polis_index_t *idx, polis_query &q, polis_result &r);

// The folded words of text (letters and digits), in order.
std::vector<std::string> folded_words(const std::string &text);

// The query language's field for a concept by group number; only
// expand_synonyms() writes it.
constexpr const char *kConceptField = "polisconcept";

// Rewrite folded query text so that a phrase of a synonym group matches any
// phrase of that group: "qpv" -> (qpv OR "quartier prioritaire ..."), or,
// as_concepts, the group's concept term (polisconcept:N).
std::string expand_synonyms(const std::string &folded, const synonym_groups &groups,
                            bool as_concepts);

// folded with its words that no document holds replaced by their nearest
// spelling in the index (spell.cc); "" when there is none to correct.
std::string correct_words(const polis_index_t *idx, const std::string &folded);

// Remember for highlighting the words of the synonym groups whose concept
// terms query holds.
void keep_concept_words(polis_result &r, const polis_index_t *idx, const Xapian::Query &query);

// ---- Bounds on one query's cost (bounds.cc) ----

// Start q's time limit for a whole search: every pass through the matcher
// after this shares what is left of it.
void start_clock(polis_query &q);

// Seconds left for the next pass through the matcher, for
// Enquire::set_time_limit(): 0 when q has no limit, else at least a
// microsecond (0 would mean none).
double time_left(const polis_query &q);

// True when q's whole-search time limit has run out.
bool out_of_time(const polis_query &q);

// The wildcards (dev*) of query text as the parser reads them.
unsigned count_wildcards(const std::string &text);

// Terms each of n wildcards may expand to, so that together they expand to
// at most q's budget (max_expansion); the most frequent are kept.  Throws
// Xapian::QueryParserError when there are more wildcards than the budget.
unsigned wildcard_share(const polis_query &q, unsigned n);

// Throw Xapian::QueryParserError when query, with n_wildcards expanding to
// share terms each, holds more than q.max_terms terms.
void check_terms(const polis_query &q, const Xapian::Query &query, unsigned n_wildcards,
                 unsigned share);

} // namespace shim

#endif
