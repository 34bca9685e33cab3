"""Links support pastes: short links, aliases and per-language 404s (sitemap and hreflang:
tests/test_search_engines.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from helpcenter.alternates import Alternate, language_names, not_found_alternates, page_alternates
from tests.conftest import ROOT
from tests.support.netlify_server import fetch, serve_site

SITE_URL = "https://help.example.test"  # what tests/conftest.py builds with


def redirect_rules(site: Path) -> list[tuple[str, str, int]]:
    rules = []
    for line in (site / "_redirects").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, target, status = line.split()[:3]
            rules.append((source, target, int(status)))
    return rules


def page_file(site: Path, url_path: str) -> Path:
    path = site / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path


def ids_in(page: Path) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))


def test_every_redirect_and_short_link_target_exists(built_site: Path) -> None:
    rules = redirect_rules(built_site)
    short_links = [rule for rule in rules if "/go/" in rule[0]]
    assert ("/go/cancel", "/account/cancel/#how-to-cancel", 302) in short_links
    assert ("/en/go/cancel", "/en/account/cancel/#how-to-cancel", 302) in short_links
    # Today's per-language slugs keep working (old slugs, listed in shortlinks.yaml).
    assert ("/go/opzeggen", "/account/cancel/#how-to-cancel", 302) in short_links
    assert ("/en/go/pricing", "/en/faq/", 302) in short_links
    assert ("/go/prijzen", "/faq/", 302) in short_links
    for source, target, _status in rules:
        if "*" in source or ":" in source:
            continue  # the per-language 404 rules are tested below
        path, _, anchor = target.partition("#")
        page = page_file(built_site, path)
        assert page.is_file(), f"{source} -> {target}: no {page}"
        if anchor:
            assert anchor in ids_in(page), f"{source} -> {target}: no #{anchor}"


def test_every_short_link_follows_the_en_rule(built_site: Path) -> None:
    """/go/<slug> and /en/go/<slug> exist together and lead to the same section of the twins."""
    rules = redirect_rules(built_site)
    dutch = {
        source[len("/go/") :]: target for source, target, _ in rules if source.startswith("/go/")
    }
    english = {
        source[len("/en/go/") :]: target
        for source, target, _ in rules
        if source.startswith("/en/go/")
    }
    assert len(dutch) >= 25
    assert {slug: f"/en{target}" for slug, target in dutch.items()} == english


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/go/opzeggen", "/go/cancel"),
        ("/en/go/abonnement", "/en/go/subscription"),
        ("/go/upgraden", "/go/upgrade"),
        ("/go/opzeggen-per-email", "/go/cancel-by-email"),
        ("/go/abonnementen", "/go/plans"),
        ("/go/selfservice", "/go/upgrade-without-meeting"),
        ("/en/go/self-service", "/en/go/upgrade-without-meeting"),
        ("/go/ticketing", "/go/add-ons"),
        ("/go/vergelijken", "/go/compare"),
        ("/go/prijzen", "/go/pricing"),
    ],
)
def test_old_slugs_still_redirect_where_the_new_one_does(
    built_site: Path, old: str, new: str
) -> None:
    targets = {source: target for source, target, _ in redirect_rules(built_site)}
    assert targets[old] == targets[new]


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    with serve_site(built_site, ROOT / "netlify.toml") as base:
        yield base


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("/bestaat-niet/", "nl", "404"),
        ("/en/does-not-exist/", "en", "404"),
        ("/en/account/nope", "en", "404"),
    ],
)
def test_missing_pages_get_the_404_of_their_language(
    server: str, path: str, lang: str, title: str
) -> None:
    answer = fetch(server + path)
    assert answer.status == 404
    assert f'<html lang="{lang}"' in answer.body.decode("utf-8")


def test_short_link_and_alias_redirect_through_the_server(server: str) -> None:
    short = fetch(server + "/en/go/cancel-by-email")
    assert (short.status, short.header("Location")) == (302, "/en/account/cancel/#cancel-by-email")
    alias = fetch(server + "/account/upgrade-your-account/")
    assert (alias.status, alias.header("Location")) == (301, "/account/manage-subscription/")
    merged = fetch(server + "/en/account/plans/")
    assert (merged.status, merged.header("Location")) == (
        301,
        "/en/account/manage-subscription/#available-plans",
    )


def test_support_page_lists_each_short_link_with_both_languages(built_site: Path) -> None:
    """One row per current short link: the short URL, the Dutch URL and the English URL."""
    current = [
        line.split(":", 1)[0].strip()
        for line in (ROOT / "shortlinks.yaml")
        .read_text(encoding="utf-8")
        .split("\nlinks:\n")[1]
        .split("\n\n")[0]
        .splitlines()
        if line.startswith("  ") and not line.lstrip().startswith("#")
    ]
    rules = {source: target for source, target, _ in redirect_rules(built_site)}
    for lang_dir in ("", "en/"):
        support = (built_site / lang_dir / "support/links/index.html").read_text(encoding="utf-8")
        assert support.count('<th scope="row">') == len(current)
        for slug in current:
            target = rules[f"/go/{slug}"]
            for url in (f"/{lang_dir}go/{slug}", target, f"/en{target}"):
                assert f'data-clipboard-text="{SITE_URL}{url}"' in support, (lang_dir, url)


def test_customers_pages_never_lead_to_supports_internal_page(built_site: Path) -> None:
    """Support's page of short links is for agents: no sidebar entry, no "next" link, no link at
    all on a customer's page (agents reach it from /go/links or a bookmark)."""
    customer_pages = [
        page
        for page in built_site.rglob("*.html")
        if "support" not in page.relative_to(built_site).parts
    ]
    assert len(customer_pages) > 10
    for page in customer_pages:
        links = re.findall(r'href="([^"]*support/links/[^"]*)"', page.read_text(encoding="utf-8"))
        assert not links, f"{page.relative_to(built_site)} links to support's page: {links}"
    for lang_dir in ("", "en/"):
        assert (built_site / lang_dir / "support/links/index.html").is_file()


# --- the language menu and hreflang links, without a build --------------------------------------

NAMES = {"nl": "Nederlands", "en": "English"}


def test_the_language_menu_of_a_page_leads_to_each_twin() -> None:
    twins = {"nl": "account/cancel/", "en": "en/account/cancel/"}
    assert page_alternates(twins, NAMES, "en", "https://help.example.test/") == [
        Alternate(
            "nl",
            "Nederlands",
            "account/cancel/",
            "https://help.example.test/account/cancel/",
            False,
        ),
        Alternate(
            "en",
            "English",
            "en/account/cancel/",
            "https://help.example.test/en/account/cancel/",
            True,
        ),
    ]
    assert page_alternates({"en": "en/new/"}, NAMES, "en", "https://help.example.test/") == [
        Alternate("en", "English", "en/new/", "https://help.example.test/en/new/", True)
    ], "a page without a Dutch twin offers no Dutch"


@pytest.mark.parametrize("root", ["", ".", "./"])
def test_the_home_pages_menu_leads_to_the_site_root_however_mkdocs_writes_it(root: str) -> None:
    """A help center served under a path: the site URL keeps its path."""
    twins = {"nl": root, "en": "en/"}
    assert page_alternates(twins, NAMES, "nl", "https://example.test/INBOX") == [
        Alternate("nl", "Nederlands", "./", "https://example.test/INBOX/", True),
        Alternate("en", "English", "en/", "https://example.test/INBOX/en/", False),
    ]


@pytest.mark.parametrize("site_url", ["https://help.example.test/", "https://help.example.test"])
def test_a_404_pages_menu_leads_to_each_languages_home(site_url: str) -> None:
    assert not_found_alternates(NAMES, "en", "nl", site_url) == [
        Alternate("nl", "Nederlands", "./", "https://help.example.test/", False),
        Alternate("en", "English", "en/", "https://help.example.test/en/", True),
    ]
    assert not_found_alternates(NAMES, "nl", "nl", "https://example.test/INBOX/") == [
        Alternate("nl", "Nederlands", "./", "https://example.test/INBOX/", True),
        Alternate("en", "English", "en/", "https://example.test/INBOX/en/", False),
    ]


def test_language_names_of_a_site_without_static_i18n_are_none() -> None:
    without = SimpleNamespace(plugins={})
    assert language_names(without) == {}
    other_i18n = SimpleNamespace(plugins={"i18n": SimpleNamespace(config=SimpleNamespace())})
    assert language_names(other_i18n) == {}
    languages = [SimpleNamespace(locale="nl", name="Nederlands")]
    static_i18n = SimpleNamespace(
        plugins={"i18n": SimpleNamespace(config=SimpleNamespace(languages=languages))}
    )
    assert language_names(static_i18n) == {"nl": "Nederlands"}
