#!/usr/bin/env python3
# Who a document is (indexer/ident.h): ids from the source URL's whole path;
# two sources that slug alike are both kept, told apart by host or hash; two
# copies of one source are one document, the newer kept, its references
# with it.  The answer is the same however the build is cut into threads
# and batches, and an update reaches what a rebuild does.
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

INDEXER = os.path.join(polistest.BUILD, "polis-indexer")


def page(url, title, modified="01/02/2020 - 10:00", body="Texte de la page.", extra=""):
    return ("%s\n\n**%s** en quelques mots.\n\n%s\n\nThématiques: Emploi, Santé\n"
            "Publié le 3 janvier 2020\n"
            "URL de la source (modifié le %s): <%s>\n" % (body, title, extra, modified, url))


def biblio(url, modified, entries):
    items = "\n".join("- AUTEUR%d Jean, *Titre numéro %d*, Éditeur, 2019." % (i, i)
                      for i in range(1, entries + 1))
    return ("# Bibliographie : emploi\n\n### Ouvrages\n\n%s\n\nThématiques: Emploi\n"
            "Publié le 3 janvier 2020\nURL de la source (modifié le %s): <%s>\n"
            % (items, modified, url))


FILES = {
    # The same path on two hosts: two documents.
    "a/rencontre.md": page("https://site-un.fr/agenda/rencontre", "Rencontre du site un"),
    "b/rencontre.md": page("https://site-deux.fr/agenda/rencontre", "Rencontre du site deux"),
    # Two paths of one host that slug alike: two documents.  The first is
    # long, so that in a parallel build the second claims the id first and
    # the first takes it back (the deferred file read again at the end).
    "c/y-z.md": page("https://site-un.fr/x/y-z", "Première des deux",
                     body="Un paragraphe de texte assez long pour prendre du temps. " * 40000),
    "d/z.md": page("https://site-un.fr/x-y/z", "Seconde des deux"),
    # One page exported twice: one document, the copy modified later wins.
    "e/export.md": page("https://site-un.fr/actualites/appel", "Appel ancien", "01/02/2020 - 10:00"),
    "f/export-bis.md": page("https://www.site-un.fr/actualites/appel/", "Appel nouveau",
                            "05/03/2020 - 09:00"),
    # A bibliography exported twice, the newer with fewer entries.
    "g/biblio.md": biblio("https://site-un.fr/ressources/bibliographie-emploi", "01/01/2020 - 10:00", 4),
    "h/biblio.md": biblio("https://site-un.fr/ressources/bibliographie-emploi", "02/01/2020 - 10:00", 2),
}


def write(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def run(*args):
    return subprocess.run([INDEXER] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=300)


def state(t, index):
    """Every document's id, title and parent."""
    d = polistest.Searchd(t, index, ["--quiet"])
    _, hits = d.search_all({"facets": ""})
    docs = {}
    for h in hits:
        doc = d.get("/api/doc/" + h["id"]).json
        parent = doc.get("parent")
        docs[h["id"]] = (doc.get("title"), parent.get("id") if isinstance(parent, dict) else parent)
    d.stop()
    return docs


def main(t):
    tmp = tempfile.mkdtemp(prefix="polis-ident-")
    t.cleanups.append(lambda: shutil.rmtree(tmp, ignore_errors=True))
    corpus = os.path.join(tmp, "corpus")
    write(corpus, FILES)

    builds = {}
    for name, args in [("one-thread", ["--jobs", "1"]), ("two-threads", ["--jobs", "2"]),
                       ("tiny-batches", ["--jobs", "2", "--batch-docs", "1"])]:
        index = os.path.join(tmp, name)
        p = run("build", corpus, "--index", index, "--json", "--no-progress", *args)
        t.is_(p.returncode, 0, "build, %s" % name)
        summary = json.loads(p.stdout) if p.returncode == 0 else {}
        builds[name] = (state(t, index), summary)

    docs, summary = builds["one-thread"]
    ids = sorted(docs)
    t.ok("agenda-rencontre" in ids and "agenda-rencontre-site-deux-fr" in ids,
         "one path on two hosts: two documents, the second told by its host", ids)
    t.ok("x-y-z" in ids and any(i.startswith("x-y-z-") and i != "x-y-z" for i in ids),
         "two paths that slug alike: two documents, the second told by a hash", ids)
    t.is_(docs.get("actualites-appel", (None,))[0], "Appel nouveau",
          "one page exported twice: one document, the copy modified later")
    t.ok(not any("appel" in i for i in ids if i != "actualites-appel"), "  ... and only one")
    refs = sorted(i for i, (_, parent) in docs.items()
                  if parent == "ressources-bibliographie-emploi")
    t.is_(len(refs), 2, "a bibliography exported twice: the newer copy's two references only")
    t.is_(summary.get("same_source_total"), 2, "the summary counts the two older copies")
    t.is_(sorted((s["kept"], s["dropped"]) for s in summary.get("same_source", [])),
          [("f/export-bis.md", "e/export.md"), ("h/biblio.md", "g/biblio.md")],
          "  ... naming the file kept and the file left out")
    t.is_(summary.get("apart_total"), 2, "the summary counts the two ids kept apart")
    for name in ("two-threads", "tiny-batches"):
        t.is_(builds[name][0], docs, "%s: the same documents, ids and parents" % name)

    # An update reaches what a build does, whatever order the files came in.
    root = os.path.join(tmp, "root")
    late = os.path.join(tmp, "late")
    write(late, {k: v for k, v in FILES.items() if k[0] in "bdfh"})
    p = run("rebuild", late, "--index-root", root, "--quiet")
    t.is_(p.returncode, 0, "rebuild of the later files alone")
    write(late, FILES)
    p = run("update", late, "--index-root", root, "--json", "--quiet")
    t.ok(p.returncode == 0, "update with the earlier files added", p.stderr)
    t.is_(state(t, os.path.join(root, "current")), docs,
          "the update holds what the build does: earlier files took their ids back")
    p = run("update", late, "--index-root", root, "--json", "--quiet")
    u = json.loads(p.stdout) if p.returncode == 0 else {}
    t.ok((u.get("added"), u.get("changed"), u.get("removed")) == (0, 0, 0),
         "a second update changes nothing", u)

    # The newer copy gone, the older takes the document back.
    os.remove(os.path.join(late, "f", "export-bis.md"))
    p = run("update", late, "--index-root", root, "--json", "--quiet")
    t.is_(p.returncode, 0, "update after the newer copy is removed")
    after = state(t, os.path.join(root, "current"))
    t.is_(after.get("actualites-appel", (None,))[0], "Appel ancien",
          "the older copy's document is back")


polistest.run(main)
