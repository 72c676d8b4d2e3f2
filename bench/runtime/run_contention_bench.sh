#!/usr/bin/env bash
# Side-by-side contention benchmark: contended.c natively, under mutrace, and under
# lockgraph's preload library (plus one `lockgraph run` to show its output).
#
# Usage: bench/runtime/run_contention_bench.sh [ITERATIONS]
#   ITERATIONS   per thread, passed to contended (default: the program's, 600000)
# Env:
#   RUNS=3       timed runs per variant; the best (minimum) wall time is reported
#   PRELOAD      lockgraph's preload library
#                (default build/runtime-hooks/liblockgraph-preload.so)
#   LOCKGRAPH    the lockgraph CLI (default build/cli/lockgraph); when it
#                exists, `$LOCKGRAPH run --out $TMP/lgout -- ./contended` runs once
#   MUTRACE      the mutrace launcher (default: `mutrace` from PATH)
#   CC=clang-19  CFLAGS="-O2 -pthread"
#   EXTRA_CFLAGS="-rdynamic -fno-omit-frame-pointer"  (mutrace names only dynamic
#                symbols and walks frame pointers; same binary for every variant)
#   KEEP=1       keep the temporary directory (binary, every run's stdout/stderr)
# mutrace is not in Debian 12 (neither binary nor source package). Built from upstream
# git (last commit e23dc42, 2011; e.g. a GitHub mirror such as dbadapt/mutrace):
#   apt-get install -y binutils-dev libiberty-dev   # (autoconf automake libtool too)
#   autoreconf -fi
#   ./configure --prefix=/usr/local CPPFLAGS=-I/usr/include/libiberty \
#     CFLAGS="-O2 -g -D__malloc_hook=0"   # glibc >= 2.34 dropped __malloc_hook
#   make libmutrace.la mutrace   # not `make`: backtrace-symbols.c (-d) needs old libbfd
#   install -m755 .libs/libmutrace.so /usr/local/lib/ && install -m755 mutrace \
#     /usr/local/bin/ && ldconfig
# Speed is reported, never asserted: the exit status is 0 whether things are fast or not
# (non-zero only if contended.c does not build or its native run fails).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=${RUNS:-3}
PRELOAD=${PRELOAD:-$ROOT/build/runtime-hooks/liblockgraph-preload.so}
LOCKGRAPH=${LOCKGRAPH:-$ROOT/build/cli/lockgraph}
MUTRACE=${MUTRACE:-mutrace}
CC=${CC:-clang-19}
CFLAGS=${CFLAGS:--O2 -pthread}
EXTRA_CFLAGS=${EXTRA_CFLAGS--rdynamic -fno-omit-frame-pointer}
ARGS=("$@")

TMP=$(mktemp -d /tmp/lg-contention-bench.XXXXXX)
if [ "${KEEP:-0}" = 1 ]; then
  trap 'echo "kept $TMP" >&2' EXIT
else
  trap 'rm -rf "$TMP"' EXIT
fi

echo "== build: $CC $CFLAGS $EXTRA_CFLAGS -Wall -Wextra" >&2
# shellcheck disable=SC2086 # flags are word lists
"$CC" $CFLAGS $EXTRA_CFLAGS -Wall -Wextra -o "$TMP/contended" "$HERE/contended.c"
cd "$TMP"

# Which variants can run here.
VARIANTS=native
HAVE_MUTRACE=0
if command -v "$MUTRACE" >/dev/null 2>&1; then
  HAVE_MUTRACE=1; VARIANTS="$VARIANTS mutrace"
else
  echo "mutrace: not installed ('$MUTRACE' not found in PATH; not in Debian 12's archive), skipped"
fi
HAVE_PRELOAD=0
if [ -s "$PRELOAD" ] && LD_PRELOAD="$PRELOAD" /bin/true 2>/dev/null; then
  HAVE_PRELOAD=1; VARIANTS="$VARIANTS preload"
else
  echo "lockgraph preload: '$PRELOAD' missing or not loadable, skipped"
fi

# run_variant VARIANT OUTBASE: runs ./contended under VARIANT, stdout/stderr to
# OUTBASE.out/.err, prints "WALL RC".
run_variant() {
  local v=$1 o=$2 t0 t1 rc=0
  t0=$(date +%s.%N)
  case $v in
    native)  ./contended "${ARGS[@]}" >"$o.out" 2>"$o.err" || rc=$? ;;
    mutrace) "$MUTRACE" ./contended "${ARGS[@]}" >"$o.out" 2>"$o.err" || rc=$? ;;
    preload) LD_PRELOAD="$PRELOAD" ./contended "${ARGS[@]}" >"$o.out" 2>"$o.err" || rc=$? ;;
  esac
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v rc="$rc" 'BEGIN { printf "%.3f %d\n", b - a, rc }'
}

declare -A BEST BESTRUN ALL
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== $RUNS rounds, variants alternating (order rotated each round)" >&2
for r in $(seq "$RUNS"); do
  # shellcheck disable=SC2086
  set -- $VARIANTS
  for _ in $(seq $(( (r - 1) % $# ))); do x=$1; shift; set -- "$@" "$x"; done
  for v in "$@"; do
    read -r wall rc < <(run_variant "$v" "$TMP/$v.$r")
    echo "  round $r $v: ${wall}s exit $rc" >&2
    if [ "$rc" != 0 ]; then
      echo "warning: $v run $r exited $rc; stderr head:" >&2; head -5 "$TMP/$v.$r.err" >&2
      [ "$v" = native ] && { echo "native run failed" >&2; exit 1; }
    fi
    ALL[$v]="${ALL[$v]:-} $wall"
    if [ -z "${BEST[$v]:-}" ] || awk -v a="$wall" -v b="${BEST[$v]}" 'BEGIN { exit !(a < b) }'; then
      BEST[$v]=$wall; BESTRUN[$v]=$r
    fi
  done
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

REF=$(cat "$TMP/native.1.out")
echo
echo "Contention benchmark, $(date -u +%Y-%m-%d), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "binary: $CC $CFLAGS $EXTRA_CFLAGS; args: ${ARGS[*]:-(default)}; best of $RUNS (wall)"
echo "load average (1/5/15 min) before: $LOAD0, after: $LOAD1"
echo "native output: $REF"
echo
echo "| variant | best wall s | / native | all runs s | output |"
echo "|---|---:|---:|---|---|"
for v in $VARIANTS; do
  case $v in
    native) label=native ;;
    mutrace) label="mutrace ($MUTRACE ./contended)" ;;
    preload) label="lockgraph (LD_PRELOAD=$PRELOAD)" ;;
  esac
  same="same checksum"
  for r in $(seq "$RUNS"); do
    [ "$(cat "$TMP/$v.$r.out")" = "$REF" ] || same="DIFFERS in run $r: $(cat "$TMP/$v.$r.out")"
  done
  printf '| %s | %.3f | %.2fx |%s | %s |\n' "$label" "${BEST[$v]}" \
    "$(awk -v a="${BEST[$v]}" -v b="${BEST[native]}" 'BEGIN { print a / b }')" "${ALL[$v]}" "$same"
done

if [ $HAVE_MUTRACE = 1 ]; then
  echo
  echo "mutrace's report (stderr of its best run, round ${BESTRUN[mutrace]}), verbatim:"
  echo '```'
  cat "$TMP/mutrace.${BESTRUN[mutrace]}.err"
  echo '```'
fi
if [ $HAVE_PRELOAD = 1 ] && [ -s "$TMP/preload.${BESTRUN[preload]}.err" ]; then
  echo
  echo "lockgraph preload's stderr (best run, round ${BESTRUN[preload]}):"
  echo '```'
  cat "$TMP/preload.${BESTRUN[preload]}.err"
  echo '```'
fi

echo
if [ -x "$LOCKGRAPH" ]; then
  echo "\`$LOCKGRAPH run --out \$TMP/lgout -- ./contended ${ARGS[*]}\` (once):"
  rc=0
  t0=$(date +%s.%N)
  "$LOCKGRAPH" run --out "$TMP/lgout" -- ./contended "${ARGS[@]}" >"$TMP/lg.out" 2>&1 || rc=$?
  t1=$(date +%s.%N)
  echo '```'
  cat "$TMP/lg.out"
  echo '```'
  awk -v a="$t0" -v b="$t1" -v rc="$rc" -v n="${BEST[native]}" \
    'BEGIN { printf "exit %d, wall %.3f s (%.2fx native best)\n", rc, b - a, (b - a) / n }'
  echo "trace directory: $(find "$TMP/lgout" -type f 2>/dev/null | wc -l) files, $(du -sh "$TMP/lgout" 2>/dev/null | cut -f1)"
else
  echo "lockgraph CLI: '$LOCKGRAPH' not found, \`lockgraph run\` skipped"
fi
exit 0
