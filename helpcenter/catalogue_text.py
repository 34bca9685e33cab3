"""Catalogue values as text in one language, for value quotes and blocks.

Amounts go through the one money formatter (:mod:`core.money`) and the words
around them ("per year", "On request", "and") are the comparator's words of the language's word
table (``words/<lang>.yaml``), so a price reads the same in an article and in the comparator.
Every value comes back as a :class:`core.values.Shown` that knows its catalogue sources, and is
noted (:func:`core.values.note`): a block rendered while :func:`core.values.recording` runs
knows which samples it shows without a list of the paths each block reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from markupsafe import Markup

from core.catalogue import Addon, Catalogue, Channel, Plan, pick
from core.money import format_money, format_percent, per_month
from core.values import Shown, note, shown
from helpcenter.markdown_safety import md_text

_LABEL_REFERENCE = re.compile(r"\\\{label:([a-z0-9\\_-]+)\\\}")


class CatalogueText:
    """The catalogue's values formatted for one language (plain text, not yet escaped)."""

    def __init__(self, catalogue: Catalogue, lang: str, mark: str = "") -> None:
        self.catalogue = catalogue
        #: HTML put after a sample inside :meth:`text` (blocks mark samples where they stand).
        self.mark = mark
        self.lang = lang
        self.words = catalogue.words_for(lang)
        self.currency = catalogue.default_currency

    def _price(self, text: str, owner: Plan | Addon, code: str) -> Shown:
        return note(self.catalogue.shown(text, f"{owner.path}.price.{code}", "product.currencies"))

    def _on_request(self, owner: Plan | Addon) -> Shown:
        words = self.words("comparator.on_request")
        return note(self.catalogue.shown(words, f"{owner.path}.price"))

    def money(self, amount: Decimal, currency: str | None = None) -> str:
        """``€ 899,00`` in Dutch or ``€899.00`` in English."""
        code = currency or self.currency
        return format_money(amount, self.catalogue.money_format(self.lang, code))

    def percent(self, value: Decimal) -> str:
        """``2,5%`` in Dutch or ``2.5%`` in English."""
        return format_percent(value, self.catalogue.money_format(self.lang, self.currency))

    def yearly(self, plan: Plan, currency: str | None = None) -> Shown:
        """The plan's price per year, or "On request" in the page's language."""
        code = currency or self.currency
        if plan.price is None or code not in plan.price:
            return self._on_request(plan)
        return self._price(self.money(plan.price[code], code), plan, code)

    def monthly(self, plan: Plan) -> Shown:
        """The per-month equivalent of the yearly price (billing stays yearly)."""
        if plan.price is None or self.currency not in plan.price:
            return self._on_request(plan)
        spec = self.catalogue.money_format(self.lang, self.currency)
        text = format_money(per_month(plan.price[self.currency], spec), spec)
        return self._price(text, plan, self.currency)

    def addon_amount(self, addon: Addon) -> Shown:
        """The add-on's yearly price alone (``€ 99,00``)."""
        if addon.price is None or self.currency not in addon.price:
            return self._on_request(addon)
        return self._price(self.money(addon.price[self.currency]), addon, self.currency)

    def addon_price(self, addon: Addon) -> Shown:
        """The yearly price with "per year", or the fee per ticket sold."""
        if addon.fee_percent is not None:
            text = self.words(
                "comparator.fee_per_ticket_plain", percent=self.percent(addon.fee_percent)
            )
            return note(self.catalogue.shown(text, f"{addon.path}.fee_percent"))
        amount = self.addon_amount(addon)
        return note(shown(f"{amount} {self.words('comparator.per_year')}", amount))

    def plan_names(self, plan_ids: Iterable[str]) -> Shown:
        """The plans' names as a list in a sentence, in catalogue order."""
        wanted = set(plan_ids)
        names = [p.name for p in self.catalogue.plans if p.id in wanted]
        return note(shown(self.words.join(names), *names))

    def plan_list(self, self_service: bool) -> Shown:
        """The names of the self-service plans (or of the plans bought through a meeting)."""
        return self.plan_names(p.id for p in self.catalogue.plans if p.self_service == self_service)

    def label_text(self, label_id: str) -> str:
        """An on-screen label of the product in this language."""
        return note(pick(self.catalogue.labels[label_id], self.lang))

    def text(self, texts: Mapping[str, str]) -> Markup:
        """A catalogue text, escaped for Markdown, its ``{label:ID}`` shown as a bold label;
        a sample label, or a sample text, gets :attr:`mark` after it."""
        picked = note(pick(texts, self.lang))
        escaped = str(md_text(picked))

        def label(match: re.Match[str]) -> str:
            shown_label = self.label_text(match[1].replace(chr(92), ""))
            return f"**{md_text(shown_label)}**{self._mark_of(shown_label)}"

        labelled = _LABEL_REFERENCE.sub(label, escaped)
        return Markup(labelled + self._mark_of(picked))

    def _mark_of(self, value: str) -> str:
        return self.mark if isinstance(value, Shown) and value.is_sample else ""

    def link(self, name: str) -> str:
        """A named link of the catalogue, in this language."""
        return note(pick(self.catalogue.links[name], self.lang))

    def address(self, channel: Channel) -> str | None:
        """The channel's e-mail address for this language; ``None`` when the catalogue gives none.

        No fallback to another language's address: a reader is never sent to a mailbox the
        catalogue does not name for their language.
        """
        if channel.address is None:
            return None
        return note(channel.address.get(self.lang, channel.address.get("*")))
