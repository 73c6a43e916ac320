/* test_themes.c — themes.tsv and synonyms.tsv (indexer/themes.c).
 * Run from the repository root: it reads corpus/themes.tsv and
 * corpus/synonyms.tsv. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../../indexer/vocab/themes.h"
#include "tap.h"

/* Write text to a fresh temporary file; its path is stored in path (at
 * least 32 bytes).  Returns 0 or -1. */
static int write_tmp(char *path, const char *text)
{
    strcpy(path, "/tmp/polis-themes-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    size_t len = strlen(text);
    ssize_t n = write(fd, text, len);
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

/* Load text as a themes file: 0 or -1, the error message in err. */
static int load_text(const char *text, ix_themes_t **out, char *err, size_t errlen)
{
    char path[64];
    if (write_tmp(path, text) != 0) {
        snprintf(err, errlen, "cannot write a temporary file");
        *out = NULL;
        return -1;
    }
    int rc = ix_themes_load(path, out, err, errlen);
    unlink(path);
    return rc;
}

/* A malformed themes file must fail with a message holding want. */
static void bad_themes(const char *text, const char *want, const char *name)
{
    char err[256] = "";
    ix_themes_t *t = NULL;
    int rc = load_text(text, &t, err, sizeof err);
    ok(rc == -1 && t == NULL, "%s: rejected", name);
    ok(strstr(err, want) != NULL, "%s: message \"%s\" holds \"%s\"", name, err, want);
    ix_themes_free(t);
}

static void real_themes(void)
{
    char err[256] = "";
    ix_themes_t *t = NULL;
    int rc = ix_themes_load("corpus/themes.tsv", &t, err, sizeof err);
    ok(rc == 0 && t, "corpus/themes.tsv loads (%s)", err);
    if (!t)
        return;
    ok(ix_themes_count(t) >= 5, "corpus/themes.tsv has themes (%zu)", ix_themes_count(t));
    is_str(ix_themes_lookup(t, "Politique de la ville - DSU"), "politique-de-la-ville",
           "Politique de la ville - DSU");
    is_str(ix_themes_lookup(t, "Politique de la ville – DSU"), "politique-de-la-ville",
           "en dash instead of hyphen");
    is_str(ix_themes_lookup(t, "  politique  de la ville-dsu "), "politique-de-la-ville",
           "spacing and case");
    is_str(ix_themes_lookup(t, "Développement économique"), "developpement-economique",
           "Développement économique");
    is_str(ix_themes_lookup(t, "developpement economique"), "developpement-economique",
           "developpement economique");
    is_str(ix_themes_lookup(t, "DÉVELOPPEMENT ÉCONOMIQUE"), "developpement-economique",
           "upper case with accents");
    is_str(ix_themes_lookup_len(t, "Développement économique, etc.",
                                strlen("Développement économique")),
           "developpement-economique", "lookup_len honours the length");
    is_str(ix_themes_lookup(t, "Astronomie des exoplanètes"), NULL, "unknown label");
    is_str(ix_themes_lookup(t, ""), NULL, "empty label");
    is_str(ix_themes_lookup(t, " - "), NULL, "punctuation only");
    is_str(ix_themes_lookup(t, NULL), NULL, "NULL label");
    is_str(ix_themes_label(t, "no-such-theme"), NULL, "label of an unknown id");

    /* Every theme is found by its id and its label, and iteration ends. */
    size_t bad = 0;
    for (size_t i = 0; i < ix_themes_count(t); i++) {
        const char *id = NULL, *label = NULL;
        if (ix_themes_at(t, i, &id, &label) != 0 || !id || !label) {
            bad++;
            continue;
        }
        const char *by_id = ix_themes_lookup(t, id);
        const char *by_label = ix_themes_lookup(t, label);
        const char *back = ix_themes_label(t, id);
        if (!by_id || strcmp(by_id, id) || !by_label || strcmp(by_label, id) || back != label) {
            printf("# theme %zu (%s, %s) does not round-trip\n", i, id, label);
            bad++;
        }
    }
    is_int(bad, 0, "every theme round-trips through id and label");
    is_int(ix_themes_at(t, ix_themes_count(t), NULL, NULL), -1, "iteration ends");
    const char *label = ix_themes_label(t, "developpement-economique");
    ok(label && strstr(label, "conomique"), "label of developpement-economique (%s)",
       label ? label : "NULL");
    ix_themes_free(t);
}

static void real_synonyms(void)
{
    char err[256] = "";
    ix_synonyms_t *s = NULL;
    int rc = ix_synonyms_load("corpus/synonyms.tsv", &s, err, sizeof err);
    ok(rc == 0 && s, "corpus/synonyms.tsv loads (%s)", err);
    if (!s)
        return;
    ok(ix_synonyms_count(s) >= 5, "corpus/synonyms.tsv has groups (%zu)", ix_synonyms_count(s));
    int qpv = 0, small = 0;
    for (size_t i = 0; i < ix_synonyms_count(s); i++) {
        size_t n = 0;
        const char *const *g = ix_synonyms_group(s, i, &n);
        if (!g || n < 2)
            small++;
        for (size_t k = 0; g && k < n; k++)
            if (strcasecmp(g[k], "QPV") == 0)
                qpv = 1;
    }
    is_int(small, 0, "every group has at least two phrases");
    ok(qpv, "a group holds QPV (any case)");
    size_t n = 7;
    ok(ix_synonyms_group(s, ix_synonyms_count(s), &n) == NULL && n == 0, "out-of-range group");
    ix_synonyms_free(s);
}

static void small_files(void)
{
    char err[256] = "", path[64];
    ix_themes_t *t = NULL;
    /* Comments, blank lines, CRLF, a byte order mark, stray spaces, doubled tabs. */
    int rc = load_text("\xef\xbb\xbf# id\tlabel\taliases\r\n\r\n"
                       "emploi\tEmploi \t\tInsertion professionnelle\r\n"
                       "  # indented comment\n"
                       "habitat\tHabitat - Logement\tLogement\tHabitat\n"
                       "sante\tSanté",
                       &t, err, sizeof err);
    ok(rc == 0 && t, "tolerant file loads (%s)", err);
    is_int(ix_themes_count(t), 3, "three themes");
    is_str(ix_themes_lookup(t, "insertion   professionnelle"), "emploi",
           "alias after a doubled tab");
    is_str(ix_themes_lookup(t, "habitat"), "habitat", "alias equal to the id");
    is_str(ix_themes_lookup(t, "SANTE"), "sante", "last line without newline");
    is_str(ix_themes_label(t, "emploi"), "Emploi", "label trimmed");
    ix_themes_free(t);

    rc = load_text("# nothing but comments\n", &t, err, sizeof err);
    ok(rc == 0 && t && ix_themes_count(t) == 0, "comment-only file is an empty table");
    is_str(ix_themes_lookup(t, "Emploi"), NULL, "empty table finds nothing");
    ix_themes_free(t);

    bad_themes("# c\nemploi\n", ":2: expected theme_id", "a line with one field");
    bad_themes("emploi\t\n", ":1: expected theme_id", "an empty label");
    bad_themes("Emploi Jeunes\tEmploi\n", ":1: bad theme id", "an id with spaces and capitals");
    bad_themes("emploi\tEmploi\nemploi\tTravail\n", ":2: duplicate theme id", "a duplicate id");
    bad_themes("emploi\tEmploi\tTravail\nsante\tSanté\ttravail\n", ":2: \"travail\" already names",
               "an alias claimed by two themes");
    bad_themes("emploi\tEmploi\t--\n", ":1: label \"--\" has no letters", "a punctuation alias");
    bad_themes("emploi\tEmpl\xff"
               "oi\n",
               "not UTF-8", "invalid UTF-8");

    rc = ix_themes_load("/nonexistent/themes.tsv", &t, err, sizeof err);
    ok(rc == -1 && t == NULL && strstr(err, "/nonexistent/themes.tsv"), "missing file: %s", err);

    ix_synonyms_t *s = NULL;
    ok(write_tmp(path, "# groups\nQPV\tquartier prioritaire\tquartiers prioritaires\n"
                       "ZFU\tzone franche urbaine\n") == 0,
       "temporary synonyms file");
    rc = ix_synonyms_load(path, &s, err, sizeof err);
    unlink(path);
    ok(rc == 0 && ix_synonyms_count(s) == 2, "two synonym groups (%s)", err);
    size_t n = 0;
    const char *const *g = ix_synonyms_group(s, 0, &n);
    ok(g && n == 3 && strcmp(g[0], "QPV") == 0 && strcmp(g[2], "quartiers prioritaires") == 0,
       "first group in file order");
    ix_synonyms_free(s);

    ok(write_tmp(path, "QPV\tquartier prioritaire\nANRU\n") == 0, "temporary synonyms file");
    rc = ix_synonyms_load(path, &s, err, sizeof err);
    unlink(path);
    ok(rc == -1 && s == NULL && strstr(err, ":2: a synonym group needs"),
       "a one-phrase group is malformed: %s", err);
}

int main(void)
{
    real_themes();
    real_synonyms();
    small_files();
    return tap_done();
}
