#!/usr/bin/env python3
# The search page and the widget in a real browser: Debian's chromium driven
# by playwright-core (tests/browser/run.mjs).  This script starts what the
# browser talks to — polis-searchd on the corpus, a second polis-searchd on
# the hostile corpus (tests/browser/hostile/), and a partner site on another
# loopback origin that embeds /widget.js — then relays node's TAP.
#
# Screenshots: test-output/browser/*.png (desktop 1280x800, phone 375x740).
# Needs node, tests/browser/node_modules (npm ci) and /usr/bin/chromium:
# `make browser-deps` installs them.  Without them the test is skipped,
# except under CI=true, where it fails.
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

ROOT = polistest.ROOT
BROWSER = os.path.join(ROOT, "tests", "browser")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The partner page names the widget's server as in the README example.
EXAMPLE_ORIGIN = "http://127.0.0.1:8080"
# Minutes for the whole browser run (the ASan build is slower).
RUN_MINUTES = 15


def package_version(path, key=None):
    """The version in a package.json (or in package-lock.json's entry key)."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    return (data.get("packages", {}).get(key, {}) if key else data).get("version")


def missing_tools():
    missing = []
    if shutil.which("node") is None:
        missing.append("node")
    locked = package_version(os.path.join(BROWSER, "package-lock.json"),
                             "node_modules/playwright-core")
    here = package_version(os.path.join(BROWSER, "node_modules", "playwright-core",
                                        "package.json"))
    if here is None:
        missing.append("tests/browser/node_modules (npm ci)")
    elif here != locked:
        missing.append("playwright-core %s (tests/browser/node_modules has %s)" % (locked, here))
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(CHROMIUM)
    return missing


def partner_site(t, api, hostile_api):
    """Serve the partner pages from 127.0.0.2 (another origin than searchd's
    127.0.0.1), with a strict CSP of their own that allows the widget's
    server only: the widget needs no inline script or style."""
    with open(os.path.join(BROWSER, "partenaire.html"), encoding="utf-8") as f:
        template = f.read()
    with open(os.path.join(BROWSER, "partenaire.css"), "rb") as f:
        css = f.read()
    pages = {
        "/partenaire.html": (template.replace(EXAMPLE_ORIGIN, api), api),
        "/partenaire-hostile.html": (template.replace(EXAMPLE_ORIGIN, hostile_api), hostile_api),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split("?")[0]
            if path in pages:
                body, origin = pages[path]
                self._send(200, "text/html; charset=utf-8", body.encode("utf-8"), {
                    "Content-Security-Policy":
                        "default-src 'self'; script-src 'self' %s; style-src 'self' %s; "
                        "connect-src %s; img-src 'self' data:; form-action %s"
                        % (origin, origin, origin, origin)})
            elif path == "/partenaire.css":
                self._send(200, "text/css; charset=utf-8", css)
            else:
                self._send(404, "text/plain", b"not found\n")

        def _send(self, status, ctype, body, headers=None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    t.cleanups.append(stop)
    return "http://127.0.0.2:%d" % server.server_address[1]


TAP_LINE = re.compile(r"^(not )?ok \d+ - (.*)$")


def main(t):
    d = polistest.searchd(t)
    hostile_index = polistest.build_index(t, os.path.join(BROWSER, "hostile"))
    h = polistest.Searchd(t, hostile_index)
    partner = partner_site(t, d.base, h.base)
    env = dict(os.environ, POLIS_URL=d.base, POLIS_HOSTILE_URL=h.base, POLIS_PARTNER_URL=partner,
               CHROMIUM=CHROMIUM)
    proc = subprocess.Popen(["node", os.path.join(BROWSER, "run.mjs")], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    timer = threading.Timer(RUN_MINUTES * 60 * polistest.SLOW, proc.kill)
    timer.start()
    try:
        for line in proc.stdout:
            line = line.rstrip("\n")
            m = TAP_LINE.match(line)
            if m:
                t.ok(m.group(1) is None, m.group(2))
            elif line.startswith("#"):
                print(line)
            elif line.startswith("1.."):
                if "SKIP" in line:
                    t.ok(False, "node ran the browser tests", line)
            elif line:
                print("# " + line)
            sys.stdout.flush()
        rc = proc.wait()
    finally:
        timer.cancel()
    t.ok(rc == 0, "node tests/browser/run.mjs exits 0", "exit status %r" % rc)


if __name__ == "__main__":
    polistest.require(missing_tools(), "browser test tools", "browser-deps")
    polistest.run(main)
