#!/usr/bin/env python3
"""The INSTALLED lockgraph works outside the build tree: `cmake --install` into a
temporary prefix, then <prefix>/bin/lockgraph parses a C file that includes Clang's
builtin headers (<stddef.h>, <stdatomic.h>) without errors and reports its inversion,
and `rules` lists the catalogue from the installed rules directory."""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

SOURCE = """#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static atomic_size_t ops;

void *one(void *arg) {
  (void)arg;
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b); // the first edge of the cycle
  atomic_fetch_add(&ops, 1);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return NULL;
}

void *two(void *arg) {
  (void)arg;
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  atomic_fetch_add(&ops, 1);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return NULL;
}
"""


def add_arguments(ap):
    ap.add_argument("--build-dir", required=True, help="the configured and built build tree")
    ap.add_argument("--cmake", default="cmake", help="the cmake executable")
    ap.add_argument("--config", default="", help="build configuration (multi-config generators)")


def body(args):
    with tempfile.TemporaryDirectory(prefix="lockgraph-install-") as tmp:
        tmp = Path(tmp)
        prefix = tmp / "prefix"
        cmd = [args.cmake, "--install", args.build_dir, "--prefix", prefix]
        if args.config:
            cmd += ["--config", args.config]
        p = run(cmd)
        expect(p.returncode == 0, "cmake --install failed", p)
        lg = prefix / "bin" / "lockgraph"
        expect(lg.is_file() and os.access(lg, os.X_OK), f"{lg} was not installed")
        rules_dir = prefix / "share" / "lockgraph" / "rules"
        expect(any(rules_dir.glob("*.yaml")), f"no rule files installed in {rules_dir}")

        # Nothing may point it back at the build or source tree.
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOCKGRAPH")}
        work = tmp / "work"
        work.mkdir()
        src = work / "atomic_inversion.c"
        src.write_text(SOURCE)
        line = SOURCE.splitlines().index("  pthread_mutex_lock(&b); // the first edge of the cycle") + 1
        p = run([lg, "check", "--format", "json", "--base-dir", work, src, "--",
                 "-std=c11", "-pthread"], cwd=work, env=env)
        expect(p.returncode == 1, f"installed check: exit code {p.returncode}, expected 1", p)
        expect("error:" not in p.stderr and "file not found" not in p.stderr,
               "the installed binary reports errors (builtin headers not found?)", p)
        report = rsc.parse_report(p)
        expect(report["summary"]["analyzed"] == 1, "the file was not analyzed", p)
        got = [rsc.finding_key(f) for f in report["findings"]]
        expect(got == [(src.name, line, "lock-order-inversion")],
               f"installed check: findings {got}, expected one inversion at line {line}", p)

        p = run([lg, "rules"], cwd=work, env=env)
        expect(p.returncode == 0, "installed `lockgraph rules` failed", p)
        missing = [i for i in rsc.KNOWN_IDS if i not in p.stdout]
        expect(not missing, f"installed `lockgraph rules` does not list {missing}", p)

        # The preload library is installed under lib/lockgraph, and `run` finds it there
        # rather than in the build tree.
        preload = prefix / "lib" / "lockgraph" / "liblockgraph-preload.so"
        expect(preload.exists(), f"{preload} was not installed")
        p = run([lg, "run", "--", "sh", "-c", 'printf "%s" "$LD_PRELOAD"'], cwd=work, env=env)
        expect(p.returncode == 0 and p.stdout.startswith(str(preload)),
               f"installed `lockgraph run` should preload {preload}", p)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
