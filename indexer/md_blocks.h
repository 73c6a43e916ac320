/* indexer/md_blocks.h — the block structure of a print-export page.
 *
 * Lines are grouped into paragraphs (consecutive non-blank lines), list
 * items ("- ", "* ", "+ ", "1. "; the lines right below an item continue
 * it), `#` headings and `[n] <url>` link lines.  Blank lines and thematic
 * breaks ("---") separate blocks; a quotation's '>' is dropped.
 */
#ifndef POLIS_MD_BLOCKS_H
#define POLIS_MD_BLOCKS_H

#include <stddef.h>

typedef enum {
    POLIS_MD_PARA,
    POLIS_MD_ITEM,
    POLIS_MD_HEADING,
    POLIS_MD_LINKDEF
} polis_md_block_kind_t;

typedef struct {
    polis_md_block_kind_t kind;
    int level;        /* POLIS_MD_HEADING: 1 to 6 */
    const char *text; /* into the input: the text without its list or heading
                       * marker (LINKDEF: the URL without '<' '>'); the lines
                       * of a paragraph keep their newlines */
    size_t len;
    unsigned long n; /* POLIS_MD_LINKDEF: the reference number */
} polis_md_block_t;

/* Cut buf[0..len) into blocks, in order.  The blocks point into buf, which
 * must outlive them.  *out is a malloc()ed array of *n blocks the caller
 * frees (NULL when there is none).  Returns 0, or -1 when out of memory. */
int polis_md_blocks(const char *buf, size_t len, polis_md_block_t **out, size_t *n);

#endif
