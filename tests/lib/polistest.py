"""polistest — what the HTTP tests (tests/t/*.t) share: TAP output, an index
built from corpus/ into a temporary directory, and a polis-searchd running on
an ephemeral port that is stopped (and checked) when the test ends.

Python standard library only.  Environment:
  POLIS_BUILD             build directory (default: ./build of the repository)
  POLIS_TEST_INDEX        use this index instead of building one from corpus/
  POLIS_SEARCHD_WRAPPER   command to run the daemon under, e.g.
                          "valgrind --error-exitcode=99 --leak-check=full"

polis-searchd refuses to serve as root unless told (--user, --allow-root);
the tests run as root in CI's container, so the daemons they start get
--allow-root there (AS_ROOT); tests/t/35-privileges.t checks the rest.
"""

import atexit
import http.client
import json
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("POLIS_BUILD") or os.path.join(ROOT, "build"))
WRAPPER = shlex.split(os.environ.get("POLIS_SEARCHD_WRAPPER", ""))
# A daemon under valgrind starts and answers an order of magnitude slower.
SLOW = 10 if WRAPPER else 1
# What a daemon started by the tests needs to run as root (a container's).
AS_ROOT = ["--allow-root"] if os.geteuid() == 0 else []


class Tap:
    """Numbered TAP checks; the plan is printed at the end by done()."""

    def __init__(self):
        self.n = 0
        self.failed = 0
        self.cleanups = []
        # Also on sys.exit() or an uncaught error: no daemon or temporary
        # directory outlives the test.
        atexit.register(self._cleanup)

    def ok(self, cond, name, diag=None):
        self.n += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, name))
        if not cond:
            self.failed += 1
            here = os.path.abspath(__file__).rstrip("c")
            frames = [f for f in traceback.extract_stack()
                      if os.path.abspath(f.filename) != here]
            if frames:
                self.diag("failed at %s line %d" % (os.path.basename(frames[-1].filename),
                                                     frames[-1].lineno))
            if diag is not None:
                self.diag(diag)
        sys.stdout.flush()
        return bool(cond)

    def skip(self, name, reason):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, name, reason))
        sys.stdout.flush()

    def is_(self, got, want, name):
        return self.ok(got == want, name, "got:  %r\nwant: %r" % (got, want))

    def diag(self, msg):
        for line in str(msg).splitlines() or [""]:
            print("#   " + line)
        sys.stdout.flush()

    def bail(self, msg):
        print("Bail out! " + msg)
        sys.stdout.flush()
        self._cleanup()
        sys.exit(255)

    def _cleanup(self):
        while self.cleanups:
            fn = self.cleanups.pop()
            try:
                fn()
            except Exception:  # a cleanup must not hide the others
                self.ok(False, "cleanup", traceback.format_exc())

    def done(self):
        self._cleanup()
        print("1..%d" % self.n)
        sys.stdout.flush()
        return 1 if self.failed or self.n == 0 else 0


def require(missing, what, target):
    """Leave the test when tools it needs are missing (names in missing):
    skipped, saying which and the make target that installs them, or, under
    CI=true, failed, since CI installs them."""
    if not missing:
        return
    if os.environ.get("CI") == "true":
        print("not ok 1 - %s are installed (make %s)" % (what, target))
        print("#   missing: " + ", ".join(missing))
        print("1..1")
        sys.exit(1)
    print("1..0 # SKIP missing %s (make %s)" % (", ".join(missing), target))
    sys.exit(0)


def run(main):
    """Run main(t) and exit with the TAP result; an exception is a failure."""
    t = Tap()
    try:
        main(t)
    except Exception:
        t.ok(False, "test script raised", traceback.format_exc())
    sys.exit(t.done())


def build_index(t, corpus=None):
    """Index corpus/ (or another directory) into a fresh temporary directory
    with polis-indexer; returns the index path.  The directory is removed
    when the test ends."""
    given = os.environ.get("POLIS_TEST_INDEX")
    if given and corpus is None:
        return given
    indexer = os.path.join(BUILD, "polis-indexer")
    if not os.access(indexer, os.X_OK):
        t.bail("%s is not built (run make)" % indexer)
    tmp = tempfile.mkdtemp(prefix="polis-test-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    os.chmod(tmp, 0o755)  # readable by a daemon that dropped root (--user)
    index = os.path.join(tmp, "index")
    cmd = [indexer, "build", corpus or os.path.join(ROOT, "corpus"), "--index", index]
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=600)
    if proc.returncode != 0:
        t.diag(proc.stdout.decode("utf-8", "replace"))
        t.diag(proc.stderr.decode("utf-8", "replace"))
        t.bail("%s failed with status %d" % (" ".join(cmd), proc.returncode))
    return index


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-cased names
        self.body = body
        self._json = None

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def json(self):
        if self._json is None:
            self._json = json.loads(self.body.decode("utf-8"))
        return self._json

    def is_json(self):
        ctype = self.header("content-type") or ""
        if ctype != "application/json; charset=utf-8":
            return False
        try:
            self.json
        except ValueError:
            return False
        return True


class Searchd:
    """A polis-searchd on 127.0.0.1:<ephemeral> serving index (None: the
    index is in args, e.g. --remote)."""

    def __init__(self, t, index, args=()):
        self.t = t
        binary = os.path.join(BUILD, "polis-searchd")
        if not os.access(binary, os.X_OK):
            t.bail("%s is not built (run make)" % binary)
        self.log = tempfile.TemporaryFile()
        # --config /dev/null: an installed /etc/polis/polis.conf stays out of the tests.
        where = ["--index", index] if index is not None else []
        cmd = WRAPPER + [binary, "--config", os.devnull] + where + [
            "--listen", "127.0.0.1:0"] + AS_ROOT + list(args)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.log)
        self.stopped = False
        t.cleanups.append(self.stop)
        line = self._read_line(30 * SLOW)
        prefix = "listening on http://127.0.0.1:"
        if not line.startswith(prefix):
            self.proc.kill()
            self.proc.wait()
            self.stopped = True
            t.diag(self.stderr())
            t.bail("polis-searchd did not start (first line %r)" % line)
        self.port = int(line[len(prefix):])
        self.base = "http://127.0.0.1:%d" % self.port

    def _read_line(self, timeout):
        fd = self.proc.stdout.fileno()
        data = b""
        deadline = time.monotonic() + timeout
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                break
            chunk = os.read(fd, 1)
            if not chunk:
                break
            data += chunk
        return data.decode("utf-8", "replace").strip()

    def stderr(self):
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace")
        return text[-4000:]

    def wait_stderr(self, text, seconds=5):
        """The daemon's stderr once it holds text (or after seconds): the
        access log is written when a request completes, which can be just
        after the client has read the answer."""
        deadline = time.monotonic() + seconds * SLOW
        while True:
            log = self.stderr()
            if text in log or time.monotonic() > deadline:
                return log
            time.sleep(0.02)

    def request(self, method, target, headers=None, body=None):
        """Send target (path and query, sent as is: bad escapes stay bad)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30 * SLOW)
        try:
            conn.request(method, target, body=body, headers=headers or {})
            resp = conn.getresponse()
            data = resp.read()
            headers = {k.lower(): v for k, v in resp.getheaders()}
            return Response(resp.status, headers, data)
        finally:
            conn.close()

    def get(self, path, params=None, method="GET"):
        """GET path with params (a dict, or a list of pairs for repeats)."""
        target = path
        if params:
            target += "?" + urllib.parse.urlencode(params, doseq=True)
        return self.request(method, target)

    def search(self, params=None):
        """GET /api/search; returns the JSON, failing the test on non-200."""
        r = self.get("/api/search", params)
        if r.status != 200:
            self.t.diag("GET /api/search %r -> %d %r" % (params, r.status, r.body[:300]))
            raise AssertionError("search failed with %d" % r.status)
        return r.json

    def search_all(self, params=None):
        """Every hit of a search, page after page (per_page=100)."""
        params = dict(params or {})
        hits = []
        page = 1
        while True:
            params.update({"page": page, "per_page": 100})
            ans = self.search(params)
            hits.extend(ans["hits"])
            if len(hits) >= ans["total"] or not ans["hits"]:
                return ans, hits
            page += 1

    def send_signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, sig=signal.SIGTERM):
        """Stop the daemon with sig and check that it exits with status 0;
        returns the exit status."""
        if self.stopped:
            return self.proc.returncode
        self.stopped = True
        early = self.proc.poll()
        if early is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20 * SLOW)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.t.ok(False, "polis-searchd stops within %ds of %s" % (20 * SLOW, sig.name),
                          self.stderr())
                return self.proc.returncode
        rc = self.proc.returncode
        what = "exit status 0 after %s" % sig.name
        if early is not None:
            what = "was still running at the end of the test"
        self.t.ok(early is None and rc == 0, "polis-searchd %s" % what,
                  "exit status %r\n%s" % (rc, self.stderr()))
        self.proc.stdout.close()
        return rc


# Prometheus's text exposition format 0.0.4, line by line.
_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
_SAMPLE = re.compile(r"^(%s)(?:\{((?:%s)(?:,%s)*,?)?\})? (\S+)(?: -?\d+)?$" % (_NAME, _LABEL, _LABEL))
_LABEL_PAIR = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
_COMMENT = re.compile(r"^# (HELP|TYPE) (%s)(?: (.*))?$" % _NAME)
_TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


class Metrics:
    """A /metrics text read by the exposition grammar (parse() raises
    ValueError naming the first line that breaks it, or a family that is
    not announced, announced twice or split)."""

    def __init__(self, text):
        self.samples = []  # (name, labels dict, value), in order
        self.types = {}
        self.helps = {}
        if not text.endswith("\n"):
            raise ValueError("the text does not end with a newline")
        done, current = set(), None
        for n, line in enumerate(text.split("\n")[:-1], 1):
            where = "line %d: %r" % (n, line)
            if line.startswith("#"):
                m = _COMMENT.match(line)
                if not m:
                    continue  # a plain comment
                kind, name, rest = m.groups()
                table = self.types if kind == "TYPE" else self.helps
                if name in table:
                    raise ValueError("%s: a second %s for %s" % (where, kind, name))
                if kind == "TYPE" and (rest not in _TYPES or name in done or name == current):
                    raise ValueError("%s: a bad TYPE, or one after the samples" % where)
                table[name] = rest
                continue
            m = _SAMPLE.match(line)
            if not m:
                raise ValueError("%s: not a sample" % where)
            name, labels, value = m.groups()
            family = name
            for suffix in ("_bucket", "_sum", "_count"):
                base = name[:-len(suffix)]
                if name.endswith(suffix) and self.types.get(base) in ("histogram", "summary"):
                    family = base
            if family not in self.types:
                raise ValueError("%s: no TYPE for %s" % (where, family))
            if family != current:
                if family in done:
                    raise ValueError("%s: the samples of %s are split" % (where, family))
                if current is not None:
                    done.add(current)
                current = family
            self.samples.append((name, dict(_LABEL_PAIR.findall(labels or "")), float(value)))

    def value(self, name, **labels):
        """The value of the sample name{labels} (exactly those), or None."""
        for n, l, v in self.samples:
            if n == name and l == labels:
                return v
        return None

    def family(self, name):
        """Every sample named name: [(labels, value)]."""
        return [(l, v) for n, l, v in self.samples if n == name]


def scrape(d):
    """GET /metrics of daemon d, read by Metrics."""
    return Metrics(d.request("GET", "/metrics").body.decode("utf-8"))


def scratch(t, prefix, corpus=False):
    """A temporary directory removed when the test ends, and, with corpus,
    a copy of corpus/ in it to change: (tmp, copy or None)."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    if not corpus:
        return tmp, None
    copy = os.path.join(tmp, "corpus")
    shutil.copytree(os.path.join(ROOT, "corpus"), copy, symlinks=True)
    return tmp, copy


def free_port():
    """A TCP port nobody listens on now, for servers that need one given."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, seconds=10):
    """True once something accepts connections on 127.0.0.1:port."""
    import socket
    deadline = time.monotonic() + seconds * SLOW
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def searchd(t, args=(), index=None):
    """Build the corpus index (unless given) and start a daemon on it."""
    return Searchd(t, index or build_index(t), args)
