#!/usr/bin/env python3
# The layout rules of docs/architecture.md, checked on every `make check`:
# which folder may include which, which folder alone may include a library's
# headers, no include cycle between modules, no source file over 700 lines.
#
# A module is a source file without its extension (searchd/http/router for
# router.c and router.h).  An include is resolved the way the compiler does:
# the including file's folder first, then the Makefile's -I folders.  Only
# the C and C++ sources are read (.c, .h, .cc), under the folders below.
#
# To add a rule, add a line to BOUNDARIES or LIBRARIES.  A folder in TODO is
# being restructured: its failures print as TAP "# TODO" (the suite stays
# green) until the entry is deleted, which turns them into real checks.
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

FOLDERS = ("include", "shim", "indexer", "searchd", "tests")
EXTENSIONS = (".c", ".h", ".cc")
SKIP = {"node_modules", ".git"}

# Where "x.h" is looked for after the including file's folder: the -I flags
# the Makefile gives each top folder.
INCLUDE_PATHS = {
    "searchd": ("include", "searchd"),
    "indexer": ("include", "indexer"),
    "tests": ("include", "searchd", "indexer", "tests/unit"),
}
DEFAULT_INCLUDE_PATHS = ("include",)

# (folder, folders it must not include, why).
BOUNDARIES = [
    ("searchd/http/", ("searchd/api/", "searchd/page/"),
     "http/ is the plumbing: the rooms above register with it"),
    ("searchd/api/", ("searchd/page/",), "the page renders the API's searches, not the reverse"),
    ("indexer/parse/", ("indexer/run/", "indexer/harvest/"),
     "parsers are leaves: they emit to a sink, not to an index, and fetch nothing"),
    ("indexer/harvest/", ("indexer/parse/", "indexer/run/", "indexer/vocab/"),
     "the harvester writes the files the parsers read later; it shares only xml/ with them"),
    ("indexer/run/", ("indexer/harvest/",),
     "a run indexes what is on disk; main.c runs a harvest before it"),
    ("indexer/xml/", ("indexer/parse/", "indexer/run/", "indexer/vocab/", "indexer/harvest/"),
     "libxml2 made safe is for every XML reader, and knows none of them"),
    ("indexer/vocab/", ("indexer/parse/", "indexer/run/", "indexer/harvest/"),
     "the vocabularies are read by the parsers and the runs, and read neither"),
    ("searchd/", ("indexer/",), "the programs share only include/polis"),
    ("indexer/", ("searchd/",), "the programs share only include/polis"),
    ("shim/", ("searchd/", "indexer/"), "the library knows no program"),
    ("include/", ("shim/", "indexer/", "searchd/"), "the public headers stand alone"),
]

# (header pattern, the only folders that may include it, library).  The test
# programs (tests/) may use what they test.
LIBRARIES = [
    (r"^xapian(\.h$|/)", ("shim/",), "Xapian"),
    (r"^libxml/", ("indexer/",), "libxml2"),
    (r"^microhttpd\.h$", ("searchd/",), "libmicrohttpd"),
    (r"^curl/", ("indexer/harvest/",), "libcurl"),
]
LIBRARY_SCOPE = ("include/", "shim/", "indexer/", "searchd/")

MAX_LINES = 700

TODO = {
}

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def sources(root):
    """Every source file under the folders, as paths relative to root."""
    found = []
    for top in FOLDERS:
        for d, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(x for x in dirs if x not in SKIP)
            for f in sorted(files):
                if f.endswith(EXTENSIONS):
                    found.append(os.path.relpath(os.path.join(d, f), root))
    return found


def module(path):
    return os.path.splitext(path)[0]


def resolve(root, path, name, known):
    """The source file an #include "name" in path means, or None."""
    top = path.split(os.sep, 1)[0]
    dirs = [os.path.dirname(path)] + list(INCLUDE_PATHS.get(top, DEFAULT_INCLUDE_PATHS))
    for d in dirs:
        cand = os.path.normpath(os.path.join(d, name))
        if cand in known:
            return cand
    return None


def analyse(root):
    """What breaks the rules under root: a dict of lists, one per check."""
    files = sources(root)
    known = set(files)
    edges = {}  # module -> {module: "file:line"}
    found = {"boundary": {i: [] for i in range(len(BOUNDARIES))},
             "library": {i: [] for i in range(len(LIBRARIES))},
             "long": [], "cycles": []}
    for path in files:
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) > MAX_LINES:
            found["long"].append((path, len(lines)))
        here = path + "/"
        for n, line in enumerate(lines, 1):
            m = INCLUDE_RE.match(line)
            if not m:
                continue
            name = m.group(2)
            where = "%s:%d" % (path, n)
            for i, (pattern, allowed, _) in enumerate(LIBRARIES):
                if (re.search(pattern, name) and here.startswith(LIBRARY_SCOPE)
                        and not here.startswith(allowed)):
                    found["library"][i].append("%s includes <%s>" % (where, name))
            target = resolve(root, path, name, known) if m.group(1) == '"' else None
            if target is None:
                continue
            for i, (folder, forbidden, _) in enumerate(BOUNDARIES):
                if here.startswith(folder) and (target + "/").startswith(forbidden):
                    found["boundary"][i].append("%s includes %s" % (where, target))
            a, b = module(path), module(target)
            if a != b:
                edges.setdefault(a, {}).setdefault(b, where)
    found["cycles"] = cycles(edges)
    found["edges"] = edges
    return found


def cycles(edges):
    """One cycle (a list of modules, first == last) per strongly connected
    component of more than one module (Tarjan's algorithm)."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def connect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, {})):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(path_in(sorted(comp), edges))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            connect(v)
    return out


def path_in(comp, edges):
    """A cycle through the first module of comp, staying inside comp."""
    members, start = set(comp), comp[0]
    prev, todo = {start: None}, [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(edges.get(v, {})):
            if w == start:
                walk = [v]
                while prev[walk[-1]] is not None:
                    walk.append(prev[walk[-1]])
                return [start] + list(reversed(walk))[1:] + [start]
            if w in members and w not in prev:
                prev[w] = v
                todo.append(w)
    return comp + [start]


def todo_of(paths):
    """The TODO reason when every path lies in one folder of TODO."""
    for folder, why in TODO.items():
        if paths and all((p + "/").startswith(folder) for p in paths):
            return why
    return None


def report(t, cond, name, problems, paths=()):
    why = todo_of(list(paths)) if not cond else None
    if why is not None:
        t.n += 1
        print("not ok %d - %s # TODO %s" % (t.n, name, why))
        for p in problems:
            t.diag(p)
        sys.stdout.flush()
        return
    t.ok(cond, name, "\n".join(problems) if problems else None)


def check_tree(t, root):
    found = analyse(root)
    for i, (folder, forbidden, why) in enumerate(BOUNDARIES):
        bad = found["boundary"][i]
        report(t, not bad, "%s includes nothing of %s (%s)" % (folder, ", ".join(forbidden), why),
               bad, [b.split(":", 1)[0] for b in bad])
    for i, (_, allowed, lib) in enumerate(LIBRARIES):
        bad = found["library"][i]
        report(t, not bad, "only %s includes %s" % (", ".join(allowed), lib), bad,
               [b.split(":", 1)[0] for b in bad])
    scopes = [f + "/" for f in FOLDERS]
    for scope in scopes + ["across folders"]:
        mine = [c for c in found["cycles"]
                if (all((m + "/").startswith(scope) for m in c) if scope != "across folders"
                    else not any(all((m + "/").startswith(s) for m in c) for s in scopes))]
        report(t, not mine, "no include cycle between modules %s" %
               ("in " + scope if scope != "across folders" else "across folders"),
               ["cycle: " + " -> ".join(c) + "  (" + ", ".join(
                   found["edges"][a][b] for a, b in zip(c, c[1:])) + ")" for c in mine],
               [m for c in mine for m in c])
    for scope in scopes:
        mine = [(p, n) for p, n in found["long"] if p.startswith(scope)]
        report(t, not mine, "no source file over %d lines in %s" % (MAX_LINES, scope),
               ["%s: %d lines" % x for x in mine], [p for p, _ in mine])


def self_test(t):
    """The checker must see what it is for: plant one of each fault."""
    tmp = tempfile.mkdtemp(prefix="polis-layout-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    plant = {
        "searchd/http/server.c": '#include "api/search.h"\n#include <libxml/tree.h>\n',
        "searchd/api/search.h": '#include "http/server.h"\n',
        "searchd/http/server.h": '#include "../api/search.h"\n',
        "shim/a.cc": '#include "../indexer/b.h"\n#include <xapian.h>\n',
        "indexer/b.h": "\n" * (MAX_LINES + 1),
        "include/polis/x.h": "#include <microhttpd.h>\n",
    }
    for path, text in plant.items():
        os.makedirs(os.path.dirname(os.path.join(tmp, path)), exist_ok=True)
        with open(os.path.join(tmp, path), "w") as f:
            f.write(text)
    found = analyse(tmp)
    t.ok(any("searchd/http/server.c:1 includes searchd/api/search.h" == b
             for b in found["boundary"][0]), "self-test: an include from http/ up to api/ is seen")
    shim = next(i for i, b in enumerate(BOUNDARIES) if b[0] == "shim/")
    t.ok(found["boundary"][shim] and found["library"][1] and found["library"][2],
         "self-test: shim/ reaching into indexer/, libxml2 and microhttpd.h out of place are seen",
         repr(found))
    t.ok(found["cycles"] == [["searchd/api/search", "searchd/http/server", "searchd/api/search"]],
         "self-test: a cycle between two modules is seen", repr(found["cycles"]))
    t.ok(found["long"] == [("indexer/b.h", MAX_LINES + 1)], "self-test: a long file is seen",
         repr(found["long"]))


def main(t):
    self_test(t)
    check_tree(t, polistest.ROOT)


polistest.run(main)
