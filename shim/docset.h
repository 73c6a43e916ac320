// docset.h — a set of document ids as a compressed bitmap (CRoaring), and
// the process-wide cache that keeps such sets and the facet columns for
// every read handle, bounded in bytes.  Shim only; see counts.h.
#ifndef POLIS_SHIM_DOCSET_H
#define POLIS_SHIM_DOCSET_H

#include <roaring/roaring.h>

#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include "shim.h"

namespace shim
{

// What the cache holds: anything that says how much memory it takes.
class cached
{
  public:
    virtual ~cached() = default;
    virtual size_t bytes() const = 0;
};

// A set of docids.  Roaring rather than one bit per docid: a term held by a
// few documents costs a few bytes instead of last/8, a dense one runs, and
// the operators work on whole containers (docs/architecture.md, "Searching: the query path").
class docset : public cached
{
  public:
    docset() : b_(roaring_bitmap_create())
    {
        if (!b_)
            throw std::bad_alloc();
    }
    docset(const docset &o) : b_(roaring_bitmap_copy(o.b_))
    {
        if (!b_)
            throw std::bad_alloc();
    }
    docset &operator=(const docset &) = delete;
    ~docset() override
    {
        roaring_bitmap_free(b_);
    }
    void add(Xapian::docid d)
    {
        roaring_bitmap_add(b_, d);
    }
    // Add n docids at once (fastest in increasing order).
    void add_many(const uint32_t *d, size_t n)
    {
        roaring_bitmap_add_many(b_, n, d);
    }
    void intersect(const docset &o)
    {
        roaring_bitmap_and_inplace(b_, o.b_);
    }
    void unite(const docset &o)
    {
        roaring_bitmap_or_inplace(b_, o.b_);
    }
    void subtract(const docset &o)
    {
        roaring_bitmap_andnot_inplace(b_, o.b_);
    }
    void toggle(const docset &o) // symmetric difference
    {
        roaring_bitmap_xor_inplace(b_, o.b_);
    }
    unsigned long size() const
    {
        return static_cast<unsigned long>(roaring_bitmap_get_cardinality(b_));
    }
    // Compact a set before it is kept: runs where they are smaller, no slack.
    void optimize()
    {
        roaring_bitmap_run_optimize(b_);
        roaring_bitmap_shrink_to_fit(b_);
    }
    size_t bytes() const override
    {
        return sizeof *this + roaring_bitmap_size_in_bytes(b_);
    }
    // f(docid) for every member, in increasing order.
    template <class F> void each(F f) const
    {
        roaring_uint32_iterator_t it;
        roaring_init_iterator(b_, &it);
        uint32_t buf[256];
        for (uint32_t n; (n = roaring_read_uint32_iterator(&it, buf, 256)) > 0;)
            for (uint32_t i = 0; i < n; i++)
                f(Xapian::docid(buf[i]));
    }

  private:
    roaring_bitmap_t *b_;
};

using docset_ptr = std::shared_ptr<const docset>;

// The process-wide cache of match sets and facet columns, least recently
// used dropped first, bounded in bytes: what an entry holds, its key and
// the bookkeeping around it all count (polis_index_set_cache_limit()).
// Entries of one index revision are keyed "<generation key>\n<what>".
// Safe from any thread.
namespace cache
{
std::shared_ptr<const cached> find(const std::string &key);
// Keep entry under key, unless it would take more than a quarter of the
// budget (most) or is there already.  Returns whether it is kept.
bool put(const std::string &key, std::shared_ptr<const cached> entry, size_t most = 0);
// Forget the entries of a generation no handle uses any more.
void drop(const std::string &gen_key);
size_t limit();
size_t used();
} // namespace cache

} // namespace shim

#endif
