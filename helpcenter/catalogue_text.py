"""Catalogue values as text in one language, for value quotes and blocks.

Amounts go through the one money formatter (:mod:`core.money`) and the words
around them ("per year", "On request", "and") are the comparator's words of the language's word
table (``words/<lang>.yaml``), so a price reads the same in an article and in the comparator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from markupsafe import Markup

from core.catalogue import Addon, Catalogue, Channel, Plan, pick, samples_within
from core.money import format_money, format_percent, per_month
from helpcenter.markdown_safety import md_text

_LABEL_REFERENCE = re.compile(r"\\\{label:([a-z0-9\\_-]+)\\\}")


class CatalogueText:
    """The catalogue's values formatted for one language (plain text, not yet escaped)."""

    def __init__(self, catalogue: Catalogue, lang: str) -> None:
        self.catalogue = catalogue
        self.lang = lang
        self.words = catalogue.words_for(lang)
        self.currency = catalogue.default_currency

    def money(self, amount: Decimal, currency: str | None = None) -> str:
        """``€ 899,00`` (nl) or ``€899.00`` (en)."""
        code = currency or self.currency
        return format_money(amount, self.catalogue.money_format(self.lang, code))

    def percent(self, value: Decimal) -> str:
        """``2,5%`` (nl) or ``2.5%`` (en)."""
        return format_percent(value, self.catalogue.money_format(self.lang, self.currency))

    def yearly(self, plan: Plan, currency: str | None = None) -> str:
        """The plan's price per year, or "Op aanvraag" / "On request"."""
        code = currency or self.currency
        if plan.price is None or code not in plan.price:
            return self.words("comparator.on_request")
        return self.money(plan.price[code], code)

    def monthly(self, plan: Plan) -> str:
        """The per-month equivalent of the yearly price (billing stays yearly)."""
        if plan.price is None or self.currency not in plan.price:
            return self.words("comparator.on_request")
        spec = self.catalogue.money_format(self.lang, self.currency)
        return format_money(per_month(plan.price[self.currency], spec), spec)

    def addon_amount(self, addon: Addon) -> str:
        """The add-on's yearly price alone (``€ 99,00``)."""
        if addon.price is None or self.currency not in addon.price:
            return self.words("comparator.on_request")
        return self.money(addon.price[self.currency])

    def addon_price(self, addon: Addon) -> str:
        """``€ 99,00 per jaar`` or ``2,5% per verkocht ticket``."""
        if addon.fee_percent is not None:
            return self.words(
                "comparator.fee_per_ticket_plain", percent=self.percent(addon.fee_percent)
            )
        return f"{self.addon_amount(addon)} {self.words('comparator.per_year')}"

    def plan_names(self, plan_ids: Iterable[str]) -> str:
        """``Starter, Pro en Enterprise``, in catalogue order."""
        wanted = set(plan_ids)
        return self.words.join(p.name for p in self.catalogue.plans if p.id in wanted)

    def plan_list(self, self_service: bool) -> str:
        """The names of the self-service plans (or of the plans bought through a meeting)."""
        return self.plan_names(p.id for p in self.catalogue.plans if p.self_service == self_service)

    def label_text(self, label_id: str) -> str:
        """An on-screen label of the product in this language."""
        return pick(self.catalogue.labels[label_id], self.lang)

    def text(self, texts: Mapping[str, str]) -> Markup:
        """A catalogue text, escaped for Markdown, its ``{label:ID}`` shown as a bold label."""
        escaped = str(md_text(pick(texts, self.lang)))
        return Markup(
            _LABEL_REFERENCE.sub(
                lambda m: f"**{md_text(self.label_text(m[1].replace(chr(92), '')))}**", escaped
            )
        )

    def link(self, name: str) -> str:
        """A named link of the catalogue, in this language."""
        return pick(self.catalogue.links[name], self.lang)

    def address(self, channel: Channel) -> str | None:
        """The channel's e-mail address for this language; ``None`` when the catalogue gives none.

        No fallback to another language's address: a reader is never sent to a mailbox the
        catalogue does not name for their language.
        """
        if channel.address is None:
            return None
        return channel.address.get(self.lang, channel.address.get("*"))

    def shows_samples(self, *paths: str) -> bool:
        """Whether a sample lies on these key paths, in this language.

        A sample tagged on one language's text (``labels.upgrade_button.en``) only counts on
        pages of that language.
        """
        others = tuple(f".{lang}" for lang in self.catalogue.languages if lang != self.lang)
        relevant = tuple(s for s in self.catalogue.samples if not s.endswith(others))
        return samples_within(relevant, *paths)
