"""The whole site built inside the test process passes the checks of the built site.

The checks are the site tests' own (each reads a built ``site/`` folder): here they read a site
that the plugins built in this process, so a change to any plugin code that a reader, a support
agent or the search would notice fails this test too, including under ``make mutation``. One
build serves every check: a build costs about a second, and mutmut re-runs this test for every
mutant of code that the build reaches.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from tests import (
    test_comparator_snapshot,
    test_links,
    test_netlify_headers,
    test_pages,
    test_reader_frame,
    test_search_engines,
    test_site_build,
)
from tests.conftest import ROOT, commit_project, copy_project
from tests.quality import test_links_checked
from tests.support.in_process import build_in_process
from tests.support.project import LANGUAGES

#: Every check of the built site that needs nothing but the site folder.
SITE_CHECKS: list[Callable[[Path], None]] = [
    test_site_build.test_both_languages_are_built,
    test_site_build.test_language_switcher_offers_each_pages_twin_and_each_404_the_homes,
    test_site_build.test_no_google_fonts_or_outside_hosts_in_pages,
    test_links.test_every_redirect_and_short_link_target_exists,
    test_links.test_every_short_link_follows_the_en_rule,
    test_search_engines.test_the_sitemap_lists_no_noindex_page_in_any_language,
    test_search_engines.test_the_sitemap_lists_every_public_page_in_both_languages,
    test_search_engines.test_hreflang_is_standard_and_each_twin_points_back,
    test_search_engines.test_no_page_head_has_a_link_material_would_fetch_a_sitemap_for,
    test_search_engines.test_robots_txt_names_the_sitemap_by_its_absolute_url,
    test_links.test_support_page_lists_each_short_link_with_both_languages,
    test_reader_frame.test_related_articles_are_listed_in_the_page_language,
    test_reader_frame.test_each_page_has_its_own_description,
    test_reader_frame.test_internal_pages_are_noindex_and_outside_search,
    test_reader_frame.test_footer_is_translated_without_the_generator_notice,
    test_reader_frame.test_contact_call_to_action_shows_its_sample_link_with_the_notice,
    test_pages.test_block_templates_are_not_published,
    test_pages.test_no_email_address_unless_the_catalogue_gives_it_for_that_language,
    test_netlify_headers.test_each_header_comes_from_one_rule_for_every_file,
    test_netlify_headers.test_only_versioned_or_hashed_files_are_cached_for_good,
    test_netlify_headers.test_every_inline_script_is_allowed_by_hash,
    test_netlify_headers.test_no_stale_hash_in_the_policy,
    test_netlify_headers.test_no_inline_event_handlers_or_javascript_urls,
    # The slowest last: a failed check ends the test, and mutmut runs it for many mutants.
    test_links_checked.test_every_anchor_exists,
    test_comparator_snapshot.test_the_site_publishes_a_restorable_content_hashed_snapshot,
]
#: The same for checks that run once per language.
LANGUAGE_CHECKS: list[Callable[[Path, str], None]] = [
    test_pages.test_no_section_is_repeated_across_pages,
    test_pages.test_every_page_showing_a_sample_says_so,
]


# --- checks written for the in-process build (expectations written out by hand) ----------------

ARTICLES = ("account/manage-subscription/", "account/compare-plans/", "account/cancel/", "faq/")
INTERNAL = ("support/links/", "feedback/")
PREFIX = {"nl": "", "en": "en/"}
#: The commit date the test gives the project, as each language writes it.
COMMIT_DATE = {"nl": "10 juni 2024", "en": "10 June 2024"}


def html_of(site: Path, lang: str, path: str) -> str:
    return (site / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8")


def front_matter_description(lang: str, path: str) -> str:
    source = ROOT / "docs" / f"{path.rstrip('/') or 'index'}.{lang}.md"
    meta = yaml.safe_load(source.read_text(encoding="utf-8").split("---\n")[1])
    return str(meta["description"])


def check_articles_show_their_git_date(site: Path) -> None:
    for lang in PREFIX:
        for path in ARTICLES:
            page = html_of(site, lang, path)
            assert '<time datetime="2024-06-10">' in page, (lang, path)
            assert COMMIT_DATE[lang] in page, (lang, path)
        for path in ("", *INTERNAL):
            assert "<time" not in html_of(site, lang, path), (lang, path)


def check_articles_end_with_the_feedback_form(site: Path) -> None:
    for lang, prefix in PREFIX.items():
        for path in ARTICLES:
            page = html_of(site, lang, path)
            up = "../" * path.count("/")
            assert f'action="{up}feedback/"' in page, (lang, path)
            assert f'<input type="hidden" name="page" value="/{prefix}{path}">' in page
            assert f'<input type="hidden" name="lang" value="{lang}">' in page
        for path in ("", *INTERNAL):
            assert 'class="hc-feedback"' not in html_of(site, lang, path), (lang, path)


def check_each_language_has_its_404_page(site: Path) -> None:
    tasks = (
        "account/manage-subscription/#upgrade",
        "account/manage-subscription/#add-ons",
        "account/manage-subscription/#available-plans",
        "account/compare-plans/",
        "account/cancel/",
    )
    for lang, prefix in PREFIX.items():
        page = (site / prefix / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page
        search = re.search(
            r'<form class="hc-search" role="search" action="([^"]+)" method="get">', page
        )
        assert search is not None, lang
        assert (
            urljoin("https://help.example.test/404.html", search[1])
            == f"https://help.example.test/{prefix}"
        )
        links = re.findall(r'<li><a href="([^"]+)">', page[page.index('class="hc-tasks"') :])
        assert links[: len(tasks)] == [f"/{prefix}{task}" for task in tasks], lang
        home = re.search(r'<p><a href="([^"]+)">', page[page.index('class="hc-tasks"') :])
        assert home is not None, lang
        assert (
            urljoin("https://help.example.test/404.html", home[1])
            == f"https://help.example.test/{prefix}"
        )
    rules = (site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert rules[-1] == "/en/*  /en/404.html  404"


def check_home_pages_have_a_card_per_nav_section(site: Path) -> None:
    cards = {
        "nl": [
            ("Uw abonnement", ["account/manage-subscription/", "account/cancel/"]),
            ("Abonnementen en prijzen", ["account/compare-plans/", "faq/"]),
        ],
        "en": [
            ("Your subscription", ["account/manage-subscription/", "account/cancel/"]),
            ("Plans and pricing", ["account/compare-plans/", "faq/"]),
        ],
    }
    for lang, expected in cards.items():
        home = html_of(site, lang, "")
        found = re.findall(r'<section class="hc-card">(.*?)</section>', home, re.DOTALL)
        shown = [
            (
                re.sub(r"<span.*?</span>|<[^>]+>|\s+", " ", card.split("</h3>")[0]).strip(),
                re.findall(r'<a href="([^"]+)">', card),
            )
            for card in found
        ]
        assert shown == expected, lang
        for _title, paths in expected:
            for path in paths:
                assert front_matter_description(lang, path) in html.unescape(home), (lang, path)


def check_search_uses_the_readers_language(site: Path) -> None:
    bases = {("nl", ""): ".", ("nl", "faq/"): "..", ("en", ""): "../en/"}
    bases[("en", "account/cancel/")] = "../../../en/"
    for (lang, path), base in bases.items():
        config = re.search(
            r'<script id="__config" type="application/json">(.*?)</script>',
            html_of(site, lang, path),
        )
        assert config is not None
        assert json.loads(config[1])["base"] == base, (lang, path)
    for lang, prefix, typed in (("nl", "", "annuleren"), ("en", "en/", "delete account")):
        index = json.loads((site / prefix / "search/search_index.json").read_text("utf-8"))
        cancel = [doc for doc in index["docs"] if doc["location"] == "account/cancel/"]
        assert len(cancel) == 1, lang
        assert typed in cancel[0]["synonyms"], lang
        assert index["config"]["fields"]["synonyms"]["boost"] > 1


def check_pages_describe_themselves(site: Path) -> None:
    for lang in PREFIX:
        for path in ("account/cancel/", "faq/"):
            description = html.escape(front_matter_description(lang, path), quote=True)
            assert f'<meta name="description" content="{description}">' in html_of(site, lang, path)


def check_only_the_compare_page_boots_the_comparator(site: Path) -> None:
    for lang, prefix in PREFIX.items():
        page_dir = site / prefix / "account/compare-plans"
        page = (page_dir / "index.html").read_text(encoding="utf-8")
        assert page.count('<div class="comparator-mount"') == 1
        urls = dict(re.findall(r'data-(plans|archive|pyodide|snapshot)-url="([^"]+)"', page))
        assert sorted(urls) == ["archive", "plans", "pyodide", "snapshot"]
        files = {name: (page_dir / url).resolve() for name, url in urls.items()}
        assert all(path.is_relative_to(site.resolve()) for path in files.values()), urls
        assert (files["pyodide"] / "pyodide.mjs").is_file()
        assert files["archive"].read_bytes()[:2] == b"PK"
        plans = json.loads(files["plans"].read_text(encoding="utf-8"))
        ids = [plan["id"] for plan in plans["catalogue"]["plans"]]
        assert ids == ["lite", "starter", "pro", "enterprise"]
        assert "<table" in page[page.index('<div class="comparator-mount"') :]
        for path in ("", "faq/", "account/cancel/"):
            other = html_of(site, lang, path)
            assert "comparator-mount" not in other
            assert "comparator.js" not in other


OWN_CHECKS: list[Callable[[Path], None]] = [
    check_articles_show_their_git_date,
    check_articles_end_with_the_feedback_form,
    check_each_language_has_its_404_page,
    check_home_pages_have_a_card_per_nav_section,
    check_search_uses_the_readers_language,
    check_pages_describe_themselves,
    check_only_the_compare_page_boots_the_comparator,
]


@pytest.mark.in_process_build
def test_the_site_built_in_process_passes_every_site_check(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    commit_project(project, "2024-06-10T10:00:00+00:00")
    result = build_in_process(project)
    assert result.returncode == 0, result.output
    site = result.site
    for check in OWN_CHECKS:
        check(site)
    for language_check in LANGUAGE_CHECKS:
        for lang in LANGUAGES:
            language_check(site, lang)
    for check in SITE_CHECKS:
        check(site)
