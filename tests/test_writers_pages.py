"""Reading the writers' pages: names, front matter, headings and their ids, as written."""

from __future__ import annotations

from pathlib import Path

from helpcenter.writers_pages import Heading, check_pages, read_pages

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
