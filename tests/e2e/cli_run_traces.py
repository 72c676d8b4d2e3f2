#!/usr/bin/env python3
"""Real programs under `lockgraph run --out DIR`, and `lockgraph report DIR` on what they
left: process lifetimes (fork, fork+exec, exec of itself, SIGKILL, _exit, a real deadlock
ended by the watchdog), many processes into one directory, runtime suppressions.

For every scenario: the exit code of `run` / `report`, the findings of the JSON report
(rule ids, counts, symbolized function names and lines), the trace files in DIR, and
their header and `end` records (docs/trace-format.md, docs/usage.md).

Programs are C, built with `-g -O0 -pthread` (clang-19, else cc). Lock calls carry a
`// @<function>.<n>` marker so the expected lines are computed, not hard-coded.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import TestFailure, expect, stderr_lines  # noqa: E402

TIMEOUT = 60  # per command: a hang fails instead of blocking the suite

# Scenario name -> what is wrong today. Remove an entry once the gap is fixed.

# ---------------------------------------------------------------- programs

INVERSION_HELPERS = """\
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER, d = PTHREAD_MUTEX_INITIALIZER;
"""


def pair(fn, first, second):
    """A function taking `first` then `second`, both lines marked."""
    return f"""
void {fn}(void) {{
  pthread_mutex_lock(&{first});  // @{fn}.1
  pthread_mutex_lock(&{second});  // @{fn}.2
  pthread_mutex_unlock(&{second});
  pthread_mutex_unlock(&{first});
}}
"""


FORK = (INVERSION_HELPERS + pair("parent_ab", "a", "b") + pair("parent_ba", "b", "a") +
        pair("before_fork_cd", "c", "d") + pair("child_dc", "d", "c") + """
int main(void) {
  parent_ab();
  parent_ba();
  before_fork_cd();        /* c -> d, recorded before the fork */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    child_dc();            /* d -> c, after it: the child's inversion */
    return 0;
  }
  int st = 0;
  if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
    return 3;
  printf("child %d exited %d\\n", (int)pid, WEXITSTATUS(st));
  return 0;
}
""")

FORK_EXEC = """\
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  for (int i = 0; i < 50; ++i) {
    pthread_mutex_lock(&m); /* the runner's own state: it is traced */
    pthread_mutex_unlock(&m);
    pid_t pid = fork();
    if (pid == 0) {
      execl("/bin/true", "true", (char *)0);
      _exit(127);
    }
    int st = 0;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
      return 3;
  }
  return 0;
}
"""

EXEC_SELF = (INVERSION_HELPERS + """
void before_exec(void) {
  pthread_mutex_lock(&a);  // @before_exec.1
  pthread_mutex_unlock(&a);
}
""" + pair("image2_ab", "a", "b") + pair("image2_ba", "b", "a") + """
int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "second") == 0) {
    image2_ab();
    image2_ba();
    return 0;
  }
  before_exec();
  execl("/proc/self/exe", argv[0], "second", (char *)0);
  return 5;
}
""")

KILLED = (INVERSION_HELPERS + pair("killed_ab", "a", "b") + pair("killed_ba", "b", "a") + """
void after_finding(void) {
  pthread_mutex_lock(&c);  // @after_finding.1
  pthread_mutex_unlock(&c);
}

static void *noop(void *arg) { return arg; }

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 1) {          /* any argument: start (and join) a thread first */
    pthread_t t;
    pthread_create(&t, 0, noop, 0);
    pthread_join(t, 0);
  }
  killed_ab();
  killed_ba();             /* the finding: flushed before its report */
  after_finding();         /* a new lock: only the ~1 s flush writes it */
  sleep(2);
  raise(SIGKILL);
  return 0;
}
""")

UNDERSCORE_EXIT = (INVERSION_HELPERS + pair("uexit_ab", "a", "b") +
                   pair("uexit_ba", "b", "a") + """
int main(void) {
  uexit_ab();
  uexit_ba();
  _exit(0);
}
""")

# vfork children run in the parent's memory until they exec or exit: one closes every
# descriptor (as Python's subprocess does) and fails an exec before its real one,
# another fails and _exits. Neither may write, flush or close the parent's trace.
VFORK = (INVERSION_HELPERS + pair("vfork_ab", "a", "b") + pair("vfork_ba", "b", "a") + """
int main(void) {
  vfork_ab();
  pid_t pid = vfork();
  if (pid == 0) {
    for (int fd = 3; fd < 1024; ++fd)
      close(fd);
    execl("/nonexistent/true", "true", (char *)0);
    execl("/bin/true", "true", (char *)0);
    _exit(127);
  }
  waitpid(pid, 0, 0);
  pid = vfork();
  if (pid == 0) {
    execl("/nonexistent/true", "true", (char *)0);
    _exit(127);
  }
  waitpid(pid, 0, 0);
  vfork_ba();
  return 0;
}
""")

DEADLOCK = """\
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t barrier;

void *worker_ab(void *arg) {
  (void)arg;
  pthread_mutex_lock(&a);  // @worker_ab.1
  pthread_barrier_wait(&barrier);
  pthread_mutex_lock(&b);  // @worker_ab.2
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return 0;
}

void *worker_ba(void *arg) {
  (void)arg;
  pthread_mutex_lock(&b);  // @worker_ba.1
  pthread_barrier_wait(&barrier);
  pthread_mutex_lock(&a);  // @worker_ba.2
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_barrier_init(&barrier, 0, 2);
  pthread_create(&t1, 0, worker_ab, 0);
  pthread_create(&t2, 0, worker_ba, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
"""

INVERSION = (INVERSION_HELPERS + pair("many_ab", "a", "b") + pair("many_ba", "b", "a") + """
int main(void) {
  many_ab();
  many_ba();
  return 0;
}
""")

CLEAN = "int main(void) { return 0; }\n"

SUPPRESSED = (INVERSION_HELPERS + pair("supp_ab", "a", "b") + pair("supp_ba", "b", "a") + """
int main(void) {
  supp_ab();
  supp_ba();
  return 0;
}
""")

MARKER_RE = re.compile(r"//\s*@(\w+)\.(\d+)\s*$")


class Program:
    def __init__(self, tmp, name, source, compiler):
        self.name = name
        self.src = tmp / f"{name}.c"
        self.src.write_text(source)
        self.exe = tmp / name
        p = subprocess.run([compiler, "-g", "-O0", "-pthread", str(self.src), "-o",
                            str(self.exe)], capture_output=True, text=True, cwd=tmp)
        expect(p.returncode == 0, f"{self.src} does not compile", p)
        self.marks = {}
        for no, line in enumerate(source.splitlines(), 1):
            m = MARKER_RE.search(line)
            if m:
                self.marks[(m.group(1), int(m.group(2)))] = no

    def edge(self, fn):
        """(function, file, held line, requested line) of fn's two-lock edge."""
        return (fn, self.src.name, self.marks[(fn, 1)], self.marks[(fn, 2)])


# ---------------------------------------------------------------- helpers

class Ctx:
    def __init__(self, args, tmp):
        self.lg = str(Path(args.lockgraph).resolve())  # commands run in tmp
        self.preload = str(Path(args.preload).resolve())
        self.tmp = tmp
        self.compiler = args.clang if shutil.which(args.clang) else "cc"
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("LD_PRELOAD", "LOCKGRAPH_OPTIONS")}

    def program(self, name, source):
        return Program(self.tmp, name, source, self.compiler)

    def run(self, cmd, env=None, timeout=TIMEOUT):
        full = dict(self.env)
        full.update(env or {})
        return rsc.run(cmd, cwd=self.tmp, env=full, timeout=timeout)

    def lg_run(self, out, prog_args, report=None, env=None):
        cmd = [self.lg, "run", "--out", out]
        if report:
            cmd += ["--format", "json", "-o", report]
        return self.run(cmd + ["--", *prog_args], env=env)

    def lg_report(self, *inputs, fmt="json"):
        return self.run([self.lg, "report", "--format", fmt, "--base-dir", self.tmp, *inputs])


def traces(out):
    return sorted(Path(out).glob("*.trace"))


def records(path):
    """The records of a trace file written by the runtime: every line is whole JSON."""
    text = Path(path).read_text(encoding="utf-8")
    expect(text.endswith("\n"), f"{path}: the last line is not terminated")
    recs = []
    for no, line in enumerate(text.splitlines(), 1):
        try:
            recs.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise TestFailure(f"{path}:{no}: not JSON ({e}): {line[:200]}")
    expect(recs and recs[0].get("t") == "header", f"{path}: no header first")
    return recs


def header(recs):
    return recs[0]


def end(recs):
    ends = [r for r in recs if r.get("t") == "end"]
    expect(len(ends) <= 1, f"more than one end record: {ends}")
    expect(not ends or recs[-1] is ends[0], "the end record is not the last")
    return ends[0] if ends else None


def of_type(recs, t):
    return [r for r in recs if r.get("t") == t]


def report_of(p):
    return rsc.parse_report(p)


def edge_sites(f):
    return sorted((e["function"], e["file"], e["heldLine"], e["line"]) for e in f["edges"])


def expect_inversion(f, prog, fn1, fn2, p, count=1, rule="lock-order-inversion"):
    """f is the runtime finding for the fn1/fn2 pair, symbolized to the marked lines."""
    expect(f["rule"] == rule and f["origin"] == "runtime", f"rule {f['rule']}", p)
    want = sorted([prog.edge(fn1), prog.edge(fn2)])
    expect(edge_sites(f) == want, f"{rule} edges {edge_sites(f)}, expected {want}", p)
    expect(f["function"] in (fn1, fn2) and f["location"]["file"] == prog.src.name,
           f"{rule} reported in {f['function']} at {f['location']}", p)
    for flow in f["flows"]:
        for step in flow:
            expect(step.get("function") in (fn1, fn2) and step.get("file") == prog.src.name,
                   f"a flow step outside {fn1}/{fn2}: {step}", p)
    expect(f["count"] == count, f"{rule} count {f['count']}, expected {count}", p)


def expect_symbolized_text(ctx, out, prog, fns):
    """The text report names every function and never shows a frame of the program
    as module+offset."""
    p = ctx.lg_report(out, fmt="text")
    for fn in fns:
        expect(f"in {fn}()" in p.stdout, f"the text report should name {fn}()", p)
    expect("called from main()" in p.stdout, "call chains reach main()", p)
    expect(f"{prog.name}+0x" not in p.stdout, "an unsymbolized frame of the program", p)


# ---------------------------------------------------------------- scenarios

def scenario_fork(ctx):
    prog = ctx.program("forker", FORK)
    out, rep = ctx.tmp / "a-fork", ctx.tmp / "a-fork.json"
    p = ctx.lg_run(out, [prog.exe], report=rep)
    expect(p.returncode == 66, "findings in parent and child: exit 66", p)
    m = re.search(r"child (\d+) exited (\d+)", p.stdout)
    expect(m is not None, "the parent reports its child's status", p)
    child_pid, child_status = int(m.group(1)), int(m.group(2))
    expect(child_status == 66, "the child's clean exit became the exitcode", p)

    files = traces(out)
    expect(len(files) == 2, f"two trace files (parent, child), got {files}", p)
    by_pid = {header(records(f))["pid"]: records(f) for f in files}
    expect(child_pid in by_pid, f"no trace for the child {child_pid}: {files}", p)
    parent_pid = next(pid for pid in by_pid if pid != child_pid)
    parent, child = by_pid[parent_pid], by_pid[child_pid]
    expect(header(child)["ppid"] == parent_pid, "the child's header names its parent", p)
    expect(header(child)["exe"] == str(prog.exe) == header(parent)["exe"], "exe", p)
    for name, recs, status, prog_status in (("parent", parent, 66, 0),
                                            ("child", child, 66, 0)):
        e = end(recs)
        expect(e is not None and e["reason"] == "exit" and e["status"] == status and
               e.get("program_status") == prog_status and e["findings"] == 1,
               f"the {name}'s end record: {e}", p)
        expect(of_type(recs, "module") and of_type(recs, "module")[0]["path"] == str(prog.exe),
               f"the {name}'s first module is the program", p)
    # The child's own file defines what its records use: locks c/d (first taken before
    # the fork) with their stacks, and none of the parent's a/b.
    lock_ids = {r["id"] for r in of_type(child, "lock")}
    stack_ids = {r["id"] for r in of_type(child, "stack")}
    fnd = of_type(child, "finding")
    expect(len(fnd) == 1 and len(lock_ids) == 2, "child: one finding over two locks", p)
    for e in fnd[0]["cycle"]:
        expect(e["from"] in lock_ids and e["to"] in lock_ids and
               e["stack_from"] in stack_ids and e["stack_to"] in stack_ids,
               f"the child's cycle refers to records missing from its file: {e}", p)

    p2 = ctx.lg_report(out)
    r = report_of(p2)
    expect(p2.returncode == 1 and not stderr_lines(p2) and not r["summary"]["errors"],
           "both traces read without errors", p2)
    expect(len(r["findings"]) == 2, "two findings in the merged report", p2)
    by_fn = {tuple(sorted(e["function"] for e in f["edges"])): f for f in r["findings"]}
    expect(set(by_fn) == {("parent_ab", "parent_ba"), ("before_fork_cd", "child_dc")},
           f"findings over {sorted(by_fn)}", p2)
    expect_inversion(by_fn[("parent_ab", "parent_ba")], prog, "parent_ab", "parent_ba", p2)
    expect_inversion(by_fn[("before_fork_cd", "child_dc")], prog, "before_fork_cd",
                     "child_dc", p2)
    expect_symbolized_text(ctx, out, prog, ("parent_ab", "parent_ba", "before_fork_cd",
                                            "child_dc"))
    # `run -o` wrote the same two findings.
    expect(len(json.loads(rep.read_text())["findings"]) == 2, "run -o: two findings", p)


def scenario_fork_exec(ctx):
    prog = ctx.program("runner", FORK_EXEC)
    out = ctx.tmp / "b-fork-exec"
    p = ctx.lg_run(out, [prog.exe])
    expect(p.returncode == 0 and "lockgraph" not in p.stderr, "a clean run, silent", p)
    files = traces(out)
    runner = [f for f in files if f.name.startswith("lockgraph.runner.")]
    others = [f for f in files if f not in runner]
    # A fork child that only execs writes no file of its own (only the runner's file).
    expect(len(runner) == 1, f"one runner trace, none from its fork children: {runner}", p)
    rrecs = records(runner[0])
    rpid = header(rrecs)["pid"]
    e = end(rrecs)
    expect(e and e["reason"] == "exit" and e["status"] == 0 and e["locks"] == 1,
           f"the runner's end: {e}", p)
    # Neither do the exec'd /bin/true images: a process image that takes no lock
    # writes no trace (the file is created by its first record).
    expect(not others, f"no traces from lock-free processes: {[f.name for f in others]}", p)
    p = ctx.lg_report(out)
    r = report_of(p)
    expect(p.returncode == 0 and not r["findings"] and not stderr_lines(p),
           "their report is clean and silent", p)


def scenario_exec_self(ctx):
    prog = ctx.program("execself", EXEC_SELF)
    out, rep = ctx.tmp / "c-exec", ctx.tmp / "c-exec.json"
    p = ctx.lg_run(out, [prog.exe], report=rep)
    expect(p.returncode == 66, "the exec'd image's inversion: exit 66", p)
    files = traces(out)
    expect(len(files) == 2, f"two trace files, got {[f.name for f in files]}", p)
    first = [f for f in files if re.fullmatch(r"lockgraph\.execself\.\d+\.trace", f.name)]
    second = [f for f in files if re.fullmatch(r"lockgraph\.execself\.\d+\.2\.trace", f.name)]
    expect(len(first) == 1 and len(second) == 1, f"<pid>.trace and <pid>.2.trace: {files}", p)
    r1, r2 = records(first[0]), records(second[0])
    expect(header(r1)["pid"] == header(r2)["pid"], "the same pid", p)
    expect(first[0].name.replace(".trace", ".2.trace") == second[0].name, "same stem", p)
    expect(header(r2)["argv"][1:] == ["second"], f"argv of the image: {header(r2)}", p)
    e1, e2 = end(r1), end(r2)
    expect(e1 is not None and e1["reason"] == "exec" and e1["findings"] == 0,
           f"the first image ends with reason exec: {e1}", p)
    expect(e2 is not None and e2["reason"] == "exit" and e2["status"] == 66 and
           e2.get("program_status") == 0 and e2["findings"] == 1,
           f"the second image's end: {e2}", p)
    p2 = ctx.lg_report(out)
    r = report_of(p2)
    expect(p2.returncode == 1 and not stderr_lines(p2), "both read cleanly", p2)
    expect(len(r["findings"]) == 1, "one finding", p2)
    expect_inversion(r["findings"][0], prog, "image2_ab", "image2_ba", p2)


def killed_run(ctx, prog, out, args=()):
    p = ctx.lg_run(out, [prog.exe, *args])
    expect(p.returncode == 128 + 9, "killed by SIGKILL: 128+9", p)
    expect(any("killed by signal 9" in line for line in stderr_lines(p)),
           "run says the program was killed", p)
    files = traces(out)
    expect(len(files) == 1, f"one trace: {files}", p)
    recs = records(files[0])
    expect(end(recs) is None, "no end record after SIGKILL", p)
    expect(len(of_type(recs, "finding")) == 1, "the finding was flushed", p)
    return p, files[0], recs


def scenario_sigkill(ctx):
    prog = ctx.program("killed", KILLED)
    out = ctx.tmp / "d-kill"
    p, trace, recs = killed_run(ctx, prog, out)

    p = ctx.lg_report(out)
    r = report_of(p)
    lines = stderr_lines(p)
    expect(p.returncode == 1 and len(r["findings"]) == 1, "the inversion is reported", p)
    expect(len(lines) == 1 and "note:" in lines[0] and trace.name in lines[0] and
           "end record" in lines[0], "one note line about the missing end record", p)
    expect_inversion(r["findings"][0], prog, "killed_ab", "killed_ba", p)

    # With a thread started first (so the watchdog runs), the lock first taken after
    # the finding reaches the file through the ~1 s flush.
    p, _, threaded = killed_run(ctx, prog, ctx.tmp / "d-kill-threaded", ["thread"])
    expect(len(of_type(threaded, "lock")) == 3,
           "with a thread: the lock taken after the finding was written by the ~1 s flush", p)
    return recs


def scenario_periodic_flush(ctx, recs):
    """The same in a process that never creates a thread: the trace should be complete
    up to about a second before the SIGKILL (docs/trace-format.md)."""
    locks = of_type(recs, "lock")
    expect(len(locks) == 3, f"single-threaded: {len(locks)} lock records, expected 3 (the "
           "lock taken 2 s before SIGKILL is missing: no periodic flush without a thread)")


def scenario_underscore_exit(ctx):
    prog = ctx.program("uexit", UNDERSCORE_EXIT)
    out, rep = ctx.tmp / "e-uexit", ctx.tmp / "e-uexit.json"
    p = ctx.lg_run(out, [prog.exe], report=rep)
    expect(p.returncode == 66, "_exit(0) after an inversion: exit 66", p)
    files = traces(out)
    expect(len(files) == 1, f"one trace: {files}", p)
    e = end(records(files[0]))
    expect(e is not None and e["reason"] == "exit" and e["status"] == 66 and
           e.get("program_status") == 0, f"end record: {e}", p)
    findings = json.loads(rep.read_text())["findings"]
    expect(len(findings) == 1, "one finding", p)
    expect_inversion(findings[0], prog, "uexit_ab", "uexit_ba", p)


def scenario_vfork(ctx):
    prog = ctx.program("vforker", VFORK)
    out, rep = ctx.tmp / "i-vfork", ctx.tmp / "i-vfork.json"
    p = ctx.lg_run(out, [prog.exe], report=rep)
    expect(p.returncode == 66, "the parent's inversion after its vfork children: exit 66", p)
    files = [f for f in traces(out) if f.name.startswith("lockgraph.vforker.")]
    expect(len(files) == 1, f"one trace of the parent: {traces(out)}", p)
    recs = records(files[0])
    e = end(recs)
    expect(e is not None and e["reason"] == "exit" and e["status"] == 66,
           f"the parent's file ends with its own exit: {e}", p)
    expect(len(of_type(recs, "finding")) == 1, "the finding made after the vforks", p)
    findings = json.loads(rep.read_text())["findings"]
    expect(len(findings) == 1, "one finding", p)
    expect_inversion(findings[0], prog, "vfork_ab", "vfork_ba", p)


def scenario_deadlock(ctx):
    prog = ctx.program("deadlock", DEADLOCK)
    out, rep = ctx.tmp / "f-deadlock", ctx.tmp / "f-deadlock.json"
    t0 = time.monotonic()
    p = ctx.lg_run(out, [prog.exe], report=rep)
    elapsed = time.monotonic() - t0
    expect(elapsed < 10, f"the watchdog should end the deadlock within ~10 s, took "
           f"{elapsed:.1f} s", p)
    expect(p.returncode == 66, "a deadlock ends with the exitcode", p)
    findings = rsc.check_report_shape(json.loads(rep.read_text()), p)["findings"]
    rules = sorted(f["rule"] for f in findings)
    expect(rules == ["deadlock"],
           f"one bug, one finding: the deadlock, which carries its inversion; got {rules}", p)
    for f in findings:
        expect_inversion(f, prog, "worker_ab", "worker_ba", p, rule=f["rule"])
    expect(any("lock-order inversion that led to it" in n["message"]
               for n in findings[0]["notes"]),
           f"the deadlock says the inversion came first: {findings[0]['notes']}", p)
    recs_rules = sorted(f["rule"] for f in of_type(records(traces(out)[0]), "finding"))
    expect(recs_rules == ["deadlock", "lock-order-inversion"],
           f"the trace keeps both records (the inversion was seen first): {recs_rules}", p)
    files = traces(out)
    expect(len(files) == 1, f"one trace: {files}", p)
    recs = records(files[0])
    e = end(recs)
    expect(e is not None and e["reason"] == "deadlock" and e["status"] == 66 and
           "program_status" not in e, f"end reason deadlock: {e}", p)
    dl = [f for f in of_type(recs, "finding") if f["rule"] == "deadlock"]
    expect(len(dl) == 1 and not dl[0]["orphan"] and len(dl[0]["threads"]) == 2,
           f"the deadlock record: {dl}", p)
    print(f"NOTE: the deadlock run took {elapsed:.1f} s")


def scenario_many_processes(ctx):
    prog = ctx.program("many", INVERSION)
    out = ctx.tmp / "g-many"
    for i in range(20):
        p = ctx.lg_run(out, [prog.exe])
        expect(p.returncode == 66, f"run {i + 1}: exit 66", p)
    files = traces(out)
    expect(len(files) == 20 and len({header(records(f))["pid"] for f in files}) == 20,
           f"20 traces of 20 pids: {len(files)}")
    garbage = out / "lockgraph.garbage.1.trace"
    garbage.write_bytes(b"\x7fELF\x00\x01 not a trace {{\n{\"t\":\"header\"}\n")
    p = ctx.lg_report(out)
    r = report_of(p)
    lines = stderr_lines(p)
    expect(p.returncode == 1, "findings: exit 1", p)
    expect(len(r["findings"]) == 1, "one merged inversion", p)
    expect_inversion(r["findings"][0], prog, "many_ab", "many_ba", p, count=20)
    expect(len(lines) == 1 and garbage.name in lines[0], "one stderr line: the garbage", p)
    expect(len(r["summary"]["errors"]) == 1, "the garbage file is the one error", p)
    return out


def scenario_stale_traces(ctx, out):
    """`run --out DIR` into a directory holding the 20 earlier traces (and the garbage
    file): a clean program must keep its own status and print nothing of ours."""
    prog = ctx.program("clean", CLEAN)
    rep = ctx.tmp / "g-clean.json"
    p = ctx.lg_run(out, [prog.exe], report=rep)
    findings = json.loads(rep.read_text())["findings"] if rep.exists() else []
    expect(p.returncode == 0 and not findings and not stderr_lines(p),
           "a clean program run into a directory with older traces should exit 0 and "
           f"report nothing (got exit {p.returncode}, {len(findings)} finding(s))", p)


def scenario_suppressions(ctx):
    prog = ctx.program("suppinv", SUPPRESSED)
    supp = ctx.tmp / "runtime.supp"
    supp.write_text("# the whole program is known to invert: a module-path glob\n"
                    "lock-order-inversion:*/suppinv\n")
    direct = [prog.exe]
    # Without the suppression, the runtime reports: the control.
    p = ctx.run(direct, env={"LD_PRELOAD": ctx.preload})
    expect(p.returncode == 66 and "WARNING: lockgraph: lock-order-inversion" in p.stderr,
           "unsuppressed: the runtime warns and exits 66", p)
    p = ctx.run(direct, env={"LD_PRELOAD": ctx.preload,
                             "LOCKGRAPH_OPTIONS": f"suppressions={supp}"})
    expect(p.returncode == 0, "suppressed in the runtime: the program's own exit 0", p)
    expect("WARNING" not in p.stderr and "lockgraph" not in p.stderr,
           "suppressed: the runtime prints nothing", p)
    # The same options through `lockgraph run`: the trace records them, and the report
    # applies that file to the process's findings.
    out, rep = ctx.tmp / "h-supp", ctx.tmp / "h-supp.json"
    p = ctx.lg_run(out, [prog.exe], report=rep,
                   env={"LOCKGRAPH_OPTIONS": f"suppressions={supp}"})
    expect(p.returncode == 0 and "WARNING" not in p.stderr, "suppressed under run: exit 0", p)
    expect(json.loads(rep.read_text())["findings"] == [], "nothing in run's report", p)
    files = traces(out)
    expect(len(files) == 1, f"one trace: {files}", p)
    recs = records(files[0])
    expect(f"suppressions={supp}" in header(recs)["options"], "options recorded", p)
    e = end(recs)
    expect(e is not None and e["status"] == 0 and e["findings"] == 0,
           f"a suppressed finding is not a finding: {e}", p)


def body(args):
    expect(args.preload and Path(args.preload).is_file(), f"no preload library {args.preload}")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lockgraph-run-traces-") as tmp:
        ctx = Ctx(args, Path(tmp).resolve())
        timings = []

        def timed(name, fn, *a):
            t0 = time.monotonic()
            result = fn(ctx, *a)
            timings.append(f"{name} {time.monotonic() - t0:.1f}s")
            return result

        timed("a-fork", scenario_fork)
        timed("b-fork-exec", scenario_fork_exec)
        timed("c-exec-self", scenario_exec_self)
        killed = timed("d-sigkill", scenario_sigkill)
        timed("d-periodic-flush", scenario_periodic_flush, killed)
        timed("e-_exit", scenario_underscore_exit)
        timed("f-deadlock", scenario_deadlock)
        many = timed("g-many", scenario_many_processes)
        timed("g-stale-traces", scenario_stale_traces, many)
        timed("h-suppressions", scenario_suppressions)
        timed("i-vfork", scenario_vfork)
        print("timings: " + ", ".join(timings) +
              f"; total {time.monotonic() - started:.1f}s")


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--preload", required=True, help="liblockgraph-preload.so")


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
