#!/usr/bin/env python3
"""`lockgraph report --static CHECK.json TRACES`: the static findings joined with what
the runs did (tests/e2e/data/static_join.c has three static lock-order cycles):

- a/b: the runtime reports it too: one finding, detectors static and runtime;
- c/d: the run never takes d then c: static only, not confirmed, and that order is
  listed as never exercised;
- e/f: both orders taken, in an order the runtime does not report (thread creation
  orders them): static, confirmed at run time;
- a poll on a flag that check and run both report (busy-wait): one finding;
- the text, JSON and SARIF forms carry the same.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

SRC = Path(__file__).resolve().parent / "data" / "static_join.c"
SCHEMA = rsc.REPO_DIR.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
VALIDATOR = rsc.REPO_DIR / "tests" / "sarif" / "validate_sarif.py"


def body(args):
    lg = args.lockgraph
    with tempfile.TemporaryDirectory(prefix="lockgraph-static-join-") as tmp:
        tmp = Path(tmp)
        exe = tmp / "p"
        subprocess.run([args.clang, "-g", "-pthread", str(SRC), "-o", str(exe)], check=True)
        check = tmp / "check.json"
        p = run([lg, "check", "--format", "json", "-o", check, "--base-dir", SRC.parent, SRC,
                 "--", "-pthread"])
        expect(p.returncode == 1, "check finds the three cycles", p)
        traces = tmp / "traces"
        p = run([lg, "run", "--out", traces, "--", exe])
        expect(p.returncode == 66, "the run finds a/b", p)

        p = run([lg, "report", "--static", check, "--format", "json", "--base-dir", SRC.parent,
                 traces])
        doc = json.loads(p.stdout)
        by_locks = {" ".join(sorted(f["locks"])): f for f in doc["findings"]}
        rules = sorted(f["rule"] for f in doc["findings"])
        expect(rules == ["busy-wait"] + ["lock-order-inversion"] * 3, f"four findings: {rules}", p)
        bw = [f for f in doc["findings"] if f["rule"] == "busy-wait"][0]
        expect(bw["detectors"] == ["static", "runtime"] and bw.get("function") == "wait_ready",
               f"the poll both halves saw is one finding: {bw}", p)
        ab = [f for f in doc["findings"]
              if f["origin"] == "static+runtime" and f["rule"] == "lock-order-inversion"]
        expect(len(ab) == 1 and ab[0]["detectors"] == ["static", "runtime"] and
               ab[0].get("confirmedAtRuntime") and
               any("lockgraph check reported it too" in n["message"] for n in ab[0]["notes"]),
               f"a/b is one finding of both detectors: {ab}", p)
        cd = by_locks.get("c (static_join.c) d (static_join.c)")
        ef = by_locks.get("e (static_join.c) f (static_join.c)")
        expect(cd and cd["detectors"] == ["static"] and not cd.get("confirmedAtRuntime"),
               f"c/d: static only, not confirmed: {cd}", p)
        expect(ef and ef["detectors"] == ["static"] and ef.get("confirmedAtRuntime"),
               f"e/f: static, confirmed at run time: {ef}", p)
        cov = doc["coverage"]
        expect(cov["staticEdges"] == 6 and cov["exercised"] == 5 and
               [(e["from"], e["to"]) for e in cov["unexercised"]] ==
               [("d (static_join.c)", "c (static_join.c)")],
               f"the one order the run never took: {cov}", p)

        p = run([lg, "report", "--static", check, "--base-dir", SRC.parent, traces])
        expect("5 of 6 lock orders the static analysis found were taken at run time" in p.stdout
               and "c (static_join.c) while holding d (static_join.c)" in p.stdout,
               "the text report says what was never taken", p)

        sarif = tmp / "joined.sarif"
        p = run([lg, "report", "--static", check, "--format", "sarif", "-o", sarif,
                 "--base-dir", SRC.parent, traces])
        v = run([sys.executable, VALIDATOR, SCHEMA, sarif])
        expect(v.returncode == 0, "the joined SARIF validates", v)
        results = json.loads(sarif.read_text())["runs"][0]["results"]
        expect(sorted(tuple(r["properties"]["detectors"]) for r in results) ==
               [("static",), ("static",), ("static", "runtime"), ("static", "runtime")],
               f"properties.detectors: {[r['properties'] for r in results]}", p)

        p = run([lg, "report", "--static", tmp / "nope.json", traces])
        expect(p.returncode == 2 and "--static" in p.stderr, "a missing --static file: exit 2", p)


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
