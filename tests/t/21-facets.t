#!/usr/bin/env python3
# Facet counts agree with the hits they count; filters are ORed within a facet
# and ANDed across; paging and sorting are consistent.
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

QUERIES = ["", "quartier", "politique de la ville", "developpement economique", "emploi",
           "habitat", "renouvellement urbain"]


def hit_values(hit, facet):
    """The values a hit has for a facet, as the answer shows them."""
    if facet == "theme":
        return [th["id"] for th in hit.get("themes") or []]
    if facet == "kind":
        return [hit["kind"]] if hit.get("kind") else []
    if facet == "type":
        return [hit["type"]] if hit.get("type") else []
    if facet == "year":
        return [hit["date"][:4]] if hit.get("date") else []
    raise ValueError(facet)


def counts(ans, facet):
    return {v["value"]: v["count"] for v in ans["facets"].get(facet, [])}


def main(t):
    d = polistest.searchd(t)

    for q in QUERIES:
        ans, hits = d.search_all({"q": q})
        t.is_(len(hits), ans["total"], "q=%r: paging through gives total hits" % q)
        t.is_(len({h["id"] for h in hits}), len(hits), "q=%r: no hit twice" % q)
        for facet in ("theme", "type", "kind", "year"):
            want = Counter(v for h in hits for v in hit_values(h, facet))
            t.is_(counts(ans, facet), dict(want),
                  "q=%r: facets.%s counts = hits per value" % (q, facet))
        labels = [v.get("label") for v in ans["facets"]["theme"]]
        t.ok(all(isinstance(x, str) and x for x in labels), "q=%r: theme values have labels" % q)

    everything, all_hits = d.search_all({})
    themes = sorted(counts(everything, "theme").items(), key=lambda kv: -kv[1])
    t.ok(len(themes) >= 2, "the corpus has at least two themes", themes)
    if len(themes) >= 2:
        a, b = themes[0][0], themes[1][0]
        only_a = d.search({"theme": a})
        only_b = d.search({"theme": b})
        ans, hits = d.search_all({"theme": [a, b]})
        with_either = [h for h in all_hits if {a, b} & set(hit_values(h, "theme"))]
        t.is_(ans["total"], len(with_either), "theme=a&theme=b: OR within the facet")
        t.ok(ans["total"] >= max(only_a["total"], only_b["total"]),
             "OR finds at least as many as either theme alone")
        t.ok(all({a, b} & set(hit_values(h, "theme")) for h in hits),
             "every hit has one of the two themes")
        # Disjunctive: a theme filter does not narrow the theme counts.
        t.is_(counts(only_a, "theme"), counts(everything, "theme"),
              "theme counts under a theme filter are those without it")
        # ...but it narrows the other facets.
        want = Counter(v for h in all_hits if a in hit_values(h, "theme")
                       for v in hit_values(h, "kind"))
        t.is_(counts(only_a, "kind"), dict(want), "kind counts follow the theme filter")

    kinds = list(counts(everything, "kind"))
    if kinds:
        k = kinds[0]
        ans = d.search({"kind": k, "theme": themes[0][0]} if themes else {"kind": k})
        t.ok(all(h["kind"] == k for h in ans["hits"]), "kind filter ANDs with theme")

    # facets= chooses what is counted.
    ans = d.search({"facets": "year,kind"})
    t.is_(sorted(ans["facets"]), ["kind", "year"], "facets=year,kind counts only those")
    ans = d.search({"facets": ""})
    t.is_(ans["facets"], {}, "facets= counts nothing")
    ans = d.search({})
    t.is_(sorted(ans["facets"]), ["kind", "theme", "type", "year"],
          "default facets theme,type,kind,year")

    # Paging: page 2 continues page 1.
    for sort in ("relevance", "date", "-date"):
        p1 = d.search({"per_page": 3, "page": 1, "sort": sort})
        p2 = d.search({"per_page": 3, "page": 2, "sort": sort})
        both = d.search({"per_page": 6, "page": 1, "sort": sort})
        ids1 = [h["id"] for h in p1["hits"]]
        ids2 = [h["id"] for h in p2["hits"]]
        t.ok(not set(ids1) & set(ids2), "sort=%s: pages 1 and 2 do not overlap" % sort)
        t.is_(ids1 + ids2, [h["id"] for h in both["hits"]],
              "sort=%s: page 2 continues page 1" % sort)
        t.is_((p2["page"], p2["per_page"]), (2, 3), "sort=%s: page and per_page echoed" % sort)

    # Sorting by date.  References may carry only "YYYY" or "YYYY-MM", whose
    # place among the full dates of their year is the shim's choice: check
    # the years, and the full dates among themselves.
    for sort, newest_first in (("date", True), ("-date", False)):
        ans, hits = d.search_all({"sort": sort})
        dates = [h["date"] for h in hits if h.get("date")]
        years = [x[:4] for x in dates]
        full = [x for x in dates if len(x) == 10]
        t.is_(years, sorted(years, reverse=newest_first),
              "sort=%s: %s first (years)" % (sort, "newest" if newest_first else "oldest"))
        t.is_(full, sorted(full, reverse=newest_first), "sort=%s: full dates in order" % sort)
        t.is_(len(hits), everything["total"], "sort=%s: every document" % sort)

    # A page past the end is empty, not an error.
    ans = d.search({"page": 1000, "per_page": 100})
    t.is_(ans["hits"], [], "a page past the last is empty")
    t.is_(ans["total"], everything["total"], "  ... with the same total")

    # Year filter and from/to agree.
    years = counts(everything, "year")
    if years:
        y = sorted(years)[0]
        by_year = d.search({"year": y})
        by_range = d.search({"from": y, "to": y})
        t.is_(by_year["total"], years[y], "year=%s finds the counted number" % y)
        t.is_(by_range["total"], years[y], "from=%s&to=%s finds the same" % (y, y))


polistest.run(main)
