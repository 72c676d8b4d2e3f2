#!/usr/bin/env python3
"""--guard-share and --guard-write-weight set unprotected-rmw's guard inference: the
lost-update case is reported by default (its lock held at 3 of 5 weighted accesses),
not when the guard must be held at 90% of them, and is again when writes count as one
read each (2 of 3 accesses hold it); a share outside (0, 1] or a weight below 1 is one
usage error line (exit 2)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

CASE = rsc.STATIC_DIR / "unprotected-rmw" / "pos_lost_update_counter.c"


def rmw_count(p):
    return sum(f["rule"] == "unprotected-rmw" for f in rsc.parse_report(p)["findings"])


def body(args):
    base = [args.lockgraph, "check", "--format", "json", str(CASE)]
    flags = ["--", "-std=c11", "-pthread"]
    p = run(base + flags)
    expect(rmw_count(p) == 1, "the lost update should be reported by default", p)
    p = run(base + ["--guard-share=0.9"] + flags)
    expect(rmw_count(p) == 0, "no lock is held at 90% of the accesses: no guard", p)
    p = run(base + ["--guard-share=0.6", "--guard-write-weight=1"] + flags)
    expect(rmw_count(p) == 1, "2 of 3 accesses hold the lock: a guard at 60%", p)
    for bad in (["--guard-share=0"], ["--guard-share=1.5"], ["--guard-write-weight=0.5"]):
        p = run(base + bad + flags)
        lines = rsc.stderr_lines(p)
        expect(p.returncode == 2 and len(lines) == 1 and "--guard" in lines[0],
               f"{bad[0]} should be one usage error line", p)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
