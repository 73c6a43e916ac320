#!/usr/bin/env python3
"""agree.py — two polis-searchd answer the bench's queries alike.

    agree.py URL_A URL_B QUERIES [--facets theme,author] [--report FILE]

Sends every query (the same URLs as wrk.lua, with every facet asked for) to
both servers and compares, field by field: the total, the hits' ids in
order, each facet's values and counts, and the words each hit's title and
snippet mark (<mark>…</mark>, as a set: what the query found in that hit).
Hits of equal score may come in another order between two engines (ties
are broken by date then id, but scores are rounded to four decimals in the
answer): a swap inside a run of equal scores is counted apart, not as a
difference.  Prints `queries=N same=N tie_swaps=N differ=N` and the first
differences; exits 1 when any query differs.  Used by `make bench` to
compare the programs of BENCH_BEFORE with this build's (README.md there).
"""

import argparse
import http.client
import json
import re
import sys
import urllib.parse

import warm  # beside this file: the bench's URLs, one place

MARK = re.compile(r"<mark>(.*?)</mark>")


def paths(qfile, facets):
    """warm.py's URLs (wrk.lua's), every facet asked for."""
    for p in warm.paths(qfile, "polis"):
        yield p + "&facets=" + facets


class Client:
    def __init__(self, url):
        self.url = urllib.parse.urlsplit(url)
        self.conn = None

    def get(self, path):
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.url.hostname, self.url.port,
                                                           timeout=60)
                self.conn.request("GET", path)
                resp = self.conn.getresponse()
                body = resp.read()
                return resp.status, json.loads(body) if body else None
            except (OSError, http.client.HTTPException):
                self.conn = None
        return 0, None


def marks(hit):
    words = set()
    for field in ("title_html", "snippet"):
        for m in MARK.findall(hit.get(field) or ""):
            words.add((field, m.lower()))
    return words


def compare(a, b):
    """'' when a and b agree, 'tie' when only hits of equal score swapped, else why not."""
    if a.get("total") != b.get("total"):
        return f"total {a.get('total')} != {b.get('total')}"
    fa, fb = a.get("facets") or {}, b.get("facets") or {}
    for name in sorted(set(fa) | set(fb)):
        va = [(v["value"], v["count"]) for v in fa.get(name, [])]
        vb = [(v["value"], v["count"]) for v in fb.get(name, [])]
        if va != vb:
            return f"facet {name}: {va[:4]} != {vb[:4]}"
    ha, hb = a.get("hits") or [], b.get("hits") or []
    ids_a, ids_b = [h["id"] for h in ha], [h["id"] for h in hb]
    for h1, h2 in zip(ha, hb):
        if h1["id"] == h2["id"] and marks(h1) != marks(h2):
            return f"marks of {h1['id']}: {sorted(marks(h1))} != {sorted(marks(h2))}"
    if ids_a == ids_b:
        return ""
    # Equal scores may be ordered otherwise: compare the pages as runs of
    # equal scores, and the last run only in what both pages hold of it.
    if sorted(ids_a) == sorted(ids_b) and [h["score"] for h in ha] == [h["score"] for h in hb]:
        return "tie"
    return f"hits {ids_a[:5]} != {ids_b[:5]}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url_a")
    ap.add_argument("url_b")
    ap.add_argument("queries")
    ap.add_argument("--facets", default="theme,type,kind,year")
    ap.add_argument("--report")
    o = ap.parse_args()
    a, b = Client(o.url_a), Client(o.url_b)
    n = same = ties = differ = 0
    shown = []
    for p in paths(o.queries, o.facets):
        n += 1
        sa, ja = a.get(p)
        sb, jb = b.get(p)
        if sa != sb:
            why = f"status {sa} != {sb}"
        elif sa != 200:
            why = ""
        else:
            why = compare(ja, jb)
        if why == "":
            same += 1
        elif why == "tie":
            ties += 1
        else:
            differ += 1
            if len(shown) < 10:
                shown.append(f"{urllib.parse.unquote(p)}: {why}")
    line = f"queries={n} same={same} tie_swaps={ties} differ={differ}"
    print(line)
    for s in shown:
        print("  " + s)
    if o.report:
        with open(o.report, "w", encoding="utf-8") as f:
            f.write(line + "\n" + "".join("  " + s + "\n" for s in shown))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
