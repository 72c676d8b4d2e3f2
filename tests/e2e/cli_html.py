#!/usr/bin/env python3
"""`--format html`: one self-contained page (nothing loaded from elsewhere: no
external script, style, font or image), with the overview, each finding as an
anchored article with its source lines, the lock graph, the contention table, and
the coverage section after `report --static`. Checked as parsed HTML."""

import html.parser
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

CASE = rsc.STATIC_DIR / "lock-order-inversion" / "pos_direct.c"
HEAVY = rsc.REPO_DIR / "testdata" / "runtime" / "contention" / "rare_heavy_holder.c"
ONE_THREAD = Path(__file__).resolve().parent / "data" / "many_locks.c"
VOID = {"meta", "br", "img", "link", "hr", "input"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.problems, self.ids, self.external, self.text = [], [], set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for k in ("src", "href"):
            v = a.get(k) or ""
            if v and not v.startswith("#"):
                self.external.append((tag, k, v))
        if tag == "link" or tag == "script" and "src" in a:
            self.external.append((tag, "", ""))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(path, p):
    page = Page()
    page.feed(path.read_text())
    expect(not page.problems and not page.stack, f"unbalanced HTML: {page.problems[:3]}", p)
    expect(not page.external, f"loads something from elsewhere: {page.external}", p)
    return page, "".join(page.text)


def body(args):
    lg = args.lockgraph
    with tempfile.TemporaryDirectory(prefix="lockgraph-html-") as tmp:
        tmp = Path(tmp)
        out = tmp / "check.html"
        p = run([lg, "check", "--format", "html", "-o", out, "--base-dir", CASE.parent, CASE,
                 "--", "-pthread"])
        expect(p.returncode == 1, "the case has a finding", p)
        page, text = parse(out, p)
        for section in ("overview", "findings", "graph", "contention"):
            expect(section in page.ids, f"a #{section} section", p)
        expect(any(i.startswith("finding-") for i in page.ids), "an anchor per finding", p)
        expect("lockgraph-lock-order-inversion" in text and "index_rebuild" in text,
               "the finding's rule and message", p)
        expect("<mark>" in out.read_text(), "the source line around the finding", p)
        expect("No contention data" in text, "a static report says it has no contention data", p)

        exe = tmp / "heavy"
        subprocess.run([args.clang, "-g", "-pthread", str(HEAVY), "-o", str(exe)], check=True)
        out = tmp / "run.html"
        p = run([lg, "run", "--format", "html", "-o", out, "--", exe])
        page, text = parse(out, p)
        expect("mutex registry_lock" in text and "compact_registry" in text,
               "the contention table names the lock and its holder", p)

        # Statistics but no wait (one thread): said as such, not as "no data".
        exe = tmp / "one_thread"
        subprocess.run([args.clang, "-g", "-pthread", str(ONE_THREAD), "-o", str(exe)], check=True)
        out = tmp / "quiet.html"
        p = run([lg, "run", "--format", "html", "-o", out, "--", exe, "20"])
        page, text = parse(out, p)
        expect("No thread waited for a lock" in text and "No contention data" not in text,
               "a run with statistics and no wait says no thread waited", p)


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
