"""The comparison of the chosen plans: feature rows, prices with add-ons, and action links.

Everything here is data with the display texts already formatted for one language, so the HTML
renderer only has to escape and arrange it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.catalogue import Catalogue, FeatureValue, Plan, pick
from core.money import format_money, format_number, format_percent, per_month
from core.values import Shown, shown_values
from core.words import Words

from .links import action_url
from .selection import Notice, Selection


@dataclass(frozen=True)
class Cell:
    """One plan's value for one feature.

    Attributes:
        kind: ``"yes"``, ``"no"``, ``"number"``, ``"unlimited"``, ``"text"`` or ``"missing"``.
        text: What is shown (``"✓"``, ``"✗"``, ``"500"``, ``"Onbeperkt"``).
        spoken: The text alternative for screen readers (``"Ja"``, ``"Nee"``, or ``text``).
    """

    kind: str
    text: str
    spoken: str


@dataclass(frozen=True)
class Row:
    """A feature row; ``differs`` is true when the chosen plans do not all share one value."""

    feature_id: str
    label: str
    cells: tuple[Cell, ...]
    differs: bool


@dataclass(frozen=True)
class AddonCharge:
    """What one chosen add-on costs with one plan.

    Attributes:
        addon_id: The add-on.
        name: Its name in the comparison's language.
        applies: Whether it can be bought with this plan at all.
        yearly: Yearly price added to the total, or ``None`` (fee, on request, not applicable).
        fee_percent: Transaction fee in percent, for fee add-ons.
        text: Formatted: ``"+ € 99,00"``, ``"+2,5% per verkocht ticket"``, ``"Niet beschikbaar"``.
    """

    addon_id: str
    name: str
    applies: bool
    yearly: Decimal | None
    fee_percent: Decimal | None
    text: str

    def text_sources(self) -> tuple[str, ...]:
        """The catalogue paths behind :attr:`text` (a total that adds it has them too)."""
        return self.text.sources if isinstance(self.text, Shown) else ()


@dataclass(frozen=True)
class PlanColumn:
    """One chosen plan with its prices and its button.

    Attributes:
        plan_id: The plan.
        name: Plan name (never translated).
        recommended: Whether to show the "recommended" badge.
        summary: One-sentence summary in the comparison's language.
        yearly: Plan price per year, ``None`` when on request.
        yearly_text: Formatted plan price, or "Op aanvraag".
        addons: One charge per chosen add-on, in catalogue order.
        total_yearly: Plan plus priced applicable add-ons, ``None`` when on request.
        total_text: Formatted total per year.
        monthly: ``total_yearly / 12`` rounded half up, ``None`` when on request.
        monthly_text: Formatted per-month equivalent.
        action_kind: ``"checkout"`` or ``"meeting"``.
        action_url: Where the button leads.
        action_text: The button text ("Kies Starter", "Afspraak maken").
    """

    plan_id: str
    name: str
    recommended: bool
    summary: str
    yearly: Decimal | None
    yearly_text: str
    addons: tuple[AddonCharge, ...]
    total_yearly: Decimal | None
    total_text: str
    monthly: Decimal | None
    monthly_text: str
    action_kind: str
    action_url: str
    action_text: str


@dataclass(frozen=True)
class Comparison:
    """The whole comparison, formatted for one language.

    Attributes:
        words: The interface words of the comparison's language.
        currency: Currency of all amounts.
        product_name: For the caption.
        plans: The chosen plans, in catalogue order.
        addons: ``(id, name)`` of the chosen add-ons, in catalogue order.
        rows: Feature rows, only those that differ when ``only_differences`` is on.
        hidden_rows: How many identical rows were left out.
        only_differences: Whether identical rows are left out.
        notices: Remarks about ignored parts of the link, from the selection.
    """

    words: Words
    currency: str
    product_name: str
    plans: tuple[PlanColumn, ...]
    addons: tuple[tuple[str, str], ...]
    rows: tuple[Row, ...]
    hidden_rows: int
    only_differences: bool
    notices: tuple[Notice, ...]

    def shown(self) -> list[Shown]:
        """Every catalogue value the comparison shows."""
        return list(shown_values((self.plans, self.addons, self.rows)))


def _cell(
    value: FeatureValue | None, source: str, catalogue: Catalogue, words: Words, currency: str
) -> Cell:
    """Format a feature value (written at ``source`` in the catalogue); the mark characters get
    a spoken alternative."""

    def cell(kind: str, text: str, spoken: str) -> Cell:
        return Cell(kind, catalogue.shown(text, source), catalogue.shown(spoken, source))

    if value is True:
        return cell("yes", "✓", words("comparator.included"))
    if value is False:
        return cell("no", "✗", words("comparator.not_included"))
    if value == "unlimited":
        text = words("comparator.unlimited")
        return cell("unlimited", text, text)
    if isinstance(value, int):
        text = format_number(value, catalogue.money_format(words.lang, currency))
        return cell("number", text, text)
    if value is None:
        return cell("missing", "–", words("comparator.not_specified"))
    return cell("text", str(value), str(value))


def _same(value: FeatureValue | None) -> tuple[str, str]:
    """Key for comparing values: ``True`` and ``1`` are equal in Python but not here."""
    return (type(value).__name__, repr(value))


def _charge(
    catalogue: Catalogue, addon_id: str, plan: Plan, words: Words, currency: str
) -> AddonCharge:
    """Price one chosen add-on for one plan."""
    addon = catalogue.addon(addon_id)
    assert addon is not None  # the selection holds known add-ons only
    spec = catalogue.money_format(words.lang, currency)
    name = pick(addon.name, words.lang)
    if not addon.applies(plan.id):
        return AddonCharge(addon.id, name, False, None, None, words("comparator.not_available"))
    if addon.fee_percent is not None:
        percent = format_percent(addon.fee_percent, spec)
        text = words("comparator.fee_per_ticket", percent=percent)
        fee = catalogue.shown(text, f"{addon.path}.fee_percent")
        return AddonCharge(addon.id, name, True, None, addon.fee_percent, fee)
    price = None if addon.price is None else addon.price.get(currency)
    if price is None:
        on_request = catalogue.shown(words("comparator.on_request"), f"{addon.path}.price")
        return AddonCharge(addon.id, name, True, None, None, on_request)
    text = words("comparator.addon_price", amount=format_money(price, spec))
    priced = catalogue.shown(text, f"{addon.path}.price.{currency}", "product.currencies")
    return AddonCharge(addon.id, name, True, price, None, priced)


def _column(
    catalogue: Catalogue, plan: Plan, selection: Selection, words: Words, currency: str
) -> PlanColumn:
    """Compute one plan's prices and button."""
    spec = catalogue.money_format(words.lang, currency)
    on_request = catalogue.shown(words("comparator.on_request"), f"{plan.path}.price")
    yearly = None if plan.price is None else plan.price.get(currency)
    price_source = (f"{plan.path}.price.{currency}", "product.currencies")
    charges = tuple(_charge(catalogue, a, plan, words, currency) for a in selection.addons)
    total = None
    monthly = None
    if yearly is not None:
        total = yearly + sum((c.yearly for c in charges if c.yearly is not None), Decimal(0))
        monthly = per_month(total, spec)
    kind, url = action_url(
        catalogue, plan.id, selection.addons, words.lang, catalogue.billing_period
    )
    link = catalogue.shown(url, "links.meeting" if kind == "meeting" else "links.checkout")
    action_text = (
        words("comparator.book_meeting")
        if kind == "meeting"
        else words("comparator.choose_plan", plan=plan.name)
    )

    def money(amount: Decimal | None, *parts: str) -> str:
        if amount is None:
            return on_request
        return catalogue.shown(format_money(amount, spec), *price_source, *parts)

    added = [f"{c_source}" for c in charges for c_source in c.text_sources()]
    return PlanColumn(
        plan_id=plan.id,
        name=plan.name,
        recommended=plan.recommended,
        summary=pick(plan.summary, words.lang),
        yearly=yearly,
        yearly_text=money(yearly),
        addons=charges,
        total_yearly=total,
        total_text=money(total, *added),
        monthly=monthly,
        monthly_text=money(monthly, *added),
        action_kind=kind,
        action_url=link,
        action_text=action_text,
    )


def compare(catalogue: Catalogue, selection: Selection, lang: str) -> Comparison:
    """Compare the selected plans.

    Args:
        catalogue: The catalogue.
        selection: What to compare (normally from :func:`comparator.selection.parse_query`);
            unknown plan or add-on ids are skipped.
        lang: One of the catalogue's languages.

    Returns:
        The comparison with every text formatted for ``lang``.
    """
    words = catalogue.words_for(lang)
    currency = (
        selection.currency
        if selection.currency in catalogue.currencies
        else catalogue.default_currency
    )
    chosen = set(selection.plans)
    plans = [p for p in catalogue.plans if p.id in chosen]
    selection = Selection(
        plans=tuple(p.id for p in plans),
        addons=tuple(a.id for a in catalogue.addons if a.id in set(selection.addons)),
        only_differences=selection.only_differences,
        currency=currency,
        notices=selection.notices,
    )
    rows: list[Row] = []
    for feature in catalogue.features:
        values = [p.features.get(feature.id) for p in plans]
        differs = len({_same(v) for v in values}) > 1
        cells = tuple(
            _cell(v, f"{p.path}.features.{feature.id}", catalogue, words, currency)
            for v, p in zip(values, plans, strict=True)
        )
        rows.append(Row(feature.id, pick(feature.label, words.lang), cells, differs))
    shown_rows = [r for r in rows if r.differs] if selection.only_differences else rows
    return Comparison(
        words=words,
        currency=currency,
        product_name=catalogue.product_name,
        plans=tuple(_column(catalogue, p, selection, words, currency) for p in plans),
        addons=tuple(
            (a.id, pick(a.name, words.lang)) for a in catalogue.addons if a.id in selection.addons
        ),
        rows=tuple(shown_rows),
        hidden_rows=len(rows) - len(shown_rows),
        only_differences=selection.only_differences,
        notices=selection.notices,
    )
