"""Catalogue values inside writers' Markdown: ``{{ plan.pro.price }}``.

A writer quotes a value instead of typing it, so a price changes in ``plans.yaml`` only. Values are
formatted for the page's language (``€ 899,00`` on a Dutch page, ``€899.00`` on an English one) and
escaped. Fenced code blocks are left alone, so a page can show the syntax itself. An unknown key
is a build error naming the page, the line and the closest known key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from helpcenter.errors import Problem
from helpcenter.formatting import money, per_month, percent
from helpcenter.markdown_safety import md_text
from helpcenter.wording import Wording

QUOTE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
FENCE = re.compile(r"^\s*(```|~~~)")
#: Markers that are not catalogue values but widgets, handled after Markdown.
WIDGETS = frozenset({"comparator"})


def quotable_values(data: dict[str, Any], wording: Wording, lang: str) -> dict[str, str]:
    """Every key a writer may quote, with its value for ``lang`` (already escaped for Markdown)."""
    currency = data["product"]["currencies"][0]
    on_request = wording.get("plans_on_request", lang)
    values: dict[str, object] = {"product.name": data["product"]["name"]}
    for plan in data["plans"]:
        key = f"plan.{plan['id']}"
        values[f"{key}.name"] = plan["name"]
        values[f"{key}.summary"] = plan["summary"][lang]
        price = plan["price"]
        values[f"{key}.price"] = money(price[currency], currency, lang) if price else on_request
        values[f"{key}.per_month"] = (
            money(per_month(price[currency]), currency, lang) if price else on_request
        )
        for code in data["product"]["currencies"]:
            values[f"{key}.price.{code}"] = money(price[code], code, lang) if price else on_request
    for addon in data["addons"]:
        key = f"addon.{addon['id']}"
        values[f"{key}.name"] = addon["name"][lang]
        values[f"{key}.description"] = addon["description"][lang]
        if "fee_percent" in addon:
            values[f"{key}.fee"] = percent(addon["fee_percent"], lang)
        else:
            values[f"{key}.price"] = money(addon["price"][currency], currency, lang)
    for label_id, texts in data["labels"].items():
        values[f"label.{label_id}"] = texts[lang]
    for name, link in data["links"].items():
        values[f"link.{name}"] = link[lang] if isinstance(link, dict) else link
    for channel in data["cancellation"]["channels"]:
        if channel["kind"] == "email":
            values[f"cancel.{channel['id']}"] = channel["address"][lang]
    return {key: str(md_text(value)) for key, value in values.items()}


def find_quotes(markdown: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Every ``{{ key }}`` outside fenced code blocks, with its 1-based line number."""
    fenced = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            for match in QUOTE.finditer(line):
                yield number, match


def check_quotes(
    markdown: str, values: dict[str, str], page: str, offset: int = 0
) -> list[Problem]:
    """Problems for unknown keys; ``offset`` is the number of front-matter lines removed."""
    problems = []
    for line, match in find_quotes(markdown):
        key = match[1]
        if key in values or key in WIDGETS:
            continue
        guess = difflib.get_close_matches(key, list(values), n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else "see README: Quoting the catalogue"
        problems.append(
            Problem(
                page,
                line + offset,
                match.start() + 1,
                "",
                f"unknown catalogue key '{key}' ({hint})",
            )
        )
    return problems


def apply_quotes(markdown: str, values: dict[str, str]) -> str:
    """Replace known quotes by their values; widgets and unknown keys are left for others."""
    lines = markdown.split("\n")
    for number, match in reversed(list(find_quotes(markdown))):
        value = values.get(match[1])
        if value is not None:
            line = lines[number - 1]
            lines[number - 1] = line[: match.start()] + value + line[match.end() :]
    return "\n".join(lines)
