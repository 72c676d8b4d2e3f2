#!/usr/bin/env python3
"""--write-baseline then --baseline on the same input reports nothing (exit 0); the
baseline still matches after the code moves down three lines (fingerprints do not use
line numbers); a new finding added later is still reported."""

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

CASE = rsc.STATIC_DIR / "lock-order-inversion" / "pos_direct.c"
NEW_BUG = """
static pthread_mutex_t extra_lock = PTHREAD_MUTEX_INITIALIZER;
static int extra_count;

static void extra_helper(void) {
  pthread_mutex_lock(&extra_lock);
  extra_count++;
  pthread_mutex_unlock(&extra_lock);
}

void extra_caller(void) {
  pthread_mutex_lock(&extra_lock);
  extra_helper(); // the new double-lock
  pthread_mutex_unlock(&extra_lock);
}
"""


def check(lg, src, *extra):
    case = rsc.Case(src)
    p = run(case.check_command(lg, extra=[str(e) for e in extra]), cwd=case.base_dir)
    expect(p.returncode in (0, 1), "lockgraph failed", p)
    return p, rsc.parse_report(p)


def body(args):
    lg = args.lockgraph
    (key, _), = rsc.Case(CASE).expected.items()
    with tempfile.TemporaryDirectory(prefix="lockgraph-baseline-") as tmp:
        tmp = Path(tmp)
        src = tmp / "src" / CASE.name
        src.parent.mkdir()
        shutil.copy(CASE, src)
        baseline = tmp / "baseline.json"

        p, before = check(lg, src)
        expect(len(before["findings"]) == 1, "the input should have one finding", p)
        p, _ = check(lg, src, "--write-baseline", baseline)
        expect(baseline.is_file() and baseline.stat().st_size > 0,
               f"--write-baseline did not write {baseline}", p)

        p, r = check(lg, src, "--baseline", baseline)
        expect(p.returncode == 0 and r["findings"] == [],
               "--baseline on unchanged input should suppress everything (exit 0)", p)

        src.write_text("\n\n\n" + src.read_text())
        p, moved = check(lg, src)
        expect([rsc.finding_key(f) for f in moved["findings"]] == [(key[0], key[1] + 3, key[2])],
               "without the baseline the finding should move down 3 lines", p)
        expect(moved["findings"][0]["fingerprint"] == before["findings"][0]["fingerprint"],
               "the fingerprint changed when the code moved down 3 lines", p)
        p, r = check(lg, src, "--baseline", baseline)
        expect(p.returncode == 0 and r["findings"] == [],
               "the baseline no longer suppresses the finding after 3 blank lines were "
               "inserted", p)

        src.write_text(src.read_text() + NEW_BUG)
        call_line = src.read_text().splitlines().index("  extra_helper(); // the new double-lock") + 1
        p, r = check(lg, src, "--baseline", baseline)
        got = [rsc.finding_key(f) for f in r["findings"]]
        expect(p.returncode == 1 and got == [(src.name, call_line, "double-lock")],
               f"a new finding must not be hidden by the baseline: got {got}", p)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
