#!/usr/bin/env python3
"""One thread holding 1,000 locks at once (bench/runtime/held_locks.c): the lock graph
gets ~500,000 edges. The trace used to repeat the whole held list in every edge
record (1.3 GB, and `report` needed 3 GB); now an acquisition's new edges are one
record. Asserted as sizes, never times: the trace under 20 MB, `report` (text) under
300 MB of memory, and every edge still in the graph `report --format json` writes.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect  # noqa: E402

N = 1000


def peak_rss_kb(cmd):
    """Runs cmd and returns (exit status, its own peak RSS in KB), from wait4."""
    child = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, usage.ru_maxrss


def body(args):
    src = rsc.REPO_DIR / "bench" / "runtime" / "held_locks.c"
    with tempfile.TemporaryDirectory(prefix="lockgraph-held-") as tmp:
        tmp = Path(tmp)
        exe = tmp / "held"
        subprocess.run([args.clang, "-O2", "-pthread", str(src), "-o", str(exe)], check=True)
        out = tmp / "traces"
        out.mkdir()
        env = dict(os.environ, LD_PRELOAD=args.preload, LOCKGRAPH_OPTIONS=f"trace_dir={out}")
        p = subprocess.run([str(exe), str(N)], env=env, capture_output=True, text=True,
                           timeout=300)
        expect(p.returncode == 0 and "WARNING" not in p.stderr, "one order: nothing to report", p)
        traces = list(out.iterdir())
        size = sum(t.stat().st_size for t in traces)
        expect(len(traces) == 1 and size < 20 * 2**20,
               f"the trace of {N} held locks is {size / 2**20:.1f} MB (at most 20 MB)")

        rc, rss = peak_rss_kb([args.lockgraph, "report", str(out)])
        expect(rc == 0, f"report of a clean run exits 0, not {rc}")
        expect(rss < 300 * 1024, f"report used {rss / 1024:.0f} MB (at most 300 MB)")
        print(f"NOTE: trace {size / 2**20:.1f} MB, report {rss / 1024:.0f} MB")
        p = subprocess.run([args.lockgraph, "report", "--format", "json", str(out)],
                           capture_output=True, text=True, timeout=300)
        graph = json.loads(p.stdout)["graph"]
        expect(len(graph) == N * (N - 1) // 2,
               f"every edge in the JSON graph: {len(graph)}, expected {N * (N - 1) // 2}", p)


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--preload", required=True)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
