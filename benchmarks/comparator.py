"""Speed and size of the in-browser plan comparator, measured in one run on this machine.

Builds the site into a temporary folder, adds a bare page that only boots Pyodide, serves both
with the local Netlify stand-in (production headers, CSP included) and drives Debian's Chromium:

- median of N cold loads (a fresh browser context each: empty HTTP cache) of (a) the bare page
  until Pyodide is ready and (b) the comparator page until interactive (comparator.js sets
  ``data-ready="1"`` on the mount once the form is live), and the ratio b/a;
- the time one selection change takes (Python ``update`` + DOM replace, measured in the page with
  ``performance.now()`` by comparator.js), median over many changes;
- the bytes of Pyodide an ordinary article loads, and the bytes the comparator page loads.

Prints a Markdown table and writes it to ``benchmarks/out/comparator.md``. Figures are for
reading, never asserted by tests.

    .venv/bin/python benchmarks/comparator.py [--runs 5] [--changes 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from tests.support.browser import launch_chromium, new_context  # noqa: E402
from tests.support.netlify_server import serve_site  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
COMPARATOR_PAGE = "/account/compare-plans/"
ARTICLES = ("/account/cancel/", "/faq/")
BARE_PAGE = "/bench/bare-pyodide/"
LOAD_TIMEOUT_MS = 60_000

#: Records when something first gets ``data-ready="1"`` (the comparator mount or, on the bare
#: page, <html>), in ms since navigation start.
READY_OBSERVER = """
new MutationObserver((changes, observer) => {
  for (const change of changes) {
    if (change.target.getAttribute && change.target.getAttribute('data-ready') === '1') {
      window.__readyAt = performance.now();
      observer.disconnect();
      return;
    }
  }
}).observe(document, {attributes: true, attributeFilter: ['data-ready'], subtree: true});
"""

#: Sizes of everything the page fetched (same origin, so the timing entries carry sizes).
RESOURCE_SIZES = """
() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .map(e => ({url: e.name, bytes: e.encodedBodySize || 0}))
"""


@dataclass
class Row:
    figure: str
    measured: str
    goal: str
    result: str


def build_site(destination: Path) -> Path:
    """Build the real project into ``destination``/site (the project's own site/ is untouched)."""
    site = destination / "site"
    subprocess.run(
        [sys.executable, "-m", "helpcenter.build", "--site-dir", str(site)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return site


def add_bare_page(site: Path) -> None:
    """A page with nothing but a module that boots the site's own Pyodide (no inline script)."""
    version = next((site / "assets" / "pyodide").iterdir()).name
    folder = site / BARE_PAGE.strip("/")
    folder.mkdir(parents=True)
    (folder / "boot.mjs").write_text(
        f'import {{ loadPyodide }} from "/assets/pyodide/{version}/pyodide.mjs";\n'
        f'await loadPyodide({{ indexURL: "/assets/pyodide/{version}/" }});\n'
        'document.documentElement.dataset.ready = "1";\n',
        encoding="utf-8",
    )
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pyodide</title>'
        '<link rel="icon" href="data:,"><script type="module" src="boot.mjs"></script>'
        "</head><body><p>Booting Pyodide.</p></body></html>\n",
        encoding="utf-8",
    )


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as driver:
        browser = launch_chromium(driver)
        try:
            yield browser
        finally:
            browser.close()


#: comparator.js's performance marks (``comparator:script``, ``comparator:pyodide-ready`` ...).
MARKS = """
() => Object.fromEntries(performance.getEntriesByType('mark')
  .filter(m => m.name.startsWith('comparator:'))
  .map(m => [m.name.slice('comparator:'.length), m.startTime]))
"""


@dataclass
class Load:
    ready_ms: float
    sizes: list[dict[str, Any]]
    marks: dict[str, float]


def cold_load(browser: Browser, url: str) -> Load:
    """Navigation start to ``data-ready="1"`` in a fresh context (empty cache), and the bytes."""
    context = new_context(browser)
    try:
        context.add_init_script(READY_OBSERVER)
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function("() => window.__readyAt !== undefined", timeout=LOAD_TIMEOUT_MS)
        return Load(
            page.evaluate("window.__readyAt"), page.evaluate(RESOURCE_SIZES), page.evaluate(MARKS)
        )
    finally:
        context.close()


def selection_changes(browser: Browser, url: str, changes: int) -> list[float]:
    """Toggle an add-on ``changes`` times; each time read the ms comparator.js measured."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(url, timeout=LOAD_TIMEOUT_MS)
        page.wait_for_selector('.comparator-mount[data-ready="1"]', timeout=LOAD_TIMEOUT_MS)
        boxes = ["ticketing", "extra_calendar", "extra_users", "white_label"]
        times = []
        for index in range(changes):
            page.evaluate("document.querySelector('.comparator-mount').dataset.updateMs = ''")
            page.click(f'input[name="addons"][value="{boxes[index % len(boxes)]}"]')
            page.wait_for_function(
                "() => document.querySelector('.comparator-mount').dataset.updateMs !== ''",
                timeout=5_000,
            )
            times.append(
                float(page.evaluate("document.querySelector('.comparator-mount').dataset.updateMs"))
            )
        return times
    finally:
        context.close()


def article_bytes(browser: Browser, base: str) -> tuple[int, list[str]]:
    """Bytes of Pyodide (and comparator files) the ordinary articles fetch."""
    context = new_context(browser)
    fetched: list[str] = []
    try:
        context.on("request", lambda request: fetched.append(request.url))
        page = context.new_page()
        total = 0
        for path in ARTICLES:
            page.goto(base + path, wait_until="networkidle", timeout=LOAD_TIMEOUT_MS)
            for entry in page.evaluate(RESOURCE_SIZES):
                if "/assets/pyodide/" in entry["url"] or "/assets/comparator/" in entry["url"]:
                    total += entry["bytes"]
        offending = [u for u in fetched if "/assets/pyodide/" in u or "/assets/comparator/" in u]
        return total, offending
    finally:
        context.close()


def mib(count: float) -> str:
    return f"{count / 1_048_576:.2f} MiB"


def verdict(ok: bool) -> str:
    return "pass" if ok else "miss"


def measure(runs: int, changes: int) -> tuple[list[Row], dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="bench-comparator-") as temp:
        site = build_site(Path(temp))
        add_bare_page(site)
        with serve_site(site, ROOT / "netlify.toml") as base, chromium() as browser:
            # One discarded load of each warms the browser process, not any cache.
            cold_load(browser, base + BARE_PAGE)
            cold_load(browser, base + COMPARATOR_PAGE)
            bare: list[float] = []
            loads: list[Load] = []
            for _ in range(runs):  # interleaved, so drift of the machine hits both alike
                bare.append(cold_load(browser, base + BARE_PAGE).ready_ms)
                loads.append(cold_load(browser, base + COMPARATOR_PAGE))
            updates = selection_changes(browser, base + COMPARATOR_PAGE, changes)
            article_pyodide, offending = article_bytes(browser, base)

    page = [load.ready_ms for load in loads]
    page_sizes = loads[-1].sizes
    bare_ms = statistics.median(bare)
    page_ms = statistics.median(page)

    def phase(start: str, end: str) -> float:
        return statistics.median(load.marks[end] - load.marks[start] for load in loads)

    script_ms = statistics.median(load.marks["script"] for load in loads)
    ratio = page_ms / bare_ms
    update_ms = statistics.median(updates)
    page_total = sum(entry["bytes"] for entry in page_sizes)
    page_pyodide = sum(e["bytes"] for e in page_sizes if "/assets/pyodide/" in e["url"])
    rows = [
        Row(
            f"(a) bare page, Pyodide ready (median of {runs} cold loads)",
            f"{bare_ms:.0f} ms ({min(bare):.0f}–{max(bare):.0f})",
            "reference",
            "",
        ),
        Row(
            f"(b) comparator page interactive (median of {runs} cold loads)",
            f"{page_ms:.0f} ms ({min(page):.0f}–{max(page):.0f})",
            "",
            "",
        ),
        Row(
            "(b) of which: until comparator.js runs / Pyodide boot / package import",
            f"{script_ms:.0f} / {phase('script', 'pyodide-ready'):.0f} / "
            f"{phase('unpacked', 'imported'):.0f} ms",
            "",
            "",
        ),
        Row("ratio b/a", f"{ratio:.2f}", "≤ 1.10", verdict(ratio <= 1.10)),
        Row(
            f"one selection change, update + DOM replace (median of {changes})",
            f"{update_ms:.1f} ms (max {max(updates):.1f})",
            "< 16 ms",
            verdict(update_ms < 16),
        ),
        Row(
            f"Pyodide bytes loaded by ordinary articles ({', '.join(ARTICLES)})",
            f"{article_pyodide} B",
            "0",
            verdict(article_pyodide == 0 and not offending),
        ),
        Row(
            "bytes loaded by the comparator page (all / of which Pyodide)",
            f"{mib(page_total)} / {mib(page_pyodide)}",
            "",
            "",
        ),
    ]
    raw = {
        "bare_ms": bare,
        "comparator_ms": page,
        "comparator_marks": [load.marks for load in loads],
        "update_ms": updates,
        "article_pyodide_bytes": article_pyodide,
        "article_offending_requests": offending,
        "comparator_page_bytes": page_total,
        "comparator_page_pyodide_bytes": page_pyodide,
    }
    return rows, raw


def markdown(rows: list[Row]) -> str:
    lines = ["| figure | measured | goal | result |", "| --- | --- | --- | --- |"]
    lines += [f"| {r.figure} | {r.measured} | {r.goal} | {r.result} |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold loads per page (default 5)")
    parser.add_argument("--changes", type=int, default=20, help="selection changes (default 20)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())  # before we add our own
    rows, raw = measure(args.runs, args.changes)
    stamp = time.strftime("%Y-%m-%d %H:%M")
    table = (
        f"### Comparator ({stamp}, headless Chromium, localhost, uncompressed bytes; "
        f"{os.cpu_count()} CPUs, load average before the run {load})\n\n" + markdown(rows)
    )
    print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "comparator.md").write_text(table, encoding="utf-8")
    (OUT / "comparator.json").write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    print(f"({time.monotonic() - started:.0f} s; written to {OUT.relative_to(ROOT)}/comparator.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
