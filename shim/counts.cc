// counts.cc — match sets of a query, generations, facet columns from the cache (see counts.h).
#include "counts.h"

#include "threads.h"

#include <algorithm>
#include <unordered_map>

namespace shim
{

namespace
{

// Never destroyed, as the cache: a handle may close after static destructors.
std::mutex &registry_mu()
{
    static auto *m = new std::mutex;
    return *m;
}

std::unordered_map<std::string, std::weak_ptr<generation>> &registry()
{
    static auto *r = new std::unordered_map<std::string, std::weak_ptr<generation>>;
    return *r;
}

// Collects the docid of every match: the matcher's unranked walk, for the
// operators a set cannot express.  A spy sees a shard's own docids, so
// a sharded index is walked shard by shard, each docid turned into the
// index's: shard k of n holds the index's (d - 1) * n + k + 1.
class docid_spy : public Xapian::MatchSpy
{
  public:
    docid_spy(std::vector<uint32_t> &ids, Xapian::docid n, Xapian::docid k) : ids_(ids), n_(n), k_(k)
    {
    }
    void operator()(const Xapian::Document &doc, double) override
    {
        ids_.push_back((doc.get_docid() - 1) * n_ + k_ + 1);
    }

  private:
    std::vector<uint32_t> &ids_;
    Xapian::docid n_, k_;
};

// A posting list of fewer documents than this is read in the caller's
// thread.  Here a thread's start and join took 50 us, and a posting 15 to
// 35 ns to read (100,000 documents): halving 20,000 postings saves 150 us
// or more.
constexpr Xapian::doccount kParallelPostings = 20000;

} // namespace

generation::~generation()
{
    cache::drop(key_);
    std::lock_guard<std::mutex> lock(registry_mu());
    auto it = registry().find(key_);
    if (it != registry().end() && it->second.expired())
        registry().erase(it);
}

int generation::shard_of(const std::string &uuid) const
{
    for (size_t k = 0; k < shard_uuids_.size(); k++)
        if (shard_uuids_[k] == uuid)
            return int(k);
    return -1;
}

std::shared_ptr<const column> generation::facet(const Xapian::Database &db, int f)
{
    std::string key = key_ + "\nf" + std::to_string(f);
    if (auto hit = cache::find(key))
        return std::static_pointer_cast<const column>(hit);
    std::lock_guard<std::mutex> lock(mu_);
    if (auto hit = cache::find(key)) // another handle read it meanwhile
        return std::static_pointer_cast<const column>(hit);
    auto c = std::make_shared<const column>(db, kSlotFacetBase + Xapian::valueno(f), last_);
    // Every count of the facet reads its column: it may take half the budget.
    if (!cache::put(key, c, cache::limit() / 2))
        return nullptr;
    return c;
}

std::shared_ptr<generation> generation_for(const polis_index_t *idx,
                                           std::shared_ptr<generation> held)
{
    if (cache::limit() == 0)
        return nullptr;
    std::string key = revision_key(idx);
    if (held && held->key() == key)
        return held;
    held.reset(); // before the lock: it may be the last owner, whose destructor locks
    std::lock_guard<std::mutex> lock(registry_mu());
    std::shared_ptr<generation> g = registry()[key].lock();
    if (!g) {
        std::vector<std::string> uuids;
        for (const Xapian::Database &s : idx->shards)
            uuids.push_back(s.get_uuid());
        g = std::make_shared<generation>(key, idx->db.get_lastdocid(), std::move(uuids));
        registry()[key] = g;
    }
    return g;
}

docset_ptr counter::term(const std::string &t)
{
    std::string key = gen_->key() + "\nt" + t;
    if (auto hit = cache::find(key))
        return std::static_pointer_cast<const docset>(hit);
    // Each shard's posting list, its docids turned into the index's: shard
    // k of n holds the index's (d - 1) * n + k + 1.  A shard that is itself
    // several databases (a stub of stubs, which Polis never writes) would
    // number otherwise: such an index is read as one list.
    const bool by_shard = db_.size() == shards_.size();
    const unsigned n = by_shard ? unsigned(shards_.size()) : 1;
    const Xapian::docid last = gen_->last();
    std::vector<std::vector<uint32_t>> ids(n);
    unsigned threads = by_shard && db_.get_termfreq(t) >= kParallelPostings ? shard_threads(n) : 1;
    on_shards(n, threads, [&](unsigned k, unsigned) {
        const Xapian::Database &shard = by_shard ? shards_[k] : db_;
        ids[k].reserve(shard.get_termfreq(t));
        for (auto p = shard.postlist_begin(t); p != shard.postlist_end(t); ++p) {
            Xapian::docid d = (*p - 1) * n + k + 1;
            if (d <= last)
                ids[k].push_back(d);
        }
    });
    auto set = std::make_shared<docset>();
    for (const std::vector<uint32_t> &v : ids)
        set->add_many(v.data(), v.size());
    set->optimize();
    cache::put(key, set);
    return set;
}

docset_ptr counter::through_matcher(const Xapian::Query &query)
{
    const std::string serialised = query.serialise();
    std::string key = gen_->key() + "\nq" + serialised;
    if (auto hit = cache::find(key))
        return std::static_pointer_cast<const docset>(hit);
    const unsigned n = unsigned(shards_.size());
    std::vector<std::vector<uint32_t>> ids(n);
    // Shard k's matches, as the index's docids.
    auto walk = [&](unsigned k, const Xapian::Query &q) {
        // Xapian matches a sharded index shard by shard too: a wildcard
        // expands, and an elite set picks its terms, within each.
        Xapian::Enquire enq(shards_[k]);
        enq.set_query(q);
        // Unranked is cheaper, but an elite set picks its terms by weight.
        if (q.get_type() != Xapian::Query::OP_ELITE_SET)
            enq.set_weighting_scheme(counting_weight());
        // The passes of one count share its time limit.
        double left =
            std::chrono::duration<double>(deadline_ - std::chrono::steady_clock::now()).count();
        if (time_limit_ > 0)
            enq.set_time_limit(left > 1e-6 ? left : 1e-6);
        docid_spy spy(ids[k], n, k);
        enq.add_matchspy(&spy);
        enq.get_mset(0, 0, shards_[k].get_doccount());
    };
    // The shards are walked at once, whatever the part's size: what comes
    // here is mostly a phrase, checked position by position in every
    // document holding its words, most of a phrase search's time at a
    // million documents.  Each thread has a query of its own (on_shards()).
    unsigned threads = shard_threads(n);
    std::vector<Xapian::Query> own(threads);
    own[0] = query;
    for (unsigned t = 1; t < threads; t++)
        own[t] = Xapian::Query::unserialise(serialised);
    on_shards(n, threads, [&](unsigned k, unsigned t) { walk(k, own[t]); });
    auto set = std::make_shared<docset>();
    for (const std::vector<uint32_t> &v : ids)
        set->add_many(v.data(), v.size());
    if (time_limit_ > 0 && std::chrono::steady_clock::now() >= deadline_) {
        timed_out_ = true; // a partial set: used once, never kept
    } else {
        set->optimize();
        cache::put(key, set);
    }
    return set;
}

docset_ptr counter::match(const Xapian::Query &query)
{
    using Q = Xapian::Query;
    size_t n = query.get_num_subqueries();
    switch (query.get_type()) {
    case Q::LEAF_TERM: return term(*query.get_terms_begin());
    case Q::LEAF_MATCH_ALL: return term(std::string());
    case Q::LEAF_MATCH_NOTHING: return std::make_shared<docset>();
    case Q::OP_SCALE_WEIGHT:
    case Q::OP_AND_MAYBE: // the optional part only weighs
        return match(query.get_subquery(0));
    case Q::OP_AND:
    case Q::OP_FILTER:
    case Q::OP_OR:
    case Q::OP_SYNONYM:
    case Q::OP_MAX:
    case Q::OP_XOR:
    case Q::OP_AND_NOT: {
        if (n == 0)
            break;
        auto out = std::make_shared<docset>(*match(query.get_subquery(0)));
        for (size_t i = 1; i < n; i++) {
            docset_ptr s = match(query.get_subquery(i));
            switch (query.get_type()) {
            case Q::OP_AND:
            case Q::OP_FILTER: out->intersect(*s); break;
            case Q::OP_XOR: out->toggle(*s); break;
            case Q::OP_AND_NOT: out->subtract(*s); break;
            default: out->unite(*s);
            }
        }
        return out;
    }
    default: break;
    }
    return through_matcher(query);
}

bool counter::facet_counts(const docset &set, int f, unsigned max,
                           const std::vector<std::string> &keep,
                           std::vector<std::pair<std::string, unsigned long>> &out)
{
    std::shared_ptr<const column> c = held_[f] ? held_[f] : gen_->facet(db_, f);
    if (!c)
        return false;
    count_values(*c, set, max, keep, scratch_, out);
    return true;
}

} // namespace shim
