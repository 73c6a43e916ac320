/* indexer/md_front.h — the YAML front matter of a Markdown export.
 *
 * Static-site exports (Jekyll, Hugo, WordPress to Markdown) open a page
 * with a "---" line, "key: value" lines and a closing "---" (or "...").
 * libyaml reads it; what the keys mean is here:
 *   title                                  -> title (entities decoded)
 *   date, published, publishDate           -> published (an instant dated in Paris)
 *   lastmod, modified, updated             -> modified
 *   permalink, url, canonical, source      -> url (absolute URLs only)
 *   categories, tags, themes, thematiques, keywords, subjects -> theme labels
 *   author, authors                        -> authors
 *   description, summary                   -> summary
 *   type                                   -> site_type
 *   lang, language                         -> language
 * A value may be a string or a list of strings; other keys are left alone.
 */
#ifndef IX_MD_FRONT_H
#define IX_MD_FRONT_H

#include <stddef.h>

#include "polis/doc.h"

/* Length of the front matter block at the start of buf[0..len) (its
 * closing line included), or 0 when there is none. */
size_t ix_md_front_len(const char *buf, size_t len);

/* Read the front matter buf[0..n) (n from ix_md_front_len()) into doc,
 * which must be initialised.  Returns 0; 1 when it is not YAML libyaml
 * reads (nothing set, *err says why); -1 when out of memory. */
int ix_md_front_read(const char *buf, size_t n, polis_doc_t *doc, char *err, size_t errlen);

#endif
