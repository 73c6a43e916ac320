#!/usr/bin/env python3
# What an attacker tries, against the real daemon on loopback, each with the
# answer owed: the abuse table (tests/lib/abuse.py, every row its status and
# the look of its answer: the JSON contract, or the page's French HTML, and
# one status line); a head sent too slowly (408); slowloris from 22
# addresses of 127.0.0.0/8 while an ordinary client is answered within 1 s;
# one address holding --max-per-ip slow connections while its next request
# is served; eight clients sending the costliest allowed search while
# /healthz and a stored answer come within 100 ms at p99; the Host header
# never reflected.  Bounded: at most 1,100 connections and about 40 s.
import json
import os
import re
import resource
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import abuse  # noqa: E402
import polistest  # noqa: E402

# Sanitizers and valgrind slow the daemon down: the bounds grow with them.
SLOW = polistest.SLOW * (3 if os.environ.get("POLIS_SAN") else 1)
STATUS_LINE = re.compile(rb"(^|\r\n)HTTP/1\.[01] \d\d\d ")


def check_row(t, name, got, want, kind):
    status = abuse.status_of(got)
    t.is_(status, want, "%s: %d" % (name, want))
    if got is None:
        return
    headers = dict(got[1])
    body = got[2]
    t.ok(not STATUS_LINE.search(body), "%s: one status line, no second answer" % name, body[:120])
    ctype = headers.get("content-type", "")
    if kind == "json":
        try:
            err = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            err = None
        ok = ctype == "application/json; charset=utf-8" and isinstance(err, dict)
        if want >= 400:
            ok = ok and isinstance(err.get("error"), dict) and "code" in err["error"]
        t.ok(ok, "%s: the JSON contract" % name, (ctype, body[:160]))
    elif kind == "html":
        text = body.decode("utf-8", "replace")
        t.ok(ctype == "text/html; charset=utf-8" and 'lang="fr"' in text and
             "content-security-policy" in headers, "%s: the page's French HTML" % name,
             (ctype, text[:160]))
    if want >= 400 and "content-length" in headers:
        t.is_(int(headers["content-length"]), len(body), "%s: Content-Length is the body's" % name)


def table(t, d):
    for name, data, want, kind in abuse.ABUSE:
        check_row(t, name, abuse.raw(d.port, data, timeout=5 * SLOW, read_all=False), want, kind)
    # The Host a client sends is no source of links.
    for target in ("/opensearch.xml", "/feed.atom?q=quartier"):
        got = abuse.raw(d.port, b"GET " + target.encode() + b" HTTP/1.1\r\nHost: evil.example\r\n"
                        b"X-Forwarded-Proto: https\r\n\r\n", timeout=5 * SLOW)
        t.ok(abuse.status_of(got) == 200 and b"evil.example" not in got[2] and
             d.base.encode() in got[2], "%s with Host: evil.example: the daemon's own URL" % target)
    t.is_(d.get("/healthz").status, 200, "after the table, /healthz still answers")


def drip(port, first, every, sock=None, limit=10.0):
    """Send first, then a byte every `every` seconds until the server
    answers or closes; (what it sent back, seconds from first to answer)."""
    if sock is None:
        sock = socket.create_connection(("127.0.0.1", port), timeout=10 * SLOW)
    sock.sendall(first)
    t0 = time.monotonic()
    reply = b""
    sock.settimeout(every)
    while time.monotonic() - t0 < limit * SLOW:
        try:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
            continue
        except socket.timeout:
            pass
        except OSError:
            break
        if reply:
            break
        try:
            sock.sendall(b"X")
        except OSError:
            pass
    took = time.monotonic() - t0
    sock.close()
    return reply, took


def slow_heads(t, index):
    d = polistest.Searchd(t, index, ["--head-timeout", "1"])
    # A head sent a byte at a time: 408 once its second is up, whatever it sends.
    reply, took = drip(d.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n", every=0.25)
    t.ok(reply.startswith(b"HTTP/1.1 408 ") and b'"request_timeout"' in reply,
         "a head dripping a byte every 250 ms: 408 request_timeout", reply[:120])
    t.ok(0.9 <= took < 2 * SLOW,
         "  ... at --head-timeout (1 s), not reset by each byte (%.2f s)" % took)
    # The page's head: the page's 408.
    got = abuse.raw(d.port, b"GET /search?q=emploi HTTP/1.1\r\n", timeout=5 * SLOW)
    t.ok(abuse.status_of(got) == 408 and b'lang="fr"' in got[2],
         "a page's head never finished: the French 408", got and got[0])
    # On a kept-alive connection, the next head has the same deadline.
    sock = socket.create_connection(("127.0.0.1", d.port), timeout=10 * SLOW)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    first = sock.recv(4096)
    reply, took = drip(d.port, b"GET /api/search?q=a HTTP/1.1\r\nHost: x\r\n", every=0.25,
                       sock=sock)
    t.ok(first.startswith(b"HTTP/1.1 200 ") and reply.startswith(b"HTTP/1.1 408 ") and
         took < 2 * SLOW, "kept alive, a second head dripping: 408 as well (%.2f s)" % took,
         reply[:80])
    # Kept alive and silent: closed, without a word, at the same deadline.
    sock = socket.create_connection(("127.0.0.1", d.port), timeout=10 * SLOW)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    sock.recv(4096)
    t0 = time.monotonic()
    end = sock.recv(4096)
    t.ok(end == b"" and time.monotonic() - t0 < 2 * SLOW, "kept alive and idle: closed, silently")
    sock.close()
    d.stop()


def slowloris(t, index):
    d = polistest.Searchd(t, index, ["--head-timeout", "3", "--quiet"])
    r = abuse.slowloris_row(d.port, seconds=8, warmup=1.5)
    t.ok(r["held"] >= 1000, "slowloris: %d slow connections from 22 addresses held" % r["held"])
    t.is_(r["answered"], r["probes"],
          "slowloris: the ordinary client answered within 1 s, %d times of %d (worst %.0f ms)"
          % (r["answered"], r["probes"], (r["worst"] or 0) * 1000))
    told = sum(n for line, n in r["answers"].items() if line.startswith((b"HTTP/1.1 408",
                                                                          b"HTTP/1.1 503")))
    t.ok(r["closed_by_server"] > 0 and told > 0,
         "slowloris: slow connections closed, with a 408 or 503 (%r)" % r["answers"])
    t.is_(d.get("/healthz").status, 200, "slowloris: over, the daemon serves")
    d.stop()


def per_address(t, index):
    d = polistest.Searchd(t, index, ["--max-per-ip", "64"])
    attack = abuse.Slowloris(d.port, addresses=1, per_address=64, drip=5.0, reconnect=False)
    attack.sources = ["127.0.0.77"]
    attack.start()
    time.sleep(1.0)
    st, s = abuse.timed_get(d.port, "/healthz", 1.0 * SLOW, source="127.0.0.77")
    t.ok(st == 200, "64 slow connections from one address: its next request is served (%.0f ms)"
         % (s * 1000), st)
    attack.stop()
    d.stop()


def starvation(t, index):
    d = polistest.Searchd(t, index, ["--quiet"])
    r = abuse.starvation_row(d.port, seconds=6)
    for name in ("healthz", "cached"):
        s = r[name]
        t.ok(s["errors"] == 0 and s["p99"] <= 0.1 * SLOW,
             "8 clients on the costliest search: %s p99 %.0f ms (p50 %.0f, max %.0f, n %d)"
             % (name, s["p99"] * 1000, s["p50"] * 1000, s["max"] * 1000, s["n"]))
    t.ok(r["costly_n"] > 0 and set(r["costly_status"]) <= {200, 503},
         "  ... the costly searches are answered, or told 503 (%r)" % r["costly_status"])
    d.stop()


def main(t):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < 4096:
        t.skip("slowloris", "the hard limit on descriptors (%d) is below 4096" % hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    index = polistest.build_index(t)
    d = polistest.Searchd(t, index, ["--quiet"])
    table(t, d)
    d.stop()
    slow_heads(t, index)
    if hard >= 4096:
        slowloris(t, index)
    per_address(t, index)
    starvation(t, index)


polistest.run(main)
