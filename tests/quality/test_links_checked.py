"""Gate: no broken internal link or anchor in either language of the built site.

linkinator (npm, pinned in package-lock.json) crawls the site served by the local Netlify
stand-in, so redirects, short links and the per-language 404 pages answer as in production.
Every host other than the local server is skipped: checkout, meeting and time.ly links are
outside the site. The site's own absolute URLs are rewritten to the local server and checked too:
those with the build's address (canonical links, https://help.example.test/...) and those with
its production address (``site_url`` in mkdocs.yml, https://help.time.ly/...), which the
catalogue or a writer may use.

linkinator 7.6's ``--check-fragments`` is on, but it only validates an anchor registered before
its target page is fetched: with the crawl running in parallel, a link from /faq/ to a missing
``/account/plans/#...`` was not reported (tried three times). So :func:`test_every_anchor_exists`
checks the anchors itself, over the built HTML and the links the support page hands out.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.conftest import ROOT
from tests.support.netlify_server import fetch, serve_site

LINKINATOR = ROOT / "node_modules" / ".bin" / "linkinator"
SITE_URL = "https://help.example.test"  # what tests/conftest.py builds with


def production_url() -> str:
    """The site's production address (``site_url`` in mkdocs.yml, without the trailing slash).

    A catalogue or a page may link to the site by its production address
    (https://help.time.ly/...); those links are the site's own pages too, so the crawl maps them
    to the local server and follows them.
    """
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r'^site_url:\s*!ENV\s*\[\s*SITE_URL\s*,\s*"([^"]+)"\s*\]', text, re.M)
    assert match, 'mkdocs.yml: no `site_url: !ENV [SITE_URL, "https://..."]` line'
    return match[1].rstrip("/")


PRODUCTION_URL = production_url()
#: Addresses of this site: the one the tests build with and the production one.
OWN_ORIGINS = (SITE_URL, PRODUCTION_URL)
#: A crawl of this small site takes about 2 s; a hang fails instead of blocking the suite.
CRAWL_TIMEOUT_S = 120
#: Not linked from anywhere (they are what a mistyped URL gets): crawled from these seeds.
MISSING_PAGES = ("/nope/", "/en/nope/", "/en/account/nope/")


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    with serve_site(built_site, ROOT / "netlify.toml") as base:
        yield base


def site_pages(site: Path, under: str = "") -> set[str]:
    """URL paths of the content pages built under ``under`` ("" or "en/")."""
    pages = set()
    for index in (site / under).rglob("index.html"):
        relative = index.parent.relative_to(site).as_posix()
        if not relative.startswith("assets"):
            pages.add("/" if relative == "." else f"/{relative}/")
    return pages


@dataclass
class Crawl:
    links: list[dict[str, Any]]

    def by_state(self, state: str) -> list[dict[str, Any]]:
        return [link for link in self.links if link.get("state") == state]

    def paths(self, base: str, state: str) -> set[str]:
        return {
            urlsplit(link["url"]).path
            for link in self.by_state(state)
            if link["url"].startswith(base)
        }

    def parents(self, base: str) -> set[str]:
        """Pages with a link first found there (linkinator reports an OK link only once)."""
        return {
            urlsplit(link["parent"]).path
            for link in self.links
            if (link.get("parent") or "").startswith(base)
        }


def linkinator(base: str, seeds: list[str], recurse: bool) -> Crawl:
    """Run linkinator from ``seeds`` (paths on ``base``); only ``base`` itself is checked."""
    command = [
        str(LINKINATOR),
        *(base + seed for seed in seeds),
        "--check-fragments",
        "--skip",
        f"^(?!{re.escape(base)}(/|$))",
        "--url-rewrite-search",
        "^(?:" + "|".join(re.escape(origin) for origin in OWN_ORIGINS) + ")(?=/|$)",
        "--url-rewrite-replace",
        base,
        "--format",
        "JSON",
        "--timeout",
        "10000",
        "--concurrency",
        "20",
        "--verbosity",  # "info": the JSON keeps OK and skipped links too (coverage, counts)
        "info",
    ]
    if recurse:
        command.append("--recurse")
    result = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT_S,
        check=False,
    )
    start = result.stdout.find("{")
    assert start >= 0, f"linkinator printed no JSON (exit {result.returncode}):\n{result.stderr}"
    report = json.loads(result.stdout[start:])
    return Crawl(report["links"])


def describe(link: dict[str, Any]) -> str:
    details = "; ".join(
        str(detail.get("message", detail)) if isinstance(detail, dict) else str(detail)
        for detail in link.get("failureDetails") or []
    )
    found_on = link.get("parent") or "(start page)"
    if "#" in link["url"] and link.get("status") == 200:
        # For a missing anchor linkinator names the page it reached the *target* from, not the
        # page holding the link; test_every_anchor_exists names that page.
        return f"{link['url']}: missing anchor (target reached from {found_on})"
    return f"{link['url']} [{link.get('status')}] on {found_on}" + (
        f": {details}" if details else ""
    )


@pytest.mark.parametrize(
    ("seeds", "recurse", "expected_under"),
    [
        # The feedback form's thank-you pages are reached by a POST, not a link, and support's
        # page from a bookmark or /go/links (it is not in the customers' navigation): seeded.
        pytest.param(["/", "/feedback/", "/support/links/"], True, "", id="from-nl-home"),
        pytest.param(
            ["/en/", "/en/feedback/", "/en/support/links/"], True, "en/", id="from-en-home"
        ),
        pytest.param(list(MISSING_PAGES), False, None, id="404-pages"),
    ],
)
def test_linkinator_finds_no_broken_link(
    server: str,
    built_site: Path,
    seeds: list[str],
    recurse: bool,
    expected_under: str | None,
) -> None:
    # Seeds with different roots share linkinator's cache but not its "crawl this" decision (a
    # page first found from /en/ is never parsed by the / crawl), hence one run per root.
    crawl = linkinator(server, seeds, recurse)
    broken = crawl.by_state("BROKEN")
    if expected_under is None:
        # The seeds are missing pages on purpose: they must answer 404 (with the 404 page,
        # whose links are what this run checks); anything else broken is a real failure.
        missing = {server + path for path in MISSING_PAGES}
        seeds_found = [link for link in broken if link["url"] in missing]
        assert sorted(link["status"] for link in seeds_found) == [404] * len(MISSING_PAGES)
        broken = [link for link in broken if link not in seeds_found]
        assert crawl.parents(server) & set(MISSING_PAGES), "the 404 page's links were not read"
    else:
        expected = site_pages(built_site, expected_under)
        assert f"/{expected_under}support/links/" in expected  # support's page is crawled too
        # Every same-host URL under the run's root is fetched with GET and parsed, so a page
        # checked OK here was also crawled for its own links.
        not_crawled = expected - crawl.paths(server, "OK")
        assert not not_crawled, f"pages the crawl never reached: {sorted(not_crawled)}"
    assert not broken, f"{len(broken)} broken link(s):\n  " + "\n  ".join(map(describe, broken))
    assert crawl.by_state("OK"), "linkinator checked nothing"


# Anchors ------------------------------------------------------------------------------------


class _Anchors(HTMLParser):
    """Ids (and legacy ``<a name>``) a page defines, the ``href``s of its links and the URLs its
    copy buttons hand out (the support page's ``data-clipboard-text``)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.clipboard: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag in {"a", "area"} and "href" in values:
            self.hrefs.append(values["href"])
        if "data-clipboard-text" in values:
            self.clipboard.append(values["data-clipboard-text"])


def parse(html: str) -> _Anchors:
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    return parser


def page_url(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return SITE_URL + "/" + (relative.removesuffix("index.html"))


def target_file(site: Path, path: str) -> Path | None:
    candidate = site / unquote(path).lstrip("/")
    for option in (candidate / "index.html", candidate):
        if option.is_file():
            return option
    return None


def test_every_anchor_exists(built_site: Path) -> None:
    """Each internal ``href="...#id"`` of every built page names an id of its target page."""
    pages = {
        page: parse(page.read_text(encoding="utf-8"))
        for page in built_site.rglob("*.html")
        if "assets" not in page.relative_to(built_site).parts
    }
    problems: dict[str, None] = {}  # ordered, without the repeats of a link (nav, toc, body)
    checked = 0
    for page, found in pages.items():
        here = page_url(built_site, page)
        for href in found.hrefs:
            url = urlsplit(urljoin(here, href))
            if not url.fragment or f"{url.scheme}://{url.netloc}" not in OWN_ORIGINS:
                continue
            target = target_file(built_site, url.path)
            checked += 1
            if target is None:
                problems[f"{here}: {href!r} -> no page at {url.path}"] = None
            elif unquote(url.fragment) not in pages[target].ids:
                problems[f"{here}: {href!r} -> no id {url.fragment!r} on {url.path}"] = None
    assert checked >= 20, f"only {checked} anchored links found: is the parser still right?"
    assert not problems, "broken anchors:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("support_page", ["/support/links/", "/en/support/links/"])
def test_every_link_support_copies_works_through_the_server(
    server: str, built_site: Path, support_page: str
) -> None:
    """Each URL the support page copies (article, section, /go/ short link) answers 200 after
    Netlify's redirects, and its anchor (or the one a short link adds) exists on that page."""
    support = target_file(built_site, support_page)
    assert support is not None
    copied = parse(support.read_text(encoding="utf-8")).clipboard
    assert len(copied) >= 30, "the support page lists fewer links than expected"
    problems = []
    for link in copied:
        assert link.startswith(SITE_URL + "/"), f"{support_page} copies a foreign URL: {link}"
        url = server + link.removeprefix(SITE_URL)
        fragment = urlsplit(url).fragment
        for _hop in range(5):  # a short link is one 302; an alias one 301
            answer = fetch(url.partition("#")[0])
            location = answer.header("Location")
            if answer.status not in {301, 302} or location is None:
                break
            url = urljoin(url, location)
            fragment = urlsplit(url).fragment or fragment
        if answer.status != 200:
            problems.append(f"{link}: HTTP {answer.status} at {url}")
        elif fragment and fragment not in parse(answer.body.decode("utf-8")).ids:
            problems.append(f"{link}: no id {fragment!r} on {urlsplit(url).path}")
    assert not problems, f"{support_page} hands out broken links:\n  " + "\n  ".join(problems)
