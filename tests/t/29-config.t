#!/usr/bin/env python3
# polis-searchd's configuration file: its settings are used, the command line
# wins over them, a bad file stops the daemon naming file, line and key; the
# example dist/polis.conf has a key for every option of --help and is valid
# as a whole; --version on both programs.
import os
import re
import subprocess
import sys
import tempfile
import shutil

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

SEARCHD = os.path.join(polistest.BUILD, "polis-searchd")
INDEXER = os.path.join(polistest.BUILD, "polis-indexer")
EXAMPLE = os.path.join(polistest.ROOT, "dist", "polis.conf")


def header_version():
    with open(os.path.join(polistest.ROOT, "include", "polis", "version.h"), encoding="utf-8") as f:
        return re.search(r'#define POLIS_VERSION_STRING "([^"]+)"', f.read()).group(1)


def run(args, timeout=60):
    return subprocess.run(polistest.WRAPPER + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, errors="replace", timeout=timeout * polistest.SLOW)


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def per_page_status(d, n):
    return d.get("/api/search", {"q": "quartier", "per_page": n}).status


def versions(t):
    want = header_version()
    for binary, name in ((SEARCHD, "polis-searchd"), (INDEXER, "polis-indexer")):
        p = run([binary, "--version"])
        t.is_((p.returncode, p.stdout), (0, "%s %s\n" % (name, want)),
              "%s --version prints the version of polis/version.h" % name)


def settings_used(t, tmp, index):
    conf = write(tmp, "used.conf", "# a comment\n\n  max-per-page = 7  \nquiet = yes\n"
                 "index = /nonexistent/given-on-the-command-line-instead\n")
    d = polistest.Searchd(t, index, ["--config", conf])
    t.is_(per_page_status(d, 7), 200, "file: max-per-page = 7 allows per_page=7")
    r = d.get("/api/search", {"q": "quartier", "per_page": 8})
    t.ok(r.status == 400 and "from 1 to 7" in r.body.decode(), "file: ... and refuses 8",
         r.body[:200])
    t.ok("/api/search" not in d.stderr(), "file: quiet = yes silences the access log",
         d.stderr())
    d.stop()

    d = polistest.Searchd(t, index, ["--config", conf, "--max-per-page", "9"])
    t.is_((per_page_status(d, 9), per_page_status(d, 10)), (200, 400),
          "--max-per-page 9 on the command line wins over the file's 7")
    d.stop()

    # The index from the file alone: no --index on the command line.
    conf = write(tmp, "index.conf", "index = %s\nlisten = 127.0.0.1:0\nquiet = no\n" % index)
    proc = subprocess.Popen(polistest.WRAPPER + [SEARCHD, "--config", conf] + polistest.AS_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        t.ok(line.startswith("listening on http://127.0.0.1:"),
             "index and listen from the file alone: the daemon starts", line)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30 * polistest.SLOW)
    t.is_(proc.returncode, 0, "... and stops cleanly")
    t.ok("settings from " + conf in err, "it says which file it read", err[-300:])


BAD = [
    ("unknown key", "listen = 127.0.0.1:0\n\nthread = 2\n", 3,
     "unknown key 'thread'"),
    ("a value out of range", "# the threads\nthreads = many\n", 2,
     "threads: want an integer from 1 to"),
    ("a switch that is neither yes nor no", "quiet = sometimes\n", 1,
     "quiet: want yes or no, not 'sometimes'"),
    ("a line without =", "listen 127.0.0.1:0\n", 1, 'want "key = value"'),
    ("a key without a value", "cors-origins =\n", 1, "cors-origins: no value"),
    ("a value without a key", " = 4\n", 1, "a value without a key"),
    ("a file option as a key", "config = /etc/other.conf\n", 1, "unknown key 'config'"),
]


def bad_files(t, tmp, index):
    for i, (what, text, line, message) in enumerate(BAD):
        conf = write(tmp, "bad%d.conf" % i, text)
        p = run([SEARCHD, "--config", conf, "--index", index, "--listen", "127.0.0.1:0"])
        where = "%s:%d: " % (conf, line)
        t.ok(p.returncode == 2 and p.stderr.startswith("polis-searchd: " + where + message)
             and p.stderr.count("\n") == 1,
             "%s: exit status 2, one line naming the file, line and key" % what,
             "status %r, stderr %r" % (p.returncode, p.stderr[-400:]))
    missing = os.path.join(tmp, "missing.conf")
    p = run([SEARCHD, "--config", missing, "--index", index])
    t.ok(p.returncode == 2 and missing + ": No such file or directory" in p.stderr,
         "--config naming a missing file: exit status 2 naming it", p.stderr[-300:])
    p = run([SEARCHD, "--config", write(tmp, "bad.conf", "thread = 2\n"), "--help"])
    t.ok(p.returncode == 0 and "--config FILE" in p.stdout,
         "--help is printed whatever the file holds")


def example(t, tmp, index):
    """dist/polis.conf: a key for every option, and valid once uncommented."""
    with open(EXAMPLE, encoding="utf-8") as f:
        text = f.read()
    help_text = run([SEARCHD, "--help"]).stdout
    options = set(re.findall(r"--([a-z][a-z-]+)", help_text)) - {"config", "version", "help"}
    keys = set(re.findall(r"^#? ?([a-z][a-z-]+) = ", text, re.M))
    t.ok(len(options) >= 20, "--help lists the options (%d)" % len(options))
    t.is_(sorted(options - keys), [], "the example has a key for every option of --help")
    t.is_(sorted(keys - options), [], "... and no key that is not an option")
    # Every commented setting, uncommented: a file the daemon accepts
    # (but remote, which replaces index).
    whole = re.sub(r"^# ((?!remote )[a-z][a-z-]+ = )", r"\1", text, flags=re.M)
    conf = write(tmp, "example.conf", whole)
    log = os.path.join(tmp, "access.log")
    # Its user may not exist here: the command line names one that does.
    d = polistest.Searchd(t, index, ["--config", conf, "--access-log", log, "--user", "nobody"])
    t.is_(d.get("/healthz").status, 200, "the example, every setting uncommented, serves")
    d.stop()


def main(t):
    tmp = tempfile.mkdtemp(prefix="polis-config-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    index = polistest.build_index(t)
    versions(t)
    settings_used(t, tmp, index)
    bad_files(t, tmp, index)
    example(t, tmp, index)


polistest.run(main)
