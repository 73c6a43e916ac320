#!/usr/bin/env python3
# The search API in full, over HTTP on the corpus index: every filter, the
# disjunctive facets, the query language and its errors, relaxed matching,
# spelling, synonyms, snippets, /api/facets, /api/doc and similar documents.
import json
import os
import subprocess
import re
import sys
import unicodedata
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

SEED = "actualites-0-retour-sur-le-pop-dev-eco-le-quartier-activateur"
REF = "isbn-9782810903122"  # DUPONT Marie, LEROY Paul, Les quartiers prioritaires face à la crise
BIBLIO = "ressources-bibliographie-developpement-economique-des-quartiers"


def fold(s):
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def ids(ans):
    return [h["id"] for h in ans["hits"]]


def marked(html):
    return [fold(m) for m in re.findall(r"<mark>(.*?)</mark>", html or "")]


def facet(ans, name):
    return {v["value"]: v["count"] for v in ans["facets"].get(name, [])}


def hit_values(d, hit, name, cache):
    """A hit's values for a facet, from its whole document (/api/doc)."""
    if hit["id"] not in cache:
        cache[hit["id"]] = d.get("/api/doc/" + hit["id"]).json
    doc = cache[hit["id"]]
    return {"place": doc.get("places", []), "author": doc.get("authors", [])}[name]


def check_filters(t, d):
    # place and author filter like the others; values of one facet are ORed.
    ans = d.search({"author": "DUPONT Marie"})
    t.ok(REF in ids(ans), "author=DUPONT Marie finds the reference", ids(ans))
    ans = d.search({"place": "Amiens"})
    t.ok(ans["total"] >= 1 and SEED in [h["id"] for h in d.search_all({"place": "Amiens"})[1]],
         "place=Amiens finds the seed")
    one = d.search({"place": "Amiens"})["total"]
    two = d.search({"place": ["Amiens", "Lens"]})["total"]
    lens = d.search({"place": "Lens"})["total"]
    t.ok(two >= max(one, lens) and lens >= 1, "place=Amiens&place=Lens: OR within the facet",
         (one, lens, two))
    both = d.search({"place": "Amiens", "kind": "recap"})
    t.ok(0 < both["total"] <= one and all(h["kind"] == "recap" for h in both["hits"]),
         "place and kind: AND across facets")
    ans = d.search({"q": "quartier", "theme": "developpement-economique", "year": "2017",
                    "from": "2017-06", "to": "2017-12-31", "sort": "date"})
    t.ok(ans["total"] >= 1 and all(h["date"][:7] >= "2017-06" for h in ans["hits"]),
         "q, theme, year, from and to together")
    # Each limit gets a 400 that names it.
    for query, want in (("page=1001", "page: must be an integer from 1 to 1000"),
                        ("per_page=500", "per_page: must be an integer from 1 to 100"),
                        ("format=xml", "format: must be json, csv, csv-fr, ris, bibtex or csl-json"),
                        ("place=" + "x" * 300, "place: longer than 256 bytes")):
        r = d.request("GET", "/api/search?" + query)
        t.ok(r.status == 400 and r.json["error"]["message"] == want,
             "?%s: 400 '%s'" % (query[:20], want), r.body[:200])


def check_facets(t, d):
    # Counts of place and author are exact too (21-facets checks the others).
    ans, hits = d.search_all({"q": "quartiers", "facets": "place,author"})
    cache = {}
    want = Counter(v for h in hits for v in hit_values(d, h, "place", cache))
    t.is_(facet(ans, "place"), dict(want), "q=quartiers: facets.place = hits per value")
    # Authors are counted by their normalised name ("Dupont, Marie" for
    # "DUPONT Marie" too): each value's count is what filtering on it finds.
    got = facet(ans, "author")
    found = {v: d.search({"q": "quartiers", "author": v, "per_page": 1})["total"] for v in got}
    t.ok(got and found == got, "q=quartiers: facets.author = hits per value", (got, found))
    written = {a for h in hits for a in hit_values(d, h, "author", cache)}
    t.ok("DUPONT Marie" in written and "Dupont, Marie" in written and
         "DUPONT Marie" not in got and got.get("Dupont, Marie", 0) >= 2,
         "DUPONT Marie and Dupont, Marie are one author value", got)
    # Values come by count, then by label (accents and case ignored).
    ans = d.search({"facets": "theme,type,kind,year,place,author"})
    for name, values in ans["facets"].items():
        keys = [(-v["count"], fold(v.get("label", v["value"]))) for v in values]
        t.ok(keys == sorted(keys), "facets.%s: by count, then label" % name, keys[:8])
    labels = {v["value"]: v.get("label") for v in ans["facets"]["theme"]}
    t.is_(labels.get("economie-sociale-solidaire"), "Économie sociale et solidaire",
          "theme values carry their label")


def check_selected(t, index):
    # With only 2 values counted per facet, a ticked value is still listed.
    d2 = polistest.Searchd(t, index, ["--max-facet-values", "2"])
    full = polistest.Searchd(t, index)
    every = full.search({"facets": "theme,author"})
    rare_theme = every["facets"]["theme"][-1]
    ans = d2.search({"theme": rare_theme["value"]})
    values = facet(ans, "theme")
    t.ok(len(ans["facets"]["theme"]) == 3 and rare_theme["value"] in values,
         "a selected theme outside the top 2 is listed", ans["facets"]["theme"])
    t.is_(values.get(rare_theme["value"]), rare_theme["count"],
          "  ... with its exact (disjunctive) count")
    ans = d2.search({"q": "quartiers", "author": "Dupont, Marie", "facets": "author"})
    t.ok("Dupont, Marie" in facet(ans, "author"), "a selected author is listed",
         ans["facets"]["author"])
    d2.stop()
    full.stop()


def check_facet_routes(t, d):
    r = d.get("/api/facets")
    t.ok(r.status == 200 and r.is_json(), "GET /api/facets: JSON")
    body = r.json
    t.is_(sorted(body["facets"]), sorted(["theme", "type", "kind", "year", "place", "author"]),
          "/api/facets: every facet")
    browse = d.search({"facets": "theme,kind,year"})
    for name in ("theme", "kind", "year"):
        t.is_(facet(body, name), facet(browse, name),
              "/api/facets: %s counts = browse-all counts" % name)
    # Every theme the files carry is a facet value: the table's and, as they
    # are written, the labels it lacks (polis-indexer themes lists them).
    p = subprocess.run([os.path.join(polistest.BUILD, "polis-indexer"), "themes",
                        os.path.join(polistest.ROOT, "corpus"), "--json"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    labels = json.loads(p.stdout) if p.returncode == 0 else []
    themes = {v["theme"] for v in labels}
    t.ok(len(themes) > 17 and any(not v["known"] for v in labels),
         "polis-indexer themes: the table's themes and the labels it lacks", p.stderr)
    t.is_(body["distinct"]["theme"], len(themes), "/api/facets: every theme of the files")
    t.is_(sorted(v["value"] for v in body["facets"]["theme"]), sorted(themes),
          "/api/facets: the same theme ids")
    t.ok(all(v.get("label") for v in body["facets"]["theme"]), "/api/facets: theme labels")
    r = d.get("/api/facets", {"facets": "author", "limit": 3})
    t.ok(list(r.json["facets"]) == ["author"] and len(r.json["facets"]["author"]) == 3 and
         r.json["distinct"]["author"] > 3, "/api/facets?facets=author&limit=3")
    r = d.get("/api/facets", {"facets": "nope"})
    t.is_(r.status, 400, "/api/facets?facets=nope: 400")

    r = d.get("/api/facets/author", {"q": "dup"})
    values = [v["value"] for v in r.json["values"]]
    t.ok(r.status == 200 and "Dupont, Marie" in values and "DUPONT Marie" not in values,
         "/api/facets/author?q=dup finds Dupont, Marie, once", r.body[:300])
    t.is_((r.json["facet"], r.json["query"]), ("author", "dup"), "  ... facet and query echoed")
    r = d.get("/api/facets/place", {"q": "HENIN"})
    t.ok([v["value"] for v in r.json["values"]] == ["Hénin-Beaumont"],
         "/api/facets/place?q=HENIN: accents and case ignored", r.json)
    r = d.get("/api/facets/place", {"q": "beaumont"})
    t.ok("Hénin-Beaumont" in [v["value"] for v in r.json["values"]],
         "/api/facets/place?q=beaumont: any word's start")
    for q in ("actu de l", "actu de l i", "Actu-de-l'I"):
        r = d.get("/api/facets/type", {"q": q})
        t.ok("Actu de l'IREV" in [v["value"] for v in r.json["values"]],
             "/api/facets/type?q=%s: the elided letter apart, while typing" % q, r.json)
    r = d.get("/api/facets/place", {"q": "villeneuve d a"})
    t.ok("Villeneuve-d'Ascq" in [v["value"] for v in r.json["values"]],
         "/api/facets/place?q=villeneuve d a: hyphens as spaces", r.json)
    r = d.get("/api/facets/theme", {"q": "éco"})
    got = {v["value"] for v in r.json["values"]}
    t.ok({"developpement-economique", "economie-sociale-solidaire"} <= got,
         "/api/facets/theme?q=éco searches the labels", got)
    r = d.get("/api/facets/author", {"q": "a", "limit": 2})
    t.ok(len(r.json["values"]) == 2 and r.json["total"] > 2, "limit cuts, total counts")
    r = d.get("/api/facets/author", {"q": "zzzz"})
    t.is_((r.status, r.json["values"], r.json["total"]), (200, [], 0), "no value matches")
    r = d.get("/api/facets/nope")
    t.ok(r.status == 404 and r.json["error"]["code"] == "not_found", "unknown facet: 404 JSON")
    r = d.request("GET", "/api/facets/place?q=%FF")
    t.is_(r.status, 400, "/api/facets/place?q=%FF: 400")


def check_language(t, d):
    def total(q):
        return d.search({"q": q, "facets": ""})["total"]

    t.ok(total('"quartier activateur"') >= 1, "a phrase")
    t.ok(total('"activateur quartier"') < total("activateur quartier"), "a phrase keeps order")
    t.is_(total("emploi OR habitat"), len({h["id"] for q in ("emploi", "habitat")
                                            for h in d.search_all({"q": q})[1]}),
          "OR is the union")
    t.is_(total("quartier NOT emploi") + total("quartier emploi"), total("quartier"),
          "NOT removes")
    t.is_(total("quartier -emploi"), total("quartier NOT emploi"), "-word is NOT")
    t.ok(0 < total("title:activateur") < total("activateur"), "title: searches titles only")
    t.ok(REF in ids(d.search({"q": "author:dupont"})), "author: searches authors")
    by_id = total("theme:developpement-economique")
    t.ok(by_id > 0 and by_id == total('theme:"Développement économique"') ==
         d.search({"theme": "developpement-economique"})["total"],
         "theme: by id or by label, as the filter")
    t.ok(0 < total("theme:emploi quartier") <= total("quartier"), "theme: with words")
    irev = total('type:"Actu de l\'IREV"')
    t.ok(irev > 0 and total('type:"Actu de l IREV"') == irev ==
         d.search({"type": "actu de l irev"})["total"],
         "a filter's value typed without its apostrophe names the same value", irev)
    t.ok(total('type:"Actu de l IRE"') == irev, "  ... and the start of one")
    for q in ('author:"Institut régional"', 'place:"Hauts-de-France"'):
        t.ok(0 < total(q) <= total(q.replace('"', "")), "%s: a phrase in a name" % q, total(q))
    ans = d.search({"q": "dev*"})
    t.ok(ans["total"] > 0 and any(w.startswith("dev") for h in ans["hits"]
                                  for w in marked(h["title_html"] + h["snippet"])),
         "q=dev*: a wildcard matches and marks", ans["total"])
    t.is_(d.get("/api/search", {"q": "a*"}).status, 200, "q=a*: expansion capped, no error")

    bad = {
        '"quartier activateur': "the quote (\") at character 1 is never closed",
        "(emploi OR habitat": "the parenthesis at character 1 is never closed",
        "emploi)": "the closing parenthesis at character 7 has no opening one",
        "()": "the parentheses at character 1 hold nothing",
        "title:": "title: needs a word after it, as in title:quartier",
        "emploi OR": "OR needs a search term on each side (character 8)",
        "AND emploi": "AND needs a search term on each side (character 1)",
        "emploi NOT": "NOT needs a search term after it (character 8)",
        "theme:nope": "theme: nothing is filed under \"nope\"",
        "kind:bogus": "kind: nothing is filed under \"bogus\"",
    }
    for q, message in bad.items():
        r = d.get("/api/search", {"q": q})
        t.ok(r.status == 400 and r.json["error"]["code"] == "bad_query" and
             r.json["error"]["message"] == message, "q=%s: 400 bad_query" % q, r.body[:200])
    for q in ("Emploi - Insertion", "l'emploi", "NOT emploi", "c'est-à-dire", "1+1", "a:b"):
        t.is_(d.get("/api/search", {"q": q}).status, 200, "q=%s is not an error" % q)


def check_relaxed_spelling(t, d):
    ans = d.search({"q": "quartier activateur"})
    t.is_((ans["relaxed"], ans["corrected"], ans["used_correction"]), (False, None, False),
          "a query that matches: not relaxed, not corrected")
    ans = d.search({"q": "activateur zzzyyyxxx"})
    t.ok(ans["relaxed"] is True and ans["total"] > 0 and SEED in ids(ans),
         "AND finds nothing: relaxed to OR, and said", (ans["relaxed"], ans["total"]))
    ans = d.search({"q": '"activateur zzzyyyxxx"'})
    t.ok(ans["relaxed"] is False and ans["total"] == 0, "a phrase is never relaxed")
    ans = d.search({"q": "developement economique"})
    t.is_(ans["corrected"], "developpement economique", "a typo gets a correction")
    t.ok(ans["used_correction"] is True and ans["total"] > 0,
         "nothing found as typed: the corrected hits, and said so", ans["total"])
    t.ok(BIBLIO in [h["id"] for h in d.search_all({"q": "developement economique"})[1]],
         "  ... which are those of the corrected query")
    ans = d.search({"q": "delinquence des jeunes"})
    t.is_(ans["corrected"], "delinquance des jeunes",
          "only the unknown word is corrected, the known ones stay as typed")
    ans = d.search({"q": "marche exploratoire"})
    t.ok(ans["corrected"] is None and ans["total"] > 0,
         "no correction into another inflection: the stem finds it", ans["corrected"])
    ans = d.search({"q": "qvp"})
    t.ok(ans["corrected"] == "qpv" and ans["used_correction"] and ans["total"] > 0,
         "a three-letter acronym is one transposition from its correction", ans["corrected"])
    ans = d.search({"q": "baisser les factures"})
    t.ok(ans["corrected"] is None, "a real word is not corrected two edits away",
         ans["corrected"])


def check_stop_words(t, d):
    everything = d.search({"q": ""})["total"]
    for w in ("ville", "quartier"):
        n = d.search({"q": w})["total"]
        t.ok(0 < n < everything, "%s is a word, not a stop word (%d of %d)" % (w, n, everything))
    a = d.search({"q": "politique de la ville"})["total"]
    b = d.search({"q": "politique"})["total"]
    t.ok(a < b, "'ville' narrows 'politique' (%d < %d)" % (a, b))
    ans = d.search({"q": "comment evaluer un contrat de ville"})
    t.ok(not ans["relaxed"] and ans["total"] > 1,
         "a question word is a stop word: the other words are all found", ans["total"])


def check_synonyms(t, d):
    for short, long_form in (("QPV", "quartier prioritaire de la politique de la ville"),
                             ("ANRU", "agence nationale pour la rénovation urbaine"),
                             ("ESS", "économie sociale et solidaire"),
                             ("CGET", "ANCT")):
        a = {h["id"] for h in d.search_all({"q": short})[1]}
        b = {h["id"] for h in d.search_all({"q": long_form})[1]}
        t.ok(a and a == b, "%s ⇄ %s: the same documents (%d)" % (short, long_form, len(a)))
    # A document that never writes the acronym is found by it.  (CGET: ESS
    # is also a spelling of a theme, a word of every document filed under
    # it, so here every document that spells it out says "ess" too.)
    cget = {h["id"] for h in d.search_all({"q": "CGET"})[1]}
    literal = {h["id"] for h in d.search_all({"q": '"cget" OR "anct"'})[1]}
    t.ok(cget - literal, "CGET finds documents that only spell it out", sorted(cget - literal)[:3])
    ans = d.search({"q": "CGET"})
    t.ok("actualites-0-le-cget-devient-l-anct" in ids(ans), "CGET finds the page on the CGET becoming ANCT")


def check_snippets(t, d):
    ans = d.search({"q": "économique", "per_page": 20})
    for h in ans["hits"]:
        text = re.sub(r"</?mark>", "", h["snippet"])
        if "<" in text or len(h["snippet"].encode()) > 700:
            t.ok(False, "snippet of %s is escaped and bounded" % h["id"], h["snippet"])
            break
    else:
        t.ok(True, "snippets: no tag but <mark>, bounded length")
    # (A hit may match by its theme's words alone, with nothing to mark.)
    shown = [h for h in ans["hits"]
             if re.search(r"\beconomique", fold(re.sub(r"</?mark>", "", h["title_html"] +
                                                         h["snippet"])))]
    t.ok(shown and all(any(w.startswith("economique") for w in marked(h["title_html"] +
                                                                       h["snippet"]))
                       for h in shown),
         "every hit that shows the word marks it, accents or not", len(shown))
    hits = d.search_all({"kind": "reference"})[1]
    with_amp = [h for h in hits if "&" in (h["title"] or "")]
    t.ok(with_amp and all("&amp;" in h["title_html"] and " & " not in h["title_html"]
                          for h in with_amp), "title_html is HTML-escaped",
         [h["title_html"] for h in with_amp][:2])


def check_doc(t, d):
    r = d.get("/api/doc/" + REF)
    t.ok(r.status == 200 and r.is_json(), "GET /api/doc/<reference>: JSON")
    doc = r.json
    t.is_(doc.get("id"), REF, "the document's id")
    t.is_(doc.get("authors"), ["DUPONT Marie", "LEROY Paul"], "its authors")
    t.is_(doc.get("publisher"), "Éditions de l'Aube", "its publisher")
    t.ok(doc.get("citation") and doc.get("summary"), "the whole stored document")
    t.is_(doc.get("parent", {}).get("id"), BIBLIO, "a reference names its bibliography")
    t.is_(doc.get("parent", {}).get("title"),
          "Bibliographie : développement économique des quartiers", "  ... with its title")
    t.ok(all(isinstance(x, dict) and x.get("label") for x in doc.get("themes", [])),
         "themes with labels", doc.get("themes"))
    r = d.get("/api/doc/" + SEED)
    t.ok(r.status == 200 and r.json.get("body") and "parent" not in r.json,
         "a page: the body, no parent")
    r = d.get("/api/doc/nope")
    t.ok(r.status == 404 and r.is_json() and r.json["error"]["code"] == "not_found",
         "unknown id: 404 JSON")
    for path in ("/api/doc/", "/api/doc/%s/other" % SEED, "/api/doc/a/b/similar"):
        t.is_(d.get(path).status, 404, "%s: 404" % path)

    r = d.get("/api/doc/%s/similar" % SEED, {"per_page": 5})
    t.ok(r.status == 200 and r.is_json(), "GET /api/doc/<id>/similar: JSON")
    sim = r.json
    t.is_(sim.get("id"), SEED, "similar: the id echoed")
    t.ok(len(sim["hits"]) == 5 and SEED not in ids(sim), "similar: 5 hits, not itself")
    t.ok("action-pop-up-dev-eco-quartier-activateur" in ids(sim)[:3],
         "similar: the action page of the same event ranks high", ids(sim))
    r = d.get("/api/doc/%s/similar" % SEED, {"kind": "reference"})
    t.ok(r.json["hits"] and all(h["kind"] == "reference" for h in r.json["hits"]),
         "similar: filters apply")
    r = d.get("/api/doc/nope/similar")
    t.is_(r.status, 404, "similar of an unknown id: 404")


def main(t):
    index = polistest.build_index(t)
    d = polistest.Searchd(t, index)
    check_filters(t, d)
    check_facets(t, d)
    check_selected(t, index)
    check_facet_routes(t, d)
    check_language(t, d)
    check_relaxed_spelling(t, d)
    check_stop_words(t, d)
    check_synonyms(t, d)
    check_snippets(t, d)
    check_doc(t, d)


polistest.run(main)
