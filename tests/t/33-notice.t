#!/usr/bin/env python3
# The notice of a document (GET /doc/{id}) and what the page says in French:
# a reference's fields and citation, a bibliography's references in order,
# an unknown id; every hit leads to a source or a notice; the type facet in
# two (type de document, type d'actualité); a call's "Date limite"; query
# and parameter errors in French; the feed and export links; the API's new
# fields (authors, notice, references).
import html
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

REF = "ressources-bibliographie-developpement-economique-des-quartiers~3"  # no URL
ARTICLE = "doi-10-3917-spub-204-0411"
BIBLIO = "ressources-bibliographie-developpement-economique-des-quartiers"
CALL = "actualites-0-appel-a-manifestation-d-interet-sante-dans-les-quartiers-2025"


def text(page):
    """The page's text: tags out, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def field(page, label):
    m = re.search(r"<dt>%s</dt><dd>(.*?)</dd>" % re.escape(label), page, re.S)
    return text(m.group(1)) if m else None


def check_notice(t, d):
    r = d.get("/doc/" + ARTICLE)
    page = r.body.decode("utf-8")
    t.is_(r.status, 200, "GET /doc/{id}: 200")
    t.is_(r.header("content-type"), "text/html; charset=utf-8", "  ... HTML")
    search = d.get("/search")
    t.is_(r.header("content-security-policy"), search.header("content-security-policy"),
          "  ... with the search page's Content-Security-Policy")
    t.ok('<html lang="fr">' in page and "<script>" not in page and " style=" not in page,
         "  ... French, no inline script or style")
    t.ok('<h1 class="doc-title">Santé mentale dans les quartiers : les conseils locaux en première '
         'ligne</h1>' in page, "the notice's title is its h1")
    want = {"Type de document": "Article", "Revue": "Santé publique", "Volume": "32",
            "Numéro": "4", "Pages": "411-420", "DOI": "10.3917/spub.204.0411",
            "Date de publication": "2020"}
    got = {k: field(page, k) for k in want}
    t.is_(got, want, "its fields, in French")
    cite = re.search(r'<p class="citation" id="citation">(.*?)</p>', page, re.S)
    t.is_(html.unescape(re.sub(r"<[^>]+>", "", cite.group(1))) if cite else None,
          "MOREL, Anne et DAHMANI, Leïla, 2020. Santé mentale dans les quartiers : les conseils "
          "locaux en première ligne. Santé publique. Vol. 32, n° 4, p. 411-420. "
          "DOI 10.3917/spub.204.0411.", "Citer: ISO 690, author-date")
    t.ok("<i>Santé publique</i>" in cite.group(1), "  ... the journal in italics")
    for fmt, start in (("ris", "TY  - JOUR"), ("bibtex", "@article{"), ("csl-json", "[")):
        t.ok('href="/api/doc/%s?format=%s"' % (ARTICLE, fmt) in page, "a link to its %s" % fmt)
        r = d.get("/api/doc/%s" % ARTICLE, {"format": fmt})
        t.ok(r.status == 200 and r.body.decode("utf-8").startswith(start) and
             r.header("content-disposition") ==
             'attachment; filename="%s.%s"' % (ARTICLE, {"csl-json": "json", "bibtex": "bib"}.get(fmt, fmt)),
             "  ... which downloads it", r.body[:80])
    t.ok('<link rel="alternate" type="application/atom+xml"' in page, "the feed in the head")
    t.is_(d.get("/doc/" + ARTICLE, method="HEAD").status, 200, "HEAD /doc/{id}")
    r = d.get("/api/doc/" + ARTICLE, {"format": "xml"})
    t.is_(r.status, 400, "/api/doc/{id}?format=xml: 400")

    r = d.get("/doc/" + REF)
    page = r.body.decode("utf-8")
    t.ok(r.status == 200 and field(page, "Éditeur") == "La Découverte" and
         'href="/doc/%s"' % BIBLIO in page, "a reference without URL: its notice names its bibliography")
    t.ok("Disponible à l’adresse" not in text(page), "  ... and a printed book is cited without an address")

    r = d.get("/doc/nope-nothing-here")
    page = r.body.decode("utf-8")
    t.ok(r.status == 404 and "Ce document n’existe pas" in page and "nope-nothing-here" in page,
         "an unknown id: 404, in French")
    t.ok(r.header("content-security-policy") is not None, "  ... with the CSP")
    r = d.get("/doc/%3Cscript%3E")
    t.ok(r.status == 404 and "<script>" not in r.body.decode("utf-8"),
         "an id is escaped on the page", r.body[:200])


def check_bibliography(t, d):
    doc = d.get("/api/doc/" + BIBLIO).json
    refs = doc.get("references", [])
    t.is_(doc.get("references_total"), 13, "/api/doc of a bibliography: its 13 references")
    t.is_([x["position"] for x in refs], list(range(1, 14)), "  ... in their order")
    t.is_(refs[0]["id"], "isbn-9782810903122", "  ... the first entry first")
    t.ok(all(x["notice"] == "/doc/" + x["id"] for x in refs), "  ... each with its notice")
    page = d.get("/doc/" + BIBLIO).body.decode("utf-8")
    listed = re.findall(r'<a class="ref-title" href="/doc/([^"]+)">', page)
    t.is_(listed, [x["id"] for x in refs], "the bibliography's notice lists them in that order")
    r = d.get("/api/doc/" + BIBLIO, {"format": "ris"})
    ids = re.findall(r"^ID  - (.*)\r$", r.body.decode("utf-8"), re.M)
    t.is_(ids, [x["id"] for x in refs], "a bibliography's RIS: its references, in order")
    ref = d.get("/api/doc/isbn-9782810903122").json
    t.is_(ref.get("parent", {}).get("id"), BIBLIO, "a reference names its bibliography")
    t.ok("references" not in ref, "  ... and lists no references")


def check_page(t, d):
    page = d.get("/search", {"q": "Mythes et réalités"}).body.decode("utf-8")
    t.ok('<h3 class="hit-title"><a href="/doc/%s">' % REF in page,
         "a hit without a source URL links to its notice")
    ans = d.search({"q": "Mythes et réalités"})
    hit = [h for h in ans["hits"] if h["id"] == REF]
    t.ok(hit and hit[0]["url"] is None and hit[0]["notice"] == "/doc/" + REF and
         hit[0]["authors"] == ["FERRAND Olivier"], "/api/search hits carry authors and notice", hit)

    page = d.get("/search").body.decode("utf-8")
    doc_types = re.search(r'<fieldset class="facet" id="facet-type-doc"><legend>Type de document'
                          r'</legend>(.*?)</fieldset>', page, re.S)
    news_types = re.search(r'<fieldset class="facet" id="facet-type-news"><legend>Type d’actualité'
                           r'</legend>(.*?)</fieldset>', page, re.S)
    t.ok(doc_types and news_types, "the type facet in two fieldsets: type de document, type d’actualité")
    if doc_types and news_types:
        dv = set(re.findall(r'name="type" value="([^"]+)"', doc_types.group(1)))
        nv = set(re.findall(r'name="type" value="([^"]+)"', news_types.group(1)))
        t.ok({"Article", "Ouvrage", "Rapport"} <= dv and "Actu de l&#39;IREV" in nv and
             "Appel à projets" in nv and not dv & nv, "  ... Article, Ouvrage, Rapport apart from "
             "Actu de l'IREV, Appel à projets", (dv, nv))
    t.ok('href="/feed.atom"' in page and '<link rel="alternate" type="application/atom+xml"' in page,
         "the page links its feed, in its head too")
    for fmt in ("csv-fr", "ris", "bibtex", "csl-json"):
        t.ok('href="/api/search?format=%s"' % fmt in page, "an export link: %s" % fmt)

    page = d.get("/search", {"q": "appel à manifestation d'intérêt santé"}).body.decode("utf-8")
    t.ok("Date limite le" in text(page) and "31 mars 2025" in text(page),
         "a call for projects shows its Date limite")

    r = d.get("/search", {"q": '"quartier activateur'})
    t.ok(r.status == 400 and "le guillemet (\") du caractère 1 n’est jamais fermé" in
         text(r.body.decode("utf-8")), "a query error, in French", text(r.body.decode())[:400])
    r = d.get("/search", {"q": "emploi OR"})
    t.ok("OR doit avoir un mot à chercher de chaque côté (caractère 8)" in text(r.body.decode()),
         "  ... an operator's too")
    r = d.get("/search", {"per_page": "500"})
    t.ok(r.status == 400 and "per_page: doit être un nombre entier de 1 à 100" in
         text(r.body.decode("utf-8")), "a parameter's error, in French")
    api = d.get("/api/search", {"q": '"quartier activateur'}).json
    t.is_(api["error"]["message"], "the quote (\") at character 1 is never closed",
          "the JSON API keeps its message")


def main(t):
    d = polistest.searchd(t)
    check_notice(t, d)
    check_bibliography(t, d)
    check_page(t, d)


polistest.run(main)
