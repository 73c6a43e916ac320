// columns.h — a facet's values for every document, in memory, and counting
// them over a match set at a cost that follows the matches.  Shim only.
//
// A facet's value slot holds a document's values joined by kFacetSep
// ("culture\x1fsante"), and a corpus has far fewer distinct joined values
// ("combinations") than documents, save for facets such as authors.  A
// column keeps, per docid, the number of its combination, and per
// combination the numbers of its single values; single values are numbered
// in byte order, so ordering by number is ordering by value.  Counting then
// touches each match once and each combination met once, never the
// values no match holds; strings are made for the values returned only.
#ifndef POLIS_SHIM_COLUMNS_H
#define POLIS_SHIM_COLUMNS_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "docset.h"

namespace shim
{

class column : public cached
{
  public:
    // The values of slot for docids 1..last of db (this revision).
    column(const Xapian::Database &db, Xapian::valueno slot, Xapian::docid last);
    // The combination of docid d (0: no value, or past the last docid).
    uint32_t combo(Xapian::docid d) const
    {
        if (d >= size_)
            return 0;
        return narrow_.empty() ? wide_[d] : narrow_[d];
    }
    // The single values of combination c: numbers in [begin, end).
    const uint32_t *begin(uint32_t c) const
    {
        return values_.data() + start_[c];
    }
    const uint32_t *end(uint32_t c) const
    {
        return values_.data() + start_[c + 1];
    }
    uint32_t combos() const
    {
        return uint32_t(start_.size() - 1);
    }
    // Single value number v (1 ..), and the number of a value (0: none).
    const std::string &value(uint32_t v) const
    {
        return dict_[v];
    }
    uint32_t number(const std::string &value) const;
    uint32_t values() const
    {
        return uint32_t(dict_.size());
    }
    size_t bytes() const override;

  private:
    Xapian::docid size_ = 0;
    std::vector<uint16_t> narrow_; // per docid, when fewer than 65,536 combinations
    std::vector<uint32_t> wide_;   // per docid, otherwise
    std::vector<uint32_t> start_;  // per combination (0: none), into values_
    std::vector<uint32_t> values_;
    std::vector<std::string> dict_; // [0] = ""
};

// The counts of col's single values over set, into out: the `max` largest
// (0: all), by count then value, then each value of `keep` not among them
// with its count (0 when none).  t is the handle's scratch (shim.h).
void count_values(const column &col, const docset &set, unsigned max,
                  const std::vector<std::string> &keep, tally &t,
                  std::vector<std::pair<std::string, unsigned long>> &out);

} // namespace shim

#endif
