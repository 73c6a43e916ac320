/* indexer/html_int.h — what the readers of an HTML page share (html.c,
 * html_meta.c, html_micro.c, html_fields.c).  Internal; see html.h. */
#ifndef IX_HTML_INT_H
#define IX_HTML_INT_H

#include <libxml/tree.h>

#include "parse/frdate.h"
#include "parse/isodate.h"
#include "polis/doc.h"
#include "polis/text.h"
#include "vocab/themes.h"

/* What the first walk, over the whole document, collects (html_meta.c). */
typedef struct {
    char *title, *description, *keywords, *dc_title, *og_title, *dc_date, *published_time;
    char *modified_time, *canonical, *og_url, *base_href, *lang, *dc_language, *dc_type;
    char *site_name;
    char *source_note, *source_href; /* print pages: "URL de la source (modifié le …): <a>" */
    polis_strv_t dc_subjects, dc_creators;
    const xmlNode *h1;      /* the first <h1> outside the page's furniture */
    const xmlNode *main[4]; /* role="main", <main>, #content, <body>: first found wins */
    int furniture;          /* > 0 while inside navigation, footer... */
} meta_t;

/* What the article itself says of itself in microformats, microdata and
 * RDFa, wherever it puts it (html_micro.c). */
typedef struct {
    polis_strv_t tags;               /* rel="tag" links, itemprop="keywords", Joomla's tag lists */
    const xmlNode *headline;         /* itemprop="headline", an <h1> in the article's own header */
    char published[IX_ISODATE_SIZE]; /* hAtom "published", datePublished, dc:date */
    char modified[IX_ISODATE_SIZE];  /* hAtom "updated", dateModified */
} micro_t;

/* The second walk, over the main content (html_fields.c). */
typedef struct {
    polis_doc_t *doc;
    const ix_themes_t *themes;
    const meta_t *meta;
    const char *base;
    polis_buf_t body;
    const xmlNode *link; /* the <a> being read, or NULL */
    char *link_href;
    size_t link_start; /* where its text starts in body */
    char dates_field[IX_FRDATE_SIZE];
    char published_field[IX_FRDATE_SIZE];
    char modified_field[IX_FRDATE_SIZE];
    int typed; /* a "Type d'actualites" field was read */
} page_t;

/* Walk the document into m (zeroed first).  0; -1 out of memory; -2 nesting
 * deeper than the walk follows. */
int ix_html_meta_read(const xmlNode *root, meta_t *m);
void ix_html_meta_free(meta_t *m);

/* Read the signs of the article under root (zeroed first; its main
 * content, or the first <article> in it).  0 or -1. */
int ix_html_micro_read(const xmlNode *root, micro_t *mi);
void ix_html_micro_free(micro_t *mi);

/* Walk the main content into p: body text, links, labelled fields.  0, -1. */
int ix_html_fields_read(page_t *p, const xmlNode *main);

/* Drop printer-friendly pages' " [3]" markers from s; returns the new length. */
size_t ix_html_strip_footnotes(char *s, size_t len);

#endif
