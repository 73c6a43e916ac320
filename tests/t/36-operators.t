#!/usr/bin/env python3
# What operators read, from a real daemon on loopback: the access log in
# each format (combined read by the pattern of GoAccess's COMBINED, json by
# json.loads), the client's address only when asked, never the query
# string; X-Request-Id echoed or made on every answer, the intake's refusals
# included, and the same id in the log; /metrics read line by line by the
# exposition grammar, its counters moving when a search finds nothing or is
# corrected, never going back, and the process, build, cache and index
# series; the index's age left by an update that changes nothing, and
# started again by one that changes a page.
import json
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

# GoAccess's COMBINED: '%h %^[%d:%t %^] "%r" %s %b "%R" "%u"', with
# --date-format %d/%b/%Y --time-format %T.
COMBINED = re.compile(r'^(\S+) \S+ \S+ \[(\d{2}/[A-Z][a-z]{2}/\d{4}):(\d{2}:\d{2}:\d{2}) [^\]]+\] '
                      r'"([^"]*)" (\d{3}|-) (\d+|-) "([^"]*)" "([^"]*)"$')
JSON_KEYS = {"time", "method", "path", "protocol", "status", "bytes", "duration_us",
             "request_id", "user_agent", "referer", "aborted"}
MADE_ID = re.compile(r"^[0-9a-f]{32}$")
UA = 'Mozilla/5.0 (X11; "quoted") polis\\test'
SECRET = "motsecretcherche"


def raw(port, data):
    """Send bytes as they are; the whole answer's head as a dict of
    lower-cased fields, with its status under ':status'."""
    with socket.create_connection(("127.0.0.1", port), timeout=10 * polistest.SLOW) as sock:
        sock.sendall(data)
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    lines = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    head = {":status": int(lines[0].split(" ")[1]) if lines[0].startswith("HTTP/") else 0}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        head[name.strip().lower()] = value.strip()
    return head


def log_lines(path, want):
    """The access log's lines once it holds want of them (lines are written
    when a request completes, just after the client read the answer)."""
    deadline = time.monotonic() + 5 * polistest.SLOW
    while True:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        if len(lines) >= want or time.monotonic() > deadline:
            return lines
        time.sleep(0.02)


def traffic(d):
    """The same few requests for each format; the number of log lines they
    make."""
    d.request("GET", "/api/search?q=%s+quartier" % SECRET,
              headers={"User-Agent": UA, "Referer": "https://partenaire.fr/page?x=\"1\""})
    d.request("GET", "/nope?q=%s" % SECRET, headers={"X-Request-Id": "op-404"})
    d.request("HEAD", "/api/doc/nope")
    d.request("GET", "/search?q=%s" % SECRET, headers={"User-Agent": "page"})
    # Refused by the intake: a body without a length.
    raw(d.port, b"GET /api/search?q=" + SECRET.encode() + b" HTTP/1.1\r\nHost: x\r\n"
        b"User-Agent: intake \"ua\"\r\nX-Request-Id: op-411\r\nTransfer-Encoding: chunked\r\n\r\n")
    return 5


def check_combined(t, index, tmp):
    path = os.path.join(tmp, "combined.log")
    d = polistest.Searchd(t, index, ["--access-log", path, "--access-log-format", "combined"])
    lines = log_lines(path, traffic(d))
    parsed = [COMBINED.match(x) for x in lines]
    t.ok(len(lines) == 5 and all(parsed), "combined: every line read by GoAccess's COMBINED",
         "\n".join(lines))
    t.ok(all(m.group(1) == "-" for m in parsed if m), "combined: no client address unless asked")
    t.ok(all(SECRET not in x for x in lines), "combined: never the query string")
    search = [m for m in parsed if m and m.group(4).startswith("GET /api/search ")]
    t.ok(search and search[0].group(4) == "GET /api/search HTTP/1.1" and search[0].group(5) == "200"
         and int(search[0].group(6)) > 0, "combined: request line, status, bytes",
         search[0].groups() if search else lines)
    t.ok(search and search[0].group(8) == UA.replace('"', "\\x22").replace("\\t", "\\x5Ct")
         and search[0].group(7) == "https://partenaire.fr/page?x=\\x221\\x22",
         "combined: user agent and referer, their quotes and backslashes escaped",
         search[0].groups() if search else None)
    refused = [m for m in parsed if m and m.group(5) == "411"]
    t.ok(refused and refused[0].group(8) == "intake \\x22ua\\x22",
         "combined: the intake's refusal too, with its user agent", lines)
    t.ok(any(m and m.group(4) == "HEAD /api/doc/nope HTTP/1.1" and m.group(6) == "0"
             for m in parsed), "combined: HEAD, 0 bytes")
    d.stop()


def check_json(t, index, tmp):
    path = os.path.join(tmp, "json.log")
    d = polistest.Searchd(t, index, ["--access-log", path, "--access-log-format", "json",
                                     "--log-client-address"])
    lines = log_lines(path, traffic(d))
    try:
        objs = [json.loads(x) for x in lines]
    except ValueError as e:
        objs = []
        t.diag("%s\n%s" % (e, "\n".join(lines)))
    t.ok(len(objs) == 5, "json: every line is one JSON object")
    t.ok(all(set(o) == JSON_KEYS | {"client"} for o in objs),
         "json: the same keys on every line, client when asked", [sorted(o) for o in objs])
    t.ok(all(o["client"] == "127.0.0.1" for o in objs), "json: the client's address")
    t.ok(all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", o["time"]) for o in objs),
         "json: ISO 8601 UTC times, milliseconds")
    t.ok(all(SECRET not in x for x in lines), "json: never the query string")
    by_path = {(o["method"], o["path"]): o for o in objs if o["status"] != 411}
    s = by_path.get(("GET", "/api/search"), {})
    t.ok(s.get("status") == 200 and s.get("bytes", 0) > 0 and s.get("duration_us", 0) > 0
         and s.get("user_agent") == UA and s.get("protocol") == "HTTP/1.1"
         and s.get("referer") == 'https://partenaire.fr/page?x="1"'
         and MADE_ID.match(s.get("request_id") or "") and s.get("aborted") is False,
         "json: status, bytes, duration, user agent and referer as sent, a made id", s)
    t.is_(by_path.get(("GET", "/nope"), {}).get("request_id"), "op-404",
          "json: the id the client sent")
    refused = [o for o in objs if o["status"] == 411]
    t.ok(refused and refused[0]["request_id"] == "op-411"
         and refused[0]["user_agent"] == 'intake "ua"' and refused[0]["path"] == "/api/search",
         "json: the intake's refusal, with the id and user agent it sent", refused)
    d.stop()

    # From the configuration file, without addresses: no client key at all.
    conf = os.path.join(tmp, "json.conf")
    with open(conf, "w") as f:
        f.write("access-log-format = json\nlog-client-address = no\naccess-log = %s\n"
                % os.path.join(tmp, "file.log"))
    d = polistest.Searchd(t, index, ["--config", conf])
    d.request("GET", "/healthz")
    lines = log_lines(os.path.join(tmp, "file.log"), 1)
    t.ok(lines and set(json.loads(lines[0])) == JSON_KEYS,
         "polis.conf: access-log-format = json; no address, no client key", lines)
    d.stop()


def check_request_ids(t, d):
    r = d.request("GET", "/api/search?q=quartier", headers={"X-Request-Id": "abc-123:x/y"})
    t.is_(r.header("x-request-id"), "abc-123:x/y", "X-Request-Id: a sane id is echoed")
    t.ok("X-Request-Id" in (r.header("access-control-expose-headers") or ""),
         "  ... and exposed to scripts of other origins")
    ids = set()
    for target, status in (("/api/search?q=quartier", 200), ("/nope", 404),
                           ("/api/search?page=0", 400), ("/search?page=0", 400),
                           ("/healthz", 200), ("/metrics", 200)):
        r = d.request("GET", target)
        got = r.header("x-request-id") or ""
        ids.add(got)
        t.ok(r.status == status and MADE_ID.match(got),
             "%s (%d): a made id when none is sent" % (target, status), (r.status, got))
    t.is_(len(ids), 6, "  ... a different one each time")
    etag = d.request("GET", "/api/search?q=quartier").header("etag")
    r = d.request("GET", "/api/search?q=quartier",
                  headers={"If-None-Match": etag, "X-Request-Id": "revalidate"})
    t.ok(r.status == 304 and r.header("x-request-id") == "revalidate", "  ... on a 304 too")
    for bad in ("two words", "x" * 65, "a,b", "caf\u00e9".encode("utf-8").decode("latin-1")):
        got = d.request("GET", "/healthz", headers={"X-Request-Id": bad}).header("x-request-id")
        t.ok(MADE_ID.match(got or ""), "an id that is not sane (%r...) is replaced" % bad[:12], got)
    r = d.request("GET", "/healthz", headers={"X-Request-Id": "x" * 64})
    t.is_(r.header("x-request-id"), "x" * 64, "64 characters are sane")
    head = raw(d.port, b"GET /search?q=a HTTP/1.1\r\nX-Request-Id: intake-1\r\n\r\n")
    t.ok(head[":status"] == 400 and head.get("x-request-id") == "intake-1",
         "the intake's refusal (no Host) echoes it", head)
    head = raw(d.port, b"GET /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n")
    t.ok(head[":status"] == 413 and MADE_ID.match(head.get("x-request-id", "")),
         "  ... or makes one", head)


def check_grammar_and_counters(t, d):
    try:
        before = polistest.scrape(d)
    except ValueError as e:
        t.ok(False, "/metrics: every line read by the exposition grammar", str(e))
        return
    t.ok(True, "/metrics: every line read by the exposition grammar")
    counters = [n for n, kind in before.types.items() if kind == "counter"]
    t.ok(all(n.endswith("_total") for n in counters) and len(counters) >= 9,
         "counters are named *_total", counters)
    t.ok(set(before.types) <= set(before.helps), "every metric has its HELP")

    def total(m, name, via="api"):
        return m.value(name, via=via) or 0

    # A search that finds nothing, twice: the second from the answer cache.
    for _ in range(2):
        t.is_(d.search({"q": "zzqxwv"})["total"], 0, "a search that finds nothing")
    d.search({"q": "developement economique", "per_page": 1})
    d.get("/search", {"q": "zzqxwv"})
    d.search({})  # browsing: no words, not a search
    deadline = time.monotonic() + 5 * polistest.SLOW
    while True:
        after = polistest.scrape(d)
        if total(after, "polis_searches_total", "page") > total(before, "polis_searches_total",
                                                                 "page") or \
                time.monotonic() > deadline:
            break
        time.sleep(0.05)
    t.is_(total(after, "polis_searches_zero_hits_total") -
          total(before, "polis_searches_zero_hits_total"), 2,
          "zero-hit searches counted, a repeat from the answer cache too")
    t.is_(total(after, "polis_searches_corrected_total") -
          total(before, "polis_searches_corrected_total"), 1, "a corrected search counted")
    t.is_(total(after, "polis_searches_total") - total(before, "polis_searches_total"), 3,
          "searches with words counted, browsing not")
    t.is_(total(after, "polis_searches_zero_hits_total", "page") -
          total(before, "polis_searches_zero_hits_total", "page"), 1, "the page's searches too")
    t.ok(after.value("polis_answer_cache_hits_total") >
         (before.value("polis_answer_cache_hits_total") or 0) and
         after.value("polis_answer_cache_misses_total") > 0,
         "answer cache: hits and misses count")
    t.ok(after.value("polis_set_cache_misses_total") is not None and
         after.value("polis_set_cache_bytes") is not None, "set cache: counted")
    went_back = [(n, l, v) for n, l, v in before.samples
                 if before.types.get(n) == "counter" and (after.value(n, **l) or 0) < v]
    t.ok(not went_back, "no counter went back", went_back)
    return after


def check_series(t, d, m, started):
    version = re.search(r'POLIS_VERSION_STRING "([^"]+)"',
                        open(os.path.join(polistest.ROOT, "include", "polis", "version.h")).read())
    t.is_(m.value("polis_build_info", version=version.group(1)), 1.0,
          "polis_build_info names the version of polis/version.h")
    rss, fds, maxfds = (m.value("process_resident_memory_bytes"), m.value("process_open_fds"),
                        m.value("process_max_fds"))
    t.ok(rss and rss > 1e6 and fds and 3 <= fds <= maxfds, "process: resident memory, descriptors",
         (rss, fds, maxfds))
    start = m.value("process_start_time_seconds")
    t.ok(start and started - 5 <= start <= time.time() + 1, "process: start time",
         (start, started))
    t.ok(m.value("process_cpu_seconds_total") is not None and m.types.get(
        "process_cpu_seconds_total") == "counter", "process: CPU seconds, a counter")
    age = m.value("polis_index_age_seconds")
    t.ok(age is not None and 0 <= age < 3600, "index age: the index was written just now", age)


def check_index_age(t):
    """The age counts from the indexer's last change: an update that
    changes nothing leaves it, one that changes a page starts it again."""
    tmp, corpus = polistest.scratch(t, "polis-age-", corpus=True)
    index = os.path.join(tmp, "index")
    indexer = os.path.join(polistest.BUILD, "polis-indexer")

    def index_cmd(cmd):
        return subprocess.run([indexer, cmd, corpus, "--index", index, "--no-progress"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode

    t.is_(index_cmd("build"), 0, "index age: a fresh index")
    time.sleep(2.1)
    t.is_(index_cmd("update"), 0, "an update that finds nothing changed")
    d = polistest.Searchd(t, index)
    seen = time.monotonic()
    age = polistest.scrape(d).value("polis_index_age_seconds")
    old_age = age or 0
    t.ok(age is not None and age >= 2, "  ... leaves the index as old as it was", age)
    pages = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(corpus) for f in fs
                   if f.endswith(".md") and not f.startswith("README"))
    with open(pages[0], "a", encoding="utf-8") as f:
        f.write("\nUne phrase de plus.\n")
    t.is_(index_cmd("update"), 0, "an update that changes a page")
    # The build's age now, from the age read then (whole seconds: off by
    # less than one), and the update wrote its time 2.1 s or more after the
    # build's: a second less than that tells them apart, however long a
    # loaded machine takes to get here.
    def young():
        return old_age + (time.monotonic() - seen) - 1
    deadline = time.monotonic() + 5 * polistest.SLOW
    while True:  # the daemon's handle follows the new revision within a second
        age = polistest.scrape(d).value("polis_index_age_seconds")
        if (age is not None and age < young()) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    t.ok(age is not None and age < young(), "  ... makes it young again", (age, young()))
    d.stop()


def main(t):
    index = polistest.build_index(t)
    tmp, _ = polistest.scratch(t, "polis-ops-")
    check_combined(t, index, tmp)
    check_json(t, index, tmp)
    started = time.time()
    d = polistest.Searchd(t, index)
    check_request_ids(t, d)
    m = check_grammar_and_counters(t, d)
    if m is not None:
        check_series(t, d, m, started)
    d.stop()
    check_index_age(t)


polistest.run(main)
