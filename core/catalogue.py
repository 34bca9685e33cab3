"""The catalogue as immutable values, built from the ``plans.json`` the build writes.

The build validates ``plans.yaml`` with positions and error messages; this module only turns the
already valid data into typed, frozen objects so the rest of the package never touches raw dicts.
It is stdlib-only because it also runs in the browser (Pyodide). ``plans.json`` also carries
the site's languages and each one's comparator words (``core.words``), so the model knows them
without naming any.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.values import Shown
from core.words import Words

#: A feature value as the catalogue writes it: ``True``/``False``, a count, or ``"unlimited"``.
FeatureValue = bool | int | str


def _decimal(value: Any) -> Decimal:
    """Convert a JSON number to Decimal through ``str`` so ``99.9`` stays exactly ``99.9``."""
    return Decimal(str(value))


def _prices(value: Any) -> dict[str, Decimal] | None:
    """Read ``{EUR: 399, USD: 429}``; ``None`` means the price is on request."""
    if value is None:
        return None
    return {str(currency): _decimal(amount) for currency, amount in value.items()}


class _Sources:
    """Turns the catalogue's raw texts into :class:`Shown` texts that know their key path and
    the ``!sample`` paths on it (from ``plans.json``'s ``samples``)."""

    def __init__(self, samples: tuple[str, ...]) -> None:
        self.samples = samples

    def at(self, *paths: str) -> tuple[str, ...]:
        """The sample paths in, under or around any of ``paths``."""
        return tuple(
            sample
            for sample in self.samples
            if any(_within(sample, path) or _within(path, sample) for path in paths)
        )

    def text(self, value: Any, path: str) -> Shown:
        return Shown(str(value), (path,), self.at(path))

    def texts(self, value: Any, path: str) -> dict[str, str]:
        """A text per language (``{<lang>: ...}``); a plain string counts for every language."""
        if isinstance(value, str):
            return {"*": self.text(value, path)}
        return {str(lang): self.text(text, f"{path}.{lang}") for lang, text in value.items()}


def pick(texts: Mapping[str, str], lang: str) -> str:
    """Return the text for ``lang`` (or the one written for every language, ``"*"``).

    The build checks that every text has every language, so a miss is a bug; it raises rather
    than showing another language's text.

    Raises:
        KeyError: the text has no version in ``lang``.
    """
    if lang in texts:
        return texts[lang]
    if "*" in texts:
        return texts["*"]
    raise KeyError(f"no {lang} text among {sorted(texts)}")


def _within(path: str, ancestor: str) -> bool:
    """``plans[0].price`` is within ``plans`` and ``plans[0]``, and within itself."""
    return path == ancestor or path.startswith((ancestor + ".", ancestor + "["))


@dataclass(frozen=True)
class MoneyFormat:
    """How one locale writes amounts of one currency (derived by the build from Babel/CLDR).

    Attributes:
        positive_prefix: Text before a positive amount, currency symbol included (``"€\\xa0"``).
        positive_suffix: Text after a positive amount.
        negative_prefix: Text before a negative amount (``"€\\xa0-"``).
        negative_suffix: Text after a negative amount.
        decimal: Decimal separator.
        group: Thousands separator.
        grouping: Size of the group next to the decimal separator.
        secondary_grouping: Size of the groups further left (differs only in e.g. Indian locales).
        decimals: Number of fraction digits shown.
    """

    positive_prefix: str
    positive_suffix: str
    negative_prefix: str
    negative_suffix: str
    decimal: str
    group: str
    grouping: int = 3
    secondary_grouping: int = 3
    decimals: int = 2

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MoneyFormat:
        """Build from one ``money[lang][currency]`` entry of ``plans.json``.

        ``grouping`` may be a number or a ``[primary, secondary]`` pair.
        """
        grouping = data.get("grouping", 3)
        if isinstance(grouping, list | tuple):
            primary, secondary = int(grouping[0]), int(grouping[-1])
        else:
            primary = secondary = int(grouping)
        return cls(
            positive_prefix=str(data.get("positive_prefix", "")),
            positive_suffix=str(data.get("positive_suffix", "")),
            negative_prefix=str(data.get("negative_prefix", "-")),
            negative_suffix=str(data.get("negative_suffix", "")),
            decimal=str(data.get("decimal", ".")),
            group=str(data.get("group", ",")),
            grouping=primary,
            secondary_grouping=secondary,
            decimals=int(data.get("decimals", 2)),
        )


@dataclass(frozen=True)
class Feature:
    """One row of the comparison, in the catalogue's order."""

    id: str
    label: Mapping[str, str]
    path: str = ""


@dataclass(frozen=True)
class Plan:
    """A subscription plan; ``price`` per billing period per currency, ``None`` when on request."""

    id: str
    name: str
    self_service: bool
    recommended: bool
    price: Mapping[str, Decimal] | None
    summary: Mapping[str, str]
    features: Mapping[str, FeatureValue]
    #: Where the plan is written in the catalogue (``plans[2]``), for its values' sources.
    path: str = ""


@dataclass(frozen=True)
class Addon:
    """An add-on: either a yearly ``price`` or a transaction fee ``fee_percent``, never both."""

    id: str
    name: Mapping[str, str]
    price: Mapping[str, Decimal] | None
    fee_percent: Decimal | None
    applies_to: tuple[str, ...]
    description: Mapping[str, str]
    path: str = ""

    def applies(self, plan_id: str) -> bool:
        """Tell whether the add-on can be bought with the plan."""
        return plan_id in self.applies_to


@dataclass(frozen=True)
class Channel:
    """One way to cancel, as the catalogue lists it.

    Attributes:
        id: Stable id (also the anchor ``cancel-by-<id>``).
        kind: ``"contact_page"``, ``"email"`` or ``"support_ticket"``.
        title: Short title per language.
        text: What the customer does, per language (may use ``{label:ID}``).
        address: The e-mail address per language (``"*"`` for every language), e-mail only.
    """

    id: str
    kind: str
    title: Mapping[str, str]
    text: Mapping[str, str]
    address: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Catalogue:
    """The one typed catalogue: the comparator's data and the facts the articles quote.

    The build makes it from the validated ``plans.yaml``; the browser from ``plans.json``.

    Attributes:
        product_name: The product name, never translated (``"Timely"``).
        billing_period: The period prices are given for (``"year"``).
        currencies: Supported currencies; the first is the default.
        features: Comparison rows in display order.
        plans: Plans in display order.
        addons: Add-ons in display order.
        checkout_template: URL template with ``{plan}``, ``{addons}``, ``{period}``, ``{lang}``.
        meeting: Meeting-booking URL per language, for plans that are not self-service.
        money: ``money[lang][currency]`` formats.
        labels: The product's on-screen labels by id, per language.
        links: Every named link (``meeting``, ``contact``, ...) per language (``"*"``: all).
        upgrade_steps: The upgrade steps in order, per language (may use ``{label:ID}``).
        addon_steps: The steps for adding an add-on, in order (like ``upgrade_steps``).
        channels: The ways to cancel, in order.
        samples: Key paths (``plans[0].price``) of the values no source confirms; a page that
            shows one of them says so.
        languages: The site's languages, the default first.
        words: The comparator's words of each language (:data:`core.words.BROWSER_GROUPS`).
    """

    product_name: str
    billing_period: str
    currencies: tuple[str, ...]
    features: tuple[Feature, ...]
    plans: tuple[Plan, ...]
    addons: tuple[Addon, ...]
    checkout_template: str
    meeting: Mapping[str, str]
    money: Mapping[str, Mapping[str, MoneyFormat]] = field(default_factory=dict)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    links: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    upgrade_steps: tuple[Mapping[str, str], ...] = ()
    addon_steps: tuple[Mapping[str, str], ...] = ()
    channels: tuple[Channel, ...] = ()
    samples: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    words: Mapping[str, Words] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Catalogue:
        """Build from the ``plans.json`` dict: ``{"catalogue": {...}, "money": {...},
        "languages": [...], "words": {lang: {"locale": ..., "words": {...}}}}``.

        The build has validated the data already, so this does not re-check it; it only
        converts types (prices to Decimal, lists to tuples).
        """
        cat = data["catalogue"]
        product = cat.get("product", {})
        links = cat.get("links", {})
        samples = tuple(str(path) for path in data.get("samples", []))
        source = _Sources(samples)
        _texts = source.texts
        return cls(
            product_name=source.text(product.get("name", ""), "product.name"),
            billing_period=str(product.get("billing_period", "year")),
            currencies=tuple(str(c) for c in product.get("currencies", ["EUR"])),
            features=tuple(
                Feature(
                    id=str(f["id"]),
                    label=_texts(f["label"], f"features[{i}].label"),
                    path=f"features[{i}]",
                )
                for i, f in enumerate(cat.get("features", []))
            ),
            plans=tuple(
                Plan(
                    id=str(p["id"]),
                    name=source.text(p["name"], f"plans[{i}].name"),
                    self_service=bool(p.get("self_service", True)),
                    recommended=bool(p.get("recommended", False)),
                    price=_prices(p.get("price")),
                    summary=_texts(p.get("summary", ""), f"plans[{i}].summary"),
                    features=dict(p.get("features", {})),
                    path=f"plans[{i}]",
                )
                for i, p in enumerate(cat.get("plans", []))
            ),
            addons=tuple(
                Addon(
                    id=str(a["id"]),
                    name=_texts(a["name"], f"addons[{i}].name"),
                    price=_prices(a.get("price")),
                    fee_percent=(
                        None if a.get("fee_percent") is None else _decimal(a["fee_percent"])
                    ),
                    applies_to=tuple(str(p) for p in a.get("applies_to", [])),
                    description=_texts(a.get("description", ""), f"addons[{i}].description"),
                    path=f"addons[{i}]",
                )
                for i, a in enumerate(cat.get("addons", []))
            ),
            checkout_template=str(links.get("checkout", "")),
            meeting=_texts(links.get("meeting", ""), "links.meeting"),
            money={
                str(lang): {
                    str(currency): MoneyFormat.from_json(spec) for currency, spec in by_cur.items()
                }
                for lang, by_cur in data.get("money", {}).items()
            },
            labels={str(k): _texts(v, f"labels.{k}") for k, v in cat.get("labels", {}).items()},
            links={str(k): _texts(v, f"links.{k}") for k, v in links.items()},
            upgrade_steps=tuple(
                _texts(step, f"upgrade.steps[{i}]")
                for i, step in enumerate(cat.get("upgrade", {}).get("steps", []))
            ),
            addon_steps=tuple(
                _texts(step, f"upgrade.addon_steps[{i}]")
                for i, step in enumerate(cat.get("upgrade", {}).get("addon_steps", []))
            ),
            channels=tuple(
                Channel(
                    id=str(c["id"]),
                    kind=str(c["kind"]),
                    title=_texts(c["title"], f"cancellation.channels[{i}].title"),
                    text=_texts(c["text"], f"cancellation.channels[{i}].text"),
                    address=(
                        None
                        if c.get("address") is None
                        else _texts(c["address"], f"cancellation.channels[{i}].address")
                    ),
                )
                for i, c in enumerate(cat.get("cancellation", {}).get("channels", []))
            ),
            samples=samples,
            languages=tuple(str(lang) for lang in data.get("languages", [])),
            words={
                str(lang): Words(str(lang), str(table.get("locale", "")), table.get("words", {}))
                for lang, table in data.get("words", {}).items()
            },
        )

    def words_for(self, lang: str) -> Words:
        """The comparator's words in ``lang``.

        Raises:
            KeyError: ``lang`` is not a language of the site (the build writes ``data-lang``
                from the site's languages, so only a caller's mistake gets here).
        """
        try:
            return self.words[lang]
        except KeyError:
            raise KeyError(
                f"plans.json has no words for {lang!r} (it has {sorted(self.words)})"
            ) from None

    def shown(self, text: str, *paths: str) -> Shown:
        """``text`` made from the catalogue values at ``paths`` (a price, a currency list)."""
        return Shown(text, paths, _Sources(self.samples).at(*paths))

    @property
    def default_currency(self) -> str:
        """The first listed currency, used when the selection names none."""
        return self.currencies[0] if self.currencies else "EUR"

    def plan(self, plan_id: str) -> Plan | None:
        """Return the plan with this id, or ``None``."""
        return next((p for p in self.plans if p.id == plan_id), None)

    def addon(self, addon_id: str) -> Addon | None:
        """Return the add-on with this id, or ``None``."""
        return next((a for a in self.addons if a.id == addon_id), None)

    def money_format(self, lang: str, currency: str) -> MoneyFormat:
        """Return the money format for a language and currency.

        Raises:
            KeyError: if the build wrote no format for that pair (a build bug, not user input).
        """
        try:
            return self.money[lang][currency]
        except KeyError:
            raise KeyError(
                f"plans.json has no money format for money[{lang!r}][{currency!r}]"
            ) from None
