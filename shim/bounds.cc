// bounds.cc — what one query may cost: its wildcards' expansion in all, its
// terms once expanded, and one time limit for the whole search.
//
// Xapian bounds a wildcard alone (QueryParser::set_max_expansion); a query
// of many (a* OR b* OR ... OR z*) would multiply the bound.  The budget is
// shared instead: each of n wildcards gets budget / n of its most frequent
// terms.  The time limit likewise covers every pass a search makes (the
// text, its correction, its relaxed form, the counting), not each.
#include "query.h"

namespace shim
{

void start_clock(polis_query &q)
{
    if (q.time_limit > 0)
        q.deadline = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(q.time_limit));
}

double time_left(const polis_query &q)
{
    if (q.time_limit <= 0)
        return 0;
    if (q.deadline == std::chrono::steady_clock::time_point{})
        return q.time_limit;
    double left =
        std::chrono::duration<double>(q.deadline - std::chrono::steady_clock::now()).count();
    return left > 1e-6 ? left : 1e-6;
}

bool out_of_time(const polis_query &q)
{
    return q.time_limit > 0 && q.deadline != std::chrono::steady_clock::time_point{} &&
           std::chrono::steady_clock::now() >= q.deadline;
}

unsigned count_wildcards(const std::string &text)
{
    // A '*' ending a word: what FLAG_WILDCARD reads as a wildcard.
    unsigned n = 0;
    for (size_t i = 1; i < text.size(); i++) {
        unsigned char before = static_cast<unsigned char>(text[i - 1]);
        if (text[i] == '*' && before != '*' && before > ' ' && before != '(' && before != '"')
            n++;
    }
    return n;
}

unsigned wildcard_share(const polis_query &q, unsigned n)
{
    unsigned budget = q.max_expansion ? q.max_expansion : kDefaultMaxExpansion;
    if (n == 0)
        return budget;
    if (n > budget)
        throw Xapian::QueryParserError("the query has more than " + std::to_string(budget) +
                                       " wildcards (*)");
    return budget / n;
}

void check_terms(const polis_query &q, const Xapian::Query &query, unsigned n_wildcards,
                 unsigned share)
{
    if (q.max_terms == 0)
        return;
    unsigned long terms = static_cast<unsigned long>(n_wildcards) * share;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
        terms++;
    if (terms > q.max_terms)
        throw Xapian::QueryParserError(
            "the query holds more than " + std::to_string(q.max_terms) +
            " terms once its synonyms and wildcards are counted: use fewer words or longer "
            "prefixes before *");
}

} // namespace shim
