"""Any static host serves the site without a failed request or a console error.

Netlify's rewrites once hid requests for ``<page>/sitemap.xml`` (Material's language menu) that
every other host answers with 404. Here each page type of both languages is loaded from
``python -m http.server`` (plain files, nothing else) and from ``mkdocs serve`` (what writers
preview with), and every request and console message is watched. The language menu is used too.
No page may ask for a ``sitemap.xml`` other than the site root's, on any host: Material fetches
one next to every ``link[rel=alternate]`` in the head, which is why the hreflang lives in the
sitemap (helpcenter/alternates.py); the last test shows that Material still does.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Response, Route

from tests.support.browser import PageWatcher
from tests.test_serve import Server, free_port

pytestmark = pytest.mark.browser

#: One page of every type, by path without the language prefix.
PAGE_TYPES = {
    "home": "",
    "generated article": "account/cancel/",
    "writers' article": "faq/",
    "comparator": "account/compare-plans/",
    "support (internal)": "support/links/",
    "feedback thank-you": "feedback/",
    "not found": "404.html",
}
READY = '.comparator-mount[data-ready="1"]'


@pytest.fixture(scope="module")
def http_server(built_site: Path) -> Iterator[str]:
    """``python -m http.server`` over the built site: no rewrite, no header, no 404 page."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=built_site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "python -m http.server did not start"
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def mkdocs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    server = Server(project)
    try:
        server.wait_for_output("Serving on", timeout=120)
        yield server.url.rstrip("/")
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)
        if server.process.stdout is not None:
            server.process.stdout.close()


class FailedRequests:
    """Every request of a page that failed or was answered with an error status."""

    def __init__(self, page: Page) -> None:
        self.failed: list[str] = []
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)

    def _on_failed(self, request: Request) -> None:
        # mkdocs serve's live-reload long poll is cancelled whenever the page navigates away.
        if "/livereload/" not in request.url:
            self.failed.append(f"failed {request.url} ({request.failure})")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"HTTP {response.status} {response.url}")


class SitemapRequests:
    """Every request for a ``sitemap.xml`` from any page of a context, whatever its host."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.allowed = base + "/sitemap.xml"  # the site root's: there on every host
        self.urls: list[str] = []
        context.on("request", self._on_request)

    def _on_request(self, request: Request) -> None:
        if urlsplit(request.url).path.endswith("/sitemap.xml"):
            self.urls.append(request.url)

    def unexpected(self) -> list[str]:
        return [url for url in self.urls if url != self.allowed]


def settle(page: Page, live_reload: bool) -> None:
    """Wait until the page has made its requests. ``mkdocs serve`` keeps a live-reload request
    open, so "network idle" never comes there: wait a fixed second after load instead."""
    if live_reload:
        page.wait_for_timeout(1500)
    else:
        page.wait_for_load_state("networkidle")


def visit_every_page_type(context: BrowserContext, base: str, live_reload: bool = False) -> None:
    watcher = PageWatcher(context)
    sitemaps = SitemapRequests(context, base)
    failures: dict[str, list[str]] = {}
    for lang, prefix in (("nl", "/"), ("en", "/en/")):
        for name, path in PAGE_TYPES.items():
            page = context.new_page()
            failed = FailedRequests(page)
            page.goto(base + prefix + path, wait_until="load")
            if name == "comparator":
                page.wait_for_selector(READY, state="attached", timeout=45_000)
            settle(page, live_reload)
            assert page.locator("html").get_attribute("lang") == lang, (name, lang)
            if failed.failed:
                failures[f"{lang} {name}"] = failed.failed
            page.close()
    assert failures == {}, failures
    assert sitemaps.unexpected() == []
    watcher.assert_clean()


def use_language_menu(context: BrowserContext, base: str, live_reload: bool = False) -> None:
    sitemaps = SitemapRequests(context, base)
    page = context.new_page()
    failed = FailedRequests(page)
    page.goto(base + "/en/account/cancel/")
    for lang, target in (("nl", "/account/cancel/"), ("en", "/en/account/cancel/")):
        settle(page, live_reload)  # a click while loading would cancel requests, not fail them
        page.hover(".md-header__option .md-select")
        page.locator(f'.md-select__link[hreflang="{lang}"]').click()
        page.wait_for_url(base + target)
    page.goto(base + "/en/404.html")
    settle(page, live_reload)
    page.hover(".md-header__option .md-select")
    page.locator('.md-select__link[hreflang="nl"]').click()
    page.wait_for_url(base + "/")
    settle(page, live_reload)
    # Leaving a page cancels what it still loads (net::ERR_ABORTED): not a failed request.
    assert [f for f in failed.failed if "net::ERR_ABORTED" not in f] == []
    assert sitemaps.unexpected() == []


def test_plain_http_server_every_page_type_without_a_failed_request(
    context: BrowserContext, http_server: str
) -> None:
    visit_every_page_type(context, http_server)


def test_plain_http_server_language_menu_leads_to_the_twin(
    context: BrowserContext, http_server: str
) -> None:
    use_language_menu(context, http_server)


def test_mkdocs_serve_every_page_type_without_a_failed_request(
    context: BrowserContext, mkdocs_server: str
) -> None:
    visit_every_page_type(context, mkdocs_server, live_reload=True)
    use_language_menu(context, mkdocs_server, live_reload=True)


def test_material_fetches_a_sitemap_next_to_a_standard_head_alternate(
    context: BrowserContext, http_server: str
) -> None:
    """Why the head has no hreflang: the same page served with one standard alternate link (what
    hreflang in the head would be) asks for ``<page>/sitemap.xml``. Should a Material upgrade
    stop doing so, this fails, and hreflang could move back to the head."""
    twin = http_server + "/account/cancel/"
    link = f'<link rel="alternate" hreflang="nl" href="{twin}">'

    def with_alternate(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("</head>", link + "</head>"))

    sitemaps = SitemapRequests(context, http_server)
    page = context.new_page()
    page.route(http_server + "/en/account/cancel/", with_alternate)
    page.goto(http_server + "/en/account/cancel/")
    settle(page, live_reload=False)
    assert sitemaps.unexpected() == [twin + "sitemap.xml"]
