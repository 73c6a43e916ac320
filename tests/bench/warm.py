#!/usr/bin/env python3
"""warm.py — send every query of the benchmark once to a server, as a warm-up.

    warm.py URL QUERIES [--mode polis|omega]

One keep-alive connection, queries in file order, the same URLs as wrk.lua.
Prints `requests=N ok=N errors=N avg_total=N`, avg_total the mean "total" of
polis-searchd's answers (0 for other servers); exits 1 when nothing answered 200.
"""

import http.client
import json
import sys
import urllib.parse


def paths(qfile, mode):
    with open(qfile, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            text, _, theme = line.partition("\t")
            if mode == "omega":
                yield "/cgi-bin/omega?DB=bench&FMT=bench&P=" + urllib.parse.quote(text, safe="")
            else:
                p = "/api/search?per_page=10&q=" + urllib.parse.quote(text, safe="")
                if theme:
                    p += "&theme=" + urllib.parse.quote(theme, safe="")
                yield p


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    url = urllib.parse.urlsplit(argv[0])
    mode = argv[3] if len(argv) >= 4 and argv[2] == "--mode" else "polis"
    conn = None
    n = ok = errors = 0
    totals = 0
    for p in paths(argv[1], mode):
        n += 1
        try:
            if conn is None:
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            conn.request("GET", p)
            resp = conn.getresponse()
            body = resp.read()
            if resp.status == 200:
                ok += 1
                if mode == "polis":
                    totals += int(json.loads(body).get("total", 0))
            else:
                errors += 1
                if errors <= 3:
                    print(f"warm.py: {p}: {resp.status} {body[:200]!r}", file=sys.stderr)
            if resp.getheader("Connection", "").lower() == "close" or resp.version == 10:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException, ValueError) as e:
            errors += 1
            if errors <= 3:
                print(f"warm.py: {p}: {e}", file=sys.stderr)
            if conn is not None:
                conn.close()
            conn = None
    print(f"requests={n} ok={ok} errors={errors} avg_total={totals // max(ok, 1)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
