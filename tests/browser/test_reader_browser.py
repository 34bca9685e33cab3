"""What a customer does in a real browser: search in their language, start from the home page,
say whether an article helped (with and without JavaScript), land on a 404 page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page

from core.catalogue import pick
from helpcenter.catalogue import load_catalogue
from tests.conftest import ROOT
from tests.support.browser import PageWatcher, new_context
from tests.support.netlify_forms import Submission
from tests.support.netlify_server import LocalNetlify
from tests.support.project import LANGUAGES, WORDS

pytestmark = pytest.mark.browser

STEP_MS = 10_000


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into Material's search as a reader does; every result link, in order."""
    box = page.locator("input[data-md-component=search-query]")
    if not box.is_visible():  # a phone: the search button opens the box
        page.locator("label.md-header__button[for=__search]").click()
    box.click()
    meta = page.locator(".md-search-result__meta")
    placeholder = meta.inner_text()
    box.press_sequentially(query, delay=20)
    # The meta line changes from its placeholder once the worker has answered.
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent.trim() !== text",
        arg=placeholder.strip(),
        timeout=STEP_MS,
    )
    page.wait_for_timeout(300)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


def reader(context: BrowserContext, base: str, lang: str) -> Page:
    """A page of a reader who chose ``lang``: the nf_lang cookie keeps Netlify's language
    redirect (an English browser at / goes to /en/) from moving a Dutch reader."""
    context.add_cookies([{"name": "nf_lang", "value": lang, "url": base}])
    return context.new_page()


def first_result(page: Page, query: str) -> tuple[str, list[str]]:
    links = search(page, query)
    assert links, f"no result for {query!r}"
    return urlsplit(links[0]).path, links


@pytest.mark.parametrize("query", ["annuleren", "stoppen", "opzeggen", "beëindigen", "opheffen"])
def test_dutch_words_for_cancelling_find_the_dutch_cancel_article_first(
    context: BrowserContext, watcher: PageWatcher, site_url: str, query: str
) -> None:
    page = reader(context, site_url, "nl")
    page.goto(f"{site_url}/faq/")
    first, links = first_result(page, query)
    assert first == "/account/cancel/", links
    assert not [link for link in links if "/en/" in link], "an English result on a Dutch page"
    assert not [link for link in links if "/support/links/" in link]
    watcher.assert_clean()


@pytest.mark.parametrize("query", ["cancel", "delete account", "close account"])
def test_english_words_for_cancelling_find_the_english_cancel_article_first(
    context: BrowserContext, watcher: PageWatcher, site_url: str, query: str
) -> None:
    page = context.new_page()
    page.goto(f"{site_url}/en/faq/")
    first, links = first_result(page, query)
    assert first == "/en/account/cancel/", links
    assert all(urlsplit(link).path.startswith("/en/") for link in links), links
    assert not [link for link in links if "/support/links/" in link]
    watcher.assert_clean()


@pytest.mark.parametrize(
    ("path", "query", "prefix"),
    [
        ("/", "upgrade", "/"),
        ("/en/", "upgrade", "/en/"),
        ("/", "support", "/"),
        ("/en/", "support", "/en/"),
        ("/en/account/manage-subscription/", "pricing", "/en/"),
        ("/account/manage-subscription/", "prijzen", "/"),
    ],
)
def test_results_are_always_in_the_page_language_and_never_internal(
    context: BrowserContext, site_url: str, path: str, query: str, prefix: str
) -> None:
    page = reader(context, site_url, "en" if prefix == "/en/" else "nl")
    page.goto(site_url + path)
    links = search(page, query)
    assert links, f"no result for {query!r} on {path}"
    for link in links:
        link_path = urlsplit(link).path
        assert link_path.startswith(prefix), f"{link} is not in the language of {path}"
        if prefix == "/":
            assert not link_path.startswith("/en/"), link
        assert "/support/links/" not in link_path, f"internal page in results: {link}"


def test_home_search_box_opens_search_with_the_words_typed(
    context: BrowserContext, watcher: PageWatcher, site_url: str
) -> None:
    page = reader(context, site_url, "nl")
    page.goto(f"{site_url}/")
    page.get_by_role("searchbox", name="Zoek in het helpcentrum").fill("annuleren")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_selector(".md-search-result__item", timeout=STEP_MS)
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    assert urlsplit(first.get_attribute("href") or "").path == "/account/cancel/"
    watcher.assert_clean()


# --- home pages ------------------------------------------------------------------------------


def nav_articles() -> tuple[list[str], int]:
    """Customer articles from mkdocs.yml's nav (paths as URLs) and the number of topic sections.

    Support's own page is not in the nav (internal); every nav page is a customer article.
    """
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    articles: list[str] = []
    sections = 0

    def url(entry: str) -> str:
        return "" if entry == "index.md" else entry.removesuffix(".md") + "/"

    for item in config["nav"]:
        if isinstance(item, str):
            if item != "index.md":
                articles.append(url(item))
            continue
        (_title, children), *_ = item.items()
        sections += 1
        articles += [url(child) for child in children]
    return articles, sections


class _Loader(yaml.SafeLoader):
    """mkdocs.yml uses !ENV; its value does not matter here."""


_Loader.add_constructor("!ENV", lambda loader, node: "")


@pytest.mark.parametrize(("lang", "prefix"), [("nl", "/"), ("en", "/en/")])
def test_home_links_to_every_article_with_cards_and_contact(
    context: BrowserContext, watcher: PageWatcher, site_url: str, lang: str, prefix: str
) -> None:
    articles, sections = nav_articles()
    page = reader(context, site_url, lang)
    page.goto(site_url + prefix)
    cards = page.locator(".hc-card")
    assert cards.count() == sections
    linked = {
        urlsplit(href).path
        for href in page.eval_on_selector_all(".hc-card a", "links => links.map(a => a.href)")
    }
    assert linked == {prefix + article for article in articles}
    for card in cards.all():
        assert card.locator("h3").inner_text().strip()
    catalogue = load_catalogue(ROOT / "plans.yaml", WORDS).model
    contact = page.locator(f'.hc-contact a[href="{pick(catalogue.links["contact"], lang)}"]')
    assert contact.count() == 1
    assert contact.is_visible()
    assert page.locator(".hc-search input[type=search]").is_visible()
    assert page.locator(".hc-tasks a").count() >= 3
    watcher.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_every_article_table_fits_without_scrolling_sideways(
    context: BrowserContext, watcher: PageWatcher, site_url: str, lang: str
) -> None:
    """At 390 px a reader sees every column of an article's tables (the plans table's prices and
    meeting link included). The comparator's table scrolls in its own box by design: not here."""
    articles, _ = nav_articles()
    prefix = LANGUAGES.prefix(lang)
    page = reader(context, site_url, lang)
    page.set_viewport_size({"width": 390, "height": 800})
    checked = 0
    for article in articles:
        page.goto(site_url + prefix + article)
        wide = page.eval_on_selector_all(
            "article table:not(.comparator-mount table)",
            "tables => tables.filter(t => t.getBoundingClientRect().right > innerWidth)"
            ".map(t => t.innerText.slice(0, 60))",
        )
        assert not wide, f"{prefix}{article}: a table is wider than 390 px: {wide}"
        checked += page.locator("article table:not(.comparator-mount table)").count()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert checked, "no article table was checked"
    watcher.assert_clean()


def site_names() -> dict[str, str]:
    """Each language's site name, as mkdocs.yml gives it to mkdocs-static-i18n."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    (i18n,) = (p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {language["locale"]: language["site_name"] for language in i18n["languages"]}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_the_header_shows_the_site_name_whole(
    context: BrowserContext, watcher: PageWatcher, site_url: str, lang: str
) -> None:
    """At 390 px the site's name stands whole beside the header's three buttons (menu on the
    left; colour scheme, language and search on the right), not cut off with an ellipsis."""
    page = reader(context, site_url, lang)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site_url + LANGUAGES.prefix(lang))
    name = page.locator(".md-header__topic:first-child .md-ellipsis")
    assert " ".join(name.inner_text().split()) == site_names()[lang]
    overflow = name.evaluate("element => element.scrollWidth - element.clientWidth")
    assert overflow <= 0, f"the site name is cut off by {overflow} px"
    watcher.assert_clean()


# --- feedback ---------------------------------------------------------------------------------


def submissions_for(netlify: LocalNetlify, page_path: str) -> list[Submission]:
    return [s for s in netlify.inbox.stored() if s.data.get("page") == page_path]


def test_feedback_with_javascript_is_sent_in_place_and_stored(
    context: BrowserContext, watcher: PageWatcher, netlify: LocalNetlify
) -> None:
    page = context.new_page()
    page.goto(f"{netlify.url}/en/faq/")
    before = len(submissions_for(netlify, "/en/faq/"))
    page.get_by_role("button", name="No", exact=True).click()
    status = page.locator(".hc-feedback__status")
    status.filter(has_text="Thank you for your feedback!").wait_for(timeout=STEP_MS)
    assert page.url == f"{netlify.url}/en/faq/", "the reader left the article"
    stored = submissions_for(netlify, "/en/faq/")[before:]
    assert stored == [
        Submission(
            "feedback",
            "/en/feedback/",
            {"page": "/en/faq/", "lang": "en", "answer": "no"},
        )
    ]
    watcher.assert_clean()


def test_feedback_without_javascript_posts_and_shows_the_thank_you_page(
    browser: Browser, netlify: LocalNetlify
) -> None:
    context = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{netlify.url}/account/manage-subscription/")
        before = len(submissions_for(netlify, "/account/manage-subscription/"))
        page.get_by_role("button", name="Ja", exact=True).click()
        page.wait_for_url(f"{netlify.url}/feedback/")
        assert page.locator("h1").inner_text().removesuffix("¶").strip() == (
            "Bedankt voor uw feedback"
        )
        assert page.locator("html").get_attribute("lang") == "nl"
        stored = submissions_for(netlify, "/account/manage-subscription/")[before:]
        assert [(s.data["lang"], s.data["answer"]) for s in stored] == [("nl", "yes")]
    finally:
        context.close()


def test_feedback_is_not_lost_when_sending_in_place_fails(
    context: BrowserContext, netlify: LocalNetlify
) -> None:
    page = context.new_page()
    page.route(
        "**/feedback/",
        lambda route: (
            route.abort() if route.request.resource_type == "fetch" else route.continue_()
        ),
    )
    page.goto(f"{netlify.url}/en/account/manage-subscription/")
    before = len(submissions_for(netlify, "/en/account/manage-subscription/"))
    page.get_by_role("button", name="Yes", exact=True).click()
    page.wait_for_url(f"{netlify.url}/en/feedback/")
    assert "Thank you for your feedback" in page.locator("h1").inner_text()
    stored = submissions_for(netlify, "/en/account/manage-subscription/")[before:]
    assert [(s.data["lang"], s.data["answer"]) for s in stored] == [("en", "yes")]


def test_a_filled_honeypot_stores_nothing(browser: Browser, netlify: LocalNetlify) -> None:
    context = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{netlify.url}/faq/")
        before = list(netlify.inbox.stored())
        page.locator("input[name=bot-field]").evaluate("field => field.value = 'buy now'")
        page.get_by_role("button", name="Nee", exact=True).click()
        page.wait_for_url(f"{netlify.url}/feedback/")  # the bot is told it worked
        assert netlify.inbox.stored() == before
    finally:
        context.close()


def test_served_forms_look_like_netlifys(netlify: LocalNetlify) -> None:
    """Netlify strips data-netlify when it serves the page; the form must not depend on it."""
    spec = netlify.inbox.forms["feedback"]
    assert {"page", "lang", "answer"} <= spec.fields
    assert spec.honeypot == "bot-field"


# --- 404 pages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "lang", "title", "other_home"),
    [
        ("/bestaat-niet", "nl", "Pagina niet gevonden", "/en/"),
        ("/en/does-not-exist", "en", "Page not found", "/"),
    ],
)
def test_not_found_pages_speak_the_language_and_help_on(
    context: BrowserContext,
    watcher: PageWatcher,
    site_url: str,
    path: str,
    lang: str,
    title: str,
    other_home: str,
) -> None:
    page = reader(context, site_url, lang)
    answer = page.goto(site_url + path)
    assert answer is not None
    assert answer.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text().strip() == title
    assert page.locator(".hc-search input[type=search]").is_visible()
    assert page.locator(".hc-tasks a").count() >= 3
    other = "en" if lang == "nl" else "nl"
    menu = page.locator(f'.md-select__link[hreflang="{other}"]')
    assert urlsplit(menu.evaluate("a => a.href")).path == other_home
    for href in page.eval_on_selector_all(".hc-tasks a", "links => links.map(a => a.href)"):
        assert page.request.get(href).status == 200, href
    # The browser reports the page's own 404 status; nothing else may fail.
    watcher.console_errors[:] = [e for e in watcher.console_errors if path not in e]
    watcher.assert_clean()


def test_page_titles_are_never_doubled(built_site: Path) -> None:
    titles = [
        re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.DOTALL)[1]  # type: ignore[index]
        for page in built_site.rglob("*.html")
        if "assets" not in page.parts
    ]
    for title in titles:
        parts = [part.strip() for part in title.split(" - ")]
        assert len(parts) == len(set(parts)), f"doubled title: {title!r}"
