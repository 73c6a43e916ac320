// spread.h — ranking a sharded index's page on every shard at once, in
// process (shim only).  docs/architecture.md, "Ranking the shards at once".
#ifndef POLIS_SHIM_SPREAD_H
#define POLIS_SHIM_SPREAD_H

#include <functional>
#include <memory>
#include <vector>

#include "rank.h"
#include "threads.h"

namespace shim
{

// Whether idx's searches are ranked by a spread: a read handle on two local
// shards or more that counts on sets.
bool spreads(const polis_index_t *idx);

// One hit of the page: the index's docid and its percentage (0 to 100).
struct spread_hit {
    Xapian::docid did;
    int percent;
};

// The page of one search, ranked on every shard at once: each thread
// matches one shard's documents through a copy of the whole index of its
// own, so the weights are one database's (the statistics are the whole
// index's), and the shards' pages are merged in Xapian's order.  The
// caller's thread is free meanwhile (to count on sets over idx->db), so the
// threads never read idx->db; when the copies cannot be had, page() ranks
// shard after shard on idx->db in the caller's thread, to the same page.
class spread
{
  public:
    // Builds the ranked query (in the caller's thread: it reads idx) and
    // starts ranking.  text: the parsed query; typed: its words as the user
    // typed them, for the ranking's phrases.
    spread(polis_index_t *idx, const polis_query &q, const std::string &typed,
           const Xapian::Query &text);
    spread(const spread &) = delete;
    spread &operator=(const spread &) = delete;

    // The kind column the prior reads, if any: the kind facet's count of the
    // same search uses it (counter::hold()).
    std::shared_ptr<const column> kind_column() const
    {
        return kind_column_;
    }

    // False when q is not ranked so (not by relevance, no words, or no kind
    // column in memory): the caller ranks it in process.
    bool ranks() const
    {
        return ranks_;
    }

    // Ranks in the caller's thread what no helper took, waits for them and
    // puts q's page in out; false when its percentages could not be one
    // database's (the best match has no kind): the caller ranks q in
    // process.  Rethrows what a thread threw.
    bool page(std::vector<spread_hit> &out);

  private:
    void rank(unsigned k, Xapian::Database &db);

    polis_index_t *idx_;
    const polis_query &q_;
    unsigned n_;
    bool ranks_ = false;
    std::string query_;                // the ranked query, serialised
    std::vector<rank_state> states_;   // what each shard's prior holds on to
    std::vector<Xapian::Query> priors_; // each shard's prior; empty: none
    std::shared_ptr<const column> kind_column_;
    std::vector<Xapian::MSet> pages_;  // each shard's first offset + limit
    std::vector<Xapian::Database> *copies_ = nullptr; // nullptr: rank on idx->db in page()
    // Last: destroyed first, it waits for the threads that read the above.
    std::unique_ptr<shard_walk<std::function<void(unsigned, unsigned)>>> walk_;
};

} // namespace shim

#endif
