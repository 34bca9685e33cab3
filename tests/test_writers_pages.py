"""Reading the writers' pages: names, front matter, headings and their ids, as written."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from helpcenter.errors import LocatedError
from helpcenter.shortlinks import load_link_table
from helpcenter.writers_pages import Heading, check_pages, read_pages
from tests.conftest import BuildResult
from tests.support.machine_locale import ascii_locale
from tests.support.project import LANGUAGES

PAGE = """---
description: x
---
# Title

## Plans {#plans}
### Prices {: #prices .wide }
#### Small print
```
## Not a heading
```
## Trailing hashes ##
"""


def test_pages_headings_ids_and_lines_are_read_as_written(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "account").mkdir(parents=True)
    (docs / "pricing.md").write_text("# No language\n", encoding="utf-8")
    for lang in LANGUAGES:
        (docs / f"index.{lang}.md").write_text(PAGE, encoding="utf-8")
        (docs / "account" / f"index.{lang}.md").write_text("# A\n", encoding="utf-8")
        (docs / f"faq.{lang}.md").write_text("# F\n", encoding="utf-8")
    pages, problems = read_pages(docs, LANGUAGES)
    assert [str(p) for p in problems] == [
        "docs/pricing.md:1:1: name the page pricing.nl.md and pricing.en.md (one file per language)"
    ]
    by_src = {page.src: page for page in pages}
    assert sorted(by_src) == [
        "docs/account/index.en.md",
        "docs/account/index.nl.md",
        "docs/faq.en.md",
        "docs/faq.nl.md",
        "docs/index.en.md",
        "docs/index.nl.md",
    ]
    home = by_src["docs/index.nl.md"]
    assert (home.lang, home.stem, home.url, home.offset) == ("nl", "index", "", 3)
    assert home.front_matter == "description: x"
    assert home.headings == (
        Heading(1, "Title", "", 4),
        Heading(2, "Plans", "plans", 6),
        Heading(3, "Prices", "prices", 7),
        Heading(4, "Small print", "", 8),
        Heading(2, "Trailing hashes", "", 12),
    )
    assert by_src["docs/account/index.en.md"].url == "account/"
    assert by_src["docs/faq.en.md"].url == "faq/"
    # Only h2 and h3 need an id: the h4 is fine, the last h2 is not.
    found = [str(p) for p in check_pages(pages, {"nl": set(), "en": set()}, frozenset(), LANGUAGES)]
    assert found == [
        "docs/index.en.md:12:1: the heading '## Trailing hashes' needs an id: write "
        "'## Trailing hashes {#an-id}', with the same id in both languages",
        "docs/index.nl.md:12:1: the heading '## Trailing hashes' needs an id: write "
        "'## Trailing hashes {#an-id}', with the same id in both languages",
    ]


def write(docs: Path, pages: dict[str, str]) -> None:
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")


def test_every_misnamed_page_is_reported_and_the_others_still_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs, {"about.md": "# A\n", "faq.nl.md": "# F\n", "faq.en.md": "# F\n", "z.de.md": ""})
    pages, problems = read_pages(docs, LANGUAGES)
    assert [str(p) for p in problems] == [
        "docs/about.md:1:1: name the page about.nl.md and about.en.md (one file per language)",
        "docs/z.de.md:1:1: name the page z.de.nl.md and z.de.en.md (one file per language)",
    ]
    assert [page.src for page in pages] == ["docs/faq.en.md", "docs/faq.nl.md"]


def test_a_dot_in_a_page_name_belongs_to_its_stem(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs, {f"release.2024.{lang}.md": "# R\n" for lang in LANGUAGES})
    pages, problems = read_pages(docs, LANGUAGES)
    assert problems == []
    assert [(page.stem, page.lang, page.url) for page in pages] == [
        ("release.2024", "en", "release.2024/"),
        ("release.2024", "nl", "release.2024/"),
    ]


def test_a_page_without_front_matter_has_none_and_its_lines_are_the_files(tmp_path: Path) -> None:
    """Read as UTF-8 whatever the machine's locale."""
    docs = tmp_path / "docs"
    write(docs, {"faq.nl.md": "# Veelgestelde vragen\n\n## Één account {#one}\n"})
    with ascii_locale():
        [page], _ = read_pages(docs, LANGUAGES)
    assert (page.front_matter, page.offset) == ("", 0)
    assert page.headings == (
        Heading(1, "Veelgestelde vragen", "", 1),
        Heading(2, "Één account", "one", 3),
    )


def test_a_page_without_its_twin_is_reported(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs, {"faq.en.md": "# F\n"})
    pages, _ = read_pages(docs, LANGUAGES)
    assert [str(p) for p in check_pages(pages, {}, frozenset(), LANGUAGES)] == [
        "docs/faq.en.md:1:1: missing its nl translation docs/faq.nl.md "
        "(every page exists in nl and en; no silent fallback)"
    ]


# --- one mistake, one message ---------------------------------------------------------------------

MISSING_FAQ_EN = (
    "docs/faq.nl.md:1:1: missing its en translation docs/faq.en.md "
    "(every page exists in nl and en; no silent fallback)"
)
RULE = "a page's file name is its web address, so it may only use a-z, 0-9, '-', '_' and '.'"
UPDATE = "(and update mkdocs.yml's nav and the links that name it)"


def pre_build_problems(docs: Path) -> list[str]:
    """Everything the plugin's pre-build check reports: file names, pages, then short links."""
    pages, problems = read_pages(docs, LANGUAGES)
    problems += check_pages(pages, {lang: set() for lang in LANGUAGES}, frozenset(), LANGUAGES)
    try:
        load_link_table(docs.parent / "shortlinks.yaml", pages, LANGUAGES)
    except LocatedError as error:
        problems += error.problems
    return [str(problem) for problem in sorted(problems)]


def test_a_missing_twin_is_one_message_even_with_a_short_link(tmp_path: Path) -> None:
    """The short link's "same in every twin" check used to add a second, misleading message."""
    docs = tmp_path / "docs"
    write(docs, {"faq.nl.md": "---\nshort: vragen\naliases: [oud/]\n---\n# Vragen\n"})
    assert pre_build_problems(docs) == [MISSING_FAQ_EN]


def test_a_byte_order_mark_is_read_as_utf_8(tmp_path: Path) -> None:
    """Some Windows editors start a file with one; its front matter and lines are as written."""
    docs = tmp_path / "docs"
    text = "---\nshort: vragen\n---\n# Vragen\n\n## Eén account {#one}\n"
    write(docs, {"faq.nl.md": "\ufeff" + text, "faq.en.md": text})
    assert (docs / "faq.nl.md").read_bytes().startswith(b"\xef\xbb\xbf---\n")
    assert pre_build_problems(docs) == []
    pages, _ = read_pages(docs, LANGUAGES)
    for page in pages:
        assert (page.front_matter, page.offset, page.body[:9]) == ("short: vragen", 3, "# Vragen\n")
        assert page.headings == (Heading(1, "Vragen", "", 4), Heading(2, "Eén account", "one", 6))
    table = load_link_table(tmp_path / "shortlinks.yaml", pages, LANGUAGES)
    assert [(link.slug, link.page) for link in table.shortlinks] == [("vragen", "faq/")]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            ["account/opzeggen-één.nl.md", "account/opzeggen-één.en.md"],
            f"docs/account/opzeggen-één.en.md:1:1: {RULE}: rename docs/account/opzeggen-één.en.md"
            " to docs/account/opzeggen-een.en.md and docs/account/opzeggen-één.nl.md to "
            f"docs/account/opzeggen-een.nl.md {UPDATE}",
        ),
        (
            # The translator already chose the ASCII name: no "missing twin" for either file.
            ["account/opzeggen-één.nl.md", "account/opzeggen-een.en.md"],
            f"docs/account/opzeggen-één.nl.md:1:1: {RULE}: rename docs/account/opzeggen-één.nl.md"
            f" to docs/account/opzeggen-een.nl.md {UPDATE}",
        ),
        (
            ["Mijn Pagina!.nl.md", "Mijn Pagina!.en.md"],
            f"docs/Mijn Pagina!.en.md:1:1: {RULE}: rename docs/Mijn Pagina!.en.md to "
            f"docs/mijn-pagina.en.md and docs/Mijn Pagina!.nl.md to docs/mijn-pagina.nl.md "
            f"{UPDATE}",
        ),
        (
            ["Account/faq.nl.md", "Account/faq.en.md"],
            f"docs/Account/faq.en.md:1:1: {RULE}: rename docs/Account/faq.en.md to "
            f"docs/account/faq.en.md and docs/Account/faq.nl.md to docs/account/faq.nl.md {UPDATE}",
        ),
        (
            ["日本.nl.md", "日本.en.md"],
            f"docs/日本.en.md:1:1: {RULE}: rename docs/日本.en.md and docs/日本.nl.md "
            f"using only those characters {UPDATE}",
        ),
        (
            ["Über.md"],
            "docs/Über.md:1:1: name the page uber.nl.md and uber.en.md (one file per language)",
        ),
    ],
)
def test_a_file_name_outside_the_address_letters_is_one_message_with_an_ascii_name(
    tmp_path: Path, names: list[str], expected: str
) -> None:
    docs = tmp_path / "docs"
    write(docs, {name: "---\nshort: opzeggen\n---\n# Opzeggen\n" for name in names})
    assert pre_build_problems(docs) == [expected]


# --- the same mistakes in a copy of the project, built --------------------------------------------

_LOCATED = re.compile(r"^\s*(\S+:\d+:\d+: .*)$", re.MULTILINE)


def test_building_with_a_missing_twin_gives_one_message(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    faq = project / "docs" / "faq.nl.md"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("---\n", "---\nshort: prijsvragen\n", 1),
        encoding="utf-8",
    )
    (project / "docs" / "faq.en.md").unlink()
    result = build(project)
    assert result.returncode != 0
    assert _LOCATED.findall(result.output) == [MISSING_FAQ_EN], result.output
    assert not result.site.exists()


def test_a_twin_with_a_byte_order_mark_builds_as_written(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    faq = project / "docs" / "faq.en.md"
    faq.write_bytes(b"\xef\xbb\xbf" + faq.read_bytes())
    result = build(project)
    assert result.returncode == 0, result.output
    page = (result.site / "en" / "faq" / "index.html").read_text(encoding="utf-8")
    assert "<title>Pricing questions - Timely Help Centre</title>" in page
    assert '<h1 id="pricing-questions">Pricing questions' in page
    description = "Answers to questions about Timely&#x27;s prices and billing."
    assert f'<meta name="description" content="{description}">' in page
    assert 'aria-label="Related articles"' in page
    assert "\ufeff" not in page
    assert "aliases:" not in page
    # Its aliases (read by the writers' pages check) still lead to it.
    redirects = (result.site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/en/prijzen/  /en/faq/  301" in redirects


def test_building_with_a_non_ascii_file_name_gives_one_message(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    """Refused, not published: MkDocs would percent-encode the address (see read_pages)."""
    docs = project / "docs" / "account"
    for lang, title in (("nl", "Eén pagina"), ("en", "One page")):
        (docs / f"opzeggen-één.{lang}.md").write_text(
            f"---\nshort: een-pagina\n---\n# {title}\n\n## Sectie {{#sectie}}\n", encoding="utf-8"
        )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      - account/cancel.md\n",
            "      - account/cancel.md\n      - account/opzeggen-één.md\n",
        ),
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode != 0
    assert _LOCATED.findall(result.output) == [
        f"docs/account/opzeggen-één.en.md:1:1: {RULE}: rename docs/account/opzeggen-één.en.md to "
        "docs/account/opzeggen-een.en.md and docs/account/opzeggen-één.nl.md to "
        f"docs/account/opzeggen-een.nl.md {UPDATE}"
    ], result.output
    assert not result.site.exists()
