#!/usr/bin/env python3
"""A trace is input, maybe from someone else. `lockgraph report` must not let the
paths written in it make it read a secret, hang or eat memory:

- a `suppressions=` path in a trace header is not read (one warning names it; its
  content is never printed), unless it is the file the user passed;
- a module path that is a FIFO or /dev/zero is not opened (its frames stay
  module+offset);
- a `*.trace` in a folder that is a FIFO, or a symlink to /dev/zero, costs one error
  line and the other traces are still reported.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402


def trace_lines(options, module_path):
    base = 0x7f0000000000
    return [
        {"t": "header", "format": "lockgraph-trace", "version": 1, "pid": 7, "ppid": 1,
         "exe": "/bin/app", "argv": ["app"], "start_unix_ms": 0, "options": options},
        {"t": "module", "path": module_path, "base": hex(base), "begin": hex(base),
         "end": hex(base + 0x10000), "build_id": ""},
        {"t": "thread", "id": 0, "parent": 0, "name": "", "stack": 0},
        {"t": "stack", "id": 1, "frames": [hex(base + 0x1234)]},
        {"t": "lock", "id": 1, "addr": "0x5000", "kind": "mutex", "generation": 0, "stack": 1},
        {"t": "finding", "rule": "bad-unlock", "message": "bad-unlock", "thread": 0,
         "lock": 1, "addr": "0x5000", "stack": 1},
        {"t": "end", "reason": "exit", "status": 66, "program_status": 0, "locks": 1,
         "edges": 0, "findings": 1},
    ]


def write_trace(path, options="", module_path="/bin/app"):
    path.write_text("".join(json.dumps(r) + "\n" for r in trace_lines(options, module_path)))


def body(args):
    lg = args.lockgraph
    with tempfile.TemporaryDirectory(prefix="lockgraph-untrusted-") as tmp:
        tmp = Path(tmp)
        secret = tmp / "secret.txt"
        secret.write_text("TOPSECRET-password-123\n")
        t = tmp / "lockgraph.app.7.trace"
        write_trace(t, options=f"suppressions={secret}")
        p = run([lg, "report", t], timeout=60)
        expect("TOPSECRET" not in p.stdout + p.stderr, "the named file's content is not shown", p)
        warned = [l for l in rsc.stderr_lines(p) if str(secret) in l]
        expect(len(warned) == 1 and "not read from a trace" in warned[0],
               f"one warning names the file: {warned}", p)
        expect(p.returncode == 1, "the finding is still reported", p)

        supp = tmp / "mine.supp"
        supp.write_text("bad-unlock:*app*\n")
        write_trace(t, options=f"suppressions={supp}")
        p = run([lg, "report", "--suppressions", supp, t], timeout=60)
        expect(p.returncode == 0 and "not read from a trace" not in p.stderr,
               "the same file as the user's: applied, no warning", p)

        fifo = tmp / "module.fifo"
        os.mkfifo(fifo)
        for module in (str(fifo), "/dev/zero"):
            write_trace(t, module_path=module)
            p = run([lg, "report", "--format", "json", t], timeout=30)
            expect(p.returncode == 1, f"module {module}: reported, not hung", p)

        d = tmp / "traces"
        d.mkdir()
        write_trace(d / "lockgraph.app.7.trace")
        os.mkfifo(d / "lockgraph.fifo.8.trace")
        os.symlink("/dev/zero", d / "lockgraph.zero.9.trace")
        p = run([lg, "report", d], timeout=30)
        errors = [l for l in rsc.stderr_lines(p) if "not a regular file" in l]
        expect(len(errors) == 2 and p.returncode == 1,
               f"a FIFO and a device among the traces: one line each, the rest reported: {errors}",
               p)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
