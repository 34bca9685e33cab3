"""Front-matter references (``related:``, ``tasks:``): where each leads, and located mistakes."""

from __future__ import annotations

from pathlib import Path

from helpcenter.page_refs import Resolved, Target, front_matter, reference_url, resolve_list
from tests.support.machine_locale import ascii_locale

TARGETS = {
    "en/": Target("en/", "Timely Help Center", {}),
    "en/faq/": Target("en/faq/", "Pricing questions", {"monthly": "Can I pay monthly?"}),
    "en/account/cancel/": Target(
        "en/account/cancel/", "Cancel your subscription", {"by-email": "By email"}
    ),
    "en/account/help/": Target("en/account/help/", "Help", {}),
    "en/tools/MAX/": Target("en/tools/MAX/", "MAX", {}),
}
PAGE = """---
title: x
related:
  - faq.md#monthly
  - account/cancel.md
  - index.md
  - account/help/index.md
---
# Page
"""


def test_references_lead_to_the_page_of_the_language_with_its_title(tmp_path: Path) -> None:
    source = tmp_path / "page.en.md"
    source.write_text(PAGE, encoding="utf-8")
    document = front_matter(source, "docs/page.en.md")
    assert document is not None
    values = ["faq.md#monthly", "account/cancel.md", "index.md", "account/help/index.md"]
    resolved, problems = resolve_list(
        "related", values, document, "docs/page.en.md", TARGETS, "en/"
    )
    assert problems == []
    assert resolved == [
        Resolved("en/faq/#monthly", "Can I pay monthly?"),
        Resolved("en/account/cancel/", "Cancel your subscription"),
        Resolved("en/", "Timely Help Center"),
        Resolved("en/account/help/", "Help"),
    ]


def test_reference_urls_follow_the_nav_entries() -> None:
    assert reference_url("account/cancel.md", "") == "account/cancel/"
    assert reference_url("account/cancel.md", "en/") == "en/account/cancel/"
    assert reference_url("index.md", "en/") == "en/"
    assert reference_url("index.md", "") == ""
    assert reference_url("account/index.md", "en/") == "en/account/"
    assert reference_url("/faq/", "") == "faq/"
    assert reference_url("Xero.md", "en/") == "en/Xero/", "only slashes are trimmed"


def test_each_wrong_entry_is_located_on_its_line_with_the_closest_match(tmp_path: Path) -> None:
    source = tmp_path / "page.en.md"
    source.write_text(
        "---\nrelated:\n  - fak.md\n  - account/cancel.md#by-mial\n  - 7\n  - ''\n"
        "  - account/cancel.md#zzz\n  - qqqqqqqq.md\n  - indx.md\n  - tools/MX.md\n---\n# P\n",
        encoding="utf-8",
    )
    shown = "docs/page.en.md"
    document = front_matter(source, shown)
    values = [
        "fak.md",
        "account/cancel.md#by-mial",
        7,
        "",
        "account/cancel.md#zzz",
        "qqqqqqqq.md",
        "indx.md",
        "tools/MX.md",
    ]
    resolved, problems = resolve_list("related", values, document, shown, TARGETS, "en/")
    assert resolved == []
    assert [str(p) for p in problems] == [
        "docs/page.en.md:3:5: related[0]: no page 'fak.md' (did you mean 'faq.md'?)",
        "docs/page.en.md:4:5: related[1]: account/cancel.md has no section #by-mial "
        "(did you mean '#by-email'?)",
        "docs/page.en.md:5:5: related[2]: expected a page",
        "docs/page.en.md:6:5: related[3]: expected a page",
        "docs/page.en.md:7:5: related[4]: account/cancel.md has no section #zzz",
        "docs/page.en.md:8:5: related[5]: no page 'qqqqqqqq.md'",
        "docs/page.en.md:9:5: related[6]: no page 'indx.md' (did you mean 'index.md'?)",
        "docs/page.en.md:10:5: related[7]: no page 'tools/MX.md' (did you mean 'tools/MAX.md'?)",
    ]


def test_a_value_that_is_not_a_list_is_located(tmp_path: Path) -> None:
    source = tmp_path / "page.en.md"
    source.write_text("---\ntitle: x\ntasks: faq.md\n---\n# P\n", encoding="utf-8")
    document = front_matter(source, "docs/index.en.md")
    resolved, problems = resolve_list("tasks", "faq.md", document, "x", TARGETS, "en/")
    assert resolved == []
    assert [str(p) for p in problems] == ["x:3:1: tasks: expected a list of pages like faq.md"]
    assert resolve_list("tasks", None, document, "x", TARGETS, "en/") == ([], [])
    # Without front matter positions (a generated page) the problem is on line 1.
    _, problems = resolve_list("tasks", [""], None, "x", TARGETS, "en/")
    assert [str(p) for p in problems] == ["x:1:1: tasks[0]: expected a page"]


def test_pages_without_front_matter_have_none(tmp_path: Path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("# Title\n", encoding="utf-8")
    empty = tmp_path / "empty.md"
    empty.write_text("---\n---\n# Title\n", encoding="utf-8")
    assert front_matter(plain, "plain.md") is None
    assert front_matter(empty, "empty.md") is None
    assert front_matter(tmp_path / "missing.md", "missing.md") is None
    assert front_matter(None, "generated") is None


def test_front_matter_with_accents_reads_the_same_on_a_machine_without_a_utf8_locale(
    tmp_path: Path,
) -> None:
    source = tmp_path / "page.nl.md"
    source.write_text("---\ntitle: Één abonnement opzeggen\n---\n# Één\n", encoding="utf-8")
    with ascii_locale():
        document = front_matter(source, "docs/page.nl.md")
    assert document is not None
    assert document.value == {"title": "Één abonnement opzeggen"}
    assert document.position(("title",)) == (2, 1)


def test_front_matter_after_a_byte_order_mark_is_read_with_its_lines(tmp_path: Path) -> None:
    """Some Windows editors write one; a wrong related entry is still located on its line."""
    source = tmp_path / "page.en.md"
    source.write_bytes(b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    document = front_matter(source, "docs/page.en.md")
    assert document is not None
    assert document.value["title"] == "x"
    assert document.position(("related", 1)) == (5, 5)
