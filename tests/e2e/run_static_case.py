#!/usr/bin/env python3
"""Runs `lockgraph check` on one static test case and compares its findings with the
expectations written in the case's sources.

A case is testdata/static/<id>/<name>.c|.cpp (one translation unit) or a directory
testdata/static/<id>/<name>/ whose .c/.cpp files are analyzed together as one program
(headers in it may carry expectations too). In the sources:

  // expect: <id>[, <id>...]      at the end of the line where each finding is reported
  // compile-args: <flags>        added to the defaults for that file
  // lockgraph-args: <args>       extra arguments for `lockgraph check`

Default flags: .c -> -std=c11 -pthread, .cpp -> -std=c++17 -pthread (a later -std in
compile-args wins). `%stubs%` in compile-args is replaced by the absolute path of
testdata/static/stubs.

A single file runs as
  lockgraph check --format json --base-dir <dir> <file> -- <flags>
a directory through a compile_commands.json written to a temporary directory:
  lockgraph check -p <tmp> --format json --base-dir <case dir>

The test passes when the multiset of (file, line, rule) of findings[].location equals the
expectations, the JSON is well formed, every translation unit was analyzed and the exit
code is 1 with findings, 0 without. Otherwise it prints MISSING/UNEXPECTED lines and
exits 1. The CLI tests in this directory import the helpers below.
"""

import argparse
import collections
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The finding catalogue (shared/guide/rules.md): ids are a public interface.
KNOWN_IDS = (
    "lock-order-inversion", "deadlock", "double-lock", "lock-leak", "bad-unlock",
    "unprotected-rmw", "check-then-act", "cond-wait-no-loop", "busy-wait",
    "blocking-under-lock", "contention", "livelock", "starvation",
)
SOURCE_EXTS = (".c", ".cpp", ".cc", ".cxx")
HEADER_EXTS = (".h", ".hpp", ".hh", ".hxx", ".inc")
COMPILER = "clang-19"  # argv[0] of the generated compile commands
RUN_TIMEOUT = 600

REPO_DIR = Path(__file__).resolve().parents[2]
STATIC_DIR = REPO_DIR / "testdata" / "static"
STUBS_DIR = STATIC_DIR / "stubs"

EXPECT_RE = re.compile(r"//.*?\bexpect:\s*(?P<ids>.*?)\s*$")
DIRECTIVE_RE = re.compile(r"^\s*//\s*(?P<key>compile-args|lockgraph-args):(?P<value>.*)$")
ID_LIST_RE = re.compile(r"^[a-z][a-z0-9-]*(\s*,\s*[a-z][a-z0-9-]*)*$")
FINGERPRINT_RE = re.compile(r"^[0-9a-fA-F]{16}$")


class TestFailure(Exception):
    """A deviation from the contract; the message says what and where."""


def default_flags(path):
    return ["-std=c11", "-pthread"] if path.suffix == ".c" else ["-std=c++17", "-pthread"]


class Case:
    """Sources, flags and expectations of one test case."""

    def __init__(self, path, stubs_dir=STUBS_DIR):
        self.path = Path(path).resolve()
        if not self.path.exists():
            raise TestFailure(f"{path}: no such test case")
        self.is_dir = self.path.is_dir()
        self.base_dir = self.path if self.is_dir else self.path.parent
        self.stubs_dir = Path(stubs_dir).resolve()
        if self.is_dir:
            files = sorted(p for p in self.path.rglob("*") if p.is_file())
            self.sources = [p for p in files if p.suffix in SOURCE_EXTS]
            scanned = [p for p in files if p.suffix in SOURCE_EXTS + HEADER_EXTS]
        else:
            if self.path.suffix not in SOURCE_EXTS:
                raise TestFailure(f"{path}: a case file must end in one of {SOURCE_EXTS}")
            self.sources = [self.path]
            scanned = [self.path]
        if not self.sources:
            raise TestFailure(f"{path}: no .c/.cpp sources in the case")
        self.flags = {}
        self.lockgraph_args = []
        self.expected = collections.Counter()
        for f in scanned:
            self._scan(f)

    def rel(self, path):
        return Path(os.path.relpath(path, self.base_dir)).as_posix()

    def _scan(self, path):
        extra = []
        text = path.read_text(encoding="utf-8")
        for lineno, line in enumerate(text.splitlines(), start=1):
            d = DIRECTIVE_RE.match(line)
            if d:
                value = d.group("value").replace("%stubs%", str(self.stubs_dir))
                (extra if d.group("key") == "compile-args" else self.lockgraph_args).extend(
                    shlex.split(value))
                continue
            m = EXPECT_RE.search(line)
            if m is None:
                if "expect:" in line:
                    raise TestFailure(f"{self.rel(path)}:{lineno}: 'expect:' is not at the end "
                                      "of a // comment")
                continue
            ids = m.group("ids")
            if not ID_LIST_RE.match(ids):
                raise TestFailure(f"{self.rel(path)}:{lineno}: malformed expectation {ids!r}")
            for rule in (s.strip() for s in ids.split(",")):
                if rule not in KNOWN_IDS:
                    raise TestFailure(f"{self.rel(path)}:{lineno}: unknown rule id {rule!r}")
                self.expected[(self.rel(path), lineno, rule)] += 1
        if path.suffix in SOURCE_EXTS:
            self.flags[path] = default_flags(path) + extra
        elif extra:
            raise TestFailure(f"{self.rel(path)}: compile-args belong in a source file")

    def compile_commands(self):
        return [{
            "directory": str(self.base_dir),
            "arguments": [COMPILER] + self.flags[src] + ["-c", str(src)],
            "file": str(src),
        } for src in self.sources]

    def write_compile_db(self, directory):
        db = Path(directory) / "compile_commands.json"
        db.write_text(json.dumps(self.compile_commands(), indent=2) + "\n", encoding="utf-8")
        return db

    def check_command(self, lockgraph, db_dir=None, fmt="json", extra=()):
        """The `lockgraph check` command line for this case: through db_dir (required for a
        directory case) or, for a single file, with the flags after `--`."""
        cmd = [str(lockgraph), "check", "--format", fmt, "--base-dir", str(self.base_dir)]
        cmd += self.lockgraph_args + list(extra)
        if db_dir is not None:
            return cmd + ["-p", str(db_dir)]
        if self.is_dir:
            raise TestFailure("a directory case needs a compile database")
        return cmd + [str(self.path), "--"] + self.flags[self.path]

    def syntax_check(self, clang):
        """The corpus itself must compile: a case that does not would blame lockgraph."""
        for src in self.sources:
            cmd = [clang, "-fsyntax-only"] + self.flags[src] + [str(src)]
            p = run(cmd, cwd=self.base_dir)
            if p.returncode != 0:
                raise TestFailure(f"test case does not compile: {shlex.join(cmd)}\n{p.stderr}")


def run(cmd, cwd=None, timeout=RUN_TIMEOUT, env=None):
    try:
        return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise TestFailure(f"timed out after {timeout}s: {shlex.join(map(str, cmd))}")
    except OSError as e:
        raise TestFailure(f"cannot run {cmd[0]}: {e}")


def describe(p):
    """The command, exit code and output of a finished process, for failure messages."""
    out = [f"$ {shlex.join(p.args)}", f"exit code {p.returncode}"]
    if p.stdout.strip():
        out.append("--- stdout ---\n" + p.stdout.rstrip())
    if p.stderr.strip():
        out.append("--- stderr ---\n" + p.stderr.rstrip())
    return "\n".join(out)


def parse_report(p):
    """The JSON report printed by a finished `lockgraph ... --format json`, checked for the
    shape the contract promises."""
    try:
        report = json.loads(p.stdout)
    except json.JSONDecodeError as e:
        raise TestFailure(f"output is not JSON ({e})\n{describe(p)}")
    return check_report_shape(report, p)


def check_report_shape(report, p=None):
    ctx = ("\n" + describe(p)) if p is not None else ""
    if not isinstance(report, dict):
        raise TestFailure("JSON report is not an object" + ctx)
    summary, findings = report.get("summary"), report.get("findings")
    if not isinstance(summary, dict) or not isinstance(findings, list):
        raise TestFailure("JSON report lacks a summary object or a findings array" + ctx)
    if not isinstance(report.get("graph"), list):
        raise TestFailure("JSON report lacks a graph array" + ctx)
    for key in ("translationUnits", "analyzed", "findings"):
        if not isinstance(summary.get(key), int):
            raise TestFailure(f"summary.{key} is missing or not an integer" + ctx)
    if summary["findings"] != len(findings):
        raise TestFailure(f"summary.findings is {summary['findings']} but findings[] has "
                          f"{len(findings)} entries" + ctx)
    for f in findings:
        loc = f.get("location") if isinstance(f, dict) else None
        if (not isinstance(loc, dict) or not isinstance(loc.get("file"), str)
                or not isinstance(loc.get("line"), int) or not isinstance(loc.get("column"), int)):
            raise TestFailure(f"finding without a file/line/column location: {f}" + ctx)
        if f.get("rule") not in KNOWN_IDS:
            raise TestFailure(f"finding with an unknown rule {f.get('rule')!r}" + ctx)
        for key in ("severity", "message", "fingerprint"):
            if not isinstance(f.get(key), str) or not f[key]:
                raise TestFailure(f"finding without a {key}: {f}" + ctx)
        if f["severity"] not in ("note", "warning", "error"):
            raise TestFailure(f"finding with severity {f['severity']!r}" + ctx)
        if not FINGERPRINT_RE.match(f["fingerprint"]):
            raise TestFailure(f"fingerprint {f['fingerprint']!r} is not 16 hex digits" + ctx)
    return report


def check_messages(findings, base_dir, p):
    """What a stranger reads: no note points at the finding's own line, and messages name
    files as locations do (relative to --base-dir), never by an absolute path inside it."""
    base = str(Path(base_dir).resolve())
    for f in findings:
        primary = (os.path.normpath(f["location"]["file"]), f["location"]["line"])
        for note in f.get("notes", []):
            if (os.path.normpath(note.get("file", "")), note.get("line")) == primary:
                raise TestFailure(f"a note cites the finding's own line: {note}\n{describe(p)}")
        texts = [f["message"]] + [n.get("message", "") for n in f.get("notes", [])]
        if any(base + os.sep in t for t in texts):
            raise TestFailure(f"a message uses an absolute path under {base}: {f['message']}\n"
                              f"{describe(p)}")


def finding_key(f):
    loc = f["location"]
    return (Path(os.path.normpath(loc["file"])).as_posix(), loc["line"], f["rule"])


def diff_findings(expected, findings):
    """MISSING/UNEXPECTED lines between an expectation multiset and a findings list."""
    got = collections.Counter(finding_key(f) for f in findings)
    messages = collections.defaultdict(list)
    for f in findings:
        messages[finding_key(f)].append(f.get("message", ""))
    lines = []
    for key in sorted(expected - got):
        lines.append(f"MISSING    {key[0]}:{key[1]}: {key[2]}")
    for key in sorted(got - expected):
        for msg in messages[key][:(got - expected)[key]]:
            lines.append(f"UNEXPECTED {key[0]}:{key[1]}: {key[2]}: {msg}")
    return lines


def check_exit_code(p, findings):
    """Every static id is warning severity or above, so the default --fail-on warning
    turns any finding into exit 1."""
    want = 1 if findings else 0
    if p.returncode != want:
        raise TestFailure(f"exit code {p.returncode}, expected {want} for {len(findings)} "
                          f"finding(s)\n{describe(p)}")


def expect(condition, message, p=None):
    if not condition:
        raise TestFailure(message + (("\n" + describe(p)) if p is not None else ""))


def stderr_lines(p):
    return [line for line in p.stderr.splitlines() if line.strip()]


def sort_findings(findings):
    return sorted(findings, key=lambda f: (finding_key(f), f.get("message", "")))


def test_main(body, add_arguments=None):
    """Entry point of a CLI test script: parses --lockgraph (and the script's own
    options), runs body(args), prints PASS or FAIL with the reason, returns the exit code."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--lockgraph", required=True, help="the lockgraph executable")
    if add_arguments:
        add_arguments(ap)
    args = ap.parse_args()
    name = Path(sys.argv[0]).name
    try:
        body(args)
    except TestFailure as e:
        print(f"FAIL {name}\n{e}", file=sys.stderr)
        return 1
    print(f"PASS {name}")
    return 0


def run_case(lockgraph, case_path, clang=None, verbose=False):
    case = Case(case_path)
    if clang:
        case.syntax_check(clang)
    with tempfile.TemporaryDirectory(prefix="lockgraph-case-") as tmp:
        db_dir = None
        if case.is_dir:
            case.write_compile_db(tmp)
            db_dir = tmp
        p = run(case.check_command(lockgraph, db_dir), cwd=case.base_dir)
    if p.returncode not in (0, 1):
        raise TestFailure(f"lockgraph failed\n{describe(p)}")
    report = parse_report(p)
    summary = report["summary"]
    if summary["translationUnits"] != len(case.sources) or summary["analyzed"] != len(case.sources):
        raise TestFailure(f"analyzed {summary['analyzed']} of {summary['translationUnits']} "
                          f"translation units, expected {len(case.sources)} of "
                          f"{len(case.sources)}\n{describe(p)}")
    diff = diff_findings(case.expected, report["findings"])
    if diff:
        raise TestFailure("\n".join(diff) + "\n" + describe(p))
    check_messages(report["findings"], case.base_dir, p)
    check_exit_code(p, report["findings"])
    if verbose:
        print(describe(p))
    n = sum(case.expected.values())
    print(f"PASS {case.rel(case.path) if case.is_dir else case.path.name}: "
          f"{n} finding(s) as expected")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lockgraph", required=True, help="the lockgraph executable")
    ap.add_argument("--clang", help="compile each source with this clang -fsyntax-only first")
    ap.add_argument("-v", "--verbose", action="store_true", help="print lockgraph's output")
    ap.add_argument("case", help="testdata/static/<id>/<case>(.c|.cpp|/)")
    args = ap.parse_args()
    if args.clang and shutil.which(args.clang) is None:
        print(f"FAIL: no compiler {args.clang}", file=sys.stderr)
        return 1
    try:
        run_case(args.lockgraph, args.case, args.clang, args.verbose)
    except TestFailure as e:
        print(f"FAIL {args.case}\n{e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
