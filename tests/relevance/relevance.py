#!/usr/bin/env python3
"""The judged queries of tests/relevance/queries.tsv through Polis, SQLite FTS5
and PostgreSQL full-text search, side by side; see tests/relevance/README.md.

Polis is asked exactly as a user's browser asks it: a real polis-searchd on
127.0.0.1 serving an index built from corpus/ by polis-indexer, and
GET /api/search?q=…&<filters> with the defaults (10 hits a page).  The peers
index the same documents, exported from that daemon's /api/doc/{id} JSON.

Prints, per kind and overall, success@1, success@10, MRR and nDCG@10 of each
engine, then Polis's failures, then the issue's targets; exits 1 when a Polis
figure falls below its floor in tests/relevance/floors.tsv.

    relevance.py [--engines polis,fts5,pg] [--index DIR] [--tap] [--raise-floors]
                 [--show QID...]

Python standard library only (sqlite3 has FTS5 in Debian's build); the
PostgreSQL column needs Debian's postgresql package (`make relevance-deps`)
and is skipped, saying why, without it.
"""

import argparse
import collections
import csv
import io
import json
import math
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import polistest  # noqa: E402

QUERIES = os.path.join(HERE, "queries.tsv")
FLOORS = os.path.join(HERE, "floors.tsv")
THEMES = os.path.join(polistest.ROOT, "corpus", "themes.tsv")
KINDS = ["exact", "folded", "typo", "stem", "acronym", "synonym", "phrase", "facet", "author",
         "topic"]
METRICS = ["s@1", "s@10", "mrr", "ndcg@10"]
DEPTH = 10
# The targets (issue 12), reported beside the table; the floors are what fails.
TARGETS = [("overall", "s@10", 0.95), ("overall", "mrr", 0.85), ("exact", "s@1", 0.95),
           ("folded", "s@10", 0.9), ("typo", "s@10", 0.9), ("stem", "s@10", 0.9),
           ("acronym", "s@10", 0.9)]


def fold(s):
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", s.replace("œ", "oe").replace("æ", "ae")).strip()


# ---------------------------------------------------------------- the queries

class Query:
    def __init__(self, qid, kind, q, filters, judged):
        self.qid, self.kind, self.q = qid, kind, q
        self.filters = urllib.parse.parse_qsl(filters, keep_blank_values=False)
        self.judged = judged  # id -> grade

    @property
    def answers(self):
        """The documents that are the answer: those of the highest grade given."""
        top = max(self.judged.values())
        return {i for i, g in self.judged.items() if g == top}


def read_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 5:
                raise SystemExit("%s:%d: %d columns, want 5" % (path, n, len(cols)))
            qid, kind, q, filters, judged = cols
            if kind not in KINDS:
                raise SystemExit("%s:%d: unknown kind %r" % (path, n, kind))
            grades = {}
            for item in judged.split():
                doc, _, g = item.rpartition(":")
                if not doc or g not in ("1", "2"):
                    raise SystemExit("%s:%d: bad judgement %r" % (path, n, item))
                grades[doc] = int(g)
            if not grades:
                raise SystemExit("%s:%d: no relevant document" % (path, n))
            out.append(Query(qid, kind, q, filters, grades))
    ids = [q.qid for q in out]
    dup = [i for i, c in collections.Counter(ids).items() if c > 1]
    if dup:
        raise SystemExit("%s: ids used twice: %s" % (path, ", ".join(dup)))
    return out


# ---------------------------------------------------------------- the metrics

def measure(query, ranked):
    """success@1, success@10, reciprocal rank (of the first answer in the top
    10) and nDCG@10 (gain 2^grade - 1) of one ranked list of ids."""
    ranked = ranked[:DEPTH]
    answers = query.answers
    first = next((r for r, i in enumerate(ranked, 1) if i in answers), None)
    dcg = sum((2 ** query.judged.get(i, 0) - 1) / math.log2(r + 1)
              for r, i in enumerate(ranked, 1))
    ideal = sorted(query.judged.values(), reverse=True)[:DEPTH]
    idcg = sum((2 ** g - 1) / math.log2(r + 1) for r, g in enumerate(ideal, 1))
    return {"s@1": 1.0 if first == 1 else 0.0,
            "s@10": 1.0 if first else 0.0,
            "mrr": 1.0 / first if first else 0.0,
            "ndcg@10": dcg / idcg if idcg else 0.0,
            "rank": first}


def aggregate(queries, per_query):
    """kind (and "overall") -> metric -> mean."""
    groups = collections.defaultdict(list)
    for q in queries:
        groups[q.kind].append(per_query[q.qid])
        groups["overall"].append(per_query[q.qid])
    return {k: {m: sum(r[m] for r in rows) / len(rows) for m in METRICS}
            for k, rows in groups.items()}


# ---------------------------------------------------------------- Polis

class PolisEngine:
    name = "polis"

    def __init__(self, daemon):
        self.d = daemon

    def search(self, query):
        params = [("q", query.q)] + query.filters
        r = self.d.get("/api/search", params)
        if r.status != 200:
            raise RuntimeError("%s: /api/search -> %d %s" % (query.qid, r.status, r.body[:200]))
        ans = r.json
        return [h["id"] for h in ans["hits"]], ans


def export_documents(daemon):
    """Every document of the index, as /api/doc/{id} gives it."""
    ans, hits = daemon.search_all({"facets": ""})
    docs = []
    for h in hits:
        r = daemon.get("/api/doc/" + urllib.parse.quote(h["id"], safe=""))
        if r.status != 200:
            raise RuntimeError("/api/doc/%s -> %d" % (h["id"], r.status))
        docs.append(r.json)
    return docs


# ---------------------------------------------------------------- the peers' documents

def doc_fields(d):
    """The text a peer indexes, in the columns both peers use."""
    themes = [t.get("label") or t.get("id") for t in d.get("themes") or []]
    return {
        "id": d["id"],
        "title": d.get("title") or "",
        "body": "\n".join(x for x in (d.get("body"), d.get("summary")) if x),
        "subjects": "\n".join(themes + list(d.get("keywords") or [])),
        "people": "\n".join(d.get("authors") or []),
        "extra": "\n".join([x for x in (d.get("publisher"), d.get("site_type")) if x] +
                           list(d.get("places") or [])),
    }


def theme_aliases():
    """folded label or alias -> theme id, from corpus/themes.tsv."""
    out = {}
    with open(THEMES, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            for label in cols[1:]:
                out[fold(label)] = cols[0]
            out[fold(cols[0])] = cols[0]
    return out


class Filters:
    """The peers' reading of /api/search's filters over the exported documents:
    theme (id, label or alias, folded), kind, year (published), author;
    OR within a facet, AND across facets."""

    def __init__(self, docs):
        self.docs = docs
        self.aliases = theme_aliases()

    def allowed(self, query):
        if not query.filters:
            return None
        by = collections.defaultdict(list)
        for k, v in query.filters:
            by[k].append(v)
        keep = set()
        for d in self.docs:
            ok = True
            for k, values in by.items():
                if k == "theme":
                    ids = {t.get("id") for t in d.get("themes") or []}
                    labels = {fold(t.get("label")) for t in d.get("themes") or []}
                    want = {self.aliases.get(fold(v), v) for v in values}
                    ok = bool(ids & want) or bool(labels & {fold(v) for v in values})
                elif k == "kind":
                    ok = d.get("kind") in values
                elif k == "year":
                    ok = (d.get("published") or "")[:4] in values
                elif k == "author":
                    ok = bool({fold(a) for a in d.get("authors") or []} & {fold(v) for v in values})
                else:
                    raise SystemExit("filter %s: the peers do not read it" % k)
                if not ok:
                    break
            if ok:
                keep.add(d["id"])
        return keep


def split_query(q):
    """The words and "phrases" of q, as a user means them: field prefixes
    (author:) dropped, boolean operators read as words."""
    q = re.sub(r"\b(author|title|place):", " ", q)
    phrases = re.findall(r'"([^"]*)"', q)
    words = re.sub(r'"[^"]*"', " ", q).split()
    return [p for p in phrases if p.strip()], words


# ---------------------------------------------------------------- SQLite FTS5

class Fts5Engine:
    """FTS5 with tokenize='unicode61 remove_diacritics 2' and bm25, the title
    weighted as anyone would (bm25 weights title 3, body 1, subjects 2,
    people 2, extra 1).  All the words first (FTS5's implicit AND); when that
    finds nothing, any of them (OR) — what Polis does, and what a team would
    write around FTS5."""

    name = "fts5"
    label = "SQLite FTS5 (unicode61 remove_diacritics 2, bm25)"

    def __init__(self, docs, filters):
        self.filters = filters
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
                        "subjects, people, extra, tokenize='unicode61 remove_diacritics 2')")
        self.db.executemany("INSERT INTO docs VALUES (:id, :title, :body, :subjects, :people, "
                            ":extra)", [doc_fields(d) for d in docs])
        self.version = sqlite3.sqlite_version

    @staticmethod
    def _match(phrases, words, op):
        terms = ['"%s"' % t.replace('"', '""') for t in phrases + words]
        return (" %s " % op).join(terms)

    def search(self, query):
        phrases, words = split_query(query.q)
        allowed = self.filters.allowed(query)
        for op in ("AND", "OR"):
            match = self._match(phrases, words, op)
            if not match:
                return [], None
            sql = ("SELECT id FROM docs WHERE docs MATCH ? %s "
                   "ORDER BY bm25(docs, 0, 3.0, 1.0, 2.0, 2.0, 1.0) LIMIT ?")
            args = [match]
            cond = ""
            if allowed is not None:
                cond = "AND id IN (%s)" % ",".join("?" * len(allowed))
                args += sorted(allowed)
            rows = self.db.execute(sql % cond, args + [DEPTH]).fetchall()
            if rows or op == "OR":
                return [r[0] for r in rows], None
        return [], None


# ---------------------------------------------------------------- PostgreSQL

def pg_bindir():
    """The directory of Debian's PostgreSQL programs, or None."""
    root = "/usr/lib/postgresql"
    if os.path.isdir(root):
        for v in sorted(os.listdir(root), key=lambda s: [int(x) for x in s.split(".")
                                                          if x.isdigit()], reverse=True):
            b = os.path.join(root, v, "bin")
            if os.access(os.path.join(b, "initdb"), os.X_OK) and \
               os.access(os.path.join(b, "postgres"), os.X_OK):
                return b
    initdb = shutil.which("initdb")
    return os.path.dirname(os.path.realpath(initdb)) if initdb else None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class PgEngine:
    """PostgreSQL full-text search with the `french` configuration (Snowball
    French stemmer and stop words; no unaccent, which `french` does not do):
    title weight A, themes/keywords and authors B, body and the rest D,
    ts_rank.  websearch_to_tsquery (all words, "phrases") first; when that
    finds nothing, any of the words (OR).  A throwaway cluster in a temporary
    directory, listening on 127.0.0.1 only, stopped and removed at the end."""

    name = "pg"
    label = "PostgreSQL french (ts_rank, weights A/B/D)"

    def __init__(self, docs, filters, cleanups):
        self.filters = filters
        self.docs = docs
        bindir = pg_bindir()
        if not bindir or not shutil.which("psql"):
            raise Unavailable("PostgreSQL is not installed (make relevance-deps installs "
                              "Debian's postgresql)")
        self.bindir = bindir
        # PostgreSQL refuses to run as root: as root the cluster runs as the
        # postgres user Debian's package creates.
        self.runas = []
        if os.geteuid() == 0:
            import pwd
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no postgres user to run "
                                  "the cluster as")
            runuser = shutil.which("runuser") or shutil.which("setpriv")
            if not runuser:
                raise Unavailable("running as root without runuser to drop to postgres")
            self.runas = [runuser, "-u", "postgres", "--"]
            self.uid, self.gid = pw.pw_uid, pw.pw_gid
        self.tmp = tempfile.mkdtemp(prefix="polis-relevance-pg-")
        cleanups.append(self.close)
        if self.runas:
            os.chown(self.tmp, self.uid, self.gid)
        os.chmod(self.tmp, 0o755)
        self.data = os.path.join(self.tmp, "data")
        self.port = free_port()
        self._run([os.path.join(bindir, "initdb"), "-D", self.data, "-U", "polis", "-A", "trust",
                   "-E", "UTF8", "--locale=C", "--no-sync"], "initdb")
        self.started = False
        self._run([os.path.join(bindir, "pg_ctl"), "-D", self.data, "-w", "-t", "30",
                   "-l", os.path.join(self.tmp, "log"), "-o",
                   "-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off" % (self.port, self.tmp),
                   "start"], "pg_ctl start")
        self.started = True
        self.version = self._psql("SHOW server_version;").strip()
        self._load()

    def _run(self, cmd, what):
        p = subprocess.run(self.runas + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           cwd=self.tmp, timeout=120)
        if p.returncode != 0:
            raise Unavailable("%s failed: %s" % (what, p.stdout.decode("utf-8", "replace")
                                                 .strip().splitlines()[-1:]))

    def _psql(self, sql):
        p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                            "-h", "127.0.0.1", "-p", str(self.port), "-U", "polis", "postgres"],
                           input=sql.encode("utf-8"), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
        if p.returncode != 0:
            raise RuntimeError("psql: " + p.stderr.decode("utf-8", "replace")[-500:])
        return p.stdout.decode("utf-8")

    def _load(self):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        for d in self.docs:
            f = doc_fields(d)
            w.writerow([f["id"], f["title"], f["body"], f["subjects"], f["people"], f["extra"]])
        sql = ("CREATE TABLE docs (id text PRIMARY KEY, title text, body text, subjects text, "
               "people text, extra text, vec tsvector);\n"
               "COPY docs (id, title, body, subjects, people, extra) FROM STDIN WITH (FORMAT csv);\n"
               + buf.getvalue() + "\\.\n"
               "UPDATE docs SET vec = setweight(to_tsvector('french', coalesce(title, '')), 'A') || "
               "setweight(to_tsvector('french', coalesce(subjects, '')), 'B') || "
               "setweight(to_tsvector('french', coalesce(people, '')), 'B') || "
               "setweight(to_tsvector('french', concat_ws(' ', body, extra)), 'D');\n"
               "CREATE INDEX ON docs USING gin (vec);\n")
        self._psql(sql)

    def search_all(self, queries):
        """Every query in one psql session: id -> ranked ids."""
        parts = []
        for q in queries:
            phrases, words = split_query(q.q)
            text = " ".join(['"%s"' % p for p in phrases] + words)
            lit = "$pq$%s$pq$" % text.replace("$pq$", "")
            allowed = self.filters.allowed(q)
            cond = ""
            if allowed is not None:
                cond = "AND id IN (%s)" % (",".join("'%s'" % a.replace("'", "''")
                                                    for a in sorted(allowed)) or "NULL")
            for tag, tsq in (("and", "websearch_to_tsquery('french', %s)" % lit),
                             ("or", "NULLIF(replace(plainto_tsquery('french', %s)::text, "
                                    "'&', '|'), '')::tsquery" % lit)):
                parts.append("SELECT '%s', '%s', id FROM (SELECT id, ts_rank(vec, tq) AS r "
                             "FROM docs, (SELECT %s AS tq) t WHERE vec @@ tq %s "
                             "ORDER BY r DESC, id LIMIT %d) x;"
                             % (q.qid, tag, tsq, cond, DEPTH))
        got = collections.defaultdict(lambda: {"and": [], "or": []})
        for line in self._psql("\n".join(parts)).splitlines():
            if line.strip():
                qid, tag, doc = line.split("\t")
                got[qid][tag].append(doc)
        return {q.qid: (got[q.qid]["and"] or got[q.qid]["or"]) for q in queries}

    def close(self):
        if getattr(self, "started", False):
            subprocess.run(self.runas + [os.path.join(self.bindir, "pg_ctl"), "-D", self.data,
                                         "-m", "immediate", "-w", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
            self.started = False
        shutil.rmtree(self.tmp, ignore_errors=True)


class Unavailable(Exception):
    pass


class Checks(polistest.Tap):
    """TAP under make check (--tap); otherwise only the failures are printed."""

    def __init__(self, tap):
        super().__init__()
        self.tap = tap

    def ok(self, cond, name, diag=None):
        if self.tap:
            return super().ok(cond, name, diag)
        if not cond:
            self.failed += 1
            print("FAILED: " + name)
            if diag:
                print("  " + str(diag).replace("\n", "\n  "))
        return bool(cond)


# ---------------------------------------------------------------- floors

def read_floors(path):
    floors = {}
    if not os.path.exists(path):
        return floors
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            kind, metric, value = line.split()
            floors[(kind, metric)] = float(value)
    return floors


def write_floors(path, floors):
    order = {k: i for i, k in enumerate(["overall"] + KINDS)}
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Floors of `make relevance` (tests/relevance/README.md): Polis fails below\n"
                "# any of them.  Set at the measured level, raised as it improves\n"
                "# (relevance.py --raise-floors), never lowered to pass.\n"
                "# kind\tmetric\tfloor\n")
        for (kind, metric) in sorted(floors, key=lambda km: (order.get(km[0], 99),
                                                             METRICS.index(km[1]))):
            f.write("%s\t%s\t%.3f\n" % (kind, metric, floors[(kind, metric)]))


# ---------------------------------------------------------------- report

def fmt(x):
    return "%.2f" % x


def table(engines, results, queries):
    counts = collections.Counter(q.kind for q in queries)
    kinds = [k for k in KINDS if counts[k]] + ["overall"]
    counts["overall"] = len(queries)
    head1 = "%-8s %4s" % ("", "")
    head2 = "%-8s %4s" % ("kind", "n")
    for e in engines:
        head1 += " | %-23s" % e
        head2 += " | %5s %5s %5s %5s" % ("s@1", "s@10", "MRR", "nDCG")
    lines = [head1, head2, "-" * len(head2)]
    for k in kinds:
        row = "%-8s %4d" % (k, counts[k])
        for e in engines:
            a = results[e].get(k)
            row += " | " + ("%5s %5s %5s %5s" % tuple(fmt(a[m]) for m in METRICS) if a
                            else "%-23s" % "skipped")
        lines.append(row)
    return lines


def markdown_table(engines, results, queries):
    counts = collections.Counter(q.kind for q in queries)
    counts["overall"] = len(queries)
    kinds = [k for k in KINDS if counts[k]] + ["overall"]
    out = ["| kind | n | " + " | ".join("%s s@1 | s@10 | MRR | nDCG@10" % e for e in engines)
           + " |", "|---|---:|" + "---:|" * (4 * len(engines))]
    for k in kinds:
        cells = []
        for e in engines:
            a = results[e].get(k)
            cells += [fmt(a[m]) for m in METRICS] if a else ["—"] * 4
        out.append("| %s | %d | %s |" % (k, counts[k], " | ".join(cells)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engines", default="polis,fts5,pg")
    ap.add_argument("--index", help="serve this index instead of building one from corpus/")
    ap.add_argument("--queries", default=QUERIES)
    ap.add_argument("--floors", default=FLOORS)
    ap.add_argument("--tap", action="store_true", help="TAP output (for make check)")
    ap.add_argument("--raise-floors", action="store_true",
                    help="write the measured figures as floors where they are higher")
    ap.add_argument("--markdown", action="store_true", help="also print the table in Markdown")
    ap.add_argument("--show", nargs="*", default=[], help="print these queries' top 10")
    ap.add_argument("--dump", help="write every engine's top 10 of every query to this JSON file")
    args = ap.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if "polis" not in engines:
        raise SystemExit("--engines must include polis")

    t = Checks(args.tap)
    say = t.diag if args.tap else print
    started = time.monotonic()
    queries = read_queries(args.queries)
    index = args.index or polistest.build_index(t)
    daemon = polistest.Searchd(t, index, ["--quiet"])
    polis = PolisEngine(daemon)
    docs = export_documents(daemon)
    known = {d["id"] for d in docs}
    unknown = sorted({(q.qid, i) for q in queries for i in q.judged if i not in known})
    t.ok(not unknown, "every judged document is in the index (%d documents)" % len(docs),
         "not in the index: %s" % ", ".join("%s %s" % u for u in unknown))

    ranked = {"polis": {}}
    answers = {}
    for q in queries:
        ranked["polis"][q.qid], answers[q.qid] = polis.search(q)
    labels = {"polis": "Polis (polis-searchd /api/search, defaults)"}
    skipped = {}
    filters = Filters(docs)
    if "fts5" in engines:
        try:
            e = Fts5Engine(docs, filters)
            ranked["fts5"] = {q.qid: e.search(q)[0] for q in queries}
            labels["fts5"] = "%s, SQLite %s" % (e.label, e.version)
        except sqlite3.Error as err:
            skipped["fts5"] = "SQLite FTS5 unavailable: %s" % err
    if "pg" in engines:
        try:
            e = PgEngine(docs, filters, t.cleanups)
            ranked["pg"] = e.search_all(queries)
            labels["pg"] = "%s, PostgreSQL %s" % (e.label, e.version)
            e.close()
        except Unavailable as err:
            skipped["pg"] = str(err)
        except (RuntimeError, OSError, subprocess.SubprocessError) as err:
            skipped["pg"] = "PostgreSQL failed: %s" % err

    per = {e: {q.qid: measure(q, r[q.qid]) for q in queries} for e, r in ranked.items()}
    results = {e: aggregate(queries, per[e]) for e in per}
    for e in skipped:
        results[e] = {}
    shown = [e for e in engines if e in results]

    say("%d judged queries, %d documents; %s" % (len(queries), len(docs), os.path.relpath(
        args.queries, polistest.ROOT)))
    for e in shown:
        say("  %-6s %s" % (e, labels.get(e) or "skipped: " + skipped[e]))
    for line in table(shown, results, queries):
        say(line)
    if args.markdown:
        for line in markdown_table(shown, results, queries):
            say(line)

    # Polis's failures: no answer in the top 10, then an answer below first place.
    say("")
    miss = [q for q in queries if not per["polis"][q.qid]["rank"]]
    late = [q for q in queries if (per["polis"][q.qid]["rank"] or 1) > 1]
    say("Polis: %d queries without an answer in the top 10:" % len(miss))
    for q in miss:
        top = ranked["polis"][q.qid][:3]
        extra = ""
        a = answers[q.qid]
        if a.get("relaxed") or a.get("used_correction"):
            extra = " (%s)" % ", ".join(x for x in ("relaxed", "used_correction") if a.get(x))
        say("  %-5s %-8s %-45s total %d%s; top: %s" % (
            q.qid, q.kind, json.dumps(q.q, ensure_ascii=False) +
            (" " + "&".join("%s=%s" % f for f in q.filters) if q.filters else ""),
            a.get("total", 0), extra, ", ".join(top) or "nothing"))
    say("Polis: %d queries whose first answer is not first:" % len(late))
    for q in late:
        say("  %-5s %-8s %-45s answer at %d, first: %s" % (
            q.qid, q.kind, json.dumps(q.q, ensure_ascii=False), per["polis"][q.qid]["rank"],
            ranked["polis"][q.qid][0]))
    for e in [x for x in shown if x != "polis" and x in per]:
        better = [q.qid for q in queries if per[e][q.qid]["mrr"] > per["polis"][q.qid]["mrr"]]
        worse = [q.qid for q in queries if per[e][q.qid]["mrr"] < per["polis"][q.qid]["mrr"]]
        say("%s ranks an answer higher than Polis on %d queries%s; lower on %d" % (
            e, len(better), (" (" + " ".join(better) + ")") if better else "", len(worse)))
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            json.dump({e: ranked[e] for e in ranked}, f, indent=1, sort_keys=True)
    for qid in args.show:
        q = next(x for x in queries if x.qid == qid)
        say("%s %s %r %s" % (qid, q.kind, q.q, q.filters))
        for e in [x for x in shown if x in ranked]:
            say("  %s: %s" % (e, " ".join(("*" * q.judged.get(i, 0)) + i
                                         for i in ranked[e][qid])))

    # The targets (reported), then the floors (enforced).
    say("")
    say("targets (issue 12):")
    for kind, metric, want in TARGETS:
        got = results["polis"][kind][metric]
        say("  %-8s %-7s %.2f  target %.2f  %s" % (kind, metric, got, want,
                                                     "met" if got >= want - 1e-9 else "MISSED"))
    if "fts5" in per:
        for k in [x for x in KINDS if x in results["polis"]] + ["overall"]:
            p, f = results["polis"][k], results["fts5"][k]
            worse = [m for m in METRICS if p[m] < f[m] - 1e-9]
            if worse:
                say("  %-8s behind FTS5 on %s" % (k, ", ".join(worse)))
        say("  overall  %s FTS5 (MRR %.2f vs %.2f)" % (
            "ahead of" if results["polis"]["overall"]["mrr"] > results["fts5"]["overall"]["mrr"]
            else "NOT ahead of", results["polis"]["overall"]["mrr"],
            results["fts5"]["overall"]["mrr"]))

    if "fts5" in per:
        p, f = results["polis"]["overall"], results["fts5"]["overall"]
        t.ok(p["mrr"] > f["mrr"] and p["s@10"] >= f["s@10"],
             "Polis ahead of FTS5 overall (MRR %.3f vs %.3f, success@10 %.3f vs %.3f)"
             % (p["mrr"], f["mrr"], p["s@10"], f["s@10"]))

    floors = read_floors(args.floors)
    t.ok(bool(floors), "floors recorded in %s" % os.path.relpath(args.floors, polistest.ROOT))
    below = []
    for (kind, metric), floor in sorted(floors.items()):
        got = results["polis"].get(kind, {}).get(metric)
        if got is None or got < floor - 1e-9:
            below.append("%s %s %.3f < floor %.3f" % (kind, metric, got or 0.0, floor))
    if args.tap:
        for (kind, metric), floor in sorted(floors.items()):
            got = results["polis"].get(kind, {}).get(metric, 0.0)
            t.ok(got >= floor - 1e-9, "polis %s %s %.3f >= floor %.3f" % (kind, metric, got,
                                                                          floor))
    else:
        t.ok(not below, "every Polis figure at or above its floor", "\n".join(below))
    if args.raise_floors:
        raised = dict(floors)
        for k, row in results["polis"].items():
            for m in METRICS:
                v = math.floor(row[m] * 1000) / 1000
                if v > raised.get((k, m), -1):
                    raised[(k, m)] = v
        write_floors(args.floors, raised)
        say("floors written to %s" % args.floors)
    for e, why in skipped.items():
        if args.tap:
            t.skip("%s column" % e, why)
        else:
            say("%s: skipped: %s" % (e, why))
    say("%.1f s" % (time.monotonic() - started))
    daemon.stop()
    sys.exit(t.done() if args.tap else (1 if t.failed else 0))


if __name__ == "__main__":
    main()
