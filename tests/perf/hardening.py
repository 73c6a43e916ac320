#!/usr/bin/env python3
"""hardening.py — the hardening figures of issue 13, for any build of polis-searchd.

    python3 tests/perf/hardening.py [--build DIR] [--index DIR] [--rows slowloris,starvation,raw]
                                [--seconds 12] [-- extra searchd options]

Starts the build's polis-searchd on an ephemeral port (building the corpus
index with the build's polis-indexer unless --index is given) and prints:

  slowloris   1,100 connections from 22 loopback addresses sending a head a
              byte every 5 s, and an ordinary client asking /healthz every
              quarter second with a 1 s timeout: how many it got in time;
  starvation  8 clients sending the costliest allowed search (a new page
              each time), and /healthz and a stored search measured meanwhile:
              p50, p99, max;
  raw         the abuse table of tests/t/34-abuse.t: each hostile request
              and what it was answered (status, Content-Type).

The measures use nothing a daemon of any version lacks, so the same command
gives the figures before and after a change (POLIS_BUILD or --build names
the build).  Loopback only, bounded in connections and time.
"""

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import abuse  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def start(build, index, extra):
    binary = os.path.join(build, "polis-searchd")
    # As root (a container's), a daemon that knows --allow-root needs it.
    as_root = ["--allow-root"] if os.geteuid() == 0 and b"--allow-root" in subprocess.run(
        [binary, "--help"], stdout=subprocess.PIPE).stdout else []
    cmd = [binary, "--config", os.devnull, "--index", index, "--listen", "127.0.0.1:0",
           "--quiet"] + as_root + extra
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = proc.stdout.readline().decode().strip()
    if not line.startswith("listening on http://127.0.0.1:"):
        proc.kill()
        sys.exit("polis-searchd did not start: %r" % line)
    return proc, int(line.rsplit(":", 1)[1])


def ms(x):
    return "—" if x is None else "%.0f ms" % (x * 1000) if x < 10 else "%.1f s" % x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.environ.get("POLIS_BUILD") or os.path.join(ROOT, "build"))
    ap.add_argument("--index")
    ap.add_argument("--rows", default="slowloris,starvation,raw")
    ap.add_argument("--seconds", type=float, default=12.0)
    ap.add_argument("extra", nargs="*")
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    tmp = None
    index = args.index
    if index is None:
        tmp = tempfile.mkdtemp(prefix="polis-abuse-")
        os.chmod(tmp, 0o755)
        index = os.path.join(tmp, "index")
        subprocess.run([os.path.join(args.build, "polis-indexer"), "build",
                        os.path.join(ROOT, "corpus"), "--index", index, "--quiet"], check=True)
    rows = args.rows.split(",")
    try:
        if "slowloris" in rows:
            proc, port = start(args.build, index, args.extra)
            r = abuse.slowloris_row(port, seconds=args.seconds)
            print("slowloris: %d/%d probes answered within 1 s, worst %s; %d slow connections "
                  "held at the start, %d opened in all, %d closed by the server; they were told %r"
                  % (r["answered"], r["probes"], ms(r["worst"]), r["held"], r["opened"],
                     r["closed_by_server"], r["answers"]))
            proc.kill()
            proc.wait()
        if "starvation" in rows:
            proc, port = start(args.build, index, args.extra)
            r = abuse.starvation_row(port, seconds=args.seconds)
            for name in ("healthz", "cached"):
                s = r[name]
                print("starvation: %-8s n=%d errors=%d p50 %s p99 %s max %s" %
                      (name, s["n"], s["errors"], ms(s["p50"]), ms(s["p99"]), ms(s["max"])))
            print("starvation: costly searches: %d, statuses %r, p50 %s" %
                  (r["costly_n"], r["costly_status"], ms(r["costly_p50"])))
            proc.kill()
            proc.wait()
        if "raw" in rows:
            table = abuse.ABUSE
            proc, port = start(args.build, index, args.extra)
            owed = 0
            for name, data, want, kind in table:
                got = abuse.raw(port, data, timeout=3, read_all=False)
                ctype = dict(got[1]).get("content-type") if got else None
                heads = got[0].decode("latin-1") if got else "(closed, no answer)"
                twice = got is not None and re.search(rb"(^|\r\n)HTTP/1\.[01] \d\d\d ", got[2])
                want_type = {"json": "application/json; charset=utf-8",
                             "html": "text/html; charset=utf-8"}.get(kind)
                ok = abuse.status_of(got) == want and not twice and ctype == want_type
                owed += ok
                print("raw: %-44s want %-4s got %-34s %s%s%s" % (
                    name[:44], want, heads[:34], ctype, " TWICE" if twice else "",
                    "" if ok else "  <- not as owed"))
                time.sleep(0.05)
            print("raw: %d of %d rows answered as owed (status, type, one status line)"
                  % (owed, len(table)))
            proc.kill()
            proc.wait()
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
