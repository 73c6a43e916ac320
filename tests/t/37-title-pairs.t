#!/usr/bin/env python3
# Title pairs: the ranking lifts a match whose title holds the phrase typed
# (shim/rank.cc).  An index written by this indexer carries each title's
# adjacent word pairs (XB terms, polis:title-pairs = 1) and the lift reads
# those; an index written before them has Xapian's positions only, and the
# lift reads those.
# - On corpus/ the two must rank alike: the same index is served twice by
#   real polis-searchd daemons, once as written and once with the metadata
#   taken away, and every judged query of tests/relevance plus phrases typed
#   from the corpus's own titles must give the same top 10 from both.
# - Two pages where they differ show that the pairs are read: a title with
#   both pairs of "alpha beta gamma" but not the phrase is lifted by pairs
#   only.  The flag survives batches merged by compaction and a rebuild in
#   shards; an update of an index without it leaves it without.
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

KEY = "polis:title-pairs"
NAMES_KEY = "polis:name-positions"


def xapian(t, *args):
    proc = subprocess.run(list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if proc.returncode != 0:
        t.bail("%s failed: %s" % (" ".join(args), proc.stderr.decode("utf-8", "replace")))
    return proc.stdout.decode("utf-8", "replace")


def postings(t, index, term):
    """How many documents hold term, by xapian-delve."""
    out = xapian(t, "xapian-delve", "-t", term, index)
    m = re.search(r"termfreq (\d+)", out)
    return int(m.group(1)) if m else 0


def judged_queries():
    path = os.path.join(polistest.ROOT, "tests", "relevance", "queries.tsv")
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 5 and not line.startswith("#"):
                params = [("q", cols[2])]
                for pair in cols[3].split("&"):
                    if "=" in pair:
                        params.append(tuple(pair.split("=", 1)))
                out.append(params)
    return out


def title_phrases(hits):
    """From each title: its first three words typed plain, and two words
    from its middle in quotes (the lift's two ways of reading a phrase)."""
    out = []
    for h in hits:
        words = re.findall(r"\w+(?:['’]\w+)*", h.get("title") or "")
        if len(words) >= 3:
            out.append([("q", " ".join(words[:3]))])
        if len(words) >= 4:
            mid = len(words) // 2
            out.append([("q", '"%s %s"' % (words[mid - 1], words[mid]))])
    return out


def top(daemon, params):
    """The top 10's ids; a failed search fails the test (never equal to another)."""
    r = daemon.get("/api/search", params + [("per_page", "10")])
    if r.status != 200:
        raise AssertionError("GET /api/search %r -> %d %r" % (params, r.status, r.body[:200]))
    return [h["id"] for h in r.json["hits"]]


# Both titles hold alpha, beta and gamma, so the title-words lift is the
# same; neither holds the phrase.  Only PAIRED holds both of its pairs, and
# only a lift by pairs puts it above WORDY, whose body says the phrase more.
PAIRED = ("Alpha beta puis beta gamma", "Une page sur alpha, beta et gamma.")
WORDY = ("Gamma, beta et alpha", "Alpha beta gamma. " * 4)


def page(directory, name, title, body):
    with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>%s</title>'
                '</head><body><h1>%s</h1><p>%s</p></body></html>\n' % (title, title, body))


def indexer(t, name, *args):
    """Runs polis-indexer; its stderr."""
    cmd = [os.path.join(polistest.BUILD, "polis-indexer")] + list(args) + ["--no-progress"]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    err = proc.stderr.decode("utf-8", "replace")
    t.ok(proc.returncode == 0, "polis-indexer " + name, err)
    return err


def first_title(t, index, what):
    d = polistest.Searchd(t, index, ["--quiet", "--answer-cache-mb", "0"])
    hits = d.search({"q": "alpha beta gamma", "per_page": "2"})["hits"]
    d.stop()
    return hits[0]["title"] if hits else "(%s: no hit)" % what


def two_pages(t, tmp):
    """The two pages, built four ways: each way's flag and first hit."""
    corpus = os.path.join(tmp, "two")
    os.mkdir(corpus)
    page(corpus, "paired.html", *PAIRED)
    page(corpus, "wordy.html", *WORDY)

    one = os.path.join(tmp, "two-index")
    indexer(t, "build of the two pages", "build", corpus, "--index", one)
    t.is_(xapian(t, "xapian-metadata", "get", one, KEY).strip(), "1", "two pages: pairs recorded")
    t.is_(first_title(t, one, "pairs"), PAIRED[0],
          "the title holding both pairs of the phrase is lifted above the wordier page")
    old = os.path.join(tmp, "two-old")
    shutil.copytree(one, old)
    xapian(t, "xapian-metadata", "set", old, KEY, "")
    t.is_(first_title(t, old, "positions"), WORDY[0],
          "by positions (an index written before pairs) it is not: the phrase is not in it")

    batches = os.path.join(tmp, "two-batches")
    indexer(t, "build, --batch-docs 1 --jobs 2", "build", corpus, "--index", batches,
            "--batch-docs", "1", "--jobs", "2")
    t.is_(xapian(t, "xapian-metadata", "get", batches, KEY).strip(), "1",
          "one batch a page, merged by compaction: pairs still recorded")
    t.is_(first_title(t, batches, "batches"), PAIRED[0], "and read")

    root = os.path.join(tmp, "two-root")
    indexer(t, "rebuild --shards 2", "rebuild", corpus, "--index-root", root, "--shards", "2")
    current = os.path.join(root, "current")
    t.is_(xapian(t, "xapian-metadata", "get", current, KEY).strip(), "1",
          "a generation of 2 shards: pairs recorded on the shard that holds the metadata")
    t.is_(first_title(t, current, "shards"), PAIRED[0], "and read over both shards")

    page(corpus, "later.html", "Delta epsilon", "Une page de plus.")
    NOTE = "written before title word pairs"
    NAMES = "written before the positions of author and place words"
    t.is_(xapian(t, "xapian-metadata", "get", old, NAMES_KEY).strip(), "1",
          "an index written from empty says its names have positions")
    xapian(t, "xapian-metadata", "set", old, NAMES_KEY, "")
    err = indexer(t, "update with a third page", "update", corpus, "--index", old)
    t.is_(xapian(t, "xapian-metadata", "get", old, KEY).strip(), "",
          "an update of an index without pairs leaves it without: its older pages have none")
    t.ok(NOTE in err and "polis-indexer rebuild" in err,
         "and says so: title phrases by positions until a rebuild", err)
    t.ok(NAMES in err, "and that author and place phrases miss older documents", err)
    t.is_(xapian(t, "xapian-metadata", "get", old, NAMES_KEY).strip(), "",
          "  ... which the update does not pretend to have mended")
    page(corpus, "later2.html", "Zeta eta", "Encore une page.")
    err = indexer(t, "update of an index with pairs", "update", corpus, "--index", batches)
    t.ok(NOTE not in err and NAMES not in err,
         "an update of an index with pairs and name positions says nothing of them", err)
    t.ok(postings(t, old, "XBdelta epsilon") == 1, "while the page it adds has its pairs")
    t.is_(first_title(t, old, "updated"), WORDY[0], "and the ranking stays by positions")


def main(t):
    tmp, _ = polistest.scratch(t, "polis-pairs-")
    built = polistest.build_index(t)
    with_pairs = os.path.join(tmp, "with")
    without = os.path.join(tmp, "without")
    shutil.copytree(built, with_pairs)
    shutil.copytree(built, without)

    t.is_(xapian(t, "xapian-metadata", "get", with_pairs, KEY).strip(), "1",
          "an index written from empty says its titles carry pairs")
    # A title of corpus/: "Appel à projets « Quartiers fertiles »".
    t.ok(postings(t, with_pairs, "XBquartiers fertiles") >= 1,
         "the pair of a title's adjacent words is a term")
    t.ok(postings(t, with_pairs, "XBa projets") >= 1,
         "a stop word pairs as the phrase reads it (\"appel à projets\": \"a projets\")")
    t.is_(postings(t, with_pairs, "XBappel fertiles"), 0, "two words apart in a title make no pair")

    xapian(t, "xapian-metadata", "set", without, KEY, "")
    t.is_(xapian(t, "xapian-metadata", "get", without, KEY).strip(), "",
          "the copy reads as an index written before title pairs")

    a = polistest.Searchd(t, with_pairs, ["--quiet", "--answer-cache-mb", "0"])
    b = polistest.Searchd(t, without, ["--quiet", "--answer-cache-mb", "0"])
    _, hits = a.search_all({"facets": ""})
    queries = judged_queries() + title_phrases(hits)
    t.ok(len(queries) > 300, "%d queries: the judged ones and phrases from %d titles" %
         (len(queries), len(hits)))
    differ = []
    for params in queries:
        x, y = top(a, params), top(b, params)
        if x != y:
            differ.append("%r: pairs %s; positions %s" % (params, x, y))
    t.ok(not differ, "pairs and positions give the same top 10 on every query (%d)" % len(queries),
         "\n".join(differ[:10]))
    lost = [p[0][1] for p in title_phrases(hits) if not top(a, p)]
    t.ok(not lost, "every phrase typed from a title finds documents", ", ".join(lost[:10]))
    a.stop()
    b.stop()

    two_pages(t, tmp)


polistest.run(main)
