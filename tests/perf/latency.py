#!/usr/bin/env python3
"""latency.py — p50/p99 of /api/search and /api/suggest over realistic queries.

Builds the corpus index (or uses --index), starts polis-searchd on an
ephemeral port, and sends a few thousand GETs per endpoint over keep-alive
connections (http.client), from a few client threads.  Queries are made of
words drawn from the corpus itself — single words, pairs, phrases, with and
without a theme filter — so that they match as users' queries do; suggest
queries are prefixes of those words, as typed key by key.

    python3 tests/perf/latency.py [--requests 3000] [--clients 4] [--index DIR]

Standard library only.  Prints one line per case: count, p50, p90, p99, max
(milliseconds, client-side: request sent to answer read).
"""

import argparse
import http.client
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("POLIS_BUILD") or os.path.join(ROOT, "build"))
THEMES = ["developpement-economique", "politique-de-la-ville", "renouvellement-urbain",
          "emploi-insertion", "cohesion-sociale", "sante", "habitat-logement", "jeunesse",
          "participation-des-habitants", "economie-sociale-solidaire"]
STOP = set("""a au aux avec ce ces dans de des du elle en est et il ils la le les leur lui
mais me meme mes mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sont sur
ta te tes ton tu un une vos votre vous une cette ont été être plus aussi entre leurs""".split())


def corpus_words(n=400, seed=7):
    """The n most frequent words of 4+ letters in the corpus text."""
    counts = {}
    for base, _, files in os.walk(os.path.join(ROOT, "corpus")):
        for f in files:
            if not f.endswith((".md", ".html", ".xml")):
                continue
            with open(os.path.join(base, f), "rb") as fh:
                text = fh.read().decode("utf-8", "replace")
            text = re.sub(r"<[^>]+>|https?://\S+", " ", text)
            for w in re.findall(r"[a-zà-ÿœæ]{4,}", text.lower()):
                if w not in STOP:
                    counts[w] = counts.get(w, 0) + 1
    words = sorted(counts, key=lambda w: -counts[w])[:n]
    random.Random(seed).shuffle(words)
    return words


def search_targets(words, n, rng):
    out = []
    for i in range(n):
        shape = rng.random()
        if shape < 0.45:
            q = rng.choice(words)
        elif shape < 0.8:
            q = "%s %s" % (rng.choice(words), rng.choice(words))
        elif shape < 0.9:
            q = '"%s %s"' % (rng.choice(words), rng.choice(words))
        else:
            q = "%s OR %s" % (rng.choice(words), rng.choice(words))
        params = [("q", q)]
        if i % 2:  # half the queries filter on one or two themes
            params.append(("theme", rng.choice(THEMES)))
            if rng.random() < 0.3:
                params.append(("theme", rng.choice(THEMES)))
        out.append("/api/search?" + urllib.parse.urlencode(params))
    return out


def suggest_targets(words, n, rng):
    out = []
    while len(out) < n:
        w = rng.choice(words)
        head = rng.choice(words) + " " if rng.random() < 0.3 else ""
        for k in range(2, min(len(w), 8) + 1):  # typed key by key
            out.append("/api/suggest?" + urllib.parse.urlencode({"q": head + w[:k]}))
    return out[:n]


def run(port, targets, clients):
    """Send targets from clients keep-alive connections; latencies in ms."""
    lat, errors = [], []
    lock = threading.Lock()
    chunks = [targets[i::clients] for i in range(clients)]

    def worker(chunk):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for target in chunk:
            t0 = time.perf_counter()
            conn.request("GET", target)
            resp = conn.getresponse()
            resp.read()
            mine.append((time.perf_counter() - t0) * 1000.0)
            if resp.status != 200:
                errors.append((target, resp.status))
        conn.close()
        with lock:
            lat.extend(mine)

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return lat, errors, time.perf_counter() - t0


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=3000, help="requests per case")
    ap.add_argument("--clients", type=int, default=4, help="concurrent connections")
    ap.add_argument("--index", help="an index to serve (default: build one from corpus/)")
    args = ap.parse_args()

    tmp = None
    index = args.index
    if not index:
        tmp = tempfile.mkdtemp(prefix="polis-perf-")
        index = os.path.join(tmp, "index")
        subprocess.run([os.path.join(BUILD, "polis-indexer"), "build",
                        os.path.join(ROOT, "corpus"), "--index", index, "--quiet"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    binary = os.path.join(BUILD, "polis-searchd")
    # As root (a container's), polis-searchd serves only when told it may.
    as_root = ["--allow-root"] if os.geteuid() == 0 and b"--allow-root" in subprocess.run(
        [binary, "--help"], stdout=subprocess.PIPE).stdout else []
    daemon = subprocess.Popen([binary, "--index", index, "--listen", "127.0.0.1:0", "--quiet"] +
                              as_root, stdout=subprocess.PIPE)
    try:
        line = daemon.stdout.readline().decode().strip()
        port = int(line.rsplit(":", 1)[1])
        rng = random.Random(42)
        words = corpus_words()
        search = search_targets(words, args.requests, rng)
        cases = [
            ("/api/search (no filter)", [x for x in search if "theme=" not in x]),
            ("/api/search (theme filter)", [x for x in search if "theme=" in x]),
            ("/api/search (all)", search),
            ("/api/suggest", suggest_targets(words, args.requests, rng)),
        ]
        run(port, search[:200], args.clients)  # warm the caches first
        print("%-28s %6s %8s %8s %8s %8s %8s" % ("case", "n", "p50 ms", "p90 ms", "p99 ms",
                                                 "max ms", "req/s"))
        for name, targets in cases:
            lat, errors, secs = run(port, targets, args.clients)
            print("%-28s %6d %8.2f %8.2f %8.2f %8.2f %8.0f" % (
                name, len(lat), pct(lat, 50), pct(lat, 90), pct(lat, 99), max(lat),
                len(lat) / secs))
            if errors:
                print("  %d errors, e.g. %r" % (len(errors), errors[:3]))
    finally:
        daemon.terminate()
        daemon.wait()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
