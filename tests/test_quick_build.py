"""``make serve``'s quick build (helpcenter/quick_build.py): the pages of a saved article drawn
exactly as a full build draws them, nothing else touched, and every check still made.

The builds run in this process, as ``make serve`` runs them (one plugin instance per process,
the render cache kept between builds).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from helpcenter.build import build_site, quick_build
from helpcenter.quick_build import (
    RenderCache,
    Superseded,
    cached_rendering,
    checked_between_pages,
    remembered_files,
)
from helpcenter.serve import Stamp, quick_changes
from tests.conftest import copy_project

URL = "http://127.0.0.1:8000/"
OLD = "No. All"


def files(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, RenderCache]:
    """A project copy built as ``make serve`` builds it, with its render cache filled."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    cache = RenderCache()
    outcome = build_site(
        project / "mkdocs.yml",
        project / "site",
        site_url=URL,
        serving=True,
        during=(cached_rendering(cache),),
    )
    assert outcome.ok, outcome.report()
    return project, cache


def test_a_saved_article_is_drawn_as_a_full_build_draws_it_and_nothing_else_changes(
    served: tuple[Path, RenderCache], tmp_path: Path
) -> None:
    project, cache = served
    before = files(project / "site")
    page = project / "docs" / "faq.en.md"
    page.write_text(page.read_text(encoding="utf-8").replace(OLD, "No, never. All"), "utf-8")

    outcome = quick_build(project / "mkdocs.yml", project / "site", {page}, cache, site_url=URL)

    assert outcome.ok, outcome.report()
    assert cache.hits > 0, "unchanged pages come from the render cache"
    pages = len(list((project / "docs").rglob("*.md")))
    assert len(cache.entries) == pages, "the old version of the saved page is let go"
    after = files(project / "site")
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        "en/faq/index.html"
    ]
    reference = build_site(project / "mkdocs.yml", tmp_path / "full", site_url=URL, serving=True)
    assert reference.ok, reference.report()
    drawn = (project / "site" / "en" / "faq" / "index.html").read_bytes()
    assert "No, never. All" in drawn.decode("utf-8")
    assert drawn == (tmp_path / "full" / "en" / "faq" / "index.html").read_bytes()
    assert not any(name.startswith(".site") for name in os.listdir(project))


def test_a_quick_build_makes_every_check_and_writes_nothing_when_one_fails(
    served: tuple[Path, RenderCache],
) -> None:
    project, cache = served
    before = files(project / "site")
    page = project / "docs" / "faq.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(OLD, "See [refunds](refunds.md). All"), "utf-8")
    line = text[: text.index(OLD)].count("\n") + 1

    outcome = quick_build(project / "mkdocs.yml", project / "site", {page}, cache, site_url=URL)

    assert not outcome.ok
    assert outcome.report().splitlines() == [
        "1 problem found; nothing was built:",
        f"  docs/faq.en.md:{line}:15: link 'refunds.md': no page docs/refunds.<lang>.md",
    ]
    assert files(project / "site") == before


def test_the_render_cache_changes_nothing_in_a_full_build(
    served: tuple[Path, RenderCache], tmp_path: Path
) -> None:
    """A full build whose every page and every file object comes from the cache equals one
    without a cache."""
    project, cache = served
    for name in ("first", "cached"):  # the first fills the file objects, the second reuses them
        hits = cache.hits
        outcome = build_site(
            project / "mkdocs.yml",
            tmp_path / name,
            site_url=URL,
            serving=True,
            during=(cached_rendering(cache), remembered_files(cache)),
        )
        assert outcome.ok, outcome.report()
        assert cache.hits - hits == len(list((project / "docs").rglob("*.md")))
    assert cache.i18n_files.hits > 0
    plain = build_site(project / "mkdocs.yml", tmp_path / "plain", site_url=URL, serving=True)
    assert plain.ok
    assert files(tmp_path / "cached") == files(tmp_path / "plain")


def theme_files(project: Path, cache: RenderCache | None) -> list[tuple[str, str, str]]:
    """The files MkDocs adds from the theme's folders, with or without ``remembered_files``."""
    config = load_config(str(project / "mkdocs.yml"))
    found = get_files(config)
    docs = {file.src_uri for file in found}
    with remembered_files(cache) if cache is not None else contextlib.nullcontext():
        found.add_files_from_theme(config.theme.get_env(), config)
    return sorted(
        (file.src_uri, file.abs_src_path or "", file.abs_dest_path)
        for file in found
        if file.src_uri not in docs
    )


def test_the_theme_files_are_those_mkdocs_finds_and_a_new_override_is_seen(
    project: Path,
) -> None:
    """Material's installed folders are listed once per `make serve`; the site's own overrides
    every build, so an override added (or removed) while serving counts at once."""
    cache = RenderCache()
    assert theme_files(project, cache) == theme_files(project, None)
    assert cache.theme_folders, "the installed folders are remembered"
    added = project / "overrides" / "assets" / "extra-test.css"
    added.write_text("body {}\n", encoding="utf-8")
    nested = project / "overrides" / "assets" / "javascripts" / "bundle.test.js"
    nested.parent.mkdir(parents=True, exist_ok=True)
    nested.write_text("// test\n", encoding="utf-8")
    with_added = theme_files(project, cache)
    assert with_added == theme_files(project, None)
    assert any(src == "assets/extra-test.css" for src, _, _ in with_added)
    added.unlink()
    assert theme_files(project, cache) == theme_files(project, None)


DOCS = Path("/project/docs")
A, B = str(DOCS / "a.en.md"), str(DOCS / "b.nl.md")
IMAGE, CATALOGUE = str(DOCS / "img.png"), "/project/plans.yaml"


@pytest.mark.parametrize(
    ("good", "now", "quick"),
    [
        (None, {A: (1, 1, 1)}, set()),  # no good build yet
        ({A: (1, 1, 1)}, {A: (1, 1, 1)}, set()),  # nothing changed
        ({A: (1, 1, 1), B: (1, 1, 1)}, {A: (2, 1, 1), B: (1, 1, 1)}, {A}),  # one article
        ({A: (1, 1, 1), B: (1, 1, 1)}, {A: (2, 1, 1), B: (1, 2, 1)}, {A, B}),  # two
        ({A: (1, 1, 1), B: (1, 1, 1)}, {A: (1, 1, 2), B: (1, 1, 1)}, {A}),  # renamed over it
        ({A: (1, 1, 1)}, {A: (2, 1, 1), B: (1, 1, 1)}, set()),  # an article added: nav changes
        ({A: (1, 1, 1), B: (1, 1, 1)}, {A: (2, 1, 1)}, set()),  # an article removed
        ({A: (1, 1, 1), IMAGE: (1, 1, 1)}, {A: (2, 1, 1), IMAGE: (2, 1, 1)}, set()),
        ({A: (1, 1, 1), CATALOGUE: (1, 1, 1)}, {A: (1, 1, 1), CATALOGUE: (2, 1, 1)}, set()),
    ],
    ids=[
        "first",
        "none",
        "one",
        "two",
        "a new file in its place",
        "added",
        "removed",
        "an image",
        "the catalogue",
    ],
)
def test_only_edited_articles_get_a_quick_build(
    good: dict[str, Stamp] | None, now: dict[str, Stamp], quick: set[str]
) -> None:
    assert quick_changes(good, now, DOCS) == {Path(path) for path in quick}


def test_a_build_stopped_by_a_newer_save_leaves_nothing_behind_for_the_next_build(
    served: tuple[Path, RenderCache], tmp_path: Path
) -> None:
    """A newer save stops a full build between two pages; the next build is whole (both
    languages, search split per language) and the served site was never touched."""
    project, cache = served
    before = files(project / "site")
    with pytest.raises(Superseded):
        build_site(
            project / "mkdocs.yml",
            project / "site",
            site_url=URL,
            serving=True,
            during=(cached_rendering(cache), checked_between_pages(lambda: True)),
        )
    assert files(project / "site") == before
    again = build_site(project / "mkdocs.yml", tmp_path / "next", site_url=URL, serving=True)
    assert again.ok, again.report()
    assert files(tmp_path / "next") == before


def test_a_newer_save_does_not_stop_the_other_languages_builds(
    served: tuple[Path, RenderCache], tmp_path: Path
) -> None:
    """Once the default language is drawn, mkdocs-static-i18n builds the others with state only
    its own end puts back: a save then waits for the build to finish."""
    project, _cache = served
    per_language = len(list((project / "docs").rglob("*.nl.md")))
    asked: list[int] = []

    def newer_save_after_the_default_language() -> bool:
        asked.append(1)
        return len(asked) > per_language

    outcome = build_site(
        project / "mkdocs.yml",
        tmp_path / "whole",
        site_url=URL,
        serving=True,
        during=(checked_between_pages(newer_save_after_the_default_language),),
    )
    assert outcome.ok, outcome.report()
    assert len(asked) == per_language
    assert files(tmp_path / "whole") == files(project / "site")


def test_a_saved_support_page_is_drawn_with_its_table_as_a_full_build_draws_it(
    served: tuple[Path, RenderCache], tmp_path: Path
) -> None:
    """The support page's table of every page and section is made only when the page is
    drawn: in a quick build, only when it is the saved page."""
    project, cache = served
    page = project / "docs" / "support" / "links.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")

    outcome = quick_build(project / "mkdocs.yml", project / "site", {page}, cache, site_url=URL)

    assert outcome.ok, outcome.report()
    reference = build_site(project / "mkdocs.yml", tmp_path / "full", site_url=URL, serving=True)
    assert reference.ok, reference.report()
    drawn = (project / "site" / "en" / "support" / "links" / "index.html").read_bytes()
    assert b"One more line." in drawn
    assert b"HELPCENTER-BLOCK" not in drawn
    assert drawn == (tmp_path / "full" / "en" / "support" / "links" / "index.html").read_bytes()


def test_an_edited_mkdocs_yml_or_environment_is_read_anew(
    served: tuple[Path, RenderCache], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """make serve parses mkdocs.yml once per text and environment (its !ENV tags)."""
    project, cache = served
    config = project / "mkdocs.yml"
    before = build_site(
        config, tmp_path / "before", serving=True, during=(remembered_files(cache),)
    )
    assert before.ok, before.report()
    assert len(cache.config_files.kept) == 1
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "          site_name: Timely Helpcentrum\n", "          site_name: Timely Hulp\n"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("SITE_URL", "https://elsewhere.example/")
    for name in ("remembered", "plain"):
        during = (remembered_files(cache),) if name == "remembered" else ()
        outcome = build_site(config, tmp_path / name, serving=True, during=during)
        assert outcome.ok, outcome.report()
    assert files(tmp_path / "remembered") == files(tmp_path / "plain")
    home = (tmp_path / "remembered" / "index.html").read_text(encoding="utf-8")
    assert "Timely Hulp" in home
    assert "https://elsewhere.example/" in (tmp_path / "remembered" / "sitemap.xml").read_text(
        encoding="utf-8"
    )
