/* tables.c — loading the corpus vocabularies and storing them in an index. */
#include "vocab/tables.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "path.h"
#include "polis/text.h"

/* Set by the Makefile from DATADIR (make install puts the tables there). */
#ifndef POLIS_DATADIR
#define POLIS_DATADIR "/usr/local/share/polis"
#endif

const char *ix_tables_datadir(void)
{
    const char *env = getenv("POLIS_DATADIR");
    return env && *env ? env : POLIS_DATADIR;
}

int ix_tables_load(ix_tables_t *t, const char *corpus, const char *themes_path,
                   const char *synonyms_path, void (*warn)(void *, const char *, const char *),
                   void *ctx, char *err, size_t errlen)
{
    const char *paths[2] = { themes_path, synonyms_path };
    const char *names[2] = { "themes.tsv", "synonyms.tsv" };
    t->themes = NULL;
    t->synonyms = NULL;
    for (int k = 0; k < 2; k++) {
        char def[4096], shared[4096], why[4200];
        const char *path = paths[k];
        if (!path) {
            int n = snprintf(def, sizeof def, "%s/%s", corpus, names[k]);
            int m = snprintf(shared, sizeof shared, "%s/%s", ix_tables_datadir(), names[k]);
            if (n < 0 || (size_t)n >= sizeof def || m < 0 || (size_t)m >= sizeof shared)
                continue;
            /* The corpus's own table, else the installed default; the
             * corpus's only when it really lies in the corpus. */
            char real[PATH_MAX];
            int own = access(def, F_OK) == 0;
            if (own && (!realpath(corpus, real) || !ix_path_inside(real, def))) {
                if (warn)
                    warn(ctx, def, "symlink outside the corpus, skipped");
                own = 0;
            }
            path = own ? def : access(shared, F_OK) == 0 ? shared : NULL;
            if (!path) {
                snprintf(why, sizeof why, "not found, nor %s: %s", shared,
                         k == 0 ? "theme labels become themes as they are written" : "no synonyms");
                if (warn)
                    warn(ctx, def, why);
                continue;
            }
        }
        int rc = k == 0 ? ix_themes_load(path, &t->themes, err, errlen)
                        : ix_synonyms_load(path, &t->synonyms, err, errlen);
        if (rc != 0) {
            ix_tables_free(t);
            return -1;
        }
    }
    return 0;
}

void ix_tables_free(ix_tables_t *t)
{
    ix_themes_free(t->themes);
    ix_synonyms_free(t->synonyms);
    t->themes = NULL;
    t->synonyms = NULL;
}

polis_status_t ix_tables_store(const ix_tables_t *t, polis_index_t *idx)
{
    polis_buf_t ids = { 0 }, key = { 0 };
    polis_status_t st = POLIS_OK;
    for (size_t i = 0; st == POLIS_OK && i < ix_themes_count(t->themes); i++) {
        const char *id, *label;
        if (ix_themes_at(t->themes, i, &id, &label) != 0)
            break;
        key.len = 0;
        if (polis_buf_printf(&key, "theme:%s", id) != 0 ||
            polis_buf_printf(&ids, "%s%s", i ? "\n" : "", id) != 0)
            st = POLIS_ERR_NOMEM;
        else
            st = polis_index_set_metadata(idx, key.data, label);
    }
    /* A filter finds a theme by any of its spellings, by slug. */
    for (size_t i = 0; st == POLIS_OK && i < ix_themes_keys(t->themes); i++) {
        const char *k, *id;
        if (ix_themes_key_at(t->themes, i, &k, &id) != 0)
            break;
        key.len = 0;
        st = polis_buf_printf(&key, "themekey:%s", k) != 0
                 ? POLIS_ERR_NOMEM
                 : polis_index_set_metadata(idx, key.data, id);
    }
    if (st == POLIS_OK)
        st = polis_index_set_metadata(idx, "themes", ids.len ? ids.data : "");
    if (st == POLIS_OK)
        st = polis_index_clear_synonyms(idx);
    for (size_t i = 0; st == POLIS_OK && i < ix_synonyms_count(t->synonyms); i++) {
        size_t n = 0;
        const char *const *group = ix_synonyms_group(t->synonyms, i, &n);
        st = polis_index_add_synonyms(idx, group, n);
    }
    polis_buf_free(&ids);
    polis_buf_free(&key);
    return st;
}
