"""Speed and size of the in-browser plan comparator, measured in one run on this machine.

Builds the site into a temporary folder, adds a bare page whose module worker only boots
Pyodide, serves both with the local Netlify stand-in (production headers, CSP included) and
drives Debian's Chromium:

- cold loads (a fresh browser profile each: empty HTTP cache, code cache and Cache Storage) of
  (a) the bare page until Pyodide is ready in its worker and (b) the comparator page until
  interactive (comparator.js sets ``data-ready="1"`` on the mount), interleaved; the ratio b/a;
- warm visits: in each of those profiles, once the snapshot of the first visit is stored, a
  second visit until interactive; the ratio warm/cold. A profile on disk, as a returning
  customer's browser has, not a private context: Chromium keeps no compiled code (of
  pyodide.asm.wasm, above all) for a private context, so a second visit there compiles again;
- (d) the same two visits of a page that runs the comparator's worker alone, with nothing around
  it: how far Pyodide's restore by itself is from its plain boot, apart from the page's share;
- main-thread blocking: the sum of long-task time beyond 50 ms, for the tasks that start
  between navigation and the comparator being ready (an ordinary article: its load event and
  network idle), with Chromium's CPU slowed 4× (CDP ``Emulation.setCPUThrottlingRate``);
  comparator / article. Both windows are read through CDP only (see ``wait_ready``);
- one selection change (post to the worker, Python, HTML into the page), median over many;
- layout shift on a phone: the comparator page at 390 px, CPU 4× slower, network throttled,
  each load in a fresh context until the comparator is ready and its "ready" message has gone
  (``tests/support/layout_shift.py``, the helper the browser test uses); the first load of
  each language answers Material's bundle only after the first paint. Every load and the worst;
- the bytes of Pyodide an ordinary article loads, and the bytes the comparator page loads.

Prints a Markdown table and writes it to ``benchmarks/out/comparator.md``. Figures are for
reading, never asserted by tests.

    .venv/bin/python benchmarks/comparator.py [--runs 5] [--changes 20] [--shift-runs 4]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    CDPSession,
    Page,
    Playwright,
    sync_playwright,
)

from tests.support.browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DEFAULT_TIMEOUT_MS,
    launch_chromium,
    new_context,
)
from tests.support.layout_shift import phone_load_shifts  # noqa: E402
from tests.support.netlify_server import serve_site  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
COMPARATOR_PAGE = "/account/compare-plans/"
COMPARATOR_PAGES = {"nl": COMPARATOR_PAGE, "en": "/en/account/compare-plans/"}
#: Layout shift per load on a phone (issue 22: ≤ 0.05 in every load).
MAX_SHIFT = 0.05
ARTICLES = ("/account/cancel/", "/faq/")
BARE_PAGE = "/bench/bare-pyodide/"
WORKER_PAGE = "/bench/worker-alone/"
LOAD_TIMEOUT_MS = 60_000

#: Records when something first gets ``data-ready="1"`` (the comparator mount or, on the bare
#: page, <html>), in ms since navigation start, and resolves ``window.__ready``.
READY_OBSERVER = """
window.__ready = new Promise((resolve) => {
  new MutationObserver((changes, observer) => {
    for (const change of changes) {
      if (change.target.getAttribute && change.target.getAttribute('data-ready') === '1') {
        window.__readyAt = performance.now();
        observer.disconnect();
        resolve(window.__readyAt);
        return;
      }
    }
  }).observe(document, {attributes: true, attributeFilter: ['data-ready'], subtree: true});
});
"""

#: Rejects after twice LOAD_TIMEOUT_MS, so a page that never gets ready fails the run, not
#: hangs it.
DEADLINE = (
    "new Promise((_, reject) => setTimeout(() => reject(new Error('not ready')), "
    f"{LOAD_TIMEOUT_MS * 2}))"
)


def wait_ready(context: BrowserContext, page: Page) -> float:
    """Wait for ``data-ready="1"`` and return its time, adding no work to the measured page.

    Playwright's ``wait_for_function`` would first inject its ~330 kB helper script into the
    page and then poll on every animation frame: a trace showed that compile as a 150-250 ms
    long task (4× throttled) inside the comparator page's window, and the polling as
    animation-frame callbacks. One CDP ``Runtime.evaluate`` that awaits the observer's promise
    compiles a line and runs nothing until the page is ready.
    """
    cdp = context.new_cdp_session(page)
    try:
        return float(cdp_eval(cdp, f"Promise.race([window.__ready, {DEADLINE}])"))
    finally:
        cdp.detach()


def cdp_eval(cdp: CDPSession, expression: str) -> Any:
    """Evaluate in the page's main world through CDP (no Playwright helper script)."""
    answer = cdp.send(
        "Runtime.evaluate",
        {"expression": expression, "awaitPromise": True, "returnByValue": True},
    )
    if "exceptionDetails" in answer:
        raise RuntimeError(f"{expression}: {answer['exceptionDetails']}")
    return answer["result"].get("value")


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


def write_script_page(folder: Path, text: str, boot: str) -> Path:
    """A bare page in ``folder``: ``text`` and the module script ``boot`` (boot.mjs: no inline
    JS, which the site's CSP refuses), nothing else."""
    folder.mkdir(parents=True)
    (folder / "boot.mjs").write_text(boot, encoding="utf-8")
    (folder / "index.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{text}</title>'
        '<link rel="icon" href="data:,"><script type="module" src="boot.mjs"></script>'
        f"</head><body><p>{text}</p></body></html>\n",
        encoding="utf-8",
    )
    return folder


def add_bare_page(site: Path) -> None:
    """A page whose module worker boots the site's own Pyodide and nothing else (no inline JS)."""
    version = next((site / "assets" / "pyodide").iterdir()).name
    folder = write_script_page(
        site / BARE_PAGE.strip("/"),
        "Booting Pyodide in a worker.",
        'const worker = new Worker(new URL("worker.mjs", import.meta.url), {type: "module"});\n'
        'worker.onmessage = () => { document.documentElement.dataset.ready = "1"; };\n',
    )
    (folder / "worker.mjs").write_text(
        f'import {{ loadPyodide }} from "/assets/pyodide/{version}/pyodide.mjs";\n'
        f'await loadPyodide({{ indexURL: "/assets/pyodide/{version}/" }});\n'
        'postMessage("ready");\n',
        encoding="utf-8",
    )


def add_worker_page(site: Path) -> None:
    """A page that runs the comparator's own worker with the build's files and nothing else
    around it (no Material, no table): what Pyodide's boot and restore cost by themselves.

    The worker's URLs are those of the built comparator page (its ``<meta>``), made absolute
    as comparator.js makes them; the page says ``go`` at once and records ``ready`` and the
    snapshot's being kept as the comparator page does (``data-ready``, ``data-snapshot``).
    """
    html = (site / COMPARATOR_PAGE.strip("/") / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta name="timely-comparator"([^>]*)>', html)
    if meta is None:
        raise SystemExit(f"no comparator <meta> in {COMPARATOR_PAGE}")
    urls = {
        key: urljoin(COMPARATOR_PAGE, value)
        for key, value in re.findall(r'data-([a-z]+)-url="([^"]*)"', meta.group(1))
    }
    params = {key: urls[key] for key in ("pyodide", "stdlib", "archive", "plans", "snapshot")}
    write_script_page(
        site / WORKER_PAGE.strip("/"),
        "The comparator's worker alone.",
        f"const params = {json.dumps(params)};\n"
        f"const url = new URL({json.dumps(urls['worker'])}, location.href);\n"
        "for (const [key, path] of Object.entries(params)) {\n"
        "  url.searchParams.set(key, new URL(path, location.href).href);\n"
        "}\n"
        'const worker = new Worker(url, {type: "module"});\n'
        'worker.postMessage({type: "go", saveData: false});\n'
        'worker.postMessage({type: "open", lang: "en"});\n'
        "worker.onmessage = ({data}) => {\n"
        "  const root = document.documentElement;\n"
        '  if (data.type === "ready") {\n'
        "    root.dataset.boot = data.boot;\n"
        '    root.dataset.ready = "1";\n'
        "  }\n"
        '  if (data.type === "snapshot-stored") root.dataset.snapshot = "stored";\n'
        "};\n",
    )


@contextmanager
def chromium() -> Iterator[tuple[Playwright, Browser]]:
    with sync_playwright() as driver:
        browser = launch_chromium(driver)
        try:
            yield driver, browser
        finally:
            browser.close()


@contextmanager
def fresh_profile(driver: Playwright) -> Iterator[BrowserContext]:
    """A browser of its own with an empty profile on disk (its caches kept as a reader's are)."""
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        context = driver.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


#: comparator.js's performance marks (``comparator:script``, ``comparator:pyodide-ready`` ...).
MARKS = """
() => Object.fromEntries(performance.getEntriesByType('mark')
  .filter(m => m.name.startsWith('comparator:'))
  .flatMap(m => [[m.name.slice('comparator:'.length), m.startTime]].concat(
    Object.entries(m.detail || {}).map(([k, v]) => ['worker:' + k, v]))))
"""


@dataclass
class Load:
    ready_ms: float
    urls: list[str]
    marks: dict[str, float]
    boot: str = ""
    after_ready: list[str] = field(default_factory=list)


def site_bytes(site: Path, urls: list[str]) -> dict[str, int]:
    """Size of the site file behind each distinct same-site URL (uncompressed, as served here)."""
    sizes: dict[str, int] = {}
    for url in urls:
        path = unquote(urlsplit(url).path)
        file = site / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            sizes[path] = file.stat().st_size
    return sizes


#: Sums long-task time beyond 50 ms as it happens, from navigation on (buffered).
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
}).observe({type: 'longtask', buffered: true});
"""
#: The blocking time of the long tasks that started before the window's end (``done`` ms).
BLOCKING_UNTIL = """done => window.__longTasks
  .filter(([start]) => start < done)
  .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0)"""
#: The comparator's mount (or, on WORKER_PAGE, <html>) once the snapshot is kept for later.
SNAPSHOT_STORED = '[data-snapshot="stored"]'
#: How Python started: "snapshot" or "plain" (on the comparator's mount, or WORKER_PAGE's <html>).
BOOT = "(document.querySelector('.comparator-mount') || document.documentElement).dataset.boot"


def visit(context: BrowserContext, url: str) -> Load:
    """Navigation start to ``data-ready="1"``, the URLs fetched and comparator.js's marks."""
    fetched: list[str] = []
    context.on("request", lambda request: fetched.append(request.url))
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        ready_ms = wait_ready(context, page)
        boot = page.evaluate(f"{BOOT} || ''")
        return Load(ready_ms, list(fetched), page.evaluate(MARKS), boot)
    finally:
        page.close()


def cold_load(driver: Playwright, url: str) -> Load:
    """A visit in a fresh profile: empty HTTP cache, code cache and Cache Storage."""
    with fresh_profile(driver) as context:
        context.add_init_script(READY_OBSERVER)
        return visit(context, url)


def cold_and_warm(driver: Playwright, url: str) -> tuple[Load, Load]:
    """A first visit, then (once its snapshot is stored) a second visit in the same profile."""
    fetched: list[str] = []
    with fresh_profile(driver) as context:
        context.add_init_script(READY_OBSERVER)
        context.on("request", lambda request: fetched.append(request.url))
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        ready_ms = wait_ready(context, page)
        cold = Load(
            ready_ms,
            list(fetched),
            page.evaluate(MARKS),
            page.evaluate(BOOT),
        )
        page.wait_for_selector(SNAPSHOT_STORED, state="attached", timeout=LOAD_TIMEOUT_MS)
        cold.after_ready = list(fetched)
        page.close()
        return cold, visit(context, url)


def main_thread_blocking(browser: Browser, url: str, ready: bool) -> float:
    """Long-task time beyond 50 ms until ready (or, without a comparator, load + network idle),
    with the CPU slowed 4×."""
    context = new_context(browser)
    try:
        context.add_init_script(READY_OBSERVER + LONG_TASKS)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        # Both windows are read through CDP only: Playwright's page helpers would add their own
        # script compile and polling to the measured main thread (see wait_ready).
        page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS * 2)
        if ready:
            done = cdp_eval(cdp, f"Promise.race([window.__ready, {DEADLINE}])")
        else:
            page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
            done = cdp_eval(cdp, "performance.now()")
        # Long-task entries are delivered asynchronously: let the observer catch up, then count
        # the tasks that started inside the window (not those of the catch-up itself).
        cdp_eval(cdp, "new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
        return float(cdp_eval(cdp, f"({BLOCKING_UNTIL})({float(done)})"))
    finally:
        context.close()


def selection_changes(browser: Browser, url: str, changes: int) -> list[float]:
    """Toggle an add-on ``changes`` times; each time read the ms comparator.js measured
    (message to the worker, Python's update, the answer put into the page)."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(url, timeout=LOAD_TIMEOUT_MS)
        page.wait_for_selector('.comparator-mount[data-ready="1"]', timeout=LOAD_TIMEOUT_MS)
        boxes = ["ticketing", "extra_calendar", "extra_users", "white_label"]
        times = []
        for index in range(changes):
            before = page.evaluate("document.querySelector('.comparator-mount').dataset.updates")
            page.click(f'input[name="addons"][value="{boxes[index % len(boxes)]}"]')
            page.wait_for_function(
                "n => document.querySelector('.comparator-mount').dataset.updates !== n",
                arg=before,
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


def layout_shifts(browser: Browser, base: str, runs: int) -> dict[str, list[float]]:
    """Per language, the summed layout shift of ``runs`` phone loads (the first with Material's
    bundle answered after the first paint)."""
    return {
        lang: [
            phone_load_shifts(browser, base + path, hold_bundle=index == 0).total
            for index in range(runs)
        ]
        for lang, path in COMPARATOR_PAGES.items()
    }


def measure(
    runs: int, changes: int, blocking_runs: int, shift_runs: int
) -> tuple[list[Row], dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="bench-comparator-") as temp:
        site = build_site(Path(temp))
        add_bare_page(site)
        add_worker_page(site)
        with serve_site(site, ROOT / "netlify.toml") as base, chromium() as (driver, browser):
            # One discarded load of each warms the machine (its file cache), no browser cache.
            cold_load(driver, base + BARE_PAGE)
            cold_load(driver, base + COMPARATOR_PAGE)
            bare: list[float] = []
            loads: list[Load] = []
            warm: list[Load] = []
            alone: list[tuple[Load, Load]] = []
            for _ in range(runs):  # interleaved, so drift of the machine hits all alike
                bare.append(cold_load(driver, base + BARE_PAGE).ready_ms)
                first, second = cold_and_warm(driver, base + COMPARATOR_PAGE)
                loads.append(first)
                warm.append(second)
                alone.append(cold_and_warm(driver, base + WORKER_PAGE))
            blocking_page: list[float] = []
            blocking_article: list[float] = []
            for _ in range(blocking_runs):  # noisier than the rest on a shared machine
                blocking_article.append(main_thread_blocking(browser, base + ARTICLES[0], False))
                blocking_page.append(main_thread_blocking(browser, base + COMPARATOR_PAGE, True))
            updates = selection_changes(browser, base + COMPARATOR_PAGE, changes)
            shifts = layout_shifts(browser, base, shift_runs)
            article_pyodide, offending = article_bytes(browser, base)
        # The snapshot is only asked for once the page is ready (it may be in flight already
        # when the ready time is read): it is counted apart.
        page_sizes = {
            path: size
            for path, size in site_bytes(site, loads[-1].urls).items()
            if "/snapshot-" not in path
        }
        snapshot_sizes = site_bytes(site, loads[-1].urls + loads[-1].after_ready)

    page = [load.ready_ms for load in loads]
    warm_ms = [load.ready_ms for load in warm]
    bare_ms = statistics.median(bare)
    page_ms = statistics.median(page)
    warm_median = statistics.median(warm_ms)

    def phase(start: str, end: str, visits: list[Load] = loads) -> float:
        return statistics.median(load.marks[end] - load.marks[start] for load in visits)

    def go(load: Load) -> float:
        return load.marks.get("go", load.marks["worker-start"])

    def at(mark: str, visits: list[Load]) -> float:
        """When a mark was reached (a build without the mark: its worker's start)."""
        return statistics.median(load.marks.get(mark, go(load)) for load in visits)

    go_to_ready = statistics.median(load.marks["python-ready"] - go(load) for load in loads)

    ratio = page_ms / bare_ms
    warm_ratio = warm_median / page_ms
    alone_cold = [first.ready_ms for first, _ in alone]
    alone_warm = [second.ready_ms for _, second in alone]
    alone_ratio = statistics.median(alone_warm) / statistics.median(alone_cold)
    update_ms = statistics.median(updates)
    block_page = statistics.median(blocking_page)
    block_article = statistics.median(blocking_article)
    # An article that blocks less than one frame would make any ratio meaningless: floor it.
    block_ratio = block_page / max(block_article, 16.0)
    page_total = sum(page_sizes.values())
    page_pyodide = sum(size for path, size in page_sizes.items() if "/assets/pyodide/" in path)
    snapshot_bytes = sum(size for path, size in snapshot_sizes.items() if "/snapshot-" in path)

    rows = [
        Row(
            f"main-thread blocking, CPU 4× slower: ordinary article {ARTICLES[0]} (median of "
            f"{blocking_runs})",
            f"{block_article:.0f} ms ({min(blocking_article):.0f}–{max(blocking_article):.0f})",
            "reference",
            "",
        ),
        Row(
            "main-thread blocking, CPU 4× slower: comparator page, navigation to ready",
            f"{block_page:.0f} ms ({min(blocking_page):.0f}–{max(blocking_page):.0f})",
            "",
            "",
        ),
        Row(
            "blocking ratio comparator / article",
            f"{block_ratio:.2f}",
            "≤ 1.2",
            verdict(block_ratio <= 1.2),
        ),
        Row(
            f"(a) bare page, Pyodide ready in a module worker (median of {runs} cold loads)",
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
            "(b) of which: comparator.js runs / starts the worker / lets Pyodide start (ms after "
            "navigation); Pyodide start to Python ready; in the worker: Pyodide boot / "
            "comparator import / Comparator created",
            f"{at('script', loads):.0f} / {at('worker-start', loads):.0f} / "
            f"{at('go', loads):.0f} ms; "
            f"{go_to_ready:.0f} ms; "
            f"{phase('worker:boot', 'worker:pyodide'):.0f} / "
            f"{phase('worker:pyodide', 'worker:imported'):.0f} / "
            f"{phase('worker:imported', 'worker:created'):.0f} ms",
            "",
            "",
        ),
        Row("ratio b/a (cold)", f"{ratio:.2f}", "≤ 1.10", verdict(ratio <= 1.10)),
        Row(
            f"(c) comparator page, second visit (snapshot restored; median of {runs})",
            f"{warm_median:.0f} ms ({min(warm_ms):.0f}–{max(warm_ms):.0f}); booted from: "
            + ", ".join(sorted({load.boot for load in warm})),
            "",
            "",
        ),
        Row(
            "(c) of which: comparator.js runs / starts the worker (ms after navigation); worker "
            "start to Python ready; in the worker: Pyodide's module / snapshot restored; the "
            "kept snapshot read from Cache Storage (ms after the worker's start)",
            f"{at('script', warm):.0f} / {at('worker-start', warm):.0f} ms; "
            f"{phase('worker-start', 'python-ready', warm):.0f} ms; "
            f"{phase('worker:boot', 'worker:module', warm):.0f} / "
            f"{phase('worker:module', 'worker:pyodide', warm):.0f} ms; "
            f"{phase('worker:boot', 'worker:snapshot-read', warm):.0f} ms",
            "",
            "",
        ),
        Row("ratio c/b (warm / cold)", f"{warm_ratio:.2f}", "≤ 0.25", verdict(warm_ratio <= 0.25)),
        Row(
            f"(d) the comparator's worker alone on a bare page (no Material, no table): first "
            f"visit (plain boot) / second visit (snapshot restored; booted from: "
            f"{', '.join(sorted({second.boot for _, second in alone}))}), medians of {runs}",
            f"{statistics.median(alone_cold):.0f} ms ({min(alone_cold):.0f}–"
            f"{max(alone_cold):.0f}) / {statistics.median(alone_warm):.0f} ms "
            f"({min(alone_warm):.0f}–{max(alone_warm):.0f})",
            "reference",
            "",
        ),
        Row(
            "ratio (d) second / first: what Pyodide's restore costs against its plain boot, "
            "without the page",
            f"{alone_ratio:.2f}",
            "reference",
            "",
        ),
        Row(
            f"one selection change: to the worker, Python, HTML into the page "
            f"(median of {changes})",
            f"{update_ms:.1f} ms (max {max(updates):.1f})",
            "< 16 ms",
            verdict(update_ms < 16),
        ),
        *(
            Row(
                f"layout shift, comparator page ({lang}) on a phone: 390 px, CPU 4× slower, "
                f"network throttled; each of {len(values)} loads (the first with Material's "
                "bundle after the first paint), worst",
                ", ".join(f"{value:.3f}" for value in values) + f"; worst {max(values):.3f}",
                f"≤ {MAX_SHIFT} each",
                verdict(max(values) <= MAX_SHIFT),
            )
            for lang, values in shifts.items()
        ),
        Row(
            f"Pyodide bytes loaded by ordinary articles ({', '.join(ARTICLES)})",
            f"{article_pyodide} B",
            "0",
            verdict(article_pyodide == 0 and not offending),
        ),
        Row(
            "bytes the comparator page needs to be ready (all / of which Pyodide)",
            f"{mib(page_total)} / {mib(page_pyodide)}",
            "",
            "",
        ),
        Row(
            "snapshot fetched after the first visit was ready (gzip, not on the critical path)",
            mib(snapshot_bytes),
            "",
            "",
        ),
    ]
    raw = {
        "bare_ms": bare,
        "comparator_ms": page,
        "warm_ms": warm_ms,
        "warm_boot": [load.boot for load in warm],
        "cold_boot": [load.boot for load in loads],
        "warm_marks": [load.marks for load in warm],
        "worker_alone_cold_ms": alone_cold,
        "worker_alone_warm_ms": alone_warm,
        "comparator_marks": [load.marks for load in loads],
        "blocking_article_ms": blocking_article,
        "blocking_comparator_ms": blocking_page,
        "update_ms": updates,
        "layout_shift": shifts,
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
    parser.add_argument(
        "--blocking-runs", type=int, default=15, help="throttled loads per page (default 15)"
    )
    parser.add_argument(
        "--shift-runs", type=int, default=4, help="phone loads per language (default 4)"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())  # before we add our own
    rows, raw = measure(args.runs, args.changes, args.blocking_runs, args.shift_runs)
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
