/* indexer/md_entity.h — HTML character references ("&eacute;", "&#233;",
 * "&#xE9;", "&hellip;") decoded, as Markdown pages and their front matter
 * write them.  libxml2 knows HTML 4's names; md4c's HTML renderer, which
 * knows HTML5's, answers for the rest. */
#ifndef IX_MD_ENTITY_H
#define IX_MD_ENTITY_H

#include <stddef.h>

#include "polis/text.h"

/* Decode one reference (the whole of it, '&' to ';') and append its text to
 * out; one that names no character is appended as written.  0 or -1. */
int ix_md_entity(const char *s, size_t len, polis_buf_t *out);

#endif
