#!/usr/bin/env python3
"""--facts-dir keeps per-TU facts and reuses them only while a TU's command and inputs
(source and headers) are unchanged; --shard I/N --no-link writes the facts of one slice,
and `link` over the facts of all slices reports what a plain `check` reports."""

import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

CASE = rsc.STATIC_DIR / "lock-order-inversion" / "pos_cross_file_wrappers"

# consumer.c rewritten so that its lock order is chosen by a macro of lockutil.h.
CONSUMER_BY_MACRO = """#include "lockutil.h"

#ifndef LOCK_QUEUE_FIRST
#define LOCK_QUEUE_FIRST 0
#endif

void report_stats(long *submitted, int *queued) {
#if LOCK_QUEUE_FIRST
  possess(&queue_lock);
  possess(&stats_lock);
#else
  possess(&stats_lock);
  possess(&queue_lock); // the reversed order
#endif
  *submitted = jobs_submitted;
  *queued = queue_len;
  release(&queue_lock);
  release(&stats_lock);
}
"""


def facts_files(d):
    return sorted(p.relative_to(d).as_posix() for p in Path(d).rglob("*") if p.is_file())


def findings_of(p):
    return rsc.sort_findings(rsc.parse_report(p)["findings"])


def body(args):
    lg = args.lockgraph
    with tempfile.TemporaryDirectory(prefix="lockgraph-facts-") as tmp:
        tmp = Path(tmp)
        work = tmp / "case"
        shutil.copytree(CASE, work)
        db = tmp / "db"
        db.mkdir()
        case = rsc.Case(work)
        case.write_compile_db(db)
        base = ["check", "-p", db, "--format", "json", "--base-dir", work]

        plain = run([lg] + base, cwd=work)
        expect(plain.returncode == 1, "plain check: expected exit 1 (an inversion)", plain)
        want = findings_of(plain)
        expect([rsc.finding_key(f) for f in want] == sorted(case.expected.elements()),
               f"plain check does not report the case's expectations; run "
               f"run_static_case.py on {CASE.name} first", plain)

        # Facts kept and reused.
        facts = tmp / "facts"
        first = run([lg] + base + ["--facts-dir", facts], cwd=work)
        expect(first.returncode == 1 and findings_of(first) == want,
               "with --facts-dir (first run) the findings differ from a plain check", first)
        kept = facts_files(facts)
        expect(kept, f"--facts-dir {facts} is empty after a run", first)
        second = run([lg] + base + ["--facts-dir", facts], cwd=work)
        expect(second.returncode == 1 and findings_of(second) == want,
               "with --facts-dir (second run, reusing facts) the findings differ", second)
        expect(facts_files(facts) == kept, "the second run changed the set of facts files", second)
        if re.search(r"reus|cached|up.to.date", second.stderr, re.I):
            print("note: second run says it reused facts:", second.stderr.strip().splitlines()[-1])

        # Shards: each slice writes facts only; link merges them.
        shard_facts = tmp / "shard-facts"
        counts = []
        for i in (1, 2):
            p = run([lg] + base + ["--shard", f"{i}/2", "--no-link", "--facts-dir", shard_facts],
                    cwd=work)
            expect(p.returncode == 0, f"--shard {i}/2 --no-link: exit code {p.returncode}, "
                   "expected 0 (no findings without the link step)", p)
            expect(not p.stdout.strip() or rsc.parse_report(p)["findings"] == [],
                   f"--shard {i}/2 --no-link reported findings", p)
            counts.append(len(facts_files(shard_facts)))
        expect(0 < counts[0] < counts[1],
               f"facts files after shard 1/2, then 2/2: {counts}; expected each shard to add "
               "the facts of its own translation units")
        link = run([lg, "link", "--format", "json", "--base-dir", work, shard_facts], cwd=work)
        expect(link.returncode == 1, f"link: exit code {link.returncode}, expected 1", link)
        expect(findings_of(link) == want, "link over the shards' facts differs from a plain check",
               link)
        for bad in ("0/2", "3/2", "x"):
            p = run([lg] + base + ["--shard", bad, "--no-link", "--facts-dir", tmp / "bad"],
                    cwd=work)
            expect(p.returncode == 2, f"--shard {bad}: exit code {p.returncode}, expected 2", p)

        # A changed source is analyzed again: the finding moves to its new line.
        (work / "consumer.c").write_text(CONSUMER_BY_MACRO)
        moved_line = CONSUMER_BY_MACRO.splitlines().index(
            "  possess(&queue_lock); // the reversed order") + 1
        p = run([lg] + base + ["--facts-dir", facts], cwd=work)
        got = [rsc.finding_key(f) for f in findings_of(p)]
        expect(p.returncode == 1 and got == [("consumer.c", moved_line, "lock-order-inversion")],
               f"after editing consumer.c: findings {got}, expected one at consumer.c:"
               f"{moved_line} (stale facts reused?)", p)

        # A changed header is an input too: now both orders agree, nothing to report.
        header = work / "lockutil.h"
        header.write_text(header.read_text().replace(
            "#endif", "#define LOCK_QUEUE_FIRST 1\n#endif"))
        p = run([lg] + base + ["--facts-dir", facts], cwd=work)
        got = [rsc.finding_key(f) for f in findings_of(p)]
        expect(p.returncode == 0 and got == [],
               f"after editing lockutil.h: findings {got}, expected none (stale facts reused "
               "although an included header changed?)", p)


if __name__ == "__main__":
    sys.exit(rsc.test_main(body))
