#!/usr/bin/env python3
"""The edges of `lockgraph run`:

- two runs sharing one --out folder each report only their own traces (a clean
  program's run no longer exits 66 because a neighbour's trace appeared), and
  `report DIR` still merges everything;
- a set-user-ID program that changes who runs it (the loader drops LD_PRELOAD for
  it) is refused in one line instead of running unchecked;
- `run -o FILE` always writes FILE, also when no process took a lock, with a note
  saying why it is empty (JSON summary.notes, a SARIF notification);
- SIGTERM to `run` reaches everything the command started, not only its direct child.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

CLEAN_SLOW = r"""
#include <pthread.h>
#include <unistd.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  usleep(1500 * 1000); /* the neighbour's trace appears meanwhile */
  return 0;
}
"""

INVERSION = r"""
#include <pthread.h>
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
  pthread_mutex_lock(&a); pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b); pthread_mutex_unlock(&a);
  pthread_mutex_lock(&b); pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a); pthread_mutex_unlock(&b);
  return 0;
}
"""

SCHEMA = rsc.REPO_DIR.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
VALIDATOR = rsc.REPO_DIR / "tests" / "sarif" / "validate_sarif.py"


def build(args, tmp, name, src):
    (tmp / f"{name}.c").write_text(src)
    subprocess.run([args.clang, "-pthread", str(tmp / f"{name}.c"), "-o", str(tmp / name)],
                   check=True)
    return tmp / name


def body(args):
    lg = args.lockgraph
    with tempfile.TemporaryDirectory(prefix="lockgraph-run-edges-") as tmp:
        tmp = Path(tmp)
        clean = build(args, tmp, "clean", CLEAN_SLOW)
        inv = build(args, tmp, "inv", INVERSION)

        shared = tmp / "shared"
        slow = subprocess.Popen([lg, "run", "--out", shared, "--", clean],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.3)
        p = run([lg, "run", "--out", shared, "--", inv])
        expect(p.returncode == 66, "the neighbour's inversion is its own finding", p)
        out, err = slow.communicate(timeout=60)
        expect(slow.returncode == 0 and "lock-order-inversion" not in err,
               f"the clean run reports only its own traces: exit {slow.returncode}\n{err}")
        p = run([lg, "report", "--format", "json", shared])
        rules = [f["rule"] for f in json.loads(p.stdout)["findings"]]
        expect(rules == ["lock-order-inversion"], f"report DIR merges both runs: {rules}", p)

        if os.geteuid() == 0:
            suid = tmp / "suid"
            shutil.copy(inv, suid)
            os.chown(suid, 65534, 65534)
            os.chmod(suid, 0o4755)
            p = run([lg, "run", "--", suid])
            lines = rsc.stderr_lines(p)
            expect(p.returncode == 2 and len(lines) == 1 and "set-user-ID" in lines[0],
                   "a set-user-ID program is refused in one line", p)
        else:
            print("NOTE: not root: the set-user-ID case is not checked")

        for fmt in ("json", "sarif"):
            out = tmp / f"empty.{fmt}"
            p = run([lg, "run", "--format", fmt, "-o", out, "--", "/bin/true"])
            expect(p.returncode == 0 and out.is_file(),
                   f"-o {out.name} is written when no process took a lock", p)
            doc = json.loads(out.read_text())
            if fmt == "json":
                expect(doc["findings"] == [] and doc["summary"]["notes"] and
                       "no process of this run wrote a trace" in doc["summary"]["notes"][0],
                       f"the JSON says why it is empty: {doc['summary']}", p)
            else:
                notes = doc["runs"][0]["invocations"][0].get("toolExecutionNotifications", [])
                expect(any(n["level"] == "note" for n in notes), f"a SARIF note: {notes}", p)
                v = run([sys.executable, VALIDATOR, SCHEMA, out])
                expect(v.returncode == 0, "the empty SARIF validates", v)

        pidfile = tmp / "grandchild.pid"
        script = f"sleep 60 & echo $! > {pidfile}; wait"
        r = subprocess.Popen([lg, "run", "--", "sh", "-c", script],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(100):
            if pidfile.exists() and pidfile.read_text().strip():
                break
            time.sleep(0.05)
        grandchild = int(pidfile.read_text())
        r.send_signal(signal.SIGTERM)
        r.wait(timeout=30)
        gone = False
        for _ in range(100):
            try:
                os.kill(grandchild, 0)
            except ProcessLookupError:
                gone = True
                break
            time.sleep(0.05)
        if not gone:
            os.kill(grandchild, signal.SIGKILL)
        expect(gone, "SIGTERM to run reaches the command's own children (its process group)")
        expect(r.returncode == 128 + signal.SIGTERM,
               f"run exits like its command, killed by SIGTERM: {r.returncode}")


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
