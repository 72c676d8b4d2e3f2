#!/usr/bin/env bash
# Time `lockgraph check` against `clang-19 -fsyntax-only` over the same compilation
# database with the same parallelism. Builds nothing. See bench/README.md.
#
# usage: bench/run_check_bench.sh [LOCKGRAPH_BIN]
#
# Environment:
#   J=2            parallel jobs for both tools (lockgraph -j J, syntax_only.py -j J)
#   RUNS=3         timed runs per tool; the best (minimum) wall time is reported
#   NFILES=1000    TUs in the generated C corpus
#   BUILD_DIR=/work/main/build   lockgraph build tree whose compile_commands.json
#                                gives the "lockgraph sources" corpus: its entries
#   SRC_DIR=<repo root>          for files under SRC_DIR/{analyzer,report,cli}/
#   CORPORA="gen self"           which corpora to run; db:DIR adds any directory with a
#                                compile_commands.json (a real project's build tree)
#   SYNTAX_EXTRA="-w"  extra options for every syntax-only command (lockgraph adds -w
#                  itself, which also skips Clang's CFG-based warnings); default none
#   KEEP=1         keep the temporary directory (generated corpus, filtered db, JSON)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOCKGRAPH=${1:-/work/main/build/cli/lockgraph}
J=${J:-2}
RUNS=${RUNS:-3}
NFILES=${NFILES:-1000}
BUILD_DIR=${BUILD_DIR:-/work/main/build}
SRC_DIR=${SRC_DIR:-$(cd "$HERE/.." && pwd)}
CORPORA=${CORPORA:-gen self}

if [[ ! -x $LOCKGRAPH ]]; then
  echo "run_check_bench: no lockgraph binary at $LOCKGRAPH (build it first)" >&2
  exit 2
fi
command -v clang-19 >/dev/null || { echo "run_check_bench: clang-19 not found" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/lockgraph-bench.XXXXXX")
if [[ -n ${KEEP:-} ]]; then
  echo "run_check_bench: keeping $TMP" >&2
else
  trap 'rm -rf "$TMP"' EXIT
fi

now_ns() { date +%s%N; }

# run_timed OUTVAR CMD...: wall seconds of CMD in OUTVAR; CMD's exit status in LAST_RC.
run_timed() {
  local __out=$1; shift
  local t0 t1
  t0=$(now_ns)
  set +e
  "$@" >/dev/null 2>>"$TMP/stderr.log"
  LAST_RC=$?
  set -e
  t1=$(now_ns)
  printf -v "$__out" '%s' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
}

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }

count_findings() {
  python3 - "$1" <<'PY'
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except Exception:
    print("?")
    sys.exit()
findings = doc.get("findings") if isinstance(doc, dict) else doc
if not isinstance(findings, list):
    print("?")
    sys.exit()
by_rule = {}
for f in findings:
    rule = "?"
    if isinstance(f, dict):
        rule = f.get("rule") or f.get("ruleId") or "?"
    by_rule[rule] = by_rule.get(rule, 0) + 1
text = ("%d (%s)" % (len(findings), ", ".join("%s %d" % kv for kv in sorted(by_rule.items())))
        if findings else "0")
summary = doc.get("summary", {}) if isinstance(doc, dict) else {}
if summary.get("errors"):
    text += "; %d of %s TUs analyzed, %d input errors" % (
        summary.get("analyzed", 0), summary.get("translationUnits", "?"), len(summary["errors"]))
print(text)
PY
}

prepare_gen() {
  echo "== generating $NFILES-file C corpus" >&2
  python3 "$HERE/gen_c_project.py" "$NFILES" "$TMP/gen" >&2
  DB_DIR=$TMP/gen
  LABEL="generated C ($NFILES files)"
}

prepare_self() {
  if [[ ! -f $BUILD_DIR/compile_commands.json ]]; then
    echo "run_check_bench: no $BUILD_DIR/compile_commands.json, skipping lockgraph sources" >&2
    return 1
  fi
  mkdir -p "$TMP/self"
  python3 - "$BUILD_DIR/compile_commands.json" "$SRC_DIR" "$TMP/self/compile_commands.json" <<'PY'
import json, os, sys
src, root, dst = sys.argv[1], os.path.realpath(sys.argv[2]), sys.argv[3]
dirs = tuple(os.path.join(root, d) + os.sep for d in ("analyzer", "report", "cli"))
keep = [e for e in json.load(open(src))
        if os.path.realpath(os.path.join(e.get("directory", ""), e["file"])).startswith(dirs)]
json.dump(keep, open(dst, "w"), indent=2)
PY
  DB_DIR=$TMP/self
  LABEL="lockgraph sources"
}

RESULTS=()
for corpus in $CORPORA; do
  case $corpus in
    gen) prepare_gen ;;
    self) prepare_self || continue ;;
    db:*)
      DB_DIR=${corpus#db:}
      [[ -f $DB_DIR/compile_commands.json ]] || { echo "run_check_bench: no $DB_DIR/compile_commands.json" >&2; continue; }
      LABEL=$(basename "$DB_DIR")
      [[ $LABEL == build || $LABEL == bld || $LABEL == cbuild ]] && LABEL=$(basename "$(dirname "$DB_DIR")")
      ;;
    *) echo "run_check_bench: unknown corpus $corpus" >&2; exit 2 ;;
  esac
  TUS=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$DB_DIR/compile_commands.json")
  LG_CMD=("$LOCKGRAPH" check -p "$DB_DIR" -j "$J" --format json -o /dev/null)
  SO_CMD=(python3 "$HERE/syntax_only.py" -p "$DB_DIR" -j "$J")
  for arg in ${SYNTAX_EXTRA:-}; do SO_CMD+=("--extra-arg=$arg"); done

  # Untimed warm-up of each tool (page cache, lazy binding); lockgraph's JSON from it
  # gives the findings count.
  echo "== $LABEL: $TUS TUs, -j $J: warm-up" >&2
  run_timed t_so_warm "${SO_CMD[@]}"
  so_rc=$LAST_RC
  run_timed t_lg_warm "$LOCKGRAPH" check -p "$DB_DIR" -j "$J" --format json -o "$TMP/${corpus//[^A-Za-z0-9_.-]/_}.json"
  lg_rc=$LAST_RC
  if [[ $lg_rc -ge 2 ]]; then
    echo "run_check_bench: lockgraph exited $lg_rc on $LABEL (input error); see $TMP/stderr.log" >&2
    tail -20 "$TMP/stderr.log" >&2
  fi
  if [[ $so_rc -ne 0 ]]; then
    echo "run_check_bench: some syntax-only commands failed on $LABEL" >&2
  fi
  FINDINGS=$(count_findings "$TMP/${corpus//[^A-Za-z0-9_.-]/_}.json")

  best_so="" best_lg=""
  for ((i = 1; i <= RUNS; i++)); do
    # Alternate which tool goes first in each round.
    if (( i % 2 )); then
      run_timed t_so "${SO_CMD[@]}"; run_timed t_lg "${LG_CMD[@]}"
    else
      run_timed t_lg "${LG_CMD[@]}"; run_timed t_so "${SO_CMD[@]}"
    fi
    echo "   run $i: syntax-only ${t_so}s, lockgraph ${t_lg}s" >&2
    best_so=$(min "$t_so" "$best_so")
    best_lg=$(min "$t_lg" "$best_lg")
  done
  ratio=$(awk -v a="$best_lg" -v b="$best_so" 'BEGIN { printf "%.2f", a / b }')
  RESULTS+=("| $LABEL | $TUS | $best_so | $best_lg | $ratio | $FINDINGS |")
done

echo
echo "lockgraph: $LOCKGRAPH   -j $J   best of $RUNS   $(nproc) CPUs   $(date -u +%Y-%m-%d)${SYNTAX_EXTRA:+   syntax-only extra: $SYNTAX_EXTRA}"
echo
echo "| corpus | TUs | syntax-only s | lockgraph s | ratio | findings |"
echo "|---|---:|---:|---:|---:|---|"
printf '%s\n' "${RESULTS[@]}"
