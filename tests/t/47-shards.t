#!/usr/bin/env python3
# An index in shards answers as one database over the same documents:
# corpus/ built whole and in 2 shards, served from the shards' directory
# (ranked at once in process, a thread a shard, or by a xapian-progsrv
# child per shard) and
# through two xapian-tcpsrv, and 50 queries compared field by field; a
# remote shard that dies or hangs gives a 503 within the query time limit;
# updates reach the shard a document's id hashes to; the index's age in
# /metrics is the same read through xapian-tcpsrv.
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import polistest  # noqa: E402

INDEXER = os.path.join(polistest.BUILD, "polis-indexer")

# 50 searches as practitioners type them: words, accents left out, typos,
# acronyms, phrases, operators, fields, filters, dates, sorts and pages.
QUERIES = [
    {"q": "quartier"}, {"q": "quartiers prioritaires"}, {"q": "emploi des jeunes"},
    {"q": "renouvellement urbain"}, {"q": "developpement economique"},
    {"q": "developement economique"}, {"q": "tranquilité publique"}, {"q": "QPV"},
    {"q": "ESS"}, {"q": "NPNRU"}, {"q": "\"contrat de ville\""},
    {"q": "\"politique de la ville\" emploi"}, {"q": "insertion OR emploi"},
    {"q": "jeunes -emploi"}, {"q": "title:quartier"}, {"q": "author:martin"},
    {"q": "theme:emploi"}, {"q": "commerce de proximité"}, {"q": "santé"},
    {"q": "education"}, {"q": "rénovation"}, {"q": "cohesion sociale"},
    {"q": "mobilité"}, {"q": "numerique"}, {"q": "habitat logement"},
    {"q": "participation des habitants"}, {"q": "conseils citoyens"},
    {"q": "zone franche urbaine"}, {"q": "égalité femmes hommes"},
    {"q": "gestion urbaine de proximité"}, {"q": "zzzzqqq"},
    {"q": "quartier", "theme": "emploi-insertion"},
    {"q": "quartier", "theme": "developpement-economique", "kind": "recap"},
    {"q": "emploi", "facets": "theme,type,kind,year"},
    {"q": "ville", "facets": "theme,kind", "theme": "politique-de-la-ville"},
    {"q": "quartier", "sort": "date"}, {"q": "quartier", "sort": "date_asc"},
    {"q": "quartier", "from": "2015-01-01", "to": "2020-12-31"},
    {"q": "", "facets": "theme,type,kind,year"}, {"q": "", "kind": "bibliography"},
    {"q": "", "theme": "sante", "facets": "kind"},
    {"q": "emploi", "per_page": "5", "page": "3"},
    {"q": "développement", "facets": "year", "kind": "reference"},
    {"q": "bibliographie"}, {"q": "séminaire régional"}, {"q": "appel à projets"},
    {"q": "l'emploi"}, {"q": "d'insertion"}, {"q": "jeunesse"}, {"q": "dev*"},
]
SUGGEST = ["dev", "quart", "emplo", "renouv", "jeun", "polit", "ville d", "insert",
           "san", "éduc"]


def wildcard(params):
    return "*" in params.get("q", "")


def answer(d, params):
    """The whole answer to a search: every page, without timings, the hits
    in their order (ties go newest first, then by id, never by docid)."""
    params = dict(params)
    r = d.get("/api/search", params)
    if r.status != 200:
        return r.status, r.body
    a = r.json
    if "page" not in params:
        a["hits"] = d.search_all(params)[1]
    for k in ("took_ms", "page", "per_page"):
        a.pop(k, None)
    if wildcard(params):
        # Xapian expands a wildcard within each shard: the same hits, whose
        # weights may differ a little.
        for h in a["hits"]:
            h.pop("score")
        a["hits"].sort(key=lambda h: h["id"])
    return 200, a


def differences(a, b):
    if a == b:
        return ""
    if a[0] != b[0] or a[0] != 200:
        return "status %r vs %r" % (a[0], b[0])
    out = []
    for k in sorted(set(a[1]) | set(b[1])):
        if a[1].get(k) != b[1].get(k):
            out.append("%s: %s\n  vs %s" % (k, json.dumps(a[1].get(k), ensure_ascii=False)[:400],
                                             json.dumps(b[1].get(k), ensure_ascii=False)[:400]))
    return "\n".join(out)


def compare(t, one, other, what, spelling=True):
    ids = set()
    for params in QUERIES:
        a, b = answer(one, params), answer(other, params)
        if not spelling and a[0] == 200 and b[0] == 200:
            for x in (a[1], b[1]):
                for k in ("corrected", "used_correction"):
                    x.pop(k, None)
            if a[1].get("total") != b[1].get("total"):
                continue  # a correction was used on one side only: told below
        t.ok(a == b, "%s: %s answers as one database" % (what, json.dumps(params, ensure_ascii=False)),
             differences(a, b))
        if a[0] == 200:
            ids.update(h["id"] for h in a[1]["hits"][:3])
    for prefix in SUGGEST:
        a = one.get("/api/suggest", {"q": prefix})
        b = other.get("/api/suggest", {"q": prefix})
        # The links name each daemon's own address.
        a.body = a.body.replace(one.base.encode(), b"")
        b.body = b.body.replace(other.base.encode(), b"")
        t.ok(a.status == b.status == 200 and json.loads(a.body) == json.loads(b.body),
             "%s: suggestions for %r as one database" % (what, prefix),
             "%r\nvs %r" % (a.body[:300], b.body[:300]))
    for facet in ("theme", "type", "kind", "year"):
        a = one.get("/api/facets/" + facet, {"q": ""})
        b = other.get("/api/facets/" + facet, {"q": ""})
        t.ok(a.status == b.status == 200 and a.json == b.json,
             "%s: the values of %s as one database" % (what, facet), "%r\nvs %r" % (a.body[:300], b.body[:300]))
    same = [i for i in sorted(ids) if one.get("/api/doc/" + i).body == other.get("/api/doc/" + i).body]
    t.is_(len(same), len(ids), "%s: %d documents by id, the same" % (what, len(ids)))


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=600, **kw)


def tcpsrv(t, shard):
    port = polistest.free_port()
    # Its own process group: xapian-tcpsrv forks a child per connection,
    # and a shard that dies or hangs is the whole group.
    p = subprocess.Popen(["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port), shard],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)

    def stop():
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()
    t.cleanups.append(stop)
    if not polistest.wait_port(port):
        t.bail("xapian-tcpsrv on %s did not start" % shard)
    return p, "tcp://127.0.0.1:%d" % port


def layout(t, root):
    gen = os.path.join(root, "current")
    with open(os.path.join(gen, "XAPIANDB")) as f:
        stub = f.read()
    t.is_(stub, "auto shard-0\nauto shard-1\n", "the generation lists its 2 shards in Xapian's stub")
    d = run(["xapian-delve", gen])
    sizes = [run(["xapian-delve", os.path.join(gen, "shard-%d" % k)]).stdout for k in (0, 1)]
    counts = [int(s.split("number of documents = ")[1].split()[0]) for s in sizes]
    total = int(d.stdout.split("number of documents = ")[1].split()[0])
    t.ok(d.returncode == 0 and total == sum(counts) and min(counts) > total // 4,
         "Xapian's own tools open the generation as one: %d = %s documents" % (total, counts),
         d.stderr)


def updates(t, tmp, root, single):
    """An update sends each change to its document's shard, as a rebuild
    would, and a rebuild without --shards keeps the shards."""
    corpus = os.path.join(tmp, "corpus")
    page = os.path.join(corpus, "html", "zz-nouvelle-page.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write("<html><head><title>Forum des conseils citoyens de Sambrelune</title>"
                "<link rel=canonical href=\"https://exemple.fr/actus/forum-conseils-citoyens\">"
                "</head><body><p>Un forum réunira les conseils citoyens de Sambrelune."
                "</p></body></html>")
    gone = os.path.join(corpus, "biblio", sorted(os.listdir(os.path.join(corpus, "biblio")))[0])
    os.unlink(gone)
    u = run([INDEXER, "update", corpus, "--index-root", root, "--json", "--no-progress"])
    summary = json.loads(u.stdout or "{}")
    t.ok(u.returncode == 0 and summary.get("added") == 1 and summary.get("removed") == 1,
         "update on 2 shards: 1 added, 1 removed", u.stderr[-600:])
    b = run([INDEXER, "build", corpus, "--index", single, "--no-progress"])
    t.is_(b.returncode, 0, "the same corpus built whole")
    r = run([INDEXER, "update", corpus, "--index-root", root, "--shards", "3"])
    t.ok(r.returncode == 2 and "update keeps the index's shards" in r.stderr,
         "update --shards is refused, saying why", r.stderr)
    return corpus


def remote_failures(t, shard0, shard1):
    """A shard that hangs or dies: a 503 in time, never a hang, and the
    daemon answers again once the shard does."""
    p0, a0 = tcpsrv(t, shard0)
    p1, a1 = tcpsrv(t, shard1)
    limit = 1.0
    slack = 0.5 * polistest.SLOW
    # One worker: one connection per shard, the one the checks below use.
    d = polistest.Searchd(t, None, ["--remote", a0, "--remote", a1, "--threads", "1",
                                    "--query-time-limit", str(limit)])
    t.is_(d.get("/api/search", {"q": "emploi"}).status, 200, "remote shards answer")

    def timed(q):
        start = time.monotonic()
        r = d.get("/api/search", {"q": q})
        code = r.json.get("error", {}).get("code") if r.is_json() else None
        return r.status, code, time.monotonic() - start

    os.killpg(p1.pid, signal.SIGSTOP)
    status, code, took = timed("emploi")
    t.ok(status == 503 and code == "shard_unavailable" and took < limit + slack,
         "a shard that hangs: 503 shard_unavailable in %.2f s (limit %.1f s)" % (took, limit),
         "%d %s" % (status, code))
    # The next request connects again: within the limit too.
    status, code, took = timed("logement")
    t.ok(status == 503 and code == "shard_unavailable" and took < limit + slack,
         "still hung: the next request connects again and gets its 503 in %.2f s" % took)
    os.killpg(p1.pid, signal.SIGCONT)
    time.sleep(1.1)  # a thread tries a failed connection again after a second
    statuses = [timed("emploi")[0] for _ in range(3)]
    t.is_(statuses[-1], 200, "the shard answers again: so does the daemon (%r)" % statuses)
    os.killpg(p1.pid, signal.SIGKILL)
    p1.wait()
    time.sleep(1.1)
    start = time.monotonic()
    statuses = [timed("habitat")[:2] for _ in range(3)]
    took = time.monotonic() - start
    t.ok(statuses == [(503, "shard_unavailable")] * 3 and took < 3 * slack,
         "a shard that died: 503 at once, every time (%r in %.2f s)" % (statuses, took))
    health = d.get("/healthz")
    t.is_(health.status, 503, "/healthz says so too")
    t.ok(p0.poll() is None, "the other shard's server is untouched")
    d.stop()


def progsrv_children(d):
    """The xapian-progsrv children of searchd d: {pid: the shard each serves}."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                argv = f.read().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == d.proc.pid and argv[0].endswith(b"xapian-progsrv"):
            out[int(pid)] = argv[-2].decode() if argv[-1] == b"" else argv[-1].decode()
    return out


def proc_state(pid):
    """The state letter of a process (Z: a zombie), or None when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def parallel(t, one, root):
    """Local shards ranked at once by a xapian-progsrv child per shard
    (--shard-program), and by default in process."""
    gen = os.path.realpath(os.path.join(root, "current"))
    shards = sorted(os.path.join(gen, "shard-%d" % k) for k in (0, 1))
    # One search thread and no answer store: every search below is ranked
    # by the same handle, the one whose child is killed.
    d = polistest.Searchd(t, root, ["--search-threads", "1", "--answer-cache-mb", "0",
                                    "--shard-program", "xapian-progsrv"])
    query = {"q": "emploi", "facets": "theme,kind"}
    want = one.search(query)
    want.pop("took_ms", None)

    def same():
        got = d.search(query)
        got.pop("took_ms", None)
        return got == want

    t.ok(same(), "ranked by the children: the answer of one database")
    kids = progsrv_children(d)
    t.ok(sorted(kids.values()) == shards,
         "the shards are ranked by xapian-progsrv children of searchd, one per shard", kids)
    victim = min(kids)
    os.kill(victim, signal.SIGKILL)
    t.ok(same(), "a child killed: the search still answers as one database (ranked in process)")
    # Failed children are closed, and so reaped, on a thread of their own.
    deadline = time.monotonic() + 5 * polistest.SLOW
    while proc_state(victim) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    t.ok(proc_state(victim) is None, "the dead child is reaped, no zombie left",
         proc_state(victim))
    t.ok(same(), "the next search is ranked again")
    fresh = progsrv_children(d)
    t.ok(sorted(fresh.values()) == shards and not set(fresh) & set(kids),
         "by new children, one per shard", (kids, fresh))
    d.stop()
    t.ok(all(proc_state(p) is None for p in fresh), "searchd stopped: its children are gone")

    # By default in process, a thread a shard: no children, the same answers
    # (compare() above checks 50 searches so).
    inproc = polistest.Searchd(t, root, ["--answer-cache-mb", "0"])
    got = inproc.search(query)
    got.pop("took_ms", None)
    t.ok(got == want and not progsrv_children(inproc),
         "by default the shards are ranked in process, without children, alike")
    inproc.stop()
    # A program that cannot run: said once, and the shards ranked in process.
    broken = polistest.Searchd(t, root, ["--shard-program", "/nonexistent/xapian-progsrv",
                                         "--answer-cache-mb", "0"])
    answers = [broken.search(query) for _ in range(3)]
    for g in answers:
        g.pop("took_ms", None)
    t.ok(all(g == want for g in answers) and not progsrv_children(broken),
         "a shard program that cannot run: searches ranked in process, no child started")
    broken.stop()
    log = broken.stderr()
    t.ok(log.count("/nonexistent/xapian-progsrv: no such program") == 1,
         "and searchd says so once", log[-400:])


def main(t):
    tmp, corpus = polistest.scratch(t, "polis-shards-", corpus=True)
    single = os.path.join(tmp, "single")
    root = os.path.join(tmp, "root")
    b = run([INDEXER, "build", corpus, "--index", single, "--no-progress"])
    t.is_(b.returncode, 0, "corpus/ built whole")
    r = run([INDEXER, "rebuild", corpus, "--index-root", root, "--shards", "2", "--json",
             "--no-progress"])
    summary = json.loads(r.stdout or "{}")
    t.ok(r.returncode == 0 and summary.get("shards") == 2 and "in 2 shards" in r.stderr,
         "rebuild --shards 2 says so", r.stderr[-400:])
    layout(t, root)
    gen = os.path.realpath(os.path.join(root, "current"))

    one = polistest.Searchd(t, single)
    local = polistest.Searchd(t, root)
    health = local.get("/healthz").json
    t.ok(health.get("shards") == 2 and health.get("generation") == "gen-000001",
         "/healthz names the generation and its 2 shards", health)
    compare(t, one, local, "2 local shards")
    parallel(t, one, root)

    _, a0 = tcpsrv(t, os.path.join(gen, "shard-0"))
    _, a1 = tcpsrv(t, os.path.join(gen, "shard-1"))
    remote = polistest.Searchd(t, None, ["--remote", a0, "--remote", a1])
    health = remote.get("/healthz").json
    t.ok(health.get("generation") == "gen-000001" and health.get("shards") == 2
         and health.get("docs") == summary.get("documents"),
         "over xapian-tcpsrv: the same generation, shards and documents", health)
    # The time the index was written is metadata: remote shards tell it too.
    ages = [polistest.scrape(d).value("polis_index_age_seconds") for d in (local, remote)]
    t.ok(None not in ages and abs(ages[0] - ages[1]) <= 2,
         "/metrics: the index's age, the same over xapian-tcpsrv as on disk", ages)
    # xapian-tcpsrv serves no spelling dictionary: corrections aside.
    compare(t, one, remote, "2 remote shards", spelling=False)
    typo = remote.search({"q": "developement economique"})
    t.ok(typo["corrected"] is None, "over remote shards no correction is offered", typo)
    remote.stop()

    updates(t, tmp, root, single)
    # The shards after the update, against the whole index of the same corpus.
    one.stop()
    one = polistest.Searchd(t, single)
    deadline = time.monotonic() + 5 * polistest.SLOW
    while local.search({"q": "Sambrelune"})["total"] != 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    t.is_(local.search({"q": "Sambrelune"})["total"], 1, "the added page is found on the shards")
    time.sleep(1.1)  # every worker thread rechecks its handle within a second
    compare(t, one, local, "after an update")
    r = run([INDEXER, "rebuild", corpus, "--index-root", root, "--json", "--no-progress"])
    t.ok(r.returncode == 0 and json.loads(r.stdout or "{}").get("shards") == 2,
         "a rebuild without --shards keeps the 2 shards", r.stderr[-300:])
    r = run([INDEXER, "rebuild", corpus, "--index-root", root, "--shards", "1", "--json",
             "--no-progress"])
    gen = os.path.realpath(os.path.join(root, "current"))
    t.ok(r.returncode == 0 and os.path.exists(os.path.join(gen, "iamglass")),
         "--shards 1 is one plain database again", r.stderr[-300:])
    local.stop()
    one.stop()

    gen = os.path.realpath(os.path.join(root, "gen-000002"))
    remote_failures(t, os.path.join(gen, "shard-0"), os.path.join(gen, "shard-1"))


polistest.run(main)
