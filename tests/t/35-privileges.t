#!/usr/bin/env python3
# Whom polis-searchd runs as, and what it may write: as root it refuses to
# serve unless --user (or --allow-root) says otherwise; --user NAME binds
# first (a port below 1024 too), then becomes NAME and its groups for good;
# an unknown user is an error; the daemon holds no file open for writing
# but its access log.  Needs root for most checks (CI runs as root).
import os
import pwd
import socket
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

SEARCHD = os.path.join(polistest.BUILD, "polis-searchd")


def run(args, timeout=60):
    return subprocess.run(polistest.WRAPPER + [SEARCHD, "--config", os.devnull] + args,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          errors="replace", timeout=timeout * polistest.SLOW)


def status_ids(pid):
    """Real, effective, saved uid and gid, and the supplementary groups."""
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("Uid", "Gid", "Groups"):
                out[key] = [int(x) for x in value.split()]
    return out


def writable_files(pid):
    """The files the process opened for writing (its standard streams,
    inherited from the test, aside)."""
    found = []
    fd_dir = "/proc/%d/fd" % pid
    for fd in os.listdir(fd_dir):
        if int(fd) <= 2:
            continue
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
            with open("/proc/%d/fdinfo/%s" % (pid, fd)) as f:
                flags = int([ln for ln in f if ln.startswith("flags:")][0].split()[1], 8)
        except (OSError, IndexError):
            continue
        if target.startswith("/") and (flags & os.O_ACCMODE) != os.O_RDONLY:
            found.append(target)
    return found


def free_low_port():
    for port in range(901, 1000):
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            s.close()
    return None


def main(t):
    index = polistest.build_index(t)
    if os.geteuid() != 0:
        t.skip("root checks", "not root")
        p = run(["--index", index, "--user", "nobody", "--listen", "127.0.0.1:0"])
        t.ok(p.returncode == 1 and "only root can become another user" in p.stderr,
             "--user as another user than root: exit status 1, saying why", p.stderr[-300:])
        return

    # Root, unasked: refused, saying what to do.
    p = run(["--index", index, "--listen", "127.0.0.1:0"])
    t.ok(p.returncode == 1 and "will not serve as root" in p.stderr and "--user" in p.stderr
         and "--allow-root" in p.stderr, "as root without --user: exit status 1, saying why",
         p.stderr[-400:])
    t.ok("listening on" not in p.stdout, "  ... before listening")
    p = run(["--index", index, "--listen", "127.0.0.1:0", "--user", "no-such-user-here"])
    t.ok(p.returncode == 1 and "--user no-such-user-here" in p.stderr,
         "--user of no one: exit status 1, naming it", p.stderr[-300:])

    # --user nobody: the uid, gid and groups of nobody, real, effective and saved.
    nobody = pwd.getpwnam("nobody")
    tmp = os.path.dirname(index)
    log = os.path.join(tmp, "access.log")
    port = free_low_port()
    listen = "127.0.0.1:%d" % port if port else None
    d = polistest.Searchd(t, index, ["--user", "nobody", "--access-log", log])
    for target in ("/healthz", "/api/search?q=quartier", "/search?q=emploi", "/api/suggest?q=qu",
                   "/feed.atom", "/api/facets"):
        d.request("GET", target)
    ids = status_ids(d.proc.pid)
    t.is_(ids["Uid"], [nobody.pw_uid] * 4, "--user nobody: real, effective, saved uid of nobody")
    t.is_(ids["Gid"], [nobody.pw_gid] * 4, "  ... and its gid")
    want_groups = sorted(set(os.getgrouplist("nobody", nobody.pw_gid)))
    t.is_(sorted(ids["Groups"]), want_groups, "  ... and its groups, none of root's")
    t.is_(writable_files(d.proc.pid), [log], "it holds no file open for writing but its log")
    d.stop()
    t.ok(open(log).read().count(" 200 ") >= 5, "the log, opened before the switch, is written")

    # A port below 1024: bound as root, served as nobody.
    if port is None:
        t.skip("a port below 1024", "none free")
    else:
        low = polistest.Searchd(t, index, ["--listen", listen, "--user", "nobody", "--quiet"])
        t.ok(low.port == port and low.get("/healthz").status == 200 and
             status_ids(low.proc.pid)["Uid"][1] == nobody.pw_uid,
             "port %d: bound as root, served as nobody" % port)
        low.stop()

    # --allow-root: root on purpose (a container's).
    d = polistest.Searchd(t, index, [])  # the tests' daemons pass --allow-root as root
    t.is_(status_ids(d.proc.pid)["Uid"][1], 0, "--allow-root: served as root, as asked")
    t.is_(writable_files(d.proc.pid), [], "  ... and, logging to stderr, no file open for writing")
    d.stop()


polistest.run(main)
