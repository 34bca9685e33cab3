"""The home page's topic cards from a nav: sections first, nested pages, loose pages last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from helpcenter.home import Card, CardLink, topic_cards


@pytest.fixture
def page(tmp_path: Path) -> Any:
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path / "docs")})

    def make(path: str, title: str | None, **meta: Any) -> Page:
        made = Page(title, File(path, str(tmp_path / "docs"), str(tmp_path / "site"), True), config)
        made.meta = meta
        return made

    return make


def test_sections_nested_pages_and_loose_pages_make_cards(page: Any) -> None:
    long = "Word " * 40  # 200 characters: a card shows the first 110 at most
    internal = page("support/links.md", "Links", internal=True)
    nav = [
        page("index.md", "Home", icon="material/home"),
        Section(
            "Your subscription",
            [
                page("account/upgrade.md", "Upgrade", icon=7),
                Section(
                    "Deeper", [page("account/deep.md", "Deep", icon="material/deep"), internal]
                ),
                page("account/cancel.md", "Cancel", icon="material/cancel"),
            ],
        ),
        Section("For support", [internal]),
        page("loose.md", "Loose"),
        page("hidden.md", "Hidden", internal=True),
    ]
    descriptions = {"account/upgrade/": long, "account/cancel/": "Cancel it.", "loose/": "L."}
    cards = topic_cards(nav, "", descriptions, lambda p: bool(p.meta.get("internal")), "More")
    assert cards == [
        Card(
            "Your subscription",
            "material/deep",  # the first icon that is a name
            [
                CardLink("account/upgrade/", "Upgrade", ("Word " * 21).strip() + "…"),
                CardLink("account/deep/", "Deep", ""),
                CardLink("account/cancel/", "Cancel", "Cancel it."),
            ],
        ),
        Card("More", "", [CardLink("loose/", "Loose", "L.")]),
    ]


def test_without_loose_pages_there_is_no_more_card(page: Any) -> None:
    nav = [page("index.md", "Home"), Section("S", [page("a.md", "A")])]
    cards = topic_cards(nav, "", {}, lambda p: False, "More")
    assert [card.title for card in cards] == ["S"]
    english_home = [page("en/index.md", "Home"), page("en/a.md", "A")]
    assert topic_cards(english_home, "en/", {}, lambda p: False, "More") == [
        Card("More", "", [CardLink("en/a/", "A", "")])
    ]


def test_a_page_whose_front_matter_empties_its_title_shows_no_placeholder(page: Any) -> None:
    untitled = page("a.md", None)
    assert topic_cards([untitled], "", {"a/": "About."}, lambda p: False, "More") == [
        Card("More", "", [CardLink("a/", "", "About.")])
    ]
