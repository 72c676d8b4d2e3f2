#!/usr/bin/env python3
"""Busy waits, a livelock and a starvation under `lockgraph run`: the runtime finds them
live (testdata/runtime/<id>/ checks that); this checks what the merged, symbolized
report says of them, as CI would read it: the rule, the line to fix (the loop's call,
the waiting call), the function, the holder's site in the notes, and SARIF that names
the same place.

The programs are the testdata cases themselves, built with `-g -O0 -pthread`.
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect  # noqa: E402

CASES = Path(__file__).resolve().parents[2] / "testdata" / "runtime"


def line_of(src, pattern, nth=1):
    hits = [i + 1 for i, text in enumerate(src.read_text().splitlines()) if re.search(pattern, text)]
    expect(len(hits) >= nth, f"{src.name}: no line {nth} matching {pattern!r}")
    return hits[nth - 1]


def run_case(args, tmp, rel, keep_contention=False):
    src = CASES / rel
    exe = tmp / src.stem
    cxx = ["-x", "c++", "-std=c++17"] if src.suffix == ".cpp" else []
    subprocess.run([args.clang, "-g", "-O0", "-pthread", *cxx, "-o", str(exe), str(src),
                    *(["-lstdc++"] if cxx else [])], check=True)
    rep = tmp / (src.stem + ".json")
    p = subprocess.run([args.lockgraph, "run", "--out", str(tmp / (src.stem + ".out")),
                        "--format", "json", "-o", str(rep), "--", str(exe)],
                       capture_output=True, text=True, timeout=60)
    expect(p.returncode == 66, f"{src.name}: a warning makes the run exit 66", p)
    doc = rsc.check_report_shape(json.loads(rep.read_text()), p)
    return src, [f for f in doc["findings"]
                 if keep_contention or f["rule"] != "contention"], p


def notes_text(f):
    return "\n".join(n["message"] for n in f["notes"])


def body(args):
    with tempfile.TemporaryDirectory(prefix="lockgraph-liveness-") as tmp:
        tmp = Path(tmp)

        src, found, p = run_case(args, tmp, "busy-wait/trylock_spin.c")
        expect([f["rule"] for f in found] == ["busy-wait"], f"one busy-wait: {found}", p)
        f = found[0]
        expect(f["location"]["line"] == line_of(src, r"while \(pthread_mutex_trylock") and
               f["function"] == "main", f"at the trylock loop in main: {f['location']}", p)
        expect("failed to trylock mutex table_lock" in f["message"] and
               "times in a row" in f["message"], f"names the lock: {f['message']}", p)
        expect("thread 1 took mutex table_lock here" in notes_text(f) and
               any(n.get("line") == line_of(src, r"pthread_mutex_lock\(&table_lock\)")
                   for n in f["notes"]), f"the holder's site: {f['notes']}", p)

        src, found, p = run_case(args, tmp, "busy-wait/polling_consumer_usleep.c")
        expect([f["rule"] for f in found] == ["busy-wait"], f"one busy-wait: {found}", p)
        f = found[0]
        expect(f["location"]["line"] == line_of(src, r"usleep\(1000\)") and
               f["function"] == "wait_for_item", f"at the sleep of the poll: {f['location']}", p)
        expect("polls:" in f["message"] and "short sleeps" in f["message"], f["message"], p)

        src, found, p = run_case(args, tmp, "busy-wait/spinlock_held_across_sleep.c")
        f = found[0] if len(found) == 1 else None
        expect(f and f["rule"] == "busy-wait" and "spun" in f["message"] and
               f["location"]["line"] == line_of(src, r"pthread_spin_lock\(&stats_spin\)", 2),
               f"the spin in main: {found}", p)

        src, found, p = run_case(args, tmp, "livelock/polite_backoff_pair.c")
        expect([f["rule"] for f in found] == ["livelock"],
               f"one livelock, not two busy waits: {found}", p)
        f = found[0]
        trylock = line_of(src, r"pthread_mutex_trylock\(d->other\)")
        expect(f["location"]["line"] == trylock and f["function"] == "try_to_eat",
               f"at the trylock: {f['location']}", p)
        expect(sorted(f["locks"]) == ["mutex left_fork", "mutex right_fork"], f["locks"], p)
        expect(len(f["edges"]) == 2, f"the two holds-and-tries as edges: {f['edges']}", p)

        # C++: the lock is taken inside libstdc++'s headers (gthr-default.h, inlined
        # into the program); the finding points at the user's line, the rest in notes.
        src, found, p = run_case(args, tmp, "lock-order-inversion/std_mutex.cpp")
        expect([f["rule"] for f in found] == ["lock-order-inversion"], f"{found}", p)
        f = found[0]
        expect(f["location"]["file"] == str(src) and not f["location"]["file"].startswith("/usr"),
               f"the primary location is the user's file: {f['location']}", p)
        expect("through std_mutex.h:100 in std::mutex::lock()" in notes_text(f) or
               "in std::mutex::lock()" in notes_text(f),
               f"the library frames stay in the notes: {notes_text(f)}", p)
        for flow in f["flows"]:
            for step in flow:
                expect(not step.get("file", "").startswith("/usr"),
                       f"code flows point into the program: {step}", p)

        src, found, p = run_case(args, tmp, "starvation/writer_behind_readers.c",
                                 keep_contention=True)
        expect([f["rule"] for f in found] == ["starvation"],
               f"one starvation, not also contention on the same lock: {found}", p)
        expect("in total (the contention table has it)" in notes_text(found[0]),
               "the starvation says the lock's total wait", p)
        f = found[0]
        expect(f["location"]["line"] == line_of(src, r"pthread_rwlock_wrlock") and
               f["function"] == "update_config", f"at the writer's wait: {f['location']}", p)
        expect("rwlock config_lock" in f["message"] and "acquired it" in f["message"],
               f["message"], p)


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
