"""Reading the writers' pages: names, front matter, headings and their ids, as written."""

from __future__ import annotations

from pathlib import Path

from helpcenter.writers_pages import Heading, check_pages, read_pages
from tests.support.machine_locale import ascii_locale

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
    for lang in ("nl", "en"):
        (docs / f"index.{lang}.md").write_text(PAGE, encoding="utf-8")
        (docs / "account" / f"index.{lang}.md").write_text("# A\n", encoding="utf-8")
        (docs / f"faq.{lang}.md").write_text("# F\n", encoding="utf-8")
    pages, problems = read_pages(docs)
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
    found = [str(p) for p in check_pages(pages, {"nl": set(), "en": set()}, frozenset())]
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
    pages, problems = read_pages(docs)
    assert [str(p) for p in problems] == [
        "docs/about.md:1:1: name the page about.nl.md and about.en.md (one file per language)",
        "docs/z.de.md:1:1: name the page z.de.nl.md and z.de.en.md (one file per language)",
    ]
    assert [page.src for page in pages] == ["docs/faq.en.md", "docs/faq.nl.md"]


def test_a_dot_in_a_page_name_belongs_to_its_stem(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs, {f"release.2024.{lang}.md": "# R\n" for lang in ("nl", "en")})
    pages, problems = read_pages(docs)
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
        [page], _ = read_pages(docs)
    assert (page.front_matter, page.offset) == ("", 0)
    assert page.headings == (
        Heading(1, "Veelgestelde vragen", "", 1),
        Heading(2, "Één account", "one", 3),
    )


def test_a_page_without_its_twin_is_reported(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs, {"faq.en.md": "# F\n"})
    pages, _ = read_pages(docs)
    assert [str(p) for p in check_pages(pages, {}, frozenset())] == [
        "docs/faq.en.md:1:1: missing its nl translation docs/faq.nl.md "
        "(every page exists in nl and en; no silent fallback)"
    ]
