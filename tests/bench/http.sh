# http.sh — bench.sh's HTTP helpers: a wrk row (with the answers' parts
# from polis-searchd's /metrics), polis-searchd without its answer store at
# some connection counts, and agree.py between this build and BENCH_BEFORE's.
# Sourced by bench.sh, whose globals (WORK, LOGS, QFILE, PY, HERE, N, NPROC,
# WRK_SECS, SEARCHD, BEFORE, SEARCHD_AS_ROOT) and helpers (log, row,
# start_server, stop_server) it uses.

# The parts of the searches' answers so far, from a polis-searchd's
# /metrics: "search_s=S hits_s=S json_s=S answers=N" (nothing from a build
# that does not time them).
metrics_parts() {
    "$PY" - "$1/metrics" <<'PYEOF' 2>/dev/null
import re, sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=10).read().decode()
parts = dict(re.findall(r'^polis_search_part_seconds_total\{part="(\w+)"\} (\S+)', text, re.M))
answers = re.search(r'^polis_search_answers_total (\d+)', text, re.M)
if parts and answers:
    print(" ".join(f"{k}_s={v}" for k, v in sorted(parts.items())) + f" answers={answers.group(1)}")
PYEOF
}

# The mean microseconds per answer of each part between two metrics_parts.
parts_delta() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        n = split(a, x, " "); for (i = 1; i <= n; i++) { split(x[i], kv, "="); A[kv[1]] = kv[2] }
        n = split(b, y, " "); for (i = 1; i <= n; i++) { split(y[i], kv, "="); B[kv[1]] = kv[2] }
        d = B["answers"] - A["answers"]; if (d <= 0) exit
        printf "part_search_us=%.0f part_hits_us=%.0f part_json_us=%.0f",
            (B["search_s"] - A["search_s"]) * 1e6 / d, (B["hits_s"] - A["hits_s"]) * 1e6 / d,
            (B["json_s"] - A["json_s"]) * 1e6 / d }'
}

# wrk_row NAME URL MODE CONN [SIZE [PARTS]]: SIZE the documents (default N);
# PARTS=1 reads the answers' parts from polis-searchd's /metrics around the run.
wrk_row() {
    local name=$1 url=$2 mode=$3 conn=$4 size=${5:-$N} parts=${6:-0} t out m0= m1=
    t=$((conn < NPROC ? conn : NPROC))
    out=$LOGS/wrk-$name-$size-$conn.txt
    log "wrk $name c=$conn ${WRK_SECS}s"
    [ "$parts" = 1 ] && m0=$(metrics_parts "$url")
    if ! WRK_QUERIES=$QFILE WRK_MODE=$mode wrk -t "$t" -c "$conn" -d "${WRK_SECS}s" --timeout 10s \
        --latency -s "$HERE/wrk.lua" "$url" >"$out" 2>&1; then
        row http "$name" "$size" "$conn" "" "wrk failed: $(tail -1 "$out" | cut -c1-120)"
        return
    fi
    [ "$parts" = 1 ] && m1=$(metrics_parts "$url")
    local kvs
    kvs=$(awk '
        function us(v) {
            if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000;
            if (v ~ /m$/) return v * 60e6; if (v ~ /s$/) return v * 1e6; return v }
        /Requests\/sec:/ {rps = $2}
        /^ +50%/ {p50 = us($2)} /^ +90%/ {p90 = us($2)} /^ +99%/ {p99 = us($2)}
        /^ +Latency +[0-9]/ {avg = us($2)}   # not "Latency Distribution"
        /Non-2xx or 3xx responses:/ {bad = $NF}
        /Socket errors:/ {gsub(",", ""); err = $4 + $8 + $10; rerr = $6}
        / requests in / {total = $1}
        END {printf "rps=%s p50_us=%.0f p90_us=%.0f p99_us=%.0f avg_us=%.0f requests=%d non2xx=%d sockerr=%d readerr=%d",
                    rps, p50, p90, p99, avg, total, bad, err, rerr}' "$out")
    [ -n "$m0" ] && [ -n "$m1" ] && kvs="$kvs $(parts_delta "$m0" "$m1")"
    row http "$name" "$size" "$conn" "$kvs" "$mode"
}

# http_nocache NAME SEARCHD INDEX SIZE "CONNS": a polis-searchd without its
# answer store on INDEX, warmed by one pass, then wrk at each of CONNS
# connections; at 1, the answers' parts from /metrics.
http_nocache() {
    local name=$1 prog=$2 idx=$3 size=$4 conns=$5 c
    [ -x "$prog" ] && [ -d "$idx" ] || return 1
    start_server "$name-$size" "$prog" "${SEARCHD_AS_ROOT[@]}" --index "$idx" --listen 127.0.0.1:0 \
        --quiet --max-per-ip 1024 --answer-cache-mb 0 || return 1
    "$PY" "$HERE/warm.py" "$SRV_URL" "$QFILE" >/dev/null 2>"$LOGS/warm-$name-$size.err"
    for c in $conns; do wrk_row "$name" "$SRV_URL" polis "$c" "$size" $((c == 1)); done
    stop_server "$SRV_PID"
}

# agreement SIZE INDEX BEFORE_INDEX: this build's polis-searchd and
# BENCH_BEFORE's, each on its own index of the same documents, give the same
# totals, hits, facet counts (every facet) and marked words (agree.py).
agreement() {
    local size=$1 idx=$2 bidx=$3 a b res
    [ -n "$BEFORE" ] && [ -d "$bidx" ] && [ -d "$idx" ] || return 0
    start_server "agree-$size" "$SEARCHD" "${SEARCHD_AS_ROOT[@]}" --index "$idx" --listen 127.0.0.1:0 \
        --quiet --answer-cache-mb 0 || return 0
    a=$SRV_PID
    local url_a=$SRV_URL
    if start_server "agree-before-$size" "$BEFORE/polis-searchd" "${SEARCHD_AS_ROOT[@]}" --index "$bidx" \
        --listen 127.0.0.1:0 --quiet --answer-cache-mb 0; then
        b=$SRV_PID
        log "agree.py on $size documents"
        res=$("$PY" "$HERE/agree.py" "$url_a" "$SRV_URL" "$QFILE" --facets theme,type,kind,year,place,author \
            --report "$LOGS/agree-$size.txt" 2>&1 | head -1)
        row agree polis-searchd "$size" - "$res" "this build against BENCH_BEFORE's, every facet"
        stop_server "$b"
    fi
    stop_server "$a"
}
