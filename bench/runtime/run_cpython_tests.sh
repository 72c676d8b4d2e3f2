#!/usr/bin/env bash
# CPython's own threading test suites natively and under lockgraph's runtime: failures,
# hangs and the time ratio.
#
# Usage: bench/runtime/run_cpython_tests.sh
#
# Each test module runs with `python3 -u -m test -v MODULE` in three variants:
#   native   /usr/bin/python3 as is
#   preload  LD_PRELOAD=liblockgraph-preload.so LOCKGRAPH_OPTIONS=log_path=DIR/lg
#            (live reports go to DIR/lg.<pid>, one file per process, not to stderr, so
#            the suites' own checks of a child's stderr are not disturbed; no trace_dir)
#   run      lockgraph run -- /usr/bin/python3 -u -m test -v MODULE, as a user would
#            (live reports on stderr, traces in a temporary directory, the merged
#            report on stderr at the end)
# Every run is under `timeout --kill-after=10 $TIMEOUT`; regrtest also gets
# `--timeout $((TIMEOUT-30))`, so that a hang dumps every thread's Python traceback
# (faulthandler) before the outer timeout kills it. A hang is reported as hang/timeout.
#
# Then every test case that failed under a lockgraph variant but not natively ("extra
# failure"), and the case a hung run was in, is run again alone (`-m '*.Class.test'`,
# same variant) to get clean evidence: its output and lockgraph's reports, symbolized
# with llvm-symbolizer when it and the interpreter's debug symbols are there.
#
# Env: TESTS ("test_threading test_queue test_thread"), TIMEOUT (900 s per test module
#      and variant), OUT (/tmp/lg-cpython: logs, reports, evidence; emptied first),
#      VARIANTS ("native preload run"), PY (/usr/bin/python3: Debian 12's 3.11, not a
#      pyenv python), LOCKGRAPH, PRELOAD (the launcher and library of build/),
#      RERUN (1: rerun extra failures alone), RERUN_MAX (20 per module and variant),
#      DBGSYM (1: apt-get install python3.X-dbg for symbols when root; 0: don't).
#
# Needs the Debian package libpython3.X-testsuite (the `test` package); the script
# installs it with apt-get when missing, which needs root (or password-less sudo).
# The library is copied into $OUT/lib first and the copy is used throughout (another
# engineer may rebuild build/ meanwhile).
# Speed is reported, never asserted: the exit status is 0 whenever the runs could be
# made, whatever they found; 2 when they could not run at all.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=${PY:-/usr/bin/python3}
LOCKGRAPH=${LOCKGRAPH:-$ROOT/build/cli/lockgraph}
PRELOAD=${PRELOAD:-$ROOT/build/runtime-hooks/liblockgraph-preload.so}
TESTS=${TESTS:-test_threading test_queue test_thread}
TIMEOUT=${TIMEOUT:-900}
OUT=${OUT:-/tmp/lg-cpython}
VARIANTS=${VARIANTS:-native preload run}
RERUN=${RERUN:-1}
RERUN_MAX=${RERUN_MAX:-20}
DBGSYM=${DBGSYM:-1}

die() { echo "run_cpython_tests: error: $*" >&2; exit 2; }
say() { echo "== $*" >&2; }

# --- the interpreter and its test package --------------------------------------------
[ -x "$PY" ] || die "$PY not found (Debian 12: apt-get install python3)"
PYVER=$(env -u LD_PRELOAD "$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])') ||
  die "$PY does not run"
PYSTDLIB=$(env -u LD_PRELOAD "$PY" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
fi
apt_install() { # PACKAGE...: install, `apt-get update` only when that fails
  [ "$SUDO" = none ] && return 1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$@" >&2 ||
    { DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -q >&2 &&
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$@" >&2; }
}
if [ ! -f "$PYSTDLIB/test/test_threading.py" ]; then
  say "installing libpython$PYVER-testsuite (CPython's test package)"
  if [ "$SUDO" = none ]; then
    die "$PYSTDLIB/test/test_threading.py missing; run as root (or with password-less sudo), or: apt-get install libpython$PYVER-testsuite"
  fi
  apt_install "libpython$PYVER-testsuite" || die "apt-get install libpython$PYVER-testsuite failed"
  [ -f "$PYSTDLIB/test/test_threading.py" ] || die "test package still missing after the install"
fi

# Symbols for the interpreter (Debian ships them in python3.X-dbg, under
# /usr/lib/debug/.build-id): optional, used only to symbolize the evidence.
SYMBOLIZER=$(command -v llvm-symbolizer || command -v llvm-symbolizer-19 || true)
PYBIN=$(readlink -f "$PY")
BUILDID=$(readelf -n "$PYBIN" 2>/dev/null | awk '/Build ID/ {print $3}')
if [ "$DBGSYM" = 1 ] && [ -n "$BUILDID" ] &&
   [ ! -f "/usr/lib/debug/.build-id/${BUILDID:0:2}/${BUILDID:2}.debug" ] && [ "$SUDO" != none ]; then
  say "installing python$PYVER-dbg for the interpreter's symbols (DBGSYM=0 to skip)"
  apt_install "python$PYVER-dbg" || say "python$PYVER-dbg not installed: reports stay raw"
fi

# --- lockgraph ------------------------------------------------------------------------
for v in $VARIANTS; do
  case $v in native|preload|run) ;; *) die "unknown variant '$v' (native preload run)" ;; esac
done
[ -x "$LOCKGRAPH" ] || die "launcher not found: $LOCKGRAPH (build the project first)"
# The library may be being rebuilt by someone else: wait for a loadable one, then copy it.
ok=0
for i in $(seq 60); do
  if [ -s "$PRELOAD" ] && LD_PRELOAD="$PRELOAD" /bin/true 2>/dev/null; then ok=1; break; fi
  say "waiting for $PRELOAD ..."; sleep 5
done
[ $ok = 1 ] || die "preload library unusable: $PRELOAD"
case $OUT in /|"") die "OUT must be a directory of its own" ;; esac
rm -rf "$OUT" && mkdir -p "$OUT/lib" || die "cannot create $OUT"
LIB=$OUT/lib/liblockgraph-preload.so
cp "$PRELOAD" "$LIB" || die "cannot copy $PRELOAD"
LD_PRELOAD="$LIB" /bin/true 2>/dev/null || die "the copy of the library does not load"
case $OUT in *[:,\ ]*) die "OUT cannot hold ':', ',' or spaces (LOCKGRAPH_OPTIONS)" ;; esac

REGRTIMEOUT=()
[ "$TIMEOUT" -gt 60 ] && REGRTIMEOUT=(--timeout $((TIMEOUT - 30)))

# The helper that reads regrtest's output and lockgraph's reports: run natively.
HELPER=$OUT/lib/parse.py
cat >"$HELPER" <<'PYEOF'
import glob, os, re, subprocess, sys, collections

START = re.compile(r'^(\w+) \((test\.[\w.]+)\)(?: \(.*\))? \.\.\. ?(.*)$')
RESULT = re.compile(r'^(ok|FAIL|ERROR|skipped\b.*|expected failure|unexpected success)$')
BLOCK = re.compile(r'^(FAIL|ERROR|UNEXPECTED SUCCESS): (\w+) \(([\w.]+)\)(.*)$')

def tid(name, full):
    full = full[5:] if full.startswith('test.') else full
    if full.split('.')[-1] != name:  # setUpClass (test.mod.Class) and the like
        full += '.' + name
    return full

def parse(log):
    """failures {id: block lines}, started [(id, line_no, result)], ran, result, timeout"""
    lines = open(log, errors='replace').read().splitlines()
    fails, order, started = {}, [], []
    ran = result = None
    timeout_at = None
    verbose_fail = set()
    for i, l in enumerate(lines):
        m = BLOCK.match(l)
        if m:
            t = tid(m.group(2), m.group(3))
            blk = [l]
            for l2 in lines[i + 1:i + 120]:
                if l2.startswith('=' * 70) or re.match(r'^Ran \d+ test', l2):
                    break
                blk.append(l2)
            if t not in fails:
                order.append(t)
            fails.setdefault(t, []).extend(blk)
            continue
        m = START.match(l)
        if m:
            r = m.group(3).strip()
            started.append([tid(m.group(1), m.group(2)), i, r if RESULT.match(r) else None])
            if r in ('FAIL', 'ERROR'):
                verbose_fail.add(started[-1][0])
            continue
        if started and started[-1][2] is None and RESULT.match(l.strip()):
            started[-1][2] = l.strip()
            if l.strip() in ('FAIL', 'ERROR'):
                verbose_fail.add(started[-1][0])
        m = re.match(r'^Ran (\d+) tests? in', l)
        if m:
            ran = int(m.group(1))
        m = re.match(r'^== Tests result: (.*) ==$', l)
        if m:
            result = m.group(1)
        if re.match(r'^Timeout \(\d+:\d\d:\d\d\)!', l) and timeout_at is None:
            timeout_at = i
    for t in verbose_fail:  # a case that failed but the run died before the summary
        if t not in fails:
            order.append(t)
            fails[t] = ['(no FAIL/ERROR block: the run ended before the summary)']
    return lines, fails, order, started, ran, result, timeout_at

def cmd_summary(log, rc, rundir):
    """Writes failures.txt, status, hung_in into rundir; prints the status."""
    rc = int(rc)
    lines, fails, order, started, ran, result, timeout_at = parse(log)
    timed_out = rc in (124, 137) or timeout_at is not None
    hung = ''
    if timed_out or ran is None:
        if started:
            t, i, r = started[-1]
            hung = t if r is None else 'after ' + t
    if timed_out:
        status = 'hang/timeout'
    elif ran is None:
        status = 'crashed (exit %d%s)' % (rc, ', signal %d' % (rc - 128) if rc > 128 else '')
    elif result and result.startswith('SUCCESS'):
        status = 'ok' if rc == 0 else 'ok, exit %d' % rc
    elif result:
        status = '%s, exit %d' % (result.lower(), rc)
    else:
        status = 'exit %d' % rc
    with open(os.path.join(rundir, 'failures.txt'), 'w') as f:
        for t in sorted(fails):
            f.write(t + '\n')
    with open(os.path.join(rundir, 'status'), 'w') as f:
        f.write(status + '\n')
    with open(os.path.join(rundir, 'hung_in'), 'w') as f:
        f.write(hung + '\n')
    with open(os.path.join(rundir, 'ran'), 'w') as f:
        f.write('%s\n' % ('' if ran is None else ran))
    print(status)

def cmd_case(log, case, outfile):
    """The FAIL/ERROR block of case and the run's output between its start and the next
    case's start (verbose output, live reports on stderr), into outfile."""
    lines, fails, order, started, ran, result, timeout_at = parse(log)
    with open(outfile, 'w') as f:
        if case in fails:
            f.write('--- FAIL/ERROR block\n')
            f.write('\n'.join(fails[case][:150]) + '\n')
        for k, (t, i, r) in enumerate(started):
            if t == case:
                end = started[k + 1][1] if k + 1 < len(started) else min(len(lines), i + 400)
                f.write('--- output while it ran (lines %d-%d of %s)\n' % (i + 1, end, log))
                f.write('\n'.join(lines[i:min(end, i + 400)]) + '\n')
        if timeout_at is not None:
            f.write('--- faulthandler dump (regrtest --timeout)\n')
            f.write('\n'.join(lines[timeout_at:timeout_at + 200]) + '\n')

REPORT = re.compile(r'^WARNING: lockgraph: ([\w-]+)')

def cmd_reports(outfile, *paths):
    """Counts lockgraph's live reports (WARNING: lockgraph: <id>) in files; prints e.g.
    'lock-leak 3, deadlock 1' (or '-'); with outfile, concatenates the files there."""
    c = collections.Counter()
    files = []
    for p in paths:
        for f in sorted(glob.glob(p)):
            if os.path.isfile(f):
                files.append(f)
    out = open(outfile, 'w') if outfile != '-' else None
    for f in files:
        text = open(f, errors='replace').read()
        for l in text.splitlines():
            m = REPORT.match(l)
            if m:
                c[m.group(1)] += 1
        if out and text:
            out.write('### %s\n%s\n' % (f, text))
    print(', '.join('%s %d' % kv for kv in sorted(c.items())) or '-')

FRAME = re.compile(r'^(\s*#\d+ 0x([0-9a-f]+) \((/[^+()]+)\+0x([0-9a-f]+)\))\s*$')

def cmd_symbolize(symbolizer, infile, outfile):
    """Appends 'in func file:line' to raw frames '#n 0xPC (module+0xoff)' (return
    addresses: the call is at PC-1); inlined frames as 'inner file:line < outer ...'."""
    lines = open(infile, errors='replace').read().splitlines()
    want = collections.defaultdict(set)
    etype = {}
    def addr(mod, pc, off):
        if mod not in etype:
            try:
                with open(mod, 'rb') as f:
                    h = f.read(18)
                etype[mod] = int.from_bytes(h[16:18], 'little') if h[:4] == b'\x7fELF' else None
            except OSError:
                etype[mod] = None
        if etype[mod] is None:
            return None
        return (pc if etype[mod] == 2 else off) - 1  # ET_EXEC: linked where it is loaded
    for l in lines:
        m = FRAME.match(l)
        if m:
            a = addr(m.group(3), int(m.group(2), 16), int(m.group(4), 16))
            if a is not None:
                want[m.group(3)].add(a)
    names = {}
    for mod, addrs in want.items():
        addrs = sorted(addrs)
        try:
            r = subprocess.run([symbolizer, '--obj=' + mod, '--inlines'],
                               input=''.join('0x%x\n' % a for a in addrs),
                               capture_output=True, text=True, timeout=300)
        except Exception:
            continue
        for a, blk in zip(addrs, r.stdout.strip('\n').split('\n\n')):
            rec = blk.split('\n')
            parts = []
            for k in range(0, len(rec) - 1, 2):
                if rec[k] == '??':
                    continue
                loc = re.sub(r'^.*/build-static/\.\./', '', rec[k + 1])
                loc = re.sub(r':\d+$', '', loc)  # drop the column
                parts.append('%s %s' % (rec[k], loc))
            if parts:
                names[(mod, a)] = ' < '.join(parts)
    with open(outfile, 'w') as f:
        for l in lines:
            m = FRAME.match(l)
            if m:
                a = addr(m.group(3), int(m.group(2), 16), int(m.group(4), 16))
                if (m.group(3), a) in names:
                    l = m.group(1) + ' in ' + names[(m.group(3), a)]
            f.write(l + '\n')

if __name__ == '__main__':
    globals()['cmd_' + sys.argv[1]](*sys.argv[2:])
PYEOF
helper() { env -u LD_PRELOAD -u LOCKGRAPH_OPTIONS "$PY" "$HELPER" "$@"; }

# run_one MODULE VARIANT DIR [regrtest args...]: one run into DIR (output.log, rc, wall,
# and for preload the lg.<pid> files, for run with RUN_OUT set the traces).
run_one() {
  local mod=$1 v=$2 d=$3; shift 3
  mkdir -p "$d/cwd"
  local pre=()
  case $v in
    native) pre=(env -u LD_PRELOAD -u LOCKGRAPH_OPTIONS) ;;
    preload) pre=(env LD_PRELOAD="$LIB" LOCKGRAPH_OPTIONS="log_path=$d/lg") ;;
    run) pre=(env -u LD_PRELOAD -u LOCKGRAPH_OPTIONS LOCKGRAPH_PRELOAD="$LIB" "$LOCKGRAPH" run)
         [ -n "${RUN_OUT:-}" ] && pre+=(--out "$d/traces")
         pre+=(--) ;;
  esac
  local t0 t1 rc
  t0=$(date +%s.%N)
  (cd "$d/cwd" && exec timeout --kill-after=10 "$TIMEOUT" "${pre[@]}" \
      "$PY" -u -m test -v "${REGRTIMEOUT[@]}" "$mod" "$@") >"$d/output.log" 2>&1 </dev/null
  rc=$?
  t1=$(date +%s.%N)
  echo $rc >"$d/rc"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }' >"$d/wall"
  rmdir "$d/cwd" 2>/dev/null
  helper summary "$d/output.log" $rc "$d" >/dev/null
}

# reports_of VARIANT DIR OUTFILE: lockgraph's live reports of a run, concatenated
reports_of() {
  case $1 in
    preload) helper reports "$3" "$2/lg.*" ;;
    run) helper reports "$3" "$2/output.log" ;;
    *) echo - ;;
  esac
}

symbolize() { # IN OUT
  if [ -n "$SYMBOLIZER" ] && [ -s "$1" ]; then helper symbolize "$SYMBOLIZER" "$1" "$2"; else cp "$1" "$2" 2>/dev/null; fi
}

say "python: $PY ($PYVER, $PYSTDLIB/test)"
say "library: $PRELOAD ($(stat -c '%y' "$PRELOAD"), copied to $LIB)"
say "git: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null) $(cd "$ROOT" && git status --short runtime-hooks 2>/dev/null | wc -l) changed files under runtime-hooks/"
say "tests: $TESTS; variants: $VARIANTS; timeout $TIMEOUT s; $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "python $PY $PYVER"; echo "library $PRELOAD $(stat -c '%y' "$PRELOAD") sha256 $(sha256sum "$LIB" | cut -c1-16)"
  echo "git $(cd "$ROOT" && git rev-parse HEAD 2>/dev/null)"; (cd "$ROOT" && git status --short runtime-hooks 2>/dev/null)
  echo "started $(date -u '+%F %T') UTC, load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
} >"$OUT/environment.txt"

ROWS=()
for mod in $TESTS; do
  for v in $VARIANTS; do
    d=$OUT/$mod/$v
    say "$mod: $v ..."
    run_one "$mod" "$v" "$d"
    say "$mod: $v: $(cat "$d/status") in $(cat "$d/wall") s"
  done
done

# --- evidence for extra failures and hangs ---------------------------------------------
for mod in $TESTS; do
  nat=$OUT/$mod/native
  for v in $VARIANTS; do
    [ "$v" = native ] && continue
    d=$OUT/$mod/$v
    if [ -f "$nat/failures.txt" ]; then
      comm -13 "$nat/failures.txt" "$d/failures.txt" >"$d/extra.txt"
    else
      cp "$d/failures.txt" "$d/extra.txt"
    fi
    reports_of "$v" "$d" "$d/lockgraph-reports.txt" >"$d/report-counts"
    symbolize "$d/lockgraph-reports.txt" "$d/lockgraph-reports.sym.txt"
    hung=$(cat "$d/hung_in")
    cases=$(cat "$d/extra.txt")
    case $hung in ""|after\ *) ;; *) grep -qxF "$hung" "$d/extra.txt" || cases="$cases $hung" ;; esac
    n=0
    for c in $cases; do
      e=$OUT/evidence/$mod/$v/$c
      mkdir -p "$e"
      helper case "$d/output.log" "$c" "$e/in-full-run.txt"
      [ "$RERUN" = 1 ] || continue
      n=$((n + 1)); [ $n -le "$RERUN_MAX" ] || continue
      cls=${c#*.}  # Class.test_name
      say "$mod: $v: rerunning $c alone"
      RUN_OUT=1 run_one "$mod" "$v" "$e/rerun" -m "*.$cls"
      reports_of "$v" "$e/rerun" "$e/rerun/lockgraph-reports.txt" >"$e/rerun/report-counts"
      symbolize "$e/rerun/lockgraph-reports.txt" "$e/rerun/lockgraph-reports.sym.txt"
      if [ "$v" = run ] && [ -d "$e/rerun/traces" ]; then
        "$LOCKGRAPH" report "$e/rerun/traces" >"$e/rerun/lockgraph-report.txt" 2>&1
      fi
    done
  done
done

# --- the table -------------------------------------------------------------------------
{
  echo "| test module | variant | status | wall s | ratio to native | tests ran | lockgraph reports | extra failures |"
  echo "|---|---|---|---:|---:|---:|---|---|"
  for mod in $TESTS; do
    natwall=$(cat "$OUT/$mod/native/wall" 2>/dev/null || echo "")
    for v in $VARIANTS; do
      d=$OUT/$mod/$v
      wall=$(cat "$d/wall"); status=$(cat "$d/status")
      ratio=-
      if [ -n "$natwall" ]; then
        ratio=$(awk -v a="$wall" -v b="$natwall" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
      fi
      extra=-; counts=-
      if [ "$v" != native ]; then
        extra=$(paste -sd' ' "$d/extra.txt"); hung=$(cat "$d/hung_in")
        [ -n "$hung" ] && extra="${extra:+$extra; }hung in $hung"
        [ -n "$extra" ] || extra=none
        counts=$(cat "$d/report-counts")
      else
        f=$(paste -sd' ' "$d/failures.txt"); [ -n "$f" ] && extra="(native failures: $f)"
      fi
      [ "$status" = "hang/timeout" ] && wall=">$wall"
      echo "| $mod | $v | $status | $wall | $ratio | $(cat "$d/ran") | $counts | $extra |"
    done
  done
} >"$OUT/table.md"
echo
cat "$OUT/table.md"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs); timings are wall clock of one run each."
echo "Logs: $OUT/<module>/<variant>/output.log (lockgraph's live reports: preload lg.<pid>, run: in output.log);"
echo "      all reports of a run: $OUT/<module>/<variant>/lockgraph-reports{,.sym}.txt"
if [ -d "$OUT/evidence" ]; then
  echo "Evidence for extra failures and hangs (in-full-run.txt; rerun/ = the case alone):"
  find "$OUT/evidence" -mindepth 3 -maxdepth 3 -type d | sort | sed 's/^/  /'
fi
exit 0
