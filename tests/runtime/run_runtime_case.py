#!/usr/bin/env python3
"""Runs one testdata/runtime case under liblockgraph-preload.so and checks its reports.

Markers in the case source (any comment style, anywhere in the file):
  // expect: <id>                 one report of <id> is expected (may repeat)
  // expect-count: <id> <n>       <n> reports of <id> are expected
  // expect-exit: <n>             the program's own exit code (default 0)
  // options: <LOCKGRAPH_OPTIONS> passed to the runtime (first marker only)
  // expect-stderr: <text>        <text> must appear in stderr (may repeat)
  // expect-not-stderr: <text>    <text> must not appear in stderr (may repeat)
  // expect-signal: <n>           the program must die from signal <n> (e.g. 9 for
                                  SIGKILL) instead of exiting; expect-exit is ignored
  // env: <NAME>=<value>          extra environment variable for the run (may repeat;
                                  LD_PRELOAD and LOCKGRAPH_OPTIONS cannot be set here)
  // expect-within: <seconds>     the process must have ended this many seconds after
                                  it started (a hang bound, e.g. deadlock_timeout + 1;
                                  not a speed assertion)
  // expect-report: <id>          one finding of <id> in `lockgraph report` over the
                                  run's trace (the findings computed from the merged
                                  traces, such as contention); may repeat
  // expect-report-count: <id> <n>
  // expect-report-text: <text>   <text> must appear in a report finding's message or
                                  notes (may repeat)
  // expect-report-not-text: <text>
                                  must not (may repeat)

A case with any expect-report marker runs with trace_dir= set, and the multiset of
its report findings of the report ids must match exactly.

In options and env values, %S is replaced by the absolute directory of the case
source, so a case can name a file next to it (options: suppressions=%S/x.supp).

The multiset of report ids must match exactly; every WARNING must have its SUMMARY.
Exit code: 66 (or exitcode=) when reports are expected and the program exits 0,
otherwise the program's own. With expect-signal, the process must be killed by that
signal whatever was reported (the reports already on stderr are still checked).
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

IDS = {"lock-order-inversion", "double-lock", "bad-unlock", "lock-leak", "deadlock",
       "busy-wait", "livelock", "starvation"}
REPORT_IDS = {"contention"}


def parse_markers(text):
    expected = collections.Counter()
    own_exit = 0
    options = ""
    stderr_needles = []
    for m in re.finditer(r"//\s*expect:\s*([\w-]+)", text):
        expected[m.group(1)] += 1
    for m in re.finditer(r"//\s*expect-count:\s*([\w-]+)\s+(\d+)", text):
        expected[m.group(1)] += int(m.group(2))
    m = re.search(r"//\s*expect-exit:\s*(\d+)", text)
    if m:
        own_exit = int(m.group(1))
    m = re.search(r"//\s*options:\s*(\S+)", text)
    if m:
        options = m.group(1)
    stderr_needles = [s.strip() for s in re.findall(r"//\s*expect-stderr:\s*(.+)", text)]
    stderr_absent = [s.strip() for s in re.findall(r"//\s*expect-not-stderr:\s*(.+)", text)]
    signal = None
    m = re.search(r"//\s*expect-signal:\s*(\d+)", text)
    if m:
        signal = int(m.group(1))
    within = None
    m = re.search(r"//\s*expect-within:\s*([\d.]+)", text)
    if m:
        within = float(m.group(1))
    env = []
    for m in re.finditer(r"//\s*env:\s*([A-Za-z_][A-Za-z0-9_]*)=(\S*)", text):
        if m.group(1) in ("LD_PRELOAD", "LOCKGRAPH_OPTIONS"):
            raise SystemExit(f"env: marker may not set {m.group(1)}")
        env.append((m.group(1), m.group(2)))
    for rid in expected:
        if rid not in IDS:
            raise SystemExit(f"unknown finding id in markers: {rid}")
    report = collections.Counter()
    for m in re.finditer(r"//\s*expect-report:\s*([\w-]+)", text):
        report[m.group(1)] += 1
    for m in re.finditer(r"//\s*expect-report-count:\s*([\w-]+)\s+(\d+)", text):
        report[m.group(1)] += int(m.group(2))
    for rid in report:
        if rid not in REPORT_IDS:
            raise SystemExit(f"unknown report finding id in markers: {rid}")
    report_text = [s.strip() for s in re.findall(r"//\s*expect-report-text:\s*(.+)", text)]
    report_absent = [s.strip()
                     for s in re.findall(r"//\s*expect-report-not-text:\s*(.+)", text)]
    checks_report = bool(re.search(r"//\s*expect-report", text))
    return {
        "report": +report,
        "checks_report": checks_report,
        "report_text": report_text,
        "report_absent": report_absent,
        "expected": +expected,
        "own_exit": own_exit,
        "options": options,
        "needles": stderr_needles,
        "absent": stderr_absent,
        "signal": signal,
        "env": env,
        "within": within,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preload", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--lockgraph", help="the lockgraph CLI, for expect-report markers")
    ap.add_argument("binary")
    args = ap.parse_args()

    with open(args.source, encoding="utf-8") as f:
        markers = parse_markers(f.read())
    expected, own_exit = markers["expected"], markers["own_exit"]
    needles, absent, signal = markers["needles"], markers["absent"], markers["signal"]
    srcdir = os.path.dirname(os.path.abspath(args.source))
    options = markers["options"].replace("%S", srcdir)
    env = dict(os.environ)
    for name, value in markers["env"]:
        env[name] = value.replace("%S", srcdir)
    env["LD_PRELOAD"] = os.path.abspath(args.preload)
    trace_dir = None
    if markers["checks_report"]:
        trace_dir = tempfile.mkdtemp(prefix="lg-rtcase-")
        options = (options + ":" if options else "") + "trace_dir=" + trace_dir
    env["LOCKGRAPH_OPTIONS"] = options
    within = markers["within"]
    timeout = within if within is not None else args.timeout
    try:
        proc = subprocess.run([args.binary], env=env, capture_output=True, text=True,
                              timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired as e:
        print(f"FAIL: still running after {timeout}s (hang?)")
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else e.stderr
        print("---- stderr ----\n" + (err or "")[-20000:])
        return 1

    warnings = collections.Counter(
        re.findall(r"^WARNING: lockgraph: ([\w-]+)", proc.stderr, re.M))
    summaries = collections.Counter(
        re.findall(r"^SUMMARY: lockgraph: ([\w-]+)", proc.stderr, re.M))
    errors = []
    if warnings != summaries:
        errors.append(f"WARNING/SUMMARY mismatch: {dict(warnings)} vs {dict(summaries)}")
    for rid in sorted(set(expected) | set(warnings)):
        if expected[rid] != warnings[rid]:
            errors.append(f"{rid}: expected {expected[rid]}, reported {warnings[rid]}")
    exitcode = 66
    m = re.search(r"(?:^|:)exitcode=(\d+)", options)
    if m:
        exitcode = int(m.group(1))
    want_rc = exitcode if (sum(expected.values()) and own_exit == 0) else own_exit
    if signal is not None:
        if proc.returncode != -signal:
            got = (f"signal {-proc.returncode}" if proc.returncode < 0
                   else f"exit code {proc.returncode}")
            errors.append(f"{got}, expected death by signal {signal}")
    elif proc.returncode != want_rc:
        errors.append(f"exit code {proc.returncode}, expected {want_rc}")
    for n in needles:
        if n not in proc.stderr:
            errors.append(f"stderr lacks {n!r}")
    for n in absent:
        if n in proc.stderr:
            errors.append(f"stderr has {n!r}, which it must not")
    report_text = ""
    if trace_dir:
        rep = subprocess.run([args.lockgraph, "report", "--format", "json", "--fail-on",
                              "error", trace_dir], capture_output=True, text=True,
                             errors="replace")
        shutil.rmtree(trace_dir, ignore_errors=True)
        try:
            doc = json.loads(rep.stdout)
        except ValueError:
            doc = {"findings": []}
            errors.append(f"lockgraph report gave no JSON (exit {rep.returncode}): "
                          f"{rep.stderr.strip()[-2000:]}")
        found = collections.Counter(f["rule"] for f in doc.get("findings", [])
                                    if f["rule"] in REPORT_IDS)
        want = markers["report"]
        for rid in sorted(set(want) | set(found)):
            if want[rid] != found[rid]:
                errors.append(f"report {rid}: expected {want[rid]}, found {found[rid]}")
        report_text = "\n".join(
            [f["message"] for f in doc.get("findings", [])] +
            [n["message"] for f in doc.get("findings", []) for n in f.get("notes", [])])
        for n in markers["report_text"]:
            if n not in report_text:
                errors.append(f"report lacks {n!r}")
        for n in markers["report_absent"]:
            if n in report_text:
                errors.append(f"report has {n!r}, which it must not")
    if errors:
        print("FAIL:", args.source)
        for e in errors:
            print("  " + e)
        print("---- stdout ----\n" + proc.stdout)
        print("---- stderr ----\n" + proc.stderr[-20000:])
        if report_text:
            print("---- report findings ----\n" + report_text[-20000:])
        return 1
    print(f"ok: {dict(warnings) or 'no reports'}, exit {proc.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
