"""The live comparator in Chromium shows the totals and links worked out by hand.

Runs against the site built from the small test catalogue (tests/small/plans.yaml, figures in
tests/small/expected.py), so a wrong total or checkout link in the browser fails here even when
the build-time comparator makes the same mistake. Also: the comparator keeps a reader's other
query parameters (utm_source…) when it rewrites the URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.small.expected import CASES, Case
from tests.small.reading import columns
from tests.support.browser import PageWatcher, new_context, updates_done, wait_for_update

pytestmark = pytest.mark.browser

COMPARE = {"nl": "/account/compare-plans/", "en": "/en/account/compare-plans/"}
READY = '.comparator-mount[data-state="ready"]'
LOAD_MS = 45_000


@pytest.fixture(scope="module")
def context(browser: Browser) -> Iterator[BrowserContext]:
    """One context for the module: these tests are about figures, not cold loads, and a warm
    cache saves a Pyodide download per test."""
    shared = new_context(browser)
    yield shared
    shared.close()


@pytest.fixture(scope="module")
def watcher(context: BrowserContext) -> PageWatcher:
    return PageWatcher(context)


def open_ready(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
    return page


def shown_columns(page: Page) -> dict[str, object]:
    return dict(columns(page.inner_html(".comparator__table")))


def click_and_wait(page: Page, selector: str) -> None:
    """Click a control and wait for the comparator's own "update applied" signal."""
    before = updates_done(page)
    page.click(selector)
    wait_for_update(page, before)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.lang}:{case.query or 'all'}")
def test_a_pasted_link_shows_the_hand_worked_totals_and_links(
    context: BrowserContext, watcher: PageWatcher, small_site_url: str, case: Case
) -> None:
    query = f"?{case.query}" if case.query else ""
    page = open_ready(context, small_site_url + COMPARE[case.lang] + query)
    assert shown_columns(page) == case.columns
    watcher.assert_clean()


def test_choosing_an_addon_updates_totals_links_and_url(
    context: BrowserContext, watcher: PageWatcher, small_site_url: str
) -> None:
    """Starting from Starter and Pro, ticking "Extra kalender" gives the second hand-worked case."""
    case = CASES[1]
    page = open_ready(context, small_site_url + COMPARE["nl"] + "?plans=starter,pro")
    click_and_wait(page, 'input[name="addons"][value="extra_calendar"]')
    assert shown_columns(page) == case.columns
    assert urlsplit(page.url).query == case.query
    watcher.assert_clean()


@pytest.mark.parametrize(
    "start",
    [
        "?utm_source=news%20letter&plans=starter,pro&utm_campaign=spring#compare",
        "?utm_source=news%20letter&utm_campaign=spring#compare",  # no comparator key at all
    ],
)
def test_the_readers_other_query_parameters_survive_an_update(
    context: BrowserContext, watcher: PageWatcher, small_site_url: str, start: str
) -> None:
    page = open_ready(context, small_site_url + COMPARE["nl"] + start)
    click_and_wait(page, 'input[name="addons"][value="extra_calendar"]')
    url = urlsplit(page.url)
    params = parse_qsl(url.query)
    assert ("utm_source", "news letter") in params
    assert ("utm_campaign", "spring") in params
    assert ("addons", "extra_calendar") in params
    assert url.fragment == "compare"
    watcher.assert_clean()
