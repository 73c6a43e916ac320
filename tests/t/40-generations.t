#!/usr/bin/env python3
# Offline rebuilds and incremental updates while searchd serves (issue 4):
# generations switched atomically, the lock, update counts, and the faults a
# rebuild must survive: kill -9 at random points, a full disk, and rebuilds
# under a loop of real HTTP queries.
import fcntl
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

INDEXER = os.path.join(polistest.BUILD, "polis-indexer")
CORPUS = os.path.join(polistest.ROOT, "corpus")
QUERY = {"q": "quartier", "facets": "theme"}
KILL_RUNS = int(os.environ.get("POLIS_KILL_RUNS", "20"))


def indexer(*args, timeout=600):
    return subprocess.run([INDEXER] + list(args), cwd=polistest.ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout, text=True)


def leftovers(root):
    return sorted(x for x in os.listdir(root) if x.startswith("gen-") and "." in x)


def generations(root):
    return sorted(x for x in os.listdir(root) if x.startswith("gen-") and "." not in x)


def state(d):
    """What the daemon serves: documents, and the hits of one query."""
    h = d.request("GET", "/healthz").json
    return h.get("docs"), d.search(QUERY)["total"], h.get("generation")


class Load:
    """HTTP searches in a loop; every answer must be a complete 200 from one
    generation (its total is one the generations give, its hits agree)."""

    def __init__(self, d, threads=4):
        self.d, self.stop_flag = d, threading.Event()
        self.failures, self.totals, self.done = [], {}, 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run) for _ in range(threads)]
        for th in self.threads:
            th.start()

    def run(self):
        while not self.stop_flag.is_set():
            try:
                # An ignored parameter makes every URL new, so each answer
                # is computed, not taken from searchd's store of answers.
                r = self.d.get("/api/search", dict(QUERY, per_page="10", n=str(self.done)))
                ok = r.status == 200 and r.json is not None
                if ok:
                    a = r.json
                    counted = sum(f["count"] for f in a["facets"].get("theme", []))
                    ok = len(a["hits"]) == min(a["total"], 10) and counted >= a["total"]
                    with self.lock:
                        self.totals[a["total"]] = self.totals.get(a["total"], 0) + 1
                if not ok:
                    self.failures.append((r.status, r.body[:200]))
            except Exception as e:  # a dropped connection is a failure too
                self.failures.append(repr(e))
            with self.lock:
                self.done += 1

    def stop(self):
        self.stop_flag.set()
        for th in self.threads:
            th.join()


def kill_at_random(t, args, seconds, rng):
    p = subprocess.Popen([INDEXER] + args, cwd=polistest.ROOT, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0, seconds))
    p.kill()
    p.wait()


def main(t):
    tmp = tempfile.mkdtemp(prefix="polis-gen-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    root = os.path.join(tmp, "root")
    small = os.path.join(tmp, "small")
    shutil.copytree(CORPUS, small)
    shutil.rmtree(os.path.join(small, "xml"))

    # -- rebuild: a generation, the link, the JSON summary ----------------------
    p = indexer("rebuild", CORPUS, "--index-root", root, "--json")
    t.is_(p.returncode, 0, "rebuild succeeds")
    summary = json.loads(p.stdout) if p.returncode == 0 else {}
    t.is_(summary.get("generation"), "gen-000001", "the first generation is gen-000001")
    t.ok(summary.get("documents", 0) > 100 and summary.get("index_bytes", 0) > 0,
         "--json gives documents and index size", summary)
    t.is_(os.readlink(os.path.join(root, "current")), "gen-000001", "current points at it")

    d = polistest.Searchd(t, root, ["--threads", "3", "--quiet"])
    full = state(d)
    t.is_(full[2], "gen-000001", "searchd given the root serves the current generation")

    # -- the lock: a second indexer fails naming the holder, or waits ----------
    lock = open(os.path.join(root, ".lock"), "r+")
    fcntl.flock(lock, fcntl.LOCK_EX)
    lock.seek(0)
    lock.truncate()
    lock.write("4242\n")
    lock.flush()
    p = indexer("rebuild", CORPUS, "--index-root", root)
    t.ok(p.returncode == 1 and "pid 4242" in p.stderr, "a second indexer fails naming the holder",
         p.stderr)
    waiter = subprocess.Popen([INDEXER, "update", CORPUS, "--index-root", root, "--wait", "--quiet"],
                              cwd=polistest.ROOT)
    time.sleep(0.7)
    t.is_(waiter.poll(), None, "with --wait it waits for the lock")
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()
    t.is_(waiter.wait(timeout=60), 0, "and runs once the lock is free")

    # -- rebuilds under traffic -------------------------------------------------
    load = Load(d)
    time.sleep(0.3)
    totals = {full[1]}
    for i, corpus in enumerate([small, CORPUS, small]):
        goal = load.done + 800
        deadline = time.monotonic() + 60
        while load.done < goal and time.monotonic() < deadline:
            time.sleep(0.05)  # a share of the traffic before each rebuild
        p = indexer("rebuild", corpus, "--index-root", root, "--keep", "2", "--quiet")
        t.is_(p.returncode, 0, "rebuild %d under traffic" % (i + 1))
        time.sleep(1.3)  # every worker passes its once-a-second check
        totals.add(d.search(QUERY)["total"])
    time.sleep(0.3)
    load.stop()
    t.ok(load.done >= 1000 and not load.failures,
         "no failed or malformed response across 3 rebuilds (%d requests)" % load.done,
         load.failures[:5])
    t.ok(set(load.totals) <= totals and len(totals) == 2,
         "each response comes from one generation (totals %s, generations give %s)"
         % (sorted(load.totals), sorted(totals)))
    t.ok(generations(root)[-2:] == ["gen-000003", "gen-000004"],
         "--keep 2 kept the last two (and those replaced within the grace period)",
         generations(root))
    time.sleep(5.2)  # past the grace period, the next rebuild removes the old ones
    p = indexer("rebuild", small, "--index-root", root, "--keep", "2", "--quiet")
    t.is_(generations(root), ["gen-000004", "gen-000005"], "past the grace period, just two")
    time.sleep(1.3)
    t.is_(state(d)[2], "gen-000005", "searchd serves the newest")

    # -- kill -9 during rebuilds -------------------------------------------------
    before = state(d)
    t0 = time.monotonic()
    indexer("rebuild", small, "--index-root", root, "--quiet")
    took = time.monotonic() - t0
    before = state(d)
    rng = random.Random(1234)
    bad = []
    # Whole generations only: the small one in service, or a full one that a
    # run finished before its kill.  A worker looks at `current` once a
    # second, so two requests may see two of those, never anything else.
    for i in range(KILL_RUNS):
        kill_at_random(t, ["rebuild", CORPUS, "--index-root", root, "--quiet"], took * 1.2, rng)
        now = state(d)
        if now[0] not in (before[0], full[0]) or now[1] not in (before[1], full[1]):
            bad.append((i, now))
    t.ok(not bad, "after %d kills during rebuilds searchd serves a whole generation" % KILL_RUNS,
         bad)
    p = indexer("rebuild", CORPUS, "--index-root", root, "--quiet")
    t.is_(p.returncode, 0, "the next rebuild succeeds")
    t.is_(leftovers(root), [], "and leaves no unfinished generation")
    time.sleep(1.3)
    t.is_(state(d)[:2], full[:2], "serving every document again")

    # -- kill -9 during updates ----------------------------------------------------
    work = os.path.join(tmp, "work")
    shutil.copytree(CORPUS, work)
    p = indexer("rebuild", work, "--index-root", root, "--quiet")
    time.sleep(1.3)
    served = state(d)
    os.remove(os.path.join(work, "seed", "retour-sur-le-pop-dev-eco-le-quartier-activateur.md"))
    shutil.copy(os.path.join(polistest.ROOT, "corpus", "pages", os.listdir(os.path.join(CORPUS, "pages"))[0]),
                os.path.join(work, "copy-of-a-page.md"))
    changed = os.path.join(work, "pages", "le-cget-devient-l-anct.md")
    with open(changed) as f:
        text = f.read()
    with open(changed, "w") as f:  # a paragraph before the body, where the parser reads text
        f.write("Un paragraphe ajouté, xylophonique : quartier.\n\n" + text)
    bad = []
    for i in range(KILL_RUNS):
        kill_at_random(t, ["update", work, "--index-root", root, "--quiet"], 0.15, rng)
        now = state(d)
        if now[0] not in (served[0], served[0] - 1) or now[1] not in (served[1], served[1] - 1):
            bad.append((i, now))
    t.ok(not bad, "after %d kills during updates searchd serves a whole state" % KILL_RUNS, bad)
    p = indexer("update", work, "--index-root", root, "--json", "--quiet")
    t.ok(p.returncode == 0, "the next update succeeds", p.stderr)
    time.sleep(1.3)
    t.is_(state(d)[0], served[0] - 1, "and the index holds the corpus as it is now")
    r = d.search({"q": "xylophonique"})
    t.ok([h["id"] for h in r["hits"]] == ["actualites-0-le-cget-devient-l-anct"], "the changed file is re-indexed")

    r = d.search({"q": "quartier activateur", "per_page": "100"})
    t.ok(all(h["id"] != "actualites-0-retour-sur-le-pop-dev-eco-le-quartier-activateur" for h in r["hits"]),
         "the removed file's document is gone from searches")

    # Counts, on an update nobody kills: one file changed, one removed, one added.
    # The removed file was a copy of a page that had replaced the page's own
    # file (the same source URL, a newer file): that file is read again and
    # takes its document back, so two files count as changed.
    with open(os.path.join(work, "pages", "le-cget-devient-l-anct.md"), "a") as f:
        f.write("\nEncore un ajout.\n")
    os.remove(os.path.join(work, "copy-of-a-page.md"))
    shutil.copy(os.path.join(polistest.ROOT, "corpus", "seed",
                             "retour-sur-le-pop-dev-eco-le-quartier-activateur.md"),
                os.path.join(work, "seed-again.md"))
    p = indexer("update", work, "--index-root", root, "--json", "--quiet")
    u = json.loads(p.stdout) if p.returncode == 0 else {}
    t.ok((u.get("added"), u.get("changed"), u.get("removed")) == (1, 2, 1)
         and u.get("unchanged", 0) > 30, "update counts added, changed, removed, unchanged", u)
    time.sleep(1.3)
    r = d.search({"q": "quartier activateur", "per_page": "100"})
    t.ok(any(h["id"] == "actualites-0-retour-sur-le-pop-dev-eco-le-quartier-activateur" for h in r["hits"]),
         "the same URL answers from the updated index, not from a stored answer")
    p = indexer("update", work, "--index-root", root, "--json", "--quiet")
    u = json.loads(p.stdout) if p.returncode == 0 else {}
    t.ok(u.get("added") == 0 and u.get("changed") == 0 and u.get("removed") == 0,
         "a second update finds nothing to do", u)
    time.sleep(1.3)

    # -- a full disk ------------------------------------------------------------------
    mnt = os.path.join(tmp, "small-disk")
    os.mkdir(mnt)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mnt],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if m.returncode != 0:
        t.skip("a rebuild on a full disk fails cleanly", "cannot mount a tmpfs here: " + m.stdout.strip())
    else:
        t.cleanups.append(lambda: subprocess.run(["umount", "-l", mnt]))
        droot = os.path.join(mnt, "root")
        p = indexer("rebuild", CORPUS, "--index-root", droot, "--quiet")
        t.is_(p.returncode, 0, "a first generation fits on the small disk")
        d2 = polistest.Searchd(t, droot, ["--threads", "2", "--quiet"])
        first = state(d2)
        st = os.statvfs(mnt)
        with open(os.path.join(mnt, "filler"), "wb") as f:
            f.write(b"\0" * max(0, st.f_bavail * st.f_frsize - 256 * 1024))
        p = indexer("rebuild", CORPUS, "--index-root", droot)
        t.ok(p.returncode == 1 and ("space" in p.stderr.lower() or "No space" in p.stderr),
             "a rebuild on a full disk fails with a clear error", p.stderr[-500:])
        t.is_(os.readlink(os.path.join(droot, "current")), "gen-000001", "current is untouched")
        t.is_(state(d2), first, "searchd serves the same generation")
        os.remove(os.path.join(mnt, "filler"))
        p = indexer("rebuild", CORPUS, "--index-root", droot, "--quiet")
        t.ok(p.returncode == 0 and leftovers(droot) == [],
             "with room again the next rebuild succeeds and cleans up", p.stderr)
        d2.stop()
    d.stop()


polistest.run(main)
