"""Numbers and money in the reader's language, with Babel (CLDR data).

Dutch readers see ``€ 1.234,00``, English readers ``€1,234.00``. The comparator runs without Babel
in the browser, so :func:`money_spec` hands it the same CLDR pattern as plain data.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel import Locale
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
)

CENT = Decimal("0.01")


def to_decimal(amount: float | int | str | Decimal) -> Decimal:
    """Exact decimal of a catalogue amount (YAML floats are converted through their text)."""
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def money(amount: float | int | Decimal, currency: str, lang: str) -> str:
    """``money(1234, "EUR", "nl") == "€\\xa01.234,00"``."""
    rounded = to_decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    return format_currency(rounded, currency, locale=lang)


def per_month(yearly: float | int | Decimal) -> Decimal:
    """The per-month equivalent of a yearly price, rounded half-up to the cent."""
    return (to_decimal(yearly) / 12).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(value: float | int | Decimal, lang: str) -> str:
    """``percent(2.5, "nl") == "2,5%"``."""
    return f"{format_decimal(to_decimal(value), locale=lang)}%"


def money_spec(lang: str, currency: str) -> dict[str, Any]:
    """The CLDR currency pattern of ``lang`` for ``currency``, as plain data for the comparator.

    The comparator formats money in the browser without Babel; with this spec its output is the
    same as :func:`money` (a property test checks it over many amounts).
    """
    pattern = Locale.parse(lang).currency_formats["standard"]
    symbol = get_currency_symbol(currency, lang)
    positive_prefix, negative_prefix = pattern.prefix
    positive_suffix, negative_suffix = pattern.suffix
    primary, secondary = pattern.grouping
    return {
        "positive_prefix": positive_prefix.replace("¤", symbol),
        "positive_suffix": positive_suffix.replace("¤", symbol),
        "negative_prefix": negative_prefix.replace("¤", symbol),
        "negative_suffix": negative_suffix.replace("¤", symbol),
        "decimal": get_decimal_symbol(lang),
        "group": get_group_symbol(lang),
        "grouping": primary if primary == secondary else [primary, secondary],
        "decimals": get_currency_precision(currency),
    }
