/* indexer/ident.h — who a document is: its id, the source it comes from, and
 * how two documents that claim one id are told apart.
 *
 * An id is the slug of the source URL's whole path (the host left out), so
 * pages that reuse a last segment under different paths ("/agenda/2019/
 * rencontre", "/actualites/rencontre") stay apart; a file without a URL is
 * known by its corpus path.  References are "<parent id>~<n>" or carry a
 * DOI/ISBN id (biblio.h); OAI records their identifier (oai.h).
 *
 * A slug can still meet another (two hosts with one path, "/a/b-c" and
 * "/a-b/c").  No document is lost for it: when two documents claim an id,
 *   - if they come from the same source (the same URL up to scheme, "www.",
 *     case of the host, a trailing '/' and the fragment; or the same DOI,
 *     ISBN or OAI identifier), they are one document and the newer copy wins:
 *     the later modification date (else publication date) written in it,
 *     then the later file modification time, then the first file in path
 *     order;
 *   - else both are kept: the one from the first file in path order keeps
 *     the id, the other gets the id with "-" and its host's slug when the
 *     hosts differ, else "-" and eight hex digits of its source's hash.
 * The same answer comes from a build in any order of threads and from an
 * update, because it depends on the documents and paths only.  See
 * docs/architecture.md, "Identity".
 */
#ifndef IX_IDENT_H
#define IX_IDENT_H

#include <stddef.h>

#include "polis/doc.h"
#include "polis/text.h"

/* Append the id a source URL gives: its path and query, percent-decoded and
 * slugged ("https://irev.fr/actualites-0/retour-sur-x" ->
 * "actualites-0-retour-sur-x"), a last ".html", ".htm", ".php", ".asp",
 * ".aspx" or ".jsp" dropped; a URL with no path gets its host's slug.
 * Appends nothing when that is empty.  0 or -1. */
int ix_ident_from_url(const char *url, polis_buf_t *out);

/* Append the id of a corpus path: the path without its extension, slugged,
 * '/' becoming '-' ("pages/Foo bar.md" -> "pages-foo-bar").  A path with no
 * letters or digits gets "doc-" and a hash of the path.  0 or -1. */
int ix_ident_from_path(const char *relpath, polis_buf_t *out);

/* Append the form of a URL two copies of one source share: no scheme, the
 * host in lower case without "www." or a default port, no fragment, no
 * trailing '/' ("https://www.IREV.fr/a/" -> "irev.fr/a").  0 or -1. */
int ix_ident_url_key(const char *url, polis_buf_t *out);

/* What a claim on an id is measured by. */
typedef struct {
    const char *id;
    const char *parent;     /* the document's parent id, or NULL */
    unsigned long long key; /* polis_text_hash64() of its source key (ix_claim_key()) */
    unsigned long long host_hash;
    const char *host; /* the source URL's host (ix_claim_host()), "" when none */
    const char *date; /* modification, else publication date, or "" */
    long long mtime;  /* the file's modification time, ns */
    size_t file;      /* the file's rank in path order */
} ix_claim_t;

typedef enum {
    IX_CLAIM_KEEP,    /* the holder stays; the claimant is the same document, older: dropped */
    IX_CLAIM_REPLACE, /* the same document, newer: the claimant replaces the holder */
    IX_CLAIM_RENAME,  /* another document: the claimant takes ix_claim_suffix()'s id */
    IX_CLAIM_YIELD    /* another document from an earlier file: the holder must move to
                       * its own suffixed id, the claimant takes the id */
} ix_claim_outcome_t;

/* Settle a claim on an id another document already holds (same id). */
ix_claim_outcome_t ix_claim_decide(const ix_claim_t *holder, const ix_claim_t *claimant);

/* Append the id a document moves to when another holds its own: see above.
 * other is the holder of the plain id.  0 or -1. */
int ix_claim_suffix(const ix_claim_t *self, const ix_claim_t *other, polis_buf_t *out);

/* Append the source key of doc to out: "url:<ix_ident_url_key()>" for
 * a page with a URL, "id:<id>" for a reference (its id is its DOI, ISBN or
 * OAI identifier), "path:<rel>#<id>" else; for an id "<parent id>~<n>",
 * parent_key (the page's key) and "~<n>": a reference is the same document
 * as another only if their pages are.  0 or -1. */
int ix_claim_key(const polis_doc_t *doc, const char *rel, const char *parent_key, polis_buf_t *out);

/* The host of a URL, lower case, without "www.", into out (NUL-terminated,
 * at most n bytes); "" when there is none. */
void ix_claim_host(const char *url, char *out, size_t n);

/* The date a document's newness is told by: modified, else published. */
const char *ix_claim_date(const polis_doc_t *doc);

#endif
