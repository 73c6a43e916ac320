#!/usr/bin/env python3
# Replicas: the indexing machine's index root served by
# xapian-replicate-server, a replica root fed by `polis-indexer replicate`
# (xapian-replicate), and a polis-searchd on the replica that follows the
# master's rebuilds and updates without a restart, saying in /healthz which
# generation it serves, and in /metrics the age of the master's writing.
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import polistest  # noqa: E402

INDEXER = os.path.join(polistest.BUILD, "polis-indexer")
QUERIES = [{"q": "quartier", "facets": "theme,kind"}, {"q": "emploi des jeunes"},
           {"q": "developement economique"}, {"q": "", "facets": "year"},
           {"q": "renouvellement urbain", "sort": "date"}]


def run(args):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=600)


def without_timing(a):
    a.pop("took_ms", None)
    return a


def wait_for(d, what, test, seconds=10):
    deadline = time.monotonic() + seconds * polistest.SLOW
    while True:
        got = what()
        if test(got) or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def main(t):
    tmp, corpus = polistest.scratch(t, "polis-replica-", corpus=True)
    master = os.path.join(tmp, "master")
    replica = os.path.join(tmp, "replica")
    r = run([INDEXER, "rebuild", corpus, "--index-root", master, "--shards", "2",
             "--no-progress", "--quiet"])
    t.is_(r.returncode, 0, "the master's first generation, in 2 shards")

    port = polistest.free_port()
    server = subprocess.Popen(["xapian-replicate-server", "--interface", "127.0.0.1",
                               "--port", str(port), master],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t.cleanups.append(lambda: server.poll() is None and (server.kill() or server.wait()))
    if not polistest.wait_port(port):
        t.bail("xapian-replicate-server did not start")
    addr = "127.0.0.1:%d" % port

    def replicate():
        r = run([INDEXER, "replicate", addr, "--index-root", replica, "--json"])
        return r, json.loads(r.stdout or "{}")

    time.sleep(2)  # the copy comes later than the writing: the age must tell which
    r, out = replicate()
    t.ok(r.returncode == 0 and out == {"command": "replicate", "generation": "gen-000001",
                                       "shards": 2, "switched": True},
         "replicate copies the master's generation and switches to it", r.stderr + r.stdout)
    t.is_(os.readlink(os.path.join(replica, "current")), "gen-000001",
          "the replica's current names the master's generation")
    r, out = replicate()
    t.ok(r.returncode == 0 and out.get("switched") is False,
         "a second round with nothing new switches nothing", r.stderr)

    m = polistest.Searchd(t, master)
    d = polistest.Searchd(t, replica)
    health = d.get("/healthz").json
    t.ok(health.get("generation") == "gen-000001" and health.get("shards") == 2
         and health.get("docs") == m.get("/healthz").json.get("docs"),
         "/healthz on the replica: the master's generation, shards and documents", health)
    ages = [polistest.scrape(x).value("polis_index_age_seconds") for x in (m, d)]
    t.ok(None not in ages and ages[1] >= 2 and abs(ages[0] - ages[1]) <= 1,
         "/metrics on the replica: the index is as old as the master wrote it, not as copied",
         ages)
    for q in QUERIES:
        t.is_(without_timing(d.search(q)), without_timing(m.search(q)),
              "the replica answers %s as the master" % json.dumps(q, ensure_ascii=False))

    # The master rebuilds: the replica follows at its next round, and the
    # daemon that serves it, without a restart.
    r = run([INDEXER, "rebuild", corpus, "--index-root", master, "--no-progress", "--quiet"])
    t.is_(r.returncode, 0, "the master's next generation")
    r, out = replicate()
    t.ok(r.returncode == 0 and out.get("generation") == "gen-000002" and out.get("switched"),
         "replicate switches the replica to gen-000002", r.stderr)
    got = wait_for(d, lambda: d.get("/healthz").json.get("generation"),
                   lambda g: g == "gen-000002")
    t.is_(got, "gen-000002", "the replica's daemon serves gen-000002 without a restart")

    # The master updates in place: the same generation, a new document.
    with open(os.path.join(corpus, "html", "zz-replique.html"), "w", encoding="utf-8") as f:
        f.write("<html><head><title>Rencontre des centres sociaux de Brumevalle</title>"
                "<link rel=canonical href=\"https://exemple.fr/actus/brumevalle\"></head>"
                "<body><p>Les centres sociaux de Brumevalle se rencontrent.</p></body></html>")
    r = run([INDEXER, "update", corpus, "--index-root", master, "--no-progress", "--quiet"])
    t.is_(r.returncode, 0, "the master updates gen-000002 in place")
    r, out = replicate()
    t.ok(r.returncode == 0 and out.get("generation") == "gen-000002"
         and out.get("switched") is False, "replicate brings the update, in place", r.stderr)
    total = wait_for(d, lambda: d.search({"q": "Brumevalle"})["total"], lambda n: n == 1)
    t.is_(total, 1, "the replica's daemon finds the updated document without a restart")
    # Each worker thread rechecks its handle once a second; SIGHUP: now.
    d.send_signal(signal.SIGHUP)
    m.send_signal(signal.SIGHUP)
    for q in QUERIES:
        # Both daemons reopen within a second (the SIGHUP's handling is
        # asynchronous): the same answer within that time.
        got = wait_for(d, lambda: (without_timing(d.search(q)), without_timing(m.search(q))),
                       lambda pair: pair[0] == pair[1], seconds=3)
        t.is_(got[0], got[1], "after the update, the replica answers %s as the master"
              % json.dumps(q, ensure_ascii=False))

    # A plain (one-database) master generation replicates too.
    r = run([INDEXER, "rebuild", corpus, "--index-root", master, "--shards", "1",
             "--no-progress", "--quiet"])
    r, out = replicate()
    t.ok(r.returncode == 0 and out.get("generation") == "gen-000003" and out.get("shards") == 1,
         "a one-database generation replicates", r.stderr)
    got = wait_for(d, lambda: d.get("/healthz").json, lambda h: h.get("generation") == "gen-000003")
    t.ok(got.get("generation") == "gen-000003" and got.get("shards") == 1,
         "the replica's daemon serves it", got)
    # --keep 2, and one replaced less than 5 s ago (its readers move off).
    gens = sorted(x for x in os.listdir(replica) if x.startswith("gen-"))
    t.ok(gens[-2:] == ["gen-000002", "gen-000003"] and len(gens) <= 3,
         "the replica prunes as rebuild does (%r)" % gens)

    server.kill()
    server.wait()
    r, out = replicate()
    t.ok(r.returncode == 1 and "xapian-replicate" in r.stderr and "failed" in r.stderr,
         "the master out of reach: replicate fails, saying so", r.stderr[-300:])
    t.is_(d.get("/healthz").json.get("generation"), "gen-000003",
          "... and the replica keeps serving what it has")
    d.stop()
    m.stop()


polistest.run(main)
