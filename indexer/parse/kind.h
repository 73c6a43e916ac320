/* indexer/kind.h — what kind of document a page is, from what it shows.
 *
 *   recap         its URL's last segment or its title starts "Retour sur"
 *   bibliography  its URL holds "bibliographie", or its title starts so
 *   news          a content type field ("Type d'actualités") says so, or a
 *                 news path does (/actualites, /actu, /agenda, /evenements,
 *                 /news, /blog, /presse, /communiques, /breves, a /YYYY/MM/
 *                 date path), or it is dated and not under a static section
 *   page          "action" pages (/action/, without a content type), static
 *                 sections (/guide, /fiche…, /glossaire, /ressources,
 *                 /documentation, /dispositifs), and what carries no date
 * The rules are the Markdown and HTML readers' alike.
 */
#ifndef IX_KIND_H
#define IX_KIND_H

#include "polis/doc.h"

/* What a page shows about itself. */
typedef struct {
    const char *url;     /* source URL, or NULL */
    const char *title;   /* or NULL */
    const char *relpath; /* the file, when there is no URL */
    int typed;           /* it has a content type field */
    int dated;           /* it has a publication or event date */
} ix_kind_signs_t;

/* The kind those signs point to. */
polis_kind_t ix_kind_guess(const ix_kind_signs_t *signs);

#endif
