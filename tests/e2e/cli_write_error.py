#!/usr/bin/env python3
"""A full disk, simulated with a tiny RLIMIT_FSIZE (SIGXFSZ ignored, so writes fail
with EFBIG as they would with ENOSPC): the runtime says once which file it could not
write and why, keeps reporting findings on stderr, and ends the trace with a
`write_error` record; `lockgraph report` says the trace was cut by a write error, not
that the process crashed."""

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

PROGRAM = r"""
#include <pthread.h>
#include <stdlib.h>
int main(void) {
  enum { N = 200 };
  pthread_mutex_t *m = calloc(N, sizeof *m);
  for (int i = 0; i < N; i++) pthread_mutex_init(&m[i], NULL);
  for (int i = 0; i < N; i++) pthread_mutex_lock(&m[i]);  /* ~20,000 edges: a big trace */
  for (int i = N - 1; i >= 0; i--) pthread_mutex_unlock(&m[i]);
  pthread_mutex_lock(&m[1]); pthread_mutex_lock(&m[0]);    /* an inversion, after the cut */
  pthread_mutex_unlock(&m[0]); pthread_mutex_unlock(&m[1]);
  return 0;
}
"""


def limited():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))


def body(args):
    with tempfile.TemporaryDirectory(prefix="lockgraph-write-error-") as tmp:
        tmp = Path(tmp)
        (tmp / "p.c").write_text(PROGRAM)
        exe = tmp / "p"
        subprocess.run([args.clang, "-pthread", str(tmp / "p.c"), "-o", str(exe)], check=True)
        out = tmp / "traces"
        out.mkdir()
        env = dict(os.environ, LD_PRELOAD=args.preload, LOCKGRAPH_OPTIONS=f"trace_dir={out}")
        p = subprocess.run([str(exe)], env=env, preexec_fn=limited, capture_output=True,
                           text=True, timeout=120)
        said = [l for l in p.stderr.splitlines() if "cannot write the trace file" in l]
        expect(len(said) == 1 and "File too large" in said[0],
               f"one line naming the file and the error: {said}", p)
        expect(p.returncode == 66 and "WARNING: lockgraph: lock-order-inversion" in p.stderr,
               "findings after the cut are still reported live", p)
        traces = list(out.iterdir())
        expect(len(traces) == 1, f"one trace: {traces}", p)
        lines = traces[0].read_text().splitlines()
        expect(json.loads(lines[-1])["t"] == "write_error",
               f"the trace ends with a write_error record: {lines[-1][:200]}", p)
        p = run([args.lockgraph, "report", out])
        expect("cut short by a write error (File too large)" in p.stderr and
               "crashed" not in p.stderr, "report blames the write error, not a crash", p)


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--preload", required=True)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
