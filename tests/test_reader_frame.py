"""The frame around every page, as built: dates, related pages, home cards, descriptions, footer,
internal pages, and the located errors a writer gets for a wrong reference."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import BuildResult, commit_project
from tests.support.project import LANGUAGES

ARTICLES = [
    "account/manage-subscription/",
    "account/compare-plans/",
    "account/cancel/",
    "faq/",
]
HELP_PAGE = {
    "nl": "# Hulp bij inloggen\n\nWeet u uw wachtwoord niet meer? Vraag een nieuw aan.\n",
    "en": "# Help with signing in\n\nForgot your password? Ask for a new one.\n",
}


def page(site: Path, lang: str, path: str) -> str:
    prefix = "" if lang == "nl" else "en/"
    return (site / prefix / path / "index.html").read_text(encoding="utf-8")


def add_to_nav(project: Path, entry: str, section: str | None = None, english: str = "") -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if section:
        text = text.replace(
            "      - faq.md\n", f"      - faq.md\n  - {section}:\n      - {entry}\n"
        )
        translation = "            Abonnementen en prijzen: Plans and pricing\n"
        text = text.replace(translation, f"{translation}            {section}: {english}\n")
    else:
        text = text.replace("      - faq.md\n", f"      - faq.md\n  - {entry}\n")
    config.write_text(text, encoding="utf-8")


def test_every_article_shows_its_last_change_in_the_readers_language(
    project: Path, build: Callable[[Path], BuildResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's own commit, or the catalogue's if it quotes the catalogue and that is later."""
    for lang, text in HELP_PAGE.items():
        (project / "docs" / f"help.{lang}.md").write_text(text, encoding="utf-8")
    add_to_nav(project, "help.md")
    commit_project(project, "2024-03-05T10:00:00+00:00")
    catalogue = project / "plans.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n# new prices\n", "utf-8")
    commit_project(project, "2024-06-10T10:00:00+00:00", "prices")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709510400")
    result = build(project)
    assert result.returncode == 0, result.output
    expected = {"nl": "10 juni 2024", "en": "10 June 2024"}
    for lang in LANGUAGES:
        for path in ARTICLES:  # every one quotes the catalogue
            html = page(result.site, lang, path)
            assert '<time datetime="2024-06-10">' in html, (lang, path)
            assert expected[lang] in html, (lang, path)
    assert "5 maart 2024" in page(result.site, "nl", "help/")
    assert "5 March 2024" in page(result.site, "en", "help/")
    assert "<time" not in page(result.site, "nl", ""), "the home page is not an article"

    # Another build date changes no page: dates come from git.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    again = build(project)
    assert again.returncode == 0, again.output
    for lang in LANGUAGES:
        assert page(again.site, lang, "help/") == page(result.site, lang, "help/")


def test_related_articles_are_listed_in_the_page_language(built_site: Path) -> None:
    nl = page(built_site, "nl", "faq/")
    en = page(built_site, "en", "faq/")
    related = re.compile(r'<nav class="hc-related".*?</nav>', re.DOTALL)
    nl_block = related.search(nl)
    en_block = related.search(en)
    assert nl_block is not None
    assert en_block is not None
    assert "Uw abonnement opzeggen" in nl_block[0]
    assert "Cancel your subscription" in en_block[0]
    assert 'href="../account/manage-subscription/#available-plans"' in nl_block[0]
    assert 'href="../../en/account/' not in en_block[0]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "account/cancle.md",
            "related[0]: no page 'account/cancle.md' (did you mean 'account/cancel.md'?)",
        ),
        ("account/cancel.md#by-mail", "related[0]: account/cancel.md has no section #by-mail"),
    ],
)
def test_a_wrong_related_page_is_a_located_error(
    project: Path, build: Callable[[Path], BuildResult], entry: str, message: str
) -> None:
    faq = project / "docs" / "faq.en.md"
    text = faq.read_text(encoding="utf-8")
    faq.write_text(
        text.replace("  - account/manage-subscription.md#available-plans", f"  - {entry}"), "utf-8"
    )
    result = build(project)
    assert result.returncode != 0
    assert f"docs/faq.en.md:6:5: {message}" in result.output, result.output
    assert not result.site.exists()


def test_a_new_article_in_nav_appears_on_both_home_pages(
    project: Path, build: Callable[[Path], BuildResult]
) -> None:
    texts = {
        "nl": "---\nicon: material/receipt-text-outline\ndescription: Uw facturen downloaden."
        "\n---\n# Facturen\n\nDownload uw facturen.\n",
        "en": "---\nicon: material/receipt-text-outline\ndescription: Download your invoices."
        "\n---\n# Invoices\n\nDownload your invoices.\n",
    }
    for lang, text in texts.items():
        (project / "docs" / f"invoices.{lang}.md").write_text(text, encoding="utf-8")
    add_to_nav(project, "invoices.md", "Facturen", "Invoices")
    before = {p: p.read_bytes() for p in (project / "docs").glob("index.*.md")}
    result = build(project)
    assert result.returncode == 0, result.output
    for lang, description in (("nl", "Uw facturen downloaden."), ("en", "Download your invoices.")):
        home = page(result.site, lang, "")
        cards = re.findall(r'<section class="hc-card">(.*?)</section>', home, re.DOTALL)
        card = next((c for c in cards if "invoices/" in c), None)
        assert card is not None, home
        assert "<svg" in card, "the card shows the article's icon"
        assert description in card
    assert before == {p: p.read_bytes() for p in (project / "docs").glob("index.*.md")}


def test_an_unknown_icon_is_a_located_error(
    project: Path, build: Callable[[Path], BuildResult]
) -> None:
    faq = project / "docs" / "faq.nl.md"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace(
            "icon: material/currency-eur", "icon: material/nope"
        ),
        "utf-8",
    )
    result = build(project)
    assert result.returncode != 0
    assert "docs/faq.nl.md:2:1: icon: unknown icon 'material/nope'" in result.output, result.output


def test_each_page_has_its_own_description(built_site: Path) -> None:
    for prefix in ("", "en/"):
        found: dict[str, str] = {}
        for html_file in sorted((built_site / prefix).rglob("index.html")):
            relative = html_file.relative_to(built_site).as_posix()
            if "assets" in relative or (not prefix and relative.startswith("en/")):
                continue
            match = re.search(
                r'<meta name="description" content="([^"]*)">', html_file.read_text("utf-8")
            )
            assert match is not None, relative
            assert match[1] not in found.values(), f"{relative} repeats {match[1]!r}"
            found[relative] = match[1]
        assert len(found) == len(ARTICLES) + 3, found  # home, support links, thank-you page


def test_internal_pages_are_noindex_and_outside_search(built_site: Path) -> None:
    for lang, prefix in (("nl", ""), ("en", "en/")):
        for path in ("support/links/", "feedback/"):
            assert '<meta name="robots" content="noindex">' in page(built_site, lang, path)
        for path in ("", "faq/", "account/cancel/"):
            assert "noindex" not in page(built_site, lang, path)
        index = json.loads((built_site / prefix / "search/search_index.json").read_text("utf-8"))
        assert index["config"]["lang"] == [lang]
        locations = [doc["location"] for doc in index["docs"]]
        assert not [loc for loc in locations if loc.startswith(("support/", "feedback/", "en/"))]
        assert "account/cancel/" in locations


def test_footer_is_translated_without_the_generator_notice(built_site: Path) -> None:
    for lang, words in (("nl", "Timely Helpcentrum"), ("en", "Timely Help Centre")):
        html = page(built_site, lang, "faq/")
        footer = html[html.index('<div class="md-copyright">') :]
        assert words in footer
        assert "Made with" not in html
        assert "squidfunk" not in html


def test_site_texts_need_every_language(
    project: Path, build: Callable[[Path], BuildResult]
) -> None:
    """A frame text missing from one word table stops the build, located in that table (never
    the default language's text in its place)."""
    texts = project / "words" / "en.yaml"
    text = texts.read_text(encoding="utf-8")
    texts.write_text(text.replace('  feedback_yes: "Yes"\n', ""), "utf-8")
    result = build(project)
    assert result.returncode != 0
    line = text[: text.index("\nsite:")].count("\n") + 2  # the group, as the word is gone
    assert (
        f"words/en.yaml:{line}:1: site.feedback_yes: en: missing (the default language has 'Ja')"
        in result.output
    )


def contact_box(html: str) -> str:
    match = re.search(r'<aside class="hc-contact".*?</aside>', html, re.DOTALL)
    assert match is not None, "no contact call to action"
    return match[0]


def test_contact_call_to_action_shows_its_sample_link_with_the_notice(built_site: Path) -> None:
    """plans.yaml marks links.contact !sample: wherever the call to action quotes it, it says so."""
    for lang, notice, url in (
        ("nl", "Voorbeeldgegevens:", "https://time.ly/nl/contact/"),
        ("en", "Sample data:", "https://time.ly/contact/"),
    ):
        prefix = "" if lang == "nl" else "en/"
        not_found = (built_site / prefix / "404.html").read_text(encoding="utf-8")
        for html in (page(built_site, lang, ""), page(built_site, lang, "faq/"), not_found):
            box = contact_box(html)
            assert f'href="{url}"' in box
            assert notice in box


def test_contact_call_to_action_without_samples_has_no_notice(
    project: Path, build: Callable[[Path], BuildResult]
) -> None:
    catalogue = project / "plans.yaml"
    catalogue.write_text(
        re.sub(r" ?!sample", "", catalogue.read_text(encoding="utf-8")), encoding="utf-8"
    )
    result = build(project)
    assert result.returncode == 0, result.output
    for lang, notice in (("nl", "Voorbeeldgegevens"), ("en", "Sample data")):
        box = contact_box(page(result.site, lang, "account/cancel/"))
        assert "Neem contact op" in box or "Contact us" in box
        assert notice not in box
