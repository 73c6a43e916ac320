#!/usr/bin/env python3
# Material nobody on the team wrote: corpus/variants/ holds pages in the
# shapes other exports take (field lines packed together, themes as comma,
# semicolon or one-per-line lists, the same last URL segment under other
# paths, labels outside any theme table, HTML entities, CRLF, BOM, Latin-1,
# Drupal/WordPress/SPIP/Joomla HTML, OAI-PMH in three languages, MODS), and
# tests/variants/expected.json what a reader expects of each document.
# Indexed alone (no themes.tsv), every file must reach the index whole: its
# id, title, date, URL and themes; and the summary must account for each.
import json
import os
import re
import subprocess
import sys
import tempfile
import shutil
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

VARIANTS = os.path.join(polistest.ROOT, "corpus", "variants")
EXPECTED = os.path.join(polistest.ROOT, "tests", "variants", "expected.json")
INDEXER = os.path.join(polistest.BUILD, "polis-indexer")


def folded(s):
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", s).strip()


def run(*args):
    return subprocess.run([INDEXER] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=600, cwd=polistest.ROOT)


def all_docs(d):
    """Every stored document, whole, by id."""
    _, hits = d.search_all({"facets": ""})
    docs = {}
    for h in hits:
        r = d.get("/api/doc/" + h["id"])
        if r.status == 200:
            docs[h["id"]] = r.json
    return docs


def find(docs, exp):
    """The document a reader means by an expected entry: by its URL, else
    by its file (and its title, where a file holds several records)."""
    if exp["url"]:
        found = [d for d in docs.values() if d.get("url") == exp["url"]]
    else:
        found = [d for d in docs.values() if d.get("source_path") == exp["file"] and
                 (not d.get("url"))]
        if len(found) > 1:
            found = [d for d in found if folded(d.get("title")) == folded(exp["title"])]
    return found[0] if len(found) == 1 else None


def same_date(got, want):
    # A year alone is how a reference is dated; a reader writes YYYY-01-01.
    if want and want.endswith("-01-01") and got == want[:4]:
        return True
    return (got or None) == want


def main(t):
    expected = json.load(open(EXPECTED, encoding="utf-8"))
    tmp = tempfile.mkdtemp(prefix="polis-variants-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    index = os.path.join(tmp, "index")

    p = run("build", VARIANTS, "--index", index, "--json", "--no-progress")
    t.is_(p.returncode, 0, "build corpus/variants", )
    summary = json.loads(p.stdout) if p.returncode == 0 else {}
    t.diag(p.stderr)
    files = sum(len(fs) for _, _, fs in os.walk(VARIANTS))
    t.is_(summary.get("files", 0) + summary.get("set_aside", 0), files,
          "the summary accounts for every file of the folder (%d)" % files)
    # Bibliography pages also give a reference per entry (biblio.h); the
    # reader's list names the pages only.
    entries = summary.get("kinds", {}).get("reference", 0) - sum(
        1 for e in expected if e["kind"] == "reference")
    t.ok(entries > 0, "the bibliography pages' entries are references too (%d)" % entries)
    t.is_(summary.get("documents"), len(expected) + entries,
          "every expected document is in the index, and nothing else")
    t.is_(summary.get("skipped_files"), 0, "no file skipped")
    t.is_(sorted((s["kept"], s["dropped"]) for s in summary.get("same_source", [])),
          [("html/dup/appel-a-projets-quartiers-fertiles.html",
            "md/dup/appel-a-projets-quartiers-fertiles.md"),
           ("md/dup/cites-educatives (1).md", "md/dup/cites-educatives.md")],
          "two files sharing a source URL: one document, the newer kept, both named")
    m = re.search(r"^(\d+) files → (\d+) documents", p.stderr, re.M)
    t.ok(m and int(m.group(2)) == len(expected) + entries, "the summary line counts them",
         p.stderr)
    unknown = summary.get("unknown_theme_labels", [])
    t.ok(len(unknown) > 20 and "theme labels not in themes.tsv" in p.stderr,
         "labels without a table are announced once, in the summary (%d)" % len(unknown))
    t.ok(not re.search(r"unknown theme", p.stderr), "no warning per page for a label")

    # The theme each label becomes, as the documentalist's command tells it.
    p = run("themes", VARIANTS, "--json")
    t.is_(p.returncode, 0, "polis-indexer themes corpus/variants")
    labels = {v["label"]: v for v in json.loads(p.stdout)} if p.returncode == 0 else {}
    t.ok(all(not v["known"] for v in labels.values()), "no table: every label is new")

    d = polistest.Searchd(t, index, ["--quiet"])
    docs = all_docs(d)
    t.is_(len(docs), len(expected) + entries, "/api/search browses every document")
    parents = {doc.get("parent", {}).get("id") if isinstance(doc.get("parent"), dict)
               else doc.get("parent_id") for doc in docs.values()
               if doc.get("kind") == "reference" and (doc.get("parent") or doc.get("parent_id"))}
    t.is_(len(parents), 2, "... from the two bibliography pages")
    ids = [doc["id"] for doc in docs.values()]
    t.ok(all(re.fullmatch(r"[a-z0-9~.-]+", i) for i in ids), "every id is URL-safe")

    for exp in expected:
        name = "%s (%s)" % (exp["file"], exp["title"][:40])
        doc = find(docs, exp)
        if not t.ok(doc is not None, name + ": in the index"):
            continue
        t.is_(doc.get("title"), exp["title"], name + ": title")
        t.ok(same_date(doc.get("published"), exp["published"]), name + ": date",
             "got %r want %r" % (doc.get("published"), exp["published"]))
        t.is_(doc.get("url"), exp["url"], name + ": URL")
        want = set()
        for label in exp["themes"]:
            if label in labels:
                want.add(labels[label]["theme"])
            else:
                want.add("?" + label)
        got = {th["id"] if isinstance(th, dict) else th for th in doc.get("themes", [])}
        t.is_(sorted(got), sorted(want), name + ": themes")
        t.is_(doc.get("kind"), exp["kind"], name + ": kind")
        if exp.get("keywords"):
            t.ok(set(exp["keywords"]) <= set(doc.get("keywords", [])),
                 name + ": subjects in other languages are keywords", doc.get("keywords"))

    # Two different URLs ending in the same segment are two documents.
    for seg in ("rencontre", "chapitre-1"):
        same = [doc for doc in docs.values()
                if (doc.get("url") or "").rstrip("/").endswith("/" + seg)]
        t.ok(len(same) >= 2 and len({doc["id"] for doc in same}) == len(same),
             "URLs ending in /%s: %d documents, %d ids" % (seg, len(same),
                                                          len({x["id"] for x in same})))

    # The theme facet of an empty query lists every label the files carry:
    # each label's theme (spellings that fold alike are one theme), with as
    # many documents as the index holds under it.
    r = d.get("/api/search", {"q": "", "facets": "theme", "per_page": "1"})
    facet = {v["value"]: v["count"] for v in r.json.get("facets", {}).get("theme", [])} \
        if r.status == 200 else {}
    themes = {v["theme"] for v in labels.values()}
    t.ok(themes and themes <= set(facet),
         "q=&facets=theme: the themes of all %d labels (%d themes) are listed" % (len(labels), len(themes)),
         "missing: %r" % sorted(themes - set(facet)))
    held = {}
    for doc in docs.values():
        for th in doc.get("themes", []):
            key = th["id"] if isinstance(th, dict) else th
            held[key] = held.get(key, 0) + 1
    t.is_(facet, held, "q=&facets=theme: each theme's count is its documents'")

    # A filter by any spelling the sources use selects the theme.
    r = d.get("/api/search", {"theme": "urbanisme et amenagement", "facets": ""})
    t.ok(r.status == 200 and r.json["total"] >= 2, "theme= by a label, folded")
    r = d.get("/api/search", {"theme": "Astronomie"})
    t.ok(r.status == 400 and "Astronomie" in r.json["error"]["message"],
         "theme= naming nothing: 400 naming the value")
    d.stop()


polistest.run(main)
