#!/usr/bin/env python3
# The indexer publishes its corpus and nothing else: a symbolic link that
# leaves the corpus is reported and skipped (a file, a directory, the
# corpus's own themes.tsv), a link inside it is followed (to a directory
# only with --follow-symlinks); and `build` never writes over a generation
# root's `current` or one of its generations, and keeps two builds of one
# index apart with INDEX.lock.
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

INDEXER = os.path.join(polistest.BUILD, "polis-indexer")
SECRET = "motdepassesecretxylophone"


def run(*args):
    return subprocess.run([INDEXER] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=300)


def main(t):
    tmp = tempfile.mkdtemp(prefix="polis-confined-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    corpus, outside = os.path.join(tmp, "corpus"), os.path.join(tmp, "outside")
    os.makedirs(os.path.join(corpus, "pages"))
    os.makedirs(os.path.join(outside, "dir"))
    os.makedirs(os.path.join(corpus, "inner"))
    shutil.copy(os.path.join(polistest.ROOT, "corpus", "pages", "le-cget-devient-l-anct.md"),
                os.path.join(corpus, "pages"))
    with open(os.path.join(outside, "passwd"), "w") as f:
        f.write("root:x:0:0:%s:/root:/usr/sbin/nologin\n" % SECRET)
    with open(os.path.join(outside, "dir", "page.md"), "w") as f:
        f.write("# Une page hors du corpus\n\n%s\n" % SECRET)
    with open(os.path.join(corpus, "inner", "ici.md"), "w") as f:
        f.write("# Une page dans le corpus\n\nTexte lié.\n")
    with open(os.path.join(outside, "themes.tsv"), "w") as f:
        f.write("secret\t%s\n" % SECRET)
    os.symlink(os.path.join(outside, "passwd"), os.path.join(corpus, "pages", "passwd.md"))
    os.symlink(os.path.join(outside, "dir"), os.path.join(corpus, "outdir"))
    os.symlink(os.path.join(outside, "themes.tsv"), os.path.join(corpus, "themes.tsv"))
    os.symlink("inner", os.path.join(corpus, "alias"))
    os.symlink(os.path.join("..", "inner", "ici.md"), os.path.join(corpus, "pages", "lien.md"))

    index = os.path.join(tmp, "index")
    p = run("build", corpus, "--index", index, "--json", "--no-progress")
    t.is_(p.returncode, 0, "build with links planted in the corpus")
    t.ok("pages/passwd.md: symlink outside the corpus, skipped" in p.stderr,
         "a link to a file outside: reported by name", p.stderr)
    t.ok("outdir: symlink outside the corpus, skipped" in p.stderr,
         "a link to a directory outside: reported", p.stderr)
    t.ok("themes.tsv: symlink outside the corpus, skipped" in p.stderr,
         "the corpus's own themes.tsv leading outside: not read", p.stderr)
    s = json.loads(p.stdout) if p.returncode == 0 else {}
    t.is_(s.get("skipped", {}).get("outside the corpus"), 3,
          "the summary counts what was left outside (two links, one directory link)")
    d = polistest.Searchd(t, index, ["--quiet"])
    r = d.search({"q": SECRET})
    t.is_(r["total"], 0, "nothing from outside the corpus can be found")
    r = d.search({"q": "texte lié", "per_page": 10})
    t.is_(sorted(h["id"] for h in r["hits"]), ["inner-ici", "pages-lien"],
          "a link to a file inside the corpus is followed (a path of its own, an id of its own)")
    d.stop()

    p = run("build", corpus, "--index", index, "--json", "--no-progress", "--follow-symlinks")
    s = json.loads(p.stdout) if p.returncode == 0 else {}
    t.ok(p.returncode == 0 and s.get("documents") == 4,
         "--follow-symlinks: the link to a directory inside is followed (alias/ici.md)", p.stderr)
    t.ok("outdir: symlink outside the corpus, skipped" in p.stderr,
         "  ... and still never out of the corpus")

    # build never writes over a generation root.
    root = os.path.join(tmp, "root")
    p = run("rebuild", corpus, "--index-root", root, "--quiet")
    t.is_(p.returncode, 0, "rebuild makes a generation root")
    gen = os.readlink(os.path.join(root, "current"))
    for target in ("current", gen, os.path.join(gen, "x")):
        p = run("build", corpus, "--index", os.path.join(root, target), "--quiet")
        t.ok(p.returncode != 0 and "rebuild --index-root" in p.stderr,
             "build --index ROOT/%s is refused, naming rebuild" % target, p.stderr)
    t.ok(os.path.islink(os.path.join(root, "current")) and
         os.readlink(os.path.join(root, "current")) == gen, "current is still the link it was")
    p = run("rebuild", corpus, "--index-root", root, "--quiet")
    t.is_(p.returncode, 0, "and the next rebuild works")

    # Two builds of one index: the second waits or fails naming the first.
    with open(index + ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        p = run("build", corpus, "--index", index, "--quiet")
        t.ok(p.returncode != 0 and "locked by another indexer" in p.stderr,
             "a second build of one index fails at once, naming the lock", p.stderr)


polistest.run(main)
