"""The site builds in both languages, and a broken catalogue never touches the published folder."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import BuildResult


def test_both_languages_are_built(built_site: Path) -> None:
    dutch = (built_site / "index.html").read_text(encoding="utf-8")
    english = (built_site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in dutch
    assert "Timely Helpcentrum" in dutch
    assert '<html lang="en"' in english
    assert "Timely Help Centre" in english


def language_menu(page: Path) -> list[tuple[str, str, bool]]:
    """``(href, hreflang, current)`` of each entry of a page's language menu, in order."""
    found = re.findall(
        r'<a href="([^"]*)" hreflang="([^"]*)" lang="\2" class="md-select__link"'
        r'( aria-current="true")?>',
        page.read_text(encoding="utf-8"),
    )
    return [(href, lang, bool(current)) for href, lang, current in found]


def test_language_switcher_offers_each_pages_twin_and_each_404_the_homes(built_site: Path) -> None:
    assert language_menu(built_site / "index.html") == [("./", "nl", True), ("en/", "en", False)]
    assert language_menu(built_site / "en" / "faq" / "index.html") == [
        ("../../faq/", "nl", False),
        ("./", "en", True),
    ]
    # A 404 page is served at any path: its menu links are absolute, to each language's home.
    assert language_menu(built_site / "404.html") == [("/./", "nl", True), ("/en/", "en", False)]
    assert language_menu(built_site / "en" / "404.html") == [
        ("/./", "nl", False),
        ("/en/", "en", True),
    ]


def test_no_google_fonts_or_outside_hosts_in_pages(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text, page
        assert "fonts.gstatic.com" not in text, page


def test_broken_catalogue_fails_with_located_error_and_keeps_site(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    first = build(project)
    assert first.returncode == 0, first.output
    before = {p: p.read_bytes() for p in first.site.rglob("*") if p.is_file()}

    catalogue = project / "plans.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(
        text.replace("price: !sample {EUR: 899", "price: !sample {EUR: -899"), encoding="utf-8"
    )
    second = build(project)

    assert second.returncode != 0
    line = text[: text.index("price: !sample {EUR: 899")].count("\n") + 1
    assert f"plans.yaml:{line}:21: plans[2].price.EUR: expected an amount" in second.output
    assert "Traceback" not in second.output
    after = {p: p.read_bytes() for p in second.site.rglob("*") if p.is_file()}
    assert after == before
    assert not (project / ".site.staging").exists()
