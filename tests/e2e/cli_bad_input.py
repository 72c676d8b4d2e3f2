#!/usr/bin/env python3
"""Bad input is answered with one clear stderr line per problem, and whatever can be
analyzed still is: a missing compile database, a TU that fails to parse next to a good
one, a source file that does not exist."""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run, stderr_lines  # noqa: E402

INVERSION = rsc.STATIC_DIR / "lock-order-inversion" / "pos_direct.c"
CLEAN = rsc.STATIC_DIR / "lock-order-inversion" / "neg_consistent_order.c"
BAD_SOURCE = """int broken(void) {
  int x = 1
  return x;
}
int also_broken(void) { return undeclared_thing_xyz; }
"""
FIRST_ERROR = "expected ';' at end of declaration"
C_FLAGS = ["-std=c11", "-pthread"]


def inversion_line():
    """The line of the one finding in INVERSION, from its // expect: marker."""
    (key, count), = rsc.Case(INVERSION).expected.items()
    expect(count == 1 and key[2] == "lock-order-inversion", f"{INVERSION} changed")
    return key[1]


def write_db(directory, sources):
    entries = [{"directory": str(directory), "arguments": ["clang-19"] + C_FLAGS + ["-c", str(s)],
                "file": str(s)} for s in sources]
    (directory / "compile_commands.json").write_text(json.dumps(entries, indent=2))


def expect_summary_line(p, analyzed, total):
    lines = stderr_lines(p)
    want = f"analyzed {analyzed} of {total} translation units"
    expect(lines and want in lines[-1], f"stderr does not end with '{want}'", p)


def missing_database(lg, tmp):
    empty = tmp / "empty-build"
    empty.mkdir()
    for where in (Path("/nonexistent/build"), empty):
        p = run([lg, "check", "--format", "json", "-p", where], cwd=tmp)
        expect(p.returncode == 2, f"-p {where}: exit code {p.returncode}, expected 2", p)
        lines = stderr_lines(p)
        named = [line for line in lines if "compile_commands.json" in line]
        expect(len(named) == 1, f"-p {where}: expected one stderr line naming "
               "compile_commands.json", p)
        others = [line for line in lines if line not in named]
        expect(all("analyzed 0 of 0 translation units" in line for line in others),
               f"-p {where}: unexpected extra stderr lines {others}", p)


def one_bad_tu(lg, tmp):
    for good_src, findings_expected in ((INVERSION, True), (CLEAN, False)):
        work = tmp / ("mixed-" + good_src.stem)
        work.mkdir()
        good = work / "good.c"
        shutil.copy(good_src, good)
        bad = work / "bad.c"
        bad.write_text(BAD_SOURCE)
        write_db(work, [good, bad])
        p = run([lg, "check", "--format", "json", "--base-dir", work, "-p", work], cwd=work)
        want_rc = 1 if findings_expected else 0
        expect(p.returncode == want_rc, f"good + bad TU: exit code {p.returncode}, expected "
               f"{want_rc} (the good TU has {'a' if findings_expected else 'no'} finding)", p)
        report = rsc.parse_report(p)
        expect(report["summary"]["translationUnits"] == 2 and report["summary"]["analyzed"] == 1,
               "summary should say 1 of 2 translation units analyzed", p)
        want = [("good.c", inversion_line(), "lock-order-inversion")] if findings_expected else []
        got = [rsc.finding_key(f) for f in report["findings"]]
        expect(got == want, f"findings {got}, expected {want}", p)
        about_bad = [line for line in stderr_lines(p) if "bad.c" in line]
        expect(len(about_bad) == 1, "expected exactly one stderr line naming bad.c", p)
        expect(FIRST_ERROR in about_bad[0], f"the bad.c line should carry the first error "
               f"'{FIRST_ERROR}'", p)
        expect("undeclared_thing_xyz" not in p.stderr,
               "only the first compiler error of bad.c should be reported", p)
        expect(not any("good.c" in line for line in stderr_lines(p)),
               "stderr complains about good.c", p)
        expect_summary_line(p, 1, 2)


def only_bad_tus(lg, tmp):
    work = tmp / "all-bad"
    work.mkdir()
    bad = work / "bad.c"
    bad.write_text(BAD_SOURCE)
    write_db(work, [bad])
    p = run([lg, "check", "--format", "json", "-p", work], cwd=work)
    expect(p.returncode == 2, f"nothing analyzable: exit code {p.returncode}, expected 2", p)
    expect(any("bad.c" in line and FIRST_ERROR in line for line in stderr_lines(p)),
           "stderr should name bad.c and its first error", p)
    expect_summary_line(p, 0, 1)


def nonexistent_source(lg, tmp):
    work = tmp / "missing-source"
    work.mkdir()
    missing = work / "no_such_file.c"
    p = run([lg, "check", "--format", "json", missing, "--"] + C_FLAGS, cwd=work)
    expect(p.returncode == 2, f"nonexistent source: exit code {p.returncode}, expected 2", p)
    named = [line for line in stderr_lines(p) if "no_such_file.c" in line]
    expect(len(named) == 1, "expected one stderr line naming no_such_file.c", p)
    expect("Stack dump" not in p.stderr and "Assertion" not in p.stderr,
           "lockgraph crashed on a nonexistent source", p)

    good = work / "good.c"
    shutil.copy(INVERSION, good)
    p = run([lg, "check", "--format", "json", "--base-dir", work, good, missing, "--"] + C_FLAGS,
            cwd=work)
    expect(p.returncode == 1, f"good + nonexistent source: exit code {p.returncode}, expected 1 "
           "(the good file has a finding)", p)
    report = rsc.parse_report(p)
    got = [rsc.finding_key(f) for f in report["findings"]]
    expect(got == [("good.c", inversion_line(), "lock-order-inversion")], f"findings {got}", p)
    expect(len([line for line in stderr_lines(p) if "no_such_file.c" in line]) == 1,
           "expected one stderr line naming no_such_file.c", p)
    expect_summary_line(p, 1, 2)


def errors_once_in_a_merged_log(lg, tmp):
    """A CI log merges stdout into stderr: each error line appears once, not once from
    the analysis and again from the text report."""
    bad = tmp / "merged_bad.c"
    bad.write_text("int main(void) { undeclared_merged = 1; return 0; }\n")
    p = subprocess.run([lg, "check", str(bad), str(INVERSION), "--", "-pthread"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = [l for l in p.stdout.splitlines() if "undeclared_merged" in l]
    expect(len(lines) == 1, f"the error once in a merged log, got {len(lines)}:\n{p.stdout}")
    p = run([lg, "check", bad, INVERSION, "--", "-pthread"])
    expect(sum("undeclared_merged" in l for l in p.stdout.splitlines()) == 1 and
           sum("undeclared_merged" in l for l in p.stderr.splitlines()) == 1,
           "separate streams: once on stderr as it happens, once in the report", p)
    p = run([lg, "check", "--quiet", bad, INVERSION, "--", "-pthread"])
    expect("translation units (" not in p.stderr, "--quiet: no progress lines", p)


def small_things(lg, tmp):
    """Each refused in one line, before any work, with exit 2."""
    empty = tmp / "empty-db"
    empty.mkdir()
    (empty / "compile_commands.json").write_text("[]")
    p = run([lg, "check", "-p", empty])
    lines = stderr_lines(p)
    expect(p.returncode == 2 and any("lists no translation units" in l for l in lines),
           "an empty compile database is nothing to analyze: exit 2", p)

    p = run([lg, "check", "--base-dir", tmp / "no-such-dir", INVERSION, "--", "-pthread"])
    expect(p.returncode == 2 and "--base-dir" in p.stderr and "not a directory" in p.stderr,
           "a --base-dir that does not exist is refused", p)

    baseline = tmp / "numbers.baseline"
    baseline.write_text('{"format":"lockgraph-baseline","fingerprints":["abc", 42]}')
    p = run([lg, "check", "--baseline", baseline, INVERSION, "--", "-pthread"])
    expect(p.returncode == 2 and "fingerprint 2 is not a string" in p.stderr,
           "a baseline with a non-string fingerprint is refused", p)

    a_file = tmp / "traces-here"
    a_file.write_text("not a folder")
    p = run([lg, "run", "--out", a_file, "--", "/bin/true"])
    expect(p.returncode == 2 and "is a file, not a folder" in p.stderr,
           "--out naming a regular file is refused before the program runs", p)


def body(args):
    with tempfile.TemporaryDirectory(prefix="lockgraph-bad-input-") as tmp:
        tmp = Path(tmp)
        small_things(args.lockgraph, tmp)
        errors_once_in_a_merged_log(args.lockgraph, tmp)
        missing_database(args.lockgraph, tmp)
        one_bad_tu(args.lockgraph, tmp)
        only_bad_tus(args.lockgraph, tmp)
        nonexistent_source(args.lockgraph, tmp)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
