# Polis — build, test, run, install.
#
#   make run      install the missing build packages (make deps), build, index corpus/, serve
#   make check    build and run the whole suite; installs nothing (make deps first)
#   make install  PREFIX=/usr DESTDIR=...: programs, library, man pages, units, configuration

# Where `make install` puts things.  The programs are told SYSCONFDIR and
# DATADIR at build time (changing them rebuilds what uses them).
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share/polis
MANDIR     ?= $(PREFIX)/share/man
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
# Detached debug information, where gdb looks for it (by the binary's path).
DEBUGDIR   ?= /usr/lib/debug
BUILD      ?= build
PORT       ?= 8080
INDEX      ?= $(BUILD)/index

CC       ?= gcc
CXX      ?= g++
PKGS     := xapian-core libxml-2.0 libmicrohttpd libutf8proc jansson zlib md4c md4c-html yaml-0.1 \
            libcurl simdjson jemalloc
# What `make run` needs from Debian (`make deps`), and nothing more: the
# compilers, pkg-config, the libraries' -dev packages (libcurl for `harvest`),
# python3 (page_embed.py).
# `make check` needs one more, perl for prove, already there wherever git is.
# xapian-tools: Xapian's remote shard and replication servers (xapian-tcpsrv,
# xapian-replicate), which shards on other machines and replicas run.
# libroaring-dev: CRoaring, the shim's compressed match sets (it has no
# pkg-config file in bookworm: -lroaring, and check-tools looks for its header).
# libsimdjson-dev: the shim's reader of the documents' JSON on every hit
# (shim/docjson.cc); jansson still writes it, and everything else.
# libjemalloc-dev: polis-indexer's allocator.  Xapian's inverter makes and
# frees a small string or tree node for every term of every document; with
# jemalloc a build took 9 to 13 % less time than with glibc's malloc
# (docs/architecture.md, "Merging the batches").  The sanitizer builds keep
# their own.
DEB_PKGS := gcc g++ make libc6-dev pkg-config libxapian-dev libxml2-dev libmicrohttpd-dev \
            libutf8proc-dev libjansson-dev zlib1g-dev libmd4c-dev libmd4c-html0-dev libyaml-dev \
            libcurl4-openssl-dev libroaring-dev libsimdjson-dev libjemalloc-dev xapian-tools python3 \
            perl
# The browser tests (`make browser-deps`): Debian's Node.js 18, npm and
# chromium, each unless its command is there already (a Node.js from
# elsewhere brings its own npm).
BROWSER_DEB_PKGS := $(if $(shell command -v node),,nodejs) $(if $(shell command -v npm),,npm) \
                    $(if $(wildcard /usr/bin/chromium),,chromium)

# The export test (tests/t/32-exports.t, `make export-deps`): real readers of
# what searchd exports, from Debian: bibutils (ris2xml, bib2xml: RIS and
# BibTeX to MODS), bibtexparser and citeproc-py.
EXPORT_DEB_PKGS := bibutils python3-bibtexparser python3-citeproc

# The version, from include/polis/version.h (the one place it is written).
VERSION  := $(shell sed -n 's/^\#define POLIS_VERSION_STRING "\(.*\)"/\1/p' include/polis/version.h)
SOMAJOR  := $(firstword $(subst ., ,$(VERSION)))

WARN     := -Wall -Wextra -Werror -Wno-format-truncation
OPT      ?= -O2 -g
CPPFLAGS += -Iinclude -D_GNU_SOURCE
CFLAGS   += -std=c11 $(OPT) $(WARN)
CXXFLAGS += -std=c++17 $(OPT) $(WARN)
SAN      ?=
ifneq ($(SAN),)
CFLAGS   += $(SAN)
CXXFLAGS += $(SAN)
LDFLAGS  += $(SAN)
endif

# pkg-config is asked only when a build needs it, so `make deps` works first.
pc_cflags = $(shell pkg-config --cflags $(1) 2>/dev/null)
pc_libs   = $(shell pkg-config --libs $(1) 2>/dev/null)

LIB_C    := $(wildcard shim/*.c)
LIB_CC   := $(wildcard shim/*.cc)
IDX_C    := $(wildcard indexer/*.c indexer/*/*.c)
SRV_C    := $(wildcard searchd/*.c searchd/*/*.c)
UNIT_C   := $(wildcard tests/unit/*.c)

LIB_OBJ  := $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CC:%.cc=$(BUILD)/%.o)
IDX_OBJ  := $(IDX_C:%.c=$(BUILD)/%.o)
SRV_OBJ  := $(SRV_C:%.c=$(BUILD)/%.o) $(BUILD)/searchd/assets_gen.o
# The page's scripts, styles and icon, built into searchd (searchd/page/embed.py).
ASSETS   := $(sort $(wildcard searchd/page/assets/*))
UNIT_BIN := $(UNIT_C:tests/unit/%.c=$(BUILD)/tests/%)

LIBPOLIS := $(BUILD)/libpolis.a
# libpolis.so.MAJOR.MINOR.PATCH, its SONAME libpolis.so.MAJOR and the link
# name libpolis.so, the last two symlinks.
LIBPOLIS_SONAME := libpolis.so.$(SOMAJOR)
LIBPOLIS_REAL   := $(BUILD)/libpolis.so.$(VERSION)
LIBPOLIS_SO     := $(BUILD)/libpolis.so
INDEXER  := $(BUILD)/polis-indexer
SEARCHD  := $(BUILD)/polis-searchd
LIB_LIBS  = $(call pc_libs,xapian-core libutf8proc jansson simdjson) -lroaring

.PHONY: all deps run check check-tools test asan clean install fuzz bench format browser-deps \
        export-deps
all: $(INDEXER) $(SEARCHD) $(LIBPOLIS_SO) $(UNIT_BIN)

# $(call apt_install,PACKAGES): install those of PACKAGES not installed yet,
# naming them, with apt-get's own progress and the disk space they take.
define apt_install
@missing=""; for p in $(1); do \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
done; \
if [ -z "$$missing" ]; then echo "$@: nothing to install$(if $(strip $(1)),: $(strip $(1)) are there)"; else \
  echo "$@: installing:$$missing"; \
  SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
  $$SUDO apt-get update && \
  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
fi
endef

deps:
	$(call apt_install,$(DEB_PKGS))

# What `make check` needs, checked only: it installs nothing, and names the
# target that does.
check-tools:
	@missing=""; \
	for c in $(CC) $(CXX) pkg-config python3 prove nm xapian-tcpsrv xapian-replicate \
	         xapian-replicate-server; do \
	  command -v $$c >/dev/null 2>&1 || missing="$$missing $$c"; \
	done; \
	for m in $(PKGS); do pkg-config --exists $$m 2>/dev/null || missing="$$missing $$m"; done; \
	echo '#include <roaring/roaring.h>' | $(CC) -E -x c - >/dev/null 2>&1 || missing="$$missing roaring"; \
	if [ -n "$$missing" ]; then \
	  echo "make check: missing:$$missing -- run 'make deps' (or 'make run') first" >&2; exit 1; \
	fi

# The build-time paths (see PREFIX above): when they change, the objects
# that are told them are rebuilt.
PATH_DEFS := -DPOLIS_SYSCONFDIR='"$(SYSCONFDIR)"' -DPOLIS_DATADIR='"$(DATADIR)"'
PATHS     := $(PREFIX) $(BINDIR) $(LIBDIR) $(INCLUDEDIR) $(DATADIR) $(MANDIR) $(UNITDIR) $(SYSCONFDIR) $(VERSION)
ifneq ($(PATHS),$(file < $(BUILD)/paths.stamp))
$(shell mkdir -p $(BUILD))
$(file > $(BUILD)/paths.stamp,$(PATHS))
endif
PATH_OBJ  := $(BUILD)/indexer/options.o $(BUILD)/indexer/vocab/tables.o $(BUILD)/searchd/options.o
$(PATH_OBJ): CPPFLAGS += $(PATH_DEFS)
$(PATH_OBJ): $(BUILD)/paths.stamp

$(BUILD)/shim/%.o: shim/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC $(call pc_cflags,libutf8proc jansson) -MMD -MP -c $< -o $@
$(BUILD)/shim/%.o: shim/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -fPIC $(call pc_cflags,xapian-core simdjson) -MMD -MP -c $< -o $@
$(BUILD)/indexer/%.o: indexer/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Iindexer $(call pc_cflags,libxml-2.0 md4c md4c-html yaml-0.1 jansson libcurl) -MMD -MP -c $< -o $@
# searchd's files name each other from searchd/ ("http/http.h", "api/hit.h"),
# so the room of every include is written where it is made.
$(BUILD)/searchd/%.o: searchd/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Isearchd $(call pc_cflags,libmicrohttpd jansson zlib) -MMD -MP -c $< -o $@
$(BUILD)/searchd/assets_gen.c: searchd/page/embed.py $(ASSETS)
	@mkdir -p $(@D)
	python3 searchd/page/embed.py -o $@ $(ASSETS)
$(BUILD)/searchd/assets_gen.o: $(BUILD)/searchd/assets_gen.c searchd/page/assets.h
	$(CC) $(CPPFLAGS) $(CFLAGS) -Isearchd $(call pc_cflags,libmicrohttpd jansson zlib) -c $< -o $@
$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -Isearchd -Iindexer $(call pc_cflags,libxml-2.0) -MMD -MP -c $< -o $@

$(LIBPOLIS): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# The shared library exports the polis_* API only (tests/t/01-symbols.t checks it).
$(LIBPOLIS_REAL): $(LIB_OBJ) shim/libpolis.map
	$(CXX) $(LDFLAGS) -shared -Wl,-soname,$(LIBPOLIS_SONAME) -Wl,--version-script=shim/libpolis.map \
	  -o $@ $(LIB_OBJ) $(LIB_LIBS)
$(LIBPOLIS_SO): $(LIBPOLIS_REAL)
	ln -sf $(notdir $<) $(BUILD)/$(LIBPOLIS_SONAME)
	ln -sf $(LIBPOLIS_SONAME) $@

$(INDEXER): $(IDX_OBJ) $(LIBPOLIS)
	$(CXX) $(LDFLAGS) -o $@ $(IDX_OBJ) $(LIBPOLIS) $(call pc_libs,libxml-2.0 md4c md4c-html yaml-0.1 libcurl) $(LIB_LIBS) \
	  $(if $(SAN),,$(call pc_libs,jemalloc)) -lpthread
$(SEARCHD): $(SRV_OBJ) $(LIBPOLIS)
	$(CXX) $(LDFLAGS) -o $@ $(SRV_OBJ) $(LIBPOLIS) $(call pc_libs,libmicrohttpd zlib) $(LIB_LIBS) -lpthread -lm
# Unit programs link the indexer's objects (bar main) so parsers are testable.
IDX_LIBOBJ := $(filter-out $(BUILD)/indexer/main.o,$(IDX_OBJ))
SRV_LIBOBJ := $(filter-out $(BUILD)/searchd/main.o,$(SRV_OBJ))
$(BUILD)/tests/%: $(BUILD)/tests/%.o $(IDX_LIBOBJ) $(SRV_LIBOBJ) $(LIBPOLIS)
	$(CXX) $(LDFLAGS) -o $@ $< $(IDX_LIBOBJ) $(SRV_LIBOBJ) $(LIBPOLIS) \
	  $(call pc_libs,libxml-2.0 md4c md4c-html yaml-0.1 libcurl libmicrohttpd zlib) $(LIB_LIBS) -lpthread -lm

# Rebuilt when the indexer or anything in corpus/ is newer than the index:
# file names may hold spaces ("cites-educatives (1).md"), which make cannot
# take as prerequisites.
CORPUS_NEWER := $(shell find corpus -newer $(INDEX)/.built -print -quit 2>/dev/null)
$(INDEX)/.built: $(INDEXER) $(if $(CORPUS_NEWER),FORCE)
	rm -rf $(INDEX).tmp
	$(INDEXER) build corpus --index $(INDEX).tmp
	rm -rf $(INDEX) && mv $(INDEX).tmp $(INDEX) && touch $@

FORCE:

# As root (a container's), the daemon is told it may serve as root.
run: deps
	$(MAKE) -j$$(nproc) $(INDEXER) $(SEARCHD)
	$(MAKE) $(INDEX)/.built
	$(SEARCHD) --index $(INDEX) --listen 127.0.0.1:$(PORT) $(if $(filter 0,$(shell id -u)),--allow-root)

# The browser tests (tests/t/30-browser.t) need Node.js, npm, Debian's
# chromium and playwright-core (tests/browser/package-lock.json, for Debian's
# Node 18; tests/browser/.npmrc makes npm refuse a package whose engines this
# Node does not meet).  Until `make browser-deps` has run, `make check` skips
# the browser test, saying why; under CI=true it fails instead.
browser-deps:
	$(call apt_install,$(BROWSER_DEB_PKGS))
	@if [ ! -f tests/browser/node_modules/.package-lock.json ] || \
	    [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then \
	  echo "browser-deps: npm ci in tests/browser (node $$(node --version))"; \
	  cd tests/browser && npm ci --no-audit --no-fund; \
	else echo "browser-deps: tests/browser/node_modules is up to date"; fi

# The tools tests/t/32-exports.t imports the exports with.  Until they are
# there, `make check` skips that test, saying why; under CI=true it fails.
export-deps:
	$(call apt_install,$(EXPORT_DEB_PKGS))

# The suite: unit programs (TAP) and tests/t/*.t (TAP), under prove.  It
# builds and tests only; `make deps` (or `make run`) installs what it needs.
check: check-tools
	$(MAKE) all
	POLIS_BUILD=$(abspath $(BUILD)) POLIS_SAN="$(SAN)" prove -e env $(UNIT_BIN) tests/t/*.t
test: check

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer
# (gcc's own runtimes: nothing to install beyond `make deps`).
asan: check-tools
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 check

# The files that name installed paths are written with @WORDS@ (man/*.in,
# dist/*.in); the build fills them in.
GEN   := $(patsubst %.in,$(BUILD)/%,$(wildcard man/*.in dist/*.in))
SUBST := sed -e 's|@VERSION@|$(VERSION)|g' -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@BINDIR@|$(BINDIR)|g' \
          -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
          -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
          -e 's|@PC_LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|g' \
          -e 's|@PC_INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|g'
$(GEN): $(BUILD)/%: %.in $(BUILD)/paths.stamp
	@mkdir -p $(@D)
	$(SUBST) $< > $@

# Debug information kept apart from the stripped files that are installed.
$(BUILD)/%.debug: $(BUILD)/%
	objcopy --only-keep-debug $< $@
STRIPPED := $(INDEXER) $(SEARCHD) $(LIBPOLIS_REAL)
# $(call install_stripped,FILE,DIR,MODE): FILE stripped into DIR, linked to
# its FILE.debug (gdb finds it in DEBUGDIR/DIR).
install_stripped = install -s -m $(3) $(1) $(DESTDIR)$(2)/ && \
  objcopy --add-gnu-debuglink=$(1).debug $(DESTDIR)$(2)/$(notdir $(1)) && \
  install -d $(DESTDIR)$(DEBUGDIR)$(2) && install -m 644 $(1).debug $(DESTDIR)$(DEBUGDIR)$(2)/

# A Debian-style installation; `make install PREFIX=/usr DESTDIR=...` for a
# package.  An existing polis.conf is kept.
install: $(STRIPPED) $(STRIPPED:=.debug) $(LIBPOLIS) $(GEN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/polis \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DATADIR) \
	  $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/polis
	$(call install_stripped,$(INDEXER),$(BINDIR),755)
	$(call install_stripped,$(SEARCHD),$(BINDIR),755)
	$(call install_stripped,$(LIBPOLIS_REAL),$(LIBDIR),644)
	ln -sf $(notdir $(LIBPOLIS_REAL)) $(DESTDIR)$(LIBDIR)/$(LIBPOLIS_SONAME)
	ln -sf $(LIBPOLIS_SONAME) $(DESTDIR)$(LIBDIR)/libpolis.so
	install -m 644 $(LIBPOLIS) $(DESTDIR)$(LIBDIR)/
	install -m 644 $(BUILD)/dist/polis.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 644 include/polis/*.h $(DESTDIR)$(INCLUDEDIR)/polis/
	install -m 644 $(BUILD)/man/polis-indexer.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(BUILD)/man/polis-searchd.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 644 corpus/themes.tsv corpus/synonyms.tsv $(DESTDIR)$(DATADIR)/
	install -m 644 $(BUILD)/dist/polis-searchd.service $(BUILD)/dist/polis-rebuild.service \
	  dist/polis-rebuild.timer $(DESTDIR)$(UNITDIR)/
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/polis/polis.conf ]; then \
	  echo "kept $(DESTDIR)$(SYSCONFDIR)/polis/polis.conf (the example: dist/polis.conf)"; \
	else echo "install -m 644 dist/polis.conf $(DESTDIR)$(SYSCONFDIR)/polis/"; \
	  install -m 644 dist/polis.conf $(DESTDIR)$(SYSCONFDIR)/polis/; fi

# The one formatter configuration, .clang-format, applied to every C and C++ file.
format:
	clang-format -i --style=file $$(git ls-files '*.c' '*.h' '*.cc')

clean:
	rm -rf build build-asan build-fuzz build-tune

-include tests/fuzz/fuzz.mk
-include tests/bench/bench.mk
-include tests/relevance/relevance.mk
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
