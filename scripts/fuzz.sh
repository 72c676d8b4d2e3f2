#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang-19 with ASan and UBSan) into build-fuzz/,
# makes each a seed corpus from testdata/ and rules/, and runs them.
#
# Usage: scripts/fuzz.sh [--runs N | --seconds S] [TARGET...]
#   --seconds S  run each target for S seconds (default 600), two at a time
#   --runs N     run each target N inputs (what scripts/test.sh does: a fixed amount)
#   TARGET       facts trace options report_suppressions runtime_suppressions
#                api_yaml rule_yaml baseline (default: all)
# Needs build/ (scripts/build.sh): the seeds come from lockgraph's own outputs.
# A crash stops the run: the input is kept in build-fuzz/findings/<target>/ and the
# script exits 1. Corpora grow in build-fuzz/corpus/<target>/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
MODE=(-max_total_time=600)
if [ "${1:-}" = "--runs" ]; then MODE=(-runs="$2"); shift 2
elif [ "${1:-}" = "--seconds" ]; then MODE=(-max_total_time="$2"); shift 2; fi
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(facts trace options report_suppressions
                                     runtime_suppressions api_yaml rule_yaml baseline)
B=build-fuzz
if [ ! -f "$B/build.ninja" ]; then
  cmake -S fuzz -B "$B" -G Ninja -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$B" -j "$(nproc)" >/dev/null
LG=build/cli/lockgraph
[ -x "$LG" ] || { echo "fuzz.sh: build/ first (scripts/build.sh)" >&2; exit 2; }

# Seeds, made once per corpus (a corpus that already has files keeps them).
seed() { # seed TARGET FILE...
  local d="$B/corpus/$1"; shift
  mkdir -p "$d"
  [ -n "$(ls -A "$d")" ] && return 0
  local f
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$d/$(basename "$f").$RANDOM"; done
  return 0
}
tmp=$(mktemp -d /tmp/lg-fuzz-seeds.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cases=(testdata/static/lock-order-inversion/pos_direct.c testdata/static/double-lock/pos_helper_call.c
       testdata/static/unprotected-rmw/pos_counter_lost_update.c testdata/static/cond-wait-no-loop/pos_if_consumer.c)
existing=(); for c in "${cases[@]}"; do [ -f "$c" ] && existing+=("$c"); done
"$LG" check --quiet --facts-dir "$tmp/facts" --no-link "${existing[@]}" -- -std=gnu11 -pthread \
  >/dev/null 2>&1 || true
seed facts "$tmp"/facts/*.json
mkdir -p "$tmp/traces"
for exe in build/tests/runtime/rtcase__lock_order_inversion__c11_mtx_inversion \
           build/tests/runtime/rtcase__contention__rare_heavy_holder \
           build/tests/runtime/rtcase__livelock__polite_backoff_pair \
           build/tests/runtime/rtcase__lock_leak__pthread_exit_holding; do
  [ -x "$exe" ] && LD_PRELOAD=build/runtime-hooks/liblockgraph-preload.so \
    LOCKGRAPH_OPTIONS="trace_dir=$tmp/traces" "$exe" >/dev/null 2>&1 || true
done
seed trace "$tmp"/traces/*.trace
grep -rhoE '//\s*options:\s*\S+' testdata/runtime | sed -E 's#//\s*options:\s*##' |
  awk '{ print > "'"$tmp"'/opt." NR }'
echo "exitcode=3:stack_depth=4:log_path=/tmp/x:help=1:busy_wait_rounds=9" > "$tmp/opt.0"
seed options "$tmp"/opt.*
mapfile -t supps < <(find testdata -name '*.supp')
seed report_suppressions "${supps[@]}"
seed runtime_suppressions "${supps[@]}"
seed api_yaml rules/apis/*.yaml
seed rule_yaml rules/*.yaml
"$LG" check --quiet --write-baseline "$tmp/baseline.json" "${existing[@]}" -- -std=gnu11 -pthread \
  >/dev/null 2>&1 || true
seed baseline "$tmp/baseline.json"

run_one() {
  local t=$1 art="$B/findings/$1"
  mkdir -p "$art"
  if "$B/fuzz_$t" "${MODE[@]}" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
       -artifact_prefix="$art/" "$B/corpus/$t" >"$B/fuzz_$t.log" 2>&1; then
    echo "fuzz: $t: $(grep -aEo 'Done [0-9]+ runs in [0-9]+ second\(s\)' "$B/fuzz_$t.log" | tail -1) ok"
  else
    echo "fuzz: $t: FAILED (see $B/fuzz_$t.log; input in $art/)"
    grep -E 'ERROR:|SUMMARY:' "$B/fuzz_$t.log" | head -3
    return 1
  fi
}
status=0
pids=()
for t in "${TARGETS[@]}"; do
  run_one "$t" & pids+=($!)
  if [ ${#pids[@]} -ge "$(nproc)" ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
