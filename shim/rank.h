// rank.h — how a relevance search orders its matches (shim only).
#ifndef POLIS_SHIM_RANK_H
#define POLIS_SHIM_RANK_H

#include <memory>
#include <vector>

#include "columns.h"
#include "query.h"

namespace shim
{

// What a ranked query holds on to while it runs (Xapian keeps pointers to
// posting sources, not copies).
struct rank_state {
    std::vector<std::unique_ptr<Xapian::PostingSource>> sources;
    // The kind column the prior reads, when it reads one: counting the kind
    // facet of the same search uses it rather than looking it up again.
    std::shared_ptr<const column> kind_column;
    // Ranked by remote or child servers, which run Xapian's own posting
    // sources only: the prior is then Xapian's ValueMapPostingSource.
    bool builtin_only = false;
    // The caller adds the prior itself (spread.cc: one a thread): ranked()
    // leaves it out, and says whether it would have added one.
    bool prior_apart = false;
    bool wants_prior = false;
};

// The query the matcher ranks by: text (the parsed user query, which alone
// decides what matches) and, for a relevance search with words, what lifts
// a match above the others without adding any: documents whose title holds
// the query's words, as a phrase above all, and a small prior by kind.
Xapian::Query ranked(polis_index_t *idx, const polis_query &q, const std::string &text_typed,
                     const Xapian::Query &text, rank_state &st);

// The prior by kind as a query that matches every document with a kind
// (prior.cc): read from the kind column in memory on a local read handle
// that counts on sets, else Xapian's ValueMapPostingSource, same weights.
// only_shard >= 0: the column's prior matching every document of that
// shard of idx, with a kind or not (weight 0), and nothing of the others;
// an empty query when idx has no kind column to read it from.
Xapian::Query kind_prior(polis_index_t *idx, rank_state &st, int only_shard = -1);

// Order enq's matches for q (on db): by relevance, equal scores newest
// first, or by date as asked, the same date by id: the same order whatever
// the docids a parallel build or shards gave.  browse: no words, nothing
// to weigh.
void order(Xapian::Enquire &enq, const Xapian::Database &db, const polis_query &q, bool browse);

} // namespace shim

#endif
