#!/usr/bin/env python3
"""Loads an HTML page in headless Chromium and prints how long it took, best of RUNS:
from navigation to the load event, then to the first frame painted after it.
Usage: page_load.py PAGE [RUNS]"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "e2e"))
import cdp  # noqa: E402


def main():
    page = Path(sys.argv[1]).resolve()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    best = None
    with cdp.Browser(cdp.find_chromium()) as b:
        for _ in range(runs):
            b.navigate("about:blank")
            start = time.monotonic()
            b.navigate(page.as_uri())
            # A frame after the load: layout and paint of the whole page are done.
            b.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
            took = time.monotonic() - start
            best = took if best is None else min(best, took)
        problems = b.problems()
    print(f"{best:.3f}" + (f" problems={problems[:2]}" if problems else ""))


if __name__ == "__main__":
    main()
