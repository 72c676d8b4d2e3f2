#!/usr/bin/env python3
"""--help and --version succeed, `rules` lists the whole catalogue (text and JSON), and
command-line mistakes are usage errors (exit 2) with a message on stderr."""

import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings_in(v)


def body(args):
    lg = args.lockgraph
    p = run([lg, "--help"])
    expect(p.returncode == 0, f"--help: exit code {p.returncode}, expected 0", p)
    text = p.stdout + p.stderr
    for word in ("check", "link", "rules"):
        expect(re.search(rf"\b{word}\b", text), f"--help does not mention `{word}`", p)

    p = run([lg, "--version"])
    expect(p.returncode == 0, f"--version: exit code {p.returncode}, expected 0", p)
    expect(re.search(r"\b0\.1\.0\b", p.stdout + p.stderr), "--version does not print 0.1.0", p)

    p = run([lg, "rules"])
    expect(p.returncode == 0, f"rules: exit code {p.returncode}, expected 0", p)
    # Bare ("double-lock") or qualified ("lockgraph-double-lock"), as a whole token.
    missing = [i for i in rsc.KNOWN_IDS
               if not re.search(rf"(?<![\w-])(lockgraph-)?{i}(?![\w-])", p.stdout)]
    expect(not missing, f"`rules` does not list {missing}", p)

    p = run([lg, "rules", "--format", "json"])
    expect(p.returncode == 0, f"rules --format json: exit code {p.returncode}, expected 0", p)
    try:
        strings = set(strings_in(json.loads(p.stdout)))
    except json.JSONDecodeError as e:
        raise rsc.TestFailure(f"`rules --format json` is not JSON: {e}\n{rsc.describe(p)}")
    missing = [i for i in rsc.KNOWN_IDS if i not in strings and "lockgraph-" + i not in strings]
    expect(not missing, f"`rules --format json` does not list {missing}", p)

    with tempfile.TemporaryDirectory(prefix="lockgraph-usage-") as tmp:
        src = Path(tmp) / "ok.c"
        src.write_text("int ok(void) { return 0; }\n")
        for bad in (["--no-such-option"],
                    ["check", "--no-such-option", src, "--", "-std=c11"],
                    ["check", "--format", "xml", src, "--", "-std=c11"],
                    ["check", "--fail-on", "never", src, "--", "-std=c11"],
                    ["no-such-command"]):
            p = run([lg] + bad, cwd=tmp)
            expect(p.returncode == 2, f"`lockgraph {' '.join(map(str, bad))}`: exit code "
                   f"{p.returncode}, expected 2 (usage error)", p)
            expect(p.stderr.strip(), f"`lockgraph {' '.join(map(str, bad))}`: nothing on stderr", p)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
