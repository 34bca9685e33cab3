"""A writer's save at 1,000 article pairs: save-to-refresh in ``make serve``, and the full build.

The project is the real one plus copies of the FAQ pair up to ``--pairs`` pairs (nav sections of
100 pages, each with its English title), a git checkout with one commit, as a clone is
(benchmarks/build.py builds it the same way). At this size a build takes minutes, so:

- *full / plain*: ``python -m helpcenter.build`` (``make build``'s command) against Material +
  mkdocs-static-i18n building the same Markdown with no ``helpcenter`` plugin (``make_plain``),
  interleaved, median of ``--runs``; no warm-up build (at this size a cold ``.cache/`` is well
  under 1 % of a build). Goal: at most 1.10.
- *save-to-refresh*: ``python -m helpcenter.serve`` (``make serve``'s command) serves the project.
  Each trial saves one article as editors do (a temporary file renamed over it) with a new
  sentence, alternately in its English and its Dutch twin, and times from the save until a GET
  of that page in that language (urllib, every 50 ms) contains the sentence. Goal: every trial
  at most 2 s. The trial then waits until the language's search index has the sentence too: the
  full rebuild has caught up (the fast path of ``make serve`` renders only the saved page and its
  twin; nav, home cards and search come with the full rebuild). A last trial changes an
  article's title and times it on the page itself and in another page's nav (Material renders
  the whole nav on every page). Then ``--browser-trials`` saves (alternately English and Dutch)
  are timed as a writer sees them: the article open in Chromium, from the save until the page,
  reloaded by MkDocs' live-reload script, contains the sentence. Trials never overlap: each
  starts once the last one's full rebuild is served.

Exits non-zero only when something fails to run (a build, the server, a wait past its
timeout); a missed goal is reported in the table.

    .venv/bin/python benchmarks/serve.py [--runs 1] [--trials 3] [--browser-trials 2] [--pairs 1000]
"""

from __future__ import annotations

import argparse
import functools
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# benchmarks/ is this script's folder, so its first entry on sys.path.
from build import (
    CPU_TIMES,
    FAQ_TITLES,
    add_faq_copies,
    commit,
    copy_inputs,
    make_plain,
    timed_build,
    write_table,
)

#: Save-to-refresh goal, seconds, for every trial.
REFRESH_GOAL = 2.0
#: Full build over plain build, at most.
BUILD_GOAL = 1.10
#: Pages per nav section (one home card each).
SECTION_SIZE = 100
#: Bounds of every wait, seconds: the server's first build, then each change to show.
START_TIMEOUT = 900.0
CHANGE_TIMEOUT = 300.0
#: Polling: the saved page as a writer's browser would see it; the slower signs of the full
#: rebuild (a 1 MB search index) less often, so polling does not slow the build it waits for.
PAGE_POLL = 0.05
CATCH_UP_POLL = 0.25


class Server:
    """``make serve``'s command on a free port, started in ``project`` and stopped on exit."""

    def __init__(self, project: Path, work: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        self.log = work / "serve.log"
        # The server's temporary site goes under `work` too, so nothing outlives the benchmark.
        (work / "tmp").mkdir()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(work / "tmp")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as timed_build: Python's default
        command = [sys.executable, "-m", "helpcenter.serve", "--dev-addr", f"127.0.0.1:{port}"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_: object) -> None:
        """Ctrl-C first, as a writer stops it (the server then removes its site), then harder."""
        interrupt = functools.partial(self.process.send_signal, signal.SIGINT)
        for stop in (interrupt, self.process.terminate, self.process.kill):
            if self.process.poll() is not None:
                return
            stop()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                continue

    def get(self, path: str) -> bytes | None:
        """The served bytes at ``path``, or None while it does not answer with them."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                body: bytes = response.read()
                return body
        except (OSError, http.client.HTTPException):  # refused, 404, reset during a swap
            return None

    def seconds_until(
        self, path: str, needle: str, since: float, timeout: float, poll: float
    ) -> float:
        """Seconds from ``since`` until ``path`` contains ``needle``; fails past ``timeout``."""
        while True:
            body = self.get(path)
            now = time.perf_counter()
            if body is not None and needle.encode() in body:
                return now - since
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped:\n{self.log_tail()}")
            if now - since > timeout:
                raise SystemExit(
                    f"/{path} did not show {needle!r} within {timeout:.0f} s:\n{self.log_tail()}"
                )
            time.sleep(poll)

    def log_tail(self) -> str:
        return "\n".join(self.log.read_text("utf-8", "replace").splitlines()[-30:])


def save(page: Path, text: str) -> float:
    """Save ``text`` as the page as editors do: a temporary file, renamed over the page.

    Returns when the save started, for the trial's clock."""
    if text == page.read_text(encoding="utf-8"):
        raise SystemExit(f"{page}: the benchmark's change changed nothing")
    started = time.perf_counter()
    temporary = page.with_name(f".{page.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, page)
    return started


def url_path(nav_path: str, lang: str) -> str:
    """``faq-7.md`` in ``lang``: Dutch at the root, English under ``en/``."""
    return ("" if lang == "nl" else "en/") + nav_path.removesuffix(".md") + "/"


def measure_saves(
    server: Server, docs: Path, pages: list[str], trials: int
) -> tuple[dict[str, list[float]], list[float], tuple[float, float]]:
    """Run the trials; return refresh seconds by language, catch-up seconds, and the title
    trial's (own page, other page's nav) seconds."""
    refresh: dict[str, list[float]] = {"en": [], "nl": []}
    caught_up: list[float] = []
    for trial in range(trials):
        lang = ("en", "nl")[trial % 2]
        page = pages[(trial * SECTION_SIZE + SECTION_SIZE // 2) % len(pages)]
        sentence = f"Benchmark edit {trial} {time.time_ns()}."
        # The page ends with a paragraph (the FAQ's last answer): the sentence joins it.
        path = docs / page.replace(".md", f".{lang}.md")
        since = save(path, f"{path.read_text(encoding='utf-8').rstrip()} {sentence}\n")
        shown = url_path(page, lang)
        refresh[lang].append(
            server.seconds_until(shown, sentence, since, CHANGE_TIMEOUT, PAGE_POLL)
        )
        index = ("" if lang == "nl" else "en/") + "search/search_index.json"
        caught_up.append(
            server.seconds_until(index, sentence, since, CHANGE_TIMEOUT, CATCH_UP_POLL)
        )
    # The title: the last article's English heading, seen on its page and in the first one's nav.
    page, other = pages[-1], pages[0]
    title = FAQ_TITLES["en"].strip() + f" {len(pages) - 1}"
    new_title = f"{title} retitled {time.time_ns()}"
    path = docs / page.replace(".md", ".en.md")
    since = save(path, path.read_text(encoding="utf-8").replace(f"{title}\n", f"{new_title}\n"))
    needle = new_title.removeprefix("# ")
    own = server.seconds_until(url_path(page, "en"), needle, since, CHANGE_TIMEOUT, PAGE_POLL)
    nav = server.seconds_until(url_path(other, "en"), needle, since, CHANGE_TIMEOUT, CATCH_UP_POLL)
    return refresh, caught_up, (own, nav)


def browser_saves(
    server: Server, docs: Path, pages: list[str], trials: int
) -> dict[str, list[float]]:
    """Save-to-refresh as a writer sees it: the article open in Chromium, which MkDocs' live
    reload script reloads once the server has the saved page. Seconds by language, from the
    save until the open page's document contains the sentence; each trial then waits for the
    full rebuild, as the other trials do."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch_chromium, new_context

    shown: dict[str, list[float]] = {"en": [], "nl": []}
    with sync_playwright() as driver:
        browser = launch_chromium(driver)
        try:
            tab = new_context(browser).new_page()
            for trial in range(trials):
                lang = ("en", "nl")[trial % 2]
                page = pages[(trial * SECTION_SIZE + SECTION_SIZE // 4) % len(pages)]
                tab.goto(server.url + url_path(page, lang), wait_until="load")
                time.sleep(1)  # the live-reload script starts its long poll after the load
                sentence = f"Browser edit {trial} {time.time_ns()}."
                path = docs / page.replace(".md", f".{lang}.md")
                since = save(path, f"{path.read_text(encoding='utf-8').rstrip()} {sentence}\n")
                while True:
                    try:
                        found = tab.evaluate(
                            "s => document.documentElement.textContent.includes(s)", sentence
                        )
                    except PlaywrightError:  # the page is reloading
                        found = False
                    now = time.perf_counter()
                    if found:
                        shown[lang].append(now - since)
                        break
                    if now - since > CHANGE_TIMEOUT:
                        raise SystemExit(f"the open page never showed {sentence!r}")
                    time.sleep(PAGE_POLL)
                index = ("" if lang == "nl" else "en/") + "search/search_index.json"
                server.seconds_until(index, sentence, since, CHANGE_TIMEOUT, CATCH_UP_POLL)
        finally:
            browser.close()
    return shown


def spread(values: list[float]) -> str:
    """Median, with the range when there is more than one value."""
    text = f"{statistics.median(values):.2f} s"
    return text + (f" ({min(values):.2f}–{max(values):.2f})" if len(values) > 1 else "")


#: A table row: figure, value, goal, and whether it is met (None: nothing to meet).
Row = tuple[str, str, str, bool | None]


def rows(
    pairs: int,
    builds: dict[str, list[float]],
    first: float,
    refresh: dict[str, list[float]],
    caught_up: list[float],
    title: tuple[float, float],
    browser: dict[str, list[float]],
) -> list[Row]:
    """The table's rows: the build ratio and every save-to-refresh figure against its goal."""
    full, plain = (statistics.median(builds[name]) for name in ("full", "plain"))
    goal = f"≤ {REFRESH_GOAL:.0f} s"
    worst = max([*refresh["en"], *refresh["nl"], title[0], *browser["en"], *browser["nl"]])
    return [
        (f"full build, {pairs} pairs (`python -m helpcenter.build`)", f"{full:.1f} s", "", None),
        ("plain Material + i18n build (same Markdown)", f"{plain:.1f} s", "baseline", None),
        ("full / plain", f"{full / plain:.3f}", f"≤ {BUILD_GOAL:.2f}", full / plain <= BUILD_GOAL),
        ("`make serve`: start until the first page answers", f"{first:.1f} s", "reported", None),
        *(
            (
                f"save-to-refresh: a sentence saved in the {name} twin, its page "
                f"(n = {len(refresh[lang])})",
                spread(refresh[lang]),
                goal,
                max(refresh[lang]) <= REFRESH_GOAL,
            )
            for lang, name in (("en", "English"), ("nl", "Dutch"))
            if refresh[lang]
        ),
        *(
            (
                f"save-to-refresh in Chromium (the open page reloads itself): a sentence saved "
                f"in the {name} twin (n = {len(browser[lang])})",
                spread(browser[lang]),
                goal,
                max(browser[lang]) <= REFRESH_GOAL,
            )
            for lang, name in (("en", "English"), ("nl", "Dutch"))
            if browser[lang]
        ),
        (
            "save-to-refresh: a title saved, its page",
            f"{title[0]:.2f} s",
            goal,
            title[0] <= REFRESH_GOAL,
        ),
        ("save-to-refresh, worst of all trials", f"{worst:.2f} s", goal, worst <= REFRESH_GOAL),
        ("full rebuild served: the sentence in search", spread(caught_up), "reported", None),
        ("full rebuild served: the title in another page's nav", f"{title[1]:.2f} s", "", None),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="builds of each kind (~80 s each)")
    parser.add_argument("--trials", type=int, default=3, help="saves, alternately en and nl")
    parser.add_argument("--pairs", type=int, default=1000, help="article pairs in the project")
    parser.add_argument(
        "--browser-trials", type=int, default=2, help="saves seen in Chromium, en and nl"
    )
    args = parser.parse_args(argv)
    load_before = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        work = Path(tmp)
        full = copy_inputs(work / "full")
        existing = sum(1 for _ in (full / "docs").rglob("*.nl.md"))
        pages = add_faq_copies(full, args.pairs - existing, SECTION_SIZE)
        plain = make_plain(full, work / "plain")
        for project in (full, plain):
            commit(project)
        builds: dict[str, list[float]] = {"full": [], "plain": []}
        for _ in range(args.runs):
            builds["full"].append(timed_build(full))
            builds["plain"].append(timed_build(plain, real=False))
        started = time.perf_counter()
        with Server(full, work) as server:
            # A page of the first good build (before it, every address answers 404).
            heading = FAQ_TITLES["nl"].strip().removeprefix("# ") + " 0"
            first_page = url_path(pages[0], "nl")
            first = server.seconds_until(first_page, heading, started, START_TIMEOUT, 0.5)
            time.sleep(2)  # the file watcher takes its first look at docs/ once serving
            refresh, caught_up, title = measure_saves(server, full / "docs", pages, args.trials)
            browser = browser_saves(server, full / "docs", pages, args.browser_trials)
        cpu = {
            name: statistics.median(CPU_TIMES[p]) for name, p in (("full", full), ("plain", plain))
        }
    table = [
        f"Serve benchmark, {args.pairs} article pairs: builds median of {args.runs}, interleaved; "
        f"{args.trials} saves and 1 title change over HTTP, {args.browser_trials} saves seen in "
        "Chromium; one machine, one run.",
        "",
        "| figure | value | goal | result |",
        "| --- | ---: | --- | --- |",
        *(
            f"| {figure} | {value} | {goal} | {'' if met is None else 'pass' if met else 'miss'} |"
            for figure, value, goal, met in rows(
                args.pairs, builds, first, refresh, caught_up, title, browser
            )
        ),
        "",
        f"CPU time of the builds (user + system, children included; medians): full "
        f"{cpu['full']:.1f} s, plain {cpu['plain']:.1f} s ({cpu['full'] / cpu['plain']:.2f}).",
    ]
    write_table("serve", table, load_before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
