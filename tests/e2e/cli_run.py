#!/usr/bin/env python3
"""lockgraph run -- CMD: a program with an inversion exits 66 with the report on stderr;
--exitcode changes that; a clean program keeps its own exit status; a crash is
reported in one line with exit 128+signal; a statically linked
program is refused in one line (exit 2); an unknown command exits 127."""

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

        p = run([lg, "run", "--exitcode", "9", "--", tmp / "inv"])
        expect(p.returncode == 9, "--exitcode 9 should replace 66", p)

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
