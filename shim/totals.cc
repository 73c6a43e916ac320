// totals.cc — a query's exact total and facet counts (see totals.h).
#include "totals.h"

#include <algorithm>
#include <unordered_map>

namespace shim
{

namespace
{

// Add n to each single value of a joined facet value (values split on kFacetSep).
void add_joined(std::unordered_map<std::string, unsigned long> &counts, const std::string &joined,
                unsigned long n)
{
    size_t start = 0;
    while (start < joined.size()) {
        size_t end = joined.find(kFacetSep, start);
        if (end == std::string::npos)
            end = joined.size();
        counts[joined.substr(start, end - start)] += n;
        start = end + 1;
    }
}

// Counts of single values from Xapian's spy over a facet's slot, which
// counts the joined values (a document's themes, say, as one string): a
// corpus has few distinct combinations, so they are split once each.  A
// built-in spy, because remote shards (xapian-tcpsrv) run only those, and
// Xapian merges their counts.
std::unordered_map<std::string, unsigned long> split_counts(const Xapian::ValueCountMatchSpy &spy)
{
    std::unordered_map<std::string, unsigned long> counts;
    for (auto v = spy.values_begin(); v != spy.values_end(); ++v)
        add_joined(counts, *v, v.get_termfreq());
    return counts;
}

void keep_facet(polis_result &r, const polis_query &q, int f,
                const std::unordered_map<std::string, unsigned long> &counts)
{
    auto &out = r.facets[f];
    out.assign(counts.begin(), counts.end());
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (q.max_values[f] && out.size() > q.max_values[f])
        out.resize(q.max_values[f]);
    // A value the user selected stays listed, so it can be unticked.
    for (const std::string &v : q.filters[f]) {
        bool listed =
            std::any_of(out.begin(), out.end(), [&](const auto &e) { return e.first == v; });
        if (!listed) {
            auto it = counts.find(v);
            out.emplace_back(v, it == counts.end() ? 0 : it->second);
        }
    }
}

// Facet f counted through the matcher, under the filters of the other
// facets: a pass of its own, unranked.
void count_facet_in_matcher(polis_index_t *idx, const polis_query &q, const Xapian::Query &text,
                            int f, polis_result &r)
{
    Xapian::Enquire fe(idx->db);
    fe.set_query(filtered(q, text, f));
    fe.set_weighting_scheme(counting_weight()); // counting needs no ranking
    if (q.time_limit > 0)
        fe.set_time_limit(time_left(q));
    Xapian::ValueCountMatchSpy spy(kSlotFacetBase + f);
    fe.add_matchspy(&spy);
    fe.get_mset(0, 0, idx->db.get_doccount());
    keep_facet(r, q, f, split_counts(spy));
}

} // namespace

Xapian::Query facet_filter(const polis_query &q, int facet)
{
    std::vector<Xapian::Query> terms;
    for (const std::string &v : q.filters[facet])
        terms.emplace_back(facet_term(static_cast<polis_facet_t>(facet), v));
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query date_range(const polis_query &q)
{
    if (q.date_to.empty())
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, kSlotPublished, q.date_from);
    if (q.date_from.empty())
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, kSlotPublished, q.date_to);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kSlotPublished, q.date_from,
                         q.date_to);
}

bool has_dates(const polis_query &q)
{
    return !q.date_from.empty() || !q.date_to.empty();
}

Xapian::Query filtered(const polis_query &q, const Xapian::Query &text, int except)
{
    Xapian::Query out = text;
    for (int f = 0; f < POLIS_FACET_COUNT_; f++)
        if (f != except && !q.filters[f].empty())
            out = Xapian::Query(Xapian::Query::OP_FILTER, out, facet_filter(q, f));
    if (has_dates(q))
        out = Xapian::Query(Xapian::Query::OP_FILTER, out, date_range(q));
    return out;
}

void count_on_sets(polis_index_t *idx, counter &c, const polis_query &q, const Xapian::Query &text,
                   polis_result &r)
{
    docset_ptr text_set = c.match(text);
    docset_ptr filter_set[POLIS_FACET_COUNT_];
    for (int f = 0; f < POLIS_FACET_COUNT_; f++)
        if (!q.filters[f].empty())
            filter_set[f] = c.match(facet_filter(q, f));
    docset_ptr dates = has_dates(q) ? c.match(date_range(q)) : nullptr;
    auto under = [&](int except) {
        docset_ptr s = text_set;
        std::shared_ptr<docset> crossed;
        auto cross = [&](const docset &with) {
            if (!crossed)
                crossed = std::make_shared<docset>(*s);
            crossed->intersect(with);
        };
        for (int f = 0; f < POLIS_FACET_COUNT_; f++)
            if (f != except && filter_set[f])
                cross(*filter_set[f]);
        if (dates)
            cross(*dates);
        return crossed ? docset_ptr(crossed) : s;
    };
    docset_ptr all = under(-1);
    r.total = all->size();
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        r.facets[f].clear();
        if (!q.count[f])
            continue;
        docset_ptr s = filter_set[f] ? under(f) : all;
        if (!c.facet_counts(*s, f, q.max_values[f], q.filters[f], r.facets[f]))
            count_facet_in_matcher(idx, q, text, f, r);
    }
}

// Exact total and facet counts from Xapian's matcher: every match weighed
// and shown to the facet spies.  A writer's path (its uncommitted changes
// are in no cached set), and every handle's when sets are off.
void count_in_matcher(polis_index_t *idx, const polis_query &q, const Xapian::Query &text,
                      Xapian::Enquire &enq, Xapian::MSet &mset, polis_result &r)
{
    Xapian::doccount all = idx->db.get_doccount();
    // Over remote shards Xapian 1.4 miscounts a spy on a page sorted by
    // value (documents seen twice): remote spies count in a pass of their own.
    Xapian::Enquire apart(idx->db);
    Xapian::Enquire &counting = idx->remote ? apart : enq;
    if (idx->remote) {
        apart.set_query(filtered(q, text, -1));
        apart.set_weighting_scheme(counting_weight());
        if (q.time_limit > 0)
            apart.set_time_limit(time_left(q));
    }
    std::unique_ptr<Xapian::ValueCountMatchSpy> spies[POLIS_FACET_COUNT_];
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        if (q.count[f] && q.filters[f].empty()) {
            spies[f].reset(new Xapian::ValueCountMatchSpy(kSlotFacetBase + f));
            counting.add_matchspy(spies[f].get());
        }
    }
    mset = enq.get_mset(q.offset, q.limit, all);
    r.total = mset.get_matches_estimated();
    if (idx->remote)
        apart.get_mset(0, 0, all);
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        r.facets[f].clear();
        if (!q.count[f])
            continue;
        if (spies[f]) {
            keep_facet(r, q, f, split_counts(*spies[f]));
            continue;
        }
        // Disjunctive count: this facet under the other facets' filters only.
        count_facet_in_matcher(idx, q, text, f, r);
    }
}

} // namespace shim
