"""What a reader and a support agent do in a real browser: switch language, copy a link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.support.browser import PageWatcher, new_context

pytestmark = pytest.mark.browser


def title(page: Page) -> str:
    """The article's title as shown (without the heading's permalink sign)."""
    return page.locator("h1").inner_text().removesuffix("¶").strip()


def switch_language(page: Page, lang: str) -> None:
    """Open Material's language menu and choose ``lang``, as a reader does."""
    page.hover(".md-header__option .md-select")
    page.locator(f'.md-select__link[hreflang="{lang}"]').click()


def test_switcher_leads_from_dutch_cancel_article_to_english_and_back(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    page = context.new_page()
    page.goto(f"{site_url}/account/cancel/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert title(page) == "Uw abonnement opzeggen"

    switch_language(page, "en")
    page.wait_for_url(f"{site_url}/en/account/cancel/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert title(page) == "Cancel your subscription"
    assert page.locator("#cancel-by-email").count() == 1

    switch_language(page, "nl")
    page.wait_for_url(f"{site_url}/account/cancel/")
    assert title(page) == "Uw abonnement opzeggen"
    watcher.assert_clean()


def test_section_anchor_is_the_same_in_both_languages(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    page = context.new_page()
    for prefix, heading in (("", "Per e-mail"), ("/en", "By email")):
        page.goto(f"{site_url}{prefix}/account/cancel/#cancel-by-email")
        target = page.locator(":target")
        assert target.inner_text().startswith(heading)
    watcher.assert_clean()


def test_support_page_copy_button_copies_the_link(
    browser_context_with_clipboard: BrowserContext, site_url: str
) -> None:
    context = browser_context_with_clipboard
    watcher = PageWatcher(context)
    page = context.new_page()
    page.goto(f"{site_url}/en/support/links/")
    wanted = "https://help.example.test/go/cancel-by-email"
    button = page.locator(
        'button[data-clipboard-text="https://help.example.test/en/go/cancel-by-email"]'
    )
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "https://help.example.test/en/go/cancel-by-email"
    assert page.locator(f'button[data-clipboard-text="{wanted}"]').count() == 0, (
        "the English support page lists the /en/ short links"
    )
    watcher.assert_clean()


@pytest.fixture
def browser_context_with_clipboard(context: BrowserContext, site_url: str) -> BrowserContext:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    return context


def test_a_language_choice_wins_over_the_browser_language(browser: Browser, site_url: str) -> None:
    """An English browser at / gets the Dutch page with an offer of English (no redirect); after
    choosing Nederlands in the language menu, / stays Dutch and offers nothing again."""
    context = new_context(browser, locale="en-US", extra_http_headers={"Accept-Language": "en-US"})
    try:
        watcher = PageWatcher(context)
        page = context.new_page()
        page.goto(f"{site_url}/")
        assert page.url == f"{site_url}/"
        page.locator('[data-hc-offer="en"]').wait_for(state="visible")
        switch_language(page, "en")
        page.wait_for_url(f"{site_url}/en/")
        switch_language(page, "nl")
        page.wait_for_url(f"{site_url}/")
        page.goto(f"{site_url}/")
        assert page.url == f"{site_url}/"
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.locator('[data-hc-offer="en"]').is_hidden(), "the choice was not remembered"
        watcher.assert_clean()
    finally:
        context.close()
