// counts.h — exact totals and facet counts from match sets, beside Xapian's matcher.
//
// Xapian ranks and counts in one walk: asking it for an exact total and for
// facet counts means weighing every match and fetching its values (90 % of a
// search at 100k documents).  A read-only handle instead asks the matcher for
// the page of hits only, and counts on sets of documents (docset.h): one per
// term, built from its posting list and kept in the process-wide cache,
// combined by the query's operators, then read against the in-memory facet
// columns (columns.h).  Operators a set cannot express (phrases, NEAR,
// wildcards, value ranges) run through the matcher once, unranked, and are
// kept like terms.  Shim only.
#ifndef POLIS_SHIM_COUNTS_H
#define POLIS_SHIM_COUNTS_H

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "columns.h"

struct polis_query;

namespace shim
{

// What counting shares among the handles open on one revision of one
// index: its key in the cache, its last docid, its shards' identities.
class generation
{
  public:
    generation(const std::string &key, Xapian::docid last, std::vector<std::string> shard_uuids)
        : key_(key), last_(last), shard_uuids_(std::move(shard_uuids))
    {
    }
    ~generation();
    const std::string &key() const
    {
        return key_;
    }
    Xapian::docid last() const
    {
        return last_;
    }
    // The shard a sub-database of this index is (its place in the stub), by
    // its uuid; -1 when none.
    int shard_of(const std::string &uuid) const;
    size_t shards() const
    {
        return shard_uuids_.size();
    }
    // The column of facet f, from the cache or read from db (this
    // revision) and kept there; nullptr when it is too large for the cache
    // (that facet is then counted through the matcher).
    std::shared_ptr<const column> facet(const Xapian::Database &db, int f);

  private:
    std::string key_;
    Xapian::docid last_;
    std::vector<std::string> shard_uuids_;
    std::mutex mu_; // one reader of a column at a time
};

// The generation for idx's current revision, shared with other handles on
// it: held when it is still that one.  nullptr when counting on sets is off
// (polis_index_set_cache_limit(0)).  A handle keeps what this returns: the
// cache's entries of a generation go when its last holder lets go.
std::shared_ptr<generation> generation_for(const polis_index_t *idx,
                                           std::shared_ptr<generation> held);

// Counting for one query on one handle.
class counter
{
  public:
    // shards: db's, in order (shim.h, polis_index::shards).  time_limit:
    // seconds for all the passes through the matcher, 0 = none.
    counter(const Xapian::Database &db, const std::vector<Xapian::Database> &shards,
            std::shared_ptr<generation> gen, tally &scratch, double time_limit)
        : db_(db), shards_(shards), gen_(std::move(gen)), scratch_(scratch),
          time_limit_(time_limit),
          deadline_(std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(time_limit)))
    {
    }
    // The documents query matches.  Throws what Xapian throws.
    docset_ptr match(const Xapian::Query &query);
    // Facet f's values over set: the `max` most frequent (0: all), by count
    // then value, and the values of keep (see count_values()).  False when
    // the facet's column does not fit the cache: count it otherwise.
    bool facet_counts(const docset &set, int f, unsigned max, const std::vector<std::string> &keep,
                      std::vector<std::pair<std::string, unsigned long>> &out);
    // Facet f's column, already held by the search (the kind prior's): used
    // as it is, one lookup of the cache less per search.
    void hold(int f, std::shared_ptr<const column> col)
    {
        held_[f] = std::move(col);
    }
    // True when a part run through the matcher hit the time limit.
    bool timed_out() const
    {
        return timed_out_;
    }

  private:
    docset_ptr term(const std::string &term);
    docset_ptr through_matcher(const Xapian::Query &query);

    const Xapian::Database &db_;
    const std::vector<Xapian::Database> &shards_;
    std::shared_ptr<generation> gen_;
    tally &scratch_;
    double time_limit_;
    std::chrono::steady_clock::time_point deadline_;
    bool timed_out_ = false;
    std::shared_ptr<const column> held_[POLIS_FACET_COUNT_];
};

} // namespace shim

#endif
