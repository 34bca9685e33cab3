"""The site builds in both languages, and a broken catalogue never touches the published folder."""

from __future__ import annotations

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


def test_language_switcher_offers_both_languages(built_site: Path) -> None:
    dutch = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="en/" hreflang="en" lang="en" class="md-select__link">' in dutch
    english = (built_site / "en" / "faq" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../faq/" hreflang="nl" lang="nl" class="md-select__link">' in english


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
