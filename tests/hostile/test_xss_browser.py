"""Catalogue text and comparator URLs carrying HTML/script payloads render as text in Chromium.

One project copy gets payloads in every kind of catalogue text a page shows (a plan summary, a
feature label, an add-on name and description, an on-screen label used in the upgrade steps, a
cancellation channel title, both languages; a writer's page quotes some of them too). It is built
once and served with the production headers; one Chromium opens every generated article, the
writers' pages, the comparator (static, then live after Pyodide, then after a click) and comparator
URLs with payloads in the query. No dialog may open, no page error may occur, no element may carry
an inline event handler, and each payload must be visible as the text the writer typed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from helpcenter.catalogue import load_catalogue
from helpcenter.errors import LocatedError
from tests.conftest import ROOT, copy_project, run_build
from tests.support.browser import PageWatcher, new_context, updates_done, wait_for_update
from tests.support.netlify_server import serve_site
from tests.support.project import LANGUAGES, WORDS

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"><script>alert(2)</script>'
JS_URL = "javascript:alert(3)"
JINJA = "{{ 7*7 }}"
CDATA = "]]><svg onload=alert(4)>"
#: Where each payload goes; the same text in nl and en plus the language, so each page is checked
#: for its own language's text.
PAYLOADS = {
    "summary": f"{IMG} {JINJA}",  # plans[lite].summary: comparator summary row, FAQ quote
    "feature": SCRIPT,  # features[calendars].label: comparator row header
    "addon_name": CDATA,  # addons[ticketing].name: add-ons article heading, comparator control
    "addon_description": f"{JS_URL} {IMG}",  # add-ons article, FAQ quote
    "label": f"{SCRIPT} {JINJA}",  # labels.upgrade_button, shown in the upgrade steps
    "channel": f"{CDATA} {JS_URL}",  # cancellation.channels[contact-form].title: cancel article
}
#: A single quote is allowed in an https URL by the schema; it must stay inside the attribute.
QUOTED_URL = "https://time.ly/contact/?q='onmouseover=alert(5)//&x=1#'"
#: Markup in a URL that the schema must refuse, so it never reaches a page.
REFUSED_URLS = (
    'https://time.ly/a"onmouseover=alert(5)',
    "https://time.ly/<script>alert(6)</script>",
    JS_URL,
    "https://time.ly/a b",
)
#: Comparator queries with payloads, raw and percent-encoded (once and twice).
HOSTILE_QUERIES = (
    f"?plans={IMG},pro&addons={SCRIPT}",
    "?plans=" + quote(f"{IMG},pro") + "&addons=" + quote(SCRIPT) + "&currency=" + quote(CDATA),
    "?plans=" + quote(quote(IMG)) + "&addons=" + quote(quote(SCRIPT)) + "&diff=" + quote(JS_URL),
    f"?plans=lite,pro&addons=ticketing&currency={JINJA}#{IMG}",
)
READY = '.comparator-mount[data-ready="1"]'
#: True once Material lists search results; until then it repeats the typed query.
SEARCH_ANSWERED = """() => {
  if (document.querySelector('.md-search-result__item')) return true;
  const field = document.querySelector('input.md-search__input');
  field.dispatchEvent(new Event('input', {bubbles: true}));
  field.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'r'}));
  return false;
}"""
COMPARATOR_PAGE = "account/compare-plans"
LOAD_MS = 60_000
#: Evaluated in each page: elements with an inline handler or a script that is not Material's.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.trim().toLowerCase();
      if (attr.name.startsWith('on') || (['href', 'src', 'action'].includes(attr.name)
          && value.startsWith('javascript:'))) {
        found.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value}">`);
      }
    }
  }
  for (const el of document.querySelectorAll('script, svg[onload], img[src="x"]')) {
    if (/alert\\(/.test(el.textContent) || el.tagName !== 'SCRIPT') {
      found.push(el.outerHTML.slice(0, 120));
    }
  }
  return found;
}"""


def text_for(place: str, lang: str) -> str:
    return f"{PAYLOADS[place]} {lang.upper()}"


def hostile_catalogue() -> dict[str, Any]:
    # The `!sample` marks are tags PyYAML does not know; this hostile copy does without them.
    text = re.sub(r" ?!sample", "", (ROOT / "plans.yaml").read_text(encoding="utf-8"))
    data: dict[str, Any] = yaml.safe_load(text)
    data = copy.deepcopy(data)
    texts = {lang: {place: text_for(place, lang) for place in PAYLOADS} for lang in LANGUAGES}

    def both(place: str) -> dict[str, str]:
        return {lang: texts[lang][place] for lang in LANGUAGES}

    data["plans"][0]["summary"] = both("summary")
    data["features"][0]["label"] = both("feature")
    data["addons"][0]["name"] = both("addon_name")
    data["addons"][0]["description"] = both("addon_description")
    data["labels"]["upgrade_button"] = both("label")
    data["cancellation"]["channels"][0]["title"] = both("channel")
    data["links"]["contact"] = dict.fromkeys(LANGUAGES, QUOTED_URL)
    data["glossary"].remove("Ticketing")  # the add-on's name is now a payload
    return data


def write_catalogue(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_schema_refuses_markup_in_urls(tmp_path: Path, url: str) -> None:
    """A link whose text could leave its attribute is a located error, not a page."""
    data = hostile_catalogue()
    data["links"]["meeting"]["nl"] = url
    write_catalogue(tmp_path / "plans.yaml", data)
    with pytest.raises(LocatedError) as caught:
        load_catalogue(tmp_path / "plans.yaml", WORDS)
    shown = [str(problem) for problem in caught.value.problems]
    assert any("links.meeting.nl: expected an https:// URL" in line for line in shown), shown


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile project, built once and served like Netlify; yields the base URL."""
    project = copy_project(tmp_path_factory.mktemp("xss") / "project")
    write_catalogue(project / "plans.yaml", hostile_catalogue())
    quotes = "\n\n{{ plan.lite.summary }}\n\n{{ addon.ticketing.description }}\n"
    for lang in LANGUAGES:
        faq = project / "docs" / f"faq.{lang}.md"
        faq.write_text(faq.read_text(encoding="utf-8") + quotes, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    with serve_site(result.site, ROOT / "netlify.toml") as base:
        yield base


def assert_no_injection(page: Page) -> None:
    found = page.evaluate(INJECTED)
    assert not found, f"{page.url}: injected markup is live: {found}"


def assert_visible(page: Page, text: str) -> None:
    # The comparator has a plan's summary twice: in the table and in the plan card a phone
    # shows instead; one of them is shown at any width.
    expect(page.locator("article").get_by_text(text).filter(visible=True).first).to_be_visible()


@pytest.mark.browser
def test_payloads_render_as_text_and_never_run(hostile_site: str, browser: Browser) -> None:
    context = new_context(browser)
    watcher = PageWatcher(context)
    page = context.new_page()
    try:
        for number, (lang, prefix) in enumerate((("nl", "/"), ("en", "/en/"))):
            expected = {
                "account/manage-subscription": ("addon_name", "addon_description", "label"),
                "account/cancel": ("channel",),
                COMPARATOR_PAGE: ("summary", "feature", "addon_name"),
                "faq": ("summary", "addon_description"),
            }
            paths = [*(path for path in expected if path != COMPARATOR_PAGE), "support/links", ""]
            for path in paths:
                page.goto(f"{hostile_site}{prefix}{path}{'/' if path else ''}")
                assert_no_injection(page)
                for place in expected.get(path, ()):
                    assert_visible(page, text_for(place, lang))
            # The comparator once Pyodide took over, then after a live update.
            page.goto(f"{hostile_site}{prefix}{COMPARATOR_PAGE}/")
            page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
            page.locator('input[name="addons"][value="ticketing"]').check()
            page.locator('input[name="plans"][value="lite"]').check()
            expect(page.locator(".comparator__table")).to_contain_text(text_for("summary", lang))
            for place in ("summary", "feature", "addon_name"):
                assert_visible(page, text_for(place, lang))
            assert_no_injection(page)
            for query in HOSTILE_QUERIES[number::2]:  # half per language: Pyodide boots are slow
                page.goto(f"{hostile_site}{prefix}{COMPARATOR_PAGE}/{query}")
                page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
                before = updates_done(page)
                page.locator('input[name="diff"]').click()
                wait_for_update(page, before)
                assert_no_injection(page)
            # Material's search renders results from the index: the payloads must stay text.
            page.goto(f"{hostile_site}{prefix}")
            page.locator("input.md-search__input").fill("onerror")
            # Material lists the results once its search worker answered (the payloads match).
            # Typing before Material has bound the field is lost, so the query is sent again
            # until results are listed: a positive signal, never a fixed delay.
            page.wait_for_function(SEARCH_ANSWERED, polling=250)
            assert_no_injection(page)
        watcher.assert_clean()
    finally:
        context.close()
