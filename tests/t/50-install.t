#!/usr/bin/env python3
# `make install DESTDIR=...`: the programs stripped with their debug
# information apart, libpolis.so.VERSION with its SONAME and links, polis.pc
# that a program compiles and links against, the headers, the man pages, the
# systemd units, polis.conf and the default vocabularies.  A second install
# keeps an edited polis.conf.  Linters run when they are there (mandoc or
# groff for the man pages, systemd-analyze for the units), and say SKIP
# otherwise.
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

ROOT = polistest.ROOT


def header_version():
    with open(os.path.join(ROOT, "include", "polis", "version.h"), encoding="utf-8") as f:
        return re.search(r'#define POLIS_VERSION_STRING "([^"]+)"', f.read()).group(1)


def make_env():
    """The environment for a make run from this test: the variables the
    suite's own make was given (MAKEFLAGS: BUILD, SAN... for `make asan`),
    without its jobserver, which this process does not hold."""
    env = dict(os.environ)
    flags = [w for w in shlex.split(env.get("MAKEFLAGS", ""))
             if not w.startswith("--jobserver") and not re.match(r"^-?j\d*$", w)]
    env["MAKEFLAGS"] = " ".join(shlex.quote(w) for w in flags)
    env.pop("MAKELEVEL", None)
    return env


def install(t, destdir):
    p = subprocess.run(["make", "-C", ROOT, "--no-print-directory", "install",
                        "DESTDIR=" + destdir, "BUILD=" + polistest.BUILD],
                       env=make_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=900)
    if not t.ok(p.returncode == 0, "make install DESTDIR=%s" % destdir, p.stdout[-3000:]):
        t.bail("make install failed")
    return p.stdout


def sections(path):
    p = subprocess.run(["readelf", "-W", "-S", path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    return set(re.findall(r"\]\s+(\.\S+)", p.stdout))


def soname(path):
    p = subprocess.run(["readelf", "-d", path], stdout=subprocess.PIPE, text=True)
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^]]+)\]", p.stdout)
    return m.group(1) if m else None


def listing(destdir):
    out = []
    for base, dirs, files in os.walk(destdir):
        for name in files:
            path = os.path.join(base, name)
            rel = os.path.relpath(path, destdir)
            out.append(rel + (" -> " + os.readlink(path) if os.path.islink(path) else ""))
    return sorted(out)


def check_binaries(t, destdir, prefix, version):
    bindir = os.path.join(destdir, prefix, "bin")
    for name in ("polis-indexer", "polis-searchd"):
        path = os.path.join(bindir, name)
        s = sections(path)
        t.ok(".symtab" not in s and ".debug_info" not in s and ".gnu_debuglink" in s,
             "%s: stripped, linked to its debug file" % name, sorted(s))
        debug = os.path.join(destdir, "usr/lib/debug", prefix, "bin", name + ".debug")
        t.ok(os.path.isfile(debug) and ".debug_info" in sections(debug),
             "%s: its debug information in /usr/lib/debug%s/bin/" % (name, "/" + prefix))
        p = subprocess.run([path, "--version"], stdout=subprocess.PIPE, text=True)
        t.is_(p.stdout, "%s %s\n" % (name, version), "the installed %s --version" % name)


def check_library(t, destdir, prefix, version):
    libdir = os.path.join(destdir, prefix, "lib")
    major = version.split(".")[0]
    real = os.path.join(libdir, "libpolis.so." + version)
    t.is_(soname(real), "libpolis.so." + major, "libpolis.so.%s: SONAME libpolis.so.%s"
          % (version, major))
    t.is_(os.readlink(os.path.join(libdir, "libpolis.so." + major)), "libpolis.so." + version,
          "libpolis.so.%s -> libpolis.so.%s" % (major, version))
    t.is_(os.readlink(os.path.join(libdir, "libpolis.so")), "libpolis.so." + major,
          "libpolis.so -> libpolis.so.%s" % major)
    s = sections(real)
    t.ok(".symtab" not in s and ".gnu_debuglink" in s, "libpolis.so stripped", sorted(s))


def check_pkgconfig(t, destdir, prefix, version, tmp):
    """A program built as its README would say: pkg-config --cflags --libs polis."""
    pcdir = os.path.join(destdir, prefix, "lib", "pkgconfig")
    env = dict(os.environ, PKG_CONFIG_PATH=pcdir)
    moved = "--define-variable=prefix=" + os.path.join(destdir, prefix)
    p = subprocess.run(["pkg-config", moved, "--modversion", "polis"], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t.is_(p.stdout.strip(), version, "pkg-config --modversion polis")
    p = subprocess.run(["pkg-config", moved, "--cflags", "--libs", "polis"], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    flags = p.stdout.split()
    t.ok(p.returncode == 0 and "-lpolis" in flags, "pkg-config --cflags --libs polis",
         p.stdout + p.stderr)
    src = os.path.join(tmp, "hello.c")
    with open(src, "w") as f:
        f.write('#include <stdio.h>\n#include <string.h>\n#include <polis/version.h>\n'
                '#include <polis/index.h>\n'
                'int main(void)\n{\n'
                '    printf("%s %s\\n", POLIS_VERSION_STRING, polis_version());\n'
                '    return strcmp(POLIS_VERSION_STRING, polis_version()) != 0 ||\n'
                '           POLIS_VERSION_MAJOR != ' + version.split(".")[0] + ';\n}\n')
    exe = os.path.join(tmp, "hello")
    # A library built with sanitizers wants them in the program too.
    san = shlex.split(os.environ.get("POLIS_SAN", ""))
    p = subprocess.run(["cc", "-std=c11", "-Wall", "-Werror"] + san + [src, "-o", exe] + flags,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if t.ok(p.returncode == 0, "a C program compiles and links with those flags", p.stdout):
        libdir = os.path.join(destdir, prefix, "lib")
        p = subprocess.run([exe], env=dict(os.environ, LD_LIBRARY_PATH=libdir),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        t.is_((p.returncode, p.stdout), (0, "%s %s\n" % (version, version)),
              "... and runs on the installed libpolis.so.%s" % version.split(".")[0])


def check_man(t, destdir, prefix):
    pages = [os.path.join(destdir, prefix, "share/man/man1/polis-indexer.1"),
             os.path.join(destdir, prefix, "share/man/man8/polis-searchd.8")]
    for page in pages:
        name = os.path.basename(page)
        with open(page, encoding="utf-8") as f:
            text = f.read()
        t.ok("@" not in re.sub(r"\S+@\S+", "", text) and ".Sh SYNOPSIS" in text,
             "%s: an mdoc page, every @WORD@ filled in" % name)
        if shutil.which("mandoc"):
            p = subprocess.run(["mandoc", "-Tlint", "-W", "warning", page],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            t.ok(p.returncode == 0 and not p.stdout.strip(), "%s: mandoc -Tlint is quiet" % name,
                 p.stdout)
        elif shutil.which("groff"):
            p = subprocess.run(["groff", "-mandoc", "-ww", "-z", page],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            t.ok(p.returncode == 0 and not p.stdout.strip(), "%s: groff -ww is quiet" % name,
                 p.stdout)
        else:
            t.skip("%s: lint" % name, "neither mandoc nor groff here")


def check_units(t, destdir, prefix, tmp):
    unitdir = os.path.join(destdir, prefix, "lib/systemd/system")
    units = {}
    for name in ("polis-searchd.service", "polis-rebuild.service", "polis-rebuild.timer"):
        with open(os.path.join(unitdir, name), encoding="utf-8") as f:
            units[name] = f.read()
    sd = units["polis-searchd.service"]
    bindir = "/" + os.path.join(prefix, "bin")
    for line in ("ExecStart=%s/polis-searchd --config /etc/polis/polis.conf" % bindir,
                 "ExecReload=/bin/kill -HUP $MAINPID", "DynamicUser=yes",
                 "ProtectSystem=strict", "ReadOnlyPaths=/var/lib/polis -/var/lib/private/polis",
                 "NoNewPrivileges=yes"):
        t.ok(line in sd.splitlines(), "polis-searchd.service: %s" % line)
    rb = units["polis-rebuild.service"]
    t.ok(re.search(r"^ExecStart=%s/polis-indexer rebuild \S+ --index-root /var/lib/polis/index "
                   % re.escape(bindir), rb, re.M) and "ProtectSystem=strict" in rb,
         "polis-rebuild.service: polis-indexer rebuild of the index root searchd reads")
    t.ok(re.search(r"^OnCalendar=", units["polis-rebuild.timer"], re.M),
         "polis-rebuild.timer: a calendar time")
    if not shutil.which("systemd-analyze"):
        t.skip("systemd-analyze verify", "no systemd-analyze here")
        return
    # The units as installed, their programs found where DESTDIR holds them.
    check = os.path.join(tmp, "units")
    os.makedirs(check)
    for name, text in units.items():
        with open(os.path.join(check, name), "w", encoding="utf-8") as f:
            f.write(text.replace("=" + bindir + "/", "=" + os.path.join(destdir, prefix, "bin/")))
    p = subprocess.run(["systemd-analyze", "verify", "--man=no"]
                       + [os.path.join(check, n) for n in sorted(units)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    t.ok(p.returncode == 0 and not p.stdout.strip(), "systemd-analyze verify: no complaint",
         p.stdout)


def main(t):
    tmp = tempfile.mkdtemp(prefix="polis-install-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    destdir = os.path.join(tmp, "root")
    version = header_version()
    major = version.split(".")[0]
    install(t, destdir)
    files = listing(destdir)
    t.diag("installed:\n" + "\n".join(files))
    # The prefix is where polis-searchd went (PREFIX, /usr/local by default).
    bins = [f for f in files if f.endswith("bin/polis-searchd") and "debug" not in f]
    if not t.ok(len(bins) == 1, "one polis-searchd installed", files):
        return
    prefix = bins[0][:-len("/bin/polis-searchd")]
    want = ["bin/polis-indexer", "bin/polis-searchd",
            "lib/libpolis.so.%s" % version, "lib/libpolis.so.%s -> libpolis.so.%s" % (major, version),
            "lib/libpolis.so -> libpolis.so.%s" % major, "lib/libpolis.a",
            "lib/pkgconfig/polis.pc",
            "include/polis/date.h", "include/polis/doc.h", "include/polis/index.h", "include/polis/text.h",
            "include/polis/version.h", "include/polis/words.h",
            "share/man/man1/polis-indexer.1", "share/man/man8/polis-searchd.8",
            "share/polis/themes.tsv", "share/polis/synonyms.tsv",
            "lib/systemd/system/polis-searchd.service",
            "lib/systemd/system/polis-rebuild.service", "lib/systemd/system/polis-rebuild.timer"]
    want = [os.path.join(prefix, w) for w in want] + ["etc/polis/polis.conf"] + [
        os.path.join("usr/lib/debug", prefix, w + ".debug")
        for w in ("bin/polis-indexer", "bin/polis-searchd", "lib/libpolis.so." + version)]
    t.is_(sorted(set(want) - set(files)), [], "every expected file is installed")
    t.is_(sorted(set(files) - set(want)), [], "... and nothing else")

    with open(os.path.join(ROOT, "dist", "polis.conf"), encoding="utf-8") as f:
        example = f.read()
    conf = os.path.join(destdir, "etc/polis/polis.conf")
    with open(conf, encoding="utf-8") as f:
        t.ok(f.read() == example, "etc/polis/polis.conf is dist/polis.conf")
    for name in ("themes.tsv", "synonyms.tsv"):
        with open(os.path.join(destdir, prefix, "share/polis", name), "rb") as a, \
                open(os.path.join(ROOT, "corpus", name), "rb") as b:
            t.ok(a.read() == b.read(), "share/polis/%s is corpus/%s" % (name, name))

    check_binaries(t, destdir, prefix, version)
    check_library(t, destdir, prefix, version)
    check_pkgconfig(t, destdir, prefix, version, tmp)
    check_man(t, destdir, prefix)
    check_units(t, destdir, prefix, tmp)

    with open(conf, "a", encoding="utf-8") as f:
        f.write("threads = 3\n")
    out = install(t, destdir)
    with open(conf, encoding="utf-8") as f:
        t.ok(f.read() == example + "threads = 3\n" and "kept" in out,
             "a second install keeps the edited polis.conf, and says so")


polistest.run(main)
