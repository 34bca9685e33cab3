"""The writers' pages check runs once per site build: the second language build reuses it only
while every input it reads is byte for byte the same (so an edit under `make serve` is checked)."""

from __future__ import annotations

from pathlib import Path

from helpcenter.plugin import _pages_key


def test_the_check_is_redone_when_a_page_the_short_links_or_the_catalogue_keys_change(
    project: Path,
) -> None:
    docs, table = project / "docs", project / "shortlinks.yaml"
    known = {"nl": {"plan.pro.price"}, "en": {"plan.pro.price"}}
    first = _pages_key(docs, table, known)
    assert _pages_key(docs, table, {lang: set(keys) for lang, keys in known.items()}) == first

    page = docs / "faq.en.md"
    original = page.read_bytes()
    page.write_bytes(original + b"\n{{ plan.pro.prize }}\n")
    assert _pages_key(docs, table, known) != first
    page.write_bytes(original)
    assert _pages_key(docs, table, known) == first

    (docs / "new.nl.md").write_text("# Nieuw\n", encoding="utf-8")
    assert _pages_key(docs, table, known) != first
    (docs / "new.nl.md").unlink()

    table.write_bytes(table.read_bytes() + b"\n")
    assert _pages_key(docs, table, known) != first
    table.unlink()
    assert _pages_key(docs, table, known) != first

    assert _pages_key(docs, project / "x.yaml", {**known, "en": set()}) != _pages_key(
        docs, project / "x.yaml", known
    )
