#!/usr/bin/env bash
# bench.sh — Polis beside omindex/Omega, SQLite FTS5 and a bare libmicrohttpd
# server, every row measured in this one run on the same generated documents.
# Run by `make bench` (tests/bench/bench.mk), which builds the binaries and
# installs the peers first.  Knobs: see tests/bench/README.md.
#
# Each part (index, query, http, scale) runs on its own when the others fail or
# are left out (BENCH_ONLY), and a part whose program is missing or fails gives
# a row that says so instead of stopping the run.

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
INDEXER=$BUILD/polis-indexer
SEARCHD=$BUILD/polis-searchd
QBENCH=$BUILD/bench/qbench
MHD=$BUILD/bench/mhd_ceiling

# Programs that `make bench` could not build are not run, even when an older
# binary is still in build/.
NOT_BUILT=" ${BENCH_BUILD_FAILED:-} "
[[ $NOT_BUILT == *" polis-indexer "* ]] && INDEXER="$INDEXER (did not build)"
[[ $NOT_BUILT == *" polis-searchd "* ]] && SEARCHD="$SEARCHD (did not build)"
[[ $NOT_BUILT == *" qbench "* ]] && QBENCH="$QBENCH (did not build)"
[[ $NOT_BUILT == *" mhd_ceiling "* ]] && MHD="$MHD (did not build)"

SEED=${BENCH_SEED:-42}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
    N=${BENCH_N:-2000}
    SCALES=${BENCH_SCALES:-"1000 2000"}
    RUNS=${BENCH_RUNS:-1}
    WRK_SECS=${BENCH_WRK_SECS:-3}
else
    # 100k documents and the 10k -> 100k scale (the issue's sizes) take about
    # an hour with today's polis-indexer and omindex on 2 cores, so the default
    # is 10k: BENCH_N=100000 BENCH_SCALES="10000 100000" for the full sizes.
    N=${BENCH_N:-10000}
    SCALES=${BENCH_SCALES:-"1000 10000"}
    RUNS=${BENCH_RUNS:-3}
    WRK_SECS=${BENCH_WRK_SECS:-10}
fi
ONLY=${BENCH_ONLY:-"index query http scale shards"}
# 0: the scale part leaves SQLite FTS5 out (its 100k query pass alone takes
# longer than all of Polis's rows).
SCALE_FTS5=${BENCH_SCALE_FTS5:-1}
# The shards part: documents, and the shard counts built and queried.
SHARDS_N=${BENCH_SHARDS_N:-$N}
SHARDS=${BENCH_SHARDS:-"1 2 4"}
# Forms polis-indexer is timed on at N: md always; html (omindex's input) and oai on request.
POLIS_FORMS=${BENCH_POLIS_FORMS:-md}
# Runs past this many seconds are not repeated: an indexing run that long is
# done once, and query passes stop once they have taken that long (at least one).
BUDGET=${BENCH_RUN_BUDGET:-150}
WORK=${BENCH_DIR:-/tmp/polis-bench}
# Address-space cap for each indexer (MB), so a runaway build fails its row
# instead of pushing the machine into the OOM killer.  Default: half the RAM.
MEM_LIMIT_MB=${BENCH_MEM_LIMIT_MB:-$(awk '/^MemTotal:/ {printf "%d", $2 / 2048}' /proc/meminfo)}
OUTDIR=${BENCH_OUT:-$ROOT/bench-results}
NPROC=$(nproc)
STAMP=$(date +%Y%m%d-%H%M%S)
START=$EPOCHREALTIME

mkdir -p "$WORK" "$OUTDIR"
ROWS=$WORK/rows-$STAMP.tsv
LOGS=$WORK/logs-$STAMP
mkdir -p "$LOGS"
: >"$ROWS"

# Snapshot the programs: build/ may be rebuilt while the bench runs (another
# `make`), and every row of one table must come from the same binaries.
BIN=$WORK/bin-$STAMP
mkdir -p "$BIN"
for v in INDEXER SEARCHD QBENCH MHD; do
    if [ -x "${!v}" ]; then
        cp "${!v}" "$BIN/" && printf -v "$v" '%s' "$BIN/${!v##*/}"
    fi
done

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
want() { [[ " $ONLY " == *" $1 "* ]]; }

# BENCH_BEFORE=DIR: the polis-indexer, polis-searchd and qbench of another
# build (main's, say), measured in this same run on their own indexes of the
# same documents: the "-before" rows, and agree.py between the two servers.
BEFORE=
if [ -n "${BENCH_BEFORE:-}" ]; then
    mkdir -p "$BIN/before"
    BEFORE=$BIN/before
    for p in polis-indexer polis-searchd qbench; do
        cp "$BENCH_BEFORE/$p" "$BEFORE/" 2>/dev/null || { log "BENCH_BEFORE: no $p in $BENCH_BEFORE"; BEFORE=; break; }
    done
fi

# row SECTION ENGINE DOCS CONN "k=v k=v" "free-text note"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "${6:-}" >>"$ROWS"; }

# The python3 whose sqlite3 module has FTS5 (Debian's does).
PY=
for p in python3 /usr/bin/python3; do
    if "$p" -c "import sqlite3; sqlite3.connect(':memory:').execute(\"create virtual table t using fts5(a, tokenize='unicode61 remove_diacritics 2')\")" 2>/dev/null; then
        PY=$p
        break
    fi
done
[ -n "$PY" ] || { log "no python3 with sqlite3 FTS5"; PY=python3; }

# ---- servers we start, and only those, are stopped on exit -----------------------
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME CMD... : start in the background, wait for the line that
# gives its URL; sets SRV_PID and SRV_URL, returns 1 when it did not come up.
# polis-searchd refuses to serve as root without --user or --allow-root:
# a benchmark run as root (a container's) says it means it.
SEARCHD_AS_ROOT=()
if [ "$(id -u)" = 0 ] && [ -x "$SEARCHD" ] && "$SEARCHD" --help 2>&1 | grep -q -- --allow-root; then
    SEARCHD_AS_ROOT=(--allow-root)
fi

start_server() {
    local name=$1
    shift
    local out=$LOGS/$name.out
    "$@" >"$out" 2>"$LOGS/$name.err" &
    SRV_PID=$!
    PIDS+=("$SRV_PID")
    SRV_URL=
    local i
    for ((i = 0; i < 300; i++)); do
        SRV_URL=$(grep -o -m1 'listening on http://[^ ]*' "$out" 2>/dev/null | sed 's/^listening on //')
        if [ -z "$SRV_URL" ]; then
            SRV_URL=$(sed -n 's/^Serving HTTP on \([0-9.]*\) port \([0-9]*\).*/http:\/\/\1:\2/p' "$out" 2>/dev/null | head -1)
        fi
        [ -n "$SRV_URL" ] && return 0
        kill -0 "$SRV_PID" 2>/dev/null || break
        sleep 0.1
    done
    log "$name did not start: $(tail -3 "$LOGS/$name.err" | tr '\n' ' ')"
    stop_server "$SRV_PID"
    return 1
}

stop_server() {
    local pid=$1 p keep=()
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    for p in "${PIDS[@]}"; do
        [ "$p" = "$pid" ] || keep+=("$p")
    done
    PIDS=("${keep[@]}")
}

# rss_of PID: "vmrss_kb=N rssanon_kb=N rssfile_kb=N"
rss_of() {
    awk '/^VmRSS:/ {r=$2} /^RssAnon:/ {a=$2} /^RssFile:/ {f=$2}
         END {printf "vmrss_kb=%d rssanon_kb=%d rssfile_kb=%d", r, a, f}' "/proc/$1/status"
}

# missing PROGRAM: why a program is not there, for a row's note.
missing() {
    case $1 in
    *"(did not build)") echo "${1##*/}" ;;
    *) echo "${1##*/} not built" ;;
    esac
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# kv KEY "k=v k=v": the value of KEY.
kv() { printf '%s\n' $2 | sed -n "s/^$1=//p" | head -1; }

# ---- the corpus ----------------------------------------------------------------------

# corpus SIZE FORMATS: generate (or reuse) the corpus of SIZE documents in the
# comma list of forms; prints its directory.  A corpus is reused when gen.py and
# the theme table are unchanged (a stamp per form records that).
corpus() {
    local size=$1 formats=$2 key f missing=
    key=$(cat "$HERE/gen.py" "$ROOT/corpus/themes.tsv" "$ROOT/corpus/synonyms.tsv" 2>/dev/null | md5sum | cut -c1-8)
    local dir=$WORK/corpus-s$SEED-n$size
    for f in ${formats//,/ }; do
        [ -e "$dir/.done-$key-$f" ] || missing=1
    done
    if [ -n "$missing" ]; then
        log "generating $size documents ($formats) in $dir"
        rm -rf "$dir"
        if ! "$PY" "$HERE/gen.py" --seed "$SEED" --n "$size" --out "$dir" --formats "$formats" \
            --jobs "$NPROC" >"$LOGS/gen-$size.log" 2>&1; then
            log "gen.py failed: $(tail -3 "$LOGS/gen-$size.log")"
            return 1
        fi
        for f in ${formats//,/ }; do
            touch "$dir/.done-$key-$f"
        done
    fi
    echo "$dir"
}

manifest_bytes() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['bytes'].get(sys.argv[2], 0))" "$1/manifest.json" "$2"; }

# ---- timing one program -----------------------------------------------------------------

# timed LOG CMD...: run CMD under /usr/bin/time -v; sets T_SECS (wall, from the
# shell's clock), T_RSS_KB (peak RSS) and T_RC.
timed() {
    local logf=$1
    shift
    local tf=$logf.time t0 t1
    t0=$EPOCHREALTIME
    (ulimit -v $((MEM_LIMIT_MB * 1024)) && exec /usr/bin/time -v -o "$tf" "$@") >"$logf" 2>&1
    T_RC=$?
    t1=$EPOCHREALTIME
    T_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
    T_RSS_KB=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tf" 2>/dev/null)
    T_RSS_KB=${T_RSS_KB:-0}
}

# Number of documents in a Xapian database (polis index root or omindex db).
xapian_docs() {
    local db=$1
    [ -d "$db/current" ] && db=$db/current
    xapian-delve "$db" 2>/dev/null | sed -n 's/^number of documents = //p'
}

# Distinct values of the author facet of a polis index (its XA terms).
distinct_authors() {
    local db=$1
    [ -d "$db/current" ] && db=$db/current
    xapian-delve -1 -A XA "$db" 2>/dev/null | wc -l
}

# index_engine ENGINE SIZE CORPUS OUT [SECTION]: build an index up to RUNS times
# (once when a run takes longer than BUDGET) and record its row.
index_engine() {
    local engine=$1 size=$2 c=$3 out=$4 section=${5:-index}
    local secs=() rss=() r cmd bytes form
    case $engine in
    polis-indexer) form=md; cmd=("$INDEXER" build "$c/md" --index "$out") ;;
    polis-indexer-before) form=md; cmd=("$BEFORE/polis-indexer" build "$c/md" --index "$out") ;;
    polis-indexer-html | polis-indexer-oai)
        form=${engine#polis-indexer-}
        cmd=("$INDEXER" build "$c/$form" --index "$out" --themes "$c/md/themes.tsv")
        [ -f "$c/md/synonyms.tsv" ] && cmd+=(--synonyms "$c/md/synonyms.tsv")
        ;;
    omindex) form=html; cmd=(omindex --db "$out" --url / -s french "$c/html") ;;
    sqlite-fts5) form=md; cmd=("$PY" "$HERE/fts5.py" index "$c/md" "$out") ;;
    esac
    bytes=$(manifest_bytes "$c" "$form")
    if [[ $engine == polis-indexer* ]] && [ ! -x "$INDEXER" ]; then
        row "$section" "$engine" "$size" - "" "not run: $(missing "$INDEXER")"
        return 1
    fi
    for ((r = 1; r <= RUNS; r++)); do
        rm -rf "$out"
        log "$engine: indexing $size documents, run $r/$RUNS"
        timed "$LOGS/$engine-$size-$r.log" "${cmd[@]}"
        if [ "$T_RC" != 0 ]; then
            log "$engine failed (exit $T_RC): $(tail -3 "$LOGS/$engine-$size-$r.log" | tr '\n' ' ')"
            row "$section" "$engine" "$size" - "" "failed (exit $T_RC, run $r): $(tail -1 "$LOGS/$engine-$size-$r.log" | tr '\t' ' ' | cut -c1-120)"
            # Later parts must not run on a half-built index.
            rm -rf "$out"
            return 1
        fi
        secs+=("$T_SECS")
        rss+=("$T_RSS_KB")
        awk -v s="$T_SECS" -v b="$BUDGET" 'BEGIN {exit !(s > b)}' && break
    done
    local med mrss disk docs
    med=$(median "${secs[@]}")
    mrss=$(median "${rss[@]}")
    disk=$(du -sb "$out" | cut -f1)
    if [ "$engine" = sqlite-fts5 ]; then
        docs=$("$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from docs').fetchone()[0])" "$out" 2>/dev/null)
    else
        docs=$(xapian_docs "$out")
    fi
    row "$section" "$engine" "$size" - \
        "secs=$med runs=${#secs[@]} rss_kb=$mrss size_b=$disk bytes=$bytes indexed=${docs:-?} all_secs=$(IFS=,; echo "${secs[*]}")" \
        "$form"
    return 0
}

# ---- parts ------------------------------------------------------------------------------------

QFILE=$WORK/queries-s$SEED.tsv
POLIS_IDX=$WORK/index-polis-$N
OMEGA_DB=$WORK/index-omindex-$N
FTS_DB=$WORK/index-fts5-$N.db
declare -A QP50 MEM

part_index() {
    local c f forms=md,html
    [[ " $POLIS_FORMS " == *" oai "* ]] && forms=md,html,oai
    c=$(corpus "$N" "$forms") || { row index - "$N" - "" "corpus generation failed"; return; }
    index_engine polis-indexer "$N" "$c" "$POLIS_IDX"
    [ -n "$BEFORE" ] && index_engine polis-indexer-before "$N" "$c" "$WORK/index-before-$N"
    # Polis on the other forms of the same documents (BENCH_POLIS_FORMS).
    for f in $POLIS_FORMS; do
        [ "$f" = md ] && continue
        index_engine "polis-indexer-$f" "$N" "$c" "$WORK/index-polis-$f-$N"
        rm -rf "$WORK/index-polis-$f-$N"
    done
    index_engine omindex "$N" "$c" "$OMEGA_DB"
    index_engine sqlite-fts5 "$N" "$c" "$FTS_DB"
}

part_query() {
    local size=${1:-$N} idx=${2:-$POLIS_IDX} db=${3:-$FTS_DB} section=${4:-query} res
    if [ ! -x "$QBENCH" ]; then
        row "$section" polis-shim "$size" - "" "not run: $(missing "$QBENCH")"
    elif [ ! -d "$idx" ]; then
        row "$section" polis-shim "$size" - "" "not run: no polis index of $size documents"
    else
        log "qbench on $size documents"
        if res=$("$QBENCH" --index "$idx" --queries "$QFILE" --runs "$RUNS" --budget "$BUDGET" 2>"$LOGS/qbench-$size.err"); then
            row "$section" polis-shim "$size" - "$res" "theme facet, top 10"
            QP50[$size]=$(kv p50_us "$res")
        else
            row "$section" polis-shim "$size" - "" "failed: $(tail -1 "$LOGS/qbench-$size.err" | cut -c1-120)"
        fi
        # The floor: plain Xapian on the same index and queries (qbench --floor).
        log "qbench --floor on $size documents"
        if res=$("$QBENCH" --floor --index "$idx" --queries "$QFILE" --runs "$RUNS" --budget "$BUDGET" 2>"$LOGS/floor-$size.err"); then
            row "$section" xapian-floor "$size" - "$res" "plain Xapian on Polis's index: one Enquire, top 10, theme counts by ValueCountMatchSpy, check_at_least = all"
        else
            row "$section" xapian-floor "$size" - "" "failed: $(tail -1 "$LOGS/floor-$size.err" | cut -c1-120)"
        fi
        # Throughput in process on both cores: Xapian's top 10 alone (no
        # counts, no stored data: what no search through its matcher can
        # beat) beside Polis's whole answer.
        log "qbench --threads 2 on $size documents"
        if res=$("$QBENCH" --floor --top-only --threads 2 --index "$idx" --queries "$QFILE" --budget 10 2>"$LOGS/top-only-$size.err"); then
            row qps xapian-top-only "$size" 2 "$res" "plain Xapian, top 10 only (no spy, default check_at_least), 2 threads in process"
        fi
        if res=$("$QBENCH" --threads 2 --index "$idx" --queries "$QFILE" --budget 10 2>"$LOGS/qbench-threads-$size.err"); then
            row qps polis-shim "$size" 2 "$res" "theme facet, top 10, 2 threads in process"
        fi
        # The author facet beside the theme's: every value a document names.
        log "qbench with the author facet on $size documents"
        if res=$("$QBENCH" --index "$idx" --facets theme,author --queries "$QFILE" --runs "$RUNS" --budget "$BUDGET" 2>"$LOGS/qbench-author-$size.err"); then
            row "$section" polis-shim-author "$size" - "$res distinct_authors=$(distinct_authors "$idx")" "theme and author facets (100 values each), top 10"
        fi
    fi
    local bidx=$WORK/index-before-$size
    if [ -n "$BEFORE" ] && [ -d "$bidx" ]; then
        log "qbench (before) on $size documents"
        if res=$("$BEFORE/qbench" --index "$bidx" --queries "$QFILE" --runs "$RUNS" --budget "$BUDGET" 2>"$LOGS/qbench-before-$size.err"); then
            row "$section" polis-shim-before "$size" - "$res" "theme facet, top 10; BENCH_BEFORE's programs on their own index"
        fi
    fi
    if [ "$section" = scale-query ] && [ "$SCALE_FTS5" != 1 ]; then
        : # left out on request (BENCH_SCALE_FTS5=0)
    elif [ ! -f "$db" ]; then
        row "$section" sqlite-fts5 "$size" - "" "not run: no FTS5 database of $size documents"
    else
        log "FTS5 queries on $size documents"
        if res=$("$PY" "$HERE/fts5.py" query "$db" "$QFILE" --runs "$RUNS" --budget "$BUDGET" 2>"$LOGS/fts5q-$size.err"); then
            row "$section" sqlite-fts5 "$size" - "$res" "bm25 top 10 + GROUP BY theme"
        else
            row "$section" sqlite-fts5 "$size" - "" "failed: $(tail -1 "$LOGS/fts5q-$size.err" | cut -c1-120)"
        fi
    fi
}

# wrk_row, http_nocache, agreement: tests/bench/http.sh.
# shellcheck source=tests/bench/http.sh
source "$HERE/http.sh"

omega_setup() {
    local dir=$WORK/omega
    rm -rf "$dir"
    mkdir -p "$dir/cgi-bin" "$dir/data" "$dir/templates" "$dir/log" "$dir/cdb"
    local cgi=/usr/lib/cgi-bin/omega/omega
    [ -x "$cgi" ] || cgi=/usr/lib/cgi-bin/omega
    [ -f "$cgi" ] || return 1
    cp "$cgi" "$dir/cgi-bin/omega"
    cp -rL /var/lib/xapian-omega/templates/. "$dir/templates/"
    # French stemming, as omindex -s french indexed it, then the stock template.
    printf '$set{stemmer,french}$include{$opt{template_dir}/query}' >"$dir/templates/bench"
    printf 'database_dir %s\ntemplate_dir %s\nlog_dir %s\ncdb_dir %s\n' \
        "$dir/data" "$dir/templates" "$dir/log" "$dir/cdb" >"$dir/omega.conf"
    ln -s "$OMEGA_DB" "$dir/data/bench"
    echo "$dir"
}

part_http() {
    local url
    if ! command -v wrk >/dev/null; then
        row http - "$N" - "" "not run: wrk missing"
        return
    fi
    # The ceiling: a bare libmicrohttpd server with a fixed 2 KB body.
    if [ -x "$MHD" ] && start_server mhd "$MHD" --listen 127.0.0.1:0 --threads "$NPROC"; then
        url=$SRV_URL
        for c in 1 16 64; do wrk_row mhd-ceiling "$url" polis "$c"; done
        stop_server "$SRV_PID"
    else
        row http mhd-ceiling "$N" - "" "not run: $(missing "$MHD") or did not start"
    fi
    # polis-searchd on the bench index.
    if [ ! -x "$SEARCHD" ]; then
        row http polis-searchd "$N" - "" "not run: $(missing "$SEARCHD")"
    elif [ ! -d "$POLIS_IDX" ]; then
        row http polis-searchd "$N" - "" "not run: no polis index of $N documents"
    elif start_server searchd "$SEARCHD" "${SEARCHD_AS_ROOT[@]}" --index "$POLIS_IDX" --listen 127.0.0.1:0 --quiet \
        --max-per-ip 1024; then
        url=$SRV_URL
        local w
        w=$("$PY" "$HERE/warm.py" "$url" "$QFILE" 2>"$LOGS/warm-$N.err")
        MEM[$N]="$(rss_of "$SRV_PID") $w"
        for c in 1 16 64; do wrk_row polis-searchd "$url" polis "$c"; done
        MEM_AFTER_LOAD="$(rss_of "$SRV_PID")"
        stop_server "$SRV_PID"
        # The same without the answer cache: wrk cycles through 1,000 queries,
        # so after one pass the cache answers them all and no search runs.
        if "$SEARCHD" --help 2>&1 | grep -q -- --answer-cache-mb; then
            http_nocache polis-searchd-nocache "$SEARCHD" "$POLIS_IDX" "$N" "1 16 64"
            [ -n "$BEFORE" ] &&
                http_nocache polis-searchd-nocache-before "$BEFORE/polis-searchd" "$WORK/index-before-$N" "$N" "1 16 64"
            agreement "$N" "$POLIS_IDX" "$WORK/index-before-$N"
        fi
    else
        row http polis-searchd "$N" - "" "did not start: $(tail -1 "$LOGS/searchd.err" | cut -c1-120)"
    fi
    # Omega's CGI, one process per query, behind python3's CGI server.
    local odir
    if [ ! -d "$OMEGA_DB" ]; then
        row http omega-cgi "$N" - "" "not run: no omindex database"
    elif ! odir=$(omega_setup); then
        row http omega-cgi "$N" - "" "not run: omega CGI not installed (xapian-omega)"
    elif start_server omega bash -c "cd '$odir' && OMEGA_CONFIG_FILE='$odir/omega.conf' exec '$PY' -u -m http.server --cgi --bind 127.0.0.1 0"; then
        url=$SRV_URL
        "$PY" "$HERE/warm.py" "$url" "$QFILE" --mode omega >"$LOGS/warm-omega.out" 2>&1
        for c in 1 16; do wrk_row omega-cgi "$url" omega "$c"; done
        stop_server "$SRV_PID"
    else
        row http omega-cgi "$N" - "" "did not start: $(tail -1 "$LOGS/omega.err" | cut -c1-120)"
    fi
}

# searchd's RSS after the 1,000 queries, on the polis index of SIZE documents.
searchd_memory() {
    local size=$1 idx=$2 w
    [ -x "$SEARCHD" ] && [ -d "$idx" ] || return 1
    start_server "searchd-$size" "$SEARCHD" "${SEARCHD_AS_ROOT[@]}" --index "$idx" --listen 127.0.0.1:0 --quiet || return 1
    w=$("$PY" "$HERE/warm.py" "$SRV_URL" "$QFILE" 2>"$LOGS/warm-$size.err")
    MEM[$size]="$(rss_of "$SRV_PID") $w"
    stop_server "$SRV_PID"
}

part_scale() {
    local s c
    for s in $SCALES; do
        if [ "$s" = "$N" ] && want index; then
            # Measured above, in this run: the index part's rows are the scale rows.
            [ -n "${QP50[$s]:-}" ] || part_query "$s" "$POLIS_IDX" "$FTS_DB" scale-query
            [ -n "${MEM[$s]:-}" ] || searchd_memory "$s" "$POLIS_IDX"
            continue
        fi
        c=$(corpus "$s" md) || { row scale - "$s" - "" "corpus generation failed"; continue; }
        index_engine polis-indexer "$s" "$c" "$WORK/index-polis-$s" scale
        [ -n "$BEFORE" ] && index_engine polis-indexer-before "$s" "$c" "$WORK/index-before-$s" scale
        [ "$SCALE_FTS5" = 1 ] && index_engine sqlite-fts5 "$s" "$c" "$WORK/index-fts5-$s.db" scale
        part_query "$s" "$WORK/index-polis-$s" "$WORK/index-fts5-$s.db" scale-query
        # Over HTTP without the answer store: one connection (Polis ÷ floor,
        # and the parts of an answer) and 64 (throughput), at every size, so
        # that the 100k target is read in a run that skips the index part.
        if command -v wrk >/dev/null; then
            http_nocache polis-searchd-nocache "$SEARCHD" "$WORK/index-polis-$s" "$s" "1 64"
            [ -n "$BEFORE" ] &&
                http_nocache polis-searchd-nocache-before "$BEFORE/polis-searchd" "$WORK/index-before-$s" "$s" "1 64"
            agreement "$s" "$WORK/index-polis-$s" "$WORK/index-before-$s"
        fi
        searchd_memory "$s" "$WORK/index-polis-$s"
        # Scale corpora and indexes are large and cheap to remake.
        rm -rf "$WORK/index-polis-$s" "$WORK/index-before-$s" "$WORK/index-fts5-$s.db"
    done
}

# The same SHARDS_N documents rebuilt in 1, 2 and 4 shards (no final merge
# into one), each queried in process; then the 2-shard generation served by
# two xapian-tcpsrv on loopback and queried through them.
part_shards() {
    local c k root two="" res
    if [ ! -x "$INDEXER" ] || [ ! -x "$QBENCH" ]; then
        row shards - "$SHARDS_N" - "" "not run: $(missing "$INDEXER") or $(missing "$QBENCH")"
        return
    fi
    c=$(corpus "$SHARDS_N" md) || { row shards - "$SHARDS_N" - "" "corpus generation failed"; return; }
    for k in $SHARDS; do
        root=$WORK/index-shards-$k
        rm -rf "$root"
        log "polis-indexer: rebuilding $SHARDS_N documents in $k shard(s)"
        timed "$LOGS/shards-$k.log" "$INDEXER" rebuild "$c/md" --index-root "$root" --shards "$k" \
            --no-progress --quiet
        if [ "$T_RC" != 0 ]; then
            row shards "polis-$k-shards" "$SHARDS_N" - "" "rebuild failed: $(tail -1 "$LOGS/shards-$k.log" | cut -c1-120)"
            continue
        fi
        local docs rate
        docs=$(xapian_docs "$root")
        rate=$(awk -v d="${docs:-0}" -v s="$T_SECS" 'BEGIN {printf "%.0f", (s > 0 ? d / s : 0)}')
        log "qbench on $k shard(s)"
        if res=$("$QBENCH" --index "$root" --queries "$QFILE" --runs "$RUNS" --budget "$BUDGET" \
            2>"$LOGS/qbench-shards-$k.err"); then
            row shards "polis-$k-shards" "$SHARDS_N" - "$res rebuild_s=$T_SECS rebuild_docs_s=$rate rss_kb=$T_RSS_KB docs=${docs:-0}" \
                "top 10 + theme counts; $([ "$k" = 1 ] && echo "one database" || echo "the shards ranked at once, a thread each, in process (searchd's default)")"
        else
            row shards "polis-$k-shards" "$SHARDS_N" - "rebuild_s=$T_SECS rebuild_docs_s=$rate" "qbench failed: $(tail -1 "$LOGS/qbench-shards-$k.err" | cut -c1-120)"
        fi
        # The same shards ranked by a xapian-progsrv child each (--shard-program).
        if [ "$k" != 1 ] && command -v xapian-progsrv >/dev/null &&
            res=$("$QBENCH" --index "$root" --queries "$QFILE" --runs "$RUNS" --budget "$BUDGET" \
            --shard-program xapian-progsrv 2>"$LOGS/qbench-shards-$k-progsrv.err"); then
            row shards "polis-$k-shards-progsrv" "$SHARDS_N" - "$res" "top 10 + theme counts; the shards ranked at once by a xapian-progsrv child each (--shard-program xapian-progsrv)"
        fi
        # Only the 2-shard generation is served again below: at a million
        # documents the disk holds one generation, not three.
        if [ "$k" = 2 ]; then two=$root; else rm -rf "$root"; fi
    done
    if [ -z "$two" ] || ! command -v xapian-tcpsrv >/dev/null; then
        row shards polis-2-remote "$SHARDS_N" - "" "not run: no 2-shard generation or no xapian-tcpsrv"
        [ -z "$two" ] || [ "${BENCH_KEEP_SHARDS:-0}" = 1 ] || rm -rf "$two"
        return
    fi
    local gen p0 p1 pids=()
    gen=$(readlink -f "$two/current")
    p0=$(shuf -i 20000-40000 -n 1)
    p1=$((p0 + 1))
    # Each in a session of its own: xapian-tcpsrv signals its whole process
    # group when it stops (its forked children), which would stop the bench.
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$p0" "$gen/shard-0" >"$LOGS/tcpsrv-0.log" 2>&1 &
    pids+=($!)
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$p1" "$gen/shard-1" >"$LOGS/tcpsrv-1.log" 2>&1 &
    pids+=($!)
    sleep 1
    log "qbench on 2 remote shards"
    if res=$("$QBENCH" --remote "tcp://127.0.0.1:$p0" --remote "tcp://127.0.0.1:$p1" \
        --queries "$QFILE" --runs "$RUNS" --budget "$BUDGET" 2>"$LOGS/qbench-remote.err"); then
        row shards polis-2-remote "$SHARDS_N" - "$res" "2 xapian-tcpsrv on loopback, counts by match spies"
    else
        row shards polis-2-remote "$SHARDS_N" - "" "qbench failed: $(tail -1 "$LOGS/qbench-remote.err" | cut -c1-120)"
    fi
    local pid
    for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null; done
    wait "${pids[@]}" 2>/dev/null
    [ "${BENCH_KEEP_SHARDS:-0}" = 1 ] || rm -rf "$two"
}

# ---- the run ------------------------------------------------------------------------------------

log "N=$N scales='$SCALES' shards='$SHARDS' at $SHARDS_N runs=$RUNS wrk=${WRK_SECS}s parts='$ONLY' work=$WORK"
"$PY" "$HERE/queries.py" --seed "$SEED" --n 1000 --out "$QFILE" || { log "queries.py failed"; exit 1; }

want index && part_index
want query && part_query
want http && part_http
want scale && part_scale
want shards && part_shards
for s in "${!MEM[@]}"; do
    row memory polis-searchd "$s" - "${MEM[$s]}" "after the 1,000 queries once"
done
[ -n "${MEM_AFTER_LOAD:-}" ] && row memory polis-searchd "$N" - "$MEM_AFTER_LOAD" "after the wrk runs"

ELAPSED=$(awk -v a="$START" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}')
RESULT=$OUTDIR/bench-$STAMP.md
"$PY" "$HERE/report.py" --rows "$ROWS" --out "$RESULT" --n "$N" --runs "$RUNS" --seed "$SEED" \
    --scales "$SCALES" --wrk-secs "$WRK_SECS" --elapsed "$ELAPSED" --quick "${BENCH_QUICK:-0}" \
    --root "$ROOT"
rm -rf "$BIN"
log "table written to $RESULT (logs in $LOGS)"
