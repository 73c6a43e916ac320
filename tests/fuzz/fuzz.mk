# tests/fuzz/fuzz.mk — libFuzzer targets for every parser, under ASan and UBSan.
# Included by the Makefile:
#
#   make fuzz FUZZ_SECONDS=60
#
# installs what it needs (make deps, and make fuzz-deps: clang, clang++ and
# libFuzzer's runtime, Debian's clang and libclang-rt-14-dev), builds
# build-fuzz/fuzz_{md,html,oai,mods,detect,harvest} with clang and runs each for
# FUZZ_SECONDS on a copy of corpus/; then searchd's:
#   fuzz_params  the request head (http/head.c) and the query string
#                (http/query.c, api/params.c);
#   fuzz_search  the query path through the shim, on an index polis-indexer
#                builds from corpus/ once per run;
# each for FUZZ_SECONDS on seeds taken from the tests (tests/fuzz/seeds.py).
# Findings are kept in build-fuzz/found-<target>/, crashes as
# build-fuzz/crash-*.

FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_MAXLEN  ?= 65536
FUZZ_CC      ?= clang
FUZZ_CXX     ?= clang++
FUZZ_DEB_PKGS := clang libclang-rt-14-dev

FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_OBJFLAGS := $(FUZZ_SAN) -fsanitize=fuzzer-no-link -O1 -g -Wall -Wextra -Werror -Iinclude -Iindexer -D_GNU_SOURCE \
                 -MMD -MP
FUZZ_CFLAGS   := -std=c11 $(FUZZ_OBJFLAGS) $(shell pkg-config --cflags libxml-2.0 libutf8proc jansson md4c md4c-html yaml-0.1 libcurl 2>/dev/null)
FUZZ_CXXFLAGS := -std=c++17 $(FUZZ_OBJFLAGS) $(shell pkg-config --cflags xapian-core simdjson 2>/dev/null)
# The shim's libraries are the Makefile's LIB_LIBS (CRoaring has no pkg-config file).
FUZZ_LIBS     := $(shell pkg-config --libs libxml-2.0 md4c md4c-html yaml-0.1 libcurl 2>/dev/null) $(LIB_LIBS) -lpthread -lm

# Every indexer source but the CLI, and the shim (doc model, folding, JSON).
FUZZ_SRC_C   := $(filter-out indexer/main.c,$(wildcard indexer/*.c indexer/*/*.c)) $(wildcard shim/*.c)
FUZZ_SRC_CC  := $(wildcard shim/*.cc)
FUZZ_OBJS    := $(FUZZ_SRC_C:%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_SRC_CC:%.cc=$(FUZZ_BUILD)/%.o)
FUZZ_NAMES   := html oai mods detect md harvest docjson
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)

# searchd's: its plumbing and API rooms (not the page, not main), the shim.
FUZZ_SRV_NAMES  := params search jsonw
FUZZ_SRV_BINS   := $(FUZZ_SRV_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_SRV_SRC    := $(wildcard searchd/http/*.c searchd/api/*.c)
FUZZ_SRV_OBJS   := $(FUZZ_SRV_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_SHIM_OBJS  := $(filter $(FUZZ_BUILD)/shim/%,$(FUZZ_OBJS))
FUZZ_SRV_CFLAGS := -std=c11 $(FUZZ_OBJFLAGS) -Isearchd \
                   $(shell pkg-config --cflags libmicrohttpd jansson zlib libutf8proc 2>/dev/null)
FUZZ_SRV_LIBS   := $(shell pkg-config --libs libmicrohttpd zlib 2>/dev/null) $(LIB_LIBS) -lpthread -lm

.PHONY: fuzz fuzz-deps fuzz-run fuzz-build fuzz-clean
# Objects are intermediate to make; keep them so a rebuild is incremental.
.SECONDARY: $(FUZZ_OBJS) $(FUZZ_NAMES:%=$(FUZZ_BUILD)/tests/fuzz/fuzz_%.o) $(FUZZ_SRV_OBJS) \
            $(FUZZ_SRV_NAMES:%=$(FUZZ_BUILD)/tests/fuzz/fuzz_%.o)
fuzz-build: $(FUZZ_BINS) $(FUZZ_SRV_BINS)

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
$(FUZZ_BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c $< -o $@
$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_OBJS)
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)
$(FUZZ_BUILD)/tests/fuzz/%.o: tests/fuzz/%.c tests/fuzz/fuzz_common.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/searchd/%.o: searchd/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_SRV_CFLAGS) -c $< -o $@
$(FUZZ_SRV_NAMES:%=$(FUZZ_BUILD)/tests/fuzz/fuzz_%.o): $(FUZZ_BUILD)/tests/fuzz/%.o: tests/fuzz/%.c tests/fuzz/fuzz_query.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_SRV_CFLAGS) -c $< -o $@
$(FUZZ_SRV_BINS): $(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_SRV_OBJS) $(FUZZ_SHIM_OBJS)
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(FUZZ_SRV_LIBS)

fuzz-deps:
	$(call apt_install,$(FUZZ_DEB_PKGS))

# The packages first; then a new make, which asks pkg-config once they are there.
fuzz: deps fuzz-deps
	$(MAKE) fuzz-run

# Each target runs on its own copy of corpus/ plus what it found before;
# searchd's on the tests' seeds, fuzz_search on the index polis-indexer
# makes of corpus/.
fuzz-run: $(FUZZ_BINS) $(FUZZ_SRV_BINS) $(INDEXER)
	@rm -rf $(FUZZ_BUILD)/seed && mkdir -p $(FUZZ_BUILD)/seed && cp -R corpus/. $(FUZZ_BUILD)/seed/
	@set -e; for t in $(FUZZ_NAMES); do \
	  mkdir -p $(FUZZ_BUILD)/found-$$t; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  POLIS_THEMES=corpus/themes.tsv \
	  $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAXLEN) \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_BUILD)/found-$$t $(FUZZ_BUILD)/seed \
	    2>$(FUZZ_BUILD)/fuzz_$$t.log || { tail -60 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^Done' $(FUZZ_BUILD)/fuzz_$$t.log || true; \
	done
	@rm -rf $(FUZZ_BUILD)/seed-searchd && python3 tests/fuzz/seeds.py $(FUZZ_BUILD)/seed-searchd
	@set -e; for t in $(FUZZ_SRV_NAMES); do \
	  mkdir -p $(FUZZ_BUILD)/found-$$t; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  POLIS_INDEXER=$(abspath $(INDEXER)) POLIS_CORPUS=corpus \
	  $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAXLEN) \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_BUILD)/found-$$t $(FUZZ_BUILD)/seed-searchd \
	    2>$(FUZZ_BUILD)/fuzz_$$t.log || { tail -60 $(FUZZ_BUILD)/fuzz_$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^Done' $(FUZZ_BUILD)/fuzz_$$t.log || true; \
	done

fuzz-clean:
	rm -rf $(FUZZ_BUILD)

# Headers each object was built from (-MMD): a changed header rebuilds them.
-include $(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
