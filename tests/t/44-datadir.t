#!/usr/bin/env python3
# The installed default vocabularies: a corpus without themes.tsv and
# synonyms.tsv is indexed with DATADIR's (make install puts corpus/'s there;
# POLIS_DATADIR moves it), exactly as if it had them; that is no warning.
# With neither, the indexer warns naming both places.
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

INDEXER = os.path.join(polistest.BUILD, "polis-indexer")
TABLES = ("themes.tsv", "synonyms.tsv")
QUERIES = [{"q": "", "facets": "theme"}, {"q": "QPV", "facets": "theme"},
           {"q": "économie sociale et solidaire", "facets": "theme"}]


def build(t, corpus, index, datadir, *extra):
    env = dict(os.environ, POLIS_DATADIR=datadir)
    return subprocess.run([INDEXER, "build", corpus, "--index", index] + list(extra),
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=600 * polistest.SLOW)


def answers(t, index):
    d = polistest.Searchd(t, index, ["--quiet"])
    out = []
    for q in QUERIES:
        a = d.search(dict(q, per_page=100))
        # Past 100 hits the page is a cut through ties: compare the whole set only.
        hits = sorted(h["id"] for h in a["hits"]) if a["total"] <= 100 else None
        out.append((a["total"], hits, a["facets"]))
    d.stop()
    return out


def main(t):
    tmp = tempfile.mkdtemp(prefix="polis-datadir-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    corpus = os.path.join(polistest.ROOT, "corpus")
    bare = os.path.join(tmp, "corpus")
    shutil.copytree(corpus, bare, ignore=shutil.ignore_patterns(*TABLES))
    shared = os.path.join(tmp, "share", "polis")
    os.makedirs(shared)
    for name in TABLES:
        shutil.copy(os.path.join(corpus, name), shared)
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)

    p = subprocess.run([INDEXER, "--help"], stdout=subprocess.PIPE, text=True,
                       env=dict(os.environ, POLIS_DATADIR=shared))
    t.ok("DATADIR" in p.stdout and shared in p.stdout, "--help names the data directory")

    p = build(t, corpus, os.path.join(tmp, "own"), empty)
    t.is_(p.returncode, 0, "the corpus with its own tables")
    want = answers(t, os.path.join(tmp, "own"))

    p = build(t, bare, os.path.join(tmp, "fallback"), shared, "--strict")
    t.ok(p.returncode == 0 and "not found" not in p.stderr,
         "a corpus without tables, DATADIR has them: no warning, even under --strict",
         p.stderr[-500:])
    got = answers(t, os.path.join(tmp, "fallback"))
    for q, g, w in zip(QUERIES, got, want):
        t.ok(g == w, "... %r: the same hits and facets as with the corpus's own tables" % q["q"],
             "got %r\nwant %r" % (g[0], w[0]))

    p = build(t, bare, os.path.join(tmp, "none"), empty)
    for name in TABLES:
        t.ok("%s/%s: not found, nor %s/%s" % (bare, name, empty, name) in p.stderr,
             "neither has %s: the warning names both places" % name, p.stderr[-500:])
    got = answers(t, os.path.join(tmp, "none"))
    t.ok(got[0][2] != want[0][2], "... and the theme facet is not the same without the table")


polistest.run(main)
