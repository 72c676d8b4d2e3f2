#!/usr/bin/env bash
# Runtime overhead of lockgraph's preload library vs native, TSan and Helgrind.
# Usage: bench/runtime/run_runtime_bench.sh
# Env: LOCKGRAPH (launcher, startup cost only), PRELOAD (the library), RUNS (3),
#      T M N (workload "dense": 4 64 6000000, no extra work), N_TYPICAL WORK_TYPICAL
#      (workload "typical": 3000000 iterations, 60 extra multiply-add rounds per lock held,
#      ~75 ns of work per critical section here), HG_DIV (100: Helgrind runs N/HG_DIV and
#      is scaled back up), MEM_K (100000), PERF (1: perf profiles of the preload lockpair
#      runs and of the dense workload).
# Speed is reported, never asserted: the exit status is 0 whether the targets hold or not.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOCKGRAPH=${LOCKGRAPH:-$ROOT/build/cli/lockgraph}
PRELOAD=${PRELOAD:-$ROOT/build/runtime-hooks/liblockgraph-preload.so}
RUNS=${RUNS:-3}; T=${T:-4}; M=${M:-64}; N=${N:-6000000}; HG_DIV=${HG_DIV:-100}
N_TYPICAL=${N_TYPICAL:-3000000}; WORK_TYPICAL=${WORK_TYPICAL:-60}
MEM_K=${MEM_K:-100000}; PERF=${PERF:-1}
CC=${CC:-clang-19}
W=$(mktemp -d /tmp/lg-runtime-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT

# The preload library may be rebuilt by someone else meanwhile: wait for it.
wait_lib() {
  local i
  for i in $(seq 60); do
    if [ -s "$PRELOAD" ] && LD_PRELOAD="$PRELOAD" /bin/true 2>/dev/null; then return 0; fi
    echo "waiting for $PRELOAD ..." >&2; sleep 5
  done
  echo "preload library unusable: $PRELOAD" >&2; exit 1
}

echo "== build ($CC -O2 -pthread)" >&2
for p in workload lockpair; do
  "$CC" -O2 -pthread -o "$W/$p" "$HERE/$p.c"
done
HAVE_TSAN=0
if "$CC" -O2 -pthread -fsanitize=thread -o "$W/workload_tsan" "$HERE/workload.c" 2>/dev/null &&
   "$CC" -O2 -pthread -fsanitize=thread -o "$W/lockpair_tsan" "$HERE/lockpair.c"; then
  HAVE_TSAN=1
else
  echo "TSan runtime missing: apt-get install libclang-rt-19-dev; TSan column skipped" >&2
fi
HAVE_HG=0; command -v valgrind >/dev/null && HAVE_HG=1
# mutrace is not in Debian 12: run_contention_bench.sh says how to build it.
HAVE_MUTRACE=0; command -v "${MUTRACE:-mutrace}" >/dev/null && HAVE_MUTRACE=1
export TSAN_OPTIONS=detect_deadlocks=1

VARIANTS="native lockgraph"
[ $HAVE_TSAN = 1 ] && VARIANTS="$VARIANTS tsan"
[ $HAVE_HG = 1 ] && VARIANTS="$VARIANTS helgrind"
[ $HAVE_MUTRACE = 1 ] && VARIANTS="$VARIANTS mutrace"

# cmd VARIANT PROGRAM ARGS... : the command line of PROGRAM under VARIANT
cmd() {
  local v=$1 p=$2; shift 2
  case $v in
    native) echo "$W/$p $*" ;;
    # LD_PRELOAD directly, not `lockgraph run --`: /usr/bin/time's max RSS is the
    # maximum over all descendants, and the launcher (linked with LLVM) is ~66 MB itself.
    lockgraph) echo "env LD_PRELOAD=$PRELOAD $W/$p $*" ;;
    tsan) echo "$W/${p}_tsan $*" ;;
    helgrind) echo "valgrind --tool=helgrind -q $W/$p $*" ;;
    mutrace) echo "${MUTRACE:-mutrace} $W/$p $*" ;;
  esac
}

# timed FILE CMD... : runs CMD, "wall_s maxrss_kb" into FILE, stdout into FILE.out
timed() {
  local f=$1; shift
  local t0 t1 rc=0
  [ "$2" = "LD_PRELOAD=$PRELOAD" ] && wait_lib
  t0=$(date +%s.%N)
  /usr/bin/time -f %M -o "$f.rss" "$@" >"$f.out" 2>"$f.err" || rc=$?
  t1=$(date +%s.%N)
  if [ $rc != 0 ]; then
    echo "warning: exit $rc from: $* (66 = lockgraph reported something)" >&2
    head -5 "$f.err" >&2
  fi
  echo "$(echo "$t1 - $t0" | bc -l) $(tail -1 "$f.rss")" >"$f"
}

# The launcher's own cost, once: `lockgraph run -- /bin/true`.
timed "$W/launcher" "$LOCKGRAPH" run -- /bin/true
read -r LWALL LRSS <"$W/launcher"

# The two workloads: "dense" (the original: ~1 multiply-add per lock held, a worst case)
# and "typical" (WORK_TYPICAL extra rounds, ~37 ns per lock held, see README.md).
WORKLOADS="dense typical"
# lockpair: one thread (glibc's non-atomic single-thread fast path) and, "-mt", with an
# idle second thread (atomic lock/unlock, what any program that can deadlock pays)
LPMODES="single nested single-mt nested-mt"
wl_n() { if [ "$1" = dense ]; then echo "$N"; else echo "$N_TYPICAL"; fi; }
wl_work() { if [ "$1" = dense ]; then echo 0; else echo "$WORK_TYPICAL"; fi; }

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A WALL RSS LP ALLW ALLS
echo "== $RUNS rounds, variants alternating (order rotated each round)" >&2
for r in $(seq "$RUNS"); do
  set -- $VARIANTS
  for _ in $(seq $(( (r - 1) % $# ))); do x=$1; shift; set -- "$@" "$x"; done
  for v in "$@"; do
   for wl in $WORKLOADS; do
    n=$(wl_n $wl); [ "$v" = helgrind ] && n=$((n / HG_DIV))
    timed "$W/w.$v.$wl.$r" $(cmd "$v" workload "$T" "$M" "$n" "$(wl_work $wl)")
    read -r wall rss <"$W/w.$v.$wl.$r"
    [ "$v" = helgrind ] && wall=$(echo "$wall * $HG_DIV" | bc -l)
    echo "  round $r $v workload $wl: ${wall}s rss=${rss}KB" >&2
    k=$v.$wl
    ALLW[$k]="${ALLW[$k]:-} $wall"
    if [ -z "${WALL[$k]:-}" ] || (( $(echo "$wall < ${WALL[$k]}" | bc -l) )); then WALL[$k]=$wall; fi
    if [ -z "${RSS[$k]:-}" ] || [ "$rss" -gt "${RSS[$k]}" ]; then RSS[$k]=$rss; fi
   done
    for mode in $LPMODES; do
      timed "$W/l.$v.$mode.$r" $(cmd "$v" lockpair "$mode")
      ns=$(sed -n 's/.* \([0-9.]*\) ns\/pair/\1/p' "$W/l.$v.$mode.$r.out")
      echo "  round $r $v lockpair $mode: $ns ns/pair" >&2
      ALLS[$v.$mode]="${ALLS[$v.$mode]:-} $ns"
      k=$v.$mode
      if [ -z "${LP[$k]:-}" ] || (( $(echo "$ns < ${LP[$k]}" | bc -l) )); then LP[$k]=$ns; fi
    done
  done
done

# Memory per lock / per edge: preload minus native, minus the same difference at K=1
# (which removes the library's fixed cost).
echo "== memory (K=$MEM_K)" >&2
wait_lib
mem() { # mem MODE K VARIANT -> max RSS KB
  local f="$W/m.$1.$2.$3"
  if [ "$3" = native ]; then timed "$f" "$W/workload" "$1" "$2"
  else timed "$f" env LD_PRELOAD="$PRELOAD" "$W/workload" "$1" "$2"; fi
  cut -d' ' -f2 "$f"
}
declare -A PER
for mode in mem-locks mem-edges; do
  d1=$(( $(mem $mode 1 preload) - $(mem $mode 1 native) ))
  dk=$(( $(mem $mode "$MEM_K" preload) - $(mem $mode "$MEM_K" native) ))
  PER[$mode]=$(echo "($dk - $d1) * 1024 / $MEM_K" | bc -l)
  printf '  %s: RSS delta preload-native K=1: %d KB, K=%d: %d KB\n' $mode $d1 "$MEM_K" $dk >&2
done

LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
range() { local s; s=$(echo $1 | tr ' ' '\n' | sort -g); printf '%.2f-%.2f' "$(echo "$s" | head -1)" "$(echo "$s" | tail -1)"; }

echo
echo "Runtime overhead, $(date -u +%Y-%m-%d), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "workloads: T=$T M=$M; dense N=$N WORK=0; typical N=$N_TYPICAL WORK=$WORK_TYPICAL; best of $RUNS (wall), max RSS of the dense runs"
echo "load average (1/5/15 min) before the rounds: $LOAD0, after: $LOAD1"
echo
echo "| variant | dense wall s | dense / native | typical wall s | typical / native | lockpair single ns | nested ns | single-mt ns | nested-mt ns | dense max RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for v in $VARIANTS; do
  label=$v
  [ $v = lockgraph ] && label="lockgraph (LD_PRELOAD)"
  [ $v = tsan ] && label="TSan (-fsanitize=thread, detect_deadlocks=1)"
  [ $v = helgrind ] && label="Helgrind (N/$HG_DIV, wall x$HG_DIV)"
  [ $v = mutrace ] && label="mutrace 0.2 (upstream e23dc42)"
  printf '| %s | %.2f | %.2fx | %.2f | %.2fx | %.1f | %.1f | %.1f | %.1f | %.1f |\n' "$label" \
    "${WALL[$v.dense]}" "$(echo "${WALL[$v.dense]} / ${WALL[native.dense]}" | bc -l)" \
    "${WALL[$v.typical]}" "$(echo "${WALL[$v.typical]} / ${WALL[native.typical]}" | bc -l)" \
    "${LP[$v.single]}" "${LP[$v.nested]}" "${LP[$v.single-mt]}" "${LP[$v.nested-mt]}" \
    "$(echo "${RSS[$v.dense]} / 1024" | bc -l)"
done
echo
echo "Spread over the $RUNS rounds (min-max): "
for v in $VARIANTS; do
  printf -- '- %s: dense %s s, typical %s s, lockpair single %s ns, nested %s ns, single-mt %s ns, nested-mt %s ns\n' "$v" \
    "$(range "${ALLW[$v.dense]}")" "$(range "${ALLW[$v.typical]}")" \
    "$(range "${ALLS[$v.single]}")" "$(range "${ALLS[$v.nested]}")" \
    "$(range "${ALLS[$v.single-mt]}")" "$(range "${ALLS[$v.nested-mt]}")"
done
echo
printf 'Memory under the preload library (RSS delta vs native, fixed cost removed): %.0f B per lock, %.0f B per edge (mem-edges also locks ~%d mutexes)\n' \
  "${PER[mem-locks]}" "${PER[mem-edges]}" "$(echo "sqrt(2 * $MEM_K) + 1" | bc)"
printf '`lockgraph run --` itself (launcher, `-- /bin/true`): %.3f s, max RSS %.1f MB; not included above\n' "$LWALL" "$(echo "$LRSS / 1024" | bc -l)"
echo
echo "Targets (reported, not asserted):"
for sfx in "" -mt; do
  ds=$(echo "${LP[lockgraph.single$sfx]} - ${LP[native.single$sfx]}" | bc -l)
  dn=$(echo "${LP[lockgraph.nested$sfx]} - ${LP[native.nested$sfx]}" | bc -l)
  ok1=NO; (( $(echo "$ds <= 20 && $dn <= 20" | bc -l) )) && ok1=yes
  printf -- '- uncontended lock+unlock pair at most +20 ns over native (%s): %s (single%s +%.1f ns, nested%s +%.1f ns)\n' \
    "$([ -z "$sfx" ] && echo 'one thread' || echo 'idle 2nd thread')" $ok1 "$sfx" "$ds" "$sfx" "$dn"
done
for wl in $WORKLOADS; do
  rw=$(echo "${WALL[lockgraph.$wl]} / ${WALL[native.$wl]}" | bc -l)
  ok=NO; (( $(echo "$rw <= 1.5" | bc -l) )) && ok=yes
  printf -- '- %s workload at most 1.5x native: %s (%.2fx)\n' $wl $ok "$rw"
  if [ $HAVE_TSAN = 1 ]; then
    rt=$(echo "${WALL[lockgraph.$wl]} / ${WALL[tsan.$wl]}" | bc -l)
    ok=NO; (( $(echo "$rt <= 0.2" | bc -l) )) && ok=yes
    printf -- '- %s workload at most 1/5 of TSan: %s (%.3f of TSan, TSan %.2fx native)\n' $wl $ok "$rt" \
      "$(echo "${WALL[tsan.$wl]} / ${WALL[native.$wl]}" | bc -l)"
    ra=$(echo "(${WALL[lockgraph.$wl]} - ${WALL[native.$wl]}) / (${WALL[tsan.$wl]} - ${WALL[native.$wl]})" | bc -l)
    ok=NO; (( $(echo "$ra <= 0.2" | bc -l) )) && ok=yes
    printf -- '- %s workload, time added over native at most 1/5 of what TSan adds: %s (%.3f)\n' $wl $ok "$ra"
  else
    printf -- '- %s workload at most 1/5 of TSan: unknown, no TSan\n' $wl
  fi
  if [ $HAVE_MUTRACE = 1 ]; then
    printf -- '- %s workload, time added over native: lockgraph %.2f s, mutrace %.2f s\n' $wl \
      "$(echo "${WALL[lockgraph.$wl]} - ${WALL[native.$wl]}" | bc -l)" \
      "$(echo "${WALL[mutrace.$wl]} - ${WALL[native.$wl]}" | bc -l)"
  fi
  if [ $HAVE_HG = 1 ]; then
    printf -- '- %s workload vs Helgrind (scaled): %.4f of Helgrind\n' $wl \
      "$(echo "${WALL[lockgraph.$wl]} / ${WALL[helgrind.$wl]}" | bc -l)"
  fi
done

if [ "$PERF" = 1 ] && command -v perf >/dev/null; then
  set +o pipefail # head closes the pipe early
  for mode in single nested; do
    wait_lib
    if perf record -q -F 1999 --call-graph dwarf,16384 -o "$W/perf.$mode" -- env LD_PRELOAD="$PRELOAD" "$W/lockpair" $mode >/dev/null 2>"$W/perf.err"; then
      echo
      echo "perf: lockpair $mode under the preload library, top self (dso, symbol):"
      echo '```'
      perf report -i "$W/perf.$mode" --no-children --sort dso,sym --stdio -g none 2>/dev/null |
        grep -E '^ +[0-9]' | head -14
      echo '```'
      echo "by shared object (self):"
      echo '```'
      perf report -i "$W/perf.$mode" --no-children --sort dso --stdio -g none 2>/dev/null |
        grep -E '^ +[0-9]' | head -6
      echo '```'
      echo "top inclusive (children, symbol; DWARF call graphs):"
      echo '```'
      perf report -i "$W/perf.$mode" --children --sort sym --stdio -g none 2>/dev/null |
        grep -E '^ +[0-9]' | head -14
      echo '```'
    else
      echo "(perf record failed: $(head -1 "$W/perf.err"))"
    fi
  done
  # The dense workload (a sixth of N, 4 threads on the cores): where the per-pair cost
  # goes once locks are shared between threads. Self samples only.
  wait_lib
  if perf record -q -F 1999 -o "$W/perf.workload" -- env LD_PRELOAD="$PRELOAD" "$W/workload" "$T" "$M" $((N / 6)) >/dev/null 2>"$W/perf.err"; then
    echo
    echo "perf: dense workload (N/6) under the preload library, top self (dso, symbol):"
    echo '```'
    perf report -i "$W/perf.workload" --no-children --sort dso,sym --stdio 2>/dev/null |
      grep -E '^ +[0-9]' | head -16
    echo '```'
  else
    echo "(perf record failed: $(head -1 "$W/perf.err"))"
  fi
fi
