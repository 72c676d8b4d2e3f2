#!/usr/bin/env python3
"""Run every command of a compilation database with -fsyntax-only, J at a time.

usage: syntax_only.py -p BUILD_DIR|compile_commands.json [-j J] [--keep-compiler]
                      [--extra-arg ARG]...

The baseline for bench/run_check_bench.sh: the same translation units and flags that
`lockgraph check -p BUILD_DIR -j J` analyzes, parsed by clang-19 without code generation.
Each command has -c, -o FILE and dependency-file options (-MD, -MF FILE, ...) removed
and -fsyntax-only added, and runs in the entry's "directory". The compiler (argv[0]) is
replaced by clang-19 (clang++-19 for C++) unless --keep-compiler is given, so a database
written for gcc measures clang's front end too. --extra-arg adds an option after
-fsyntax-only (e.g. -w, which lockgraph itself adds). Exit status: 0 when every command
succeeded, 1 otherwise (diagnostics are shown only with -v or for failing commands).
"""

import argparse
import concurrent.futures
import json
import os
import shlex
import subprocess
import sys

CXX_EXTS = {".cc", ".cp", ".cpp", ".cxx", ".c++", ".C", ".mm", ".hpp", ".hh", ".hxx"}
# Options that take the next argument as a value and only matter for code generation
# or dependency files.
DROP_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ", "--serialize-diagnostics"}
DROP = {"-c", "-S", "-E", "-MD", "-MMD", "-MP", "-M", "-MM", "-fsyntax-only"}


def load_db(path):
    if os.path.isdir(path):
        path = os.path.join(path, "compile_commands.json")
    with open(path) as f:
        return json.load(f)


def syntax_only_argv(entry, c_compiler, cxx_compiler, keep_compiler, extra=()):
    argv = entry.get("arguments") or shlex.split(entry["command"])
    out = [argv[0]]
    skip = False
    for arg in argv[1:]:
        if skip:
            skip = False
            continue
        if arg in DROP_WITH_VALUE:
            skip = True
            continue
        if arg in DROP or (arg.startswith("-o") and len(arg) > 2) or arg.startswith("-MF"):
            continue
        out.append(arg)
    if not keep_compiler:
        driver = os.path.basename(argv[0])
        is_cxx = ("++" in driver or os.path.splitext(entry["file"])[1] in CXX_EXTS)
        out[0] = cxx_compiler if is_cxx else c_compiler
    out[1:1] = ["-fsyntax-only"] + list(extra)
    return out


def run_one(argv, directory, verbose):
    proc = subprocess.run(argv, cwd=directory, stdout=subprocess.DEVNULL,
                          stderr=None if verbose else subprocess.PIPE)
    return proc.returncode, (proc.stderr or b"").decode(errors="replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-p", required=True, metavar="BUILD_DIR",
                    help="directory holding compile_commands.json, or the file itself")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1, metavar="J")
    ap.add_argument("--c-compiler", default="clang-19")
    ap.add_argument("--cxx-compiler", default="clang++-19")
    ap.add_argument("--keep-compiler", action="store_true",
                    help="run each entry's own compiler instead of clang-19/clang++-19")
    ap.add_argument("--extra-arg", action="append", default=[], metavar="ARG",
                    help="add ARG to every command (repeatable), e.g. --extra-arg=-w")
    ap.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    ap.add_argument("-v", "--verbose", action="store_true")
    opts = ap.parse_args()

    db = load_db(opts.p)
    jobs = [(syntax_only_argv(e, opts.c_compiler, opts.cxx_compiler, opts.keep_compiler,
                              opts.extra_arg),
             e.get("directory", ".")) for e in db]
    if opts.dry_run:
        for argv, directory in jobs:
            print("cd %s && %s" % (shlex.quote(directory), shlex.join(argv)))
        return 0

    failed = 0
    # Threads only wait on child processes: J workers means J compilers at a time.
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.j)) as pool:
        futures = {pool.submit(run_one, argv, d, opts.verbose): argv for argv, d in jobs}
        for fut in concurrent.futures.as_completed(futures):
            rc, err = fut.result()
            if rc != 0:
                failed += 1
                sys.stderr.write("syntax_only: failed (%d): %s\n%s" %
                                 (rc, shlex.join(futures[fut]), err))
    if failed or opts.verbose:
        sys.stderr.write("syntax_only: %d commands, %d failed\n" % (len(jobs), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
