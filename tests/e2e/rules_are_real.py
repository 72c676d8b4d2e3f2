#!/usr/bin/env python3
"""`lockgraph rules` and SARIF say which detectors report each rule (`detectors:` in
rules/<id>.yaml). A detector listed there must really report the rule: it needs a
positive case in testdata that expects the id (static: testdata/static/<id>/ with
`// expect: <id>`; runtime: testdata/runtime/<id>/ with `// expect: <id>` or
`// expect-report: <id>`), and a rule with no detector at all is not allowed. A rule
that is only planned must not be listed as if it were implemented."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cases_expecting(folder, rule, markers):
    if not folder.is_dir():
        return []
    hits = []
    for path in folder.rglob("*"):
        if path.suffix in (".c", ".cpp", ".cc", ".h") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(re.search(rf"//\s*{m}:\s*{re.escape(rule)}\b", text) for m in markers):
                hits.append(path)
            # expect-count: <id> N with N > 0 is a positive too
            for n in re.findall(rf"//\s*(?:expect|expect-report)-count:\s*{re.escape(rule)}\s+(\d+)",
                                text):
                if int(n) > 0:
                    hits.append(path)
    return hits


def main():
    problems = []
    for yaml in sorted((ROOT / "rules").glob("*.yaml")):
        text = yaml.read_text(encoding="utf-8")
        rule = re.search(r"^id:\s*(\S+)", text, re.M).group(1)
        m = re.search(r"^detectors:\s*\[([^\]]*)\]", text, re.M)
        detectors = [d.strip() for d in m.group(1).split(",") if d.strip()] if m else []
        if not detectors:
            problems.append(f"{rule}: no detector listed")
        for d in detectors:
            if d == "static":
                found = cases_expecting(ROOT / "testdata" / "static" / rule, rule, ["expect"])
            elif d == "runtime":
                found = cases_expecting(ROOT / "testdata" / "runtime" / rule, rule,
                                        ["expect", "expect-report"])
            else:
                problems.append(f"{rule}: unknown detector {d!r}")
                continue
            if not found:
                problems.append(f"{rule}: listed as {d}, but no {d} testdata case expects it")
    if problems:
        print("FAIL rules_are_real.py\n" + "\n".join(problems))
        return 1
    print("PASS rules_are_real.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
