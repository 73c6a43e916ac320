#!/usr/bin/env python3
"""report.py — the benchmark's one table, from the rows bench.sh recorded.

    report.py --rows ROWS.tsv --out RESULT.md --n N --runs R ...

ROWS.tsv: SECTION<TAB>ENGINE<TAB>DOCS<TAB>CONN<TAB>k=v k=v ...<TAB>note.
Prints the Markdown (machine header, table, legend) and writes it to --out.
"""

import argparse
import os
import platform
import re
import sqlite3
import subprocess
import sys
import time


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem": mem,
            "kernel": platform.release()}


def versions(root):
    v = {
        "xapian": sh("pkg-config --modversion xapian-core"),
        "omindex": sh("omindex --version").replace("omindex - ", ""),
        "sqlite": sqlite3.sqlite_version,
        "python": platform.python_version(),
        "libmicrohttpd": sh("pkg-config --modversion libmicrohttpd"),
        "wrk": sh("wrk -v 2>&1 | head -1").split(" [")[0],
    }
    commit = sh(f"git -C '{root}' rev-parse --short HEAD")
    if commit and sh(f"git -C '{root}' status --porcelain --untracked-files=no"):
        commit += "+changes"
    v["polis"] = commit or "?"
    return v


def parse_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 6:
                cols += [""] * (6 - len(cols))
            section, engine, docs, conn, kvs, note = cols[:6]
            d = {}
            for item in kvs.split():
                k, _, val = item.partition("=")
                d[k] = val
            rows.append({"section": section, "engine": engine,
                         "docs": int(docs) if docs.isdigit() else 0,
                         "conn": conn, "kv": d, "note": note})
    return rows


def num(d, k):
    try:
        return float(d[k])
    except (KeyError, ValueError):
        return None


def lat(us):
    if us is None:
        return "—"
    if us < 1000:
        return f"{us:.0f} µs"
    if us < 100_000:
        return f"{us / 1000:.2f} ms"
    return f"{us / 1000:.0f} ms"


def mb(b):
    if b is None:
        return "—"
    b /= 1024 * 1024
    return f"{b:,.0f} MB" if b >= 100 else f"{b:.1f} MB"


def n(x):
    return f"{x:,}" if x else "—"


def verdict(ok):
    return "met" if ok else "**missed**"


def find(rows, sections, engine, docs, conn=None):
    for r in rows:
        if r["section"] in sections and r["engine"] == engine and r["docs"] == docs \
                and (conn is None or r["conn"] == conn):
            return r
    return None


def ratio(x, y):
    return f"{x / y:.2f}×" if x is not None and y else "—"


def shares(d):
    """The parts of a polis-searchd answer over one connection, as a note."""
    parts = [num(d, f"part_{p}_us") for p in ("search", "hits", "json")]
    avg = num(d, "avg_us")
    if None in parts or not avg:
        return ""
    http = max(avg - sum(parts), 0)
    names = ("search", "hits (decoding, highlighting)", "JSON", "HTTP")
    return "of a request's mean " + lat(avg) + ": " + ", ".join(
        f"{n} {lat(v)} ({100 * v / avg:.0f} %)" for n, v in zip(names, parts + [http]))


def build(rows, a):
    out = []
    index = {r["engine"]: r for r in rows if r["section"] == "index" and r["docs"] == a.n}
    omi = index.get("omindex")
    omi_rate = None
    if omi and num(omi["kv"], "secs"):
        omi_rate = omi["docs"] / num(omi["kv"], "secs")
    ceiling = {r["conn"]: num(r["kv"], "rps") for r in rows
               if r["section"] == "http" and r["engine"] == "mhd-ceiling"}

    def index_row(r, what):
        d = r["kv"]
        secs = num(d, "secs")
        if secs is None:
            return [what, r["engine"], n(r["docs"]), "—", "—", "—", "—", "—", "—", "—",
                    r["note"] or "no result"]
        rate = r["docs"] / secs
        mbs = (num(d, "bytes") or 0) / secs / 1e6
        runs = int(d.get("runs", "1"))
        notes = [f"{secs:.1f} s" + (f", median of {runs}" if runs > 1 else ", 1 run")]
        if r["note"]:
            notes.append(f"{r['note']} input")
        indexed = d.get("indexed", "?")
        whole = True
        if indexed.isdigit() and int(indexed) != r["docs"]:
            whole = False
            notes.append(f"**indexed {int(indexed):,} of {r['docs']:,}**")
            if int(indexed) == 0:
                return [what, r["engine"], n(r["docs"]), "—", "—", "—", "—", "—",
                        mb(num(d, "rss_kb") * 1024) if num(d, "rss_kb") else "—",
                        mb(num(d, "size_b")), "; ".join(notes) + " (form not read?)"]
        if r["engine"].startswith("polis-indexer") and omi_rate and r["section"] == "index" \
                and whole:
            x = rate / omi_rate
            notes.append(f"{x:.1f}× omindex (target ≥ 3×: {verdict(x >= 3)})")
        return [what, r["engine"], n(r["docs"]), "—",
                f"{rate:,.0f} docs/s, {mbs:.1f} MB/s", "—", "—", "—",
                mb(num(d, "rss_kb") * 1024) if num(d, "rss_kb") else "—",
                mb(num(d, "size_b")), "; ".join(notes)]

    def query_row(r, what):
        d = r["kv"]
        if num(d, "p50_us") is None:
            return [what, r["engine"], n(r["docs"]), "—", "—", "—", "—", "—", "—", "—",
                    r["note"] or "no result"]
        mean = num(d, "mean_us")
        runs = int(num(d, "runs") or 1)
        notes = [r["note"], f"median of {runs} passes" if runs > 1 else "1 pass"]
        if num(d, "of") and num(d, "queries") and num(d, "queries") < num(d, "of"):
            notes.append(f"every {round(num(d, 'of') / num(d, 'queries'))}th query "
                         f"({int(num(d, 'queries'))} of {int(num(d, 'of')):,}) to fit the time budget")
        if num(d, "avg_matches") is not None:
            notes.append(f"{num(d, 'avg_matches'):,.0f} matches on average")
        if num(d, "errors"):
            notes.append(f"**{d['errors']} errors**")
        if num(d, "cold_p50_us"):
            notes.append(f"first pass (no match set cached yet, {int(num(d, 'cold_queries')):,} "
                         f"queries): p50 {lat(num(d, 'cold_p50_us'))}, "
                         f"p99 {lat(num(d, 'cold_p99_us'))}")
        sections = ("query", "scale-query")
        floor = find(rows, sections, "xapian-floor", r["docs"])
        if r["engine"].startswith("polis-shim") and floor and num(floor["kv"], "p50_us"):
            fd = floor["kv"]
            notes.append(f"÷ floor: p50 {ratio(num(d, 'p50_us'), num(fd, 'p50_us'))}, "
                         f"p99 {ratio(num(d, 'p99_us'), num(fd, 'p99_us'))}")
        if r["engine"] == "polis-shim" and r["docs"] >= 100_000:
            ok = num(d, "p50_us") <= 2000 and num(d, "p99_us") <= 10000
            notes.append(f"target p50 ≤ 2 ms, p99 ≤ 10 ms: {verdict(ok)}")
        if r["engine"] == "polis-shim-author":
            base = find(rows, sections, "polis-shim", r["docs"])
            if base and num(base["kv"], "mean_us") is not None:
                dp50 = num(d, "p50_us") - num(base["kv"], "p50_us")
                dmean = num(d, "mean_us") - num(base["kv"], "mean_us")
                s = f"the author facet adds {dp50 / 1000:+.2f} ms at p50, {dmean / 1000:+.2f} ms on average"
                if num(d, "distinct_authors"):
                    s += f" ({num(d, 'distinct_authors'):,.0f} distinct authors)"
                if num(d, "distinct_authors") and num(d, "distinct_authors") >= 100_000:
                    s += f" (target ≤ 1 ms: {verdict(max(dp50, dmean) <= 1000)})"
                notes.append(s)
        if r["engine"] == "polis-shim-before":
            now = find(rows, sections, "polis-shim", r["docs"])
            if now and num(now["kv"], "p50_us"):
                notes.append(f"this build ÷ before: p50 {ratio(num(now['kv'], 'p50_us'), num(d, 'p50_us'))}, "
                             f"p99 {ratio(num(now['kv'], 'p99_us'), num(d, 'p99_us'))}")
        return [what, r["engine"], n(r["docs"]), "1",
                (f"{1e6 / mean:,.0f} q/s" if 1e6 / mean >= 10 else f"{1e6 / mean:.2f} q/s")
                if mean else "—",
                lat(num(d, "p50_us")), lat(num(d, "p95_us")), lat(num(d, "p99_us")),
                "—", "—", "; ".join(x for x in notes if x)]

    # Indexing
    for eng in ("polis-indexer", "polis-indexer-before", "polis-indexer-html",
                "polis-indexer-oai", "omindex", "sqlite-fts5"):
        r = index.get(eng)
        if r:
            out.append(index_row(r, "indexing"))
    for r in rows:
        if r["section"] == "index" and r["engine"] not in index:
            out.append(index_row(r, "indexing"))
    # Query in process
    for r in rows:
        if r["section"] == "query":
            out.append(query_row(r, "query in process"))
    for r in rows:
        if r["section"] == "qps" and num(r["kv"], "qps"):
            out.append(["throughput in process", r["engine"], n(r["docs"]), r["conn"],
                        f"{num(r['kv'], 'qps'):,.0f} q/s", "—", "—", "—", "—", "—", r["note"]])
    # HTTP
    order = {"mhd-ceiling": 0, "polis-searchd": 1, "polis-searchd-nocache": 2,
             "polis-searchd-nocache-before": 3, "omega-cgi": 4}
    http = sorted((r for r in rows if r["section"] == "http"),
                  key=lambda r: (r["docs"] != a.n, r["docs"], order.get(r["engine"], 9),
                                 int(r["conn"]) if r["conn"].isdigit() else 0))
    for r in http:
        d = r["kv"]
        if num(d, "rps") is None:
            out.append(["HTTP", r["engine"], n(r["docs"]), r["conn"], "—", "—", "—", "—", "—",
                        "—", r["note"] or "no result"])
            continue
        notes = []
        if num(d, "p90_us") is not None:
            notes.append(f"p90 {lat(num(d, 'p90_us'))}")
        if r["engine"] == "polis-searchd":
            notes.append("answer cache on (default): after one pass every query is a hit")
        if r["engine"].startswith("polis-searchd-nocache"):
            notes.append("--answer-cache-mb 0: every request searches")
            if r["engine"].endswith("-before"):
                notes.append("BENCH_BEFORE's programs on their own index")
            floor = find(rows, ("query", "scale-query"), "xapian-floor", r["docs"])
            if r["conn"] == "1" and floor and num(floor["kv"], "p50_us"):
                fd = floor["kv"]
                p50r, p99r = num(d, "p50_us") / num(fd, "p50_us"), num(d, "p99_us") / num(fd, "p99_us")
                s = f"÷ floor: p50 {p50r:.2f}×, p99 {p99r:.2f}×"
                if not r["engine"].endswith("-before"):
                    s += f" (target ≤ 1.5×: {verdict(p50r <= 1.5 and p99r <= 1.5)})"
                notes.append(s)
            if r["conn"] == "1" and shares(d):
                notes.append(shares(d))
            if r["conn"] == "64" and r["docs"] >= 100_000 and not r["engine"].endswith("-before"):
                notes.append(f"target ≥ 1,000 req/s: {verdict(num(d, 'rps') >= 1000)}")
        if r["engine"].startswith("polis-searchd") and r["docs"] == a.n:
            ceil = ceiling.get(r["conn"])
            if ceil:
                pct = 100 * num(d, "rps") / ceil
                s = f"{pct:.0f} % of the ceiling" if pct >= 10 else f"{pct:.1f} % of the ceiling"
                if r["conn"] == "64" and r["engine"] == "polis-searchd-nocache":
                    s += f" (target ≥ 50 %: {verdict(pct >= 50)})"
                notes.append(s)
        if r["engine"] == "mhd-ceiling":
            notes.append("fixed 2 KB body")
        if r["engine"] == "omega-cgi":
            notes.append("a process per query, python3 http.server CGI, no theme filter")
        bad = int(num(d, "non2xx") or 0) + int(num(d, "sockerr") or 0)
        # python3's CGI server answers HTTP/1.0 and closes: wrk counts each close
        # as a read error though the answer was whole.
        if r["engine"] != "omega-cgi":
            bad += int(num(d, "readerr") or 0)
        if bad:
            notes.append(f"**{bad:,} of {int(num(d, 'requests') or 0):,} failed**")
        out.append(["HTTP", r["engine"], n(r["docs"]), r["conn"], f"{num(d, 'rps'):,.0f} req/s",
                    lat(num(d, "p50_us")), "—", lat(num(d, "p99_us")), "—", "—", "; ".join(notes)])
    # Scale: the index part's rows at N count as the scale row at N.
    scales = [int(s) for s in a.scales.split()]
    for s in scales:
        for eng, qeng in (("polis-indexer", "polis-shim"), ("sqlite-fts5", "sqlite-fts5")):
            ir = next((r for r in rows if r["section"] in ("scale", "index") and r["engine"] == eng
                       and r["docs"] == s), None)
            qr = next((r for r in rows if r["section"] in ("scale-query", "query")
                       and r["engine"] == qeng and r["docs"] == s), None)
            if ir is None and qr is None:
                continue
            cells = index_row(ir, "scale") if ir else ["scale", eng, n(s)] + ["—"] * 8
            p50 = num(qr["kv"], "p50_us") if qr else None
            cells[5] = lat(p50) + " (query)" if p50 is not None else "—"
            cells[8] = "—"
            cells[10] = cells[10].split("; ")[0] if ir and num(ir["kv"], "secs") else cells[10]
            if qr and num(qr["kv"], "p50_us") is None:
                cells[10] += f"; query: {qr['note']}"
            out.append(cells)
    # The scale part's queries beside the floor (the N's are the query rows).
    for r in rows:
        if r["section"] == "scale-query" and r["engine"] != "polis-shim" and r["engine"] != "sqlite-fts5":
            out.append(query_row(r, "query in process"))
    # Agreement with BENCH_BEFORE's programs.
    for r in rows:
        if r["section"] == "agree":
            d = r["kv"]
            out.append(["agreement", r["engine"], n(r["docs"]), "—", "—", "—", "—", "—", "—", "—",
                        f"{r['note']}: {int(num(d, 'queries') or 0):,} queries, {int(num(d, 'same') or 0):,} "
                        f"answered alike, {int(num(d, 'tie_swaps') or 0)} with hits of equal score in "
                        f"another order, {int(num(d, 'differ') or 0)} different"])
    # Shards: one rebuild and the in-process queries per shard count, then remote.
    one_p50 = None
    for r in (r for r in rows if r["section"] == "shards"):
        d = r["kv"]
        p50 = num(d, "p50_us")
        rate = num(d, "rebuild_docs_s")
        notes = [r["note"]]
        if r["engine"] == "polis-1-shards":
            one_p50 = p50
        elif p50 is not None and one_p50:
            notes.append(f"{one_p50 / p50:.2f}× the 1-shard speed")
        if rate:
            notes.append(f"rebuild {num(d, 'rebuild_s'):.1f} s, {rate:,.0f} docs/s, peak RSS "
                         f"{mb((num(d, 'rss_kb') or 0) * 1024)}")
        if num(d, "errors"):
            notes.append(f"**{d['errors']} queries failed**")
        out.append(["shards", r["engine"], n(r["docs"]), "—", "—", lat(p50), lat(num(d, "p95_us")),
                    lat(num(d, "p99_us")), "—", "—", "; ".join(notes)])
    # searchd memory
    mem = sorted((r for r in rows if r["section"] == "memory"),
                 key=lambda r: (r["docs"], "wrk" in r["note"]))
    for r in mem:
        d = r["kv"]
        rss = num(d, "vmrss_kb")
        notes = [r["note"]]
        if num(d, "rssanon_kb") is not None:
            notes.append(f"anon {mb(num(d, 'rssanon_kb') * 1024)}, file {mb(num(d, 'rssfile_kb') * 1024)}")
        if num(d, "errors"):
            notes.append(f"**{d['errors']} of {d.get('requests')} requests failed**")
        if r["docs"] >= 1_000_000 and num(d, "rssanon_kb"):
            notes.append(f"target < 100 MB: {verdict(num(d, 'rssanon_kb') < 100 * 1024)}")
        out.append(["searchd memory", "polis-searchd", n(r["docs"]), "—", "—", "—", "—", "—",
                    mb(rss * 1024) if rss else "—", "—", "; ".join(notes)])
    return out


def split(d):
    """A c=1 request's mean split into its parts, as shares (shares())."""
    parts = [num(d, f"part_{p}_us") for p in ("search", "hits", "json")] if d else [None]
    avg = num(d, "avg_us") if d else None
    if None in parts or not avg:
        return "—"
    parts.append(max(avg - sum(parts), 0))
    return " / ".join(f"{100 * v / avg:.0f} %" for v in parts) + f" of {lat(avg)}"


def floor_table(rows, a):
    """Polis beside plain Xapian at each size measured: the floor table."""
    sizes = sorted({r["docs"] for r in rows if r["engine"] == "xapian-floor" and num(r["kv"], "p50_us")})
    if not sizes:
        return []
    q = ("query", "scale-query")
    head = ["| Docs | floor: plain Xapian p50 / p99 | polis-shim (in process) | ÷ floor "
            "| polis-searchd over HTTP, c=1 | ÷ floor | the same before | ÷ floor "
            "| HTTP c=64 (before) | in process, 2 threads: Xapian top 10 alone / polis-shim "
            "| a request at c=1: search / hits / JSON / HTTP |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]

    def pair(d):
        return f"{lat(num(d, 'p50_us'))} / {lat(num(d, 'p99_us'))}" if d else "—"

    def ratios(d, fd):
        if not d or num(d, "p50_us") is None:
            return "—"
        return f"{ratio(num(d, 'p50_us'), num(fd, 'p50_us'))} / {ratio(num(d, 'p99_us'), num(fd, 'p99_us'))}"

    out = []
    for s in sizes:
        fd = find(rows, q, "xapian-floor", s)["kv"]
        shim = find(rows, q, "polis-shim", s)
        top = find(rows, ("qps",), "xapian-top-only", s, "2")
        shim2 = find(rows, ("qps",), "polis-shim", s, "2")
        qps = "—"
        if top and num(top["kv"], "qps"):
            qps = f"{num(top['kv'], 'qps'):,.0f} / "
            qps += f"{num(shim2['kv'], 'qps'):,.0f} q/s" if shim2 and num(shim2["kv"], "qps") else "— q/s"
        http = find(rows, ("http",), "polis-searchd-nocache", s, "1")
        before = find(rows, ("http",), "polis-searchd-nocache-before", s, "1")
        c64 = find(rows, ("http",), "polis-searchd-nocache", s, "64")
        c64b = find(rows, ("http",), "polis-searchd-nocache-before", s, "64")
        rps = "—"
        if c64 and num(c64["kv"], "rps"):
            rps = f"{num(c64['kv'], 'rps'):,.0f} req/s"
            if c64b and num(c64b["kv"], "rps"):
                rps += f" ({num(c64b['kv'], 'rps'):,.0f})"
        out.append("| " + " | ".join([
            n(s), pair(fd), pair(shim["kv"] if shim else None), ratios(shim["kv"] if shim else None, fd),
            pair(http["kv"] if http else None), ratios(http["kv"] if http else None, fd),
            pair(before["kv"] if before else None), ratios(before["kv"] if before else None, fd),
            rps, qps, split(http["kv"] if http else None)]) + " |")
    return ["", "Polis ÷ the floor (plain Xapian on the same index and queries, in process; "
            "p50 / p99; target for polis-searchd over HTTP: ≤ 1.5× at both):", ""] + head + out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", default="42")
    ap.add_argument("--scales", default="")
    ap.add_argument("--wrk-secs", default="10")
    ap.add_argument("--elapsed", default="?")
    ap.add_argument("--quick", default="0")
    ap.add_argument("--root", default=".")
    a = ap.parse_args()
    rows = parse_rows(a.rows)
    m = machine()
    v = versions(a.root)
    try:
        el = int(a.elapsed)
        elapsed = f"{el // 60} min {el % 60:02d} s"
    except ValueError:
        elapsed = a.elapsed
    head = [
        f"# Polis benchmark, {time.strftime('%Y-%m-%d %H:%M')}" + (" (quick smoke run)" if a.quick == "1" else ""),
        "",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['mem']} RAM, Linux {m['kernel']}",
        f"- Software: Polis {v['polis']}, Xapian {v['xapian']}, omindex {v['omindex']}, "
        f"SQLite {v['sqlite']} (Python {v['python']}), libmicrohttpd {v['libmicrohttpd']}, {v['wrk']}",
        f"- Run: {a.n:,} generated documents (seed {a.seed}), 1,000 queries, up to {a.runs} runs "
        f"per measure (median), wrk {a.wrk_secs} s per row, scales {', '.join(f'{int(s):,}' for s in a.scales.split())}; "
        f"took {elapsed}",
        "",
    ]
    cols = ["Measure", "Engine", "Docs", "Conn", "Throughput", "p50", "p95", "p99",
            "RSS", "Index", "Notes"]
    table = ["| " + " | ".join(cols) + " |",
             "|" + "|".join(["---", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:",
                             "---:", "---"]) + "|"]
    for cells in build(rows, a):
        table.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    legend = [
        "",
        "Indexing: wall time of the whole build from files to a committed index; RSS is the "
        "peak (time -v); Index is `du` of what it wrote. Query in process: per query, "
        "text + theme filter + theme facet counts + top 10, µs (qbench through the shim; "
        "FTS5 through python3's sqlite3, execute + fetch only). HTTP: wrk on 127.0.0.1, the "
        "same 1,000 queries in a cycle; p95 is not reported by wrk. Scale: indexing and query "
        "p50 at each corpus size. Shards: the same documents rebuilt in 1, 2 and 4 shards "
        "(rebuild wall time, no final merge) and queried in process, then the 2 shards through "
        "two xapian-tcpsrv on loopback. searchd memory: VmRSS after the queries "
        "(anon = heap and stacks; file = mapped binaries and libraries).",
    ]
    text = "\n".join(head + table + floor_table(rows, a) + legend) + "\n"
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
