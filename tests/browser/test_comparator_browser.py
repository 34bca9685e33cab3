"""The plan comparator in a real Chromium, against the built site served like Netlify serves it.

Every wait has its own timeout: a wrong MIME type makes Pyodide hang instead of failing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route

import comparator
from helpcenter.catalogue import load_catalogue
from helpcenter.comparator_assets import plans_json
from tests.support.browser import PageWatcher

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
COMPARE = {"nl": "/account/compare-plans/", "en": "/en/account/compare-plans/"}
PLANS = {"nl": "/account/plans/", "en": "/en/account/plans/"}
ARTICLES = ("/account/cancel/", "/faq/", "/en/account/cancel/", "/en/faq/")
READY = '.comparator-mount[data-ready="1"]'
FAILED_MESSAGE = {
    "nl": "De interactieve vergelijker kon niet laden; de tabel hieronder is volledig.",
    "en": "The interactive comparator could not load; the table below is complete.",
}
#: Pyodide cold start is ~3 s here; generous for a busy CI machine, short enough to fail a hang.
LOAD_MS = 45_000
STEP_MS = 5_000


@pytest.fixture(scope="module")
def catalogue() -> comparator.Catalogue:
    return comparator.Catalogue.from_json(plans_json(load_catalogue(ROOT / "plans.yaml").data))


@pytest.fixture(scope="module")
def plans_yaml() -> dict[str, Any]:
    """plans.yaml read independently of the build and the comparator."""
    data: dict[str, Any] = yaml.safe_load((ROOT / "plans.yaml").read_text(encoding="utf-8"))
    return data


def open_ready(context: BrowserContext, url: str) -> Page:
    """Open ``url`` and wait until comparator.js made the form live."""
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=STEP_MS * 3)
    page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
    return page


def plan_columns(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".comparator__table thead th[data-plan]", "cells => cells.map(c => c.dataset.plan)"
    )


def action_of(page: Page, plan: str) -> dict[str, str]:
    """The ``href`` and ``data-kind`` of the button in ``plan``'s column."""
    found: dict[str, str] | None = page.evaluate(
        """plan => {
            const heads = [...document.querySelectorAll('.comparator__table thead th')];
            const column = heads.findIndex(th => th.dataset.plan === plan);
            if (column < 0) return null;
            const cell = document.querySelectorAll('.comparator__table tfoot tr > *')[column];
            const link = cell && cell.querySelector('a');
            return link ? {href: link.getAttribute('href'), kind: link.dataset.kind} : null;
        }""",
        plan,
    )
    assert found is not None, f"no button for {plan}"
    return found


def query_of(page: Page) -> str:
    return urlsplit(page.url).query


# (a) ------------------------------------------------------------------------------------------


def test_static_table_is_complete_without_javascript(
    browser: Browser, site_url: str, catalogue: comparator.Catalogue
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + COMPARE["nl"], timeout=STEP_MS * 3)
        assert plan_columns(page) == ["lite", "starter", "pro", "enterprise"]
        assert page.locator(".comparator__table tbody th[scope=row]").count() > 3
        assert action_of(page, "starter")["href"] == comparator.checkout_url(
            catalogue, "starter", [], "nl"
        )
        form = page.locator("form.comparator__controls")
        assert (form.get_attribute("method") or "").lower() == "get"
        labels = page.eval_on_selector_all(
            'input[name="plans"]', "boxes => boxes.map(b => b.closest('label').innerText.trim())"
        )
        assert labels == ["Lite", "Starter", "Pro", "Enterprise"]
    finally:
        context.close()


def test_static_table_is_shown_while_python_loads(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    held: list[Route] = []
    # Pyodide's requests are held, never answered, while we look at the page.
    context.route("**/assets/pyodide/**", lambda route: held.append(route))
    page = context.new_page()
    page.goto(site_url + COMPARE["nl"], wait_until="domcontentloaded", timeout=STEP_MS * 3)
    page.wait_for_selector('.comparator-mount[data-state="loading"]', timeout=STEP_MS)
    assert page.is_visible(".comparator__table table")
    assert plan_columns(page) == ["lite", "starter", "pro", "enterprise"]
    assert page.inner_text(".comparator__progress") == "Vergelijker laden…"
    assert page.get_attribute(".comparator__progress", "role") == "status"
    assert held, "comparator.js did not ask for Pyodide"
    watcher.assert_clean()


# (b) ------------------------------------------------------------------------------------------


def test_changing_the_selection_updates_table_and_url(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    page = open_ready(context, site_url + COMPARE["en"])
    assert page.inner_text(".comparator__progress") in {"Ready", ""}
    history_length = page.evaluate("history.length")
    assert query_of(page) == ""  # a plain visit keeps its plain URL
    page.click('input[name="plans"][value="lite"]', timeout=STEP_MS)
    assert plan_columns(page) == ["starter", "pro", "enterprise"]
    assert query_of(page) == "plans=starter,pro,enterprise"
    page.click('input[name="addons"][value="ticketing"]', timeout=STEP_MS)
    page.click('input[name="diff"]', timeout=STEP_MS)
    page.select_option('select[name="currency"]', "USD", timeout=STEP_MS)
    assert query_of(page) == "plans=starter,pro,enterprise&addons=ticketing&diff=1&currency=USD"
    assert "(differences only)" in page.inner_text(".comparator__table caption")
    assert "$" in page.inner_text(".comparator__table")
    # Unchecking down to one plan: Python adds a neighbour back and says so; the box follows.
    page.click('input[name="plans"][value="starter"]', timeout=STEP_MS)
    page.click('input[name="plans"][value="pro"]', timeout=STEP_MS)
    assert len(plan_columns(page)) == 2
    assert "needs at least 2 plans" in page.inner_text(".comparator__notices")
    checked = page.eval_on_selector_all(
        'input[name="plans"]:checked', "boxes => boxes.map(b => b.value)"
    )
    assert checked == plan_columns(page)
    # The updates never navigate: replaceState, history not grown.
    assert page.evaluate("history.length") == history_length
    watcher.assert_clean()


# (c) (d) --------------------------------------------------------------------------------------


def test_choose_links_equal_the_cpython_links(
    context: BrowserContext,
    watcher: PageWatcher,
    site_url: str,
    catalogue: comparator.Catalogue,
    plans_yaml: dict[str, Any],
) -> None:
    page = open_ready(context, site_url + COMPARE["nl"])
    page.click('input[name="addons"][value="ticketing"]', timeout=STEP_MS)
    starter = action_of(page, "starter")
    assert starter == {
        "href": comparator.checkout_url(catalogue, "starter", ["ticketing"], "nl"),
        "kind": "checkout",
    }
    assert urlsplit(starter["href"]).hostname == urlsplit(plans_yaml["links"]["checkout"]).hostname
    enterprise = action_of(page, "enterprise")
    assert enterprise == {"href": plans_yaml["links"]["meeting"]["nl"], "kind": "meeting"}
    # The button really leads there: follow it (answered locally, nothing leaves the machine).
    context.route(
        plans_yaml["links"]["meeting"]["nl"],
        lambda route: route.fulfill(status=200, content_type="text/html", body="meeting"),
    )
    with page.expect_request(plans_yaml["links"]["meeting"]["nl"], timeout=STEP_MS):
        page.click('.comparator__table tfoot a[data-kind="meeting"]', timeout=STEP_MS)
    watcher.outside_requests.clear()  # the one followed link, answered by the route above
    watcher.assert_clean()


def test_english_enterprise_books_a_meeting(
    context: BrowserContext,
    watcher: PageWatcher,
    site_url: str,
    catalogue: comparator.Catalogue,
    plans_yaml: dict[str, Any],
) -> None:
    page = open_ready(
        context, site_url + COMPARE["en"] + "?plans=pro,enterprise&addons=white_label"
    )
    assert plan_columns(page) == ["pro", "enterprise"]
    assert action_of(page, "enterprise") == {
        "href": plans_yaml["links"]["meeting"]["en"],
        "kind": "meeting",
    }
    assert action_of(page, "pro")["href"] == comparator.checkout_url(
        catalogue, "pro", ["white_label"], "en"
    )
    watcher.assert_clean()


# (e) ------------------------------------------------------------------------------------------


def test_bogus_link_shows_the_polite_notice(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    dialogs: list[str] = []
    context.on("dialog", lambda dialog: dialogs.append(dialog.message))
    url = site_url + COMPARE["nl"] + "?plans=foo,<script>alert(1)</script>&addons=bar"
    page = open_ready(context, url)
    notices = page.inner_text(".comparator__notices")
    assert "Het plan “foo” bestaat niet" in notices
    assert "“<script>alert(1)</script>”" in notices  # shown as text
    assert "De add-on “bar” bestaat niet" in notices
    assert page.locator(".comparator__notices script, .comparator script").count() == 0
    assert page.get_attribute(".comparator__notices", "role") == "status"
    assert plan_columns(page) == ["lite", "starter", "pro", "enterprise"]
    assert query_of(page) == "plans=lite,starter,pro,enterprise"  # the bogus values are gone
    page.wait_for_timeout(200)
    assert dialogs == []
    watcher.assert_clean()


# (f) (g) --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_comparator_pages_load_clean(
    context: BrowserContext, watcher: PageWatcher, site_url: str, lang: str
) -> None:
    """No console error, page error, CSP violation or request to another host, on both pages."""
    hosts: set[str] = set()
    context.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    for path in (COMPARE[lang], PLANS[lang]):
        page = open_ready(context, site_url + path)
        assert page.get_attribute("html", "lang") == lang
        page.click('input[name="addons"][value="extra_users"]', timeout=STEP_MS)
        assert "addons=extra_users" in query_of(page)
        page.wait_for_timeout(100)
        page.close()
    assert hosts == {"127.0.0.1"}
    watcher.assert_clean()


# (h) ------------------------------------------------------------------------------------------


def test_articles_load_no_pyodide_and_no_comparator(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    requested: list[str] = []
    context.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page = context.new_page()
    for path in ARTICLES:
        page.goto(site_url + path, wait_until="networkidle", timeout=STEP_MS * 3)
        assert page.locator(".comparator-mount").count() == 0
    loaded = [p for p in requested if "/pyodide/" in p or "/comparator/" in p]
    assert loaded == []
    assert len(requested) > len(ARTICLES)  # the pages and their assets really loaded
    watcher.assert_clean()


# (i) ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "broken", "how"),
    [
        ("nl", "**/comparator-*.zip", "404"),
        ("en", "**/pyodide.mjs", "404"),
        ("nl", "**/pyodide.asm.wasm", "hang"),  # Pyodide never rejects: the deadline must hit
    ],
)
def test_load_failure_keeps_the_static_table(
    context: BrowserContext,
    watcher: PageWatcher,
    site_url: str,
    lang: str,
    broken: str,
    how: str,
) -> None:
    held: list[Route] = []
    if how == "404":
        context.route(broken, lambda route: route.fulfill(status=404, body="Not Found"))
    else:
        context.route(broken, lambda route: held.append(route))
        context.add_init_script("globalThis.TIMELY_COMPARATOR_TIMEOUT_MS = 1500;")
    page = context.new_page()
    page.goto(site_url + COMPARE[lang], wait_until="domcontentloaded", timeout=STEP_MS * 3)
    page.wait_for_selector('.comparator-mount[data-state="failed"]', timeout=LOAD_MS)
    assert page.inner_text(".comparator__progress") == FAILED_MESSAGE[lang]
    assert plan_columns(page) == ["lite", "starter", "pro", "enterprise"]
    assert page.is_visible(".comparator__submit")  # the static GET form still works
    assert page.get_attribute(".comparator-mount", "data-ready") is None
    # The browser itself reports the 404; nothing else may go wrong (no uncaught error).
    watcher.console_errors[:] = [e for e in watcher.console_errors if "404" not in e]
    watcher.assert_clean()


# (j) ------------------------------------------------------------------------------------------


def test_keyboard_reaches_and_toggles_the_plans(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    page = open_ready(context, site_url + COMPARE["nl"])
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('input[name=\"plans\"]')"):
            break
    else:
        pytest.fail("Tab never reached a plan checkbox")
    first = page.evaluate("document.activeElement.value")
    assert first == "lite"
    page.keyboard.press("Space")
    assert plan_columns(page) == ["starter", "pro", "enterprise"]
    assert query_of(page) == "plans=starter,pro,enterprise"
    page.keyboard.press("Space")
    assert plan_columns(page) == ["lite", "starter", "pro", "enterprise"]
    # Focus stays on the control (the form is never re-rendered), and it is visible.
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    watcher.assert_clean()


def test_requests_stay_on_the_local_server(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    """Everything a comparator page fetches, Pyodide included, comes from the site itself."""
    requests: list[Request] = []
    context.on("request", lambda request: requests.append(request))
    open_ready(context, site_url + COMPARE["nl"] + "?plans=starter,pro&addons=ticketing")
    fetched = {urlsplit(r.url).path for r in requests}
    assert any(p.endswith("/pyodide.asm.wasm") for p in fetched)
    assert any(re.search(r"/comparator-[0-9a-f]+\.zip$", p) for p in fetched)
    assert {urlsplit(r.url).netloc for r in requests} == {urlsplit(site_url).netloc}
    watcher.assert_clean()
