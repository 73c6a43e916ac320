/* polis/index.h — the C API over Xapian (the shim).
 *
 * Opaque handles, status codes and an error message per handle, after
 * notmuch.  No C++ exception ever leaves these functions.  Every returned
 * pointer says who owns it and how long it lives.
 *
 * The schema (which terms, prefixes and value slots a document gets) belongs
 * to the shim: callers hand it polis_doc_t structs and polis_query_t requests
 * and never see Xapian's terms.
 *
 * Thread safety: a polis_index_t is used by one thread at a time.  searchd
 * opens one read handle per worker thread.
 */
#ifndef POLIS_INDEX_H
#define POLIS_INDEX_H

#include <stddef.h>

#include "polis/doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    POLIS_OK = 0,
    POLIS_ERR_NOMEM,       /* out of memory */
    POLIS_ERR_INVALID_ARG, /* a NULL handle, an empty id, a bad option */
    POLIS_ERR_NOT_FOUND,   /* no such document, or no index at the path */
    POLIS_ERR_BAD_QUERY,   /* the query text does not parse */
    POLIS_ERR_LOCKED,      /* another writer holds the index */
    POLIS_ERR_MODIFIED,    /* the index changed under a reader; reopen */
    POLIS_ERR_CORRUPT,     /* the index files are damaged */
    POLIS_ERR_IO,          /* reading or writing the disk failed (full disk...) */
    POLIS_ERR_TIMEOUT,     /* the query ran past its time limit */
    POLIS_ERR_READ_ONLY,   /* a write on a handle opened for reading */
    POLIS_ERR_XAPIAN,      /* any other Xapian error */
    POLIS_ERR_UNAVAILABLE, /* a remote shard did not answer in time, or hung up */
    POLIS_STATUS_COUNT_
} polis_status_t;

/* A short English description of a status.  Static string, never NULL. */
const char *polis_status_str(polis_status_t status);

/* Make std::terminate() print one line, "PROG: fatal: <the error>", before
 * the process ends: with _exit(code), or with abort() (a core dump for
 * post-mortem) when code is negative.  Xapian 1.4 calls std::terminate()
 * inside a commit for some write errors, a full disk among them: no status
 * can be returned then, but the reason can still be told.  Buffered stdio
 * output is lost.  Replaces any terminate handler set before; call once,
 * early, from a program's main(); prog must outlive the process (a literal
 * or argv[0]). */
void polis_status_report_fatal(const char *prog, int code);

typedef struct polis_index polis_index_t;
typedef struct polis_query polis_query_t;
typedef struct polis_result polis_result_t;

/* ---- Opening and closing ------------------------------------------------ */

/* Open the index at path for reading.
 * On success *out is a handle to release with polis_index_close().
 * On failure *out is NULL and, when errmsg is not NULL, *errmsg is a malloc()ed
 * message the caller frees.
 * Returns POLIS_OK, POLIS_ERR_NOT_FOUND (no index there), POLIS_ERR_CORRUPT,
 * POLIS_ERR_IO, POLIS_ERR_NOMEM or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_open(const char *path, polis_index_t **out, char **errmsg);

/* Most shards an index may have. */
#define POLIS_MAX_SHARDS 256

/* Open remote shards as one index for reading: each of the n addresses is
 * "tcp://HOST:PORT" (or "HOST:PORT") where a xapian-tcpsrv serves one shard
 * of a sharded index, in the index's shard order (shard 0, which holds the
 * metadata, first).  timeout_ms bounds every exchange with a shard, and half
 * of it the connection: a shard that does not answer fails the call with
 * POLIS_ERR_UNAVAILABLE instead of holding it (0: Xapian's default, 10 s).
 * Counts are exact (Xapian merges the shards' match spies).  Spelling
 * corrections need the spelling dictionary, which xapian-tcpsrv does not
 * serve: a remote index corrects nothing.  Same ownership and errors as
 * polis_index_open(), plus POLIS_ERR_INVALID_ARG for an address that does
 * not parse and POLIS_ERR_UNAVAILABLE. */
polis_status_t polis_index_open_remote(const char *const *addresses, size_t n, unsigned timeout_ms,
                                       polis_index_t **out, char **errmsg);

/* Rank the shards of idx, a local sharded index opened for reading, by
 * child processes: each shard is served to idx by a child process running
 * program (Xapian's "xapian-progsrv", looked up on PATH), whose matchers run
 * side by side.  Xapian merges the shards' statistics as for remote shards,
 * so the hits, their order and scores are those of one database; counts,
 * documents, spelling and suggestions are still read from the local
 * shards.  Only a handle that counts on match sets
 * (polis_index_set_cache_limit() not 0) ranks by children.  By default
 * (program NULL) such a handle ranks a relevance search with words on every
 * shard at once in process instead, a thread a shard (at most one a core),
 * each on a copy of the index the handle opens and keeps, to the same
 * hits, order and scores; other searches, and a handle whose copies hold
 * another revision than its own (until it reopens), rank shard after shard.
 * The children (one per shard, per handle) start with the
 * handle's first ranked search, their stderr on /dev/null, and are closed
 * by polis_index_close() or by a reopen that finds a new revision;
 * timeout_ms bounds each exchange with one, their start included (0: 10 s).
 * A search whose children fail, time out or hold another revision than the
 * handle's shards is ranked in process instead: a dead child costs time,
 * never an answer; the next search starts new children, unless they could
 * not start at all (not again before a new revision).  program NULL, an
 * index of one shard, remote shards or a writer: idx ranks in process, as
 * by default.  Returns POLIS_OK; POLIS_ERR_NOT_FOUND when program cannot be
 * run, POLIS_ERR_INVALID_ARG when idx is NULL or a shard's path holds a
 * space (Xapian splits the child's arguments on spaces), and then idx
 * ranks in process (polis_index_last_error() says why); POLIS_ERR_NOMEM. */
polis_status_t polis_index_set_parallel(polis_index_t *idx, const char *program,
                                        unsigned timeout_ms);

/* Process-wide budget, in bytes, for what read handles keep to count totals
 * and facets without Xapian's matcher: the match sets (a CRoaring bitmap per
 * term, shared by every handle on one revision) and the facet columns they
 * are read against (4 bytes per docid per facet counted); default 64 MiB.
 * 0 turns counting on sets off: every count then walks Xapian's matcher,
 * slower, to the same numbers.  Safe from any thread. */
void polis_index_set_cache_limit(size_t bytes);

/* What the match-set cache above has done since the process started, for
 * a daemon's metrics: *hits, the lookups that found a set; *misses, the
 * sets built because it did not hold them, among those it keeps (a rare
 * term's postings, read again each time, are neither); *bytes, the memory
 * its sets take now.  Any pointer may be NULL.  The counters only grow (a
 * set dropped, or a new limit, does not lower them).  Safe from any
 * thread. */
void polis_index_set_cache_stats(unsigned long long *hits, unsigned long long *misses,
                                 size_t *bytes);

/* Flags for polis_index_create(). */
#define POLIS_CREATE_TRUNCATE 1u /* start from an empty index */
/* Commits do not wait for the disk (Xapian's DB_NO_SYNC): for a scratch
 * index that is made again, not repaired, after a crash.  A build's
 * batches are: an fsync at each of their commits waited for every other
 * file's dirty pages too (ext4's ordered mode). */
#define POLIS_CREATE_NO_SYNC 2u

/* Open the index at path for writing, creating it when missing.  Same
 * ownership and errors as polis_index_open(), plus POLIS_ERR_LOCKED when
 * another writer has it. */
polis_status_t polis_index_create(const char *path, unsigned flags, polis_index_t **out,
                                  char **errmsg);

/* As polis_index_create(), with the index spread over nshards shards: a
 * directory of nshards databases and the stub file XAPIANDB that lists them
 * (docs/architecture.md, "Shards"), which polis_index_open() and Xapian's
 * own tools open as one.  A document goes to the shard its id hashes to
 * (polis_index_shard_of()), metadata and spelling to shard 0.  nshards 0
 * opens the layout found at path (a plain index when there is none); else
 * an existing index must have that many shards, unless flags holds
 * POLIS_CREATE_TRUNCATE, which makes the layout anew (nshards 0 is then
 * POLIS_ERR_INVALID_ARG).  1 is a plain index, as polis_index_create().
 * Commits write shard 0 last.  Same ownership and errors as
 * polis_index_create(), plus POLIS_ERR_INVALID_ARG for a shard count that
 * does not match or exceeds POLIS_MAX_SHARDS. */
polis_status_t polis_index_create_shards(const char *path, unsigned nshards, unsigned flags,
                                         polis_index_t **out, char **errmsg);

/* Process-wide: after how many changes (documents added, replaced or
 * deleted) a writer opened after this call writes the postings it holds in
 * memory to its tables (Xapian's flush threshold; 10,000 by default).  Each
 * shard's writer counts its own, so a writer over n shards may hold n times
 * docs.  Inside a transaction a flush writes without committing; outside
 * one, each flush is a commit.  A build's batches flush every 50: Xapian's
 * in-memory lists then stay small enough to be walked in the cache, and a
 * batch of thousands is written as fast as small ones while its postlist
 * chunks stay few (docs/architecture.md, "Merging the batches").  A writer
 * that adds to a large index wants the default: each flush merges into
 * every list it touches.  Xapian reads the setting from the environment
 * (XAPIAN_FLUSH_THRESHOLD) as a writer opens, so this sets that variable:
 * not safe while other threads run (setenv), it lasts for the process and
 * its children, and a value the environment already holds is kept, the
 * operator's choice (POLIS_OK all the same; a value Xapian cannot read
 * counts as 10,000).  POLIS_OK, POLIS_ERR_INVALID_ARG for 0,
 * POLIS_ERR_NOMEM. */
polis_status_t polis_index_set_flush_docs(unsigned docs);

/* Number of shards of an open index (1 for a plain one); 0 for NULL. */
unsigned polis_index_shards(const polis_index_t *idx);

/* The shard, among nshards, that holds the document with this id. */
unsigned polis_index_shard_of(const char *id, unsigned nshards);

/* Where shard k of an index at root with nshards shards lives on disk: root
 * itself when nshards is 0 or 1, else root/shard-K (k is not checked against
 * nshards).  Returns a malloc()ed path the caller frees, or NULL when out of
 * memory or root is NULL. */
char *polis_index_shard_path(const char *root, unsigned k, unsigned nshards);

/* Close the handle and free it.  A writer's open transaction is dropped;
 * outside one, Xapian commits what is pending as it closes.  NULL is
 * allowed. */
void polis_index_close(polis_index_t *idx);

/* The message of the last failed call on idx, or "" when none.  The string
 * belongs to idx and lives until its next call or polis_index_close(). */
const char *polis_index_last_error(const polis_index_t *idx);

/* Make a reader see the latest committed revision.  Returns POLIS_OK,
 * POLIS_ERR_NOT_FOUND (the index was removed), POLIS_ERR_CORRUPT, POLIS_ERR_IO
 * or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_reopen(polis_index_t *idx);

/* ---- Writing ------------------------------------------------------------ */

/* Start a transaction: nothing written until polis_index_commit() is visible
 * to readers, and polis_index_cancel() or a crash loses all of it.
 * Returns POLIS_OK, POLIS_ERR_READ_ONLY, POLIS_ERR_INVALID_ARG (one is open)
 * or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_begin(polis_index_t *idx);

/* Commit the open transaction (or, outside one, everything pending) and sync
 * it to disk.  Returns POLIS_OK, POLIS_ERR_IO, POLIS_ERR_READ_ONLY or
 * POLIS_ERR_XAPIAN. */
polis_status_t polis_index_commit(polis_index_t *idx);

/* Drop the open transaction.  POLIS_OK or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_cancel(polis_index_t *idx);

/* Add doc, or replace the document with the same id.  Indexes title, body,
 * summary, authors, places, keywords and citation as free text with positions
 * (folded with polis_text_fold(), French stemming), the facet values as
 * boolean terms, the dates as sortable values, and stores polis_doc_to_json(doc)
 * as the document's data.  doc stays the caller's.
 * Returns POLIS_OK, POLIS_ERR_INVALID_ARG (no id), POLIS_ERR_READ_ONLY,
 * POLIS_ERR_NOMEM, POLIS_ERR_IO or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_put(polis_index_t *idx, const polis_doc_t *doc);

/* As polis_index_put(), for a document whose id the index does not hold yet
 * (a fresh build that settles duplicates itself): faster, as nothing is
 * looked up.  Adding an id twice leaves two documents.  Same statuses. */
polis_status_t polis_index_add(polis_index_t *idx, const polis_doc_t *doc);

/* Delete the document with this id.  POLIS_OK, POLIS_ERR_NOT_FOUND,
 * POLIS_ERR_READ_ONLY or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_delete(polis_index_t *idx, const char *id);

/* Store a metadata value (theme labels, the content hash of a file, ...);
 * an empty value removes the key.  POLIS_OK, POLIS_ERR_READ_ONLY or
 * POLIS_ERR_XAPIAN. */
polis_status_t polis_index_set_metadata(polis_index_t *idx, const char *key, const char *value);

/* Read a metadata value.  *value is a malloc()ed string the caller frees ("" when
 * the key is unset).  POLIS_OK, POLIS_ERR_NOMEM or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_get_metadata(polis_index_t *idx, const char *key, char **value);

/* When the index's content was last written, for its age (a daemon's
 * metrics): the indexer records `when` (seconds since the epoch) at every
 * build and every update that changes something, committed with the rest,
 * as metadata that travels with the index to replicas and over remote
 * shards (docs/architecture.md, "The index on disk").  A writer only.
 * POLIS_OK, POLIS_ERR_READ_ONLY or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_set_written(polis_index_t *idx, long long when);

/* What polis_index_set_written() recorded, in *when; 0 when the index does
 * not say (an index an older indexer wrote, until its next build or
 * update).  POLIS_OK, POLIS_ERR_INVALID_ARG, or as polis_index_get_metadata(). */
polis_status_t polis_index_written(polis_index_t *idx, long long *when);

/* Declare words equivalent for queries (acronyms, spelled-out forms).  Each of
 * the n phrases (folded inside) becomes a synonym of each other.  POLIS_OK,
 * POLIS_ERR_READ_ONLY or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_add_synonyms(polis_index_t *idx, const char *const *phrases, size_t n);

/* Merge the indexes at srcs[0..n) (shards written in parallel, or one index)
 * into a new compacted index at dst, which must not exist yet.  Metadata and
 * synonyms come along; for a key in several shards the first one's wins.
 * Returns POLIS_OK, POLIS_ERR_INVALID_ARG, POLIS_ERR_NOT_FOUND, POLIS_ERR_IO
 * (disk full...), POLIS_ERR_CORRUPT or POLIS_ERR_XAPIAN; on failure *errmsg,
 * when asked, is a malloc()ed message the caller frees, and dst may hold a
 * partial index the caller removes. */
polis_status_t polis_index_merge(const char *const *srcs, size_t n, const char *dst, char **errmsg);

/* Merge shard `shard` of each of the indexes at srcs[0..n) (all with nshards
 * shards) into dst's shard `shard`: dst itself when nshards is 1, else
 * dst/shard-N, dst being created when missing.  Different shards of one dst
 * may be merged at the same time from different threads; dst becomes one
 * index once polis_index_join_shards() has listed them.  Every source is
 * read at once, in one pass: about 6 open files a source, and as many for
 * dst (POLIS_ERR_IO past the limit).  Statuses and errmsg as
 * polis_index_merge(). */
polis_status_t polis_index_merge_shard(const char *const *srcs, size_t n, unsigned shard,
                                       unsigned nshards, const char *dst, char **errmsg);

/* Write the stub that makes dir, whose nshards shards are merged, one index
 * (nothing to do for 1).  POLIS_OK, POLIS_ERR_INVALID_ARG or POLIS_ERR_IO,
 * with *errmsg as polis_index_merge(). */
polis_status_t polis_index_join_shards(const char *dir, unsigned nshards, char **errmsg);

/* Forget every synonym group (before storing a new table).  POLIS_OK,
 * POLIS_ERR_READ_ONLY or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_clear_synonyms(polis_index_t *idx);

/* ---- Reading ------------------------------------------------------------ */

/* Call fn(key, value, ctx) for every metadata key starting with prefix, in key
 * order; the strings live during the call only.  A non-zero return from fn
 * stops the walk.  POLIS_OK or POLIS_ERR_XAPIAN (and NOMEM, IO, CORRUPT). */
polis_status_t polis_index_metadata_each(polis_index_t *idx, const char *prefix,
                                         int (*fn)(const char *key, const char *value, void *ctx),
                                         void *ctx);

/* Number of documents.  POLIS_OK or POLIS_ERR_XAPIAN (and the codes of
 * polis_index_reopen() when the index changed). */
polis_status_t polis_index_doc_count(polis_index_t *idx, unsigned long *count);

/* 1 when the documents carry the concept terms of the index's current
 * synonym groups (each group then costs a query one posting list), 0 when
 * some documents were written under other groups or by an older indexer
 * (queries then match the groups' phrases themselves: the same documents,
 * slower, until a full rebuild) or there are none.  Never fails; 0 for a NULL handle. */
int polis_index_synonyms_indexed(polis_index_t *idx);

/* 1 when every document carries its title's word pairs (an index written
 * from empty by this version or a later one), which rank a phrase typed
 * against titles by two short posting lists; 0 when some were written
 * before them (the title phrase is then found by positions: the same order
 * on corpus/, slower, until a full rebuild).  Never fails; 0 for NULL. */
int polis_index_title_pairs_indexed(polis_index_t *idx);

/* 1 when every document's authors and places are indexed with positions
 * (an index written from empty by this version or a later one), so that
 * author:"…" and place:"…" search phrases; 0 when some were written before
 * (those documents match no such phrase until a full rebuild).  Never
 * fails; 0 for NULL. */
int polis_index_name_phrases_indexed(polis_index_t *idx);

/* Revision of the index as last opened or reopened: it grows with every
 * commit (a sharded index's is the sum of its shards').  0 when it cannot be
 * known: remote shards, whose server does not tell.  POLIS_OK or an error. */
polis_status_t polis_index_revision(polis_index_t *idx, unsigned long *revision);

/* The stored JSON of the document with this id (see polis_doc_to_json()).
 * *json is a malloc()ed string the caller frees.  POLIS_OK, POLIS_ERR_NOT_FOUND,
 * POLIS_ERR_NOMEM or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_get_doc(polis_index_t *idx, const char *id, char **json);

/* The documents whose parent_id is parent_id — a bibliography's references —
 * in the order the bibliography lists them (their position, then id), at
 * most max of them (0 = all).  *out is read as a search's result:
 * polis_result_total() is their number, polis_result_id(), _data() and
 * _body() give each one (score 0, no facets, no correction); free it with
 * polis_result_free().  A parent without children, or no document of that
 * id, gives an empty result.  Returns POLIS_OK, POLIS_ERR_INVALID_ARG,
 * POLIS_ERR_NOMEM, POLIS_ERR_MODIFIED (after one silent reopen and retry),
 * POLIS_ERR_CORRUPT, POLIS_ERR_IO or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_children(polis_index_t *idx, const char *parent_id, unsigned max,
                                    polis_result_t **out);

/* ---- Queries -------------------------------------------------------------- */

typedef enum {
    POLIS_SORT_RELEVANCE = 0,
    POLIS_SORT_DATE_DESC, /* newest published first */
    POLIS_SORT_DATE_ASC
} polis_sort_t;

/* A new empty query (browse everything, relevance, first 10 hits, no facet
 * counted).  Free with polis_query_free().  NULL when out of memory. */
polis_query_t *polis_query_new(void);

/* Free a query.  NULL is allowed. */
void polis_query_free(polis_query_t *q);

/* Set the user's text (UTF-8, copied).  NULL or "" browses everything.
 * The language: words (all required; when that finds nothing, any of them,
 * see polis_result_relaxed()), "a phrase", OR, AND, NOT, -word, +word,
 * (groups), wildcards (dev*), and the fields title:, author:, place: (words
 * of those fields) and theme:, type:, kind:, year: (filters; a theme by id,
 * label or a unique start of either, accents and case ignored: theme:emploi,
 * theme:"Économie sociale et solidaire").  polis_index_search() returns
 * POLIS_ERR_BAD_QUERY with a readable message for what does not parse: an
 * unclosed quote or parenthesis, a field or operator with nothing to act on,
 * an unknown theme, type or kind.
 * Returns POLIS_OK or POLIS_ERR_NOMEM. */
polis_status_t polis_query_set_text(polis_query_t *q, const char *text);

/* Add a filter value for a facet (copied).  Values of one facet are ORed,
 * facets are ANDed.  A theme is named by its id, its label or any alias
 * the sources write ("Emploi et insertion"), a type by its value, any of
 * them with case, accents and punctuation ignored; a theme, type or kind
 * that names nothing makes the search fail with POLIS_ERR_BAD_QUERY and a
 * message naming the value.  POLIS_OK, POLIS_ERR_INVALID_ARG or
 * POLIS_ERR_NOMEM. */
polis_status_t polis_query_add_filter(polis_query_t *q, polis_facet_t facet, const char *value);

/* Keep documents published within [from, to], both "YYYYMMDD" or NULL for
 * an open end.  POLIS_OK or POLIS_ERR_INVALID_ARG. */
polis_status_t polis_query_set_date_range(polis_query_t *q, const char *from, const char *to);

/* Sort order.  POLIS_OK or POLIS_ERR_INVALID_ARG. */
polis_status_t polis_query_set_sort(polis_query_t *q, polis_sort_t sort);

/* Which hits to return: skip offset, return at most limit.  POLIS_OK. */
polis_status_t polis_query_set_range(polis_query_t *q, unsigned offset, unsigned limit);

/* Count up to max_values values of a facet (0 = all).  Counts are
 * disjunctive: a facet is counted under the filters of the other facets only.
 * POLIS_OK or POLIS_ERR_INVALID_ARG. */
polis_status_t polis_query_count_facet(polis_query_t *q, polis_facet_t facet, unsigned max_values);

/* Most terms the wildcards of the text (`dev* ville*`) may expand to in all:
 * each of n wildcards keeps its max_terms / n most frequent terms, so short
 * prefixes cannot make a query of the whole vocabulary, however many there
 * are (more wildcards than max_terms: the search fails with
 * POLIS_ERR_BAD_QUERY).  0 = the default (200).  POLIS_OK or
 * POLIS_ERR_INVALID_ARG. */
polis_status_t polis_query_set_max_expansion(polis_query_t *q, unsigned max_terms);

/* Most terms the parsed query may hold once its synonyms are added and its
 * wildcards counted at their share of the expansion: beyond, the search
 * fails with POLIS_ERR_BAD_QUERY and a message saying so.  0 = no bound (the
 * default).  POLIS_OK or POLIS_ERR_INVALID_ARG. */
polis_status_t polis_query_set_max_terms(polis_query_t *q, unsigned max_terms);

/* Time allowed for the whole search, in seconds (0 = no limit): every pass
 * through the matcher (the text, its correction, its relaxed form, the
 * counts) shares it, and no further pass starts once it is spent.  When it
 * runs out the result is partial and polis_result_timed_out() says so.
 * POLIS_OK, or POLIS_ERR_INVALID_ARG for a negative time. */
polis_status_t polis_query_set_time_limit(polis_query_t *q, double seconds);

/* Run q on idx.  On success *out is a result to free with polis_result_free();
 * it does not depend on q afterwards but must be freed before idx is closed.
 * Returns POLIS_OK, POLIS_ERR_BAD_QUERY (the message says why), POLIS_ERR_NOMEM,
 * POLIS_ERR_MODIFIED (after one silent reopen and retry), POLIS_ERR_CORRUPT,
 * POLIS_ERR_IO or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_search(polis_index_t *idx, const polis_query_t *q, polis_result_t **out);

/* Documents like the one with this id (relevance feedback: the document's
 * most telling terms, queried together), the document itself left out.  q
 * gives the filters, date range, range of hits and facets to count; its text
 * and sort are ignored (hits come by likeness).  Free *out with
 * polis_result_free(); highlighting marks the terms the likeness used.
 * Returns POLIS_OK, POLIS_ERR_INVALID_ARG, POLIS_ERR_NOT_FOUND (no such
 * document; the message says so), POLIS_ERR_BAD_QUERY (a filter names
 * nothing), POLIS_ERR_NOMEM, POLIS_ERR_MODIFIED,
 * POLIS_ERR_CORRUPT, POLIS_ERR_IO or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_similar(polis_index_t *idx, const char *id, const polis_query_t *q,
                                   polis_result_t **out);

/* Completions for a search box, appended to out (at most max, no two equal).
 * text is what the user typed so far.  When it ends inside a word, that word
 * is taken as a prefix: first come the text with it completed by words of the
 * index that start with it (accent-insensitive, most frequent first, and
 * among documents that also hold the text's other words), shown as the
 * documents spell them ("dévelop" and "develop" both give "développement");
 * then the titles that hold the text's words and a word with that prefix.
 * Strings are the caller's (polis_strv_clear()).  Empty text gives nothing.
 * Returns POLIS_OK, POLIS_ERR_INVALID_ARG, POLIS_ERR_NOMEM, POLIS_ERR_MODIFIED,
 * POLIS_ERR_CORRUPT, POLIS_ERR_IO or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_suggest(polis_index_t *idx, const char *text, unsigned max,
                                   polis_strv_t *out);

/* As polis_index_suggest(), and for each completion appended to out the id
 * of the document whose title it is, appended to ids: "" for a word
 * completion.  ids gains exactly as many strings as out (equal ones
 * included: do not push to it with polis_strv_push()); NULL is allowed.
 * Same statuses. */
polis_status_t polis_index_suggest_ids(polis_index_t *idx, const char *text, unsigned max,
                                       polis_strv_t *out, polis_strv_t *ids);

/* Every value of a facet in the index with its number of documents, or only
 * those with a word starting with prefix (folded: "bea" finds "Beauvais" and
 * "Béal"; for themes the display label is searched too).  NULL or "" lists
 * them all.  Values come by count, then by folded value; at most max (0 =
 * all).  Read them with polis_result_facet_size() and
 * polis_result_facet_value(); polis_result_total() is the number of values
 * that matched before max cut the list.  Free *out with polis_result_free().
 * Counts are exact.  Returns POLIS_OK, POLIS_ERR_INVALID_ARG, POLIS_ERR_NOMEM,
 * POLIS_ERR_CORRUPT, POLIS_ERR_IO or POLIS_ERR_XAPIAN. */
polis_status_t polis_index_facet_values(polis_index_t *idx, polis_facet_t facet, const char *prefix,
                                        unsigned max, polis_result_t **out);

/* ---- Results ------------------------------------------------------------ */

/* Free a result and every string it owns.  NULL is allowed. */
void polis_result_free(polis_result_t *r);

/* Number of matching documents (exact). */
unsigned long polis_result_total(const polis_result_t *r);

/* Number of hits held (at most the query's limit). */
size_t polis_result_size(const polis_result_t *r);

/* The hit's id, stored JSON, and relevance in [0, 1].  Strings belong to r.
 * i must be below polis_result_size().  The stored JSON has every field of
 * the document but its body (polis_result_body() gives that, and
 * polis_index_get_doc() the whole document). */
const char *polis_result_id(const polis_result_t *r, size_t i);
const char *polis_result_data(const polis_result_t *r, size_t i);
double polis_result_score(const polis_result_t *r, size_t i);

/* The hit's body text ("" when it has none).  Belongs to r. */
const char *polis_result_body(const polis_result_t *r, size_t i);

/* HTML for text with the query's matching words in <mark>…</mark>: the whole
 * text when max_bytes is 0, else the best passage of about max_bytes with
 * "…" where it was cut.  Matching is folded and stemmed, so "economique" marks
 * "économiques".  Everything else is HTML-escaped.  Returns a malloc()ed string
 * the caller frees, or NULL when out of memory. */
char *polis_result_highlight(const polis_result_t *r, const char *text, size_t max_bytes);

/* The corrected query text when spelling data suggested one, else NULL.
 * Belongs to r. */
const char *polis_result_corrected(const polis_result_t *r);

/* Non-zero when the query as typed found nothing and the hits are those of
 * polis_result_corrected() instead. */
int polis_result_used_correction(const polis_result_t *r);

/* The value the filter of facet given as `given` (polis_query_add_filter())
 * named, as the facet counts give it: for a theme, its id ("emploi-insertion"
 * for "Emploi - Insertion"); for a type, the value as the index holds it
 * ("Actu de l'IREV" for "actu de l irev"); for the other facets, given as it
 * is.  NULL when the search (polis_index_search(), polis_index_similar())
 * had no such filter.  Belongs to r. */
const char *polis_result_filter(const polis_result_t *r, polis_facet_t facet, const char *given);

/* Non-zero when every word was required and nothing matched, so the words
 * were ORed instead ("relaxed" match). */
int polis_result_relaxed(const polis_result_t *r);

/* Non-zero when the time limit cut the match short. */
int polis_result_timed_out(const polis_result_t *r);

/* Number of values counted for a facet (0 when it was not asked for). */
size_t polis_result_facet_size(const polis_result_t *r, polis_facet_t facet);

/* The i-th value of a facet, by count then value.  *value belongs to r. */
void polis_result_facet_value(const polis_result_t *r, polis_facet_t facet, size_t i,
                              const char **value, unsigned long *count);

#ifdef __cplusplus
}
#endif

#endif
