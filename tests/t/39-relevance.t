#!/usr/bin/env python3
# Relevance: the judged queries of tests/relevance/queries.tsv through a real
# polis-searchd, each of Polis's figures (success@1, success@10, MRR, nDCG@10,
# per kind and overall) at or above its floor in tests/relevance/floors.tsv,
# with SQLite FTS5 beside it.  `make relevance` adds PostgreSQL and prints
# the failures; tests/relevance/README.md.
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
script = os.path.join(HERE, "..", "relevance", "relevance.py")
os.execv(sys.executable, [sys.executable, script, "--tap", "--engines", "polis,fts5"])
