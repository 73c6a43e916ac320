"""abuse — what an attacker tries against a polis-searchd, as reusable pieces:
raw requests sent byte for byte, slowloris from many loopback addresses, and
the costliest search from several clients, each measured from the side of
an ordinary client.

Used by tests/t/34-abuse.t (with bounds) and by tests/perf/hardening.py (which
prints the figures, for any build: the measures need nothing the daemon
did not always have).  Loopback only; every scenario is bounded in
connections and seconds.  Python standard library only.
"""

import http.client
import selectors
import socket
import threading
import time
import urllib.parse

# The costliest query the limits allow: 26 wildcards ORed, the largest page,
# every facet counted.  A parameter the daemon ignores varies, so that no
# answer is served from the answer store and each one costs the same.
COSTLY_Q = " OR ".join(c + "*" for c in "abcdefghijklmnopqrstuvwxyz")
COSTLY_FACETS = "theme,type,kind,year,place,author"

# The abuse table: (what, the bytes sent, the status wanted, the answer's
# type: "json" for the JSON error contract, "html" for the page's French
# error page, None for no body to check).  Each row goes on a connection of
# its own.  tests/t/34-abuse.t checks it; tests/perf/hardening.py prints it.
H = b"Host: x\r\n"
ABUSE = [
    ("a URL of 70 kB", b"GET /api/search?q=" + b"a" * 70000 + b" HTTP/1.1\r\n" + H + b"\r\n",
     414, "json"),
    ("a URL of 10 kB (over --max-uri-bytes)",
     b"GET /api/search?q=" + b"a" * 10000 + b" HTTP/1.1\r\n" + H + b"\r\n", 414, "json"),
    ("a page URL of 70 kB", b"GET /search?q=" + b"a" * 70000 + b" HTTP/1.1\r\n" + H + b"\r\n",
     414, "html"),
    ("3,000 parameters", b"GET /api/search?" + "&".join("u%d=x" % i for i in range(3000)).encode()
     + b" HTTP/1.1\r\n" + H + b"\r\n", 414, "json"),
    ("a header of 70 kB", b"GET /healthz HTTP/1.1\r\n" + H + b"X-Big: " + b"b" * 70000
     + b"\r\n\r\n", 431, "json"),
    ("400 headers", b"GET /healthz HTTP/1.1\r\n" + H
     + b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 60) for i in range(400)) + b"\r\n", 431, "json"),
    ("garbage", b"garbage\r\n\r\n", 400, "json"),
    ("HTTP/2.0 in the request line", b"GET /healthz HTTP/2.0\r\n" + H + b"\r\n", 505, "json"),
    ("HTTP/1.1 without Host", b"GET /healthz HTTP/1.1\r\n\r\n", 400, "json"),
    ("the page, HTTP/1.1 without Host", b"GET /search?q=emploi HTTP/1.1\r\n\r\n", 400, "html"),
    ("two Host headers", b"GET /healthz HTTP/1.1\r\n" + H + b"Host: y\r\n\r\n", 400, "json"),
    ("a NUL in the path", b"GET /healthz\x00x HTTP/1.1\r\n" + H + b"\r\n", 400, "json"),
    ("a NUL in the query", b"GET /api/search?q=a\x00b HTTP/1.1\r\n" + H + b"\r\n", 400, "json"),
    ("a NUL in a header", b"GET /healthz HTTP/1.1\r\n" + H + b"X-A: a\x00b\r\n\r\n", 400,
     "json"),
    ("Content-Length: 99999999999999999999999", b"GET /healthz HTTP/1.1\r\n" + H
     + b"Content-Length: 99999999999999999999999\r\n\r\n", 413, "json"),
    ("a GET with a body of 70 kB", b"GET /healthz HTTP/1.1\r\n" + H
     + b"Content-Length: 70000\r\n\r\n" + b"x" * 70000, 413, "json"),
    ("a GET with a body of 5 bytes", b"GET /healthz HTTP/1.1\r\n" + H
     + b"Content-Length: 5\r\n\r\nhello", 200, "json"),
    ("Content-Length: -1", b"GET /healthz HTTP/1.1\r\n" + H + b"Content-Length: -1\r\n\r\n",
     400, "json"),
    ("two different Content-Length", b"GET /healthz HTTP/1.1\r\n" + H
     + b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nxx", 400, "json"),
    ("Content-Length with Transfer-Encoding", b"GET /healthz HTTP/1.1\r\n" + H
     + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, "json"),
    ("a chunked body on a GET", b"GET /healthz HTTP/1.1\r\n" + H
     + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 411, "json"),
    ("a header line without a colon", b"GET /healthz HTTP/1.1\r\n" + H + b"Oops\r\n\r\n",
     400, "json"),
    ("a space before a header's colon", b"GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n", 400,
     "json"),
    ("a folded header line", b"GET /healthz HTTP/1.1\r\n" + H + b"X-A: a\r\n b\r\n\r\n",
     400, "json"),
    ("a space in the target", b"GET /heal thz HTTP/1.1\r\n" + H + b"\r\n", 400, "json"),
    ("a method of 100 letters", b"A" * 100 + b" /healthz HTTP/1.1\r\n" + H + b"\r\n", 400,
     "json"),
    ("BREW", b"BREW /healthz HTTP/1.1\r\n" + H + b"\r\n", 405, "json"),
    ("POST with a body", b"POST /api/search HTTP/1.1\r\n" + H
     + b"Content-Length: 3\r\n\r\nx=1", 405, "json"),
    ("POST on the page", b"POST /search HTTP/1.1\r\n" + H + b"Content-Length: 0\r\n\r\n",
     405, "html"),
    ("an absolute-form target", b"GET http://example.org/healthz HTTP/1.1\r\n" + H + b"\r\n",
     404, "json"),
    ("a bad escape in the path", b"GET /api/doc/%zz HTTP/1.1\r\n" + H + b"\r\n", 400, "json"),
    ("bare LF line ends", b"GET /healthz HTTP/1.1\n" + H[:-2] + b"\n\n", 200, "json"),
    ("HTTP/1.0 without Host", b"GET /healthz HTTP/1.0\r\n\r\n", 200, "json"),
    ("Expect: 100-continue with a large body", b"GET /healthz HTTP/1.1\r\n" + H
     + b"Expect: 100-continue\r\nContent-Length: 1000000\r\n\r\n", 413, "json"),
]


def costly_target(n):
    return "/api/search?" + urllib.parse.urlencode(
        {"q": COSTLY_Q, "per_page": 100, "facets": COSTLY_FACETS, "utm_id": n})


def raw(port, data, timeout=5.0, source=None, read_all=True):
    """Send data as it is on a new connection (from source, an address of
    127.0.0.0/8, when given) and read the answer until the server closes or
    timeout.  Returns (status_line, headers, body, seconds) or None when the
    connection closed (or stayed silent) without an answer.  Headers are a
    list of (lower-cased name, value) pairs, in order."""
    t0 = time.monotonic()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        if source:
            sock.bind((source, 0))
        sock.connect(("127.0.0.1", port))
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        reply = b""
        deadline = t0 + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            sock.settimeout(left)
            try:
                chunk = sock.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            reply += chunk
            if not read_all and b"\r\n\r\n" in reply:
                head, _, body = reply.partition(b"\r\n\r\n")
                length = _content_length(head)
                if length is not None and len(body) >= length:
                    break
    finally:
        sock.close()
    if not reply:
        return None
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers.append((name.strip().lower().decode("latin-1"), value.strip().decode("latin-1")))
    return lines[0], headers, body, time.monotonic() - t0


def _content_length(head):
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                return int(value.strip())
            except ValueError:
                return None
    return None


def status_of(answer):
    """The status code of an answer of raw(), or None."""
    if answer is None:
        return None
    parts = answer[0].split(b" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def timed_get(port, target, timeout, source=None):
    """GET target on a new connection; (status or None, seconds)."""
    t0 = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request("GET", target)
        resp = conn.getresponse()
        resp.read()
        return resp.status, time.monotonic() - t0
    except (OSError, http.client.HTTPException):
        return None, time.monotonic() - t0
    finally:
        conn.close()


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


class Slowloris:
    """Connections that send a request head a byte at a time: per_address
    of them from each of `addresses` loopback addresses (127.0.0.2 up),
    each starting with `GET /api/search?q=a HTTP/1.1\\r\\n` and then one
    byte every `drip` seconds.  A connection the server closes is opened
    again, as an attacker would.  Runs in a thread until stop()."""

    HEAD = b"GET /api/search?q=a HTTP/1.1\r\n"
    DRIP = b"X-a: b\r\n"

    def __init__(self, port, addresses=22, per_address=50, drip=5.0, reconnect=True):
        self.port = port
        self.sources = ["127.0.0.%d" % (2 + i) for i in range(addresses)]
        self.per_address = per_address
        self.drip = drip
        self.reconnect = reconnect
        self.sel = selectors.DefaultSelector()
        self.stopping = threading.Event()
        self.opened = 0
        self.refused = 0
        self.closed_by_server = 0
        self.answers = {}  # status line -> count
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _open(self, source):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.bind((source, 0))
            s.connect_ex(("127.0.0.1", self.port))
        except OSError:
            s.close()
            self.refused += 1
            return
        self.opened += 1
        self.sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE,
                          {"source": source, "sent": 0, "next": 0.0, "reply": b""})

    def start(self):
        for _ in range(self.per_address):
            for src in self.sources:
                self._open(src)
        self.thread.start()
        return self

    def connections(self):
        return len(self.sel.get_map())

    def _drop(self, sock, data):
        self.sel.unregister(sock)
        sock.close()
        if data["reply"]:
            line = data["reply"].split(b"\r\n", 1)[0]
            self.answers[line] = self.answers.get(line, 0) + 1
        if self.reconnect and not self.stopping.is_set():
            self._open(data["source"])

    def _run(self):
        while not self.stopping.is_set():
            now = time.monotonic()
            for key, mask in self.sel.select(timeout=0.05):
                sock, data = key.fileobj, key.data
                if mask & selectors.EVENT_READ:
                    try:
                        chunk = sock.recv(4096)
                    except (BlockingIOError, InterruptedError):
                        chunk = None
                    except OSError:
                        chunk = b""
                    if chunk == b"":
                        self.closed_by_server += 1
                        self._drop(sock, data)
                        continue
                    if chunk:
                        data["reply"] += chunk
                if mask & selectors.EVENT_WRITE and data["next"] <= now:
                    piece = self.HEAD if data["sent"] == 0 else self.DRIP[
                        (data["sent"] - len(self.HEAD)) % len(self.DRIP):][:1]
                    try:
                        n = sock.send(piece)
                    except (BlockingIOError, InterruptedError):
                        n = 0
                    except OSError:
                        self.closed_by_server += 1
                        self._drop(sock, data)
                        continue
                    data["sent"] += n
                    data["next"] = now + (self.drip if data["sent"] >= len(self.HEAD) else 0)
            time.sleep(0.01)

    def stop(self):
        self.stopping.set()
        self.thread.join(10)
        for key in list(self.sel.get_map().values()):
            key.fileobj.close()
        self.sel.close()


def probe(port, target, seconds, every=0.25, timeout=1.0, source=None):
    """GET target every `every` seconds for `seconds`; the list of
    (status or None, seconds) it got."""
    out = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        out.append(timed_get(port, target, timeout, source))
        time.sleep(every)
    return out


def slowloris_row(port, seconds=12.0, addresses=22, per_address=50, drip=5.0, warmup=2.0):
    """The slowloris row: `addresses` × `per_address` slow connections while
    an ordinary client asks for /healthz every quarter second with a 1 s
    timeout.  Returns a dict: probes, answered (within 1 s), worst (s), the
    attack's connections at the start, and what the slow ones were told."""
    attack = Slowloris(port, addresses, per_address, drip).start()
    time.sleep(warmup)
    held = attack.connections()
    got = probe(port, "/healthz", seconds)
    attack.stop()
    ok = [s for st, s in got if st == 200 and s <= 1.0]
    return {"probes": len(got), "answered": len(ok),
            "worst": max(s for _, s in got) if got else None,
            "held": held, "opened": attack.opened, "closed_by_server": attack.closed_by_server,
            "answers": dict(attack.answers)}


def starvation_row(port, seconds=8.0, clients=8, cached="/api/search?q=quartier",
                   target=costly_target):
    """The starvation row: `clients` threads sending target(n) with a new
    n each time, while a probe asks alternately /healthz and the cached
    search (asked once before, so it is in the answer store).  Returns a
    dict of the probes' p50/p99/max (s) and errors, and the costly
    requests' count and statuses."""
    timed_get(port, cached, 30)
    stop = threading.Event()
    costly = {"n": 0, "status": {}, "seconds": []}
    lock = threading.Lock()

    def load(k):
        n = k
        while not stop.is_set():
            st, s = timed_get(port, target(n), 60)
            with lock:
                costly["n"] += 1
                costly["status"][st] = costly["status"].get(st, 0) + 1
                costly["seconds"].append(s)
            n += clients

    threads = [threading.Thread(target=load, args=(k,), daemon=True) for k in range(clients)]
    for th in threads:
        th.start()
    time.sleep(1.0)
    health, cache = [], []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        health.append(timed_get(port, "/healthz", 10))
        cache.append(timed_get(port, cached, 10))
        time.sleep(0.02)
    stop.set()
    for th in threads:
        th.join(70)

    def summary(got):
        secs = [s for _, s in got]
        return {"n": len(got), "errors": sum(1 for st, _ in got if st != 200),
                "p50": percentile(secs, 50), "p99": percentile(secs, 99), "max": max(secs)}

    return {"healthz": summary(health), "cached": summary(cache), "costly_n": costly["n"],
            "costly_status": costly["status"],
            "costly_p50": percentile(costly["seconds"], 50)}
