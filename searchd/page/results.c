/* results.c — the results column of the page.
 *
 * It renders the hits' views (api/hit.h) that /api/search's answer is made
 * of, so the page and the API cannot disagree on what a search found.
 * Titles and snippets are the views' highlighted HTML, passed again through
 * sd_htmlenc_marked(), which keeps
 * <mark> and escapes everything else: the page does not take the shim's
 * word that its HTML is safe.  Links are made only of http(s) URLs.
 */
#include "page/render.h"

#include <stdio.h>
#include <string.h>

#include "api/app.h"
#include "polis/doc.h"

/* Page numbers shown on each side of the current one. */
#define PAGE_WINDOW 2

/* s, or NULL when it is NULL or empty. */
static const char *str(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : NULL;
}

/* 1234 as "1 234" (a narrow no-break space, as French typesetting does). */
static void number(sd_htmlenc_t *b, unsigned long long n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", n);
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            sd_htmlenc_raw(b, NNBSP);
        sd_htmlenc_rawf(b, "%c", digits[i]);
    }
}

static void quoted(sd_htmlenc_t *b, const char *text)
{
    sd_htmlenc_raw(b, "«" NBSP);
    sd_htmlenc_text(b, text);
    sd_htmlenc_raw(b, NBSP "»");
}

/* The status line, read out by screen readers when it changes. */
static void status(sd_htmlenc_t *b, const sd_page_t *st, unsigned long long total, unsigned pages)
{
    sd_htmlenc_raw(b, "<p id=\"status\" class=\"status\" role=\"status\" aria-live=\"polite\">");
    if (st->error != NULL) {
        sd_htmlenc_raw(b, "La recherche n’a pas abouti.</p>\n");
        return;
    }
    /* Without words the page lists documents; with words, results. */
    int words = st->p->q[0] != '\0';
    if (total == 0)
        sd_htmlenc_raw(b, words ? "Aucun résultat" : "Aucun document");
    else {
        sd_htmlenc_raw(b, "<strong>");
        number(b, total);
        sd_htmlenc_raw(b, words ? (total > 1 ? "</strong> résultats" : "</strong> résultat")
                                : (total > 1 ? "</strong> documents" : "</strong> document"));
    }
    if (st->p->q[0] != '\0') {
        sd_htmlenc_raw(b, " pour ");
        quoted(b, st->p->q);
    }
    if (pages > 1)
        sd_htmlenc_rawf(b, " — page %u sur %u", st->p->page, pages);
    sd_htmlenc_raw(b, "</p>\n");
}

static void spelling(sd_htmlenc_t *b, const sd_page_t *st)
{
    const char *corrected = st->result != NULL ? str(polis_result_corrected(st->result)) : NULL;
    sd_page_change_t c = sd_page_nochange();
    if (corrected != NULL) {
        c.q = corrected;
        int used = st->result != NULL && polis_result_used_correction(st->result);
        sd_htmlenc_raw(b, "<p class=\"spelling\">");
        if (used) {
            sd_htmlenc_raw(b, "Aucun document ne contient ");
            quoted(b, st->p->q);
            sd_htmlenc_raw(b, ". Résultats pour <a href=\"");
            sd_page_url(b, st, &c);
            sd_htmlenc_raw(b, "\">");
            quoted(b, corrected);
            sd_htmlenc_raw(b, "</a>.</p>\n");
        } else {
            sd_htmlenc_raw(b, "Vouliez-vous dire <a href=\"");
            sd_page_url(b, st, &c);
            sd_htmlenc_raw(b, "\">");
            quoted(b, corrected);
            sd_htmlenc_raw(b, "</a>" NBSP "?</p>\n");
        }
    }
    if (st->result != NULL && polis_result_relaxed(st->result))
        sd_htmlenc_raw(b, "<p class=\"notice\">Aucun document ne contient tous ces mots" NBSP ": "
                          "voici ceux qui en contiennent une partie.</p>\n");
    if (st->result != NULL && polis_result_timed_out(st->result))
        sd_htmlenc_raw(b, "<p class=\"notice\">La recherche a pris trop de temps" NBSP ": "
                          "les résultats sont incomplets.</p>\n");
}

/* The active filters as chips, each a link that removes it. */
static void active_filters(sd_htmlenc_t *b, const sd_page_t *st)
{
    if (sd_page_filter_count(st) == 0)
        return;
    sd_htmlenc_raw(b, "<ul class=\"active\" aria-label=\"Filtres actifs\">\n");
    for (int f = 0; f < POLIS_FACET_COUNT_; f++) {
        for (size_t i = 0; i < st->p->n_filters[f]; i++) {
            if (sd_page_filter_repeats(st, f, i)) /* one chip a value */
                continue;
            const char *v = sd_page_filter_value(st, f, i);
            sd_page_change_t c = sd_page_nochange();
            c.drop_facet = f;
            c.drop_value = v;
            sd_htmlenc_raw(b, "<li><a class=\"chip chip-remove\" href=\"");
            sd_page_url(b, st, &c);
            sd_htmlenc_raw(b, "\"><span class=\"sr\">Retirer le filtre </span>");
            sd_htmlenc_text(b, sd_page_value_label(st, f, v, NULL));
            sd_htmlenc_raw(b, " <span aria-hidden=\"true\">×</span></a></li>\n");
        }
    }
    if (st->from_raw[0] != '\0' || st->to_raw[0] != '\0') {
        sd_page_change_t c = sd_page_nochange();
        c.clear_dates = 1;
        sd_htmlenc_raw(b, "<li><a class=\"chip chip-remove\" href=\"");
        sd_page_url(b, st, &c);
        sd_htmlenc_raw(b, "\"><span class=\"sr\">Retirer le filtre </span>");
        if (st->from_raw[0] != '\0') {
            sd_htmlenc_raw(b, "depuis ");
            sd_htmlenc_text(b, st->from_raw);
        }
        if (st->to_raw[0] != '\0') {
            sd_htmlenc_raw(b, st->from_raw[0] != '\0' ? " jusqu’à " : "jusqu’à ");
            sd_htmlenc_text(b, st->to_raw);
        }
        sd_htmlenc_raw(b, " <span aria-hidden=\"true\">×</span></a></li>\n");
    }
    sd_htmlenc_raw(b, "</ul>\n");
}

/* The sort menu.  Its first option is the default, sent as an empty value
 * (so the URL has no sort): relevance for words, newest first for browsing
 * (page.c).  A fixed "date" would stay in the form and sort the next
 * search's words by date. */
static void sort_select(sd_htmlenc_t *b, const sd_page_t *st)
{
    const char *raw = st->sort_raw;
    int words = st->p->q[0] != '\0';
    int is_default = raw[0] == '\0' || (words && strcmp(raw, "relevance") == 0);
    sd_htmlenc_raw(b, "<div class=\"sort\"><label for=\"sort\">Trier par</label>"
                      "<select id=\"sort\" name=\"sort\">");
    sd_htmlenc_rawf(b, "<option value=\"\"%s>%s</option>", is_default ? " selected" : "",
                    words ? "Pertinence" : "Plus récents d’abord");
    if (words || strcmp(raw, "date") == 0)
        sd_htmlenc_rawf(b, "<option value=\"date\"%s>Plus récents d’abord</option>",
                        strcmp(raw, "date") == 0 ? " selected" : "");
    sd_htmlenc_rawf(b, "<option value=\"-date\"%s>Plus anciens d’abord</option>",
                    strcmp(raw, "-date") == 0 ? " selected" : "");
    if (!words && strcmp(raw, "relevance") == 0)
        sd_htmlenc_raw(b, "<option value=\"relevance\" selected>Pertinence</option>");
    sd_htmlenc_raw(b, "</select><button type=\"submit\" class=\"sort-apply\">Trier</button>"
                      "</div>\n");
}

/* "https://irev.fr/actualites-0/x" shown as "irev.fr/actualites-0/x". */
static void short_url(sd_htmlenc_t *b, const char *url)
{
    const char *s = strstr(url, "://");
    s = s != NULL ? s + 3 : url;
    if (strncmp(s, "www.", 4) == 0)
        s += 4;
    size_t n = strlen(s);
    if (n > 70) {
        /* Cut on a character boundary, never inside a UTF-8 sequence. */
        size_t cut = 60;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
        sd_htmlenc_textn(b, s, cut);
        sd_htmlenc_raw(b, "…");
        return;
    }
    sd_htmlenc_text(b, s);
}

/* A date of the hit's meta line: " · Publié le 25 octobre 2017" (or "en
 * octobre 2017") around a <time> element of class time_class (markup). */
static void meta_date(sd_htmlenc_t *b, const char *what, const char *time_class, const char *iso)
{
    sd_htmlenc_raw(b, "<span class=\"sep\" aria-hidden=\"true\"> · </span><span>");
    sd_htmlenc_raw(b, what);
    sd_htmlenc_raw(b, strlen(iso) >= 10 ? "le <time" : "en <time");
    sd_htmlenc_raw(b, time_class);
    sd_htmlenc_raw(b, " datetime=\"");
    sd_htmlenc_attr(b, iso);
    sd_htmlenc_raw(b, "\">");
    sd_page_date(b, iso);
    sd_htmlenc_raw(b, "</time></span>");
}

static void hit(sd_htmlenc_t *b, const sd_page_t *st, const sd_hit_t *h)
{
    const polis_doc_t *doc = &h->doc;
    const char *url = str(doc->url);
    int link = sd_htmlenc_url_ok(url);
    const char *title_html = str(h->title_html);
    /* Every title is a link: to the source, else to the notice. */
    polis_buf_t notice = { 0 };
    if (str(h->id) != NULL && sd_hit_notice_url(&notice, "", h->id) != 0)
        b->failed = 1;
    sd_htmlenc_raw(b, "<li class=\"hit\"><article>\n<h3 class=\"hit-title\">");
    if (link || notice.data != NULL) {
        sd_htmlenc_raw(b, "<a href=\"");
        sd_htmlenc_attr(b, link ? url : notice.data);
        sd_htmlenc_raw(b, "\">");
    }
    if (title_html != NULL)
        sd_htmlenc_marked(b, title_html);
    else
        sd_htmlenc_text(b, str(h->id) != NULL ? h->id : "Sans titre");
    sd_htmlenc_raw(b, link || notice.data != NULL ? "</a></h3>\n" : "</h3>\n");

    sd_htmlenc_raw(b, "<p class=\"hit-meta\">");
    const char *kind = doc->kind != POLIS_KIND_UNKNOWN ? polis_kind_name(doc->kind) : NULL;
    if (kind != NULL) {
        sd_htmlenc_raw(b, "<span class=\"kind\">");
        sd_htmlenc_text(b, sd_page_value_label(st, POLIS_FACET_KIND, kind, NULL));
        sd_htmlenc_raw(b, "</span>");
    }
    const char *type = str(doc->site_type);
    if (type != NULL) {
        sd_htmlenc_raw(b, "<span class=\"sep\" aria-hidden=\"true\"> · </span><span>");
        sd_htmlenc_text(b, type);
        sd_htmlenc_raw(b, "</span>");
    }
    const char *date = str(doc->published);
    if (date != NULL)
        meta_date(b, "Publié ", " class=\"published\"", date);
    const char *event = str(doc->event_date);
    if (event != NULL && (date == NULL || strcmp(event, date) != 0))
        meta_date(b, sd_page_is_call(doc) ? "Date limite " : "Événement ", "", event);
    sd_htmlenc_raw(b, "</p>\n");
    /* A reference's authors and where it was published. */
    if (doc->authors.n > 0 || str(doc->container) != NULL) {
        sd_htmlenc_raw(b, "<p class=\"hit-by\">");
        sd_page_authors(b, doc);
        if (str(doc->container) != NULL) {
            sd_htmlenc_raw(b, doc->authors.n > 0 ? " · <i>" : "<i>");
            sd_htmlenc_text(b, doc->container);
            sd_htmlenc_raw(b, "</i>");
        }
        sd_htmlenc_raw(b, "</p>\n");
    }

    const char *snippet = str(h->snippet);
    if (snippet != NULL) {
        sd_htmlenc_raw(b, "<p class=\"hit-snippet\">");
        sd_htmlenc_marked(b, snippet);
        sd_htmlenc_raw(b, "</p>\n");
    }
    if (doc->themes.n > 0) {
        sd_htmlenc_raw(b, "<ul class=\"chips\" aria-label=\"Thématiques\">");
        for (size_t i = 0; i < doc->themes.n; i++) {
            const char *id = str(doc->themes.v[i]);
            if (id == NULL)
                continue;
            sd_page_change_t c = sd_page_nochange();
            c.add_facet = POLIS_FACET_THEME;
            c.add_value = id;
            sd_htmlenc_raw(b, sd_page_has_filter(st, POLIS_FACET_THEME, id)
                                  ? "<li><a class=\"chip chip-on\" href=\""
                                  : "<li><a class=\"chip\" href=\"");
            sd_page_url(b, st, &c);
            sd_htmlenc_raw(b, "\">");
            sd_htmlenc_text(b, sd_page_value_label(st, POLIS_FACET_THEME, id, NULL));
            sd_htmlenc_raw(b, "</a></li>");
        }
        sd_htmlenc_raw(b, "</ul>\n");
    }
    if (link) {
        sd_htmlenc_raw(b, "<p class=\"hit-source\"><span class=\"sr\">Source" NBSP ": </span>"
                          "<a href=\"");
        sd_htmlenc_attr(b, url);
        sd_htmlenc_raw(b, "\">");
        short_url(b, url);
        sd_htmlenc_raw(b, "</a>");
        if (notice.data != NULL) {
            sd_htmlenc_raw(b, "<span class=\"sep\" aria-hidden=\"true\"> · </span><a "
                              "class=\"hit-notice\" href=\"");
            sd_htmlenc_attr(b, notice.data);
            sd_htmlenc_raw(b, "\">Notice<span class=\"sr\"> de ce document</span></a>");
        }
        sd_htmlenc_raw(b, "</p>\n");
    }
    polis_buf_free(&notice);
    sd_htmlenc_raw(b, "</article></li>\n");
}

/* The search as files (every hit up to --max-export) and as a feed. */
static void exports(sd_htmlenc_t *b, const sd_page_t *st, unsigned long long total)
{
    static const struct {
        const char *format, *label, *what;
    } files[] = {
        { "csv-fr", "CSV", "tableur, Excel" },
        { "ris", "RIS", "Zotero, EndNote" },
        { "bibtex", "BibTeX", "JabRef, LaTeX" },
        { "csl-json", "CSL-JSON", "processeurs de citations" },
    };
    unsigned max = st->ctx->app->limits.max_export;
    sd_htmlenc_raw(b, "<div class=\"exports\"><p class=\"exports-what\">");
    if (total > max) {
        sd_htmlenc_raw(b, "Exporter les ");
        number(b, max);
        sd_htmlenc_raw(b, " premiers résultats" NBSP ":");
    } else {
        sd_htmlenc_raw(b, total > 1 ? "Exporter ces résultats" NBSP ":"
                                    : "Exporter ce résultat" NBSP ":");
    }
    sd_htmlenc_raw(b, "</p><ul class=\"exports-links\">");
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        sd_htmlenc_rawf(b, "<li><a class=\"export-%s\" download href=\"", files[i].format);
        sd_page_export_url(b, st, "/api/search", files[i].format);
        sd_htmlenc_rawf(b, "\">%s <span class=\"export-what\">(%s)</span></a></li>", files[i].label,
                        files[i].what);
    }
    sd_htmlenc_raw(b, "<li><a class=\"export-atom\" type=\"application/atom+xml\" href=\"");
    sd_page_export_url(b, st, "/feed.atom", NULL);
    sd_htmlenc_raw(b, "\">Flux Atom <span class=\"export-what\">(veille)</span></a></li></ul>"
                      "</div>\n");
}

static void page_link(sd_htmlenc_t *b, const sd_page_t *st, unsigned page, unsigned current)
{
    sd_page_change_t c = sd_page_nochange();
    c.page = page;
    sd_htmlenc_raw(b, "<li><a href=\"");
    sd_page_url(b, st, &c);
    if (page == current)
        sd_htmlenc_rawf(b, "\" aria-current=\"page\"><span class=\"sr\">Page </span>%u</a></li>",
                        page);
    else
        sd_htmlenc_rawf(b, "\"><span class=\"sr\">Page </span>%u</a></li>", page);
}

static void pagination(sd_htmlenc_t *b, const sd_page_t *st, unsigned pages)
{
    unsigned cur = st->p->page;
    if (pages <= 1 && cur <= 1)
        return;
    sd_htmlenc_raw(b, "<nav class=\"pages\" aria-label=\"Pages de résultats\"><ul>");
    sd_page_change_t c = sd_page_nochange();
    if (cur > 1) {
        c.page = cur - 1 < pages ? cur - 1 : pages;
        sd_htmlenc_raw(b, "<li><a rel=\"prev\" class=\"prev\" href=\"");
        sd_page_url(b, st, &c);
        sd_htmlenc_raw(b, "\">‹ Précédente</a></li>");
    }
    unsigned lo = cur > PAGE_WINDOW + 1 ? cur - PAGE_WINDOW : 1;
    unsigned hi = cur + PAGE_WINDOW < pages ? cur + PAGE_WINDOW : pages;
    if (lo > 1)
        page_link(b, st, 1, cur);
    if (lo > 2)
        sd_htmlenc_raw(b, "<li class=\"gap\" aria-hidden=\"true\">…</li>");
    for (unsigned p = lo; p <= hi; p++)
        page_link(b, st, p, cur);
    if (hi + 1 < pages)
        sd_htmlenc_raw(b, "<li class=\"gap\" aria-hidden=\"true\">…</li>");
    if (hi < pages)
        page_link(b, st, pages, cur);
    if (cur < pages) {
        c.page = cur + 1;
        sd_htmlenc_raw(b, "<li><a rel=\"next\" class=\"next\" href=\"");
        sd_page_url(b, st, &c);
        sd_htmlenc_raw(b, "\">Suivante ›</a></li>");
    }
    sd_htmlenc_raw(b, "</ul></nav>\n");
}

static void empty_state(sd_htmlenc_t *b, const sd_page_t *st, unsigned long long total)
{
    sd_htmlenc_raw(b, "<div class=\"empty\">\n");
    if (total > 0) {
        /* Past the last page of a search that has results. */
        sd_page_change_t c = sd_page_nochange();
        sd_htmlenc_raw(b, "<h2>Cette page de résultats n’existe pas</h2>\n<p><a href=\"");
        sd_page_url(b, st, &c);
        sd_htmlenc_raw(b, "\">Revenir à la première page</a></p>\n</div>\n");
        return;
    }
    sd_htmlenc_raw(b, "<h2>Aucun document ne correspond à votre recherche</h2>\n<ul>\n"
                      "<li>Vérifiez l’orthographe des mots.</li>\n"
                      "<li>Essayez moins de mots, ou des mots plus généraux "
                      "(«" NBSP "emploi" NBSP "» plutôt que «" NBSP "clauses d’insertion" NBSP "»)."
                      "</li>\n");
    unsigned active = sd_page_filter_count(st);
    if (active > 0) {
        sd_page_change_t c = sd_page_nochange();
        c.clear_filters = 1;
        sd_htmlenc_raw(b, "<li><a href=\"");
        sd_page_url(b, st, &c);
        if (active > 1)
            sd_htmlenc_rawf(b, "\">Relancez la recherche sans les %u filtres</a>.</li>\n", active);
        else
            sd_htmlenc_raw(b, "\">Relancez la recherche sans le filtre</a>.</li>\n");
    }
    sd_htmlenc_raw(b, "<li><a href=\"/search\">Parcourez toutes les ressources</a>.</li>\n"
                      "</ul>\n</div>\n");
}

void sd_page_results(sd_htmlenc_t *b, const sd_page_t *st)
{
    unsigned long long total = 0;
    unsigned pages = 0;
    if (st->result != NULL) {
        total = polis_result_total(st->result);
        unsigned long long np = (total + st->p->per_page - 1) / st->p->per_page;
        pages = np < st->max_page ? (unsigned)np : st->max_page;
    }
    sd_htmlenc_raw(b, "<div class=\"results-head\">\n");
    status(b, st, total, pages);
    if (st->error == NULL)
        sort_select(b, st);
    sd_htmlenc_raw(b, "</div>\n");
    if (st->error == NULL && total > 0)
        exports(b, st, total);
    if (st->error != NULL) {
        sd_htmlenc_raw(b, "<div class=\"empty error\" role=\"alert\"><h2>");
        sd_htmlenc_text(b, st->error);
        sd_htmlenc_raw(b, "</h2>\n<p><a href=\"/search\">Nouvelle recherche</a></p></div>\n");
        return;
    }
    spelling(b, st);
    active_filters(b, st);
    if (st->n_hits == 0) {
        empty_state(b, st, total);
        pagination(b, st, pages);
        return;
    }
    sd_htmlenc_rawf(b, "<h2 class=\"sr\">Résultats</h2>\n<ol class=\"hits\" start=\"%llu\">\n",
                    (unsigned long long)(st->p->page - 1) * st->p->per_page + 1);
    for (size_t i = 0; i < st->n_hits; i++)
        hit(b, st, &st->hits[i]);
    sd_htmlenc_raw(b, "</ol>\n");
    pagination(b, st, pages);
}
