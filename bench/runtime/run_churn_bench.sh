#!/usr/bin/env bash
# Lock churn over a large lock graph (churn.c): native, lockgraph's preload library and
# TSan's deadlock detector side by side, at growing iteration counts, so that a cost that
# grows faster than the number of acquisitions shows as a ratio that grows per doubling.
#
# Usage: bench/runtime/run_churn_bench.sh
# Env: PRELOAD (the library; default build/), OLD_PRELOAD (optional: a second library,
#      e.g. an older build, run as the column "lockgraph-old"), RUNS (3: best of),
#      T (4 threads), L (16384 rwlocks), ITERS ("6250 12500 25000 50000" per thread),
#      MODE (rwlock | mutex), TIMEOUT (300 s per run: a run that takes longer is shown
#      as ">TIMEOUT" and the larger counts of that variant are skipped).
# Speed is reported, never asserted: the exit status is 0 whatever the figures are.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PRELOAD=${PRELOAD:-$ROOT/build/runtime-hooks/liblockgraph-preload.so}
OLD_PRELOAD=${OLD_PRELOAD:-}
RUNS=${RUNS:-3}; T=${T:-4}; L=${L:-16384}; MODE=${MODE:-rwlock}
ITERS=${ITERS:-6250 12500 25000 50000}; TIMEOUT=${TIMEOUT:-300}
CC=${CC:-clang-19}
W=$(mktemp -d /tmp/lg-churn-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT

[ -s "$PRELOAD" ] && LD_PRELOAD="$PRELOAD" /bin/true 2>/dev/null ||
  { echo "preload library unusable: $PRELOAD (build the project first)" >&2; exit 1; }
"$CC" -O2 -pthread -o "$W/churn" "$HERE/churn.c"
VARIANTS="native lockgraph"
[ -n "$OLD_PRELOAD" ] && VARIANTS="$VARIANTS lockgraph-old"
if "$CC" -O2 -pthread -fsanitize=thread -o "$W/churn_tsan" "$HERE/churn.c" 2>/dev/null; then
  VARIANTS="$VARIANTS tsan"
else
  echo "TSan runtime missing: apt-get install libclang-rt-19-dev; TSan column skipped" >&2
fi
export TSAN_OPTIONS=detect_deadlocks=1

# one VARIANT ITER: wall seconds of one run, or "timeout"; the check line must match
# native's (the same random pairs were taken)
one() {
  local v=$1 n=$2 pre=() bin=$W/churn rc=0 t0 t1
  case $v in
    lockgraph) pre=(env LD_PRELOAD="$PRELOAD") ;;
    lockgraph-old) pre=(env LD_PRELOAD="$OLD_PRELOAD") ;;
    tsan) bin=$W/churn_tsan ;;
  esac
  t0=$(date +%s.%N)
  timeout --kill-after=5 "$TIMEOUT" "${pre[@]}" "$bin" "$T" "$L" "$n" "$MODE" \
    >"$W/out" 2>"$W/err" || rc=$?
  t1=$(date +%s.%N)
  if [ $rc = 124 ] || [ $rc = 137 ]; then echo timeout; return; fi
  if [ $rc != 0 ]; then
    echo "warning: $v N=$n exited $rc (66 = lockgraph reported something):" >&2
    head -3 "$W/err" >&2
  fi
  grep -o 'check=[0-9a-f]*' "$W/out" >"$W/check.$v.$n" || true
  echo "$t1 - $t0" | bc -l
}

echo "== churn: T=$T L=$L mode=$MODE, best of $RUNS; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
declare -A BEST SKIP
for n in $ITERS; do
  for r in $(seq "$RUNS"); do
    for v in $VARIANTS; do
      [ -n "${SKIP[$v]:-}" ] && continue
      s=$(one "$v" "$n")
      echo "  N=$n round $r $v: $s" >&2
      if [ "$s" = timeout ]; then BEST[$v.$n]=">$TIMEOUT"; SKIP[$v]=1; continue; fi
      b=${BEST[$v.$n]:-}
      if [ -z "$b" ] || [ "$(echo "$s < $b" | bc -l)" = 1 ]; then BEST[$v.$n]=$s; fi
      if [ "$v" != native ] && ! cmp -s "$W/check.$v.$n" "$W/check.native.$n"; then
        echo "warning: $v N=$n printed a different check value than native" >&2
      fi
    done
  done
  # a variant that timed out here is not run at larger N
  for v in $VARIANTS; do [ "${BEST[$v.$n]:-}" = ">$TIMEOUT" ] && SKIP[$v]=1; done
done

fmt() { case $1 in ">"*|"") echo "${1:--}" ;; *) printf '%.2f' "$1" ;; esac; }
ratio() { case "$1$2" in *">"*|"") echo - ;; *) printf '%.2f' "$(echo "$1 / $2" | bc -l)" ;; esac; }
echo
printf '| N per thread |'; for v in $VARIANTS; do printf ' %s s |' "$v"; done
[[ " $VARIANTS " == *" tsan "* ]] && printf ' lockgraph / tsan |'
printf ' lockgraph / native |\n|---:|'
for v in $VARIANTS; do printf -- '---:|'; done
[[ " $VARIANTS " == *" tsan "* ]] && printf -- '---:|'
printf -- '---:|\n'
for n in $ITERS; do
  printf '| %s |' "$n"
  for v in $VARIANTS; do printf ' %s |' "$(fmt "${BEST[$v.$n]:-}")"; done
  [[ " $VARIANTS " == *" tsan "* ]] && printf ' %s |' "$(ratio "${BEST[lockgraph.$n]:-}" "${BEST[tsan.$n]:-}")"
  printf ' %s |\n' "$(ratio "${BEST[lockgraph.$n]:-}" "${BEST[native.$n]:-}")"
done
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
