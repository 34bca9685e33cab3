"""The comparator on a phone: it holds still while it loads, and every plan fits the screen.

Layout shift is measured in real loads at 390 px with the CPU slowed 4× and the network
throttled (tests/support/layout_shift.py, shared with benchmarks/comparator.py); one load of
each language answers Material's bundle only after the first paint, the order in which a slow
phone may run it (Lighthouse measured 0.25-0.29 for that before the fix).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.support.browser import PageWatcher, new_context, updates_done, wait_for_update
from tests.support.layout_shift import PHONE, phone_load_shifts

pytestmark = pytest.mark.browser

COMPARE = {"nl": "/account/compare-plans/", "en": "/en/account/compare-plans/"}
READY = '.comparator-mount[data-ready="1"]'
LOAD_MS = 45_000
#: Google's "good" CLS is ≤ 0.1; the issue asks for ≤ 0.05 in every load.
MAX_SHIFT = 0.05
#: Each selected plan's name, price and button in its card, and whether each is within the
#: viewport horizontally and shown; also the page's own width and whether the table's price
#: row is shown (it must not be: a phone meets the cards, never both).
PLAN_PARTS = """() => {
  const inView = (el) => {
    const r = el.getBoundingClientRect();
    return el.checkVisibility() && r.width > 0 && r.left >= 0 && r.right <= innerWidth;
  };
  const plans = [...document.querySelectorAll('.comparator__grid thead th[data-plan]')]
    .map((th) => th.dataset.plan);
  return {
    pageWidth: document.documentElement.scrollWidth,
    comparatorRight: document.querySelector('.comparator-mount').getBoundingClientRect().right,
    viewport: innerWidth,
    priceRowShown: document.querySelector('.comparator__offers').checkVisibility(),
    plans: plans.map((plan) => {
      const card = document.querySelector(`.comparator__card[data-plan="${plan}"]`);
      const parts = {
        name: card && card.querySelector('.comparator__card-name'),
        price: card && card.querySelector('.comparator__card-price'),
        button: card && card.querySelector(`a[data-plan="${plan}"]`),
      };
      return {plan, ...Object.fromEntries(Object.entries(parts).map(
        ([what, el]) => [what, Boolean(el) && inView(el)]))};
    }),
  };
}"""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_layout_shift_on_a_throttled_phone(browser: Browser, site_url: str, lang: str) -> None:
    url = site_url + COMPARE[lang]
    loads = [phone_load_shifts(browser, url, hold_bundle=True)]
    loads += [phone_load_shifts(browser, url) for _ in range(2)]
    worst = max(load.total for load in loads)
    assert worst <= MAX_SHIFT, "\n".join(
        f"load {number}: {load.total:.3f}: {load.describe()}"
        for number, load in enumerate(loads, 1)
    )


def assert_every_plan_fits(page: Page, plans: list[str], whole_page: bool = True) -> None:
    found = page.evaluate(PLAN_PARTS)
    assert found["viewport"] == 390
    assert found["comparatorRight"] <= 390
    if whole_page:
        assert found["pageWidth"] <= 390, "the page scrolls sideways"
    assert not found["priceRowShown"], "the table's price row is shown beside the cards"
    assert [p["plan"] for p in found["plans"]] == plans
    for plan in found["plans"]:
        for part in ("name", "price", "button"):
            assert plan[part], f"{plan['plan']}: its {part} is not in view at 390 px"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_at_390_every_plan_is_in_view_without_javascript(
    browser: Browser, site_url: str, lang: str
) -> None:
    # Without JavaScript, Material's language list in the header (not the comparator) is 421 px
    # wide at 390 and would widen a phone's layout viewport: measured at a fixed 390 px.
    context = new_context(browser, java_script_enabled=False, **{**PHONE, "is_mobile": False})
    try:
        page = context.new_page()
        page.goto(site_url + COMPARE[lang])
        assert_every_plan_fits(page, ["lite", "starter", "pro", "enterprise"], whole_page=False)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_at_390_every_plan_is_in_view_live_and_after_a_change(
    browser: Browser, site_url: str, lang: str
) -> None:
    context = new_context(browser, **PHONE)
    watcher = PageWatcher(context)
    try:
        page = context.new_page()
        page.goto(site_url + COMPARE[lang], wait_until="domcontentloaded")
        page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
        assert_every_plan_fits(page, ["lite", "starter", "pro", "enterprise"])
        # Python's own markup after a change: an add-on (a total per year in each card) and a
        # plan fewer.
        for control in ('input[name="addons"][value="ticketing"]', 'input[name="plans"]'):
            before = updates_done(page)
            page.locator(control).first.tap()
            wait_for_update(page, before)
        assert_every_plan_fits(page, ["starter", "pro", "enterprise"])
        assert page.locator(".comparator__card .comparator__card-label").count() == 3
        watcher.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_at_1280_the_table_has_the_prices_and_no_cards(
    browser: Browser, site_url: str, lang: str
) -> None:
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + COMPARE[lang], wait_until="domcontentloaded")
        assert page.locator(".comparator__offers").is_visible()
        assert not page.locator(".comparator__cards").is_visible()
    finally:
        context.close()
