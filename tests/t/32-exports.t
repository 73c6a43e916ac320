#!/usr/bin/env python3
# The exports, read back by the tools that read them in practice, field by
# field against /api/doc/{id}:
#   RIS       bibutils' ris2xml (RIS to MODS, as Zotero and EndNote read it)
#   BibTeX    bibtexparser, and bibutils' bib2xml
#   CSL-JSON  citeproc-py, which renders a bibliography from it
#   CSV       as French Excel opens it: the byte order mark says UTF-8, ';'
#             separates the fields, quotes keep a field whole
# every reference of corpus/, whole (--max-export) and bounded.
#
# The tools come from Debian (`make export-deps`: bibutils,
# python3-bibtexparser, python3-citeproc).  Without them the test is skipped,
# saying why, except under CI=true, where it fails.
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

M = "{http://www.loc.gov/mods/v3}"


def debian_modules():
    """bibtexparser and citeproc from Debian's python3-* packages.  A
    python3 that is not Debian's (pyenv, a venv) does not look in Debian's
    dist-packages: look there too, after its own path."""
    try:
        import bibtexparser  # noqa: F401
        import citeproc  # noqa: F401
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
    try:
        import bibtexparser
        import citeproc
        return bibtexparser, citeproc
    except ImportError:
        return None, None


def missing_tools():
    missing = [c for c in ("ris2xml", "bib2xml") if shutil.which(c) is None]
    bibtexparser, citeproc = debian_modules()
    if bibtexparser is None:
        missing.append("python3-bibtexparser, python3-citeproc")
    return missing


def squash(s):
    """Text compared the way a reader shows it: case, accents, punctuation
    and spaces aside (bibutils splits "Titre : sous-titre" in two)."""
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s.lower() if c.isalnum())


def words(name):
    return sorted(squash(w) for w in re.split(r"[\s,]+", name or "") if squash(w))


def page_range(pages):
    return tuple(pages.split("-", 1)) if pages and "-" in pages else (pages, None)


def expected(d, refs):
    """Every reference's whole document, by id."""
    docs = {}
    for h in refs:
        r = d.get("/api/doc/" + h["id"])
        docs[h["id"]] = r.json
    return docs


def check_ris(t, d, docs):
    r = d.get("/api/search", {"kind": "reference", "format": "ris"})
    p = subprocess.run(["ris2xml", "-i", "utf8", "-o", "utf8"], input=r.body,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    t.ok(p.returncode == 0, "ris2xml reads the RIS export", p.stderr.decode()[-500:])
    root = ET.fromstring(p.stdout.decode("utf-8-sig"))
    mods = {m.get("ID"): m for m in root.findall(M + "mods")}
    t.is_(sorted(mods), sorted(docs), "RIS: every reference is a record, keyed by its id")
    bad = []
    for id_, doc in docs.items():
        m = mods.get(id_)
        if m is None:
            continue
        ti = m.find(M + "titleInfo")
        title = " ".join(filter(None, [ti.findtext(M + "title"), ti.findtext(M + "subTitle")]))
        got = {
            "title": squash(title),
            "authors": [words(" ".join(p.text or "" for p in n.findall(M + "namePart")))
                        for n in m.findall(M + "name")],
            "year": (m.findtext(".//" + M + "dateIssued") or "")[:4] or None,
            "publisher": m.findtext(".//" + M + "publisher"),
            # The journal or book: the host's title; a series: its host's.
            "container": next((squash(x.text) for x in m.iterfind(
                ".//" + M + "relatedItem/" + M + "titleInfo/" + M + "title") if x.text), ""),
            "volume": m.findtext(M + "part/" + M + "detail[@type='volume']/" + M + "number"),
            "issue": m.findtext(M + "part/" + M + "detail[@type='issue']/" + M + "number"),
            "pages": (m.findtext(M + "part/" + M + "extent/" + M + "start"),
                      m.findtext(M + "part/" + M + "extent/" + M + "end")),
            "doi": m.findtext(M + "identifier[@type='doi']"),
            "isbn": m.findtext(M + "identifier[@type='isbn']"),
            # A doi.org link is the DOI again, which ris2xml keeps once.
            "url": m.findtext(M + "location/" + M + "url") or (
                "https://doi.org/" + m.findtext(M + "identifier[@type='doi']")
                if m.findtext(M + "identifier[@type='doi']") else None),
            "abstract": squash(m.findtext(M + "abstract")),
            "themes": sorted(squash(s.findtext(M + "topic")) for s in m.findall(M + "subject")),
        }
        want = {
            "title": squash(doc.get("title")),
            "authors": [words(a) for a in doc.get("authors", [])],
            "year": doc.get("published", "")[:4] or None,
            "publisher": doc.get("publisher"),
            "container": squash(doc.get("container")),
            "volume": doc.get("volume"),
            "issue": doc.get("issue"),
            "pages": page_range(doc.get("pages")) if doc.get("pages") else (None, None),
            "doi": doc.get("doi"),
            "isbn": doc.get("isbn"),
            "url": doc.get("url"),
            "abstract": squash(doc.get("summary")),
            "themes": sorted(squash(th["label"]) for th in doc.get("themes", [])),
        }
        # bibutils knows DOIs of four-digit registrants only; the corpus's
        # made-up ones (10.99999/...) are checked in the RIS itself.
        if want["doi"] and not re.match(r"10\.\d{4}/", want["doi"]):
            got["doi"] = want["doi"] if ("DO  - " + want["doi"] + "\r\n") in r.body.decode() else None
            if got["url"] == "https://doi.org/" + want["doi"]:
                got["url"] = want["url"]
        for k in want:
            if got[k] != want[k]:
                bad.append("%s %s: got %r, want %r" % (id_, k, got[k], want[k]))
    t.ok(not bad, "RIS, read by ris2xml: title, authors, year, publisher, journal or series, "
         "volume, issue, pages, DOI, ISBN, URL, abstract, themes of every reference",
         "\n".join(bad[:20]))
    genres = {m.get("ID"): [g.text for g in m.findall(M + "genre")] for m in mods.values()}
    art = genres.get("doi-10-3917-spub-204-0411", [])
    t.ok("journal article" in art, "RIS: an article reads as a journal article", art)
    t.ok("book" in genres.get("isbn-9782810903122", []), "RIS: an Ouvrage reads as a book")


def unlatex(s):
    return re.sub(r"\\([&%$#_{}])", r"\1", s or "")


def check_bibtex(t, d, docs, bibtexparser):
    r = d.get("/api/search", {"kind": "reference", "format": "bibtex"})
    t.is_(r.header("content-type"), "application/x-bibtex; charset=utf-8", "BibTeX content type")
    text = r.body.decode("utf-8")
    db = bibtexparser.loads(text)
    entries = {e["ID"]: e for e in db.entries}
    keys = {re.sub(r"[^A-Za-z0-9.:-]", "_", i): i for i in docs}
    t.is_(sorted(entries), sorted(keys), "bibtexparser: every reference is an entry, keyed by its id")
    types = {"Article": "article", "Ouvrage": "book", "Guide": "book", "Rapport": "techreport",
             "Chapitre d'ouvrage": "incollection", "Thèse": "phdthesis"}
    bad = []
    for key, id_ in keys.items():
        e, doc = entries.get(key), docs[id_]
        if e is None:
            continue
        kind = doc.get("type")
        want_type = types.get(kind)
        if want_type and e["ENTRYTYPE"] != want_type:
            bad.append("%s type: %s, want %s" % (id_, e["ENTRYTYPE"], want_type))
        container = e.get("journal") or e.get("booktitle") or e.get("series")
        publisher = e.get("publisher") or e.get("institution") or e.get("school")
        got = {
            "title": unlatex(e.get("title")),
            "authors": [words(unlatex(a)) for a in e["author"].split(" and ")] if "author" in e else [],
            "year": e.get("year"),
            "container": unlatex(container) if container else None,
            "publisher": unlatex(publisher) if publisher else None,
            "volume": e.get("volume"), "number": e.get("number"),
            "pages": e.get("pages", "").replace("--", "-") or None,
            "doi": e.get("doi"), "isbn": e.get("isbn"), "url": e.get("url"),
            "abstract": " ".join(unlatex(e.get("abstract")).split()) or None,
        }
        want = {
            "title": doc.get("title"),
            "authors": [words(a) for a in doc.get("authors", [])],
            "year": doc.get("published", "")[:4] or None,
            "container": doc.get("container"), "publisher": doc.get("publisher"),
            "volume": doc.get("volume"), "number": doc.get("issue"), "pages": doc.get("pages"),
            "doi": doc.get("doi"), "isbn": doc.get("isbn"), "url": doc.get("url"),
            "abstract": " ".join(doc["summary"].split()) if doc.get("summary") else None,
        }
        for k in want:
            if got[k] != want[k]:
                bad.append("%s %s: got %r, want %r" % (id_, k, got[k], want[k]))
    t.ok(not bad, "BibTeX, read by bibtexparser: type, title, authors, year, journal or book or "
         "series, publisher, volume, number, pages, DOI, ISBN, URL, abstract of every reference",
         "\n".join(bad[:20]))
    p = subprocess.run(["bib2xml", "-i", "utf8", "-o", "utf8"], input=r.body,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    ok = p.returncode == 0
    titles = set()
    if ok:
        root = ET.fromstring(p.stdout.decode("utf-8-sig"))
        for m in root.findall(M + "mods"):
            ti = m.find(M + "titleInfo")
            titles.add(squash(" ".join(filter(None, [ti.findtext(M + "title"),
                                                     ti.findtext(M + "subTitle")]))))
    t.ok(ok and titles == {squash(doc["title"]) for doc in docs.values()},
         "bib2xml reads the BibTeX export too: every title", p.stderr.decode()[-300:])


def check_csl(t, d, docs, citeproc):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc import formatter
    from citeproc.source.json import CiteProcJSON
    r = d.get("/api/search", {"kind": "reference", "format": "csl-json"})
    t.is_(r.header("content-type"), "application/vnd.citationstyles.csl+json; charset=utf-8",
          "CSL-JSON content type")
    items = json.loads(r.body.decode("utf-8"))
    t.is_(sorted(i["id"] for i in items), sorted(docs), "CSL-JSON: every reference is an item")
    bad = []
    for it in items:
        doc = docs[it["id"]]
        year = doc.get("published", "")[:4]
        got = (it.get("title"), it.get("issued", {}).get("date-parts", [[None]])[0][0],
               it.get("container-title") or it.get("collection-title"), it.get("publisher"),
               it.get("volume"), it.get("issue"), it.get("page"), it.get("DOI"), it.get("ISBN"),
               [words(a.get("literal") or a.get("given", "") + " " + a.get("family", ""))
                for a in it.get("author", [])])
        want = (doc.get("title"), int(year) if year else None, doc.get("container"),
                doc.get("publisher"), doc.get("volume"), doc.get("issue"), doc.get("pages"),
                doc.get("doi"), doc.get("isbn"), [words(a) for a in doc.get("authors", [])])
        if got != want:
            bad.append("%s: got %r\n     want %r" % (it["id"], got, want))
    t.ok(not bad, "CSL-JSON: title, issued, container or collection, publisher, volume, issue, "
         "page, DOI, ISBN, authors of every reference", "\n".join(bad[:10]))
    style = CitationStylesStyle("harvard1", validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for it in items:
        bib.register(Citation([CitationItem(it["id"])]))
    rendered = [str(e) for e in bib.bibliography()]
    spub = [e for e in rendered if "Santé mentale dans les quartiers" in e]
    t.ok(len(rendered) == len(items) and spub and "Santé publique" in spub[0] and
         "411" in spub[0] and "Morel, A." in spub[0],
         "citeproc-py renders a bibliography from it (journal, pages, authors)", spub)


def read_excel_fr(body):
    """What French Excel does with a CSV: a UTF-8 BOM makes it read UTF-8
    (without one, Windows-1252), ';' is the list separator of the French
    locale, quotes keep a field whole."""
    if body.startswith(b"\xef\xbb\xbf"):
        text = body[3:].decode("utf-8")
    else:
        text = body.decode("cp1252", "replace")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def check_csv(t, d, docs):
    r = d.get("/api/search", {"kind": "reference", "format": "csv-fr"})
    r2 = d.get("/api/search", {"kind": "reference", "format": "csv", "excel": "1"})
    t.is_(r2.body, r.body, "format=csv&excel=1 is format=csv-fr")
    t.is_(r.header("content-disposition"), 'attachment; filename="polis-search.csv"', "a download")
    t.ok(r.body.startswith(b"\xef\xbb\xbf"), "csv-fr starts with a UTF-8 byte order mark")
    rows = read_excel_fr(r.body)
    head = rows[0]
    t.is_(head[:8], ["identifiant", "nature", "titre", "auteurs", "date", "année", "type", "éditeur"],
          "French Excel: French column names, one a cell")
    body = [dict(zip(head, row)) for row in rows[1:]]
    t.is_(len(body), len(docs), "French Excel: a row per reference (%d)" % len(docs))
    t.ok(all(len(row) == len(head) for row in rows), "French Excel: every row has every column")
    bad = []
    for row in body:
        doc = docs.get(row["identifiant"])
        if doc is None:
            bad.append("unknown id %r" % row["identifiant"])
            continue
        want = {"titre": doc.get("title") or "", "nature": "Référence",
                "auteurs": ", ".join(doc.get("authors", [])),
                "revue ou collection": doc.get("container") or "", "numéro": doc.get("issue") or "",
                "pages": doc.get("pages") or "", "DOI": doc.get("doi") or "",
                "ISBN": doc.get("isbn") or "", "éditeur": doc.get("publisher") or "",
                "résumé": doc.get("summary") or "",
                "notice": d.base + "/doc/" + row["identifiant"].replace("~", "~")}
        for k, v in want.items():
            if row[k] != v:
                bad.append("%s %s: got %r, want %r" % (row["identifiant"], k, row[k], v))
    t.ok(not bad, "French Excel: accents, quotes and ';' inside fields come back whole",
         "\n".join(bad[:10]))
    # The international CSV is unchanged in form: no BOM, ','.
    r = d.get("/api/search", {"kind": "reference", "format": "csv"})
    t.ok(not r.body.startswith(b"\xef\xbb\xbf") and r.body.startswith(b"id,kind,title,"),
         "format=csv: no BOM, ',' and English names")


def check_bound(t, index):
    small = polistest.Searchd(t, index, ["--max-export", "7"])
    for fmt in ("csv-fr", "ris", "bibtex", "csl-json"):
        r = small.get("/api/search", {"format": fmt})
        text = r.body.decode("utf-8-sig")
        n = {"csv-fr": lambda s: len(s.strip("\r\n").split("\r\n")) - 1,
             "ris": lambda s: s.count("\r\nER  - "),
             "bibtex": lambda s: len(re.findall(r"^@\w+\{", s, re.M)),
             "csl-json": lambda s: len(json.loads(s))}[fmt](text)
        t.is_(n, 7, "--max-export 7: format=%s gives 7" % fmt)
    small.stop()


def main(t):
    index = polistest.build_index(t)
    d = polistest.searchd(t, index=index)
    bibtexparser, citeproc = debian_modules()
    _, refs = d.search_all({"kind": "reference"})
    docs = expected(d, refs)
    t.ok(len(docs) > 100, "the corpus's references (%d)" % len(docs))
    check_ris(t, d, docs)
    check_bibtex(t, d, docs, bibtexparser)
    check_csl(t, d, docs, citeproc)
    check_csv(t, d, docs)
    check_bound(t, index)


if __name__ == "__main__":
    polistest.require(missing_tools(), "export test tools", "export-deps")
    polistest.run(main)
