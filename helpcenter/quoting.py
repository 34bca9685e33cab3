"""Catalogue values inside writers' Markdown: ``{{ plan.pro.price }}``.

A writer quotes a value instead of typing it, so a price changes in ``plans.yaml`` only. Values are
formatted for the page's language (``€ 899,00`` on a Dutch page, ``€899.00`` on an English one) and
escaped. Fenced code blocks and inline code are left alone, so a page can show the syntax itself.
An unknown key is a build error naming the page, the line and the closest known key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from core.catalogue import Catalogue, pick
from core.values import Shown, sample_kinds
from helpcenter.catalogue_text import CatalogueText
from helpcenter.errors import Problem
from helpcenter.markdown_safety import md_text

QUOTE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
FENCE = re.compile(r"^\s*(```|~~~)")
#: Inline code spans (one or more backticks, closed by the same number): quotes in them stay.
INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


@dataclass(frozen=True)
class Value:
    """A quotable value: its Markdown-safe text, and the kinds of sample it shows (none for a
    confirmed value; ``("prices",)`` for a sample price)."""

    text: str
    kinds: tuple[str, ...] = ()

    @property
    def sample(self) -> bool:
        """Whether the value is (or shows) a sample."""
        return bool(self.kinds)


def quotable_values(catalogue: Catalogue, lang: str) -> dict[str, Value]:
    """Every key a writer may quote, with its value for ``lang`` (already escaped for Markdown).

    Each value knows its catalogue sources (:class:`core.values.Shown`), so whether a quote
    shows a sample follows from the value itself.
    """
    words = CatalogueText(catalogue, lang)
    values: dict[str, str] = {
        "product.name": catalogue.product_name,
        "self_service_plans": words.plan_list(True),
        "meeting_plans": words.plan_list(False),
    }
    for plan in catalogue.plans:
        key = f"plan.{plan.id}"
        values[f"{key}.name"] = plan.name
        values[f"{key}.summary"] = pick(plan.summary, lang)
        values[f"{key}.price"] = words.yearly(plan)
        values[f"{key}.per_month"] = words.monthly(plan)
        for code in catalogue.currencies:
            values[f"{key}.price.{code}"] = words.yearly(plan, code)
    for addon in catalogue.addons:
        key = f"addon.{addon.id}"
        values[f"{key}.name"] = pick(addon.name, lang)
        values[f"{key}.description"] = pick(addon.description, lang)
        if addon.fee_percent is not None:
            fee = words.percent(addon.fee_percent)
            values[f"{key}.fee"] = catalogue.shown(fee, f"{addon.path}.fee_percent")
        else:
            values[f"{key}.price"] = words.addon_amount(addon)
    for label_id in catalogue.labels:
        values[f"label.{label_id}"] = words.label_text(label_id)
    for name in catalogue.links:
        values[f"link.{name}"] = words.link(name)
    for channel in catalogue.channels:
        address = words.address(channel)
        if address is not None:  # only where the catalogue gives this language an address
            values[f"cancel.{channel.id}"] = address
    return {key: Value(str(md_text(text)), _kinds(text)) for key, text in values.items()}


def _kinds(text: str) -> tuple[str, ...]:
    return sample_kinds([text]) if isinstance(text, Shown) else ()


def find_quotes(markdown: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Every ``{{ key }}`` outside fenced code and inline code, with its 1-based line number."""
    if "{{" not in markdown:  # most pages' most lines: every build reads every page
        return
    fenced = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or "{{" not in line:
            continue
        code = [span.span() for span in INLINE_CODE.finditer(line)]
        for match in QUOTE.finditer(line):
            if not any(start <= match.start() < end for start, end in code):
                yield number, match


def check_quotes(
    markdown: str, known: AbstractSet[str], page: str, offset: int = 0
) -> list[Problem]:
    """Problems for unknown keys; ``offset`` is the number of front-matter lines removed."""
    problems = []
    for line, match in find_quotes(markdown):
        key = match[1]
        if key in known:
            continue
        guess = difflib.get_close_matches(key, sorted(known), n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else "see WRITERS.md: Quoting the catalogue"
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
    """Replace known quotes by their texts; other quotes are left for the caller to report."""
    lines = markdown.split("\n")
    for number, match in reversed(list(find_quotes(markdown))):
        value = values.get(match[1])
        if value is not None:
            line = lines[number - 1]
            lines[number - 1] = line[: match.start()] + value + line[match.end() :]
    return "\n".join(lines)
