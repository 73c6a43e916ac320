/* bibtex.h — documents as BibTeX entries, for JabRef, Zotero, BibLaTeX and
 * LaTeX. */
#ifndef SD_API_BIBTEX_H
#define SD_API_BIBTEX_H

#include "api/handle.h"
#include "polis/doc.h"
#include "polis/text.h"

#define SD_BIBTEX_TYPE "application/x-bibtex; charset=utf-8"

/* Append s as the inside of a braced BibTeX value: UTF-8 kept (biber,
 * JabRef and Zotero read it), LaTeX's specials escaped (\& \% \$ \# \_ \{
 * \} and \textbackslash{}, \textasciitilde{}, \textasciicircum{}), line
 * breaks and tabs made spaces, other control characters dropped.  0 or -1. */
int sd_bibtex_text(polis_buf_t *out, const char *s);

/* The entry type of doc: article, book, incollection, techreport,
 * phdthesis, inproceedings, online (the site's pages) or misc.  Static. */
const char *sd_bibtex_type(const polis_doc_t *doc);

/* Append the entry of doc, keyed by its id (characters other than letters,
 * digits, '-', '.' and ':' made '_'): author ("Dupont, Marie and {CGET}"),
 * title, journal / booktitle / series, publisher (institution for a
 * report, school for a thesis), year, volume, number, pages ("411--420"),
 * pagetotal, doi and url (verbatim: only braces, spaces and controls
 * percent-encoded), isbn, abstract, keywords (theme labels via h, may be
 * NULL), language.  0 or -1. */
int sd_bibtex_entry(polis_buf_t *out, const polis_doc_t *doc, sd_handle_t *h);

#endif
