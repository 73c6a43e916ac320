#!/usr/bin/env python3
# Every bad request gets a JSON error naming what is wrong; unknown paths
# 404, other methods 405 with Allow; HEAD is GET without a body.
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

# (raw query string, parameter the message must name, code)
BAD = [
    ("per_page=0", "per_page"),
    ("per_page=101", "per_page"),
    ("per_page=abc", "per_page"),
    ("per_page=-5", "per_page"),
    ("per_page=1.5", "per_page"),
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=x", "page"),
    ("page=99999999999999999999", "page"),
    ("sort=bogus", "sort"),
    ("from=2017-13", "from"),
    ("from=2017-02-30", "from"),
    ("to=17", "to"),
    ("from=2018&to=2017", "from"),
    ("q=" + "a" * 2049, "q"),
    ("q=%FF", "q"),
    ("q=caf%C3", "q"),
    ("q=%C0%AF", "q"),
    ("q=a%00b", "q"),
    ("q=%zz", "q"),
    ("q=abc%", "q"),
    ("theme=%2", "theme"),
    ("q=a&q=b", "q"),
    ("kind=bogus", "kind"),
    ("year=17", "year"),
    ("facets=theme,bogus", "facets"),
]


def raw_request(port, data, timeout=5):
    """Send bytes as they are; return the status line, or None on a close
    (or no answer within timeout seconds)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout * polistest.SLOW) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        try:
            reply = sock.recv(200)
        except socket.timeout:
            return None
    return reply.split(b"\r\n", 1)[0] if reply else None


def check_error(t, r, status, code, name):
    t.is_(r.status, status, "%s: status %d" % (name, status))
    if not t.ok(r.is_json(), "%s: JSON error body" % name, r.body[:200]):
        return None
    err = r.json.get("error") if isinstance(r.json, dict) else None
    t.ok(isinstance(err, dict) and err.get("code") == code and isinstance(err.get("message"), str),
         "%s: {\"error\": {\"code\": %r, \"message\": ...}}" % (name, code), r.json)
    return err


def main(t):
    d = polistest.searchd(t)

    for query, param in BAD:
        name = "?" + (query if len(query) < 40 else query[:30] + "...")
        r = d.request("GET", "/api/search?" + query)
        err = check_error(t, r, 400, "bad_parameter", name)
        if err:
            t.ok(err["message"].startswith(param + ": "),
                 "%s: message names %s" % (name, param), err["message"])

    r = d.request("GET", "/api/search?q=" + "a" * 2049)
    t.is_(r.json["error"]["message"], "q: longer than 2048 bytes", "q too long: the message")
    r = d.request("GET", "/api/search?q=" + "a" * 2048)
    t.is_(r.status, 200, "q of exactly 2048 bytes is accepted")
    r = d.request("GET", "/api/search?per_page=101")
    t.is_(r.json["error"]["message"], "per_page: must be an integer from 1 to 100",
          "per_page=101: the message")
    r = d.request("GET", "/api/search?per_page=100")
    t.is_(r.status, 200, "per_page=100 is accepted")

    # Partners' tracking parameters are ignored, even when oddly encoded.
    r = d.request("GET", "/api/search?q=quartier&utm_campaign=%E9t%E9&ref=%zz")
    t.is_(r.status, 200, "unknown parameters are ignored, whatever their encoding")
    # Empty form fields mean "not given".
    r = d.request("GET", "/api/search?q=quartier&page=&per_page=&sort=&from=&to=&theme=")
    t.is_(r.status, 200, "empty fields are ignored")

    # Unknown paths.
    for path in ("/nope", "/api", "/api/search/", "/api/searchx", "/healthz%00x"):
        r = d.request("GET", path)
        t.ok(r.status in (400, 404), "%s: 4xx" % path, r.status)
        check_error(t, r, r.status, "not_found" if r.status == 404 else "bad_request", path)
    r = d.request("GET", "/nope")
    check_error(t, r, 404, "not_found", "GET /nope")

    # Other methods.
    for method, path in (("POST", "/api/search"), ("PUT", "/api/search"),
                         ("DELETE", "/healthz"), ("POST", "/healthz")):
        r = d.request(method, path, body=b"x=1",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        name = "%s %s" % (method, path)
        check_error(t, r, 405, "method_not_allowed", name)
        # The /api/ routes also answer the OPTIONS of a CORS preflight.
        allow = "GET, HEAD, OPTIONS" if path.startswith("/api/") else "GET, HEAD"
        t.is_(r.header("allow"), allow, "%s: Allow: %s" % (name, allow))

    # HEAD: the headers of GET, no body.
    for target in ("/api/search?q=quartier", "/healthz", "/nope"):
        g = d.request("GET", target)
        h = d.request("HEAD", target)
        t.is_(h.status, g.status, "HEAD %s: status of GET" % target)
        t.is_(h.body, b"", "HEAD %s: no body" % target)
        t.is_(h.header("content-type"), "application/json; charset=utf-8",
              "HEAD %s: JSON content type" % target)
        if target != "/api/search?q=quartier":  # took_ms makes search bodies vary
            t.is_(h.header("content-length"), str(len(g.body)),
                  "HEAD %s: Content-Length of GET" % target)

    # Hostile requests: libmicrohttpd refuses what does not fit the
    # connection's memory; the daemon must neither crash nor leak (the exit
    # status under ASan or valgrind tells).
    r = d.request("GET", "/api/search?q=" + "a" * 70000)
    t.ok(400 <= r.status < 500, "a 70 kB URL is refused with a 4xx", r.status)
    r = d.request("GET", "/healthz", headers={"X-Big": "b" * 70000})
    t.ok(400 <= r.status < 500, "a 70 kB header is refused with a 4xx", r.status)
    # More parameters than the connection's memory holds records for:
    # libmicrohttpd 0.9.75 logs "Not enough memory in pool to allocate header
    # record", then neither answers nor closes until --timeout.  What the
    # daemon owes is no crash and no leak (its state for such a request is
    # freed with the connection); the client closes its side to end it.
    many = "&".join("u%d=x" % i for i in range(3000))
    status = raw_request(d.port, b"GET /api/search?" + many.encode() +
                         b" HTTP/1.1\r\nHost: x\r\n\r\n", timeout=2)
    t.ok(status is None or status.startswith(b"HTTP/1.1 4"),
         "3000 parameters: refused or dropped", status)
    r = d.request("GET", "/api/search?" + "&".join(["theme=x"] * 33))
    check_error(t, r, 400, "bad_parameter", "33 values for one facet")
    for raw in (b"garbage\r\n\r\n",
                b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
                b"GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"5\r\nhello\r\n0\r\n\r\n",
                b"BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                b"GET http://example.org/healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                b"GET /api/search?q=a&&=&=b&q2 HTTP/1.1\r\nHost: x\r\n\r\n",
                b"GET /api/search?q=quartier HTTP/1.1\r\nHost: x\r\n\r\n"
                b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"):  # pipelined
        status = raw_request(d.port, raw)
        t.ok(status is None or status.startswith(b"HTTP/1.1 "),
             "raw %r...: an HTTP answer or a close" % raw[:24], status)

    # A request head never finished, the client's end of sending: closed
    # without an answer (tests/t/34-abuse.t: the 408 of a head too slow).
    status = raw_request(d.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n", timeout=1)
    t.ok(status is None, "an unfinished request gets no answer", status)

    # The daemon is still fine after all that.
    r = d.request("GET", "/healthz")
    t.is_(r.status, 200, "healthz still answers")


polistest.run(main)
