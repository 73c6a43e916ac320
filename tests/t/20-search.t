#!/usr/bin/env python3
# GET /api/search: the seed page is found by its words, with or without
# accents, and the answer has the shape docs/architecture.md gives.
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

SEED = "actualites-0-retour-sur-le-pop-dev-eco-le-quartier-activateur"
HIT_KEYS = {"id", "kind", "title", "title_html", "url", "date", "event_date", "type", "themes",
            "snippet", "score"}
TOP_KEYS = {"query", "total", "page", "per_page", "took_ms", "corrected", "relaxed", "hits",
            "facets"}


def marked(html):
    """The words inside <mark>…</mark>, lower-cased."""
    return [m.lower() for m in re.findall(r"<mark>(.*?)</mark>", html or "")]


def main(t):
    d = polistest.searchd(t)

    r = d.get("/api/search", {"q": "quartier activateur"})
    t.is_(r.status, 200, "q=quartier activateur: 200")
    t.ok(r.is_json(), "answer is JSON with Content-Type application/json; charset=utf-8",
         r.header("content-type"))
    ans = r.json
    t.ok(TOP_KEYS <= set(ans), "answer has every top-level key", sorted(ans))
    t.is_(ans["query"], "quartier activateur", "query echoed")
    t.ok(isinstance(ans["took_ms"], (int, float)) and ans["took_ms"] >= 0, "took_ms is a number")
    t.ok(ans["total"] >= 1, "at least one hit", ans["total"])
    t.is_(ans["page"], 1, "page defaults to 1")
    t.is_(ans["per_page"], 10, "per_page defaults to 10")
    t.is_(ans["relaxed"], False, "relaxed is false when every word matched")
    hit = ans["hits"][0] if ans["hits"] else {}
    t.is_(hit.get("id"), SEED, "first hit is the seed page")
    t.ok(HIT_KEYS <= set(hit), "hit has every key", sorted(hit))
    t.ok("quartier activateur" in (hit.get("title") or "").lower(),
         "title contains 'quartier activateur'", hit.get("title"))
    theme_ids = [th.get("id") for th in hit.get("themes", [])]
    t.ok("developpement-economique" in theme_ids, "themes include developpement-economique",
         theme_ids)
    t.ok("politique-de-la-ville" in theme_ids, "themes include politique-de-la-ville", theme_ids)
    t.ok(all(isinstance(th.get("label"), str) and th["label"] for th in hit.get("themes", [])),
         "every theme has a label", hit.get("themes"))
    labels = {th.get("id"): th.get("label") for th in hit.get("themes", [])}
    t.is_(labels.get("developpement-economique"), "Développement économique",
          "theme label from the index metadata")
    t.is_(hit.get("date"), "2017-10-25", "date is the published date")
    t.is_(hit.get("kind"), "recap", "kind recap")
    t.is_(hit.get("type"), "Actu de l'IREV", "type is the site type")
    t.ok((hit.get("url") or "").startswith("https://irev.fr/"), "url is the source URL",
         hit.get("url"))
    t.ok(isinstance(hit.get("score"), (int, float)) and 0 <= hit["score"] <= 1,
         "score in [0, 1]", hit.get("score"))
    t.ok({"quartier", "activateur"} <= set(marked(hit.get("title_html"))),
         "title_html marks the query words", hit.get("title_html"))
    t.ok("<mark>" in (hit.get("snippet") or ""), "snippet has marks", hit.get("snippet"))
    t.ok(len((hit.get("snippet") or "").encode()) < 600, "snippet is a passage, not the body")

    # Accent-insensitive: no accents in the query, marks on the accented words.
    ans = d.search({"q": "developpement economique", "per_page": "100"})
    ids = [h["id"] for h in ans["hits"]]
    t.ok(SEED in ids, "q=developpement economique (no accents) finds the seed", ids)
    hit = next((h for h in ans["hits"] if h["id"] == SEED), {})
    words = marked(hit.get("snippet"))
    t.ok("développement" in words, "snippet marks <mark>développement</mark>", hit.get("snippet"))
    t.ok(any(w.startswith("économique") for w in words), "snippet marks économique", words)
    t.ok("<mark>" not in re.sub(r"</?mark>", "", hit.get("snippet") or ""),
         "snippet has no other tags")

    # The same with the accents, and in capitals.
    ans = d.search({"q": "DÉVELOPPEMENT Économique", "per_page": "100"})
    t.ok(SEED in [h["id"] for h in ans["hits"]], "q in capitals with accents finds the seed")

    # Browse all: empty q.
    ans = d.search({"q": ""})
    t.ok(ans["total"] >= 1 and len(ans["hits"]) >= 1, "empty q browses everything", ans["total"])
    ans2 = d.search({})
    t.is_(ans2["total"], ans["total"], "no q is the same as empty q")
    t.is_(ans["query"], "", "browse-all query is ''")

    # Nothing found is an empty list, not an error.
    ans = d.search({"q": "zzzyyyxxxqqq"})
    t.is_((ans["total"], ans["hits"]), (0, []), "a word found nowhere: total 0, no hits")

    # Unknown parameters (tracking) are ignored.
    ans = d.search({"q": "quartier activateur", "utm_source": "partner", "fbclid": "x"})
    t.ok(ans["hits"] and ans["hits"][0]["id"] == SEED, "unknown parameters are ignored")

    # The form sends '+' for spaces; a UTF-8 query percent-encoded works.
    r = d.request("GET", "/api/search?q=quartier+activateur")
    t.ok(r.status == 200 and r.json["query"] == "quartier activateur", "'+' decodes to a space")
    r = d.request("GET", "/api/search?q=d%C3%A9veloppement")
    t.ok(r.status == 200 and r.json["query"] == "développement", "percent-encoded UTF-8 q")

    # Date range on the published date.
    ans = d.search({"q": "quartier activateur", "from": "2017", "to": "2017"})
    t.ok(SEED in [h["id"] for h in ans["hits"]], "from=2017&to=2017 keeps the seed")
    ans = d.search({"q": "quartier activateur", "from": "2017-10-26"})
    t.ok(SEED not in [h["id"] for h in ans["hits"]], "from=2017-10-26 drops the seed")
    ans = d.search({"q": "quartier activateur", "to": "2017-10"})
    t.ok(SEED in [h["id"] for h in ans["hits"]], "to=2017-10 means to the end of October")
    ans = d.search({"q": "quartier activateur", "to": "2017-10-24"})
    t.ok(SEED not in [h["id"] for h in ans["hits"]], "to=2017-10-24 drops the seed")

    # Filters: kind, year, type.
    ans = d.search({"q": "quartier activateur", "kind": "recap", "year": "2017",
                    "type": "Actu de l'IREV", "theme": "developpement-economique"})
    t.ok(SEED in [h["id"] for h in ans["hits"]], "matching kind, year, type and theme filters")
    ans = d.search({"q": "quartier activateur", "year": "2016"})
    t.ok(SEED not in [h["id"] for h in ans["hits"]], "year=2016 drops the seed")


polistest.run(main)
