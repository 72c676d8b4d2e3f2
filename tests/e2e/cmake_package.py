#!/usr/bin/env python3
"""find_package(lockgraph) in a user's project (docs/ci.md, "CMake").

`cmake --install` into a temporary prefix, which is then moved (the package must not
depend on where it was installed), and the project of data/cmake_package is configured
against it, built and tested:
- ctest: the fixture cleans the trace directory first (a stale trace planted there is
  gone), ledger_test runs with the runtime preloaded and passes (exitcode=0 reached the
  runtime, its own ENVIRONMENT survived), unlisted_test is untouched, and
  `lockgraph-report` fails with the lock-order inversion; the trace directory holds
  traces of ledger_test only (their headers name the program and the options);
- the same with the ENVIRONMENT property that CMake before 3.22 gets;
- `lockgraph report` on the traces exits 1 with a lock-order-inversion in ledger.cpp;
- the lockgraph-check target fails the build with the inversion at one of the lines of
  ledger.cpp marked `// lock-order edge`;
- find_package(lockgraph <installed version>) works, (lockgraph 99) does not, nor does an
  install without the CLI or the preload library."""

import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

PROJECT = Path(__file__).resolve().parent / "data" / "cmake_package"
PROBE = PROJECT / "probe"
EDGE_MARK = "// lock-order edge"
# Test name -> result in ctest's summary lines: only the report fails, on the inversion.
EXPECTED_RESULTS = {"lockgraph-clean-traces": "Passed", "ledger_test": "Passed",
                    "unlisted_test": "Passed", "lockgraph-report": "Failed"}
RESULT_RE = re.compile(r"Test\s+#\d+: (\S+) \.*\s*(?:\*+)?([A-Za-z]+)")


def add_arguments(ap):
    ap.add_argument("--build-dir", required=True, help="the configured and built build tree")
    ap.add_argument("--cmake", default="cmake", help="the cmake executable")
    ap.add_argument("--config", default="", help="build configuration (multi-config generators)")


def cache_value(build_dir, name):
    for line in (Path(build_dir) / "CMakeCache.txt").read_text().splitlines():
        if line.startswith(name + ":"):
            return line.split("=", 1)[1]
    return None


def install_moved(args, tmp):
    """The install, moved away from the prefix it was installed into."""
    stage, prefix = tmp / "stage", tmp / "prefix"
    cmd = [args.cmake, "--install", args.build_dir, "--prefix", stage]
    if args.config:
        cmd += ["--config", args.config]
    p = run(cmd)
    expect(p.returncode == 0, "cmake --install failed", p)
    stage.rename(prefix)
    libdir = cache_value(args.build_dir, "CMAKE_INSTALL_LIBDIR") or "lib"
    config_dir = prefix / libdir / "cmake" / "lockgraph"
    for name in ("lockgraphConfig.cmake", "lockgraphConfigVersion.cmake",
                 "lockgraphFunctions.cmake"):
        expect((config_dir / name).is_file(), f"{config_dir / name} was not installed")
    lg = prefix / (cache_value(args.build_dir, "CMAKE_INSTALL_BINDIR") or "bin") / "lockgraph"
    return prefix, config_dir, lg


def trace_headers(trace_dir):
    headers = {}
    for path in sorted(trace_dir.glob("*.trace")):
        first = path.read_text().split("\n", 1)[0]
        try:
            h = json.loads(first)
        except json.JSONDecodeError:
            h = None
        expect(isinstance(h, dict) and h.get("t") == "header"
               and h.get("format") == "lockgraph-trace", f"{path}: no trace header: {first!r}")
        headers[path.name] = h
    return headers


def ctest_and_check(ctest, build, env, label):
    """One ctest run of the project and what it must leave behind."""
    trace_dir = build / "lockgraph-traces"
    expect(trace_dir.is_dir(), f"{label}: configure did not create {trace_dir}")
    # The fixture's setup must drop earlier traces (and only traces).
    stale = trace_dir / "lockgraph.stale_program.1.trace"
    stale.write_text('{"t":"header","format":"lockgraph-trace","version":2,"pid":1,'
                     '"ppid":0,"exe":"/stale_program","argv":[],"start_unix_ms":0,'
                     '"options":""}\n')
    other = trace_dir / "notes.txt"
    other.write_text("not a trace\n")

    p = run([ctest, "--output-on-failure"], cwd=build, env=env)
    results = dict(RESULT_RE.findall(p.stdout))
    expect(results == EXPECTED_RESULTS,
           f"{label}: ctest results {results}, expected {EXPECTED_RESULTS}", p)
    expect(p.returncode != 0, f"{label}: ctest passed although lockgraph-report failed", p)
    order = [m.group(1) for m in re.finditer(r"Start\s+\d+: (\S+)", p.stdout)]
    expect(order.index("lockgraph-clean-traces") < order.index("ledger_test")
           < order.index("lockgraph-report"),
           f"{label}: the fixture did not run around ledger_test: {order}", p)
    expect("lock-order-inversion" in p.stdout,
           f"{label}: lockgraph-report does not show the inversion in ctest's output", p)
    expect(not stale.exists(), f"{label}: the fixture's setup left a stale trace", p)
    expect(other.exists(), f"{label}: the fixture's setup removed a file not a trace", p)

    headers = trace_headers(trace_dir)
    expect(headers, f"{label}: no trace in {trace_dir}: the runtime was not preloaded", p)
    ledger_test = (build / "ledger_test").resolve()  # exe is /proc/self/exe, resolved
    for name, h in headers.items():
        expect(Path(h.get("exe", "")) == ledger_test,
               f"{label}: {name} was written by {h.get('exe')}, not by {ledger_test}", p)
        got = [o for o in re.split(r"[:,\s]+", h.get("options", "")) if o]
        # The project's own LOCKGRAPH_OPTIONS first, then the function's.
        expect(got[:-1] == ["stack_depth=24", "exitcode=0"] and got[-1].startswith("trace_dir=")
               and Path(got[-1].split("=", 1)[1]).resolve() == trace_dir.resolve(),
               f"{label}: {name}: options {got}, expected stack_depth=24, exitcode=0 and "
               f"trace_dir={trace_dir}", p)
    return trace_dir


def test_properties(build, test):
    lines = (build / "CTestTestfile.cmake").read_text().splitlines()
    return next((line for line in lines
                 if line.startswith(f"set_tests_properties({test} ")), "")


def check_environment_path(build, want_modification, label):
    """Which of the two ways set the environment (so that the two runs test both)."""
    line = test_properties(build, "ledger_test")
    expect(("ENVIRONMENT_MODIFICATION" in line) == want_modification,
           f"{label}: ledger_test's properties: {line}")
    line = test_properties(build, "unlisted_test")
    expect("LD_PRELOAD" not in line and "LOCKGRAPH" not in line,
           f"{label}: unlisted_test got lockgraph's environment: {line}")


def check_runtime_report(lg, trace_dir, env):
    p = run([lg, "report", "--format", "json", "--base-dir", PROJECT, trace_dir], env=env)
    expect(p.returncode == 1, f"lockgraph report on the traces: exit {p.returncode}, expected 1", p)
    report = rsc.parse_report(p)
    got = [rsc.finding_key(f) for f in report["findings"]]
    expect(any(k[0] == "ledger.cpp" and k[2] == "lock-order-inversion" for k in got),
           f"lockgraph report: findings {got}, expected a lock-order-inversion in ledger.cpp", p)


def check_target(cmake, build, env):
    edges = [i for i, line in enumerate((PROJECT / "ledger.cpp").read_text().splitlines(), 1)
             if EDGE_MARK in line]
    expect(len(edges) == 2, f"ledger.cpp should mark two lines with {EDGE_MARK!r}")
    out = build / "lockgraph-check.json"
    p = run([cmake, "--build", build, "--target", "lockgraph-check"], env=env)
    # Findings are exit code 1 of `lockgraph check`, so they fail the build.
    expect(p.returncode != 0, "building lockgraph-check succeeded despite the inversion", p)
    expect(out.is_file(), f"building lockgraph-check wrote no {out}", p)
    report = rsc.check_report_shape(json.loads(out.read_text()), p)
    database = json.loads((build / "compile_commands.json").read_text())
    summary = report["summary"]
    expect(summary["translationUnits"] == summary["analyzed"] == len(database),
           f"lockgraph-check analyzed {summary['analyzed']} of {summary['translationUnits']} "
           f"translation units, the database has {len(database)}", p)
    got = [rsc.finding_key(f) for f in report["findings"]]
    inversions = [k for k in got if k[2] == "lock-order-inversion"]
    expect(inversions and all(k[0] == "ledger.cpp" and k[1] in edges for k in inversions),
           f"lockgraph-check: findings {got}, expected lock-order-inversion at "
           f"ledger.cpp:{edges[0]} or :{edges[1]}", p)


def probe(cmake, tmp, prefix, env, want, name):
    return run([cmake, "-S", PROBE, "-B", tmp / f"probe-{name}",
                f"-DCMAKE_PREFIX_PATH={prefix}", f"-DLOCKGRAPH_WANT={want}"], env=env)


def check_probes(cmake, tmp, prefix, config_dir, env):
    version = re.search(r'set\(PACKAGE_VERSION "([^"]+)"\)',
                        (config_dir / "lockgraphConfigVersion.cmake").read_text())
    expect(version, "no PACKAGE_VERSION in lockgraphConfigVersion.cmake")
    version = version.group(1)
    p = probe(cmake, tmp, prefix, env, version, "same")
    found = re.search(rf"lockgraph {re.escape(version)} found: (\S+) (\S+)", p.stdout)
    expect(p.returncode == 0 and found, f"find_package(lockgraph {version}) failed", p)
    files = [Path(f) for f in found.groups()]
    expect(all(f.is_file() and f.resolve().is_relative_to(prefix.resolve()) for f in files),
           f"find_package(lockgraph) points outside {prefix}: {files}", p)

    p = probe(cmake, tmp, prefix, env, "99", "newer")
    expect(p.returncode != 0, "find_package(lockgraph 99) succeeded", p)
    expect(str(config_dir / "lockgraphConfig.cmake") in " ".join(p.stderr.split())
           and version in p.stderr,
           f"find_package(lockgraph 99) should reject {config_dir} for its version", p)

    for missing in files:
        hidden = missing.with_name(missing.name + ".hidden")
        missing.rename(hidden)
        try:
            p = probe(cmake, tmp, prefix, env, "", "without-" + missing.name)
        finally:
            hidden.rename(missing)
        # CMake wraps and indents the message.
        expect(p.returncode != 0 and f"{missing} does not exist" in " ".join(p.stderr.split()),
               f"find_package(lockgraph) without {missing} should fail and name it", p)


def cmake_version(cmake):
    p = run([cmake, "--version"])
    m = re.search(r"version (\d+)\.(\d+)", p.stdout)
    expect(p.returncode == 0 and m, "cmake --version", p)
    return int(m.group(1)), int(m.group(2))


def body(args):
    ctest = shutil.which("ctest", path=str(Path(args.cmake).parent)) or "ctest"
    # Nothing of an outer lockgraph run may leak into the project's tests.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("LOCKGRAPH") and k != "LD_PRELOAD"}
    with tempfile.TemporaryDirectory(prefix="lockgraph-cmake-package-") as tmp:
        tmp = Path(tmp)
        prefix, config_dir, lg = install_moved(args, tmp)
        build = tmp / "build"
        configure = [args.cmake, "-S", PROJECT, "-B", build, f"-DCMAKE_PREFIX_PATH={prefix}",
                     "-DCMAKE_BUILD_TYPE=Debug"]
        if shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        p = run(configure, env=env)
        expect(p.returncode == 0, "configuring the project with find_package(lockgraph) failed", p)
        found = cache_value(build, "lockgraph_DIR")
        expect(found and Path(found).resolve() == config_dir.resolve(),
               f"find_package(lockgraph) found {found}, not {config_dir}", p)
        p = run([args.cmake, "--build", build], env=env)
        expect(p.returncode == 0, "building the project failed", p)

        check_environment_path(build, cmake_version(args.cmake) >= (3, 22),
                               "ENVIRONMENT_MODIFICATION")
        trace_dir = ctest_and_check(ctest, build, env, "ENVIRONMENT_MODIFICATION")
        check_runtime_report(lg, trace_dir, env)

        p = run([args.cmake, build, "-D_LOCKGRAPH_USE_ENVIRONMENT_PROPERTY=ON"], env=env)
        expect(p.returncode == 0, "reconfiguring with the ENVIRONMENT property failed", p)
        check_environment_path(build, False, "ENVIRONMENT")
        ctest_and_check(ctest, build, env, "ENVIRONMENT")

        check_target(args.cmake, build, env)
        check_probes(args.cmake, tmp, prefix, config_dir, env)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
