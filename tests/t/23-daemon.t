#!/usr/bin/env python3
# /healthz, the access log, keep-alive, concurrent requests, and stopping
# cleanly on SIGTERM and SIGINT.
import http.client
import os
import signal
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402


def main(t):
    index = polistest.build_index(t)
    d = polistest.Searchd(t, index, ["--threads", "3"])

    r = d.request("GET", "/healthz")
    t.is_(r.status, 200, "healthz: 200")
    t.ok(r.is_json(), "healthz: JSON")
    h = r.json
    t.is_(h.get("status"), "ok", "healthz: status ok")
    t.ok(isinstance(h.get("docs"), int) and h["docs"] >= 1, "healthz: docs", h.get("docs"))
    gen = os.path.basename(os.path.realpath(os.path.join(index, "current")) if
                           os.path.exists(os.path.join(index, "current")) else
                           os.path.realpath(index))
    t.is_(h.get("generation"), gen, "healthz: generation is the real index directory's name")
    t.ok(isinstance(h.get("revision"), int) and h["revision"] >= 0, "healthz: revision",
         h.get("revision"))
    total = d.search({})["total"]
    t.is_(h.get("docs"), total, "healthz docs = browse-all total")

    # Keep-alive: two requests on one connection.
    conn = http.client.HTTPConnection("127.0.0.1", d.port, timeout=30 * polistest.SLOW)
    conn.request("GET", "/healthz")
    r1 = conn.getresponse()
    r1.read()
    conn.request("GET", "/api/search?q=quartier")
    r2 = conn.getresponse()
    r2.read()
    conn.close()
    t.ok(r1.status == 200 and r2.status == 200, "two requests on one kept-alive connection")

    # Concurrent requests on several workers give the same answers.
    want = d.search({"q": "quartier", "per_page": 5})["hits"]
    results = []

    def worker():
        for _ in range(5):
            try:
                results.append(d.search({"q": "quartier", "per_page": 5})["hits"] == want)
            except Exception:
                results.append(False)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    t.ok(len(results) == 30 and all(results), "30 concurrent searches agree",
         "%d of %d" % (sum(results), len(results)))

    # The access log: one line per request with method, path, status, bytes, time.
    d.request("GET", "/api/search?q=secret+words")
    d.request("GET", "/nope")
    log = d.wait_stderr("GET /nope 404 ")
    t.ok("GET /api/search 200 " in log, "access log has the search", log[-500:])
    t.ok("GET /nope 404 " in log, "access log has the 404")
    t.ok("secret" not in log, "access log leaves out the query string")

    t.is_(d.stop(signal.SIGTERM), 0, "SIGTERM: exit status 0")

    # SIGINT stops too, and --quiet silences the access log.
    d2 = polistest.Searchd(t, index, ["--quiet", "--threads", "1"])
    t.is_(d2.request("GET", "/healthz").status, 200, "a --quiet daemon answers")
    t.is_(d2.stop(signal.SIGINT), 0, "SIGINT: exit status 0")
    t.ok("/healthz" not in d2.stderr(), "--quiet: no access log", d2.stderr())

    # --help prints the defaults; a wrong option is a usage error.
    binary = os.path.join(polistest.BUILD, "polis-searchd")
    p = subprocess.run([binary, "--help"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.decode()
    t.ok(p.returncode == 0 and "127.0.0.1:8080" in out and "--max-per-page" in out,
         "--help lists the options and defaults")
    p = subprocess.run([binary, "--bogus"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t.is_(p.returncode, 2, "an unknown option: exit status 2")
    p = subprocess.run([binary, "--index", "/nonexistent/polis-index", "--listen",
                        "127.0.0.1:0"] + polistest.AS_ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE,
                       timeout=30)
    t.ok(p.returncode == 1 and b"/nonexistent/polis-index" in p.stderr,
         "a missing index: exit status 1 with a message", p.stderr[-300:])


polistest.run(main)
