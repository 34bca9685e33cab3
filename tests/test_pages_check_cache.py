"""The writers' pages check runs once per site build: the second language build reuses it only
while every input it reads is byte for byte the same (so an edit under `make serve` is checked).
Within a check, each page is parsed and checked anew only when its bytes changed: the result is
always the one a check without any memory gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpcenter.blocks import BLOCKS
from helpcenter.errors import Problem
from helpcenter.plugin import _pages_key
from helpcenter.writers_pages import ChecksMemo, PagesMemo, check_pages, page_sources, read_pages
from tests.support.project import LANGUAGES


def key(docs: Path, table: Path, known: dict[str, set[str]]) -> str:
    return _pages_key(page_sources(docs), table, known)


def test_the_check_is_redone_when_a_page_the_short_links_or_the_catalogue_keys_change(
    project: Path,
) -> None:
    docs, table = project / "docs", project / "shortlinks.yaml"
    known = {"nl": {"plan.pro.price"}, "en": {"plan.pro.price"}}
    first = key(docs, table, known)
    assert key(docs, table, {lang: set(keys) for lang, keys in known.items()}) == first

    page = docs / "faq.en.md"
    original = page.read_bytes()
    page.write_bytes(original + b"\n{{ plan.pro.prize }}\n")
    assert key(docs, table, known) != first
    page.write_bytes(original)
    assert key(docs, table, known) == first

    (docs / "new.nl.md").write_text("# Nieuw\n", encoding="utf-8")
    assert key(docs, table, known) != first
    (docs / "new.nl.md").unlink()

    table.write_bytes(table.read_bytes() + b"\n")
    assert key(docs, table, known) != first
    table.unlink()
    assert key(docs, table, known) != first

    assert key(docs, project / "x.yaml", {**known, "en": set()}) != key(
        docs, project / "x.yaml", known
    )


KNOWN = {"nl": {"plan.pro.price"}, "en": {"plan.pro.price"}}


def checked(docs: Path, read: PagesMemo | None, own: ChecksMemo | None) -> list[Problem]:
    """One check as the plugin makes it (the memos' round ends with the check)."""
    pages, problems = read_pages(docs, LANGUAGES, page_sources(docs), read)
    problems += check_pages(pages, KNOWN, BLOCKS, LANGUAGES, own)
    for memo in (read, own):
        if memo is not None:
            memo.end_round()
    return problems


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def change(docs: Path) -> None:
        page = docs / name
        text = page.read_text(encoding="utf-8")
        assert old in text
        page.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def _rename(docs: Path) -> None:
    (docs / "faq.en.md").rename(docs / "faq-old.en.md")


def _delete(docs: Path) -> None:
    (docs / "account" / "cancel.nl.md").unlink()


def _windows_editor(docs: Path) -> None:
    page = docs / "faq.nl.md"
    text = page.read_text(encoding="utf-8") + "\n## Nieuw\n{{ plan.pro.prijs }}\n"
    page.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


@pytest.mark.parametrize(
    "change",
    [
        _replace(
            "faq.en.md", "## Can I pay monthly?", "## Can I pay monthly, {{ plan.pro.prize }}?"
        ),
        _replace("faq.en.md", "{#", "{#other-"),  # an id its twin lacks: both twins report it
        _rename,
        _delete,
        _windows_editor,
    ],
    ids=["a quote typo", "a heading id", "a renamed page", "a deleted twin", "BOM and CRLF"],
)
def test_a_check_that_remembers_pages_finds_what_a_fresh_check_finds(
    project: Path, change: Callable[[Path], None]
) -> None:
    docs = project / "docs"
    read, own = PagesMemo(), ChecksMemo()
    assert checked(docs, read, own) == checked(docs, None, None)
    change(docs)
    fresh = checked(docs, None, None)
    assert fresh, "the change is a mistake the check reports"
    remembered = checked(docs, read, own)
    assert remembered == fresh
    assert read.hits > 0, "the unchanged pages came from memory"
    assert own.hits > 0
    assert len(read.kept) == len(page_sources(docs)), "only what the last check used is kept"
