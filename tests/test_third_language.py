"""A third language is configuration: German added to a copy of the project builds a whole site.

The copy gets German the way a site owner adds it (tests/support/third_language.py: mkdocs.yml,
words/de.yaml, plans.yaml texts, docs/*.de.md; English text stands in for the translation). The
built site must have every page in German, dates and amounts in de_DE, its own search index with
German stemming, short links and a 404 page, and not one Dutch word where German belongs; one
missing German text or word is a located error.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.numbers import format_currency

from tests.conftest import BuildResult, copy_project, run_build
from tests.support.project import WORDS
from tests.support.third_language import add_language

CODE, LOCALE = "de", "de_DE"


def german_project(root: Path) -> Path:
    project = copy_project(root / "project")
    add_language(project, CODE, LOCALE, "Deutsch")
    return project


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = run_build(german_project(tmp_path_factory.mktemp("german")))
    assert result.returncode == 0, result.output
    return result


def pages_of(site: Path, folder: str) -> set[str]:
    """The HTML pages of one language, relative to its root."""
    root = site / folder if folder else site
    others = {"en", "de", "assets", "search"} if not folder else {"assets", "search"}
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if path.relative_to(root).parts[0] not in others
    }


def test_every_page_of_the_default_language_has_its_german_twin(german: BuildResult) -> None:
    dutch, deutsch = pages_of(german.site, ""), pages_of(german.site, CODE)
    assert "account/cancel/index.html" in dutch
    assert deutsch == dutch


def test_german_pages_say_they_are_german_and_offer_the_language(german: BuildResult) -> None:
    page = (german.site / CODE / "account" / "cancel" / "index.html").read_text("utf-8")
    assert '<html lang="de"' in page
    assert "Deutsch" in (german.site / "account" / "cancel" / "index.html").read_text("utf-8")


def test_dates_and_amounts_are_written_in_the_german_locale(german: BuildResult) -> None:
    page = (german.site / CODE / "faq" / "index.html").read_text("utf-8")
    when = re.search(r'<time datetime="(\d{4})-(\d\d)-(\d\d)">', page)
    assert when is not None
    day = date(int(when[1]), int(when[2]), int(when[3]))
    assert format_date(day, format="long", locale=LOCALE) in page  # "14. November 2023"
    plans = (german.site / CODE / "account" / "manage-subscription" / "index.html").read_text(
        "utf-8"
    )
    assert format_currency(Decimal("899"), "EUR", locale=LOCALE) in html.unescape(plans)


def test_german_search_has_its_own_index_with_german_stemming(german: BuildResult) -> None:
    index = json.loads((german.site / CODE / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == [CODE]
    locations = [doc["location"] for doc in index["docs"]]
    assert "account/cancel/" in locations
    assert not any(location.startswith(("de/", "en/")) for location in locations)


def test_short_links_and_the_404_page_exist_in_german(german: BuildResult) -> None:
    rules = (german.site / "_redirects").read_text("utf-8").splitlines()
    assert "/de/go/cancel  /de/account/cancel/#how-to-cancel  302" in rules
    assert "/de/*  /de/404.html  404" in rules
    assert '<html lang="de"' in (german.site / CODE / "404.html").read_text("utf-8")


def dutch_only_phrases(project: Path) -> set[str]:
    """Phrases of the Dutch word table and catalogue that the English stand-in never has."""
    english = " ".join(WORDS["en"].table.values()) + (project / "plans.yaml").read_text("utf-8")
    english_texts = set(re.findall(r'\ben: (?:!sample )?"([^"]*)"', english)) | set(
        WORDS["en"].table.values()
    )
    dutch = list(WORDS["nl"].table.values())
    dutch += re.findall(
        r'\bnl: (?:!sample )?"([^"]*)"', (project / "plans.yaml").read_text("utf-8")
    )
    phrases = set()
    for text in dutch:
        if text in english_texts:
            continue
        for part in re.split(r"\{[^}]*\}|\{\{[^}]*\}\}|\*\*|[<>]", text):
            part = part.strip(" .,:;()“”‘’")
            if len(part) >= 8 and part not in english:
                phrases.add(part)
    return phrases


def test_no_dutch_phrase_shows_on_a_german_page(german: BuildResult) -> None:
    phrases = dutch_only_phrases(german.site.parent)
    assert {"Beschikbaar bij", "Voorbeeldgegevens", "Laatst bijgewerkt op"} <= phrases
    for path in sorted((german.site / CODE).rglob("*.html")):
        text = html.unescape(path.read_text("utf-8"))
        shown = [phrase for phrase in sorted(phrases) if phrase in text]
        assert shown == [], path.relative_to(german.site)


def test_a_missing_german_text_in_the_catalogue_is_a_located_error(tmp_path: Path) -> None:
    project = german_project(tmp_path)
    plans = project / "plans.yaml"
    text = plans.read_text("utf-8")
    wanted = ', de: "Calendars"}'
    assert wanted in text
    plans.write_text(text.replace(wanted, "}"), "utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"Kalenders"' in row)
    column = text.splitlines()[line - 1].index("label:") + 1
    result = run_build(project)
    assert result.returncode == 1
    assert (
        f"plans.yaml:{line}:{column}: features[0].label: missing the 'de' text "
        "(every text needs nl, en and de)"
    ) in result.output


def test_a_missing_german_word_is_a_located_error_never_another_languages(tmp_path: Path) -> None:
    project = german_project(tmp_path)
    words = project / "words" / "de.yaml"
    text = words.read_text("utf-8")
    row = next(row for row in text.splitlines() if row.startswith("  choose_plan: "))
    words.write_text(text.replace(row + "\n", ""), "utf-8")
    group_line = text.splitlines().index("comparator:") + 1
    result = run_build(project)
    assert result.returncode == 1
    assert (
        f"words/de.yaml:{group_line}:1: comparator.choose_plan: de: missing "
        "(the default language has 'Kies {plan}')"
    ) in result.output
