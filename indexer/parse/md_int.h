/* indexer/parse/md_int.h — what the Markdown page reader's two files share
 * (md.c, the body and the document; md_fields.c, the field lines).
 * Internal; see md.h. */
#ifndef IX_MD_INT_H
#define IX_MD_INT_H

#include "parse/frdate.h"
#include "parse/md_tree.h"
#include "polis/doc.h"
#include "polis/text.h"

#define LABEL_MAX  64 /* a field label is shorter than this */
#define VALUE_LINE 80 /* a value alone on its line under its label is shorter */
/* Values kept per list field (themes, keywords...): bounds the duplicate
 * checks of polis_strv_push() on a hostile page. */
#define LIST_MAX  512
#define BOLDS_MAX 256

typedef enum {
    F_NONE = 0,
    F_TYPE,
    F_DATES,
    F_THEMES,
    F_URL,
    F_PLACES,
    F_AUTHORS,
    F_KEYWORDS,
    F_SUMMARY,
    F_PUBLISHER,
    F_LANGUAGE
} field_t;

/* Everything one parse works with. */
typedef struct {
    const ix_md_tree_t *tree;
    const ix_md_block_t *block; /* the block being read */
    polis_doc_t *doc;
    polis_strv_t *warnings;
    polis_buf_t body;
    polis_buf_t tmp;
    polis_strv_t bolds;              /* bold phrases of the body, in order */
    ix_md_block_kind_t prev_body;    /* kind of the block just rendered into the body */
    int prev_was_body;               /* the previous block went to the body */
    field_t list;                    /* a list field whose values may go on below it */
    int list_open;                   /* ... and its label had no value on its line */
    const ix_md_block_t *list_block; /* ... and the block of its label */
    char dates_field[IX_FRDATE_SIZE];
    int has_fields;
} parse_t;

/* Tree text at offset off. */
static inline const char *ix_md_text_at(const parse_t *p, size_t off)
{
    return p->tree->text.data + off;
}

/* Copy tree text [from, to) into p->tmp, line breaks as spaces, trimmed.
 * 0 or -1. */
int ix_md_copy(parse_t *p, size_t from, size_t to);

/* Append s to v unless v holds LIST_MAX values already.  0 or -1. */
int ix_md_push_capped(polis_strv_t *v, const char *s);

/* The field a line starts with, and its value's offset and the note in
 * parentheses ("URL de la source (modifié le …):"); F_NONE when none. */
field_t ix_md_field_of(const char *s, size_t len, size_t *value, size_t *note, size_t *note_len);

/* Read a field line's value [from, to) into the document.  0 or -1. */
int ix_md_field(parse_t *p, field_t f, size_t from, size_t to, const char *note, size_t note_len);

/* A "Publié le …" line sets the document's date: 1 when the line is one. */
int ix_md_published_line(parse_t *p, const char *s, size_t len);

/* Whether a line below a list field's label is one more of its values. */
int ix_md_list_value(parse_t *p, const ix_md_block_t *b, const char *s, size_t len, size_t from);

/* Add the values [from, to) of the list field f.  0 or -1. */
int ix_md_add_items(parse_t *p, field_t f, size_t from, size_t to);

#endif
