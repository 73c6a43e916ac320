#!/usr/bin/env python3
"""queries.py — 1,000 realistic queries for the corpus of gen.py, deterministically.

    python3 tests/bench/queries.py --seed 42 --n 1000 --out queries.tsv

One query a line: `TEXT<TAB>THEME`, THEME a theme id or empty.  What people type
into a resource centre's search box: one to three words, mostly the field's
vocabulary (contrat de ville, QPV, renouvellement urbain), a place, ordinary
words of the corpus (drawn from the head of the same Zipf distribution, so they
match), often without accents ("developpement economique"), some "quoted
phrases", and about a quarter with a theme filter.
"""

import argparse
import bisect
import os
import random
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (the same vocabulary as the corpus)


def words_of(phrase):
    return phrase.split()


def make_queries(v, seed, n):
    rng = random.Random(f"queries-{seed}")
    field = [(w, k) for w, k in gen.FIELD]
    fcum = gen._cum([k for _, k in field])

    def field_term(max_words):
        while True:
            w = field[bisect.bisect(fcum, rng.random() * fcum[-1])][0]
            if len(words_of(w)) <= max_words:
                return w

    def common_word():
        # Ordinary words people would type: the head of the corpus's distribution.
        while True:
            r = v.zipf_rank(rng)
            if r < 5000:
                return v.words[r]

    out = []
    while len(out) < n:
        r = rng.random()
        if r < 0.30:
            q = field_term(3)
        elif r < 0.45:
            a = field_term(2)
            q = f"{a} {field_term(3 - len(words_of(a)))}"
        elif r < 0.60:
            q = f"{field_term(2)} {rng.choice(gen.PLACES)}"
        elif r < 0.75:
            ws = [common_word() for _ in range(rng.randint(1, 2))]
            if rng.random() < 0.5:
                ws.append(field_term(1))
            q = " ".join(ws)
        elif r < 0.88:
            multi = [w for w, _ in field if 2 <= len(words_of(w)) <= 3]
            q = f'"{rng.choice(multi)}"'
            if rng.random() < 0.3 and len(words_of(q)) < 3:
                q += " " + field_term(1)
        else:
            q = rng.choice(gen.PLACES)
            if rng.random() < 0.6:
                q += " " + field_term(1)
        if len(words_of(q)) > 3:
            continue
        if rng.random() < 0.35:
            q = gen.fold(q)
        elif rng.random() < 0.5:
            q = q.lower()
        theme = ""
        if rng.random() < 0.25:
            theme = v.themes[rng.randrange(len(v.themes))][0]
        out.append((q, theme))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--words", default=gen.WORDS_FILE)
    a = ap.parse_args()
    v = gen.Vocab(a.seed, a.words)
    with open(a.out, "w", encoding="utf-8") as f:
        for q, theme in make_queries(v, a.seed, a.n):
            f.write(f"{q}\t{theme}\n")


if __name__ == "__main__":
    main()
