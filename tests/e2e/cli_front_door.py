#!/usr/bin/env python3
"""The compiler front door, as a new user's database meets it: a database written for
GCC (argv[0] gcc, flags Clang does not know) analyzes like a Clang one, with one note per
dropped flag, and what GCC accepts with a warning (old C without prototypes, a
"%"PRIu64 literal in C++11) parses; assembler entries are skipped and counted, not errors; a TU that does not
compile costs one line with its name and the compiler's own message and does not count
as analyzed; -j2 works like -j 2."""

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

INVERSION = """#include <pthread.h>
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
void one(void) { pthread_mutex_lock(&a); pthread_mutex_lock(&b);
                 pthread_mutex_unlock(&b); pthread_mutex_unlock(&a); }
void two(void) { pthread_mutex_lock(&b); pthread_mutex_lock(&a);
                 pthread_mutex_unlock(&a); pthread_mutex_unlock(&b); }
"""
BROKEN = "int f(void) { return undefined_thing + 1; }\n"
# What GCC 12 accepts with a warning and Clang rejects by default (pbzip2, old C code).
GCC_LENIENT_C = """void takes_chars(char *s);
void (*callback)(int *) = takes_chars;
int *address = 4096;
int legacy(void) { return undeclared_helper(1); }
"""
GCC_LENIENT_CXX = """#include <cinttypes>
const char *format = "%"PRIu64"\\n";
"""
GCC_ONLY = ["-mindirect-branch=thunk-extern", "-fno-allow-store-data-races",
            "-fconserve-stack"]


def body(args):
    lg = args.lockgraph
    with tempfile.TemporaryDirectory(prefix="lockgraph-front-door-") as tmp:
        d = Path(tmp)
        (d / "inv.c").write_text(INVERSION)
        (d / "broken.c").write_text(BROKEN)
        (d / "entry.S").write_text(".globl x\nx:\n  ret\n")
        (d / "lenient.c").write_text(GCC_LENIENT_C)
        (d / "lenient.cpp").write_text(GCC_LENIENT_CXX)
        db = [
            {"directory": tmp, "file": "inv.c",
             "arguments": ["gcc", "-O2", *GCC_ONLY, "-c", "inv.c", "-o", "inv.o"]},
            {"directory": tmp, "file": "broken.c", "arguments": ["gcc", "-c", "broken.c"]},
            {"directory": tmp, "file": "entry.S", "arguments": ["gcc", "-c", "entry.S"]},
            {"directory": tmp, "file": "lenient.c",
             "arguments": ["gcc", "-std=gnu11", "-c", "lenient.c"]},
            {"directory": tmp, "file": "lenient.cpp",
             "arguments": ["g++", "-std=gnu++17", "-c", "lenient.cpp"]},
        ]
        (d / "compile_commands.json").write_text(json.dumps(db))

        for jobs in (["-j2"], ["-j", "2"]):
            p = run([lg, "check", "-p", tmp, "--format", "json", *jobs], cwd=tmp)
            report = rsc.parse_report(p)
            expect(p.returncode == 1, f"{jobs}: the inversion should be found", p)
            rules = [f["rule"] for f in report["findings"]]
            expect(rules == ["lock-order-inversion"],
                   f"{jobs}: one inversion from the GCC-flagged TU, got {rules}", p)
            expect(report["summary"]["translationUnits"] == 4 and
                   report["summary"]["analyzed"] == 3,
                   f"{jobs}: 4 C/C++ TUs asked (assembler skipped), 3 analyzed "
                   "(what GCC accepts parses)", p)
            lines = rsc.stderr_lines(p)
            for flag in GCC_ONLY:
                notes = [l for l in lines if "note:" in l and f"'{flag}'" in l]
                expect(len(notes) == 1, f"{jobs}: one note for dropped {flag}", p)
            skipped = [l for l in lines if "note:" in l and "not C or C++" in l]
            expect(len(skipped) == 1 and "1 .S" in skipped[0],
                   f"{jobs}: one note counting the skipped assembler entry", p)
            errors = [l for l in lines if "error:" in l]
            expect(len(errors) == 1 and "broken.c" in errors[0] and
                   "undefined_thing" in errors[0],
                   f"{jobs}: one error line naming broken.c and the compiler's message", p)
            expect(not any("errors generated" in l or "error generated" in l for l in lines),
                   f"{jobs}: no bare 'N errors generated.' line", p)
            expect(any("analyzed 3 of 4 translation units" in l for l in lines),
                   f"{jobs}: the broken TU does not count as analyzed", p)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
