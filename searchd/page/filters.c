/* filters.c — the filter column: facets as checkboxes with counts.
 *
 * Plain form controls inside the page's GET form, so ticking a box and
 * pressing "Appliquer" works with JavaScript off; app.js submits on change.
 * The counts are /api/search's disjunctive counts: a ticked theme still
 * shows what each other theme would add.
 */
#include "page/render.h"

#include <stdlib.h>
#include <string.h>

#include "api/facets.h"
#include "polis/doc.h"

/* Values shown before "Afficher plus" (a <details>, which needs no script). */
#define VISIBLE_VALUES 8
/* Most values one facet lists, ticked ones included. */
#define MAX_VALUES 256

/* Which values of the type facet a fieldset lists. */
enum { ALL, DOC_TYPES, OTHER_TYPES };

/* The fieldsets: facet, legend, which values, the id's suffix.  The type
 * facet is one in the index; the sources call its values two things, the
 * type of a document (Article, Ouvrage) and the type of a news item (Actu
 * de l'IREV, Appel à projets), so the page shows them apart. */
static const struct {
    polis_facet_t facet;
    const char *legend;
    int which;
    const char *id;
} shown[SD_PAGE_FACETS] = {
    { POLIS_FACET_THEME, "Thématiques", ALL, "theme" },
    { POLIS_FACET_KIND, "Nature du document", ALL, "kind" },
    { POLIS_FACET_TYPE, "Type de document", DOC_TYPES, "type-doc" },
    { POLIS_FACET_TYPE, "Type d’actualité", OTHER_TYPES, "type-news" },
    { POLIS_FACET_YEAR, "Année de publication", ALL, "year" },
};

typedef struct {
    const char *value;
    const char *label;
    long long count;
} item_t;

/* Years read best newest first; the shim gives them by count. */
static int by_value_desc(const void *a, const void *b)
{
    return strcmp(((const item_t *)b)->value, ((const item_t *)a)->value);
}

static void checkbox(sd_htmlenc_t *b, const sd_page_t *st, polis_facet_t f, const char *id,
                     size_t i, const item_t *it)
{
    const char *name = polis_facet_name(f);
    sd_htmlenc_rawf(b, "<li><input type=\"checkbox\" id=\"f-%s-%zu\" name=\"%s\" value=\"", id, i,
                    name);
    sd_htmlenc_attr(b, it->value);
    sd_htmlenc_raw(b, "\"");
    if (sd_page_has_filter(st, (int)f, it->value))
        sd_htmlenc_raw(b, " checked");
    sd_htmlenc_rawf(b, "><label for=\"f-%s-%zu\"><span class=\"facet-name\">", id, i);
    sd_htmlenc_text(b, sd_page_value_label(st, (int)f, it->value, it->label));
    sd_htmlenc_rawf(b,
                    "</span> <span class=\"count\"><span class=\"sr\">(</span>%lld"
                    "<span class=\"sr\"> document%s)</span></span></label></li>\n",
                    it->count, it->count > 1 ? "s" : "");
}

/* Non-zero when the fieldset which lists value. */
static int listed(const sd_page_t *st, int which, const char *value)
{
    if (which == ALL)
        return 1;
    int doc = 0;
    for (size_t i = 0; st->doc_types != NULL && i < st->doc_types->n && !doc; i++)
        doc = strcmp(st->doc_types->v[i], value) == 0;
    return which == DOC_TYPES ? doc : !doc;
}

/* The values of one facet: the search's (as /api/search counts and orders
 * them), then ticked values it lacks (count 0), so a filter can always be
 * unticked; those of the fieldset which only. */
static size_t collect(const sd_page_t *st, polis_facet_t f, int which,
                      const sd_facets_value_t *values, size_t n_values, item_t *items)
{
    size_t n = 0;
    for (size_t i = 0; i < n_values && n < MAX_VALUES; i++) {
        if (!listed(st, which, values[i].value))
            continue;
        items[n].value = values[i].value;
        items[n].label = values[i].label;
        items[n].count = (long long)values[i].count;
        n++;
    }
    for (size_t k = 0; k < st->p->n_filters[f] && n < MAX_VALUES; k++) {
        const char *want = sd_page_filter_value(st, (int)f, k);
        int found = 0;
        for (size_t j = 0; j < n && !found; j++)
            found = strcmp(items[j].value, want) == 0;
        if (!found && listed(st, which, want)) {
            items[n].value = want;
            items[n].label = NULL;
            items[n].count = 0;
            n++;
        }
    }
    if (f == POLIS_FACET_YEAR)
        qsort(items, n, sizeof items[0], by_value_desc);
    return n;
}

static void facet(sd_htmlenc_t *b, const sd_page_t *st, polis_facet_t f, const char *legend,
                  int which, const char *id, item_t *items)
{
    sd_facets_value_t *values = NULL;
    size_t n_values = 0;
    if (st->result != NULL &&
        sd_facets_values(st->handle, st->result, f, &values, &n_values) != 0) {
        b->failed = 1;
        return;
    }
    size_t n = collect(st, f, which, values, n_values, items);
    if (n == 0) {
        sd_facets_values_free(values, n_values);
        return;
    }
    sd_htmlenc_rawf(b, "<fieldset class=\"facet\" id=\"facet-%s\"><legend>%s</legend>\n", id,
                    legend);
    sd_htmlenc_raw(b, "<ul class=\"facet-values\">\n");
    size_t visible = n <= VISIBLE_VALUES + 2 ? n : VISIBLE_VALUES;
    for (size_t i = 0; i < visible; i++)
        checkbox(b, st, f, id, i, &items[i]);
    sd_htmlenc_raw(b, "</ul>\n");
    if (visible < n) {
        /* Open when a ticked value is among the hidden ones. */
        int open = 0;
        for (size_t i = visible; i < n && !open; i++)
            open = sd_page_has_filter(st, (int)f, items[i].value);
        sd_htmlenc_rawf(b,
                        "<details class=\"more\"%s><summary>Afficher %zu de plus</summary>"
                        "<ul class=\"facet-values\">\n",
                        open ? " open" : "", n - visible);
        for (size_t i = visible; i < n; i++)
            checkbox(b, st, f, id, i, &items[i]);
        sd_htmlenc_raw(b, "</ul></details>\n");
    }
    sd_htmlenc_raw(b, "</fieldset>\n");
    sd_facets_values_free(values, n_values);
}

static void date_input(sd_htmlenc_t *b, const char *id, const char *label, const char *value)
{
    sd_htmlenc_rawf(b,
                    "<div class=\"date-row\"><label for=\"%s\">%s</label>"
                    "<input type=\"text\" id=\"%s\" name=\"%s\" inputmode=\"numeric\" "
                    "placeholder=\"AAAA\" autocomplete=\"off\" size=\"10\" maxlength=\"10\" "
                    "pattern=\"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\" "
                    "aria-describedby=\"date-help\" value=\"",
                    id, label, id, id);
    sd_htmlenc_attr(b, value);
    sd_htmlenc_raw(b, "\"></div>\n");
}

void sd_page_filters(sd_htmlenc_t *b, const sd_page_t *st)
{
    item_t *items = malloc(MAX_VALUES * sizeof *items);
    if (items == NULL) {
        b->failed = 1;
        return;
    }
    unsigned active = sd_page_filter_count(st);
    sd_htmlenc_raw(b, "<div id=\"filters\" class=\"filters-body\">\n");
    sd_htmlenc_raw(b, "<h2 class=\"filters-title\">Affiner</h2>\n");
    if (active > 0) {
        sd_page_change_t c = sd_page_nochange();
        c.clear_filters = 1;
        sd_htmlenc_raw(b, "<p class=\"clear\"><a href=\"");
        sd_page_url(b, st, &c);
        sd_htmlenc_rawf(b, "\">Effacer les filtres (%u)</a></p>\n", active);
    }
    for (size_t i = 0; i < SD_PAGE_FACETS; i++)
        facet(b, st, shown[i].facet, shown[i].legend, shown[i].which, shown[i].id, items);
    free(items);

    sd_htmlenc_raw(b, "<fieldset class=\"facet dates\" id=\"facet-dates\">"
                      "<legend>Date de publication</legend>\n");
    date_input(b, "from", "Du", st->from_raw);
    date_input(b, "to", "Au", st->to_raw);
    sd_htmlenc_raw(b, "<p id=\"date-help\" class=\"help\">Année (2017), mois (2017-09) "
                      "ou jour (2017-09-21).</p>\n</fieldset>\n");
    sd_htmlenc_raw(b, "<p class=\"apply\"><button type=\"submit\">Appliquer les filtres"
                      "</button></p>\n</div>\n");
}
