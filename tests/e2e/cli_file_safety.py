#!/usr/bin/env python3
"""Where the runtime writes, nobody else steers it:

- a symlink placed in advance where `log_path.<pid>` goes is not followed: its target
  is untouched and the report goes to `log_path.<pid>.2`;
- a trace or log folder that other users can write and that is not sticky, or that
  another user owns, is refused in one line (no file is written there); a sticky one
  (as /tmp is) is fine;
- `lockgraph run --out` refuses such a folder before the program runs.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

PROGRAM = r"""
#include <pthread.h>
int main(void) {
  static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_unlock(&m); /* a bad-unlock: something to report */
  return 0;
}
"""


def body(args):
    with tempfile.TemporaryDirectory(prefix="lockgraph-files-") as tmp:
        tmp = Path(tmp)
        os.chmod(tmp, 0o700)
        (tmp / "p.c").write_text(PROGRAM)
        exe = tmp / "p"
        subprocess.run([args.clang, "-pthread", str(tmp / "p.c"), "-o", str(exe)], check=True)
        env = dict(os.environ, LD_PRELOAD=args.preload)

        logs = tmp / "logs"
        logs.mkdir(mode=0o700)
        target = tmp / "precious"
        target.write_text("do not touch\n")
        # The shell's pid is the program's after exec: the symlink waits at its log name.
        script = (f'ln -s {target} {logs}/live.$$; '
                  f'exec env LOCKGRAPH_OPTIONS=log_path={logs}/live {exe}')
        p = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True)
        expect(p.returncode == 66, "the bad-unlock is reported (exit 66)", p)
        expect(target.read_text() == "do not touch\n", "the symlink's target is untouched", p)
        written = sorted(x.name for x in logs.iterdir() if not x.is_symlink())
        expect(len(written) == 1 and written[0].endswith(".2") and
               "bad-unlock" in (logs / written[0]).read_text(),
               f"the report went to live.<pid>.2: {written}", p)

        for mode, ok in ((0o777, False), (0o770, False), (0o1777, True), (0o755, True)):
            d = tmp / f"traces-{mode:o}"
            d.mkdir()
            os.chmod(d, mode)
            p = run([exe], env=dict(env, LOCKGRAPH_OPTIONS=f"trace_dir={d}"))
            files = list(d.iterdir())
            refused = [l for l in rsc.stderr_lines(p) if "no trace file in trace_dir" in l]
            if ok:
                expect(len(files) == 1 and not refused, f"mode {mode:o}: a trace is written", p)
            else:
                expect(not files and len(refused) == 1 and "not sticky" in refused[0],
                       f"mode {mode:o}: refused in one line, nothing written: {files}", p)
            p = run([args.lockgraph, "run", "--out", d, "--", exe])
            if not ok:
                expect(p.returncode == 2 and "is refused: other users can write it" in p.stderr,
                       f"run --out with mode {mode:o} is refused before the program runs", p)

        if os.geteuid() == 0:  # only root can give a folder away
            theirs = tmp / "theirs"
            theirs.mkdir(mode=0o755)
            os.chown(theirs, 65534, 65534)
            p = run([exe], env=dict(env, LOCKGRAPH_OPTIONS=f"trace_dir={theirs}"))
            expect(not list(theirs.iterdir()) and "another user owns it" in p.stderr,
                   "a folder another user owns is refused", p)
            p = run([exe], env=dict(env, LOCKGRAPH_OPTIONS=f"log_path={theirs}/live"))
            expect(not list(theirs.iterdir()) and "log_path: no log file in that folder "
                   "(another user owns it); reports go to stderr" in p.stderr and
                   "WARNING: lockgraph: bad-unlock" in p.stderr,
                   "a log folder another user owns: the reports go to stderr", p)
        else:
            print("NOTE: not root: the other user's folder is not checked")


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--preload", required=True)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
