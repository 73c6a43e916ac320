/* polis/words.h — spelling words gathered apart from an index.
 *
 * The words a "did you mean" correction may propose are those of the short
 * fields (titles, names, keywords, themes, publishers), each with the
 * number of times the documents give it: Xapian's spelling dictionary,
 * kept in shard 0.  Fed document by document, Xapian adds each word to
 * its dictionary with every fragment it is looked up by.  A build writes
 * hundreds of small batches, and each one wrote the fragments of every word
 * it met anew, for the compactor to merge hundreds of tables again.  A
 * build gathers the words of all its batches here instead, and writes them
 * once (docs/architecture.md, "Spelling words, gathered once").
 *
 * A polis_words_t is used by one thread at a time.
 */
#ifndef POLIS_WORDS_H
#define POLIS_WORDS_H

#include <stddef.h>

#include "polis/index.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct polis_words polis_words_t;

/* An empty set of words.  NULL when out of memory; the caller frees it
 * with polis_words_free(). */
polis_words_t *polis_words_new(void);

/* Free w and its words.  NULL is fine. */
void polis_words_free(polis_words_t *w);

/* How many distinct words w holds.  0 for NULL. */
size_t polis_words_count(const polis_words_t *w);

/* From now on the documents written through idx (polis_index_put(),
 * polis_index_add()) give their spelling words to w, counted as idx's
 * dictionary would count them, instead of to idx.  A word goes to w once
 * its document is written, and stays there: polis_index_cancel() does not
 * take it back, as it would from the dictionary.  w must outlive those
 * writes; w NULL gives them back to idx.  idx keeps no reference once it is
 * closed.  POLIS_OK, POLIS_ERR_INVALID_ARG (idx NULL) or
 * POLIS_ERR_READ_ONLY. */
polis_status_t polis_words_gather(polis_words_t *w, polis_index_t *idx);

/* Add the words of from, with their counts, to into.  POLIS_OK,
 * POLIS_ERR_INVALID_ARG (either is NULL) or POLIS_ERR_NOMEM (into then
 * holds part of them). */
polis_status_t polis_words_merge(polis_words_t *into, const polis_words_t *from);

/* Add w's words to idx's spelling dictionary (its shard 0), their counts
 * to those it holds: in idx's open transaction if there is one, else
 * pending until polis_index_commit().  POLIS_OK, POLIS_ERR_INVALID_ARG,
 * POLIS_ERR_READ_ONLY, POLIS_ERR_NOMEM or POLIS_ERR_XAPIAN (message on
 * idx); after a failure part of them may be pending: cancel the
 * transaction. */
polis_status_t polis_words_write(const polis_words_t *w, polis_index_t *idx);

/* Add idx's spelling dictionary (all its local shards), with its counts,
 * to w.  POLIS_OK, POLIS_ERR_INVALID_ARG, POLIS_ERR_NOMEM or
 * POLIS_ERR_XAPIAN (message on idx). */
polis_status_t polis_words_read(polis_words_t *w, polis_index_t *idx);

/* w as text, one "word count" line per word in byte order: for tests and
 * for comparing two dictionaries.  malloc()ed, the caller frees it; NULL
 * when out of memory or w is NULL. */
char *polis_words_dump(const polis_words_t *w);

#ifdef __cplusplus
}
#endif

#endif
