#!/usr/bin/env python3
"""`lockgraph check` over the runtime corpus's clean programs (testdata/runtime: every
`*_negative.*` case and everything in no-finding/) reports nothing: the runtime's
negatives (recursive mutexes re-entered through mtx_init, std::recursive_mutex and
try-locks, reader-preferring rwlocks, infeasible cycles, gate locks) are negatives for
the static analyzer too. A case whose static finding is right for reasons only a run
can tell (exec separates the two orders) says so in a `// static-expect: <id>` line."""

import concurrent.futures
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import TestFailure, run  # noqa: E402

RUNTIME_DIR = rsc.REPO_DIR / "testdata" / "runtime"
STATIC_EXPECT_RE = re.compile(r"//\s*static-expect:\s*([a-z-]+)")


def cases():
    for path in sorted(RUNTIME_DIR.rglob("*")):
        if path.suffix not in (".c", ".cpp"):
            continue
        if path.stem.endswith("_negative") or path.parent.name == "no-finding":
            yield path


def check_one(lg, path):
    flags = ["-std=gnu11"] if path.suffix == ".c" else ["-std=c++17"]
    p = run([lg, "check", "--format", "json", str(path), "--", *flags, "-pthread"],
            cwd=path.parent)
    try:
        found = sorted(f["rule"] for f in json.loads(p.stdout)["findings"])
    except (json.JSONDecodeError, KeyError):
        return f"{path.relative_to(RUNTIME_DIR)}: no JSON report (exit {p.returncode})\n{p.stderr}"
    allowed = sorted(STATIC_EXPECT_RE.findall(path.read_text(encoding="utf-8")))
    if found != allowed:
        return (f"{path.relative_to(RUNTIME_DIR)}: check reported {found or 'nothing'}, "
                f"expected {allowed or 'nothing'}")
    return None


def body(args):
    todo = list(cases())
    if len(todo) < 20:
        raise TestFailure(f"only {len(todo)} clean runtime cases found under {RUNTIME_DIR}")
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        failures = [r for r in pool.map(lambda p: check_one(args.lockgraph, p), todo) if r]
    if failures:
        raise TestFailure("\n".join(failures))


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
