/* cite.h — what a citation is made of, shared by every citation format.
 *
 * The RIS, BibTeX and CSL-JSON encoders and the notice page's "Citer" block
 * all need the same three readings of a document: which kind of work it is
 * (an article, a book, a chapter...), its authors as family and given
 * names, and its year.  They are made here once, so the formats cannot
 * disagree on them; each encoder then writes them on its own terms.
 *
 * Pure helpers: no libmicrohttpd, no index but theme labels through a
 * handle (tests/unit/test_cite.c).
 */
#ifndef SD_API_CITE_H
#define SD_API_CITE_H

#include <stddef.h>

#include "api/handle.h"
#include "polis/doc.h"
#include "polis/text.h"

/* The kind of work, as citation formats know them. */
typedef enum {
    SD_CITE_GENERIC = 0, /* a reference of no known type */
    SD_CITE_ARTICLE,     /* "Article": in a journal */
    SD_CITE_BOOK,        /* "Ouvrage", "Guide" */
    SD_CITE_CHAPTER,     /* "Chapitre d'ouvrage": in a book */
    SD_CITE_REPORT,      /* "Rapport", "Étude", "Note" */
    SD_CITE_THESIS,      /* "Thèse", "Mémoire" */
    SD_CITE_CONFERENCE,  /* "Communication", "Actes" */
    SD_CITE_WEBPAGE      /* a page of the site: news, recap, page, bibliography */
} sd_cite_type_t;

/* The kind of work doc is: its type d'document for a reference, a web page
 * for the site's own pages. */
sd_cite_type_t sd_cite_type(const polis_doc_t *doc);

/* The French name of a kind, as the page and the French CSV show it:
 * "Compte rendu", "Actualité", "Page", "Bibliographie", "Référence"; ""
 * for POLIS_KIND_UNKNOWN.  Static string. */
const char *sd_cite_kind_label(polis_kind_t kind);

/* An author as citation formats want it: a person's family and given names
 * ("Dupont", "Marie"), or an organisation's name whole (family NULL). */
typedef struct {
    char *family;  /* NULL for an organisation */
    char *given;   /* "" when only a family name is known */
    char *literal; /* the normalised name, "Dupont, Marie" or "CGET" */
} sd_cite_name_t;

/* Split a written author ("DUPONT Marie", "Dupont, Marie", "CGET") through
 * polis_author_normalise().  0, or -1 when out of memory (name zeroed). */
int sd_cite_name(const char *written, sd_cite_name_t *name);

/* Free what sd_cite_name() made. */
void sd_cite_name_free(sd_cite_name_t *name);

/* The year of the published date, "" when there is none: out holds 5 bytes. */
void sd_cite_year(const polis_doc_t *doc, char out[5]);

/* The number of pages of an extent ("245 p." → "245"), "" when it says no
 * number: out holds 16 bytes. */
void sd_cite_page_count(const polis_doc_t *doc, char out[16]);

/* The themes of doc by their labels (through h; NULL gives the ids),
 * joined by sep, appended to out: the keywords of a citation.  0 or -1. */
int sd_cite_themes(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h, const char *sep);

/* A piece of a citation for sd_cite_iso690(): text to append, in italics
 * when italic is non-zero.  Returns 0, or -1 to stop. */
typedef int (*sd_cite_put_fn)(void *ctx, const char *text, size_t len, int italic);

/* The citation of doc in the French author-date style of ISO 690:
 *   DUPONT, Marie et LEROY, Paul, 2016. *Les quartiers…*. Éditions de l'Aube. 245 p. ISBN
 * 9782810903122. MOREL, Anne, 2020. Santé mentale…. *Santé publique*. Vol. 32, n° 4, p. 411-420.
 * DOI 10.3917/…. ROCHET, Paul, 2012. Les politiques. In : *Santé et territoires*. Presses de
 * l'EHESP, p. 45-60. families in capitals, "s.d." without a year, "[en ligne]" and the address for
 * a web page (url, may be NULL).  Written through put, with the titles of books, journals and pages
 * in italics.  0, or the first non-zero return of put. */
int sd_cite_iso690(const polis_doc_t *doc, const char *url, sd_cite_put_fn put, void *ctx);

/* The same citation as plain text (no italics) appended to out.  0 or -1. */
int sd_cite_text(const polis_doc_t *doc, const char *url, polis_buf_t *out);

#endif
