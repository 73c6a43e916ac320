#!/usr/bin/env python3
"""gen.py — a deterministic corpus of French urban-policy documents for benchmarks.

    python3 tests/bench/gen.py --seed 42 --n 10000 --out /tmp/corpus --formats md,html,oai

writes, for documents 0 .. N-1:

    OUT/md/NNNN/SLUG.md      the seed's Markdown print-export form (what polis-indexer reads)
    OUT/md/themes.tsv        the theme table (corpus/themes.tsv when present, else built in)
    OUT/md/synonyms.tsv      copied from corpus/synonyms.tsv when present
    OUT/html/NNNN/SLUG.html  the same documents as Drupal-like HTML pages (for omindex)
    OUT/oai/listrecords-NNNN.xml  the same documents as OAI-PMH ListRecords pages (oai_dc)
    OUT/manifest.json        N, seed, bytes and files per form

NNNN is a shard of 1,000 documents, so the first k shards of a corpus are the
corpus of k*1,000 documents made with the same seed: scales are prefixes.

Every document draws from its own random stream, seeded with (seed, index), so
a document does not depend on N, on --jobs or on the Python version (only the
random module's documented, version-stable functions are used).

Words: the function words of French at their usual rate, the field's own
vocabulary (quartier prioritaire, contrat de ville, ANRU, ...), places of the
Hauts-de-France, and a Zipf-Mandelbrot draw over Debian's French word list
(package wfrench, /usr/share/dict/french) in an order shuffled by the seed.
Length 200-1,500 words (triangular, mode 1,300: about 8 KB on average).
"""

import argparse
import bisect
import datetime
import html
import json
import os
import random
import sys
import unicodedata
from multiprocessing import Pool

WORDS_FILE = "/usr/share/dict/french"
SHARD = 1000
OAI_PAGE = 500

# Theme ids, display labels as the site prints them, and Drupal term numbers.
BUILTIN_THEMES = [
    ("developpement-economique", "Développement économique"),
    ("politique-de-la-ville", "Politique de la ville - DSU"),
    ("renouvellement-urbain", "Renouvellement urbain"),
    ("emploi-insertion", "Emploi - Insertion"),
    ("cohesion-sociale", "Cohésion sociale"),
    ("education", "Éducation"),
    ("sante", "Santé"),
    ("habitat-logement", "Habitat - Logement"),
    ("participation-habitants", "Participation des habitants"),
    ("securite-prevention", "Sécurité - Prévention de la délinquance"),
    ("jeunesse", "Jeunesse"),
    ("culture", "Culture"),
]

SITE_TYPES = [("Actu de l'IREV", 4314, 5), ("Actu des territoires", 4315, 3),
              ("Appel à projets", 4316, 2), ("Agenda", 4317, 1), ("Publication", 4318, 1)]

PLACES = ["Amiens", "Lille", "Roubaix", "Tourcoing", "Lens", "Liévin", "Calais",
          "Boulogne-sur-Mer", "Dunkerque", "Grande-Synthe", "Valenciennes", "Maubeuge",
          "Denain", "Saint-Quentin", "Soissons", "Beauvais", "Creil", "Compiègne",
          "Arras", "Douai", "Béthune", "Hénin-Beaumont", "Laon", "Abbeville",
          "Villeneuve-d'Ascq", "Wattrelos", "Armentières", "Cambrai", "Noyon",
          "Château-Thierry", "Hazebrouck", "Outreau", "Nogent-sur-Oise", "Montataire",
          "Tergnier", "Chauny", "Hirson", "Bruay-la-Buissière", "Avion", "Méru"]

NEIGHBOURHOODS = ["Etouvie", "Amiens Nord", "Lille-Sud", "l'Alma", "la Bourgogne",
                  "les Hauts-de-Roubaix", "le Faubourg de Béthune", "Beau-Marais",
                  "la Chaussée Romaine", "le Virolois", "Saint-Jean", "la Zup de Creil",
                  "le Chemin Vert", "les Provinces", "Europe", "Moulins",
                  "la Briquette", "les Rives de l'Aa", "Fontaine-d'Ouche"]

# The field's vocabulary, with a weight each (how often it comes up).
FIELD = [
    ("politique de la ville", 10), ("quartier prioritaire", 9),
    ("quartiers prioritaires de la politique de la ville", 4), ("QPV", 8),
    ("contrat de ville", 8), ("contrats de ville", 4), ("renouvellement urbain", 7),
    ("développement économique", 7), ("ANRU", 5), ("NPNRU", 5), ("ZFU", 3),
    ("cohésion sociale", 6), ("emploi", 9), ("insertion", 7),
    ("insertion professionnelle", 4), ("habitants", 9), ("conseil citoyen", 4),
    ("conseils citoyens", 3), ("gestion urbaine de proximité", 3), ("GUSP", 2),
    ("Cités éducatives", 3), ("programme de réussite éducative", 3),
    ("atelier santé ville", 3), ("CitésLab", 3), ("entrepreneuriat", 4),
    ("économie sociale et solidaire", 4), ("ESS", 3), ("bailleurs sociaux", 4),
    ("collectivités", 6), ("intercommunalité", 3), ("EPCI", 3), ("ANCT", 3),
    ("CGET", 2), ("DSU", 2), ("dotation de solidarité urbaine", 2),
    ("clauses d'insertion", 3), ("mixité sociale", 4), ("égalité femmes-hommes", 3),
    ("lutte contre les discriminations", 3), ("prévention de la délinquance", 3),
    ("tranquillité publique", 2), ("adultes-relais", 2),
    ("fonds de participation des habitants", 2), ("abattement de TFPB", 2),
    ("maison de projet", 2), ("commerce de proximité", 3), ("diagnostic territorial", 3),
    ("appel à projets", 5), ("chef de projet", 4), ("délégué du préfet", 3),
    ("services de l'État", 4), ("Caisse des dépôts", 3), ("Banque des territoires", 2),
    ("Région Hauts-de-France", 4), ("préfecture", 3), ("mission locale", 3),
    ("Pôle emploi", 3), ("France Travail", 2), ("demandeurs d'emploi", 3),
    ("jeunes", 6), ("décrochage scolaire", 2), ("cadre de vie", 4),
    ("copropriétés dégradées", 2), ("démolition-reconstruction", 2), ("relogement", 2),
    ("accompagnement social", 3), ("inclusion numérique", 3), ("transition écologique", 3),
    ("santé mentale", 2), ("accès aux droits", 3), ("culture", 3), ("sport", 3),
    ("éducation populaire", 2), ("logement social", 4), ("attractivité", 3),
    ("création d'entreprise", 3), ("développement social urbain", 2),
    ("Hauts-de-France", 5), ("territoires", 6), ("acteurs locaux", 4),
]

# French function words and their relative frequency in running text.
FUNCTION = [
    ("de", 60), ("la", 35), ("le", 30), ("les", 30), ("et", 30), ("des", 28),
    ("à", 22), ("en", 18), ("du", 14), ("un", 14), ("une", 14), ("pour", 12),
    ("dans", 11), ("sur", 9), ("par", 9), ("avec", 8), ("au", 8), ("aux", 7),
    ("qui", 8), ("que", 6), ("est", 7), ("sont", 4), ("ont", 3), ("a", 4),
    ("ce", 4), ("cette", 4), ("ces", 3), ("son", 3), ("sa", 3), ("ses", 3),
    ("leur", 3), ("leurs", 3), ("plus", 4), ("ne", 2), ("pas", 2), ("se", 4),
    ("il", 3), ("elle", 2), ("ils", 2), ("nous", 2), ("on", 2), ("été", 2),
    ("être", 2), ("comme", 2), ("mais", 2), ("ou", 3), ("aussi", 2), ("entre", 2),
    ("lors", 1), ("afin", 1), ("ainsi", 1), ("notamment", 1), ("depuis", 1),
]

VERBS = ["a réuni", "a présenté", "accompagne", "propose", "met en place", "soutient",
         "a permis", "renforce", "associe", "mobilise", "a rappelé", "encourage",
         "s'appuie sur", "vise", "interroge", "favorise", "a lancé", "anime"]

EVENTS = ["Retour sur la journée", "Retour sur le séminaire", "Retour sur la rencontre",
          "Retour sur le forum", "Retour sur le webinaire", "Cycle de qualification",
          "Appel à projets", "Rencontre régionale", "Journée d'échanges", "Pop-Up",
          "Atelier", "Publication", "Appel à manifestation d'intérêt"]

FIRST = ["Gaëlle", "Milouda", "Magali", "Caroline", "Sara", "Jean", "Nadia", "Karim",
         "Sophie", "Thomas", "Fatima", "Olivier", "Isabelle", "Mehdi", "Claire",
         "Laurent", "Aïcha", "Hélène", "François", "Yasmina", "Benoît", "Chloé"]
LAST = ["VELAY", "ALA", "DEBATTE", "DELVAL", "HERANGER", "DUPONT", "LEFEBVRE",
        "MARTIN", "BENALI", "DUBOIS", "LEROY", "MOREAU", "CARON", "DEVAUX", "BOUCHER",
        "HADDAD", "DELATTRE", "PETIT", "VASSEUR", "DESCAMPS", "LAMBERT", "FONTAINE"]
ROLES = ["directrice régionale", "chef de projet politique de la ville", "élu",
         "déléguée du préfet", "chargée de mission", "président", "coordinateur",
         "conseillère régionale", "directeur de la cohésion sociale", "habitante"]

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
WEEKDAYS = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

VOWELS = set("aeiouyhàâäéèêëîïôöùûüœæAEIOUYHÀÂÉÈÊÎÔŒ")


def fold(s):
    """Lower case without accents: what a user types on a keyboard in a hurry."""
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d if not unicodedata.combining(c)).lower()


def slugify(s):
    out, dash = [], False
    for c in fold(s).replace("œ", "oe").replace("æ", "ae"):
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def load_themes(repo_root):
    """(id, label, Drupal term number, aliases) for each theme, and the text of
    the table: corpus/themes.tsv when present (its format: `id<TAB>label[<TAB>
    alias]...`), else the built-in list."""
    path = os.path.join(repo_root, "corpus", "themes.tsv")
    themes, text = [], ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for line in text.split("\n"):
            if not line.strip() or line.startswith("#"):
                continue
            cols = [c.strip() for c in line.split("\t")]
            if len(cols) >= 2 and cols[0] and cols[1]:
                aliases = [c for c in cols[2:] if c and c != cols[1]]
                themes.append((cols[0], cols[1], aliases))
    if not themes:
        themes = [(tid, label, []) for tid, label in BUILTIN_THEMES]
        text = "# theme id\tlabel (built into tests/bench/gen.py)\n" + \
            "".join(f"{tid}\t{label}\n" for tid, label, _ in themes)
    return [(tid, label, 3678 + 14 * i, aliases)
            for i, (tid, label, aliases) in enumerate(themes)], text


class Vocab:
    """The word distributions, built once from the seed (shared with queries.py)."""

    def __init__(self, seed, words_file=WORDS_FILE, repo_root=None):
        if not os.path.exists(words_file):
            sys.exit(f"gen.py: {words_file} is missing: apt-get install wfrench")
        with open(words_file, encoding="utf-8") as f:
            words = [w.strip() for w in f]
        # Drop one-letter entries, apostrophes and the odd capitalised entry:
        # those come from FUNCTION and the proper-noun lists instead.
        words = [w for w in words if len(w) > 1 and "'" not in w and w == w.lower()]
        words.sort()
        random.Random(f"vocab-{seed}").shuffle(words)
        self.words = words
        # Zipf-Mandelbrot: p(rank r) ~ 1 / (r + 20) ** 1.05.
        acc, cum = 0.0, []
        for r in range(len(words)):
            acc += 1.0 / (r + 21) ** 1.05
            cum.append(acc)
        self.word_cum = cum
        self.func = [w for w, _ in FUNCTION]
        self.func_cum = _cum([n for _, n in FUNCTION])
        self.func_set = frozenset(self.func)
        self.field = [w for w, _ in FIELD]
        self.field_cum = _cum([n for _, n in FIELD])
        self.themes, self.themes_text = load_themes(repo_root or _repo_root())

    def zipf_rank(self, rng):
        return bisect.bisect(self.word_cum, rng.random() * self.word_cum[-1])


def _cum(weights):
    acc, out = 0, []
    for w in weights:
        acc += w
        out.append(acc)
    return out


def _repo_root():
    return os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def fr_date(y, m, d):
    return f"{d} {MONTHS[m - 1]} {y}"


def weekday(y, m, d):
    return WEEKDAYS[datetime.date(y, m, d).weekday()]


def rand_date(rng, y0, y1):
    y = rng.randint(y0, y1)
    m = rng.randint(1, 12)
    dim = DAYS_IN[m - 1] + (1 if m == 2 and y % 4 == 0 else 0)
    return y, m, rng.randint(1, dim)


def elide(prev, nxt, func):
    """French elision of a function word before a vowel: le/la → l', de → d', que → qu'."""
    if nxt and nxt[0] in VOWELS and nxt not in func:
        if prev in ("le", "la"):
            return "l'"
        if prev in ("de", "que", "ne", "se", "je"):
            return prev[:-1] + "'"
    return None


class Doc:
    pass


def make_doc(v, seed, i):
    """Document i of the corpus: a Doc with the fields every form is written from."""
    rng = random.Random(seed * 1_000_003 + i)
    d = Doc()
    d.index = i
    place = PLACES[rng.randrange(len(PLACES))]
    topic = v.field[bisect.bisect(v.field_cum, rng.random() * v.field_cum[-1])]
    event = EVENTS[rng.randrange(len(EVENTS))]
    py, pm, pd = rand_date(rng, 2005, 2025)
    d.published = (py, pm, pd)
    ey, em = (py, pm - 1) if pm > 1 else (py - 1, 12)
    d.event = (ey, em, rng.randint(1, 28))
    # Modified a few days to a few months after publication.
    mdate = datetime.date(py, pm, pd) + datetime.timedelta(days=rng.randint(0, 120))
    d.modified = (mdate.year, mdate.month, mdate.day, rng.randint(8, 19), rng.randint(0, 59))
    if event.startswith(("Appel", "Publication")):
        title = f"{event} : {topic} {py}"
    elif rng.random() < 0.5:
        title = f"{event} {topic} à {place}"
    else:
        title = f"{event} : {topic}"
    d.title = title[0].upper() + title[1:]
    d.slug = f"{slugify(d.title)[:70].strip('-')}-{i}"
    d.url = f"https://irev.fr/actualites-0/{d.slug}"
    d.site_type = SITE_TYPES[rng.randrange(len(SITE_TYPES))]
    nthemes = 1 + (rng.random() < 0.45) + (rng.random() < 0.2)
    # Sources name a theme by its label, now and then by one of its aliases.
    d.themes = []
    for tid, label, term, aliases in rng.sample(v.themes, nthemes):
        if aliases and rng.random() < 0.2:
            label = aliases[rng.randrange(len(aliases))]
        d.themes.append((tid, label, term))
    d.place = place
    d.people = [(f"{FIRST[rng.randrange(len(FIRST))]} {LAST[rng.randrange(len(LAST))]}",
                 ROLES[rng.randrange(len(ROLES))]) for _ in range(rng.randint(0, 3))]

    nwords = int(rng.triangular(200, 1500, 1300))
    # Blocks: ("p", [inline runs]) or ("ul", [[inline runs] per item]).  A run is
    # (kind, text) with kind "t" text, "b" bold, "a" link to reference n.
    blocks, links = [], []
    count = 0
    first = [("t", "L'" if d.title[0] in VOWELS else "Le "), ("b", d.title),
             ("t", f" a réuni à {place} le {fr_date(*d.event)} "
                   f"les acteurs de la {rng.choice(['politique de la ville', 'cohésion sociale', 'rénovation urbaine'])}"
                   f" autour des {topic}. ")]
    count += 20
    para = first
    nsent = 0
    while count < nwords:
        if rng.random() < 0.06 and len(blocks) > 0:
            items = []
            for _ in range(rng.randint(3, 6)):
                label = sentence_words(v, rng, rng.randint(1, 3))
                text = sentence_words(v, rng, rng.randint(6, 16))
                items.append([("b", label[0].upper() + label[1:]), ("t", " : " + text)])
                count += 20
            blocks.append(("ul", items))
            continue
        s, n = sentence(v, rng, d, links)
        para.extend(s)
        count += n
        nsent += 1
        if nsent >= rng.randint(3, 7):
            blocks.append(("p", para))
            para, nsent = [], 0
    if para:
        blocks.append(("p", para))
    d.blocks = blocks
    d.links = links
    # Authors, drawn last so that every field above stays what it was for
    # the same seed: seven documents in ten name one to three, given name
    # and a family name made of a word of the list, so that a corpus of
    # 100,000 documents has more than 100,000 distinct authors (the author
    # facet's worst case, tests/bench/README.md).
    d.authors = []
    if rng.random() < 0.7:
        for _ in range(rng.randint(1, 3)):
            family = v.words[rng.randrange(len(v.words))].upper()
            d.authors.append(f"{FIRST[rng.randrange(len(FIRST))]} {family}")
    return d


def sentence_words(v, rng, n):
    """n words of running text: function words, field terms and Zipf words, elided."""
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.42:
            w = v.func[bisect.bisect(v.func_cum, rng.random() * v.func_cum[-1])]
        elif r < 0.47:
            w = v.field[bisect.bisect(v.field_cum, rng.random() * v.field_cum[-1])]
        elif r < 0.48:
            w = PLACES[rng.randrange(len(PLACES))]
        else:
            w = v.words[v.zipf_rank(rng)]
        if out:
            e = elide(out[-1], w, v.func_set)
            if e is not None:
                out[-1] = e
        out.append(w)
    text = []
    for w in out:
        if text and text[-1].endswith("'"):
            text[-1] += w
        else:
            text.append(w)
    return " ".join(text)


def sentence(v, rng, d, links):
    """One sentence as inline runs, and its length in words."""
    r = rng.random()
    n = rng.randint(8, 26)
    body = sentence_words(v, rng, n)
    runs = []
    if r < 0.08 and d.people:
        name, role = d.people[rng.randrange(len(d.people))]
        runs = [("b", name), ("t", f", {role}, {VERBS[rng.randrange(len(VERBS))]} {body}. ")]
    elif r < 0.14:
        runs = [("t", f"Le {fr_date(*rand_date(rng, 2005, 2025))}, {body}. ")]
    elif r < 0.19:
        target = f"https://irev.fr/{rng.choice(['action', 'ressources', 'actualites-0'])}/" \
                 f"{slugify(sentence_words(v, rng, 3))}"
        links.append(target)
        text = sentence_words(v, rng, rng.randint(2, 5))
        runs = [("t", body[0].upper() + body[1:] + " : "), ("a", text, len(links)), ("t", ". ")]
    elif r < 0.23:
        runs = [("t", f"À {rng.choice(NEIGHBOURHOODS)}, {body}. ")]
    else:
        runs = [("t", body[0].upper() + body[1:] + ". ")]
    return runs, n + 4


# ---- the Markdown print export -------------------------------------------------

def md_runs(runs):
    out = []
    for run in runs:
        if run[0] == "t":
            out.append(run[1])
        elif run[0] == "b":
            out.append(f"**{run[1]}**")
        else:
            out.append(f"[{run[1]}](#) [{run[2]}]")
    return "".join(out).rstrip()


def to_md(v, d):
    lines = ["", "", "", "", "", ""]
    for kind, content in d.blocks:
        if kind == "p":
            lines.append(md_runs(content))
            lines.append("")
        else:
            for k, item in enumerate(content):
                lines.append("- " + md_runs(item))
                # Like the seed, a list item now and then breaks across blank lines.
                lines.append("" if (k + d.index) % 5 else "\ndans les quartiers\n")
    refs = list(d.links)
    stype, sterm, _ = d.site_type
    refs.append(f"https://irev.fr/taxonomy/term/{sterm}")
    lines.append(f"Type d'actualites: [{stype}](#) [{len(refs)}]")
    lines.append("")
    y, m, day = d.event
    lines.append(f"Dates: {weekday(y, m, day)} {fr_date(y, m, day)} - 02:00")
    lines.append("")
    for k, (tid, label, term) in enumerate(d.themes):
        refs.append(f"https://irev.fr/taxonomy/term/{term}")
        prefix = "Thématiques: " if k == 0 else ""
        lines.append(f"{prefix}[{label}](#) [{len(refs)}]")
        lines.append("")
    if d.authors:
        lines.append("Auteurs: " + ", ".join(d.authors))
        lines.append("")
    lines.append(f"Publié le {fr_date(*d.published)}")
    lines.append("")
    my, mm, md_, hh, mi = d.modified
    lines.append(f"**URL de la source (modifié le {md_:02d}/{mm:02d}/{my} - {hh:02d}:{mi:02d}):** <{d.url}>")
    lines.append("")
    lines.append("### Liens")
    lines.append("")
    for k, url in enumerate(refs, 1):
        lines.append(f"[{k}] <{url}>")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


# ---- the HTML page ----------------------------------------------------------------

def html_runs(runs, links):
    out = []
    for run in runs:
        if run[0] == "t":
            out.append(html.escape(run[1], quote=False))
        elif run[0] == "b":
            out.append(f"<strong>{html.escape(run[1], quote=False)}</strong>")
        else:
            out.append(f'<a href="{html.escape(links[run[2] - 1])}">{html.escape(run[1], quote=False)}</a>')
    return "".join(out).rstrip()


def plain_runs(runs):
    return "".join(r[1] for r in runs).rstrip()


def to_html(v, d):
    e = html.escape
    py, pm, pd = d.published
    my, mm, md_, hh, mi = d.modified
    first_text = plain_runs(d.blocks[0][1]) if d.blocks[0][0] == "p" else d.title
    desc = first_text[:240]
    subjects = "; ".join(label for _, label, _ in d.themes)
    node = 10000 + d.index
    body = []
    for kind, content in d.blocks:
        if kind == "p":
            body.append(f"<p>{html_runs(content, d.links)}</p>")
        else:
            body.append("<ul>\n" + "\n".join(f"<li>{html_runs(it, d.links)}</li>" for it in content)
                        + "\n</ul>")
    themes = "".join(
        f'<div class="field-item {"even" if k % 2 == 0 else "odd"}"><a href="/taxonomy/term/{term}">{e(label)}</a></div>'
        for k, (_, label, term) in enumerate(d.themes))
    ey, em, ed = d.event
    stype, sterm, _ = d.site_type
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.0//EN"
  "http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr" version="XHTML+RDFa 1.0" dir="ltr">
<head profile="http://www.w3.org/1999/xhtml/vocab">
  <meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="description" content="{e(desc)}" />{"".join(f'{chr(10)}<meta name="author" content="{e(a)}" />' for a in d.authors)}
<meta name="keywords" content="{e(subjects)}, {e(d.place)}" />
<meta name="generator" content="Drupal 7 (http://drupal.org)" />
<link rel="canonical" href="{e(d.url)}" />
<link rel="shortlink" href="https://irev.fr/node/{node}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{e(d.title)}" />
<meta property="article:published_time" content="{py:04d}-{pm:02d}-{pd:02d}T09:00:00+01:00" />
<meta property="article:modified_time" content="{my:04d}-{mm:02d}-{md_:02d}T{hh:02d}:{mi:02d}:00+01:00" />
<meta name="DC.title" content="{e(d.title)}" />
<meta name="DC.date" content="{py:04d}-{pm:02d}-{pd:02d}" />
<meta name="DC.subject" content="{e(subjects)}" />
  <title>{e(d.title)} | IREV</title>
</head>
<body class="html not-front not-logged-in one-sidebar sidebar-second page-node page-node-{node} node-type-article">
  <div id="page-wrapper"><div id="page">
  <div id="header"><div class="section clearfix">
    <div id="site-name"><a href="/">IREV</a></div>
    <div id="site-slogan">Centre de ressources politique de la ville en Hauts-de-France</div>
  </div></div>
  <div id="breadcrumb"><div class="breadcrumb"><a href="/">Accueil</a> » <a href="/actualites-0">Actualités</a> » {e(d.title)}</div></div>
  <div id="main-wrapper" class="clearfix"><div id="main" class="clearfix">
    <div id="content" class="column"><div class="section">
      <a id="main-content"></a>
      <h1 class="title" id="page-title">{e(d.title)}</h1>
      <div class="region region-content">
<div id="node-{node}" class="node node-article clearfix">
  <div class="content">
    <div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even">
{chr(10).join(body)}
</div></div></div>
<div class="field field-name-field-type-actu field-type-taxonomy-term-reference field-label-inline clearfix"><div class="field-label">Type d'actualites:&nbsp;</div><div class="field-items"><div class="field-item even"><a href="/taxonomy/term/{sterm}">{e(stype)}</a></div></div></div>
<div class="field field-name-field-dates field-type-datetime field-label-inline clearfix"><div class="field-label">Dates:&nbsp;</div><div class="field-items"><div class="field-item even"><span class="date-display-single">{weekday(ey, em, ed)} {fr_date(ey, em, ed)} - 02:00</span></div></div></div>
<div class="field field-name-field-thematiques field-type-taxonomy-term-reference field-label-inline clearfix"><div class="field-label">Thématiques:&nbsp;</div><div class="field-items">{themes}</div></div>
<div class="field field-name-field-publie-le field-label-inline clearfix"><div class="field-label">Publié le:&nbsp;</div><div class="field-items"><div class="field-item even">{fr_date(py, pm, pd)}</div></div></div>
  </div>
</div>
      </div>
    </div></div>
  </div></div>
  <div id="footer"><div class="section">
    <p>IREV – Institut régional de la ville – <a href="/mentions-legales">Mentions légales</a> – <a href="/contact">Contact</a></p>
  </div></div>
  </div></div>
</body>
</html>
"""


# ---- the OAI-PMH record -------------------------------------------------------------

def to_oai(v, d):
    x = lambda s: html.escape(s, quote=False)
    py, pm, pd = d.published
    my, mm, md_, _, _ = d.modified
    text = []
    for kind, content in d.blocks:
        if kind == "p":
            text.append(plain_runs(content))
        else:
            text.extend("- " + plain_runs(it) for it in content)
    subj = "".join(f"\n      <dc:subject>{x(label)}</dc:subject>" for _, label, _ in d.themes)
    creators = "".join(f"\n      <dc:contributor>{x(name)}</dc:contributor>" for name, _ in d.people)
    creators += "".join(f"\n      <dc:creator>{x(a)}</dc:creator>" for a in d.authors)
    return f"""  <record>
    <header>
      <identifier>oai:irev.fr:{d.slug}</identifier>
      <datestamp>{my:04d}-{mm:02d}-{md_:02d}</datestamp>
      <setSpec>actualites</setSpec>
    </header>
    <metadata>
      <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <dc:title>{x(d.title)}</dc:title>
      <dc:creator>IREV - Institut régional de la ville</dc:creator>{creators}{subj}
      <dc:description>{x(chr(10).join(text))}</dc:description>
      <dc:publisher>IREV</dc:publisher>
      <dc:date>{py:04d}-{pm:02d}-{pd:02d}</dc:date>
      <dc:type>Text</dc:type>
      <dc:format>text/html</dc:format>
      <dc:identifier>{x(d.url)}</dc:identifier>
      <dc:language>fre</dc:language>
      <dc:coverage>{x(d.place)}</dc:coverage>
      </oai_dc:dc>
    </metadata>
  </record>
"""


def oai_page(records, page, last):
    head = f"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2025-06-30T12:00:00Z</responseDate>
<request verb="ListRecords" metadataPrefix="oai_dc">https://irev.fr/oai</request>
<ListRecords>
"""
    token = "" if last else f"  <resumptionToken cursor=\"{page * OAI_PAGE}\">oai_dc-{page + 1}</resumptionToken>\n"
    return head + "".join(records) + token + "</ListRecords>\n</OAI-PMH>\n"


# ---- driving ---------------------------------------------------------------------------

_V = None


def _init(seed, words_file, repo_root):
    global _V
    _V = Vocab(seed, words_file, repo_root)


def _write(path, text):
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def gen_shard(args):
    """Write documents [lo, hi) of shard s; return bytes written per form."""
    seed, s, lo, hi, n, out, formats = args
    v = _V
    sizes = {f: 0 for f in formats}
    shard = f"{s:04d}"
    for f in ("md", "html"):
        if f in formats:
            os.makedirs(os.path.join(out, f, shard), exist_ok=True)
    oai = []
    for i in range(lo, hi):
        d = make_doc(v, seed, i)
        if "md" in formats:
            sizes["md"] += _write(os.path.join(out, "md", shard, d.slug + ".md"), to_md(v, d))
        if "html" in formats:
            sizes["html"] += _write(os.path.join(out, "html", shard, d.slug + ".html"), to_html(v, d))
        if "oai" in formats:
            oai.append(to_oai(v, d))
    if "oai" in formats:
        os.makedirs(os.path.join(out, "oai"), exist_ok=True)
        for k in range(0, len(oai), OAI_PAGE):
            page = (lo + k) // OAI_PAGE
            sizes["oai"] += _write(os.path.join(out, "oai", f"listrecords-{page:05d}.xml"),
                                   oai_page(oai[k:k + OAI_PAGE], page, lo + k + OAI_PAGE >= n))
    return s, sizes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--n", type=int, required=True, help="number of documents")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--formats", default="md,html,oai", help="comma list of md, html, oai")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--words", default=WORDS_FILE, help="word list (one word a line)")
    a = ap.parse_args()
    formats = [f for f in a.formats.split(",") if f]
    for f in formats:
        if f not in ("md", "html", "oai"):
            sys.exit(f"gen.py: unknown format {f!r}")
    if a.n < 1:
        sys.exit("gen.py: --n must be at least 1")
    os.makedirs(a.out, exist_ok=True)
    repo = _repo_root()
    shards = [(a.seed, s, lo, min(lo + SHARD, a.n), a.n, a.out, formats)
              for s, lo in enumerate(range(0, a.n, SHARD))]
    sizes = {f: 0 for f in formats}
    if a.jobs > 1:
        with Pool(a.jobs, initializer=_init, initargs=(a.seed, a.words, repo)) as pool:
            for _, sz in pool.imap_unordered(gen_shard, shards):
                for f in sz:
                    sizes[f] += sz[f]
    else:
        _init(a.seed, a.words, repo)
        for sh in shards:
            _, sz = gen_shard(sh)
            for f in sz:
                sizes[f] += sz[f]
    # The theme table and synonyms sit at the root of the Markdown corpus, where
    # polis-indexer looks for them.
    v = _V if _V is not None else Vocab(a.seed, a.words, repo)
    if "md" in formats:
        with open(os.path.join(a.out, "md", "themes.tsv"), "w", encoding="utf-8") as f:
            f.write(v.themes_text)
        syn = os.path.join(repo, "corpus", "synonyms.tsv")
        if os.path.exists(syn):
            with open(syn, encoding="utf-8") as src, \
                 open(os.path.join(a.out, "md", "synonyms.tsv"), "w", encoding="utf-8") as dst:
                dst.write(src.read())
    manifest = {"seed": a.seed, "n": a.n, "formats": formats, "bytes": sizes,
                "shard": SHARD, "themes": [t[0] for t in v.themes]}
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps(manifest["bytes"]))


if __name__ == "__main__":
    main()
