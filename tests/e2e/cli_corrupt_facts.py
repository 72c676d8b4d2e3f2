#!/usr/bin/env python3
"""A truncated facts file costs one error line naming it; `lockgraph link` still links
and reports the others; a directory of nothing but corrupt facts is an input error."""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

GOOD = rsc.STATIC_DIR / "lock-order-inversion" / "pos_direct.c"
OTHER = rsc.STATIC_DIR / "double-lock" / "pos_helper_call.c"


def body(args):
    lg = args.lockgraph
    with tempfile.TemporaryDirectory(prefix="lockgraph-corrupt-") as tmp:
        facts = Path(tmp) / "facts"
        p = run([lg, "check", "--facts-dir", facts, "--no-link", GOOD, OTHER, "--",
                 "-std=c11", "-pthread"])
        expect(p.returncode == 0, "writing the facts failed", p)
        broken = next(facts.glob("pos_helper_call.c.*.facts.json"))
        broken.write_bytes(broken.read_bytes()[:300])

        p = run([lg, "link", facts, "--format", "json", "--base-dir", GOOD.parent])
        report = rsc.parse_report(p)
        errors = [l for l in rsc.stderr_lines(p) if "error:" in l]
        expect(len(errors) == 1 and broken.name in errors[0],
               "one error line naming the truncated facts file", p)
        expect("linked 1 of 2" in p.stderr, "the summary should count what was linked", p)
        rules = [f["rule"] for f in report["findings"]]
        expect(p.returncode == 1 and rules == ["lock-order-inversion"],
               f"the intact TU's finding must still be reported, got {rules}", p)

        for f in facts.glob("*.facts.json"):
            f.write_text("not json")
        p = run([lg, "link", facts])
        expect(p.returncode == 2, "nothing linkable is an input error (exit 2)", p)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
