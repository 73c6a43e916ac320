#!/usr/bin/env python3
# GET /api/suggest: OpenSearch suggestions for a search box — the last word
# as a prefix and titles, accent-insensitive, at most 10, by frequency.
import json
import os
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def suggest(t, d, q, **more):
    params = {"q": q}
    params.update(more)
    r = d.get("/api/suggest", params)
    if r.status != 200:
        t.diag("suggest %r -> %d %r" % (q, r.status, r.body[:200]))
        return None
    return json.loads(r.body.decode("utf-8"))


def main(t):
    d = polistest.searchd(t)

    r = d.get("/api/suggest", {"q": "dévelop"})
    t.is_(r.status, 200, "GET /api/suggest: 200")
    t.is_(r.header("content-type"), "application/x-suggestions+json; charset=utf-8",
          "OpenSearch suggestions content type")
    body = json.loads(r.body.decode("utf-8"))
    t.ok(isinstance(body, list) and len(body) == 4 and body[0] == "dévelop" and
         all(isinstance(x, list) and len(x) == len(body[1]) and all(isinstance(s, str) for s in x)
             for x in body[1:]),
         '["prefix", ["completion", ...], ["description", ...], ["URL", ...]]', body)
    # Words search, titles open their notice: the descriptions tell them apart.
    kinds = list(zip(body[1], body[2], body[3]))
    t.ok(any(desc == "" and url == d.base + "/search?q=d%C3%A9veloppement"
             for s, desc, url in kinds if s == "développement"),
         "a word: no description, the URL of its search", kinds[:2])
    titled = [(s, url) for s, desc, url in kinds if desc == "Notice"]
    t.ok(titled and all(url.startswith(d.base + "/doc/") for s, url in titled),
         "a title: described as a notice, the URL of its notice", titled)
    if titled:
        doc = d.get("/api/doc/" + titled[0][1].rsplit("/doc/", 1)[1]).json
        t.is_(doc.get("title"), titled[0][0], "  ... the notice of the document so titled")
    t.is_(body[1][:1], ["développement"], "the most frequent completion first, with accents")
    t.ok(any(s.startswith("Bibliographie : développement") for s in body[1]),
         "titles come too", body[1])
    t.ok(len(body[1]) <= 10, "at most 10")
    t.ok(all(any(w.startswith("develop") for w in fold(s).replace(":", " ").split())
             for s in body[1]), "every suggestion has a word with the prefix")

    plain = suggest(t, d, "develop")
    t.is_(plain[1], body[1], "accent-insensitive: 'develop' gives the same as 'dévelop'")
    t.is_(suggest(t, d, "DEVELOP")[1], body[1], "case-insensitive too")

    ans = suggest(t, d, "politique de la vi")
    t.is_(ans[1][:1], ["politique de la ville"], "the last word is completed after the others")
    t.ok(all(fold(s).startswith("politique de la vi") or "politique de la vi" in fold(s)
             for s in ans[1]), "  ... and every suggestion goes with them", ans[1])

    # Ranked by frequency: single-word completions come in the order of the
    # number of documents holding the word as such.
    ans = suggest(t, d, "quart")
    words = [s for s in ans[1] if " " not in s]
    counts = [d.search({"q": '"%s"' % w, "facets": ""})["total"] for w in words]
    t.ok(len(words) >= 2 and counts == sorted(counts, reverse=True),
         "word completions by document frequency", list(zip(words, counts)))

    t.is_(len(suggest(t, d, "d")[1]), 10, "a one-letter prefix: 10")
    t.is_(len(suggest(t, d, "d", limit=3)[1]), 3, "limit=3")
    t.is_(suggest(t, d, "zzzyyq"), ["zzzyyq", [], [], []], "nothing starts so: empty lists")
    t.is_(json.loads(d.get("/api/suggest").body), ["", [], [], []], "no q: empty")
    t.is_(json.loads(d.get("/api/suggest", {"q": ""}).body), ["", [], [], []], "empty q: empty")
    ans = suggest(t, d, "ville ")
    t.ok(ans and all("ville" in fold(s) for s in ans[1]) and ans[1],
         "after a space: titles with the words", ans)
    ans = suggest(t, d, "l'emp")
    t.ok(ans and ans[1] and ans[1][0] == "l'emploi", "elision: l'emp → l'emploi", ans)
    ans = suggest(t, d, "amie")
    t.ok(ans and "Amiens" in ans[1], "a name keeps its capital", ans)

    r = d.get("/api/suggest", {"q": "x" * 2049})
    t.ok(r.status == 400 and r.is_json(), "q over 2 KB: 400 JSON")
    r = d.request("GET", "/api/suggest?q=%C3")
    t.ok(r.status == 400 and r.is_json(), "invalid UTF-8: 400 JSON")
    r = d.get("/api/suggest", {"q": "dev", "limit": "0"})
    t.is_(r.status, 400, "limit=0: 400")
    r = d.request("GET", "/api/suggest?q=dev", headers={"Origin": "https://partenaire.fr"})
    t.is_(r.header("access-control-allow-origin"), "*", "partner sites may call it")


polistest.run(main)
