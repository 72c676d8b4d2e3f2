#!/usr/bin/env python3
"""`lockgraph report` on synthetic runtime traces of a real program compiled with -g:
three processes with the same lock-order inversion and one with another merge into two
findings (Count = processes that saw each), symbolized to functions and bank.c lines;
a truncated and a garbage trace cost one stderr line each and do not stop the merge;
text, JSON, SARIF (validated) and DOT; directories; suppressions; baselines; exit codes.
With --preload: `lockgraph run --out DIR` reports the traces its child wrote, and
suppressions give the child's own exit status back.

The traces follow docs/trace-format.md. The program is PIE, so its file addresses are
the `nm` values; each process gets another load base and PC = base + file address."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run, stderr_lines  # noqa: E402

SCHEMA = rsc.REPO_DIR.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
VALIDATOR = rsc.REPO_DIR / "tests" / "sarif" / "validate_sarif.py"

# Line numbers matter: the assertions below look for them.
PROGRAM = """\
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER, d = PTHREAD_MUTEX_INITIALIZER;

void take_ab(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}

void take_ba(void) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
}

void take_cd(void) {
  pthread_mutex_lock(&c);
  pthread_mutex_lock(&d);
  pthread_mutex_unlock(&d);
  pthread_mutex_unlock(&c);
}

void take_dc(void) {
  pthread_mutex_lock(&d);
  pthread_mutex_lock(&c);
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(&d);
}

int main(void) {
  take_ab();
  take_ba();
  take_cd();
  take_dc();
  return 0;
}
"""
# The static mutexes of PROGRAM by the lock ids the synthetic traces give them: the
# report names a global lock by its variable (symbolized data address).
LOCK_VARS = {1: "a", 2: "b", 3: "c", 4: "d"}
# First and last line of each function's body.
LINES = {"take_ab": (6, 11), "take_ba": (13, 18), "take_cd": (20, 25), "take_dc": (27, 32),
         "main": (34, 40)}


def symbols(binary):
    """name -> (file address, size) of the program's functions, from nm."""
    out = subprocess.run(["nm", "-S", str(binary)], check=True, capture_output=True,
                         text=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and (parts[3] in LINES or parts[3] in LOCK_VARS.values()):
            syms[parts[3]] = (int(parts[0], 16), int(parts[1], 16))
    missing = (set(LINES) | set(LOCK_VARS.values())) - set(syms)
    expect(not missing, f"nm found no {sorted(missing)} in {binary}")
    return syms


class TraceWriter:
    """Records of one process; PCs are return addresses inside the named functions."""

    def __init__(self, exe, syms, pid, base, options=""):
        self.exe, self.syms, self.pid, self.base = exe, syms, pid, base
        self.records = [{"t": "header", "format": "lockgraph-trace", "version": 1,
                         "pid": pid, "ppid": 1, "exe": str(exe), "argv": [exe.name],
                         "start_unix_ms": 1764480000000, "options": options},
                        {"t": "module", "path": str(exe), "base": hex(base),
                         "begin": hex(base), "end": hex(base + 0x100000), "build_id": ""},
                        {"t": "module", "path": "/usr/lib/x86_64-linux-gnu/libc.so.6",
                         "base": "0x7f3a5c000000", "begin": "0x7f3a5c028000",
                         "end": "0x7f3a5c1bd000", "build_id": ""},
                        {"t": "thread", "id": 0, "parent": 0, "name": "", "stack": 0}]
        self.stacks = 0

    def pc(self, function, part):
        """A PC in the middle of the function: part 1 or 2 of three."""
        addr, size = self.syms[function]
        return hex(self.base + addr + max(1, size * part // 3))

    def var(self, lock_id):
        """The run-time address of the static mutex standing for lock_id."""
        return hex(self.base + self.syms[LOCK_VARS[lock_id]][0])

    def stack(self, *frames):
        self.stacks += 1
        self.records.append({"t": "stack", "id": self.stacks,
                             "frames": list(frames) + ["0x7f3a5c029d90"]})
        return self.stacks

    def inversion(self, first, second, lock_ids):
        """first takes x then y, second y then x; lock_ids = (x, y)."""
        x, y = lock_ids
        main_pc = self.pc("main", 1)
        s1 = self.stack(self.pc(first, 1), main_pc)
        s2 = self.stack(self.pc(first, 2), main_pc)
        s3 = self.stack(self.pc(second, 1), main_pc)
        s4 = self.stack(self.pc(second, 2), main_pc)
        self.records += [
            {"t": "lock", "id": x, "addr": self.var(x), "kind": "mutex",
             "generation": 0, "stack": s1},
            {"t": "lock", "id": y, "addr": self.var(y), "kind": "mutex",
             "generation": 0, "stack": s2},
            {"t": "edge", "from": x, "to": y, "thread": 0, "stack_from": s1, "stack_to": s2,
             "held": [x]},
            {"t": "edge", "from": y, "to": x, "thread": 0, "stack_from": s3, "stack_to": s4,
             "held": [y]},
            {"t": "finding", "rule": "lock-order-inversion", "message": "lock-order inversion",
             "thread": 0, "length": 2,
             "cycle": [{"from": y, "to": x, "thread": 0, "stack_from": s3, "stack_to": s4},
                       {"from": x, "to": y, "thread": 0, "stack_from": s1, "stack_to": s2}]},
            {"t": "lock_stats", "lock": x, "contended": 3, "wait_ns": 1000},
        ]

    def text(self, status=66, program_status=0, end=True):
        recs = list(self.records)
        recs.append({"t": "some_future_record", "x": 1})
        if end:
            recs.append({"t": "end", "reason": "exit", "status": status,
                         "program_status": program_status, "locks": 2, "edges": 2,
                         "findings": 1})
        return "".join(json.dumps(r) + "\n" for r in recs)


def lines_with(p, needle):
    return [line for line in stderr_lines(p) if needle in line]


def check_text(lg, traces, bad, tmp):
    p = run([lg, "report", "--base-dir", tmp, *traces, *bad])
    expect(p.returncode == 1, "findings should exit 1", p)
    for f in bad:
        expect(len(lines_with(p, Path(f).name)) == 1,
               f"{Path(f).name} should cost exactly one stderr line", p)
    expect(len(stderr_lines(p)) == len(bad), "only the damaged files are on stderr", p)
    out = p.stdout
    expect(out.count("[lockgraph-lock-order-inversion]") == 2, "two merged findings", p)
    for fn in ("take_ab", "take_ba", "take_cd", "take_dc"):
        expect(f"in {fn}()" in out, f"the text should name {fn}()", p)
    expect("seen in 4 processes: bank (pid 101), bank (pid 102), bank (pid 103), "
           "bank (pid 105)" in out, "the first inversion was seen by four processes", p)
    expect("seen in 1 process: bank (pid 104)" in out, "the second by one", p)
    expect("bank.c:" in out and "called from main()" in out, "symbolized file:line", p)
    return p


def check_json(lg, traces, bad, tmp):
    p = run([lg, "report", "--format", "json", "--base-dir", tmp, *traces, *bad])
    expect(p.returncode == 1, "findings should exit 1", p)
    report = json.loads(p.stdout)
    findings = report["findings"]
    expect(len(findings) == 2, "two findings", p)
    expect(len({f["fingerprint"] for f in findings}) == 2, "distinct fingerprints", p)
    expect(sorted(f["count"] for f in findings) == [1, 4], "counts 4 and 1", p)
    expect(len(report["summary"]["errors"]) == 2, "the two damaged files are errors", p)
    for f in findings:
        expect(f["origin"] == "runtime" and f["rule"] == "lock-order-inversion", "runtime", p)
        loc = f["location"]
        expect(loc["file"] == "bank.c", f"location in bank.c, got {loc}", p)
        lo, hi = LINES[f["function"]]
        expect(lo <= loc["line"] <= hi, f"line {loc['line']} not in {f['function']}", p)
        expect(len(f["edges"]) == 2 and len(f["flows"]) == 2, "two edges and flows", p)
        for e in f["edges"]:
            lo, hi = LINES[e["function"]]
            expect(e["file"] == "bank.c" and lo <= e["line"] <= hi, f"edge site {e}", p)
    expect(len(report["graph"]) == 4 and all(e["inCycle"] for e in report["graph"]),
           "four graph edges, all on a cycle", p)
    names = {n for e in report["graph"] for n in (e["from"], e["to"])}
    expect(names == {"mutex a", "mutex b", "mutex c", "mutex d"},
           f"global locks named by their variables, got {sorted(names)}", p)
    return {f["count"]: f["fingerprint"] for f in findings}


def check_sarif(lg, traces, tmp, prints):
    out = tmp / "report.sarif"
    p = run([lg, "report", "--format", "sarif", "-o", out, "--base-dir", tmp, *traces])
    expect(p.returncode == 1, "findings should exit 1", p)
    v = run([sys.executable, VALIDATOR, SCHEMA, out])
    expect(v.returncode == 0, f"{out} does not validate", v)
    results = json.loads(out.read_text())["runs"][0]["results"]
    expect(len(results) == 2, "two SARIF results", p)
    got = sorted(r["partialFingerprints"]["lockgraph/v1"] for r in results)
    expect(got == sorted(prints.values()), "SARIF fingerprints are the JSON ones", p)
    for r in results:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        expect(uri == "bank.c", f"result at {uri}", p)


def check_dot(lg, traces):
    p = run([lg, "report", "--format", "dot", *traces])
    expect(p.returncode == 1 and p.stdout.startswith("digraph lockgraph {"), "DOT", p)
    expect(p.stdout.count("->") == 4 and p.stdout.count("penwidth=2") == 4,
           "four cycle edges drawn", p)
    expect(all(f'[label="mutex {v}"' in p.stdout for v in LOCK_VARS.values()),
           "four locks named by their variables", p)


def check_inputs_and_exit_codes(lg, traces, bad, tmp):
    d = tmp / "dir"
    d.mkdir()
    for f in traces + bad:
        (d / Path(f).name).write_bytes(Path(f).read_bytes())
    (d / "README.txt").write_text("not a trace, not read\n")
    p = run([lg, "report", "--format", "json", d])
    expect(p.returncode == 1 and len(json.loads(p.stdout)["findings"]) == 2,
           "a directory means its *.trace files", p)
    expect(len(stderr_lines(p)) == len(bad), "README.txt is not read", p)

    p = run([lg, "report", bad[1]])
    expect(p.returncode == 2, "no readable trace exits 2", p)
    p = run([lg, "report"])
    expect(p.returncode == 2 and len(stderr_lines(p)) == 1, "no input: one line, exit 2", p)
    p = run([lg, "report", "--format", "xml", traces[0]])
    expect(p.returncode == 2, "an unknown format exits 2", p)


def check_no_end(lg, exe, syms, tmp):
    w = TraceWriter(exe, syms, 200, 0)
    clean = tmp / "clean.trace"
    clean.write_text(w.text(status=0, program_status=0))
    p = run([lg, "report", clean])
    expect(p.returncode == 0 and "0 findings" in p.stdout and not p.stderr.strip(),
           "a trace without findings is clean", p)
    noend = tmp / "noend.trace"
    noend.write_text(w.text(end=False))
    p = run([lg, "report", noend])
    expect(p.returncode == 0 and len(stderr_lines(p)) == 1 and
           "ended without an end record" in p.stderr, "a missing end is one note", p)


def check_suppressions_and_baseline(lg, traces, tmp):
    supp = tmp / "ok.supp"
    supp.write_text("# the c/d pair is known\n\nlock-order-inversion:take_c*\n")
    p = run([lg, "report", "--format", "json", "--suppressions", supp, *traces])
    findings = json.loads(p.stdout)["findings"]
    expect(p.returncode == 1 and len(findings) == 1 and findings[0]["count"] == 3,
           "the suppressed finding is gone", p)
    supp.write_text("*:*/bank.c\n")
    p = run([lg, "report", "--suppressions", supp, *traces])
    expect(p.returncode == 0, "a file glob suppresses everything in it", p)

    bad = tmp / "bad.supp"
    bad.write_text("# fine\nlock-order-inversion take_ab\n")
    p = run([lg, "report", "--suppressions", bad, *traces])
    lines = stderr_lines(p)
    expect(p.returncode == 2 and len(lines) == 1 and f"{bad}:2:" in lines[0],
           "a bad suppressions line: one error naming file:line, exit 2", p)

    base = tmp / "baseline.json"
    p = run([lg, "report", "--write-baseline", base, *traces])
    expect(p.returncode == 1 and base.is_file(), "baseline written", p)
    p = run([lg, "report", "--baseline", base, *traces])
    expect(p.returncode == 0, "everything in the baseline: exit 0", p)


def check_run(lg, exe, tmp):
    """The real thing: the -g program under `lockgraph run`, the preload library
    writing the trace, the report symbolizing it."""
    out = tmp / "run-out"
    p = run([lg, "run", "--out", out, "--", exe])
    expect(p.returncode == 66, "an unsuppressed finding gives the exitcode", p)
    expect("[lockgraph-lock-order-inversion]" in p.stderr and "in take_ab()" in p.stderr,
           "run prints the symbolized report on stderr", p)
    expect(len(list(out.glob("*.trace"))) == 1, "--out keeps the one process's trace", p)

    # The runtime sees only exported names (dladdr), so it still counts both findings;
    # the report suppresses them by their symbolized functions and `run` gives the
    # program's own status back.
    supp = tmp / "run.supp"
    supp.write_text("lock-order-inversion:take_ba\nlock-order-inversion:take_dc\n")
    out2 = tmp / "run-out2"
    p = run([lg, "run", "--out", out2, "--suppressions", supp, "--", exe])
    expect(p.returncode == 0, "all findings suppressed: the program's own status", p)
    expect("[lockgraph-" not in p.stderr, "nothing reported", p)

    out3 = tmp / "run-out3"
    report = tmp / "run.json"
    p = run([lg, "run", "--out", out3, "--format", "json", "-o", report, "--", exe])
    expect(p.returncode == 66 and len(json.loads(report.read_text())["findings"]) == 2,
           "run --format json -o FILE", p)

    p = run([lg, "run", "--suppressions", tmp / "nonexistent.supp", "--", exe])
    expect(p.returncode == 2 and len(stderr_lines(p)) == 1, "unreadable suppressions", p)


def body(args):
    lg = args.lockgraph
    with tempfile.TemporaryDirectory(prefix="lockgraph-report-") as tmp:
        tmp = Path(tmp).resolve()
        (tmp / "bank.c").write_text(PROGRAM)
        exe = tmp / "bank"
        subprocess.run([args.clang, "-g", "-O0", "-pthread", str(tmp / "bank.c"), "-o",
                        str(exe)], check=True, cwd=tmp)
        syms = symbols(exe)

        traces = []
        # The same inversion in three processes, each loaded elsewhere.
        for pid, base in ((101, 0), (102, 0x555555554000), (103, 0x5612a0000000)):
            w = TraceWriter(exe, syms, pid, base)
            w.inversion("take_ab", "take_ba", (1, 2))
            path = tmp / f"lockgraph.bank.{pid}.trace"
            path.write_text(w.text())
            traces.append(str(path))
        # Another inversion in a fourth.
        w = TraceWriter(exe, syms, 104, 0x560000000000)
        w.inversion("take_cd", "take_dc", (3, 4))
        (tmp / "lockgraph.bank.104.trace").write_text(w.text())
        traces.append(str(tmp / "lockgraph.bank.104.trace"))
        # Killed mid-write after its finding: the finding still counts.
        w = TraceWriter(exe, syms, 105, 0)
        w.inversion("take_ab", "take_ba", (1, 2))
        text = w.text(end=False)
        truncated = tmp / "lockgraph.bank.105.trace"
        truncated.write_text(text[:text.rindex("\n", 0, len(text) - 1) + 20])
        garbage = tmp / "lockgraph.bank.106.trace"
        garbage.write_bytes(os.urandom(64) + b"\n{not json\n")
        bad = [str(truncated), str(garbage)]

        check_text(lg, traces, bad, tmp)
        prints = check_json(lg, traces, bad, tmp)
        check_sarif(lg, traces + [str(truncated)], tmp, prints)
        check_dot(lg, traces)
        check_inputs_and_exit_codes(lg, traces, bad, tmp)
        check_no_end(lg, exe, syms, tmp)
        check_suppressions_and_baseline(lg, traces, tmp)
        if args.preload:
            check_run(lg, exe, tmp)


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--preload", action="store_true",
                    help="the preload library is built: test lockgraph run too")


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
