"""Fixtures for the comparator: the real catalogue as ``plans.json``, money specs from Babel.

:func:`money_spec_from_babel` and :func:`build_plans_json` are what the build needs to write
``plans.json``; they live here (Babel may be imported by tests and the build, never by
``comparator``) so the build can copy them unchanged.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel import Locale
from babel.numbers import (
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
)

from comparator import Catalogue

ROOT = Path(__file__).resolve().parents[2]
PLANS_YAML = ROOT / "plans.yaml"
LANGUAGES = ("nl", "en")


def money_spec_from_babel(locale: str, currency: str) -> dict[str, Any]:
    """Derive one ``money[locale][currency]`` entry of ``plans.json`` from Babel (CLDR).

    The currency sign ``¤`` in the standard currency pattern's prefixes and suffixes is replaced
    by the locale's symbol for the currency. The number of decimals is the currency's own
    precision, which is what ``format_currency`` uses by default.
    """
    pattern = Locale.parse(locale).currency_formats["standard"]
    symbol = get_currency_symbol(currency, locale)
    (positive_prefix, negative_prefix) = pattern.prefix
    (positive_suffix, negative_suffix) = pattern.suffix
    primary, secondary = pattern.grouping
    return {
        "positive_prefix": positive_prefix.replace("¤", symbol),
        "positive_suffix": positive_suffix.replace("¤", symbol),
        "negative_prefix": negative_prefix.replace("¤", symbol),
        "negative_suffix": negative_suffix.replace("¤", symbol),
        "decimal": get_decimal_symbol(locale),
        "group": get_group_symbol(locale),
        "grouping": primary if primary == secondary else [primary, secondary],
        "decimals": get_currency_precision(currency),
    }


def build_plans_json(
    catalogue: dict[str, Any], languages: Iterable[str] = LANGUAGES
) -> dict[str, Any]:
    """Build the ``plans.json`` dict the comparator reads, from the loaded ``plans.yaml``."""
    currencies = catalogue["product"]["currencies"]
    return {
        "catalogue": catalogue,
        "money": {
            lang: {cur: money_spec_from_babel(lang, cur) for cur in currencies}
            for lang in languages
        },
    }


@pytest.fixture(scope="session")
def plans_yaml() -> dict[str, Any]:
    """The real ``plans.yaml`` as plain data (do not mutate; use ``make_data``)."""
    with PLANS_YAML.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


@pytest.fixture(scope="session")
def plans_data(plans_yaml: dict[str, Any]) -> dict[str, Any]:
    """The ``plans.json`` dict for the real catalogue."""
    return build_plans_json(plans_yaml)


@pytest.fixture(scope="session")
def catalogue(plans_data: dict[str, Any]) -> Catalogue:
    """The real catalogue as a :class:`comparator.Catalogue`."""
    return Catalogue.from_json(plans_data)


@pytest.fixture
def make_data(plans_yaml: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """Return a function that builds ``plans.json`` from a changed copy of the catalogue.

    Call it with a function that edits the catalogue dict in place.
    """

    def make(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        changed = copy.deepcopy(plans_yaml)
        edit(changed)
        return build_plans_json(changed)

    return make
