// counts.h — exact totals and facet counts from match sets, beside Xapian's matcher.
//
// Xapian ranks and counts in one walk: asking it for an exact total and for
// facet counts means weighing every match and fetching its values (90 % of a
// search at 100k documents).  A read-only handle instead asks the matcher for
// the page of hits only, and counts on bitmaps of documents: one per term,
// built from its posting list and kept in a process-wide LRU, combined by the
// query's operators, then read against in-memory columns of facet values.
// Operators a bitmap cannot express (phrases, NEAR, wildcards, value ranges)
// run through the matcher once, unranked, and are kept like terms.
// Shim only.
#ifndef POLIS_SHIM_COUNTS_H
#define POLIS_SHIM_COUNTS_H

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "shim.h"

struct polis_query;

namespace shim
{

// A set of document ids, one bit each, up to the database's last docid.
class docset
{
  public:
    explicit docset(Xapian::docid last) : words_((last >> 6) + 1, 0)
    {
    }
    void add(Xapian::docid d)
    {
        words_[d >> 6] |= uint64_t(1) << (d & 63);
    }
    void intersect(const docset &o);
    void unite(const docset &o);
    void subtract(const docset &o);
    void toggle(const docset &o); // symmetric difference
    unsigned long size() const;
    size_t bytes() const
    {
        return words_.size() * sizeof(uint64_t);
    }
    template <class F> void each(F f) const
    {
        for (size_t i = 0; i < words_.size(); i++)
            for (uint64_t w = words_[i]; w; w &= w - 1)
                f(Xapian::docid(i * 64 + unsigned(__builtin_ctzll(w))));
    }

  private:
    std::vector<uint64_t> words_;
};

using docset_ptr = std::shared_ptr<const docset>;

// What one revision of one database needs for counting: the facet columns,
// loaded on first use.  Shared by every handle open on that revision.
class generation
{
  public:
    generation(const std::string &key, Xapian::docid last) : key_(key), last_(last)
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
    // Joined facet values per docid: ids[d] indexes values ("" when none).
    struct column {
        std::vector<uint32_t> ids;
        std::vector<std::string> values;
    };
    // The column of facet f, read from db (this revision) on first use.
    const column &facet(const Xapian::Database &db, int f);

  private:
    std::string key_;
    Xapian::docid last_;
    std::mutex mu_;
    std::unique_ptr<column> columns_[POLIS_FACET_COUNT_];
};

// The generation for db's current revision, shared with other handles on
// it: held when it is still that one.  nullptr when counting on sets is off
// (polis_index_set_cache_limit(0)).  A handle keeps what this returns: the
// cached sets of a generation go when its last holder lets go.
std::shared_ptr<generation> generation_for(const polis_index_t *idx,
                                           std::shared_ptr<generation> held);

// Add n to each single value of a joined facet value (values split on kFacetSep).
void add_joined(std::unordered_map<std::string, unsigned long> &counts, const std::string &joined,
                unsigned long n);

// Counting for one query on one handle.
class counter
{
  public:
    // shards: db's, in order (shim.h, polis_index::shards).  time_limit:
    // seconds for all the passes through the matcher, 0 = none.
    counter(const Xapian::Database &db, const std::vector<Xapian::Database> &shards,
            std::shared_ptr<generation> gen, double time_limit)
        : db_(db), shards_(shards), gen_(std::move(gen)), time_limit_(time_limit),
          deadline_(std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(time_limit)))
    {
    }
    // The documents query matches.  Throws what Xapian throws.
    docset_ptr match(const Xapian::Query &query);
    // Counts of facet f's single values over set.
    std::unordered_map<std::string, unsigned long> facet_counts(const docset &set, int f);
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
    double time_limit_;
    std::chrono::steady_clock::time_point deadline_;
    bool timed_out_ = false;
};

} // namespace shim

#endif
