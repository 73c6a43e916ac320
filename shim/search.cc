// search.cc — running a polis_query_t: parsing, filters, disjunctive facets, results.
#include <algorithm>
#include <chrono>
#include <cctype>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "spread.h"
#include "totals.h"

namespace
{

struct parsed {
    Xapian::Query query;
    std::string corrected;
};

// Only the query as typed is corrected: the passes after it parse text that
// is already the correction, or relax it, and would look the words up again.
parsed parse_text(polis_index_t *idx, const polis_query &q, const std::string &text,
                  Xapian::Query::op default_op, bool correct = false)
{
    parsed p;
    p.query = shim::parse_user_query(idx, q, text, default_op, correct ? &p.corrected : nullptr);
    return p;
}

void prepare(Xapian::Enquire &enq, const Xapian::Database &db, const polis_query &q,
             const Xapian::Query &text)
{
    shim::order(enq, db, q, text.get_type() == Xapian::Query::LEAF_MATCH_ALL);
    if (q.time_limit > 0)
        enq.set_time_limit(shim::time_left(q));
}

std::string hit_id(const Xapian::Document &doc)
{
    std::string id = doc.get_value(shim::kSlotId);
    if (!id.empty())
        return id;
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(shim::kUniquePrefix);
    if (t != doc.termlist_end() && (*t)[0] == shim::kUniquePrefix[0])
        return (*t).substr(1);
    return std::string();
}

// Folded words and stems of the query, for highlighting.
void keep_terms(polis_result &r, const polis_index_t *idx, const Xapian::Query &query)
{
    const Xapian::Stem &stem = idx->stem;
    const Xapian::Stopper &stop = shim::stopper();
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        std::string term = *t;
        if (term.empty() || term[0] == 'X' || term[0] == 'Q')
            continue;
        bool stemmed = term[0] == 'Z';
        size_t n = 0;
        while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z')
            n++;
        term.erase(0, n);
        if (term.empty() || stop(term))
            continue;
        if (stemmed) {
            r.stems.insert(term);
        } else {
            r.words.insert(term);
            r.stems.insert(stem(term));
        }
    }
}

// The prefixes of the wildcards in the user's text ("dev" for dev*), folded.
void keep_wildcards(polis_result &r, const std::string &text)
{
    size_t i = 0;
    while (i < text.size()) {
        size_t star = text.find('*', i);
        if (star == std::string::npos)
            break;
        size_t k = star;
        while (k > 0 && strchr(" \t\"(:+-", text[k - 1]) == nullptr)
            k--;
        std::string w = shim::fold(text.substr(k, star - k));
        w.erase(0, w.find_first_not_of(' '));
        if (!w.empty() && w.find(' ') == std::string::npos)
            r.prefixes.insert(w);
        i = star + 1;
    }
}

// r's total and facets counted on sets, the kind facet from kind_column
// when the ranking read it already; true when the count ran out of time.
bool count_here(polis_index_t *idx, const polis_query &q, const Xapian::Query &text,
                std::shared_ptr<const shim::column> kind_column, polis_result &r)
{
    shim::counter c(idx->db, idx->shards, idx->generation, idx->tally, shim::time_left(q));
    c.hold(POLIS_FACET_KIND, std::move(kind_column));
    shim::count_on_sets(idx, c, q, text, r);
    return c.timed_out();
}

void put_hit(polis_result &r, const Xapian::Document &doc, int percent)
{
    r.hits.push_back({ hit_id(doc), shim::record(doc), percent / 100.0 });
}

// Whether a run that started at t0 went past q's time limit.
bool late(const polis_query &q, std::chrono::steady_clock::time_point t0)
{
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return (q.time_limit > 0 && secs >= q.time_limit) || shim::out_of_time(q);
}

// One full run: hits, exact total, and every facet asked for, the page
// ranked on ranker (the shards' children, parallel.cc) or, when nullptr, in
// process.  typed: the words behind text, as the user typed them (or
// corrected), for the ranking's phrases; "" when text comes from elsewhere.
void run_ranked(polis_index_t *idx, const polis_query &q, const Xapian::Query &text,
                const std::string &typed, polis_result &r, Xapian::Database *ranker)
{
    Xapian::Enquire enq(ranker ? *ranker : idx->db);
    shim::rank_state rank;
    rank.builtin_only = ranker != nullptr;
    enq.set_query(shim::filtered(q, shim::ranked(idx, q, typed, text, rank), -1));
    prepare(enq, idx->db, q, text);
    auto t0 = std::chrono::steady_clock::now();
    Xapian::MSet mset;
    bool timed_out = false;
    if (idx->generation && !idx->writable) {
        // The matcher only finds the page; the sets count.
        mset = enq.get_mset(q.offset, q.limit);
        timed_out = count_here(idx, q, text, rank.kind_column, r);
    } else {
        shim::count_in_matcher(idx, q, text, enq, mset, r);
    }
    r.hits.clear();
    for (auto m = mset.begin(); m != mset.end(); ++m) // children's docids are the local shards'
        put_hit(r, ranker ? idx->db.get_document(*m) : m.get_document(), m.get_percent());
    r.timed_out = timed_out || late(q, t0);
}

// One full run on a sharded read handle, the page ranked on every shard at
// once (spread.h) while this thread counts on sets.  False when q is not
// ranked so: the caller runs it in process.
bool run_spread(polis_index_t *idx, const polis_query &q, const Xapian::Query &text,
                const std::string &typed, polis_result &r)
{
    auto t0 = std::chrono::steady_clock::now();
    shim::spread ranking(idx, q, typed, text);
    if (!ranking.ranks())
        return false;
    bool timed_out = count_here(idx, q, text, ranking.kind_column(), r);
    std::vector<shim::spread_hit> page;
    try {
        if (!ranking.page(page))
            return false;
    } catch (const Xapian::DatabaseModifiedError &) {
        throw; // the handle reopens and the search runs again (with_result())
    } catch (const Xapian::Error &) {
        // A copy failed where the handle may not (a table it opens lazily,
        // out of descriptors): ranked in process, copies opened anew next time.
        shim::spread_reset(idx);
        return false;
    }
    r.hits.clear();
    for (const shim::spread_hit &h : page)
        put_hit(r, idx->db.get_document(h.did), h.percent);
    r.timed_out = timed_out || late(q, t0);
    return true;
}

void run_all(polis_index_t *idx, const polis_query &q, const Xapian::Query &text,
             const std::string &typed, polis_result &r)
{
    // Remote shards count through the matcher: Xapian merges the spies'
    // counts from every xapian-tcpsrv, where sets would fetch whole posting lists.
    if (!idx->writable && !idx->remote)
        idx->generation = shim::generation_for(idx, idx->generation);
    // With sets to count on, the page may be ranked on every shard at once.
    if (Xapian::Database *ranker = idx->generation ? shim::parallel_ranker(idx) : nullptr) {
        try {
            run_ranked(idx, q, text, typed, r, ranker);
            return;
        } catch (const Xapian::Error &) {
            // A child died, timed out or failed: the search is ranked in
            // process (a fault of the query itself fails there again), and
            // the next search starts new children.
            shim::parallel_failed(idx);
        }
    }
    if (!shim::spreads(idx) || !run_spread(idx, q, text, typed, r))
        run_ranked(idx, q, text, typed, r, nullptr);
}

// Relaxing to OR is for a list of words only: a query with operators,
// phrases or fields says exactly what it wants.
bool plain_words(const std::string &text)
{
    if (text.find_first_of("\"()+-:*") != std::string::npos || shim::has_operator(text))
        return false;
    return text.find_first_not_of(" \t") != std::string::npos;
}

void search(polis_index_t *idx, const polis_query &q, polis_result &r)
{
    parsed p = parse_text(idx, q, q.text, Xapian::Query::OP_AND, true);
    run_all(idx, q, p.query, q.text, r);
    Xapian::Query used = p.query;
    if (p.corrected == q.text)
        p.corrected.clear();
    // Another pass only while the search's time is not spent.
    if (r.total == 0 && !p.corrected.empty() && plain_words(q.text) && !shim::out_of_time(q)) {
        // Nothing found as typed: answer the corrected query, and say so.
        parsed c = parse_text(idx, q, p.corrected, Xapian::Query::OP_AND);
        run_all(idx, q, c.query, p.corrected, r);
        used = c.query;
        r.used_correction = r.total > 0;
    }
    if (r.total == 0 && plain_words(q.text) && !shim::out_of_time(q)) {
        parsed o =
            parse_text(idx, q, p.corrected.empty() ? q.text : p.corrected, Xapian::Query::OP_OR);
        if (o.query.get_description() != used.get_description()) {
            run_all(idx, q, o.query, p.corrected.empty() ? q.text : p.corrected, r);
            r.relaxed = r.total > 0;
            used = o.query;
        }
    }
    r.corrected = p.corrected;
    keep_terms(r, idx, used);
    shim::keep_concept_words(r, idx, used);
    keep_wildcards(r, q.text);
}

} // namespace

namespace shim
{

void run_query(polis_index_t *idx, const polis_query &q, const Xapian::Query &query,
               polis_result &r)
{
    run_all(idx, q, query, std::string(), r);
}

void keep_query_terms(polis_result &r, const polis_index_t *idx, const Xapian::Query &query)
{
    keep_terms(r, idx, query);
}

} // namespace shim

extern "C" polis_status_t polis_index_search(polis_index_t *idx, const polis_query_t *q,
                                             polis_result_t **out)
{
    if (!idx || !q || !out)
        return POLIS_ERR_INVALID_ARG;
    *out = nullptr;
    return shim::with_result(idx, "search", out, [&](polis_result &r) {
        polis_query resolved = *q;
        shim::resolve_filters(idx, resolved, r);
        search(idx, resolved, r);
    });
}

