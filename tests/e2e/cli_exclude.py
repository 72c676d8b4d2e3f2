#!/usr/bin/env python3
"""--exclude REGEX drops matching translation units before analysis: excluding one half
of a cross-file inversion removes the finding and the TU from the count; an invalid
regex is a usage error (exit 2, one line)."""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

CASE = rsc.STATIC_DIR / "lock-order-inversion" / "pos_cross_file_wrappers"


def body(args):
    lg = args.lockgraph
    case = rsc.Case(CASE)
    with tempfile.TemporaryDirectory(prefix="lockgraph-exclude-") as tmp:
        case.write_compile_db(tmp)
        base = [lg, "check", "-p", tmp, "--format", "json", "--base-dir", case.base_dir]
        p = run(base, cwd=case.base_dir)
        whole = rsc.parse_report(p)
        expect(p.returncode == 1 and len(whole["findings"]) >= 1,
               "the whole case should report its inversion", p)
        total = whole["summary"]["translationUnits"]

        sources = sorted(s for s in Path(CASE).iterdir() if s.suffix in (".c", ".cpp"))
        expect(len(sources) >= 2, f"{CASE} should have several sources")
        victim = sources[-1].name
        p = run(base + ["--exclude", victim.replace(".", "\\.") + "$"], cwd=case.base_dir)
        part = rsc.parse_report(p)
        expect(part["summary"]["translationUnits"] == total - 1,
               f"excluding {victim}: {part['summary']['translationUnits']} TUs, expected "
               f"{total - 1}", p)
        expect(len(part["findings"]) < len(whole["findings"]),
               f"excluding {victim} should drop the inversion it takes part in", p)
        expect(f"analyzed {total - 1} of {total - 1} translation units" in p.stderr,
               "the summary line should count only the TUs left", p)

        p = run(base + ["--exclude", "(unclosed"], cwd=case.base_dir)
        lines = rsc.stderr_lines(p)
        expect(p.returncode == 2 and len(lines) == 1 and "--exclude" in lines[0],
               "an invalid --exclude regex should be one usage error line", p)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
