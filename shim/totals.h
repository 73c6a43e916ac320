// totals.h — a query's exact total and facet counts, and the filters they
// are counted under: on match sets (counts.h) for a read handle, through
// Xapian's matcher for a writer, remote shards, or with sets turned off.
// Shim only.
#ifndef POLIS_SHIM_TOTALS_H
#define POLIS_SHIM_TOTALS_H

#include "counts.h"
#include "query.h"

namespace shim
{

// q's filter on facet f: its values ORed.
Xapian::Query facet_filter(const polis_query &q, int f);

// Whether q has a date range, and that range as a query on the publication date.
bool has_dates(const polis_query &q);
Xapian::Query date_range(const polis_query &q);

// text filtered by every facet of q but `except` (-1: all of them) and by
// its date range.
Xapian::Query filtered(const polis_query &q, const Xapian::Query &text, int except);

// r's total and the facets q asks for, counted on sets: the text's set
// crossed with each filter's, once per disjunctive facet.  A facet whose
// column does not fit the cache is counted through the matcher.
void count_on_sets(polis_index_t *idx, counter &c, const polis_query &q, const Xapian::Query &text,
                   polis_result &r);

// The page of enq (q's range) into mset, r's total and facets from Xapian's
// matcher: every match weighed and shown to the facet spies.
void count_in_matcher(polis_index_t *idx, const polis_query &q, const Xapian::Query &text,
                      Xapian::Enquire &enq, Xapian::MSet &mset, polis_result &r);

} // namespace shim

#endif
