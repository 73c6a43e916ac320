// search.cc — running a polis_query_t: parsing, filters, disjunctive facets, results.
#include <algorithm>
#include <chrono>
#include <cctype>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "counts.h"
#include "query.h"
#include "rank.h"

namespace
{

// Counts of single values from Xapian's spy over a facet's slot, which
// counts the joined values (a document's themes, say, as one string): a
// corpus has few distinct combinations, so they are split once each.  A
// built-in spy, because remote shards (xapian-tcpsrv) run only those, and
// Xapian merges their counts.
std::unordered_map<std::string, unsigned long> split_counts(const Xapian::ValueCountMatchSpy &spy)
{
    std::unordered_map<std::string, unsigned long> counts;
    for (auto v = spy.values_begin(); v != spy.values_end(); ++v)
        shim::add_joined(counts, *v, v.get_termfreq());
    return counts;
}

constexpr unsigned kParseFlags =
    Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
    Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT |
    Xapian::QueryParser::FLAG_WILDCARD;

struct parsed {
    Xapian::Query query;
    std::string corrected;
};

parsed parse_text(polis_index_t *idx, const polis_query &q, const std::string &text,
                  Xapian::Query::op default_op)
{
    parsed p;
    p.query = shim::parse_user_query(idx, q, text, default_op, &p.corrected);
    return p;
}

Xapian::Query facet_filter(const polis_query &q, int facet)
{
    std::vector<Xapian::Query> terms;
    for (const std::string &v : q.filters[facet])
        terms.emplace_back(shim::facet_term(static_cast<polis_facet_t>(facet), v));
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// The date range of q as a query on the publication date; q has one.
Xapian::Query date_range(const polis_query &q)
{
    if (q.date_to.empty())
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, shim::kSlotPublished, q.date_from);
    if (q.date_from.empty())
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, shim::kSlotPublished, q.date_to);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, shim::kSlotPublished, q.date_from,
                         q.date_to);
}

bool has_dates(const polis_query &q)
{
    return !q.date_from.empty() || !q.date_to.empty();
}

// The text query filtered by every facet but `except` (-1: all of them).
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

void prepare(Xapian::Enquire &enq, const Xapian::Database &db, const polis_query &q,
             const Xapian::Query &text)
{
    shim::order(enq, db, q, text.get_type() == Xapian::Query::LEAF_MATCH_ALL);
    if (q.time_limit > 0)
        enq.set_time_limit(shim::time_left(q));
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
void keep_terms(polis_result &r, const Xapian::Query &query)
{
    Xapian::Stem stem("french");
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

// Exact total and facet counts on match sets (counts.h): the text's set
// crossed with each filter's, once per disjunctive facet.
void count_on_sets(shim::counter &c, const polis_query &q, const Xapian::Query &text,
                   polis_result &r)
{
    shim::docset_ptr text_set = c.match(text);
    shim::docset_ptr filter_set[POLIS_FACET_COUNT_];
    for (int f = 0; f < POLIS_FACET_COUNT_; f++)
        if (!q.filters[f].empty())
            filter_set[f] = c.match(facet_filter(q, f));
    shim::docset_ptr dates = has_dates(q) ? c.match(date_range(q)) : nullptr;
    auto under = [&](int except) {
        auto s = std::make_shared<shim::docset>(*text_set);
        for (int f = 0; f < POLIS_FACET_COUNT_; f++)
            if (f != except && filter_set[f])
                s->intersect(*filter_set[f]);
        if (dates)
            s->intersect(*dates);
        return s;
    };
    std::shared_ptr<shim::docset> all = under(-1);
    r.total = all->size();
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        r.facets[f].clear();
        if (q.count[f])
            keep_facet(r, q, f, c.facet_counts(filter_set[f] ? *under(f) : *all, f));
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
        apart.set_weighting_scheme(Xapian::BoolWeight());
        if (q.time_limit > 0)
            apart.set_time_limit(shim::time_left(q));
    }
    std::unique_ptr<Xapian::ValueCountMatchSpy> spies[POLIS_FACET_COUNT_];
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        if (q.count[f] && q.filters[f].empty()) {
            spies[f].reset(new Xapian::ValueCountMatchSpy(shim::kSlotFacetBase + f));
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
        Xapian::Enquire fe(idx->db);
        fe.set_query(filtered(q, text, f));
        fe.set_weighting_scheme(Xapian::BoolWeight()); // counting needs no ranking
        if (q.time_limit > 0)
            fe.set_time_limit(shim::time_left(q));
        Xapian::ValueCountMatchSpy spy(shim::kSlotFacetBase + f);
        fe.add_matchspy(&spy);
        fe.get_mset(0, 0, all);
        keep_facet(r, q, f, split_counts(spy));
    }
}

// One full run: hits, exact total, and every facet asked for.
// typed: the words behind text, as the user typed them (or corrected), for
// the ranking's phrases; "" when text comes from elsewhere.
void run_all(polis_index_t *idx, const polis_query &q, const Xapian::Query &text,
             const std::string &typed, polis_result &r)
{
    // Remote shards count through the matcher: Xapian merges the spies'
    // counts from every xapian-tcpsrv, where sets would fetch whole posting lists.
    if (!idx->writable && !idx->remote)
        idx->generation = shim::generation_for(idx, idx->generation);
    Xapian::Enquire enq(idx->db);
    shim::rank_state rank;
    enq.set_query(filtered(q, shim::ranked(idx, q, typed, text, rank), -1));
    prepare(enq, idx->db, q, text);
    auto t0 = std::chrono::steady_clock::now();
    Xapian::MSet mset;
    bool timed_out = false;
    if (idx->generation && !idx->writable) {
        // The matcher only finds the page; the sets count.
        mset = enq.get_mset(q.offset, q.limit);
        shim::counter c(idx->db, idx->shards, idx->generation, shim::time_left(q));
        count_on_sets(c, q, text, r);
        timed_out = c.timed_out();
    } else {
        count_in_matcher(idx, q, text, enq, mset, r);
    }
    r.hits.clear();
    for (auto m = mset.begin(); m != mset.end(); ++m) {
        Xapian::Document doc = m.get_document();
        r.hits.push_back({ hit_id(doc), doc.get_data(), m.get_percent() / 100.0 });
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.timed_out = timed_out || (q.time_limit > 0 && secs >= q.time_limit) || shim::out_of_time(q);
}

// Relaxing to OR is for a list of words only: a query with operators,
// phrases or fields says exactly what it wants.
bool plain_words(const std::string &text)
{
    if (text.find_first_of("\"()+-:*") != std::string::npos)
        return false;
    for (const char *op : { "AND", "OR", "NOT", "XOR", "NEAR" }) {
        size_t n = strlen(op);
        for (size_t at = text.find(op); at != std::string::npos; at = text.find(op, at + 1)) {
            bool left = at == 0 || text[at - 1] == ' ';
            bool right = at + n == text.size() || text[at + n] == ' ';
            if (left && right)
                return false;
        }
    }
    return text.find_first_not_of(" \t") != std::string::npos;
}

void search(polis_index_t *idx, const polis_query &q, polis_result &r)
{
    parsed p = parse_text(idx, q, q.text, Xapian::Query::OP_AND);
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
    keep_terms(r, used);
    shim::keep_concept_words(r, idx, used);
    keep_wildcards(r, q.text);
}

} // namespace

namespace shim
{

std::string readable_syntax_error(const std::string &msg)
{
    const std::string head = "Syntax: <expression> ";
    if (msg.compare(0, head.size(), head) == 0) {
        std::string op = msg.substr(head.size());
        op = op.substr(0, op.find(' '));
        return op + " needs a search term on each side";
    }
    return msg;
}

Xapian::Query parse_user_query(polis_index_t *idx, const polis_query &q, const std::string &text,
                               Xapian::Query::op default_op, std::string *corrected)
{
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        return Xapian::Query::MatchAll;
    // Xapian's parser never fails: it reads what it cannot parse as plain
    // words.  A user who left a quote open should hear so rather than get
    // the hits of something else.
    std::string why = syntax_error(text);
    if (!why.empty())
        throw Xapian::QueryParserError(why);
    polis_buf_t b = {};
    if (polis_text_fold_query(text.data(), text.size(), &b) != 0) {
        polis_buf_free(&b);
        throw std::bad_alloc();
    }
    std::string folded(b.data ? b.data : "", b.len);
    polis_buf_free(&b);
    std::string expanded = expand_synonyms(folded, idx->synonyms, idx->concepts_indexed);

    Xapian::QueryParser qp;
    qp.set_database(idx->db);
    qp.set_stemmer(Xapian::Stem("french"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_stopper(&stopper());
    qp.set_default_op(default_op);
    // The wildcards share one budget (bounds.cc).
    unsigned wildcards = count_wildcards(expanded);
    unsigned share = wildcard_share(q, wildcards);
    qp.set_max_expansion(share, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    std::string field_error;
    add_fields(qp, idx, &field_error);
    Xapian::Query query = qp.parse_query(expanded, kParseFlags);
    if (!field_error.empty())
        throw Xapian::QueryParserError(field_error);
    check_terms(q, query, wildcards, share);
    // A suggestion is only worth showing for an unknown word (spell.cc).
    if (corrected)
        *corrected = correct_words(idx->db, folded);
    if (query.empty()) // only stop words: browse rather than find nothing
        query = Xapian::Query::MatchAll;
    return query;
}

void run_query(polis_index_t *idx, const polis_query &q, const Xapian::Query &query,
               polis_result &r)
{
    run_all(idx, q, query, std::string(), r);
}

void keep_query_terms(polis_result &r, const Xapian::Query &query)
{
    keep_terms(r, query);
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
        shim::resolve_filters(idx, resolved);
        search(idx, resolved, r);
    });
}

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
