"""The home page's topic cards, built from ``nav``: a new article shows up without editing the home.

Every nav section becomes a card listing its articles (title and description); pages at the top
level of nav go together on a last card. A card takes the ``icon`` of the first of its articles
whose front matter has one (a Material icon name such as ``material/cancel``). Internal pages are
left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from helpcenter.descriptions import shorten

#: A card shows the start of each article's description: enough to tell articles apart.
CARD_DESCRIPTION_LENGTH = 110


@dataclass(frozen=True)
class CardLink:
    """One article on a card: URL relative to the site root, title, short description."""

    url: str
    title: str
    description: str


@dataclass
class Card:
    """A topic: a nav section (or the top-level pages) and its articles."""

    title: str
    icon: str = ""
    links: list[CardLink] = field(default_factory=list)


def topic_cards(
    items: list[Any],
    home_url: str,
    descriptions: dict[str, str],
    is_internal: Any,
    more_title: str,
) -> list[Card]:
    """Cards for the nav ``items`` of one language (sections first, loose pages last)."""
    cards: list[Card] = []
    loose = Card(more_title)
    for item in items:
        if isinstance(item, Section):
            card = Card(str(item.title))
            _collect(item.children, card, descriptions, is_internal)
            if card.links:
                cards.append(card)
        elif isinstance(item, Page) and item.url != home_url and not is_internal(item):
            _add(item, loose, descriptions)
    if loose.links:
        cards.append(loose)
    return cards


def _collect(children: list[Any], card: Card, descriptions: dict[str, str], internal: Any) -> None:
    for child in children:
        if isinstance(child, Section):
            _collect(child.children, card, descriptions, internal)
        elif isinstance(child, Page) and not internal(child):
            _add(child, card, descriptions)


def _add(page: Page, card: Card, descriptions: dict[str, str]) -> None:
    description = shorten(descriptions.get(page.url, ""), CARD_DESCRIPTION_LENGTH)
    card.links.append(CardLink(page.url, str(page.title or ""), description))
    icon = (page.meta or {}).get("icon")
    if not card.icon and isinstance(icon, str):
        card.icon = icon
