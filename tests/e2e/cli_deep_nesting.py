#!/usr/bin/env python3
"""Input nested 40,000 levels deep (an 80 KB file of `[`) used to overflow the stack of
every reader (llvm::json and llvm::yaml parse recursively). Now each is refused before
parsing, in one line naming the file, and the command goes on where it can:

- a facts file (`link`, and the `--facts-dir` cache of `check`): the other TUs link;
- a trace line (`report`): the lines before it are kept;
- `--baseline`, `--api` (flow and compact block YAML), the compile database: a usage
  error (exit 2), not a crash.
"""

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

GOOD = rsc.STATIC_DIR / "lock-order-inversion" / "pos_direct.c"
OTHER = rsc.STATIC_DIR / "double-lock" / "pos_helper_call.c"
DEEP = 40000


def not_crashed(p, what):
    expect(p.returncode >= 0, f"{what}: killed by signal {-p.returncode}", p)
    expect("Stack dump" not in p.stderr and "PLEASE submit" not in p.stderr,
           f"{what}: a crash report", p)


def one_error_naming(p, name, what):
    errors = [l for l in rsc.stderr_lines(p) if "error" in l]
    expect(len(errors) == 1 and name in errors[0] and "nested more than" in errors[0],
           f"{what}: one error line naming {name}: {errors}", p)


def body(args):
    lg = args.lockgraph
    with tempfile.TemporaryDirectory(prefix="lockgraph-deep-") as tmp:
        tmp = Path(tmp)
        deep_json = "[" * DEEP + "]" * DEEP

        facts = tmp / "facts"
        p = run([lg, "check", "--facts-dir", facts, "--no-link", GOOD, OTHER, "--",
                 "-std=c11", "-pthread"])
        expect(p.returncode == 0, "writing the facts failed", p)
        broken = next(facts.glob("pos_helper_call.c.*.facts.json"))
        broken.write_text(deep_json)
        p = run([lg, "link", facts, "--format", "json"])
        not_crashed(p, "link")
        one_error_naming(p, broken.name, "link")
        rules = [f["rule"] for f in rsc.parse_report(p)["findings"]]
        expect(p.returncode == 1 and rules == ["lock-order-inversion"],
               f"link: the other TU is still linked and reported, got {rules}", p)

        trace = tmp / "lockgraph.deep.1.trace"
        header = {"t": "header", "format": "lockgraph-trace", "version": 1, "pid": 1,
                  "exe": "/bin/deep", "argv": ["deep"], "start_unix_ms": 0, "options": ""}
        trace.write_text(json.dumps(header) + "\n" +
                         json.dumps({"t": "thread", "id": 0, "parent": 0, "name": "",
                                     "stack": 0}) + "\n" + deep_json + "\n")
        p = run([lg, "report", trace])
        not_crashed(p, "report")
        expect(p.returncode == 0 and "lockgraph.deep.1.trace:3: a line nested more than"
               in p.stderr, "report: the line is named and the rest kept", p)

        baseline = tmp / "baseline.json"
        baseline.write_text('{"format":"lockgraph-baseline","fingerprints":' + deep_json + "}")
        p = run([lg, "check", "--baseline", baseline, GOOD, "--", "-std=c11", "-pthread"])
        not_crashed(p, "baseline")
        expect(p.returncode == 2, "baseline: a usage error", p)
        one_error_naming(p, baseline.name, "baseline")

        for name, text in (("flow.yaml", "functions: " + "[" * DEEP + "]" * DEEP + "\n"),
                           ("compact.yaml", "functions:\n" + "- " * DEEP + "x\n")):
            api = tmp / name
            api.write_text(text)
            p = run([lg, "check", "--api", api, GOOD, "--", "-std=c11", "-pthread"])
            not_crashed(p, name)
            expect(p.returncode == 2, f"{name}: a usage error", p)
            one_error_naming(p, name, name)

        db = tmp / "build"
        db.mkdir()
        (db / "compile_commands.json").write_text(deep_json)
        p = run([lg, "check", "-p", db])
        not_crashed(p, "compile database")
        expect(p.returncode == 2, "compile database: a usage error", p)
        one_error_naming(p, "compile_commands.json", "compile database")


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
