#!/usr/bin/env python3
# `polis-indexer harvest` (issue 16) against real servers on loopback that
# the test starts (tests/lib/harvestfix.py): a site with a sitemap index,
# robots.txt, ETags and Last-Modified (304s), a 429 with Retry-After, a 500,
# a 404/410, redirects on the host and off it, a PDF; an OAI-PMH repository
# with resumption tokens, from= and a deleted record.  Then `rebuild
# --harvest` and `update --harvest` index what was fetched, and the deleted
# record leaves the index.  Loopback only; well under a minute.
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import harvestfix  # noqa: E402
import polistest  # noqa: E402

INDEXER = os.path.join(polistest.BUILD, "polis-indexer")
# Requests go straight to 127.0.0.1, never to a proxy the environment names.
ENV = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
# Fast manners for a test: the politeness delay and backoff are options.
FAST = ["--delay", "0.05", "--backoff", "0.1", "--retries", "2"]


def indexer(*args, timeout=120):
    return subprocess.run([INDEXER] + list(args), cwd=polistest.ROOT, env=ENV, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)


def account(t, proc, what):
    """The JSON account a --json run printed (its last line)."""
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        t.ok(False, "%s prints its account as JSON" % what, proc.stdout + proc.stderr)
        return {}


def paths(server, since=0):
    return [p for _, p, _ in server.requests(since)]


def files(d):
    return sorted(f for f in os.listdir(d) if not f.startswith("."))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def check_site_first(t, site, other, d):
    proc = indexer("harvest", "sitemap", site.base + "/sitemap.xml", "--into", d, "--json", *FAST)
    r = account(t, proc, "harvest sitemap")
    got = paths(site)
    t.is_(proc.returncode, 1, "a site with a page that keeps failing (500): exit status 1")
    t.ok("actualites/erreur: HTTP 500 after 3 attempts" in proc.stderr and
         "FAILED" in proc.stderr and "kept: the 8 files this run wrote" in proc.stderr,
         "the summary names the URL, the reason and what was kept", proc.stderr)
    t.is_(r.get("requests"), len(got), "every request the site saw is counted (%d)" % len(got))
    t.is_(got[:4], ["/robots.txt", "/sitemap.xml", "/sitemaps/pages-1.xml",
                    "/sitemaps/pages-2.xml"],
          "robots.txt first, then the sitemap index and both sitemaps (one given relative)")
    t.ok("/interdit/page" not in got and "/private/ok" in got,
         "robots.txt obeyed: polis-indexer's own group (Disallow /interdit/) rules, not *'s")
    t.is_(got.count("/actualites/erreur"), 3, "a 500 is tried 1 + --retries 2 times")
    t.is_(other.count(), 0, "the redirect to another host is refused, never followed")
    t.ok("redirect to http://localhost:%d/capture refused: another host" % other.port
         in proc.stderr, "the refused redirect is reported with its URL", proc.stderr)
    t.ok("other.invalid" not in " ".join(got) and r.get("refused") == 2,
         "a sitemap URL on another host is not fetched (2 refused in all)", repr(r))
    limit = [tm for tm, p, _ in site.requests() if p == "/actualites/limite"]
    t.ok(len(limit) == 2 and limit[1] - limit[0] >= 0.95,
         "429 with Retry-After: 1 is retried after a second (%.2f s)"
         % (limit[1] - limit[0] if len(limit) == 2 else -1))
    times = [tm for tm, _, _ in site.requests()]
    gaps = [b - a for a, b in zip(times, times[1:])]
    t.ok(min(gaps) >= 0.04, "the polite delay (--delay 0.05) between requests (min %.3f s)"
         % min(gaps))
    want = ["actualites-deplace.html", "actualites-disparue.html", "actualites-limite.html",
            "actualites-retour-sur-la-journee.html", "private-ok.html",
            "ressources-avec-canonique.html", "ressources-guide-du-contrat-de-ville.html",
            "ressources-retiree.html"]
    t.is_(files(d), want, "one HTML file per page kept; no PDF, nothing disallowed or refused")
    t.is_((r.get("written"), r.get("skipped"), r.get("disallowed"), r.get("failed")), (8, 1, 1, 1),
          "8 written, 1 not HTML, 1 disallowed, 1 failed")
    page = read(os.path.join(d, "actualites-retour-sur-la-journee.html"))
    t.ok('<link rel="canonical" href="%s/actualites/retour-sur-la-journee">\n</head>' % site.base
         in page, "a page without a canonical link gets one naming its URL, before </head>")
    own = read(os.path.join(d, "ressources-avec-canonique.html"))
    t.ok(own.count("canonical") == 1 and "/node/42" in own,
         "a page with its own canonical link is kept byte for byte")
    moved = read(os.path.join(d, "actualites-deplace.html"))
    t.ok("/actualites/nouvelle-adresse" in moved,
         "a redirect on the host is followed; the canonical link names where the page is")
    t.ok(not [f for f in os.listdir(d) if f.startswith(".polis-harvest-tmp")],
         "no temporary file left behind")
    return r


def check_oai_first(t, repo, d):
    proc = indexer("harvest", "oai", repo.base + "/oai", "--into", d, "--json")
    r = account(t, proc, "harvest oai")
    got = paths(repo)
    t.is_(proc.returncode, 0, "harvest oai: exit status 0")
    t.is_(got, ["/oai?verb=ListRecords&metadataPrefix=oai_dc",
                "/oai?verb=ListRecords&resumptionToken=oai_dc%7C%7C3"],
          "ListRecords, then the resumptionToken alone, escaped")
    t.is_(files(d), ["oai-test-polis-notice-%d.xml" % n for n in range(1, 6)],
          "one file per record, named by its identifier")
    t.is_((r.get("entries"), r.get("responses"), r.get("next_from")),
          (5, 2, "2025-01-05T10:00:00Z"), "5 records in 2 responses; next from= the last datestamp")
    one = read(os.path.join(d, "oai-test-polis-notice-1.xml"))
    t.ok(one.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH') and
         'xmlns:dc="http://purl.org/dc/elements/1.1/"' in one and "notice/2" not in one,
         "a record's file is an OAI-PMH response of its own, namespaces declared", one[:300])
    return r


def check_bounds(t, repo, site, tmp):
    d = os.path.join(tmp, "bounded")
    proc = indexer("harvest", "oai", repo.base + "/oai", "--into", d, "--max-pages", "1")
    t.ok(proc.returncode == 1 and "--max-pages 1 reached" in proc.stderr and
         len(files(d)) == 3, "--max-pages stops the list: exit 1, the first page's files kept",
         proc.stderr)
    state = json.loads(read(os.path.join(d, ".polis-harvest.json")))
    t.is_(state.get("from"), "", "a list cut short does not move from=")
    proc = indexer("harvest", "oai", repo.base + "/oai", "--into", d, "--metadata-prefix", "dc")
    t.ok(proc.returncode == 2 and "oai_dc or mods" in proc.stderr, "a bad prefix is a usage error")
    proc = indexer("harvest", "sitemap", site.base + "/nowhere.xml", "--into",
                   os.path.join(tmp, "nowhere"), *FAST)
    t.ok(proc.returncode == 1 and "/nowhere.xml: HTTP 404" in proc.stderr,
         "a missing sitemap: exit 1, naming the URL and the status", proc.stderr)


def write_config(tmp, site, repo):
    conf = os.path.join(tmp, "harvest.conf")
    with open(conf, "w") as f:
        f.write("# the sources, harvested before indexing\n"
                "sitemap  %s/sitemap.xml  into=site delay=0.05 backoff=0.1 retries=2\n"
                "oai      %s/oai          into=oai  metadata-prefix=oai_dc\n"
                % (site.base, repo.base))
    return conf


def doc(t, root, ids):
    """Which of ids the index at root holds (through a fresh searchd)."""
    d = polistest.Searchd(t, root)
    have = {i: d.get("/api/doc/" + i).status == 200 for i in ids}
    d.stop()
    return have


def main(t):
    if not os.access(INDEXER, os.X_OK):
        t.bail("%s is not built (run make)" % INDEXER)
    tmp = tempfile.mkdtemp(prefix="polis-harvest-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    other = harvestfix.Server()
    site = harvestfix.Site("http://localhost:%d" % other.port)
    repo = harvestfix.Repository()
    for s in (other, site, repo):
        t.cleanups.append(s.stop)
    corpus = os.path.join(tmp, "corpus")
    first = check_site_first(t, site, other, os.path.join(corpus, "site"))
    oai_first = check_oai_first(t, repo, os.path.join(corpus, "oai"))
    check_bounds(t, repo, site, tmp)

    # A rebuild that harvests first: the second visit is conditional.
    conf = write_config(tmp, site, repo)
    root = os.path.join(tmp, "root")
    s0, o0 = site.count(), repo.count()
    proc = indexer("rebuild", corpus, "--index-root", root, "--harvest", conf, "--json",
                   "--no-progress")
    summary = account(t, proc, "rebuild --harvest")
    second_oai = summary.get("harvest", [])
    hv = {h["kind"]: h for h in second_oai}
    second = hv.get("sitemap", {})
    got = site.requests(s0)
    t.ok(proc.returncode == 1 and summary.get("documents", 0) > 0 and
         "1 of 2 harvest sources failed; the files they have are indexed" in proc.stderr,
         "rebuild --harvest indexes what there is and says the failed source (exit 1)",
         proc.stderr)
    t.is_(second.get("requests"), len(got), "the second visit's requests are counted (%d)"
          % len(got))
    t.ok("/actualites/retour-sur-la-journee" not in [p for _, p, _ in got],
         "a page whose sitemap lastmod did not change is not fetched again")
    cond = [h for _, p, h in got if p == "/ressources/guide-du-contrat-de-ville"]
    t.ok(cond and cond[0].get("if-none-match", "").startswith('"'),
         "the ETag is sent back as If-None-Match")
    ims = [h for _, p, h in got if p == "/ressources/avec-canonique"]
    t.ok(ims and ims[0].get("if-modified-since", "").endswith("GMT"),
         "Last-Modified is sent back as If-Modified-Since")
    t.is_(second.get("not_modified"), 7, "7 pages answered 304 the second time")
    t.is_(second.get("written"), 0, "nothing rewritten")
    t.is_(paths(repo, o0), ["/oai?verb=ListRecords&metadataPrefix=oai_dc&from=2025-01-05T10%3A00%3A00Z"],
          "the OAI-PMH harvest is incremental: from= the last datestamp seen")
    ids = ["oai-test-polis-notice-2", "oai-test-polis-notice-4", "oai-test-polis-notice-6",
           "actualites-retour-sur-la-journee", "actualites-nouvelle-adresse", "node-42",
           "ressources-retiree", "actualites-disparue"]
    have = doc(t, root, ids)
    t.is_(have, dict(zip(ids, [True, True, False, True, True, True, True, True])),
          "the rebuilt index holds the records and the pages, ids from their URLs")

    # The site and the repository move on; an update harvests and follows.
    site.phase = repo.phase = 2
    s0, o0 = site.count(), repo.count()
    proc = indexer("update", corpus, "--index-root", root, "--harvest", conf, "--json",
                   "--no-progress")
    summary = account(t, proc, "update --harvest")
    hv = {h["kind"]: h for h in summary.get("harvest", [])}
    third, oai3 = hv.get("sitemap", {}), hv.get("oai", {})
    t.is_(proc.returncode, 0, "update --harvest: every source whole, exit 0")
    t.is_((third.get("not_modified"), third.get("removed"), third.get("written")), (5, 2, 1),
          "third visit: 5 answered 304, 2 files removed (unlisted, 410), the repaired page written")
    t.ok("ressources-retiree.html" not in files(os.path.join(corpus, "site")) and
         "actualites-disparue.html" not in files(os.path.join(corpus, "site")),
         "a page gone from the sitemap and a 410 lose their files")
    t.is_((oai3.get("entries"), oai3.get("deleted"), oai3.get("removed"), oai3.get("written")),
          (4, 1, 1, 2), "4 records since from= (5, 2 deleted, 4 changed, 6 new): 1 file removed, 2 written")
    t.ok("oai-test-polis-notice-2.xml" not in files(os.path.join(corpus, "oai")),
         "the deleted record's file is gone")
    t.is_((summary.get("removed"), summary.get("added")), (3, 2),
          "update: 3 files removed (the record, 2 pages), 2 added (record 6, the repaired page)")
    have = doc(t, root, ids)
    t.is_(have, dict(zip(ids, [False, True, True, True, True, True, False, False])),
          "after update the deleted record and the gone pages are out of the index, record 6 in")
    oai2 = {h["kind"]: h for h in second_oai}.get("oai", {}) if second_oai else {}
    t.diag("figures: site 1st run %d requests (%d retried), 2nd %d requests (%d 304), "
           "3rd %d requests (%d 304, %d removed); oai 1st %d records in %d responses, "
           "2nd %d, 3rd %d (%d deleted)"
           % (first.get("requests", 0), first.get("retried", 0), second.get("requests", 0),
              second.get("not_modified", 0), third.get("requests", 0),
              third.get("not_modified", 0), third.get("removed", 0),
              oai_first.get("entries", 0), oai_first.get("responses", 0),
              oai2.get("entries", 0), oai3.get("entries", 0), oai3.get("deleted", 0)))


polistest.run(main)
