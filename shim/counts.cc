// counts.cc — match sets, their process-wide cache, and facet columns (see counts.h).
#include "counts.h"

#include <chrono>
#include <list>

namespace shim
{

void docset::intersect(const docset &o)
{
    for (size_t i = 0; i < words_.size(); i++)
        words_[i] &= i < o.words_.size() ? o.words_[i] : 0;
}

void docset::unite(const docset &o)
{
    for (size_t i = 0; i < words_.size() && i < o.words_.size(); i++)
        words_[i] |= o.words_[i];
}

void docset::subtract(const docset &o)
{
    for (size_t i = 0; i < words_.size() && i < o.words_.size(); i++)
        words_[i] &= ~o.words_[i];
}

void docset::toggle(const docset &o)
{
    for (size_t i = 0; i < words_.size() && i < o.words_.size(); i++)
        words_[i] ^= o.words_[i];
}

unsigned long docset::size() const
{
    unsigned long n = 0;
    for (uint64_t w : words_)
        n += unsigned(__builtin_popcountll(w));
    return n;
}

namespace
{

// Sets built for one generation are keyed "<generation key>\n<kind><what>".
// One LRU for the whole process, bounded in bytes: searchd's worker handles
// on one generation share what any of them built.
class set_cache
{
  public:
    // A hit is counted here, a miss by put(): a set is put only when it was
    // not found and is worth keeping, so a rare term, never kept, is neither.
    docset_ptr find(const std::string &key)
    {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = map_.find(key);
        if (it == map_.end())
            return nullptr;
        hits_++;
        lru_.splice(lru_.begin(), lru_, it->second.second);
        return it->second.first;
    }
    void put(const std::string &key, const docset_ptr &set)
    {
        std::lock_guard<std::mutex> lock(mu_);
        misses_++;
        if (set->bytes() > limit_ / 4 || map_.count(key))
            return;
        lru_.push_front(key);
        map_.emplace(key, std::make_pair(set, lru_.begin()));
        used_ += set->bytes();
        shrink();
    }
    // Forget the sets of a generation no handle uses any more.
    void drop(const std::string &gen_key)
    {
        std::string head = gen_key + '\n';
        std::lock_guard<std::mutex> lock(mu_);
        for (auto it = lru_.begin(); it != lru_.end();) {
            if (it->compare(0, head.size(), head) == 0) {
                auto m = map_.find(*it);
                used_ -= m->second.first->bytes();
                map_.erase(m);
                it = lru_.erase(it);
            } else {
                ++it;
            }
        }
    }
    void set_limit(size_t bytes)
    {
        std::lock_guard<std::mutex> lock(mu_);
        limit_ = bytes;
        shrink();
    }
    size_t limit()
    {
        std::lock_guard<std::mutex> lock(mu_);
        return limit_;
    }
    void stats(unsigned long long *hits, unsigned long long *misses, size_t *bytes)
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (hits)
            *hits = hits_;
        if (misses)
            *misses = misses_;
        if (bytes)
            *bytes = used_;
    }

  private:
    // Drop the least recently used sets until they fit.  Call with mu_ held.
    void shrink()
    {
        while (used_ > limit_ && !lru_.empty()) {
            auto it = map_.find(lru_.back());
            used_ -= it->second.first->bytes();
            map_.erase(it);
            lru_.pop_back();
        }
    }

    std::mutex mu_;
    size_t limit_ = size_t(32) << 20;
    size_t used_ = 0;
    unsigned long long hits_ = 0, misses_ = 0; // since the process started
    std::list<std::string> lru_;
    std::unordered_map<std::string, std::pair<docset_ptr, std::list<std::string>::iterator>> map_;
};

set_cache &sets()
{
    static set_cache *c = new set_cache; // never destroyed: handles may outlive static destructors
    return *c;
}

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
// operators a bitmap cannot express.  A spy sees a shard's own docids, so
// a sharded index is walked one shard at a time, each docid turned into
// the index's: shard k of n holds the index's (d - 1) * n + k + 1.
class docid_spy : public Xapian::MatchSpy
{
  public:
    docid_spy(docset &set, Xapian::docid n, Xapian::docid k) : set_(set), n_(n), k_(k)
    {
    }
    void operator()(const Xapian::Document &doc, double) override
    {
        set_.add((doc.get_docid() - 1) * n_ + k_ + 1);
    }

  private:
    docset &set_;
    Xapian::docid n_, k_;
};

} // namespace

generation::~generation()
{
    sets().drop(key_);
    std::lock_guard<std::mutex> lock(registry_mu());
    auto it = registry().find(key_);
    if (it != registry().end() && it->second.expired())
        registry().erase(it);
}

const generation::column &generation::facet(const Xapian::Database &db, int f)
{
    std::lock_guard<std::mutex> lock(mu_);
    if (!columns_[f]) {
        std::unique_ptr<column> c(new column);
        c->ids.assign(size_t(last_) + 1, 0);
        c->values.emplace_back();
        std::unordered_map<std::string, uint32_t> seen;
        Xapian::valueno slot = kSlotFacetBase + Xapian::valueno(f);
        for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
            if (v.get_docid() > last_)
                break;
            auto ins = seen.emplace(*v, uint32_t(c->values.size()));
            if (ins.second)
                c->values.push_back(*v);
            c->ids[v.get_docid()] = ins.first->second;
        }
        columns_[f] = std::move(c);
    }
    return *columns_[f];
}

std::shared_ptr<generation> generation_for(const polis_index_t *idx,
                                           std::shared_ptr<generation> held)
{
    if (sets().limit() == 0)
        return nullptr;
    const Xapian::Database &db = idx->db;
    std::string key = revision_key(idx);
    if (held && held->key() == key)
        return held;
    held.reset(); // before the lock: it may be the last owner, whose destructor locks
    std::lock_guard<std::mutex> lock(registry_mu());
    std::shared_ptr<generation> g = registry()[key].lock();
    if (!g) {
        g = std::make_shared<generation>(key, db.get_lastdocid());
        registry()[key] = g;
    }
    return g;
}

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

docset_ptr counter::term(const std::string &t)
{
    std::string key = gen_->key() + "\nt" + t;
    if (docset_ptr hit = sets().find(key))
        return hit;
    auto set = std::make_shared<docset>(gen_->last());
    for (auto p = db_.postlist_begin(t); p != db_.postlist_end(t); ++p)
        if (*p <= gen_->last())
            set->add(*p);
    // A rare term's postings are cheaper to read again than to keep a
    // whole bitmap for: keep the ones a sixty-fourth of the documents hold.
    if (db_.get_termfreq(t) >= std::max<Xapian::doccount>(64, gen_->last() / 64))
        sets().put(key, set);
    return set;
}

docset_ptr counter::through_matcher(const Xapian::Query &query)
{
    std::string key = gen_->key() + "\nq" + query.serialise();
    if (docset_ptr hit = sets().find(key))
        return hit;
    auto set = std::make_shared<docset>(gen_->last());
    Xapian::docid n = Xapian::docid(shards_.size());
    for (Xapian::docid k = 0; k < n; k++) {
        // Xapian matches a sharded index shard by shard too: a wildcard
        // expands, and an elite set picks its terms, within each.
        Xapian::Enquire enq(shards_[k]);
        enq.set_query(query);
        // Unranked is cheaper, but an elite set picks its terms by weight.
        if (query.get_type() != Xapian::Query::OP_ELITE_SET)
            enq.set_weighting_scheme(Xapian::BoolWeight());
        // The passes of one count share its time limit.
        double left =
            std::chrono::duration<double>(deadline_ - std::chrono::steady_clock::now()).count();
        if (time_limit_ > 0)
            enq.set_time_limit(left > 1e-6 ? left : 1e-6);
        docid_spy spy(*set, n, k);
        enq.add_matchspy(&spy);
        enq.get_mset(0, 0, shards_[k].get_doccount());
    }
    if (time_limit_ > 0 && std::chrono::steady_clock::now() >= deadline_)
        timed_out_ = true; // a partial set: used once, never kept
    else
        sets().put(key, set);
    return set;
}

docset_ptr counter::match(const Xapian::Query &query)
{
    using Q = Xapian::Query;
    size_t n = query.get_num_subqueries();
    switch (query.get_type()) {
    case Q::LEAF_TERM: return term(*query.get_terms_begin());
    case Q::LEAF_MATCH_ALL: return term(std::string());
    case Q::LEAF_MATCH_NOTHING: return std::make_shared<docset>(gen_->last());
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

std::unordered_map<std::string, unsigned long> counter::facet_counts(const docset &set, int f)
{
    const generation::column &c = gen_->facet(db_, f);
    std::vector<unsigned long> per(c.values.size(), 0);
    set.each([&](Xapian::docid d) { per[c.ids[d]]++; });
    std::unordered_map<std::string, unsigned long> counts;
    for (size_t i = 1; i < per.size(); i++)
        if (per[i])
            add_joined(counts, c.values[i], per[i]);
    return counts;
}

} // namespace shim

extern "C" void polis_index_set_cache_limit(size_t bytes)
{
    shim::sets().set_limit(bytes);
}

extern "C" void polis_index_set_cache_stats(unsigned long long *hits, unsigned long long *misses,
                                            size_t *bytes)
{
    shim::sets().stats(hits, misses, bytes);
}
