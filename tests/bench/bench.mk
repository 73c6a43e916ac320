# tests/bench/bench.mk — `make bench`: Polis beside omindex/Omega, SQLite FTS5 and a
# bare libmicrohttpd server, on generated documents.  Never part of `make check`.
#
# Included from the top-level Makefile (`include tests/bench/bench.mk`); on its
# own: `make -f Makefile -f tests/bench/bench.mk bench`.
# Knobs (environment): BENCH_N, BENCH_SCALES, BENCH_RUNS, BENCH_QUICK=1; see
# tests/bench/README.md.

BENCH_DEB_PKGS := xapian-omega sqlite3 python3 wrk time wfrench
BENCH_BIN      := $(BUILD)/bench
QBENCH         := $(BENCH_BIN)/qbench
MHD_CEILING    := $(BENCH_BIN)/mhd_ceiling

.PHONY: bench bench-deps bench-tools

# The peers the bench compares with, from Debian; hyperfine is optional.
bench-deps:
	$(call apt_install,$(BENCH_DEB_PKGS))
	@if ! command -v hyperfine >/dev/null 2>&1; then \
	  SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null 2>&1 || \
	    echo "bench: hyperfine not available (optional)"; \
	fi

# qbench links the shim as polis-searchd does, without libmicrohttpd, and its
# floor (floor.cc: plain Xapian, for --floor).
$(BENCH_BIN)/%.o: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -c $< -o $@
$(BENCH_BIN)/%.o: tests/bench/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) $(call pc_cflags,xapian-core) -MMD -c $< -o $@
$(QBENCH): $(BENCH_BIN)/qbench.o $(BENCH_BIN)/floor.o $(LIBPOLIS)
	$(CXX) $(LDFLAGS) -o $@ $(BENCH_BIN)/qbench.o $(BENCH_BIN)/floor.o $(LIBPOLIS) $(LIB_LIBS) -lpthread -lm
$(MHD_CEILING): tests/bench/mhd_ceiling.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(call pc_cflags,libmicrohttpd) -o $@ $< $(call pc_libs,libmicrohttpd)

bench-tools: $(QBENCH) $(MHD_CEILING)

# A program that does not build gives rows that say so; the others still run.
bench: deps bench-deps
	@failed=""; \
	$(MAKE) $(INDEXER) || failed="$$failed polis-indexer"; \
	$(MAKE) $(SEARCHD) || failed="$$failed polis-searchd"; \
	$(MAKE) $(QBENCH) || failed="$$failed qbench"; \
	$(MAKE) $(MHD_CEILING) || failed="$$failed mhd_ceiling"; \
	BENCH_BUILD_FAILED="$$failed" BUILD=$(abspath $(BUILD)) bash tests/bench/bench.sh
