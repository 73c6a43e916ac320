#!/usr/bin/env python3
# HTTP behaviour: charsets, CORS and preflights, ETag and 304, gzip, HEAD,
# 405 with Allow, 414 and 400 on what is too long or badly encoded, the
# query time limit, /metrics, the access log to a file, --quiet.
import gzip
import os
import re
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

ROUTES = ["/api/search?q=quartier", "/api/suggest?q=quart", "/api/facets",
          "/api/facets/author?q=dup", "/api/doc/isbn-9782810903122",
          "/api/doc/isbn-9782810903122/similar", "/feed.atom?q=quartier", "/metrics",
          "/healthz", "/api/search?q=quartier&format=csv", "/api/search?q=quartier&format=ris"]
API = [r for r in ROUTES if r.startswith("/api/")]


def check_types(t, d):
    for target in ROUTES + ["/nope", "/api/doc/nope", "/api/search?page=0"]:
        r = d.request("GET", target)
        ctype = r.header("content-type") or ""
        t.ok(re.search(r";\s*charset=utf-8", ctype), "%s: %s has a charset" % (target, ctype))


def check_cors(t, d, index):
    for target in API:
        r = d.request("GET", target, headers={"Origin": "https://partenaire.fr"})
        t.is_(r.header("access-control-allow-origin"), "*", "%s: Allow-Origin *" % target)
    for target in ("/healthz", "/metrics"):
        t.is_(d.request("GET", target).header("access-control-allow-origin"), None,
              "%s: no CORS (not an /api/ route)" % target)
    r = d.request("OPTIONS", "/api/search",
                  headers={"Origin": "https://partenaire.fr",
                           "Access-Control-Request-Method": "GET",
                           "Access-Control-Request-Headers": "if-none-match"})
    t.is_(r.status, 204, "preflight OPTIONS: 204")
    t.is_(r.header("access-control-allow-methods"), "GET, HEAD, OPTIONS", "  ... methods")
    t.is_(r.header("access-control-allow-headers"), "if-none-match", "  ... headers asked")
    t.ok(int(r.header("access-control-max-age") or 0) >= 600, "  ... a max-age")
    t.is_(r.header("access-control-allow-origin"), "*", "  ... origin")
    r = d.request("OPTIONS", "/healthz")
    t.ok(r.status == 405 and r.header("allow") == "GET, HEAD", "OPTIONS outside /api/: 405")

    listed = polistest.Searchd(t, index, ["--cors-origins", "https://a.fr, https://b.fr"])
    r = listed.request("GET", "/api/search?q=x", headers={"Origin": "https://b.fr"})
    t.is_(r.header("access-control-allow-origin"), "https://b.fr",
          "--cors-origins: a listed origin is named")
    t.ok("Origin" in (r.header("vary") or ""), "  ... with Vary: Origin", r.header("vary"))
    r = listed.request("GET", "/api/search?q=x", headers={"Origin": "https://evil.fr"})
    t.is_(r.header("access-control-allow-origin"), None, "--cors-origins: another is not")
    r = listed.request("OPTIONS", "/api/suggest", headers={"Origin": "https://a.fr"})
    t.ok(r.status == 204 and r.header("access-control-allow-origin") == "https://a.fr",
         "--cors-origins: preflight of a listed origin")
    listed.stop()


def check_etag(t, d):
    for target in API + ["/feed.atom"]:
        r = d.request("GET", target)
        tag = r.header("etag")
        t.ok(tag and tag.startswith('W/"'), "%s: a weak ETag" % target, tag)
        again = d.request("GET", target, headers={"If-None-Match": tag})
        t.ok(again.status == 304 and again.body == b"", "%s: 304 on If-None-Match" % target)
        t.is_(again.header("etag"), tag, "  ... with the ETag")
    health = d.request("GET", "/healthz").json
    r = d.request("GET", "/api/search?q=x")
    t.is_(r.header("etag"), 'W/"%s-%d"' % (health["generation"], health["revision"]),
          "the ETag is the generation and revision")
    t.is_(r.header("cache-control"), "no-cache", "Cache-Control: no-cache (revalidate)")
    for inm in ('W/"other-1"', '"x", ' + r.header("etag"), "*"):
        got = d.request("GET", "/api/search?q=x", headers={"If-None-Match": inm}).status
        t.is_(got, 200 if inm.startswith('W/"other') else 304, "If-None-Match: %s" % inm)
    h = d.request("HEAD", "/api/search?q=x", headers={"If-None-Match": r.header("etag")})
    t.is_(h.status, 304, "HEAD with If-None-Match: 304")
    err = d.request("GET", "/api/search?page=0")
    t.is_(err.header("etag"), None, "an error has no ETag")


def check_gzip(t, d):
    plain = d.request("GET", "/api/search?q=quartier&per_page=20")
    z = d.request("GET", "/api/search?q=quartier&per_page=20",
                  headers={"Accept-Encoding": "gzip, deflate"})
    t.is_(z.header("content-encoding"), "gzip", "Accept-Encoding: gzip gets gzip")
    t.ok("Accept-Encoding" in (z.header("vary") or ""), "  ... Vary: Accept-Encoding")
    body = gzip.decompress(z.body)
    t.ok(len(z.body) < len(body) / 2, "  ... smaller (%d < %d)" % (len(z.body), len(body)))
    import json
    a, b = json.loads(body), plain.json
    a.pop("took_ms"), b.pop("took_ms")
    t.is_(a, b, "  ... the same answer once inflated")
    t.is_(plain.header("content-encoding"), None, "no Accept-Encoding: plain")
    t.ok("Accept-Encoding" in (plain.header("vary") or ""), "  ... but Vary says it could be")
    small = d.request("GET", "/api/suggest?q=zzzq", headers={"Accept-Encoding": "gzip"})
    t.is_(small.header("content-encoding"), None, "a small answer (< 1 KB) is not compressed")
    r = d.request("GET", "/api/search?q=quartier", headers={"Accept-Encoding": "gzip;q=0"})
    t.is_(r.header("content-encoding"), None, "gzip;q=0: plain")
    for target in ("/feed.atom?per_page=20", "/api/search?format=csv&per_page=50", "/metrics"):
        r = d.request("GET", target, headers={"Accept-Encoding": "gzip"})
        t.ok(r.header("content-encoding") == "gzip" and gzip.decompress(r.body),
             "%s: gzip too" % target)
    g = d.request("GET", "/api/facets", headers={"Accept-Encoding": "gzip"})
    h = d.request("HEAD", "/api/facets", headers={"Accept-Encoding": "gzip"})
    t.ok(h.body == b"" and h.header("content-length") == g.header("content-length") and
         h.header("content-encoding") == "gzip", "HEAD: the headers of the gzip GET, no body")


def check_methods_limits(t, d):
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path, allow in (("/api/suggest", "GET, HEAD, OPTIONS"),
                            ("/api/doc/x", "GET, HEAD, OPTIONS"),
                            ("/feed.atom", "GET, HEAD"), ("/metrics", "GET, HEAD")):
            r = d.request(method, path, body=b"{}")
            t.ok(r.status == 405 and r.header("allow") == allow and r.is_json(),
                 "%s %s: 405, Allow: %s" % (method, path, allow), (r.status, r.header("allow")))
    for target in ("/api/suggest?q=quart", "/feed.atom", "/api/doc/isbn-9782810903122"):
        g, h = d.request("GET", target), d.request("HEAD", target)
        t.ok(h.status == g.status == 200 and h.body == b"" and
             h.header("content-type") == g.header("content-type"), "HEAD %s" % target)

    base = "/api/search?utm=" + "x" * 9000
    t.is_(d.request("GET", base[:8192]).status, 200, "a URL of 8192 bytes is served")
    r = d.request("GET", base[:8193] + "y")
    t.ok(r.status == 414 and r.is_json() and r.json["error"]["code"] == "uri_too_long",
         "a longer URL: 414 JSON", r.status)
    r = d.request("GET", "/api/suggest?q=" + "a" * 2049)
    t.ok(r.status == 400 and r.json["error"]["message"] == "q: longer than 2048 bytes",
         "/api/suggest: q over 2 KB is a 400")
    for target, what in (("/api/search?q=%E9t%E9", "q: not valid UTF-8 text"),
                         ("/api/suggest?q=caf%C3", "q: not valid UTF-8 text"),
                         ("/api/suggest?q=%zz", "q: bad percent-encoding"),
                         ("/api/facets/place?q=%4", "q: bad percent-encoding"),
                         ("/feed.atom?q=%FF", "q: not valid UTF-8 text"),
                         ("/api/doc/%FF", "path: not valid UTF-8"),
                         ("/api/doc/%zz", "path: bad percent-encoding"),
                         ("/api/suggest?limit=11", "limit: must be an integer from 1 to 10"),
                         ("/api/suggest?q=a&q=b", "q: given more than once")):
        r = d.request("GET", target)
        t.ok(r.status == 400 and r.is_json() and r.json["error"]["message"] == what,
             "%s: 400 '%s'" % (target, what), r.body[:200])


def check_time_limit(t, index):
    # The limit is the whole request's: one spent before the search could
    # start (here, at once) is a 503 `timeout`, with Retry-After.
    slow = polistest.Searchd(t, index, ["--query-time-limit", "0.000001"])
    r = slow.request("GET", "/api/search?q=quartier OR politique OR ville".replace(" ", "+"))
    t.ok(r.status == 503 and r.is_json() and r.json["error"]["code"] == "timeout" and
         r.header("retry-after") == "1",
         "a request past --query-time-limit before its search: 503 timeout", r.body[:200])
    r = slow.request("GET", "/healthz")
    t.is_(r.status, 200, "  ... what does not search is served")
    slow.stop()


def metric(text, name, labels=""):
    m = re.search(r"^%s%s (\S+)$" % (re.escape(name), re.escape(labels)), text, re.M)
    return float(m.group(1)) if m else None


def check_metrics(t, d):
    r = d.request("GET", "/metrics")
    t.ok(r.status == 200 and r.header("content-type").startswith("text/plain; version=0.0.4"),
         "/metrics: Prometheus text format", r.header("content-type"))
    text = r.body.decode()
    key = '{route="/api/search",status="200"}'
    before = metric(text, "polis_http_requests_total", key) or 0
    for _ in range(3):
        d.request("GET", "/api/search?q=emploi")
    d.request("GET", "/nope")
    # A request is counted when it completes, just after its answer is read.
    for _ in range(50):
        text = d.request("GET", "/metrics").body.decode()
        if metric(text, "polis_http_requests_total", key) == before + 3:
            break
        time.sleep(0.02)
    t.is_(metric(text, "polis_http_requests_total", key), before + 3,
          "requests by route and status count up")
    t.ok(metric(text, "polis_http_requests_total", '{route="other",status="404"}') >= 1,
         "a 404 is counted under route other")
    t.ok(metric(text, "polis_http_requests_total",
                '{route="/api/doc/{id}",status="200"}') >= 1, "routes are patterns, not ids")
    inf = metric(text, "polis_http_request_duration_seconds_bucket",
                 '{route="/api/search",le="+Inf"}')
    count = metric(text, "polis_http_request_duration_seconds_count", '{route="/api/search"}')
    t.ok(inf is not None and inf == count and
         metric(text, "polis_http_request_duration_seconds_sum", '{route="/api/search"}') > 0,
         "latency histogram: +Inf bucket = count, a sum")
    buckets = [float(v) for v in re.findall(
        r'^polis_http_request_duration_seconds_bucket\{route="/api/search",le="[^"]+"\} (\S+)$',
        text, re.M)]
    t.ok(buckets == sorted(buckets), "buckets are cumulative")
    health = d.request("GET", "/healthz").json
    t.is_(metric(text, "polis_index_documents"), float(health["docs"]), "documents gauge")
    t.is_(metric(text, "polis_index_revision"), float(health["revision"]), "revision gauge")
    t.is_(metric(text, "polis_index_generation_info",
                 '{generation="%s"}' % health["generation"]), 1.0, "generation label")
    t.is_(metric(text, "polis_index_up"), 1.0, "index up")
    t.ok(all(re.match(r"^(# (HELP|TYPE) \S+ .+|[a-z_]+(\{.*\})? [0-9.e+-]+)$", line)
             for line in text.splitlines()), "every line is a comment or a sample")


def check_access_log(t, index):
    tmp = tempfile.mkdtemp(prefix="polis-log-")
    path = os.path.join(tmp, "access.log")
    d = polistest.Searchd(t, index, ["--access-log", path])
    r = d.request("GET", "/api/search?q=secret+words")
    d.request("HEAD", "/api/doc/nope")
    d.request("POST", "/api/search", body=b"x")
    time.sleep(0.2)
    with open(path) as f:
        lines = f.read().splitlines()
    first = [x for x in lines if " GET /api/search " in x]
    m = re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ GET /api/search 200 (\d+) (\d+)us$",
                 first[0] if first else "")
    t.ok(m and int(m.group(1)) == len(r.body) and int(m.group(2)) > 0,
         "--access-log: time, method, path, status, bytes, microseconds", lines)
    t.ok(any(" HEAD /api/doc/nope 404 0 " in x for x in lines), "  ... HEAD: 0 bytes sent")
    t.ok(any(" POST /api/search 405 " in x for x in lines), "  ... other methods too")
    t.ok(all("secret" not in x for x in lines), "  ... never the query string")
    t.ok("/api/search" not in d.stderr(), "  ... and nothing on stderr")
    os.rename(path, path + ".1")
    d.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    d.request("GET", "/healthz")
    time.sleep(0.2)
    t.ok(os.path.exists(path) and "GET /healthz 200" in open(path).read(),
         "SIGHUP reopens the log after a rotation")
    d.stop()
    q = polistest.Searchd(t, index, ["--quiet", "--access-log", path + ".q"])
    q.request("GET", "/healthz")
    q.stop()
    t.ok(not os.path.exists(path + ".q") or os.path.getsize(path + ".q") == 0,
         "--quiet: no access log")


def main(t):
    index = polistest.build_index(t)
    d = polistest.Searchd(t, index)
    check_types(t, d)
    check_cors(t, d, index)
    check_etag(t, d)
    check_gzip(t, d)
    check_methods_limits(t, d)
    check_metrics(t, d)
    check_time_limit(t, index)
    check_access_log(t, index)


polistest.run(main)
