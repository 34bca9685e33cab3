"""Read a comparator table or a page as a reader sees it: text without tags, entities decoded."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.small.expected import Column

#: The parts of an offer cell, by class name.
OFFER_PARTS = {"comparator__offer-price": "total", "comparator__offer-monthly": "monthly"}


class _Table(HTMLParser):
    """Collects, in document order, the plan ids of the header and each plan's offer (the cell
    with the total per year, the per-month amount when there is one, and the button)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.plans: list[str] = []
        self.offers: list[dict[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "th" and found.get("data-plan"):
            self.plans.append(str(found["data-plan"]))
        if tag == "td" and "comparator__offer" in classes:
            self.offers.append({"total": "", "monthly": "", "href": ""})
        if tag == "a" and found.get("data-kind") and self.offers:
            self.offers[-1]["href"] = str(found.get("href"))
        for name, part in OFFER_PARTS.items():
            if name in classes:
                self._open = part

    def handle_endtag(self, tag: str) -> None:
        if tag in {"span", "td"}:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and self.offers:
            self.offers[-1][self._open] += data


def _amount(text: str) -> str:
    """``€ 9,18 per maand`` → ``€ 9,18`` (the amount as written; "Op aanvraag" stays)."""
    text = " ".join(text.replace("\xa0", " ").split())
    return re.sub(r" per (?:maand|month)$", "", text)


def columns(table_html: str) -> dict[str, Column]:
    """``{plan id: Column(total, monthly, href)}`` as each plan's offer shows them (no-break
    spaces as spaces, entities decoded; ``monthly`` is "" when the offer shows none)."""
    table = _Table()
    table.feed(table_html)
    return {
        plan: Column(_amount(offer["total"]), _amount(offer["monthly"]), offer["href"])
        for plan, offer in zip(table.plans, table.offers, strict=True)
    }


class _Article(HTMLParser):
    """The text of ``<article>``, leaving out the embedded comparator (it formats its own
    amounts, so an article's own figures must be read without it)."""

    VOID = frozenset({"br", "img", "input", "hr", "meta", "link", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._in_article = False
        self._skip_depth = 0  # > 0 inside the comparator

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article":
            self._in_article = True
        if tag in self.VOID:
            return
        if self._skip_depth:
            self._skip_depth += 1
        elif "comparator-mount" in classes:
            self._skip_depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article = False
        if self._skip_depth and tag not in self.VOID:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_article and not self._skip_depth:
            self.parts.append(data)


def article_text(page_html: str) -> str:
    """What a reader sees in the article, without the comparator; no-break spaces as spaces.

    Entities are decoded once, so text escaped twice shows as ``&amp;``, as in the browser.
    """
    reader = _Article()
    reader.feed(page_html)
    return " ".join(reader.parts).replace("\xa0", " ")


class _Rows(HTMLParser):
    """Every row of a table as the reader reads it: ``[header, cell, cell, ...]`` texts.

    A mark with a spoken label (``role="img"``) is read as its label ("Yes"), as a screen
    reader does; the caption comes first as a one-item row.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._spoken = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in {"tr", "caption"}:
            self.rows.append([])
        if tag in {"th", "td", "caption"}:
            self._cell = []
        if tag == "span" and found.get("role") == "img" and self._cell is not None:
            self._cell.append(str(found.get("aria-label")))
            self._spoken += 1
        elif tag == "span" and self._spoken:
            self._spoken += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._spoken:
            self._spoken -= 1
        if tag in {"th", "td", "caption"} and self._cell is not None:
            self.rows[-1].append(" ".join(" ".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._spoken:
            self._cell.append(data.replace("\xa0", " "))


def table_rows(table_html: str) -> list[list[str]]:
    """The rows of a rendered comparison table, as texts (see :class:`_Rows`)."""
    reader = _Rows()
    reader.feed(table_html)
    return reader.rows
