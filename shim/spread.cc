// spread.cc — ranking a sharded index's page on every shard at once, in
// process (see spread.h).
//
// Xapian 1.4 matches a local sharded Database one shard after the other,
// in the caller's thread.  Here each thread matches a single shard of a
// whole copy of the index: the prior by kind (prior.cc) is read for that
// shard only, and required rather than optional, so Xapian's matcher walks
// one shard's postings while it reads the statistics (term frequencies,
// lengths) of the whole index, and weighs as one database would.  The
// shards' pages are then merged in the order Xapian gives (shim::order()).
//
// The restriction is the prior because the percentages must be one
// database's too: Xapian scales them by the share of the query's parts the
// best match matches, and counts any posting source as a matching part,
// even a filter's.  The prior is a part of the query either way, and
// matches the same documents as the one database's but those without a
// kind: when the best match has none, the search is ranked in process.
#include "spread.h"

#include <algorithm>
#include <cstdint>

#include "totals.h"

namespace
{

// The same shard at the same revision.
bool same_shard(const Xapian::Database &a, const Xapian::Database &b)
{
    return a.get_uuid() == b.get_uuid() && a.get_revision() == b.get_revision();
}

// idx's copies, one a thread, opened if need be; nullptr when they hold
// another revision than idx (idx is behind the disk until it reopens: not
// tried again before then), or cannot be opened now (out of descriptors,
// say: tried again by the next search).
std::vector<Xapian::Database> *copies(polis_index_t *idx, unsigned threads)
{
    if (idx->spread_stale)
        return nullptr;
    const size_t n = idx->shards.size();
    try {
        while (idx->spread.size() < threads) {
            Xapian::Database whole;
            std::vector<Xapian::Database> shards;
            for (size_t k = 0; k < n; k++) { // stubs: the index's path, then its shards'
                shards.emplace_back(idx->stubs[k + 1].first);
                whole.add_database(shards.back());
            }
            idx->spread.push_back(whole);
            idx->spread_shards.push_back(std::move(shards));
        }
        for (const std::vector<Xapian::Database> &shards : idx->spread_shards)
            for (size_t k = 0; k < n; k++)
                if (!same_shard(shards[k], idx->shards[k])) {
                    shim::spread_reset(idx);
                    idx->spread_stale = true;
                    return nullptr;
                }
    } catch (const Xapian::Error &) {
        shim::spread_reset(idx);
        return nullptr;
    }
    return &idx->spread;
}

} // namespace

namespace shim
{

bool spreads(const polis_index_t *idx)
{
    return idx->generation && !idx->writable && !idx->remote && idx->shards.size() > 1;
}

void spread_reset(polis_index_t *idx)
{
    idx->spread.clear();
    idx->spread_shards.clear();
    idx->spread_stale = false;
}

spread::spread(polis_index_t *idx, const polis_query &q, const std::string &typed,
               const Xapian::Query &text)
    : idx_(idx), q_(q), n_(unsigned(idx->shards.size())),
      states_(n_), priors_(n_), pages_(n_)
{
    // The prior is each shard's own object (a posting source is read by one
    // thread), the rest one serialised query each thread reads back.
    rank_state st;
    st.prior_apart = true;
    query_ = filtered(q, ranked(idx, q, typed, text, st), -1).serialise();
    if (!st.wants_prior) // not by relevance, or no words: no prior
        return;
    for (unsigned k = 0; k < n_; k++) {
        priors_[k] = kind_prior(idx, states_[k], int(k));
        if (priors_[k].empty()) // no kind column (too large for the cache)
            return;
    }
    kind_column_ = states_[0].kind_column;
    // The caller's thread counts meanwhile, and then ranks what is left, so
    // one thread less is started: threads started by a thread of ours
    // came out 2 ms slower at a million documents (each search starts them).
    const unsigned threads = shard_threads(n_);
    ranks_ = true;
    if (threads < 2) // one core: the shards one after the other, on idx's own
        return;
    copies_ = copies(idx, threads);
    if (!copies_)
        return;
    walk_.reset(new shard_walk<std::function<void(unsigned, unsigned)>>(
        n_, threads - 1, [this](unsigned k, unsigned t) { rank(k, (*copies_)[t]); }));
}

void spread::rank(unsigned k, Xapian::Database &db)
{
    Xapian::Enquire enq(db);
    enq.set_query(
        Xapian::Query(Xapian::Query::OP_AND, Xapian::Query::unserialise(query_), priors_[k]));
    order(enq, db, q_, false);
    if (q_.time_limit > 0)
        enq.set_time_limit(time_left(q_));
    // Every hit up to the page's last, which may be past the end (offset +
    // limit may even overflow: the library does not bound them).
    uint64_t want = std::min<uint64_t>(uint64_t(q_.offset) + q_.limit, db.get_doccount());
    pages_[k] = enq.get_mset(0, Xapian::doccount(want));
}

bool spread::page(std::vector<spread_hit> &out)
{
    if (walk_)
        walk_->finish();
    else // shard after shard on idx's own database, which the caller no longer reads
        for (unsigned k = 0; k < n_; k++)
            rank(k, idx_->db);

    // Merged in shim::order()'s order for relevance: by weight, then the
    // tie-break value (newest first), then by docid.
    struct item {
        double weight;
        std::string key;
        Xapian::docid did;
        unsigned shard;
    };
    std::vector<item> all;
    for (unsigned k = 0; k < n_; k++)
        for (auto it = pages_[k].begin(); it != pages_[k].end(); ++it)
            all.push_back({ it.get_weight(), it.get_sort_key(), *it, k });
    std::sort(all.begin(), all.end(), [](const item &a, const item &b) {
        if (a.weight != b.weight)
            return a.weight > b.weight;
        if (a.key != b.key)
            return a.key > b.key;
        return a.did < b.did;
    });
    out.clear();
    if (all.empty())
        return true;
    // The best match, first, weighs the most of all: percentages are scaled
    // by its weight and by the share of the query it matches, which its
    // shard's matcher counted as one database's unless it has no kind.
    if (kind_column_->combo(all[0].did) == 0)
        return false;
    const Xapian::MSet &best = pages_[all[0].shard];
    for (size_t i = q_.offset; i < all.size() && i - q_.offset < q_.limit; i++)
        out.push_back({ all[i].did, best.convert_to_percent(all[i].weight) });
    return true;
}

} // namespace shim
