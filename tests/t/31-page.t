#!/usr/bin/env python3
# The page, its assets and the OpenSearch description over HTTP, without a
# browser: headers, escaping of what the request and the documents hold,
# links only to http(s), caching of assets, and one URL per state.
import html.parser
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import polistest  # noqa: E402

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
OS_NS = "{http://a9.com/-/spec/opensearch/1.1/}"
HOSTILE = os.path.join(polistest.ROOT, "tests", "browser", "hostile")


class Tags(html.parser.HTMLParser):
    """What a browser's parser would make of a page: element names, event
    handler attributes, script elements."""

    def __init__(self):
        super().__init__()
        self.elements = set()
        self.handlers = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.elements.add(tag)
        self.scripts += tag == "script"
        self.handlers += ["%s %s" % (tag, k) for k, _ in attrs if k.lower().startswith("on")]


def text(r):
    return r.body.decode("utf-8")


def check_page_headers(t, r, what):
    t.is_(r.header("content-type"), "text/html; charset=utf-8", what + ": text/html; charset=utf-8")
    t.is_(r.header("content-security-policy"), CSP, what + ": Content-Security-Policy")
    t.is_(r.header("x-content-type-options"), "nosniff", what + ": nosniff")
    t.ok(r.header("referrer-policy") is not None, what + ": Referrer-Policy")


def main(t):
    d = polistest.searchd(t)

    for path in ("/", "/search", "/search?q=quartier+activateur&theme=developpement-economique"):
        r = d.request("GET", path)
        t.is_(r.status, 200, "GET %s: 200" % path)
        check_page_headers(t, r, path)
    html = text(d.request("GET", "/"))
    t.ok('<html lang="fr">' in html, "the page is in French")
    t.ok(re.search(r'<link rel="search" type="application/opensearchdescription\+xml"[^>]*'
                   r'href="/opensearch.xml"', html), "<link rel=search> to /opensearch.xml")
    t.ok(not re.search(r"\sstyle=|<style|<script>|\son[a-z]+=", html),
         "no inline style, inline script or event handler")
    scripts = re.findall(r'<script src="([^"]+)" defer></script>', html)
    t.ok(len(scripts) == 1 and scripts[0].startswith("/assets/app.js?v="), "one deferred script, app.js",
         scripts)
    t.ok('<form id="search-form" class="page" action="/search" method="get">' in html,
         "a GET form: every state is a URL")
    t.ok('<label for="q"' in html, "the search box has a label")
    r = d.request("HEAD", "/search?q=emploi")
    t.ok(r.status == 200 and r.body == b"", "HEAD /search: 200, no body")

    # The request's own text comes back escaped, in the box and the title.
    r = d.get("/search", {"q": '"><script>alert(1)</script>'})
    page = text(r)
    t.ok("<script>alert" not in page, "q with <script> is not echoed raw")
    t.ok('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page, "q escaped in value=")
    t.ok("<title>&quot;&gt;&lt;script&gt;" in page, "q escaped in <title>")

    # Filters, sort, dates and pages come back in the links.
    page = text(d.get("/search", [("q", "emploi"), ("theme", "emploi-insertion"), ("from", "2015"),
                                  ("sort", "date"), ("per_page", "3")]))
    t.ok('value="emploi-insertion" checked' in page, "the ticked theme is checked")
    t.ok('id="from" name="from"' in page and 'value="2015"' in page, "the date range is kept")
    t.ok('<option value="date" selected>' in page, "the sort is kept")
    nxt = re.search(r'<a rel="next" class="next" href="([^"]+)"', page)
    t.ok(nxt and nxt.group(1) == "/search?q=emploi&amp;theme=emploi-insertion&amp;from=2015"
         "&amp;sort=date&amp;per_page=3&amp;page=2",
         "the next page's URL keeps every parameter", nxt and nxt.group(1))
    t.ok("Retirer le filtre" in page, "active filters are links that remove them")

    # A filter given otherwise than its value (case, an apostrophe typed
    # apart) ticks its value's box, and no box of its own at "(0)".
    for typed in ("actu de l irev", "ACTU DE L'IREV"):
        page = text(d.get("/search", [("type", typed)]))
        boxes = re.findall(r'<input type="checkbox" id="f-type-news-\d+" name="type" '
                           r'value="([^"]*)"( checked)?>', page)
        ticked = [v for v, c in boxes if c]
        t.ok(ticked == ["Actu de l&#39;IREV"], "type=%s ticks the value's box only" % typed, boxes)
        chip = re.search(r'class="chip chip-remove" href="([^"]*)"><span class="sr">Retirer le '
                         r'filtre </span>([^<]*)', page)
        t.ok(chip and chip.group(2).strip() == "Actu de l&#39;IREV" and chip.group(1) == "/search",
             "type=%s: its chip names the value and removes the filter" % typed,
             chip and chip.groups())
    page = text(d.get("/search", [("theme", "Emploi - Insertion")]))
    t.ok('value="emploi-insertion" checked' in page, "a theme given by its label ticks its id's box")
    # Given twice, or spelt two ways: one value, one chip, one filter; its
    # chip removes every spelling.
    page = text(d.get("/search", [("type", "Article"), ("type", "Article"),
                                  ("type", "actu de l irev"), ("type", "Actu de l'IREV")]))
    chips = re.findall(r'class="chip chip-remove" href="([^"]*)"><span class="sr">Retirer le '
                       r'filtre </span>([^<]*)', page)
    names = [c[1].strip() for c in chips]
    t.ok(sorted(names) == ["Actu de l&#39;IREV", "Article"], "one chip a value", names)
    irev = [c[0] for c in chips if c[1].strip() == "Actu de l&#39;IREV"]
    t.ok(irev == ["/search?type=Article&amp;type=Article"],
         "the chip removes both spellings, and only them", irev)
    boxes = re.findall(r'name="type" value="([^"]*)"( checked)?>', page)
    t.ok(sorted(v for v, c in boxes if c) == ["Actu de l&#39;IREV", "Article"] and
         all(v != "actu de l irev" for v, c in boxes), "two boxes ticked, none of its own", boxes)

    # The page and /api/search give the same answer.
    ans = d.search({"q": "renouvellement urbain"})
    page = text(d.get("/search", {"q": "renouvellement urbain"}))
    t.ok(("<strong>%d</strong> résultats" % ans["total"]) in page, "the page's total is the API's",
         ans["total"])
    first = ans["hits"][0]["url"]
    t.ok(('href="%s"' % first) in page, "the API's first hit links from the page")

    # Spelling, empty state, errors.
    page = text(d.get("/search", {"q": "renouvelement"}))
    t.ok("Vouliez-vous dire" in page and 'href="/search?q=renouvellement"' in page,
         "Vouliez-vous dire « renouvellement »")
    page = text(d.get("/search", {"q": "zxqwvk"}))
    t.ok('class="empty"' in page and "Aucun résultat" in page, "an empty state")
    r = d.get("/search", {"page": "0"})
    t.is_(r.status, 400, "page=0: 400")
    check_page_headers(t, r, "the 400 page")
    t.ok('role="alert"' in text(r), "the 400 page says why")

    # OpenSearch: absolute URLs from --public-url (else the address bound),
    # never from the Host a client sends.
    r = d.request("GET", "/opensearch.xml", headers={"Host": "evil.example:8080"})
    t.is_(r.status, 200, "GET /opensearch.xml: 200")
    t.is_(r.header("content-type"), "application/opensearchdescription+xml; charset=utf-8",
          "OpenSearch Content-Type")
    root = ET.fromstring(r.body)
    t.is_(root.tag, OS_NS + "OpenSearchDescription", "an OpenSearch 1.1 description")
    urls = {u.get("type"): u.get("template") for u in root.findall(OS_NS + "Url")}
    t.is_(urls.get("text/html"), d.base + "/search?q={searchTerms}&page={startPage?}",
          "the HTML results template, on the daemon's own address, not the Host sent")
    t.ok(b"evil.example" not in r.body, "  ... the Host is nowhere")
    r = d.request("GET", "/opensearch.xml", headers={"Host": 'x"><script>'})
    t.ok(r.status == 400 and b"<script>" not in r.body and r.is_json(),
         "a Host that is no host name is a 400, echoed nowhere", r.body[:200])
    pub = polistest.Searchd(t, polistest.build_index(t), ["--public-url",
                                                          "https://polis.example.fr/ressources/"])
    r = pub.request("GET", "/opensearch.xml", headers={"Host": "evil.example"})
    urls = {u.get("type"): u.get("template") for u in ET.fromstring(r.body).findall(OS_NS + "Url")}
    t.is_(urls.get("text/html"),
          "https://polis.example.fr/ressources/search?q={searchTerms}&page={startPage?}",
          "--public-url: the HTML results template")
    t.is_(urls.get("application/json"),
          "https://polis.example.fr/ressources/api/search?q={searchTerms}&page={startPage?}",
          "  ... the JSON template")
    t.is_(urls.get("application/x-suggestions+json"),
          "https://polis.example.fr/ressources/api/suggest?q={searchTerms}",
          "  ... the suggestions template")
    r = pub.request("GET", "/feed.atom?q=quartier", headers={"Host": "evil.example"})
    t.ok(b"https://polis.example.fr/ressources/feed.atom?q=quartier" in r.body and
         b"evil.example" not in r.body, "--public-url: the feed's links too, never the Host")
    pub.stop()

    # Assets: types, caching by hash, 304, 404.
    m = re.search(r'/assets/app.js\?v=([0-9a-f]+)', html)
    r = d.request("GET", "/assets/app.js?v=" + m.group(1))
    t.is_(r.header("content-type"), "text/javascript; charset=utf-8", "app.js is JavaScript")
    t.ok("immutable" in (r.header("cache-control") or ""), "a hashed asset URL is cached for good")
    r = d.request("GET", "/widget.js")
    t.is_(r.status, 200, "GET /widget.js: 200")
    t.is_(r.header("content-type"), "text/javascript; charset=utf-8", "widget.js is JavaScript")
    t.is_(r.header("x-content-type-options"), "nosniff", "widget.js: nosniff")
    t.ok("innerHTML" not in text(r).replace("never meets innerHTML", ""),
         "widget.js builds its DOM without innerHTML")
    etag = r.header("etag")
    r = d.request("GET", "/widget.js", headers={"If-None-Match": etag})
    t.is_(r.status, 304, "widget.js: 304 for its ETag")
    for path, ctype in (("/assets/style.css", "text/css; charset=utf-8"),
                        ("/assets/widget.css", "text/css; charset=utf-8"),
                        ("/favicon.svg", "image/svg+xml")):
        r = d.request("GET", path)
        t.ok(r.status == 200 and r.header("content-type") == ctype, "%s: 200 %s" % (path, ctype))
    r = d.request("GET", "/assets/widget.html")
    check_page_headers(t, r, "/assets/widget.html")
    t.is_(d.request("GET", "/assets/nope.js").status, 404, "an unknown asset: 404")
    t.is_(d.request("GET", "/assets/../search").status, 404, "no way out of /assets/")

    # Documents that try to break out: escaped, and no link but http(s).
    h = polistest.Searchd(t, polistest.build_index(t, HOSTILE))
    page = text(h.get("/search", {"q": "piege"}))
    body = page.split("<body>", 1)[1]
    t.ok("<script>alert" not in body and "<img" not in body, "hostile titles and bodies are escaped")
    t.ok("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Thème piégé"
         in body, "the hostile theme label is escaped")
    hrefs = re.findall(r'href="([^"]*)"', body)
    t.ok(all(u.startswith("/") or u.startswith("#") or u.startswith("https://") or u.startswith("http://")
             for u in hrefs), "every link is ours or http(s)", [u for u in hrefs if ":" in u[:12]])
    t.ok("javascript:" not in " ".join(hrefs).lower() and "data:" not in " ".join(hrefs).lower(),
         "no javascript: or data: link")
    tags = Tags()
    tags.feed(page)
    t.ok(not tags.handlers, "no event-handler attribute (as an HTML parser reads the page)",
         tags.handlers)
    t.ok(tags.elements <= {"html", "head", "meta", "title", "link", "script", "body", "a", "span",
                           "form", "header", "div", "p", "label", "input", "ul", "li", "button",
                           "details", "summary", "h1", "h2", "h3", "fieldset", "legend", "main",
                           "ol", "article", "time", "mark", "select", "option", "nav", "footer",
                           "strong", "sup"},
         "only the page's own elements", sorted(tags.elements))
    t.is_(tags.scripts, 1, "one script element")


polistest.run(main)
