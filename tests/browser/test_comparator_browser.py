"""The plan comparator in a real Chromium, against the built site served like Netlify serves it.

Every wait has its own timeout: a wrong MIME type makes Pyodide hang instead of failing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route

import comparator
from core.catalogue import Catalogue
from helpcenter.catalogue import load_catalogue
from helpcenter.comparator_assets import plans_json
from tests.support.browser import PageWatcher, settle
from tests.support.project import LANGUAGES, WORDS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
COMPARE = {"nl": "/account/compare-plans/", "en": "/en/account/compare-plans/"}
ARTICLES = ("/account/cancel/", "/faq/", "/en/account/cancel/", "/en/faq/")
READY = '.comparator-mount[data-ready="1"]'
PENDING_MESSAGE = {
    "nl": "Vergelijker laden… Uw keuze wordt toegepast zodra hij klaar is.",
    "en": "Loading the comparator… Your choice is applied as soon as it is ready.",
}
SAVE_DATA_MESSAGE = {
    "nl": "Databesparing staat aan: de vergelijker laadt pas als u iets kiest. "
    "De tabel hieronder is volledig.",
    "en": "Data Saver is on: the comparator loads only when you make a choice. "
    "The table below is complete.",
}
#: Controls a reader could operate, when shown (links excluded: they always work).
VISIBLE_CONTROLS = """() => [...document.querySelectorAll(
    '.comparator-mount :is(input, select, button, textarea)')]
  .filter(el => el.checkVisibility()).map(el => el.outerHTML)"""
#: Pyodide cold start is ~3 s here; generous for a busy CI machine, short enough to fail a hang.
LOAD_MS = 45_000
STEP_MS = 5_000


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.from_json(plans_json(load_catalogue(ROOT / "plans.yaml", WORDS).data, WORDS))


@pytest.fixture(scope="module")
def plans_yaml() -> dict[str, Any]:
    """plans.yaml read independently of the build and the comparator."""
    # `!sample` marks values no source confirms; PyYAML does not know the tag, and it does not
    # change the value.
    text = re.sub(r" ?!sample", "", (ROOT / "plans.yaml").read_text(encoding="utf-8"))
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def open_ready(context: BrowserContext, url: str) -> Page:
    """Open ``url`` and wait until comparator.js made the form live."""
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=STEP_MS * 3)
    page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
    return page


def updates(page: Page) -> int:
    return int(page.get_attribute(".comparator-mount", "data-updates") or 0)


def change(page: Page, selector: str, value: str | None = None) -> None:
    """Click (or select ``value`` in) a control and wait until Python's answer is in the page."""
    before = updates(page)
    if value is None:
        page.click(selector, timeout=STEP_MS)
    else:
        page.select_option(selector, value, timeout=STEP_MS)
    page.wait_for_selector(
        f'.comparator-mount[data-updates="{before + 1}"]', state="attached", timeout=STEP_MS
    )


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
            const cell = document.querySelectorAll('.comparator__offers > *')[column];
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
    browser: Browser, site_url: str, catalogue: Catalogue
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
        assert action_of(page, "enterprise")["kind"] == "meeting"
        # A static host answers the form's GET with the same default table: no control that
        # cannot work is shown, the table (with its buttons) is the page.
        assert page.evaluate(VISIBLE_CONTROLS) == []
        assert page.locator(".comparator__offers a[data-plan]").count() == 4
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


def test_the_ready_message_goes_and_the_line_keeps_its_place(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    page = context.new_page()
    page.goto(site_url + COMPARE["en"], wait_until="domcontentloaded", timeout=STEP_MS * 3)
    place = "() => document.querySelector('.comparator__table').getBoundingClientRect().top"
    loading = page.evaluate(place)
    page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
    # "Ready" is said for a moment, then the line is emptied: it keeps its height, so neither
    # its words nor their going move the table.
    page.wait_for_function(
        "() => document.querySelector('.comparator__progress').textContent === ''",
        timeout=STEP_MS,
    )
    assert page.evaluate(place) == loading
    assert (
        page.evaluate(
            "() => document.querySelector('.comparator__progress').getBoundingClientRect().height"
        )
        > 10
    )
    watcher.assert_clean()


# (b) ------------------------------------------------------------------------------------------


def test_changing_the_selection_updates_table_and_url(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    page = open_ready(context, site_url + COMPARE["en"])
    assert page.inner_text(".comparator__progress") in {"Ready", ""}
    history_length = page.evaluate("history.length")
    assert query_of(page) == ""  # a plain visit keeps its plain URL
    change(page, 'input[name="plans"][value="lite"]')
    assert plan_columns(page) == ["starter", "pro", "enterprise"]
    assert query_of(page) == "plans=starter,pro,enterprise"
    change(page, 'input[name="addons"][value="ticketing"]')
    change(page, 'input[name="diff"]')
    change(page, 'select[name="currency"]', "USD")
    assert query_of(page) == "plans=starter,pro,enterprise&addons=ticketing&diff=1&currency=USD"
    assert "(differences only)" in page.inner_text(".comparator__table caption")
    assert "$" in page.inner_text(".comparator__table")
    # Unchecking down to one plan: Python adds a neighbour back and says so; the box follows.
    change(page, 'input[name="plans"][value="starter"]')
    change(page, 'input[name="plans"][value="pro"]')
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
    catalogue: Catalogue,
    plans_yaml: dict[str, Any],
) -> None:
    page = open_ready(context, site_url + COMPARE["nl"])
    change(page, 'input[name="addons"][value="ticketing"]')
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
        page.click('.comparator__offers a[data-kind="meeting"]', timeout=STEP_MS)
    watcher.outside_requests.clear()  # the one followed link, answered by the route above
    watcher.assert_clean()


def test_english_enterprise_books_a_meeting(
    context: BrowserContext,
    watcher: PageWatcher,
    site_url: str,
    catalogue: Catalogue,
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
    assert "Het abonnement “foo” bestaat niet" in notices
    assert "“<script>alert(1)</script>”" in notices  # shown as text
    assert "De add-on “bar” bestaat niet" in notices
    assert page.locator(".comparator__notices script, .comparator script").count() == 0
    assert page.get_attribute(".comparator__notices", "role") == "status"
    assert plan_columns(page) == ["lite", "starter", "pro", "enterprise"]
    assert query_of(page) == "plans=lite,starter,pro,enterprise"  # the bogus values are gone
    settle(page)
    assert dialogs == []
    watcher.assert_clean()


# (f) (g) --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_comparator_pages_load_clean(
    context: BrowserContext, watcher: PageWatcher, site_url: str, lang: str
) -> None:
    """No console error, page error, CSP violation or request to another host, on both pages."""
    hosts: set[str] = set()
    context.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    for path in (COMPARE[lang],):
        page = open_ready(context, site_url + path)
        assert page.get_attribute("html", "lang") == lang
        change(page, 'input[name="addons"][value="extra_users"]')
        assert "addons=extra_users" in query_of(page)
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
    assert page.inner_text(".comparator__progress") == WORDS[lang]("comparator.progress_failed")
    assert plan_columns(page) == ["lite", "starter", "pro", "enterprise"]
    assert action_of(page, "starter")["kind"] == "checkout"  # the static buttons still work
    assert page.evaluate(VISIBLE_CONTROLS) == []  # and no control that would do nothing
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
    before = updates(page)
    page.keyboard.press("Space")
    page.wait_for_selector(f'.comparator-mount[data-updates="{before + 1}"]', timeout=STEP_MS)
    assert plan_columns(page) == ["starter", "pro", "enterprise"]
    assert query_of(page) == "plans=starter,pro,enterprise"
    page.keyboard.press("Space")
    page.wait_for_selector(f'.comparator-mount[data-updates="{before + 2}"]', timeout=STEP_MS)
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
    # The build's standard library (hot modules precompiled), not Pyodide's sources-only zip.
    assert any(
        re.search(r"/assets/pyodide/[^/]+/python_stdlib-[0-9a-f]{12}\.zip$", p) for p in fetched
    )
    assert not any(p.endswith("/python_stdlib.zip") for p in fetched)
    assert any(re.search(r"/comparator-[0-9a-f]+\.zip$", p) for p in fetched)
    assert {urlsplit(r.url).netloc for r in requests} == {urlsplit(site_url).netloc}
    watcher.assert_clean()


# Issue 12: Python in a worker, usable at once, a table that fits, snapshots -----------------


def test_a_choice_made_while_python_loads_is_applied_when_it_is_ready(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    """The reader ticks an add-on right after load; Python is held back until then."""
    held: list[Route] = []
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page = context.new_page()
    page.goto(site_url + COMPARE["en"] + "?utm_source=mail", wait_until="load")
    page.wait_for_selector('.comparator-mount[data-state="loading"]', timeout=STEP_MS)
    # The control responds at once (the page's main thread is free) ...
    page.click('input[name="addons"][value="white_label"]', timeout=STEP_MS)
    assert page.is_checked('input[name="addons"][value="white_label"]')
    assert page.inner_text(".comparator__progress") == PENDING_MESSAGE["en"]
    assert page.locator('tr[data-addon="white_label"]').count() == 0  # not applied yet
    page.wait_for_function("n => n > 0", arg=len(held), timeout=STEP_MS)  # Python is waiting
    for route in held:
        route.continue_()
    held.clear()
    context.unroute("**/pyodide.asm.wasm")
    # ... and the choice is applied, once, as soon as Python is ready.
    page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
    assert page.get_attribute(".comparator-mount", "data-updates") == "1"
    assert page.locator('tr[data-addon="white_label"]').count() == 1
    assert query_of(page) == "plans=lite,starter,pro,enterprise&addons=white_label&utm_source=mail"
    assert "white_label" in action_of(page, "pro")["href"]
    assert page.is_checked('input[name="addons"][value="white_label"]')
    watcher.assert_clean()


def test_save_data_starts_python_on_the_first_interaction(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    context.add_init_script(
        "Object.defineProperty(navigator, 'connection',"
        " {value: {saveData: true, effectiveType: '4g'}, configurable: true});"
    )
    requested: list[str] = []
    context.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page = context.new_page()
    page.goto(site_url + COMPARE["nl"], wait_until="networkidle")
    assert page.get_attribute(".comparator-mount", "data-state") == "save-data"
    assert page.inner_text(".comparator__progress") == SAVE_DATA_MESSAGE["nl"]
    assert not [p for p in requested if "/assets/pyodide/" in p]
    assert any(re.search(r"/comparator-[0-9a-f]{12}\.js$", p) for p in requested)  # it ran
    # The first choice starts Python and is applied when it is ready.
    page.click('input[name="plans"][value="lite"]', timeout=STEP_MS)
    page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
    assert plan_columns(page) == ["starter", "pro", "enterprise"]
    assert any(p.endswith("/pyodide.asm.wasm") for p in requested)
    # Under Save-Data the snapshot for later visits is never fetched.
    page.wait_for_load_state("networkidle")
    assert not [p for p in requested if "/snapshot-" in p]
    watcher.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_level_horizontal_scroll(
    context: BrowserContext, watcher: PageWatcher, site_url: str, lang: str, width: int
) -> None:
    # A reader of the page's language: one who chose it, so no offer of another language
    # (fixed at the bottom of the window, language.js) lies over the table.
    context.add_init_script(
        f"if (location.protocol.startsWith('http')) "
        f"localStorage.setItem('hc-language-choice', '{lang}')"
    )
    page = open_ready(context, site_url + COMPARE[lang])
    page.set_viewport_size({"width": width, "height": 800})
    page.wait_for_function("w => window.innerWidth === w", arg=width, timeout=STEP_MS)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Every plan's name, price and button can be reached and is really on top where it is
    # (not under the sticky feature column): a phone has them in the plan cards, a wide
    # screen at the top of the table's columns.
    offer = ".comparator__card" if width < 720 else ".comparator__offers"
    for plan in plan_columns(page):
        for what in (f'{offer} a[data-plan="{plan}"]', f'th[data-plan="{plan}"]'):
            element = page.locator(what)
            element.scroll_into_view_if_needed(timeout=STEP_MS)
            assert on_top(page, what), f"{what} is covered at {width} px"
    assert page.evaluate("window.scrollX") == 0
    watcher.assert_clean()


def on_top(page: Page, selector: str) -> bool:
    """Whether the element's centre is inside the viewport and the element itself is hit there."""
    return bool(
        page.evaluate(
            """selector => {
                const el = document.querySelector(selector);
                const r = el.getBoundingClientRect();
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
                const hit = document.elementFromPoint(x, y);
                return hit === el || el.contains(hit);
            }""",
            selector,
        )
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_at_1280_every_price_and_button_is_visible_without_sideways_scroll(
    context: BrowserContext, watcher: PageWatcher, site_url: str, lang: str
) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + COMPARE[lang], wait_until="domcontentloaded")
    page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
    box = page.locator(".comparator__table")
    box.scroll_into_view_if_needed(timeout=STEP_MS)
    assert page.evaluate("el => el.scrollWidth <= el.clientWidth", box.element_handle())
    plans = plan_columns(page)
    assert plans == ["lite", "starter", "pro", "enterprise"]
    for plan in plans:
        column = plans.index(plan) + 1
        price = f".comparator__offers > :nth-child({column + 1}) .comparator__offer-price"
        for selector in (price, f'.comparator__offers a[data-plan="{plan}"]'):
            assert on_top(page, selector), f"{selector} is not visible at 1280 px"
    watcher.assert_clean()


def test_later_visits_restore_the_snapshot_and_fall_back_when_it_is_broken(
    context: BrowserContext, watcher: PageWatcher, site_url: str, catalogue: Catalogue
) -> None:
    first = open_ready(context, site_url + COMPARE["nl"])
    assert first.get_attribute(".comparator-mount", "data-boot") == "plain"
    # After the first visit is ready, the snapshot is kept for the next one.
    first.wait_for_selector(
        '.comparator-mount[data-snapshot="stored"]', state="attached", timeout=LOAD_MS
    )
    assert kept_snapshots(first) == 1
    requests: list[Request] = []
    context.on("request", lambda request: requests.append(request))
    second = open_ready(context, site_url + COMPARE["en"] + "?plans=starter,pro")
    assert second.get_attribute(".comparator-mount", "data-boot") == "snapshot"
    # Restored against the standard library it was made with (the page's stdlib URL).
    stdlib = second.get_attribute(".comparator-mount", "data-stdlib-url") or "?"
    restored_with = {urlsplit(r.url).path for r in requests if r.url.endswith(".zip")}
    assert restored_with == {urlsplit(urljoin(second.url, stdlib)).path}, restored_with
    change(second, 'input[name="addons"][value="ticketing"]')
    assert action_of(second, "starter")["href"] == comparator.checkout_url(
        catalogue, "starter", ["ticketing"], "en"
    )
    # A broken snapshot (here: garbage where the snapshot was) means a plain boot, not a failure.
    second.evaluate(
        """async () => {
            const [name] = (await caches.keys()).filter(n => n.startsWith('timely-comparator-'));
            const cache = await caches.open(name);
            const [key] = await cache.keys();
            await cache.put(key, new Response(new Uint8Array(4096).fill(7)));
        }"""
    )
    third = open_ready(context, site_url + COMPARE["nl"])
    assert third.get_attribute(".comparator-mount", "data-boot") == "plain"
    change(third, 'input[name="plans"][value="lite"]')
    assert plan_columns(third) == ["starter", "pro", "enterprise"]
    watcher.assert_clean()


#: The entries in the worker's snapshot caches (every format's).
KEPT_SNAPSHOTS = """async () => {
    let count = 0;
    for (const name of await caches.keys()) {
        if (name.startsWith('timely-comparator-snapshot')) {
            count += (await (await caches.open(name)).keys()).length;
        }
    }
    return count;
}"""


def kept_snapshots(page: Page) -> int:
    return int(page.evaluate(KEPT_SNAPSHOTS))


#: When the page let Pyodide start (its "go"), when the worker got it (null: it did not wait)
#: and when it called loadPyodide(), against the page's own milestones (ms since navigation).
START_TIMES = """() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const go = performance.getEntriesByName('comparator:go')[0];
    const ready = performance.getEntriesByName('comparator:python-ready')[0];
    return {start: go.startTime, waited: ready.detail.go ?? null, loading: ready.detail.module,
            parsed: nav.domInteractive};
}"""


def test_a_first_visit_starts_python_after_the_page_a_later_one_before_it(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    """Pyodide's compile would compete with the page's own start-up on a phone's few cores: a
    first visit starts Pyodide once the page is parsed and Material's bundle has run, its files
    downloaded before; a visit with a stored snapshot restores it at once, without waiting for
    the page."""
    first = open_ready(context, site_url + COMPARE["en"])
    times = first.evaluate(START_TIMES)
    assert times["loading"] >= times["waited"] >= times["start"] >= times["parsed"] > 0, times
    first.wait_for_selector(
        '.comparator-mount[data-snapshot="stored"]', state="attached", timeout=LOAD_MS
    )
    second = open_ready(context, site_url + COMPARE["nl"])
    assert second.get_attribute(".comparator-mount", "data-boot") == "snapshot"
    times = second.evaluate(START_TIMES)
    assert times["waited"] is None, times
    watcher.assert_clean()


def test_a_snapshot_kept_by_an_earlier_version_is_not_used_and_is_dropped(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    """Versions of this site before the kept snapshot was packed kept it whole, under the same
    URL in a cache of another name: such an entry is not restored (no warning: nothing is
    wrong), and it is deleted when the new one is kept."""
    warnings: list[str] = []
    context.on(
        "console", lambda m: warnings.append(m.text) if m.type in ("warning", "error") else None
    )
    page = context.new_page()
    page.goto(site_url + "/faq/", wait_until="domcontentloaded")
    html = page.evaluate("fetch('/account/compare-plans/').then(r => r.text())")
    snapshot = re.search(r'data-snapshot-url="(?:\.\./)*(assets/comparator/[^"]+)"', html)
    assert snapshot is not None
    page.evaluate(
        """async url => (await caches.open('timely-comparator-snapshot'))
            .put(url, new Response(new Uint8Array(8192).fill(7)))""",
        f"{site_url}/{snapshot.group(1)}",
    )
    assert kept_snapshots(page) == 1
    page.close()
    visit = open_ready(context, site_url + COMPARE["nl"])
    assert visit.get_attribute(".comparator-mount", "data-boot") == "plain"
    change(visit, 'input[name="plans"][value="lite"]')
    assert plan_columns(visit) == ["starter", "pro", "enterprise"]
    visit.wait_for_selector(
        '.comparator-mount[data-snapshot="stored"]', state="attached", timeout=LOAD_MS
    )
    assert not visit.evaluate("caches.has('timely-comparator-snapshot')")
    assert kept_snapshots(visit) == 1
    assert not [w for w in warnings if "Timely comparator" in w], warnings
    watcher.assert_clean()
