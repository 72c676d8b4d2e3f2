#!/usr/bin/env python3
"""The HTML report in a real browser (headless Chromium, driven over the DevTools
protocol): three pages, built as a user would build them.

- `check` on examples/bank: the finding and both halves of its cycle with the marked
  source line, the Graphviz SVG with the cycle's edges linked to the finding (built
  without Graphviz: the page says so and lists the lock orders instead), filtering
  and sorting by keyboard, the dark scheme, the page without JavaScript, and a
  screenshot that is not blank (--screenshot-out keeps it, for the README).
- `report --static` over the pipeline example's check and runs of it and of a contended
  program: one finding found by both halves, its runtime stacks, the coverage section,
  and the contention table sorted by total wait.
- A runtime graph of 1,000 locks: the drawing reduced to the cycles' parts, the table
  of every lock order, the load time printed.

Every page must load with no console error, warning or uncaught exception."""

import base64
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cdp  # noqa: E402
import run_static_case as rsc  # noqa: E402
from run_static_case import expect, run  # noqa: E402

BANK = rsc.REPO_DIR / "examples" / "bank"
PIPELINE = rsc.REPO_DIR / "examples" / "pipeline" / "pipeline.c"
HEAVY = rsc.REPO_DIR / "testdata" / "runtime" / "contention" / "rare_heavy_holder.c"
MANY_LOCKS = Path(__file__).resolve().parent / "data" / "many_locks.c"

VISIBLE_FINDINGS = ("Array.from(document.querySelectorAll('article.finding'))"
                    ".filter(a => !a.hidden && a.offsetParent !== null).length")


def load(b, path):
    b.events.clear()
    b.navigate(path.resolve().as_uri())
    problems = b.problems()
    expect(not problems, f"{path.name}: the page loads without console errors: {problems}")
    dup = b.evaluate("(() => { const ids = Array.from(document.querySelectorAll('[id]'), e => e.id);"
                     " return ids.filter((id, i) => ids.indexOf(id) !== i); })()")
    expect(not dup, f"{path.name}: element ids are unique (links land on one place): {dup[:5]}")


def set_field(b, selector, value):
    b.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); "
               f"e.value = {json.dumps(value)}; "
               "e.dispatchEvent(new Event('input', {bubbles: true})); })()")


def luminance(css_color):
    """0 (black) .. 1 (white) from a computed 'rgb(r, g, b)' or 'rgba(...)'."""
    parts = css_color[css_color.index("(") + 1:css_color.index(")")].split(",")
    r, g, b = (float(x) / 255 for x in parts[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# Decoded by the browser's image decoder on a canvas: this machine's Python may have no
# imaging library, and the check needs only the pixels.
PIXEL_STATS = """
(async (url) => {
  const img = new Image();
  img.src = url;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  const counts = new Map();
  for (let i = 0; i < d.length; i += 4) {
    const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
    counts.set(k, (counts.get(k) || 0) + 1);
  }
  let top = 0;
  for (const n of counts.values()) top = Math.max(top, n);
  return {width: c.width, height: c.height, colors: counts.size, off: d.length / 4 - top};
})
"""


def check_not_blank(b, png, what):
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    st = b.evaluate(f"{PIXEL_STATS}({json.dumps(url)})")
    w, h = st["width"], st["height"]
    expect(w >= 800 and h >= 600, f"{what}: a screenshot of the page size, got {w}x{h}")
    expect(st["colors"] >= 16 and st["off"] >= 0.02 * w * h,
           f"{what}: the screenshot shows a page ({st['colors']} colours, "
           f"{st['off']} of {w * h} pixels off the background)")


def bank_page(args, tmp):
    page = tmp / "bank.html"
    # As a user in the example's folder types it (the page shows the command line).
    sources = sorted(f.name for f in BANK.glob("*.c"))
    cmd = [args.lockgraph, "check", *sources, "--", "-std=c11", "-pthread"]
    p = run([*cmd[:2], "--format", "html", "-o", page, *cmd[2:]], cwd=BANK)
    expect(p.returncode == 1, "check on examples/bank reports its inversion", p)
    p = run([*cmd[:2], "--format", "json", *cmd[2:]], cwd=BANK)
    return page, json.loads(p.stdout)


def drawn(b):
    return b.evaluate("document.querySelectorAll('#graph svg g.node').length")


def expect_list_instead(b, what):
    """Built without Graphviz: the page says so, and shows the table of lock orders."""
    expect(drawn(b) == 0, f"{what}: no drawing without Graphviz")
    expect("built without Graphviz" in b.evaluate("document.getElementById('graph').textContent"),
           f"{what}: the page says why the graph is not drawn")
    expect(b.evaluate("document.getElementById('edges').offsetParent !== null"),
           f"{what}: the table of lock orders is open")


def test_bank(b, page, report, screenshot_out, graphviz):
    load(b, page)
    findings = report["findings"]
    expect(b.evaluate("document.querySelectorAll('article.finding').length") == len(findings),
           f"one article per finding ({len(findings)})")
    for f in findings:
        anchor = "finding-" + f["fingerprint"]
        expect(b.evaluate(f"!!document.getElementById({json.dumps(anchor)})"),
               f"a link target #{anchor}")
    inversion = next(f for f in findings if f["ruleId"] == "lockgraph-lock-order-inversion")
    art = f"document.getElementById('finding-{inversion['fingerprint']}')"
    expect(b.evaluate(f"{art}.querySelectorAll('.half').length") == 2,
           "both halves of the cycle, each its own path")
    expect(b.evaluate(f"Array.from({art}.querySelectorAll('.half')).every("
                      "h => h.querySelector('pre.src mark'))"),
           "each half shows its source lines")
    # The marked line is the reported line of the file (empty lines counted).
    loc = inversion["location"]
    line = (BANK / loc["file"]).read_text().splitlines()[loc["line"] - 1].strip()
    marked = b.evaluate(f"{art}.querySelector('pre.src mark').textContent")
    expect(marked.split(None, 1)[1].strip() == line and int(marked.split()[0]) == loc["line"],
           f"the snippet marks line {loc['line']} ({line!r}), got {marked!r}")

    if graphviz:
        test_bank_drawing(b, inversion)
    else:
        expect_list_instead(b, "bank")
        expect(b.evaluate("document.querySelectorAll('#edges tr.cycle').length") == 2,
               "the cycle's rows are marked")
    test_bank_interaction(b, page, findings, screenshot_out, graphviz)


def test_bank_drawing(b, inversion):
    # The drawing: two locks, the cycle's two edges red and linked to the finding.
    expect(drawn(b) == 2, "the SVG draws both locks")
    expect(b.evaluate("document.querySelector('#graph svg').getBBox().width") > 50,
           "the SVG has a size")
    # Graphviz links an edge's line and its label alike: every link goes to the finding.
    edges = b.evaluate("Array.from(document.querySelectorAll('#graph svg .edge.cycle'))"
                       ".map(e => Array.from(e.querySelectorAll('a'), a => "
                       "a.getAttribute('xlink:href') || a.getAttribute('href')))")
    expect(len(edges) == 2 and all(e and set(e) == {f"#finding-{inversion['fingerprint']}"}
                                   for e in edges),
           f"each cycle edge links to its finding: {edges}")
    expect("struct account.lock" in b.evaluate("document.querySelector('#graph svg').textContent"),
           "nodes are named by variable")


def test_bank_interaction(b, page, findings, screenshot_out, graphviz):
    # Keyboard: the first Tab reaches the skip link, Enter follows it; "/" is the search.
    b.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    b.key("Tab", key_code=9)
    expect(b.evaluate("document.activeElement.className") == "skip", "Tab reaches the skip link")
    b.key("Enter", key_code=13, text="\r")
    expect(b.evaluate("location.hash") == "#findings", "the skip link leads to the findings")
    b.key("/", code="Slash", text="/", key_code=191)
    expect(b.evaluate("document.activeElement.id") == "f-text", "'/' focuses the search")
    b.call("Input.insertText", text="ledger_snapshot")
    expect(b.evaluate(VISIBLE_FINDINGS) == 1, "a search that matches keeps the finding")
    b.call("Input.insertText", text="-no-such-thing")
    expect(b.evaluate(VISIBLE_FINDINGS) == 0, "a search that matches nothing hides it")
    expect("0 of 1" in b.evaluate("document.getElementById('f-shown').textContent"),
           "the filter says how many it shows")
    set_field(b, "#f-text", "")
    set_field(b, "#f-severity", "note")
    expect(b.evaluate(VISIBLE_FINDINGS) == 0, "severity filter")
    set_field(b, "#f-severity", "")
    set_field(b, "#f-rule", "lock-order-inversion")
    expect(b.evaluate(VISIBLE_FINDINGS) == 1, "rule filter")
    set_field(b, "#f-rule", "")

    # Sorting by keyboard: Enter on a column's button.
    b.evaluate("document.querySelector('#edges').closest('details').open = true;"
               "document.querySelector('#edges th button').focus()")
    b.key("Enter", key_code=13, text="\r")
    expect(b.evaluate("document.querySelector('#edges th').getAttribute('aria-sort')") == "ascending",
           "Enter on a header sorts by it")
    col = b.evaluate("Array.from(document.querySelectorAll('#edges tbody tr'))"
                     ".map(r => r.cells[0].textContent)")
    expect(col == sorted(col, key=str.lower) or col == sorted(col), f"rows sorted: {col}")

    b.evaluate("window.scrollTo(0, 0)")
    check_not_blank(b, b.screenshot(), "light")
    if screenshot_out:
        # Small enough to commit: the finding and the drawing, at two thirds of the size.
        shot = b.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                      clip={"x": 0, "y": 0, "width": 1200, "height": 1900, "scale": 0.66})
        Path(screenshot_out).write_bytes(base64.b64decode(shot["data"]))

    # Dark: the page and the drawing follow the reader's setting.
    b.call("Emulation.setEmulatedMedia",
           features=[{"name": "prefers-color-scheme", "value": "dark"}])
    bg = b.evaluate("getComputedStyle(document.body).backgroundColor")
    fg = b.evaluate("getComputedStyle(document.querySelector('#graph svg g.node text')).fill"
                    if graphviz else "getComputedStyle(document.body).color")
    expect(luminance(bg) < 0.2 and luminance(fg) > 0.5, f"dark scheme: background {bg}, graph text {fg}")
    check_not_blank(b, b.screenshot(), "dark")
    b.call("Emulation.setEmulatedMedia", features=[])

    # Without JavaScript: every finding and the drawing are there; the filter, which
    # would do nothing, is not.
    b.call("Emulation.setScriptExecutionDisabled", value=True)
    load(b, page)
    expect(b.evaluate(VISIBLE_FINDINGS) == len(findings), "without script every finding shows")
    expect(b.evaluate("document.getElementById('filter').offsetParent === null"),
           "without script the filter form stays hidden")
    expect(drawn(b) == (2 if graphviz else 0), "without script the drawing is there")
    b.call("Emulation.setScriptExecutionDisabled", value=False)


def join_page(args, tmp):
    exe = tmp / "pipeline"
    heavy = tmp / "heavy"
    subprocess.run([args.clang, "-g", "-pthread", str(PIPELINE), "-o", str(exe)], check=True)
    subprocess.run([args.clang, "-g", "-pthread", str(HEAVY), "-o", str(heavy)], check=True)
    static = tmp / "check.json"
    p = run([args.lockgraph, "check", "--format", "json", "-o", static, PIPELINE, "--",
             "-pthread"])
    expect(p.returncode == 1, "check finds the pipeline's inversion", p)
    for name, program in (("pipeline", exe), ("heavy", heavy)):
        p = run([args.lockgraph, "run", "--out", tmp / f"traces-{name}", "--", program])
        expect(p.returncode in (0, 66), f"lockgraph run {name}", p)
    page = tmp / "join.html"
    p = run([args.lockgraph, "report", "--format", "html", "-o", page, "--static", static,
             tmp / "traces-pipeline", tmp / "traces-heavy"])
    expect(p.returncode == 1, "the joined report has findings", p)
    return page


def test_join(b, page, graphviz):
    load(b, page)
    both = b.evaluate("Array.from(document.querySelectorAll('article.finding'))"
                      ".filter(a => a.dataset.origin === 'static+runtime').length")
    expect(both == 1, f"the inversion both halves found is one finding, got {both}")
    set_field(b, "#f-origin", "runtime")
    runtime_only = b.evaluate(VISIBLE_FINDINGS)
    set_field(b, "#f-origin", "static")
    static_only = b.evaluate(VISIBLE_FINDINGS)
    set_field(b, "#f-origin", "")
    expect(runtime_only >= 1 and static_only >= 1, "origin filter keeps static+runtime under both")
    expect(b.evaluate("!!document.getElementById('coverage')"), "the coverage section")
    rows = b.evaluate("document.querySelectorAll('#contention-table tbody tr').length")
    expect(rows >= 1, "the contention table has rows")
    # Sort by total wait (column 3), twice: descending is the reverse of ascending.
    b.evaluate("document.querySelectorAll('#contention-table th button')[3].click()")
    up = b.evaluate("Array.from(document.querySelectorAll('#contention-table tbody tr'))"
                    ".map(r => Number(r.cells[3].dataset.value))")
    b.evaluate("document.querySelectorAll('#contention-table th button')[3].click()")
    down = b.evaluate("Array.from(document.querySelectorAll('#contention-table tbody tr'))"
                      ".map(r => Number(r.cells[3].dataset.value))")
    expect(up == sorted(up) and down == sorted(up, reverse=True),
           f"sorted by the wait in ns, not by its text: {up} / {down}")
    cycle = "#graph svg .edge.cycle" if graphviz else "#edges tr.cycle"
    expect(b.evaluate(f"document.querySelectorAll('{cycle}').length") >= 2,
           "the runtime graph's cycle is shown")
    problems = b.problems()
    expect(not problems, f"no console error after filtering and sorting: {problems}")


def test_many_locks(b, args, tmp, graphviz):
    exe = tmp / "many_locks"
    subprocess.run([args.clang, "-g", "-pthread", str(MANY_LOCKS), "-o", str(exe)], check=True)
    p = run([args.lockgraph, "run", "--out", tmp / "traces-many", "--", exe, "1000"])
    expect(p.returncode == 66, "the 1,000-lock program has inversions", p)
    page = tmp / "many.html"
    start = time.monotonic()
    p = run([args.lockgraph, "report", "--format", "html", "-o", page, tmp / "traces-many"])
    written = time.monotonic() - start
    p = run([args.lockgraph, "report", "--format", "json", tmp / "traces-many"])
    graph = json.loads(p.stdout)["graph"]
    start = time.monotonic()
    load(b, page)
    shown = time.monotonic() - start
    nodes = drawn(b)
    if graphviz:
        expect(0 < nodes <= 60, f"the drawing is reduced to the cycles' parts: {nodes} locks")
        expect(b.evaluate("document.querySelectorAll('#graph svg .edge.cycle').length") >= 2,
               "the reported cycle is in the drawing")
        expect("strongly connected" in b.evaluate("document.getElementById('graph').textContent"),
               "the page says what the drawing leaves out")
        # Fitted to the page; "actual size" (a checkbox, Space on it) shows it at its own size.
        fitted = b.evaluate("document.querySelector('#graph svg').getBoundingClientRect().width")
        room = b.evaluate("document.querySelector('.graph-wrap').clientWidth")
        natural = b.evaluate("parseFloat(document.querySelector('#graph svg')"
                             ".getAttribute('width')) * 4 / 3")
        expect(fitted <= room + 1, f"the drawing fits the page: {fitted} px in {room} px")
        b.evaluate("document.getElementById('graph-zoom').focus()")
        b.key(" ", code="Space", text=" ", key_code=32)
        actual = b.evaluate("document.querySelector('#graph svg').getBoundingClientRect().width")
        expect(abs(actual - natural) < 2, f"actual size: {actual} px, the drawing's {natural} px")
    else:
        expect_list_instead(b, "1,000 locks")
    # The runtime's halves carry their stacks: pair() was called from main().
    stacks = b.evaluate("Array.from(document.querySelectorAll('article.finding .half'),"
                        " h => h.querySelector('ul.stack') ? h.querySelector('ul.stack').textContent : '')")
    expect(len(stacks) == 2 and all("called from main" in t for t in stacks),
           f"each half of the runtime cycle shows its stack: {stacks}")
    expect(b.evaluate("document.querySelectorAll('#edges tbody tr').length") == len(graph),
           f"the table lists all {len(graph)} lock orders")
    print(f"1,000 locks, {len(graph)} lock orders: page {page.stat().st_size / 1024:.0f} KiB, "
          f"written in {written:.2f} s, loaded in Chromium in {shown:.2f} s, {nodes} locks drawn")


def body(args):
    args.lockgraph = str(Path(args.lockgraph).resolve())
    exe = args.chromium or cdp.find_chromium()
    expect(exe, "Chromium is installed (scripts/install-deps.sh installs Debian's chromium)")
    expect(shutil.which(args.clang), f"{args.clang} is installed")
    with tempfile.TemporaryDirectory(prefix="lockgraph-browser-") as tmp:
        tmp = Path(tmp)
        bank, bank_json = bank_page(args, tmp)
        join = join_page(args, tmp)
        with cdp.Browser(exe) as b:
            b.call("Runtime.enable")
            b.call("Log.enable")
            test_bank(b, bank, bank_json, args.screenshot_out, args.graphviz == "ON")
            test_join(b, join, args.graphviz == "ON")
            test_many_locks(b, args, tmp, args.graphviz == "ON")


def add_arguments(ap):
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--chromium", default=None)
    ap.add_argument("--graphviz", choices=("ON", "OFF"), default="ON",
                    help="whether lockgraph was built with Graphviz (the drawing or the list)")
    ap.add_argument("--screenshot-out", default=None,
                    help="keep the light screenshot of the bank page (docs/img/html-report.png)")


if __name__ == "__main__":
    sys.exit(rsc.test_main(body, add_arguments))
