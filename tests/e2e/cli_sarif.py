#!/usr/bin/env python3
"""`check --format sarif -o FILE` writes SARIF 2.1.0 that validates against the OASIS
schema (with tests/sarif/validate_sarif.py) and carries each finding as a result with
ruleId lockgraph-<id> at the expected file and line. A single-file case and a
multi-file (compile database) case."""

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

CASES = [
    rsc.STATIC_DIR / "lock-order-inversion" / "pos_direct.c",
    rsc.STATIC_DIR / "lock-order-inversion" / "pos_cross_file_wrappers",
]
SCHEMA = rsc.REPO_DIR.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
VALIDATOR = rsc.REPO_DIR / "tests" / "sarif" / "validate_sarif.py"


def sarif_results(log, out):
    expect(log.get("version") == "2.1.0", f"{out}: version is {log.get('version')!r}")
    runs = log.get("runs")
    expect(isinstance(runs, list) and len(runs) == 1, f"{out}: expected exactly one run")
    results = runs[0].get("results")
    expect(isinstance(results, list), f"{out}: run has no results array")
    keys = []
    for r in results:
        try:
            phys = r["locations"][0]["physicalLocation"]
            uri = phys["artifactLocation"]["uri"]
            line = phys["region"]["startLine"]
        except (KeyError, IndexError, TypeError):
            raise rsc.TestFailure(f"{out}: result without a physical location: {r}")
        keys.append((uri, line, r.get("ruleId")))
    return keys


def check_case(lg, case_path, tmp):
    case = rsc.Case(case_path)
    out = tmp / (case.path.stem + ".sarif")
    db_dir = None
    if case.is_dir:
        db_dir = tmp / (case.path.name + "-db")
        db_dir.mkdir()
        case.write_compile_db(db_dir)
    p = run(case.check_command(lg, db_dir, fmt="sarif", extra=["-o", out]), cwd=case.base_dir)
    expect(p.returncode == 1, f"exit code {p.returncode}, expected 1 (the case has findings)", p)
    expect(out.is_file(), f"-o {out} was not written", p)

    expect(VALIDATOR.is_file(), f"the SARIF validator {VALIDATOR} does not exist")
    v = run([sys.executable, VALIDATOR, SCHEMA, out])
    expect(v.returncode == 0, f"{out} does not validate against {SCHEMA.name}", v)

    try:
        log = json.loads(out.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise rsc.TestFailure(f"{out} is not JSON: {e}")
    got = sorted(sarif_results(log, out))
    want = sorted((file, line, "lockgraph-" + rule)
                  for (file, line, rule), n in case.expected.items() for _ in range(n))
    # SARIF URIs are relative to %SRCROOT% (the base dir) or absolute file: URIs.
    norm = sorted((uri[len(case.base_dir.as_uri()) + 1:] if uri.startswith("file:") else uri,
                   line, rule) for uri, line, rule in got)
    expect(norm == want, f"{out}: results {got}, expected {want}")


def check_versions(lg, tmp):
    """check, link, report and run all carry the version --version prints."""
    v = run([lg, "--version"])
    version = v.stdout.split()[1]
    expect(version and version[0].isdigit(), f"--version prints a version: {v.stdout}", v)
    src = rsc.STATIC_DIR / "lock-order-inversion" / "pos_direct.c"
    facts = tmp / "facts-version"
    for fmt in ("json", "sarif"):
        p = run([lg, "check", "--format", fmt, "--facts-dir", facts, src, "--",
                 "-std=c11", "-pthread"])
        doc = json.loads(p.stdout)
        got = doc["version"] if fmt == "json" else doc["runs"][0]["tool"]["driver"].get("version")
        expect(got == version, f"check --format {fmt}: version {got!r}, expected {version}", p)
        p = run([lg, "link", "--format", fmt, facts])
        doc = json.loads(p.stdout)
        got = doc["version"] if fmt == "json" else doc["runs"][0]["tool"]["driver"].get("version")
        expect(got == version, f"link --format {fmt}: version {got!r}, expected {version}", p)
        if fmt == "sarif":
            expect(doc["runs"][0]["tool"]["driver"].get("semanticVersion") == version,
                   "link: semanticVersion too", p)


def body(args):
    with tempfile.TemporaryDirectory(prefix="lockgraph-sarif-") as tmp:
        for case in CASES:
            check_case(args.lockgraph, case, Path(tmp))
        check_versions(args.lockgraph, Path(tmp))


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
