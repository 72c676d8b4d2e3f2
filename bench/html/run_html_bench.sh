#!/usr/bin/env bash
# The HTML report on large lock graphs: how long `lockgraph report` takes to write it
# (against the text report of the same traces, and against what a user did before:
# the DOT file rendered whole by Graphviz's `dot -Tsvg`), how big the page is, and how
# long headless Chromium takes to show it. Not a test: a script a human runs.
#   bench/html/run_html_bench.sh [LOCKS...]        (default: 1000 2000 5000)
#   RUNS=3 DOT_MAX_S=600 DOT_MAX_GB=8: best of RUNS; when `dot` gives up (time or memory)
# The graphs come from tests/e2e/data/many_locks.c: a chain of N locks, 2N forward
# shortcuts and three small inversions, taken by one thread.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
lockgraph="$root/build/cli/lockgraph"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 2000 5000)
runs=${RUNS:-3}
DOT_MAX_S=${DOT_MAX_S:-600}   # the whole-graph `dot -Tsvg` is stopped past these
DOT_MAX_GB=${DOT_MAX_GB:-8}
work="$(mktemp -d /tmp/lockgraph-html-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cc=$(command -v clang-19 || command -v cc)
"$cc" -O1 -g -pthread "$root/tests/e2e/data/many_locks.c" -o "$work/many_locks"

# Best wall time and the peak RSS of that run, of RUNS runs: "seconds MiB".
best() {
  local out="$1"; shift
  local best_t="" best_m=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$out" 2>/dev/null || true
    # The last line: GNU time puts "Command exited with non-zero status 1" before it.
    read -r t m < <(tail -n 1 "$work/time")
    if [ -z "$best_t" ] || awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
  done
  echo "$best_t $((best_m / 1024))"
}

printf "%-6s %-7s | %-13s | %-13s %-9s %-9s | %-12s | %s\n" locks orders "text s / MiB" \
  "html s / MiB" "page KiB" "drawn" "dot -Tsvg s" "Chromium load s"
for n in "${sizes[@]}"; do
  traces="$work/traces-$n"
  "$lockgraph" run --out "$traces" -- "$work/many_locks" "$n" >/dev/null 2>&1 || true
  orders=$({ "$lockgraph" report --format json "$traces" 2>/dev/null || true; } |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["graph"]))')
  read -r text_t text_m <<<"$(best /dev/null "$lockgraph" report --format text "$traces")"
  read -r html_t html_m <<<"$(best "$work/page.html" "$lockgraph" report --format html -o "$work/page-$n.html" "$traces")"
  kib=$(( $(stat -c %s "$work/page-$n.html") / 1024 ))
  drawn=$(grep -o 'class="node' "$work/page-$n.html" | wc -l)
  "$lockgraph" report --format dot -o "$work/g-$n.dot" "$traces" >/dev/null 2>&1 || true
  # Bounded: on 5,000 locks dot grew past 14 GB in under two minutes.
  start=$(date +%s.%N)
  if (ulimit -v $((DOT_MAX_GB * 1024 * 1024)); timeout "$DOT_MAX_S" dot -Tsvg "$work/g-$n.dot" -o /dev/null) 2>/dev/null; then
    dot_t=$(awk "BEGIN{printf \"%.2f\", $(date +%s.%N) - $start}")
  else
    dot_t="gave up"
  fi
  load=$(python3 "$root/bench/html/page_load.py" "$work/page-$n.html" "$runs")
  printf "%-6s %-7s | %5s / %-5s | %5s / %-5s %-9s %-9s | %-12s | %s\n" "$n" "$orders" \
    "$text_t" "$text_m" "$html_t" "$html_m" "$kib" "$drawn" "$dot_t" "$load"
done
