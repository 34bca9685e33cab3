"""Generated articles: golden files per language, data-driven lists, and writers' quoting."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpcenter.articles import ARTICLES, render_articles, template_environment
from helpcenter.catalogue import load_catalogue
from helpcenter.wording import LANGUAGES, load_wording
from tests.conftest import ROOT, BuildResult
from tests.support.golden import assert_matches_golden

GOLDEN = Path(__file__).parent / "golden" / "articles"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    catalogue = load_catalogue(ROOT / "plans.yaml")
    return render_articles(catalogue, load_wording(), template_environment(None))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", [article.path for article in ARTICLES])
def test_article_matches_golden_file(rendered: dict[str, str], path: str, lang: str) -> None:
    """After an intended change: UPDATE_GOLDEN=1 (that run fails), review the diff, rerun."""
    text = rendered[f"{path}.{lang}.md"]
    golden = GOLDEN / f"{path.replace('/', '--')}.{lang}.md"
    assert_matches_golden(text, golden)


def heading_ids(markdown: str) -> list[str]:
    return re.findall(r"^#+ .*\{#([a-z0-9-]+)\}$", markdown, flags=re.MULTILINE)


@pytest.mark.parametrize("path", [article.path for article in ARTICLES])
def test_anchors_are_identical_in_both_languages(rendered: dict[str, str], path: str) -> None:
    dutch = heading_ids(rendered[f"{path}.nl.md"])
    english = heading_ids(rendered[f"{path}.en.md"])
    assert dutch == english
    assert len(dutch) == len(set(dutch)), "anchors are unique within a page"


def test_self_service_list_is_computed_from_plan_flags(tmp_path: Path) -> None:
    text = (ROOT / "plans.yaml").read_text(encoding="utf-8")
    # Make Pro a meeting-only plan: every sentence listing plans must follow.
    text = text.replace(
        "    name: Pro\n    self_service: true", "    name: Pro\n    self_service: false"
    )
    path = tmp_path / "plans.yaml"
    path.write_text(text, encoding="utf-8")
    articles = render_articles(load_catalogue(path), load_wording(), template_environment(None))
    dutch = articles["account/plans.nl.md"]
    english = articles["account/plans.en.md"]
    assert "alleen Lite en Starter beschikbaar voor upgrades in selfservice" in dutch
    assert "Klanten van Pro en Enterprise maken een afspraak" in dutch
    assert "only Lite and Starter are available for self-service upgrades" in english


def test_seed_translation_slips_are_gone(rendered: dict[str, str]) -> None:
    dutch = rendered["account/manage-subscription.nl.md"]
    assert "Er zijn plannen" not in dutch
    assert "Lite, Starter en Pro beschikbaar" in dutch
    # The add-ons section lists every add-on of the catalogue (the seed's list was empty).
    section = dutch.split("{#add-ons}", 1)[1].split("{#upgrade-without-meeting}", 1)[0]
    for name in ("Ticketing", "Extra kalender", "5 extra gebruikers", "White Label"):
        assert f"#### {name} " in section


def test_glossary_names_are_never_translated(rendered: dict[str, str]) -> None:
    glossary = load_catalogue(ROOT / "plans.yaml").data["glossary"]
    for article in ARTICLES:
        dutch = rendered[article.src_uri("nl")]
        english = rendered[article.src_uri("en")]
        for term in glossary:
            assert (term in dutch) == (term in english), (article.slug, term)


def test_catalogue_html_renders_as_text(tmp_path: Path) -> None:
    payload = "<img src=x onerror=alert(1)>[click](javascript:alert(2))"
    text = (
        (ROOT / "plans.yaml")
        .read_text(encoding="utf-8")
        .replace("Vijf extra gebruikers die evenementen kunnen beheren.", payload)
    )
    path = tmp_path / "plans.yaml"
    path.write_text(text, encoding="utf-8")
    articles = render_articles(load_catalogue(path), load_wording(), template_environment(None))
    markdown = articles["account/add-ons.nl.md"]
    assert "<img" not in markdown
    assert (
        "&lt;img src=x onerror=alert\\(1\\)&gt;\\[click\\]\\(javascript:alert\\(2\\)\\)" in markdown
    )


def pages_containing(site: Path, needle: str) -> set[str]:
    return {
        page.relative_to(site).as_posix()
        for page in site.rglob("*.html")
        if needle in page.read_text(encoding="utf-8")
    }


def test_a_price_change_reaches_every_page_in_both_languages(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    before = build(project)
    assert before.returncode == 0, before.output
    old_nl, old_en = "€\xa0899,00", "€899.00"
    dutch_pages = pages_containing(before.site, old_nl)
    english_pages = pages_containing(before.site, old_en)
    # The Pro price is shown on the generated articles and on the writers' FAQ, in both languages.
    assert {"account/plans/index.html", "faq/index.html"} <= dutch_pages
    assert {"en/account/plans/index.html", "en/faq/index.html"} <= english_pages

    catalogue = project / "plans.yaml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace("EUR: 899,", "EUR: 1234.5,"), encoding="utf-8"
    )
    after = build(project)
    assert after.returncode == 0, after.output
    assert pages_containing(after.site, old_nl) == set()
    assert pages_containing(after.site, old_en) == set()
    assert pages_containing(after.site, "€\xa01.234,50") >= dutch_pages
    assert pages_containing(after.site, "€1,234.50") >= english_pages


def test_unknown_quote_key_names_page_and_line(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    page = project / "docs" / "faq.en.md"
    text = page.read_text(encoding="utf-8").replace("{{ plan.pro.price }}", "{{ plan.pro.prize }}")
    page.write_text(text, encoding="utf-8")
    line = text[: text.index("plan.pro.prize")].count("\n") + 1
    result = build(project)
    assert result.returncode != 0
    assert (
        f"docs/faq.en.md:{line}:27: unknown catalogue key 'plan.pro.prize' "
        "(did you mean 'plan.pro.price'?)" in result.output
    )
    assert not result.site.exists(), "a failed first build publishes nothing"


def test_page_without_translation_is_an_error(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    (project / "docs" / "faq.nl.md").unlink()
    result = build(project)
    assert result.returncode != 0
    assert "docs/faq.en.md:1:1: missing its nl translation docs/faq.nl.md" in result.output


def test_missing_wording_language_is_an_error(tmp_path: Path) -> None:
    override = tmp_path / "helpcenter"
    override.mkdir()
    source = (ROOT / "helpcenter" / "templates" / "wording.yaml").read_text(encoding="utf-8")
    broken = source.replace(
        'cancel_outro:\n  nl: "Ons team helpt u snel met uw verzoek tot opzegging."\n',
        "cancel_outro:\n",
    )
    assert broken != source
    (override / "wording.yaml").write_text(broken, encoding="utf-8")
    from helpcenter.errors import LocatedError

    with pytest.raises(LocatedError) as caught:
        load_wording(override)
    line = broken[: broken.index("cancel_outro:")].count("\n") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"{override / 'wording.yaml'}:{line}:1: cancel_outro: missing the 'nl' text"
    ]


def writer_owned_files() -> dict[Path, bytes]:
    paths = [ROOT / "plans.yaml", *sorted((ROOT / "docs").rglob("*"))]
    return {path: path.read_bytes() for path in paths if path.is_file()}


def test_build_never_touches_docs_or_catalogue() -> None:
    """Build the real project in place and compare docs/ and plans.yaml byte for byte."""
    before = writer_owned_files()
    site = ROOT / ".cache" / "test-site"
    result = subprocess.run(
        [sys.executable, "-m", "helpcenter.build", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert writer_owned_files() == before
