/* polis/doc.h — the document model shared by the indexer, the shim and searchd.
 *
 * A polis_doc_t is a plain struct: parsers fill it, polis_index_put() stores it,
 * searchd reads it back from its JSON form.  Every string member is either NULL
 * or a NUL-terminated UTF-8 string owned by the document and released by
 * polis_doc_clear().  Dates are ISO strings ("YYYY-MM-DD", modified may carry a
 * time "YYYY-MM-DDTHH:MM"), empty when unknown.
 */
#ifndef POLIS_DOC_H
#define POLIS_DOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a document is.  The names are the values of the `kind` facet. */
typedef enum {
    POLIS_KIND_UNKNOWN = 0,
    POLIS_KIND_RECAP,        /* "recap": an event recap ("Retour sur ...") */
    POLIS_KIND_NEWS,         /* "news": news, calls for projects */
    POLIS_KIND_PAGE,         /* "page": other pages ("action" pages) */
    POLIS_KIND_BIBLIOGRAPHY, /* "bibliography": a page listing references */
    POLIS_KIND_REFERENCE     /* "reference": one bibliographic record */
} polis_kind_t;

/* The facets a search can filter on and count.  The order is the schema's:
 * the shim maps each one to a boolean term prefix and a value slot. */
typedef enum {
    POLIS_FACET_THEME = 0,
    POLIS_FACET_TYPE, /* the site's content type, e.g. "Actu de l'IREV" */
    POLIS_FACET_KIND,
    POLIS_FACET_YEAR, /* year of the published date */
    POLIS_FACET_PLACE,
    POLIS_FACET_AUTHOR,
    POLIS_FACET_COUNT_ /* number of facets, not a facet */
} polis_facet_t;

/* A growable vector of owned strings. */
typedef struct {
    char **v;
    size_t n;
    size_t cap;
} polis_strv_t;

/* A link found in a document: its text (may be empty) and its target URL. */
typedef struct {
    char *text;
    char *url;
} polis_link_t;

typedef struct {
    char *id; /* stable, URL-safe; see docs/architecture.md, "Identity" */
    polis_kind_t kind;
    char *title;
    char *body;            /* plain text, paragraphs separated by "\n\n" */
    char *summary;         /* the abstract (a reference's "Résumé", dc:description,
                            * MODS abstract) or a page's description; may be NULL */
    char *site_type;       /* "Type d'actualites", may be NULL */
    polis_strv_t themes;   /* theme ids (themes.tsv's, or a label's slug); a
                            * parser fills it with labels as written, which
                            * the indexer maps before storing */
    polis_strv_t keywords; /* subjects that map to no theme */
    char published[20];
    char event_date[20];
    char modified[20];
    polis_strv_t places;
    polis_strv_t authors; /* as the source writes them ("DUPONT Marie", "Dupont,
                           * Marie"); the author facet groups them by
                           * polis_author_normalise() */
    char *publisher;      /* who published the work (not the journal: container) */
    char *url;            /* source URL */
    char *parent_id;      /* for references: the bibliography they came from */
    char *citation;       /* for references: the raw citation text */
    char *language;
    char *source_path;  /* corpus-relative path of the file */
    char *content_hash; /* hex digest of the source file's bytes */
    polis_link_t *links;
    size_t n_links;
    size_t cap_links;
    /* What a citation needs beyond the above (since 0.2).  For references;
     * each may be NULL. */
    char *container;   /* the journal, series or book the work is part of */
    char *volume;      /* "32" */
    char *issue;       /* "4", "HS", "hors-série 66" */
    char *pages;       /* the pages within the container: "411-420", "45" */
    char *extent;      /* the size of a whole work, as written: "245 p." */
    char *doi;         /* "10.3917/spub.204.0411": no "doi:", no resolver */
    char *isbn;        /* 13 or 10 characters: digits, a final X */
    unsigned position; /* a reference's 1-based rank in its bibliography; 0: none */
} polis_doc_t;

/* Name of a kind ("recap", ...); "unknown" for POLIS_KIND_UNKNOWN.  Static string. */
const char *polis_kind_name(polis_kind_t kind);

/* Kind from its name; POLIS_KIND_UNKNOWN when the name is not one. */
polis_kind_t polis_kind_from_name(const char *name);

/* Name of a facet as used in URLs ("theme", "type", "kind", "year", "place",
 * "author"); NULL for an out-of-range value.  Static string. */
const char *polis_facet_name(polis_facet_t facet);

/* Facet from its URL name; returns -1 when the name is not a facet. */
int polis_facet_from_name(const char *name);

/* Zero a document.  A zeroed document is empty and valid. */
void polis_doc_init(polis_doc_t *doc);

/* Free every member and zero the document again. */
void polis_doc_clear(polis_doc_t *doc);

/* Replace *field with a copy of the first len bytes of s (len (size_t)-1: all
 * of s); s NULL clears the field.  Returns 0, or -1 when out of memory. */
int polis_str_set(char **field, const char *s, size_t len);

/* Append a copy of s to v unless v already holds an equal string.
 * Returns 0, or -1 when out of memory. */
int polis_strv_push(polis_strv_t *v, const char *s);

/* Free the strings of v and zero it. */
void polis_strv_clear(polis_strv_t *v);

/* Append a link (copies of text and url; text may be NULL).  0 or -1 (ENOMEM). */
int polis_doc_add_link(polis_doc_t *doc, const char *text, const char *url);

/* The values a document has for one facet, appended to out (the year is
 * derived from the published date, the kind from its name, authors by
 * polis_author_normalise()).  0 or -1 (ENOMEM). */
int polis_doc_facet_values(const polis_doc_t *doc, polis_facet_t facet, polis_strv_t *out);

/* The form of an author's name that the author facet groups by, "Nom,
 * Prénom": a family name written in capitals is set in title case and put
 * first, so "DUPONT Marie", "Marie DUPONT", "DUPONT, Marie" and "Dupont,
 * Marie" all give "Dupont, Marie" ("LE GALL Yves" gives "Le Gall, Yves").
 * A name that shows no family name this way — an organisation ("Agence
 * nationale pour la rénovation urbaine", "CGET"), "Marie Dupont" — is
 * returned as written, its white space collapsed.  Returns a malloc()ed
 * string the caller frees, or NULL when out of memory (or written is NULL). */
char *polis_author_normalise(const char *written);

/* Serialise a document to compact JSON.  Returns a malloc()ed string the caller
 * frees, or NULL when out of memory.  Empty fields are left out. */
char *polis_doc_to_json(const polis_doc_t *doc);

/* Fill doc (which must be initialised, and is cleared first) from JSON made by
 * polis_doc_to_json().  Returns 0, or -1 when the text is not such JSON. */
int polis_doc_from_json(polis_doc_t *doc, const char *json, size_t len);

#ifdef __cplusplus
}
#endif

#endif
