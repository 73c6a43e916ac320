#!/usr/bin/env python3
"""fts5.py — the SQLite FTS5 peer of the benchmark (python3's sqlite3 module).

    fts5.py index MD_DIR DB        index the Markdown corpus of gen.py
    fts5.py query DB QUERIES [--runs N] [--budget S] [--per-page N]

index: reads every .md file under MD_DIR (sorted), takes the title (first bold
phrase), the body (the text above "Type d'actualites:", Markdown marks removed)
and the theme ids (the "Thématiques:" labels, mapped through MD_DIR/themes.tsv),
and inserts them in one transaction into
    docs      FTS5(title, body, theme), tokenize='unicode61 remove_diacritics 2'
    doc_theme (doc, theme), for the theme filter and the GROUP BY theme count.
Prints one key=value line: docs, bytes (of Markdown read), seconds.

query: for each query (TEXT<TAB>THEME), the top hits by bm25 with the theme
filter, then the count of matches per theme over all matches (the facet, counted
without its own filter as Polis does), timing only execute + fetch of both
statements.  A warm-up pass (at most S seconds), then N passes (fewer once S
seconds are spent, at least one; when a pass would take longer than S, every
k-th query only); prints the median over the passes
of each pass's p50/p95/p99 in microseconds, like qbench.
"""

import os
import re
import sqlite3
import statistics
import sys
import time

BOLD = re.compile(r"\*\*(.+?)\*\*")
LINK = re.compile(r"\[([^\]]*)\]\(#\)\s*\[\d+\]")
LABEL = re.compile(r"^\[([^\]]+)\]\(#\)\s*\[\d+\]\s*$")


def load_themes(md_dir):
    table = {}
    path = os.path.join(md_dir, "themes.tsv")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                for label in cols[1:] + cols[:1]:
                    table[label] = cols[0]
    return table


def parse_md(text, themes):
    head, sep, tail = text.partition("\nType d'actualites:")
    m = BOLD.search(head)
    title = m.group(1) if m else ""
    body = LINK.sub(r"\1", head).replace("**", "").strip()
    ids = []
    if sep:
        in_themes = False
        for line in tail.split("\n"):
            if line.startswith("Thématiques:"):
                in_themes = True
                line = line[len("Thématiques:"):].strip()
            elif line.startswith("Publié le"):
                break
            if in_themes:
                lm = LABEL.match(line.strip())
                if lm:
                    ids.append(themes.get(lm.group(1), lm.group(1)))
    return title, body, ids


def cmd_index(md_dir, db):
    if os.path.exists(db):
        os.unlink(db)
    files = []
    for root, dirs, names in os.walk(md_dir):
        dirs.sort()
        files.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(".md"))
    t0 = time.perf_counter()
    themes = load_themes(md_dir)
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, theme, "
                "tokenize='unicode61 remove_diacritics 2')")
    con.execute("CREATE TABLE doc_theme(doc INTEGER NOT NULL, theme TEXT NOT NULL, "
                "PRIMARY KEY(theme, doc)) WITHOUT ROWID")
    nbytes = 0
    with con:  # one transaction
        for rowid, path in enumerate(files, 1):
            with open(path, "rb") as f:
                raw = f.read()
            nbytes += len(raw)
            title, body, ids = parse_md(raw.decode("utf-8"), themes)
            con.execute("INSERT INTO docs(rowid, title, body, theme) VALUES (?, ?, ?, ?)",
                        (rowid, title, body, " ".join(ids)))
            con.executemany("INSERT OR IGNORE INTO doc_theme(doc, theme) VALUES (?, ?)",
                            [(rowid, t) for t in ids])
        con.execute("CREATE INDEX doc_theme_doc ON doc_theme(doc, theme)")
    con.close()
    secs = time.perf_counter() - t0
    print(f"docs={len(files)} bytes={nbytes} seconds={secs:.3f}")


def to_match(text):
    """A user's query as an FTS5 expression: every word and "phrase" required."""
    parts = re.findall(r'"([^"]*)"|(\S+)', text)
    terms = []
    for phrase, word in parts:
        t = (phrase or word).strip()
        if t:
            terms.append('"' + t.replace('"', '""') + '"')
    return " ".join(terms)


def percentile(sorted_values, p):
    n = len(sorted_values)
    rank = max(1, min(n, int((p / 100.0) * n + 0.999999)))
    return sorted_values[rank - 1]


def cmd_query(db, qfile, runs, per_page, budget):
    queries = []
    with open(qfile, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                text, _, theme = line.partition("\t")
                queries.append((to_match(text), theme))
    con = sqlite3.connect(db)
    hits_sql = ("SELECT rowid, title FROM docs WHERE docs MATCH ? "
                "ORDER BY bm25(docs) LIMIT ?")
    hits_theme_sql = ("SELECT rowid, title FROM docs WHERE docs MATCH ? AND rowid IN "
                      "(SELECT doc FROM doc_theme WHERE theme = ?) ORDER BY bm25(docs) LIMIT ?")
    facet_sql = ("SELECT t.theme, count(*) FROM docs JOIN doc_theme t ON t.doc = docs.rowid "
                 "WHERE docs MATCH ? GROUP BY t.theme")
    clock = time.perf_counter_ns
    errors = 0

    def one(match, theme):
        t0 = clock()
        if theme:
            hits = con.execute(hits_theme_sql, (match, theme, per_page)).fetchall()
        else:
            hits = con.execute(hits_sql, (match, per_page)).fetchall()
        facets = con.execute(facet_sql, (match,)).fetchall()
        return (clock() - t0) / 1000.0, len(hits) + len(facets)

    warm_start = time.perf_counter()
    warmed = 0
    for match, theme in queries:  # warm-up, for at most the budget
        if budget > 0 and time.perf_counter() - warm_start > budget:
            break
        warmed += 1
        try:
            one(match, theme)
        except sqlite3.Error as e:
            errors += 1
            print(f"fts5.py: {match!r}: {e}", file=sys.stderr)
    # A pass that would outlast the budget times every stride-th query only.
    stride = 1
    if budget > 0 and warmed:
        pass_secs = (time.perf_counter() - warm_start) / warmed * len(queries)
        stride = int(pass_secs / budget) + 1
    sample = queries[::stride]
    p50, p95, p99, mean = [], [], [], []
    started = time.perf_counter()
    for r in range(runs):
        if r > 0 and budget > 0 and time.perf_counter() - started > budget:
            break
        times = []
        for match, theme in sample:
            try:
                us, _ = one(match, theme)
            except sqlite3.Error:
                errors += 1
                continue
            times.append(us)
        times.sort()
        p50.append(percentile(times, 50))
        p95.append(percentile(times, 95))
        p99.append(percentile(times, 99))
        mean.append(sum(times) / len(times))
    print(f"p50_us={statistics.median(p50):.0f} p95_us={statistics.median(p95):.0f} "
          f"p99_us={statistics.median(p99):.0f} mean_us={statistics.median(mean):.0f} "
          f"queries={len(sample)} of={len(queries)} runs={len(p50)} errors={errors}")


def main(argv):
    if len(argv) >= 3 and argv[0] == "index":
        return cmd_index(argv[1], argv[2])
    if len(argv) >= 3 and argv[0] == "query":
        runs, per_page, budget = 3, 10, 0.0
        rest = argv[3:]
        while len(rest) >= 2:
            if rest[0] == "--runs":
                runs = int(rest[1])
            elif rest[0] == "--budget":
                budget = float(rest[1])
            elif rest[0] == "--per-page":
                per_page = int(rest[1])
            rest = rest[2:]
        return cmd_query(argv[1], argv[2], runs, per_page, budget)
    sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
