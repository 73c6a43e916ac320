#!/usr/bin/env python3
# A build is the same index however it is cut into shards: one document a
# shard (so the merge runs in several levels) or the default, one thread or
# all, the answers are identical.
import os
import subprocess
import sys
import tempfile
import shutil

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

QUERIES = ["quartier", "renouvellement urbain", "emploi NOT jeunes", "\"politique de la ville\"",
           "QPV", "author:dupont", ""]


def answers(t, index):
    d = polistest.Searchd(t, index, ["--quiet"])
    out = []
    for q in QUERIES:
        a = d.search({"q": q, "per_page": "100", "facets": "theme,kind,year"})
        # Past 100 hits the page is a cut through ties: compare the whole set only.
        hits = sorted(h["id"] for h in a["hits"]) if a["total"] <= 100 else None
        out.append((a["total"], hits, a["facets"]))
    docs = d.request("GET", "/healthz").json["docs"]
    d.stop()
    return docs, out


def main(t):
    tmp = tempfile.mkdtemp(prefix="polis-build-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    corpus = os.path.join(polistest.ROOT, "corpus")
    runs = {}
    for name, args in [("default", []), ("tiny-shards", ["--shard-docs", "1"]),
                       ("one-thread", ["--jobs", "1", "--shard-docs", "7"])]:
        index = os.path.join(tmp, name)
        p = subprocess.run([os.path.join(polistest.BUILD, "polis-indexer"), "build", corpus,
                            "--index", index, "--quiet"] + args, cwd=polistest.ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)
        t.is_(p.returncode, 0, "build %s" % name)
        t.is_(sorted(os.listdir(tmp)), sorted(list(runs) + [name]),
              "  ... leaves no work directory beside the index")
        runs[name] = answers(t, index)
    t.ok(runs["default"][0] > 100, "the corpus gives its documents (%d)" % runs["default"][0])
    for name in ("tiny-shards", "one-thread"):
        t.is_(runs[name][0], runs["default"][0], "%s: same number of documents" % name)
        for q, got, want in zip(QUERIES, runs[name][1], runs["default"][1]):
            t.ok(got == want, "%s: same hits and facets for %r" % (name, q))


polistest.run(main)
