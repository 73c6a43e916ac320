# tests/relevance/relevance.mk — `make relevance`: the judged queries of
# tests/relevance/queries.tsv through Polis (a real polis-searchd on
# loopback), SQLite FTS5 and PostgreSQL's `french` full-text search, side by
# side; fails when a Polis figure falls below tests/relevance/floors.tsv.
# `make check` runs it too (tests/t/39-relevance.t, without PostgreSQL).
#
# Included from the top-level Makefile; tests/relevance/README.md explains
# the queries, the figures and the floors.  `make relevance` installs
# nothing: without PostgreSQL its column is skipped, saying why, until
# `make relevance-deps` has installed Debian's postgresql.

RELEVANCE_DEB_PKGS := postgresql
RELEVANCE_ARGS     ?=

.PHONY: relevance relevance-deps

relevance: $(INDEXER) $(SEARCHD)
	POLIS_BUILD=$(abspath $(BUILD)) python3 tests/relevance/relevance.py $(RELEVANCE_ARGS)

relevance-deps:
	$(call apt_install,$(RELEVANCE_DEB_PKGS))
