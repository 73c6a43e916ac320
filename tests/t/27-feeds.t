#!/usr/bin/env python3
# Feeds and exports: /feed.atom is valid Atom 1.0 with the parameters of
# /api/search, newest first; format=csv and format=ris parse back and carry
# a known reference's authors, title, year, publisher and URL.
import csv
import io
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

A = "{http://www.w3.org/2005/Atom}"
REF = "isbn-9782810903122"  # biblio/bibliographie-developpement-economique-des-quartiers.md
BIBLIO = "ressources-bibliographie-developpement-economique-des-quartiers"
OAI_AUTHOR = "Kessous, Rachid"  # xml/oai-dc-portail-politique-de-la-ville.xml


def parse_ris(text):
    """RIS records as lists of (tag, value); checks the line syntax."""
    records, cur, bad = [], [], []
    for line in text.split("\r\n"):
        if not line:
            continue
        if len(line) < 6 or line[2:6] != "  - ":
            bad.append(line)
            continue
        tag, value = line[:2], line[6:]
        cur.append((tag, value))
        if tag == "ER":
            records.append(cur)
            cur = []
    return records, bad + ([repr(cur)] if cur else [])


def check_atom(t, d):
    r = d.get("/feed.atom", {"theme": "developpement-economique", "per_page": 20})
    t.is_(r.status, 200, "GET /feed.atom: 200")
    t.is_(r.header("content-type"), "application/atom+xml; charset=utf-8", "Atom content type")
    try:
        feed = ET.fromstring(r.body)
    except ET.ParseError as e:
        t.ok(False, "the feed is well-formed XML", str(e))
        return
    t.is_(feed.tag, A + "feed", "root element is atom:feed")
    for name in ("id", "title", "updated"):
        el = feed.find(A + name)
        t.ok(el is not None and (el.text or "").strip(), "feed has %s" % name)
    self_links = [l for l in feed.findall(A + "link") if l.get("rel") == "self"]
    t.ok(self_links and self_links[0].get("href").startswith("http://127.0.0.1:") and
         "/feed.atom?" in self_links[0].get("href"), "feed has an absolute rel=self link")
    t.ok(feed.find(A + "author/" + A + "name") is not None, "feed has an author")
    entries = feed.findall(A + "entry")
    t.is_(len(entries), min(20, d.search({"theme": "developpement-economique"})["total"]),
          "one entry per hit, per_page honoured")
    ok_entries = True
    for e in entries:
        for name in ("id", "title", "updated"):
            ok_entries &= bool((e.findtext(A + name) or "").strip())
        ok_entries &= e.find(A + "link") is not None and bool(e.find(A + "link").get("href"))
        ok_entries &= e.findtext(A + "id", "").startswith(d.base + "/doc/")
    t.ok(ok_entries, "every entry has id (the notice's URL), title, updated and a link")
    t.is_(feed.findtext(A + "title"), "Polis — tous les documents · Thématique\u00a0: "
          "Développement économique", "the feed's title names the theme by its label")
    t.ok(feed.findtext(A + "id") == self_links[0].get("href"), "the feed's id is its own URL")
    # Dates are Paris wall times: written with Paris's offset, never as UTC.
    stamps = [e.findtext(A + n) for e in entries for n in ("updated", "published")]
    t.ok(stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[12]:00", x or "")
                        for x in stamps), "entry dates carry Paris's offset", stamps[:4])
    t.ok(all(any(c.get("term") == "developpement-economique" and
                 c.get("label") == "Développement économique"
                 for c in e.findall(A + "category")) for e in entries),
         "every entry has the filtered theme as a category, with its label")
    published = [e.findtext(A + "published") for e in entries]
    t.ok(all(published) and published == sorted(published, reverse=True),
         "newest first", published[:5])
    ids = {e.findtext(A + "id") for e in entries}
    t.is_(len(ids), len(entries), "entry ids are unique")
    summaries = [e.findtext(A + "summary") for e in entries]
    t.ok(all(s is None or "<" not in s or "&lt;" not in s for s in summaries),
         "summaries are plain text")

    r = d.get("/feed.atom", {"q": "dupont"})
    feed = ET.fromstring(r.body)
    ref = [e for e in feed.findall(A + "entry") if e.findtext(A + "id").endswith(REF)]
    t.ok(ref, "q=dupont: the reference is an entry")
    if ref:
        authors = [a.findtext(A + "name") for a in ref[0].findall(A + "author")]
        t.is_(authors, ["DUPONT Marie", "LEROY Paul"], "  ... with its authors")
        link = ref[0].find(A + "link").get("href")
        t.is_(link, d.base + "/doc/" + REF, "  ... a document without URL links to its notice")
    # "modifié le 12/12/2017 - 17:05" (Paris, winter) is 16:05 UTC.
    r = d.get("/feed.atom", {"q": "\"développement économique des quartiers\"",
                             "kind": "bibliography"})
    feed = ET.fromstring(r.body)
    upd = {e.findtext(A + "title"): e.findtext(A + "updated") for e in feed.findall(A + "entry")}
    t.is_(upd.get("Bibliographie : développement économique des quartiers"),
          "2017-12-12T17:05:00+01:00", "modifié le 12/12/2017 - 17:05 is 17:05+01:00")
    r = d.get("/feed.atom", {"q": "zzzyyyxxx"})
    feed = ET.fromstring(r.body)
    t.ok(feed.find(A + "updated") is not None and not feed.findall(A + "entry"),
         "a feed with no entry is still valid")
    r = d.get("/feed.atom", {"q": "\"unclosed"})
    t.ok(r.status == 400 and r.is_json(), "a bad query: 400 JSON")
    r = d.get("/feed.atom", {"from": "2020", "kind": "news"})
    feed = ET.fromstring(r.body)
    pub = [e.findtext(A + "published") for e in feed.findall(A + "entry")]
    t.ok(pub and all(p >= "2020" for p in pub), "from= and kind= filter the feed", pub)


def check_csv(t, d):
    r = d.get("/api/search", {"q": "dupont", "format": "csv"})
    t.is_(r.status, 200, "format=csv: 200")
    t.is_(r.header("content-type"), "text/csv; charset=utf-8; header=present",
          "CSV content type")
    t.is_(r.header("content-disposition"), 'attachment; filename="polis-search.csv"',
          "CSV is a download")
    text = r.body.decode("utf-8")
    t.ok("\r\n" in text and "\n" not in text.replace("\r\n", ""), "CRLF line ends")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    ref = [x for x in rows if x["id"] == REF]
    t.ok(ref, "the reference is a row", [x["id"] for x in rows])
    if ref:
        x = ref[0]
        t.is_(x["authors"], "DUPONT Marie; LEROY Paul", "CSV: authors")
        t.is_(x["title"], "Les quartiers prioritaires face à la crise", "CSV: title")
        t.is_((x["year"], x["publisher"], x["kind"], x["parent_id"]),
              ("2016", "Éditions de l'Aube", "reference", BIBLIO),
              "CSV: year, publisher, kind, parent")
        t.ok("," in x["summary"], "CSV: a field with commas comes back whole")
        t.is_(x["themes"], "Développement économique; Économie sociale et solidaire",
              "CSV: theme labels")
        t.is_((x["container"], x["isbn"], x["notice"]),
              ("", "9782810903122", d.base + "/doc/" + REF), "CSV: container, isbn, notice")
    r = d.get("/api/search", {"kind": "reference", "format": "csv", "per_page": 100})
    rows = list(csv.DictReader(io.StringIO(r.body.decode("utf-8"), newline="")))
    t.is_(len(rows), 100, "format=csv&per_page=100 exports that page")
    t.ok(all(len(x) == 20 and None not in x for x in rows), "every row has 20 fields")
    total = d.search({"kind": "reference"})["total"]
    r = d.get("/api/search", {"kind": "reference", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.body.decode("utf-8"), newline="")))
    t.ok(total > 100 and len(rows) == total and len({x["id"] for x in rows}) == total,
         "format=csv without a page: every hit, each once (%d)" % total, len(rows))
    t.is_(r.header("transfer-encoding"), "chunked", "  ... streamed (chunked)")
    r = d.get("/api/search", {"q": "zzzyyyxxx", "format": "csv"})
    t.is_(r.body.decode().split("\r\n")[1:], [""], "no hit: the header row only")


def check_ris(t, d):
    r = d.get("/api/search", {"q": "author:dupont", "format": "ris"})
    t.is_(r.status, 200, "format=ris: 200")
    t.is_(r.header("content-type"), "application/x-research-info-systems; charset=utf-8",
          "RIS content type")
    t.is_(r.header("content-disposition"), 'attachment; filename="polis-search.ris"',
          "RIS is a download")
    records, bad = parse_ris(r.body.decode("utf-8"))
    t.ok(records and not bad, "RIS: every line is 'TG  - value', records end with ER", bad)
    ref = [rec for rec in records if ("ID", REF) in rec]
    t.ok(ref, "RIS: the reference is a record")
    if ref:
        rec = ref[0]
        t.is_(rec[0], ("TY", "BOOK"), "RIS: TY first (an Ouvrage is a BOOK)")
        t.is_([v for k, v in rec if k == "AU"], ["Dupont, Marie", "Leroy, Paul"],
              "RIS: AU each, 'Nom, Prénom'")
        t.is_((dict(rec).get("SN"), dict(rec).get("UR")),
              ("9782810903122", None), "RIS: SN; no UR for a printed work (its notice is no edition)")
        t.is_(dict(rec).get("TI"), "Les quartiers prioritaires face à la crise", "RIS: TI")
        t.is_(dict(rec).get("PY"), "2016", "RIS: PY")
        t.is_(dict(rec).get("PB"), "Éditions de l'Aube", "RIS: PB")
        t.is_(rec[-1], ("ER", ""), "RIS: ER last")
        # The reference comes from a bibliography page, which the API names.
        doc = d.get("/api/doc/" + REF).json
        t.is_(doc["parent"]["id"], BIBLIO, "/api/doc/<ref> names its parent bibliography")
        t.ok(doc["parent"]["url"].endswith("/ressources/bibliographie-developpement-economique-"
                                           "des-quartiers"), "  ... with its URL")

    r = d.get("/api/search", {"q": "author:kessous", "format": "ris"})
    records, bad = parse_ris(r.body.decode("utf-8"))
    rec = [x for x in records if ("AU", OAI_AUTHOR) in x]
    t.ok(rec and not bad, "RIS: an OAI record found by its author", records)
    if rec:
        fields = dict(rec[0])
        t.ok(fields.get("TY") == "JOUR" and "PB" not in fields and
             fields.get("JO") == fields.get("T2") == "Esprit" and fields.get("PY", "").isdigit() and
             fields.get("TI", "").startswith("Après les émeutes de 2005"),
             "RIS: JOUR, its journal in JO and T2 (no PB), year and title", fields)
        t.is_(tuple(fields.get(k) for k in ("IS", "SP", "EP", "DO")),
              ("333", "62", "79", "10.3917/espri.0703.0062"), "RIS: IS, SP, EP, DO")
        t.is_(fields.get("UR"), "https://doi.org/10.3917/espri.0703.0062", "RIS: its URL")
        t.is_([v for k, v in rec[0] if k == "AU"], [OAI_AUTHOR, "Vallet, Monique"],
              "RIS: both authors")
    r = d.get("/api/search", {"kind": "recap", "format": "ris", "per_page": 5})
    records, _ = parse_ris(r.body.decode("utf-8"))
    t.ok(len(records) == 5 and all(rec[0] == ("TY", "ELEC") and dict(rec).get("UR")
                                   for rec in records), "RIS: pages of the site are ELEC with UR")


def main(t):
    d = polistest.searchd(t)
    check_atom(t, d)
    check_csv(t, d)
    check_ris(t, d)


polistest.run(main)
