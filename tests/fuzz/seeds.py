#!/usr/bin/env python3
"""seeds.py — seed inputs for searchd's fuzzers, taken from the tests.

    python3 tests/fuzz/seeds.py DIR

writes one file per input into DIR: the query strings the HTTP and unit
tests send (what follows '?' in a target of /api/search, /search or
/feed.atom; the bad parameters of 22-errors.t; every "q" a test searches
for, encoded), and the raw request heads of the hostile tests and of the
abuse table (tests/lib/abuse.py).  fuzz_params reads each as a head and as
a query string; fuzz_search as a query string.  Standard library only.
"""

import ast
import hashlib
import os
import re
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))

ROUTE = re.compile(r"(?:/api/search|/search|/feed\.atom|/api/doc/[^?\s]*/similar)\?(.*)$", re.S)
PARAM = re.compile(r"^[a-z_]+=")
Q_VALUE = re.compile(r"""["']q["']\s*:\s*(["'])((?:\\.|(?!\1).)*)\1""")


def literals(path):
    """Every string and bytes literal of a Python test, or C string of a unit test."""
    text = open(path, encoding="utf-8", errors="replace").read()
    if path.endswith(".c"):
        for m in re.finditer(r'"((?:\\.|[^"\\])*)"', text):
            try:
                yield ast.literal_eval('"%s"' % m.group(1))
            except (ValueError, SyntaxError):
                continue
        return
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            yield node.value
    for m in Q_VALUE.finditer(text):
        yield "q=" + urllib.parse.quote_plus(m.group(2))


def seeds():
    found = set()
    paths = [os.path.join(ROOT, "tests", "t", f) for f in sorted(os.listdir(
        os.path.join(ROOT, "tests", "t"))) if f.endswith(".t")]
    paths.append(os.path.join(ROOT, "tests", "unit", "test_params.c"))
    for path in paths:
        for lit in literals(path):
            if isinstance(lit, bytes):
                if re.match(rb"^[A-Z]+ \S", lit):
                    found.add(lit)
                continue
            m = ROUTE.search(lit)
            if m:
                found.add(m.group(1).encode("utf-8", "surrogateescape"))
            elif PARAM.match(lit) and len(lit) < 4096:
                found.add(lit.encode("utf-8", "surrogateescape"))
            elif lit.startswith("q="):
                found.add(lit.encode())
    import abuse  # noqa: E402
    for _, data, _, _ in abuse.ABUSE:
        if len(data) <= 65536:
            found.add(data)
    found.add(abuse.costly_target(1).split("?", 1)[1].encode())
    return sorted(found)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: seeds.py DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = 0
    for data in seeds():
        name = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        n += 1
    print("seeds.py: %d seeds in %s" % (n, out))


if __name__ == "__main__":
    main()
