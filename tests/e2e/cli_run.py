#!/usr/bin/env python3
"""lockgraph run -- CMD: a program with an inversion exits 66 with the report on stderr;
--exitcode changes that; two inversions through one wrapper stay two findings in the
final report; a lock in an array of structs is named by element and member from
the debug info; a clean program keeps its own exit status; a crash is
reported in one line with exit 128+signal; a statically linked
program is refused in one line (exit 2); an unknown command exits 127."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

INVERSION = """
#include <pthread.h>
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
  pthread_mutex_lock(&a); pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b); pthread_mutex_unlock(&a);
  pthread_mutex_lock(&b); pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a); pthread_mutex_unlock(&b);
  return 0;
}
"""
CHOPSTICKS = """
#include <pthread.h>
struct chopstick { pthread_mutex_t lock; long uses[10]; };
static struct chopstick chop[5] = {{PTHREAD_MUTEX_INITIALIZER}, {PTHREAD_MUTEX_INITIALIZER}};
static pthread_mutex_t plain[4] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                                   PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
int main(void) {
  pthread_mutex_lock(&chop[1].lock); pthread_mutex_lock(&plain[2]);
  pthread_mutex_unlock(&plain[2]); pthread_mutex_unlock(&chop[1].lock);
  pthread_mutex_lock(&plain[2]); pthread_mutex_lock(&chop[1].lock);
  pthread_mutex_unlock(&chop[1].lock); pthread_mutex_unlock(&plain[2]);
  return 0;
}
"""
CLEAN = "int main(void) { return 3; }\n"
CRASH = "#include <signal.h>\nint main(void) { raise(SIGSEGV); return 0; }\n"


def body(args):
    lg = args.lockgraph
    with tempfile.TemporaryDirectory(prefix="lockgraph-run-") as tmp:
        tmp = Path(tmp)
        (tmp / "inv.c").write_text(INVERSION)
        (tmp / "clean.c").write_text(CLEAN)
        (tmp / "crash.c").write_text(CRASH)
        for name, src, extra in (("inv", "inv.c", []), ("clean", "clean.c", []),
                                 ("crash", "crash.c", []), ("inv_static", "inv.c", ["-static"])):
            src = tmp / src
            subprocess.run([args.clang, "-pthread", *extra, str(src), "-o", str(tmp / name)],
                           check=True)

        p = run([lg, "run", "--", tmp / "inv"])
        expect(p.returncode == 66, "an inversion should make the run exit 66", p)
        expect("WARNING: lockgraph: lock-order-inversion" in p.stderr and
               "SUMMARY: lockgraph: lock-order-inversion" in p.stderr,
               "the report should be on stderr", p)

        # Two inversions through the same wrapper lines, between different locks.
        wrapper = (Path(__file__).resolve().parents[2] / "testdata" / "runtime" /
                   "lock-order-inversion" / "two_inversions_one_wrapper.c")
        subprocess.run([args.clang, "-g", "-pthread", str(wrapper), "-o", str(tmp / "wrap")],
                       check=True)
        p = run([lg, "run", "--format", "json", "-o", tmp / "wrap.json", "--", tmp / "wrap"])
        found = json.loads((tmp / "wrap.json").read_text())["findings"]
        expect(p.returncode == 66 and len(found) == 2,
               "two inversions through one wrapper (A/B, C/D) should be two findings", p)

        (tmp / "chop.c").write_text(CHOPSTICKS)
        subprocess.run([args.clang, "-g", "-pthread", str(tmp / "chop.c"), "-o",
                        str(tmp / "chop")], check=True)
        p = run([lg, "run", "--", tmp / "chop"])
        expect("chop[1].lock" in p.stderr and "plain[2]" in p.stderr,
               "array elements should be named chop[1].lock and plain[2]", p)

        p = run([lg, "run", "--exitcode", "9", "--", tmp / "inv"])
        expect(p.returncode == 9, "--exitcode 9 should replace 66", p)
        for bad in ("256", "-1"):
            p = run([lg, "run", "--exitcode", bad, "--", tmp / "inv"])
            lines = rsc.stderr_lines(p)
            expect(p.returncode == 2 and len(lines) == 1 and "0..255" in lines[0],
                   f"--exitcode {bad} is refused in one line (it used to exit 0)", p)
        p = run([lg, "run", "--", tmp / "inv"],
                env={**os.environ,
                     "LOCKGRAPH_OPTIONS": "stack_depth=0:deadlock_timeout=-1:exitcode=256"})
        refused = [l for l in rsc.stderr_lines(p) if "bad value for option" in l]
        expect(len(refused) == 3 and "(1..64)" in refused[0] and "(0..255)" in refused[2],
               f"out-of-range LOCKGRAPH_OPTIONS are refused, one line each: {refused}", p)
        expect(p.returncode == 66, "and the defaults stay: the finding still exits 66", p)

        p = run([lg, "run", "--", tmp / "clean"])
        expect(p.returncode == 3 and "lockgraph" not in p.stderr,
               "a clean program keeps its own exit status and prints nothing of ours", p)

        p = run([lg, "run", "--", tmp / "crash"])
        lines = rsc.stderr_lines(p)
        expect(p.returncode == 128 + 11 and any("killed by signal 11" in l for l in lines),
               "a crash should give 128+signal and one line saying so", p)

        p = run([lg, "run", "--", tmp / "inv_static"])
        lines = rsc.stderr_lines(p)
        expect(p.returncode == 2 and len(lines) == 1 and "statically linked" in lines[0],
               "a static program should be refused in one line", p)

        p = run([lg, "run", "--", "lockgraph-no-such-command"])
        expect(p.returncode == 127, "an unknown command should exit 127", p)


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
