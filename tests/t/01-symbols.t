#!/usr/bin/env bash
# Only the functions declared in include/polis/*.h leave libpolis.so, and all of them do.
set -u
build=${POLIS_BUILD:-build}
lib=$build/libpolis.so
echo "1..3"
if [ -f "$lib" ]; then echo "ok 1 - $lib exists"; else echo "not ok 1 - $lib missing"; exit 1; fi
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort -u)
declared=$(cat include/polis/*.h | tr '\n' ' ' | grep -oE '[a-z_*]+ \**polis_[a-z0-9_]+\(' |
           sed -E 's/.*(polis_[a-z0-9_]+)\($/\1/' | sort -u)
stray=$(comm -23 <(echo "$exported") <(echo "$declared"))
missing=$(comm -13 <(echo "$exported") <(echo "$declared"))
if [ -z "$stray" ]; then echo "ok 2 - no symbol beyond the headers"; else
  echo "not ok 2 - exported but not declared:"; echo "$stray" | sed 's/^/#   /'; fi
if [ -z "$missing" ]; then echo "ok 3 - every declared function is exported"; else
  echo "not ok 3 - declared but not exported:"; echo "$missing" | sed 's/^/#   /'; fi
