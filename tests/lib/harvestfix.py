"""harvestfix — the loopback servers tests/t/49-harvest.t harvests from: a
small Drupal-like site with a sitemap index, and an OAI-PMH repository.
Real HTTP servers (http.server, one thread each) on 127.0.0.1, ephemeral
ports; every request is logged with its time and its conditional headers.

Both have two phases, switched by the test (`phase = 2`), so that a second
harvest meets what a site that moved on would show.
"""

import email.utils
import hashlib
import http.server
import threading
import time
import urllib.parse


class Server:
    """An http.server in a thread; subclasses define route(handler)."""

    def __init__(self):
        self.log = []  # (time, path, headers dict)
        self.lock = threading.Lock()
        self.phase = 1
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with outer.lock:
                    outer.log.append((time.monotonic(), self.path,
                                      {k.lower(): v for k, v in self.headers.items()}))
                status, headers, body = outer.route(self)
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, fmt, *args):  # quiet
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = "http://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def requests(self, since=0):
        with self.lock:
            return list(self.log[since:])

    def count(self):
        with self.lock:
            return len(self.log)

    def route(self, h):
        return 404, [], b""


def xml(body):
    return [("Content-Type", "application/xml; charset=utf-8")], body.encode("utf-8")


# ---- the site -------------------------------------------------------------------

ROBOTS = """# the site's robots.txt
User-agent: *
Disallow: /private/

User-agent: polis-indexer
Disallow: /interdit/
Allow: /interdit/public
"""

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{title} | Centre de ressources</title>
{extra}</head>
<body>
<nav class="menu"><a href="/">Accueil</a></nav>
<main>
<h1>{title}</h1>
<div class="field-date">Mercredi 15 janvier 2025</div>
<div class="field-thematiques">Thématiques: <a href="/t/renouvellement-urbain">Renouvellement urbain</a></div>
<p>{text}</p>
</main>
<footer>Mentions légales</footer>
</body>
</html>
"""


def page(title, text, extra=""):
    return PAGE.format(title=title, text=text, extra=extra).encode("utf-8")


LASTMOD = "2025-01-10T08:00:00+01:00"


class Site(Server):
    """The site: a sitemap index of two sitemaps, pages with ETags or
    Last-Modified, a 429 with Retry-After, a 500, a 404/410, redirects on
    the host and off it, a PDF, robots.txt rules for us and for *."""

    def __init__(self, elsewhere):
        self.elsewhere = elsewhere  # another host's base, for the refused redirect
        self.seen_limit = False
        super().__init__()

    def sitemaps(self):
        b = self.base
        one = [("/actualites/retour-sur-la-journee", LASTMOD),
               ("/ressources/guide-du-contrat-de-ville", None),
               ("/ressources/avec-canonique", None),
               ("/interdit/page", None),
               ("/private/ok", None)]
        if self.phase == 1:
            one.append(("/ressources/retiree", None))
        two = [("/actualites/limite", None), ("/actualites/erreur", None),
               ("/actualites/ailleurs", None), ("/actualites/deplace", None),
               ("http://other.invalid/page", None), ("/documents/rapport.pdf", None),
               ("/actualites/disparue", None)]

        def urlset(entries):
            out = ['<?xml version="1.0" encoding="UTF-8"?>',
                   '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
            for loc, lastmod in entries:
                loc = loc if loc.startswith("http") else b + loc
                out.append("<url><loc>%s</loc>%s</url>" % (
                    loc, "<lastmod>%s</lastmod>" % lastmod if lastmod else ""))
            out.append("</urlset>")
            return "\n".join(out)
        index = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                 '<sitemap><loc>%s/sitemaps/pages-1.xml</loc><lastmod>%s</lastmod></sitemap>\n'
                 '<sitemap><loc>/sitemaps/pages-2.xml</loc></sitemap>\n'
                 '</sitemapindex>\n') % (b, LASTMOD)
        return {"/sitemap.xml": index, "/sitemaps/pages-1.xml": urlset(one),
                "/sitemaps/pages-2.xml": urlset(two)}

    def html(self, h, body, last_modified=None):
        """A 200 with an ETag (and Last-Modified), or a 304 when the
        request's validators match."""
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if last_modified:
            headers.append(("Last-Modified", last_modified))
            if h.headers.get("If-Modified-Since") == last_modified:
                return 304, headers, b""
        else:
            headers.append(("ETag", etag))
            if h.headers.get("If-None-Match") == etag:
                return 304, headers, b""
        return 200, headers, body

    def route(self, h):
        path = urllib.parse.urlsplit(h.path).path
        maps = self.sitemaps()
        if path == "/robots.txt":
            return 200, [("Content-Type", "text/plain")], ROBOTS.encode()
        if path in maps:
            return (200,) + tuple(xml(maps[path]))
        if path == "/actualites/retour-sur-la-journee":
            return self.html(h, page("Retour sur la journée quartiers solidaires",
                                     "Une journée d'échanges sur le renouvellement urbain."))
        if path == "/ressources/guide-du-contrat-de-ville":
            return self.html(h, page("Guide du contrat de ville",
                                     "Le guide harmoniseur des contrats de ville."))
        if path == "/ressources/avec-canonique":
            return self.html(h, page("Une page qui dit son adresse", "Canonique.",
                                     '<link rel="canonical" href="%s/node/42">\n' % self.base),
                             last_modified=email.utils.formatdate(1736500000, usegmt=True))
        if path == "/private/ok":
            return self.html(h, page("Page permise", "Permise à polis-indexer."))
        if path == "/interdit/page":
            return self.html(h, page("Interdite", "Jamais lue."))
        if path == "/ressources/retiree":
            return self.html(h, page("Page retirée", "Bientôt hors du plan du site."))
        if path == "/actualites/limite":
            if not self.seen_limit:
                self.seen_limit = True
                return 429, [("Retry-After", "1")], b"slow down"
            return self.html(h, page("Limite", "Après une attente."))
        if path == "/actualites/erreur":
            if self.phase == 1:
                return 500, [], b"boom"
            return self.html(h, page("Erreur réparée", "Revenue."))
        if path == "/actualites/ailleurs":
            return 302, [("Location", self.elsewhere + "/capture")], b""
        if path == "/actualites/deplace":
            return 301, [("Location", "/actualites/nouvelle-adresse")], b""
        if path == "/actualites/nouvelle-adresse":
            return self.html(h, page("Nouvelle adresse", "Déplacée."))
        if path == "/documents/rapport.pdf":
            return 200, [("Content-Type", "application/pdf")], b"%PDF-1.4 not a page"
        if path == "/actualites/disparue":
            if self.phase == 1:
                return self.html(h, page("Bientôt disparue", "Elle va partir."))
            return 410, [], b"gone"
        return 404, [("Content-Type", "text/plain")], b"not found"


# ---- the OAI-PMH repository ------------------------------------------------------

OAI_NS = "http://www.openarchives.org/OAI/2.0/"


def dc(n, title, date):
    return ('<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:title>%s</dc:title><dc:creator>Martin, Claire</dc:creator>"
            "<dc:subject>Politique de la ville</dc:subject><dc:date>%s</dc:date>"
            "<dc:type>Rapport</dc:type><dc:identifier>https://doc.test.invalid/notice/%d</dc:identifier>"
            "<dc:language>fre</dc:language></oai_dc:dc>") % (title, date[:4], n)


def mods(n, title, date):
    return ('<mods xmlns="http://www.loc.gov/mods/v3" version="3.7">'
            "<titleInfo><title>%s</title></titleInfo>"
            '<name type="personal"><namePart type="family">Martin</namePart>'
            '<namePart type="given">Claire</namePart></name>'
            "<originInfo><dateIssued>%s</dateIssued></originInfo>"
            "<subject><topic>Politique de la ville</topic></subject>"
            "<recordInfo><recordIdentifier>notice-%d</recordIdentifier></recordInfo>"
            "</mods>") % (title, date[:4], n)


class Repository(Server):
    """ListRecords over fixture records, 3 to a page, from= honoured, one
    resumptionToken per further page; phase 2 deletes record 2, changes
    record 4 and adds record 6."""

    PER_PAGE = 3

    def records(self):
        recs = {n: ("2025-01-0%dT10:00:00Z" % n, "Rapport numéro %d sur les quartiers" % n, False)
                for n in range(1, 6)}
        if self.phase == 2:
            recs[2] = ("2025-02-01T09:00:00Z", "", True)
            recs[4] = ("2025-02-01T09:30:00Z", "Rapport numéro 4, édition revue", False)
            recs[6] = ("2025-02-02T08:00:00Z", "Rapport numéro 6 sur la cohésion", False)
        return sorted(recs.items())

    def route(self, h):
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(h.path).query))
        if q.get("verb") != "ListRecords":
            return self.error("badVerb", "only ListRecords here")
        if "resumptionToken" in q:
            if set(q) != {"verb", "resumptionToken"}:
                return self.error("badArgument", "resumptionToken is exclusive")
            prefix, frm, start = q["resumptionToken"].split("|")
            start = int(start)
        else:
            prefix, frm, start = q.get("metadataPrefix"), q.get("from", ""), 0
        if prefix not in ("oai_dc", "mods"):
            return self.error("cannotDisseminateFormat", "no such format")
        listed = [(n, r) for n, r in self.records() if r[0] >= frm]
        if not listed:
            return self.error("noRecordsMatch", "nothing since %s" % frm)
        chunk = listed[start:start + self.PER_PAGE]
        out = []
        for n, (stamp, title, deleted) in chunk:
            ident = "oai:test.polis:notice/%d" % n
            if deleted:
                out.append('<record><header status="deleted"><identifier>%s</identifier>'
                           "<datestamp>%s</datestamp></header></record>" % (ident, stamp))
            else:
                meta = (mods if prefix == "mods" else dc)(n, title, stamp)
                out.append("<record><header><identifier>%s</identifier><datestamp>%s</datestamp>"
                           "<setSpec>pv</setSpec></header><metadata>%s</metadata></record>"
                           % (ident, stamp, meta))
        more = start + self.PER_PAGE < len(listed)
        token = ("<resumptionToken completeListSize=\"%d\">%s|%s|%d</resumptionToken>"
                 % (len(listed), prefix, frm, start + self.PER_PAGE)) if more else \
            ("<resumptionToken completeListSize=\"%d\"/>" % len(listed) if start else "")
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="%s">'
                "<responseDate>2025-03-01T00:00:00Z</responseDate>"
                '<request verb="ListRecords">%s/oai</request><ListRecords>%s%s</ListRecords>'
                "</OAI-PMH>\n") % (OAI_NS, self.base, "".join(out), token)
        return (200,) + tuple(xml(body))

    def error(self, code, text):
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="%s">'
                "<responseDate>2025-03-01T00:00:00Z</responseDate>"
                '<request>%s/oai</request><error code="%s">%s</error></OAI-PMH>\n'
                % (OAI_NS, self.base, code, text))
        return (200,) + tuple(xml(body))
