"""The CLDR money formats of each language, read from Babel, as plain data.

There is one money formatter, :func:`core.money.format_money`: it runs in the browser, where
Babel is not available, so the build hands it these formats (inside ``plans.json`` and the typed
catalogue). Dutch readers see ``€ 1.234,00``, English readers ``€1,234.00``.
"""

from __future__ import annotations

from typing import Any

from babel import Locale
from babel.numbers import (
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
)


def money_spec(locale: str, currency: str) -> dict[str, Any]:
    """The CLDR currency pattern of ``locale`` for ``currency``, as plain data for the comparator.

    A property test checks that :func:`core.money.format_money` with this spec writes what
    ``babel.numbers.format_currency`` writes.
    """
    pattern = Locale.parse(locale).currency_formats["standard"]
    symbol = get_currency_symbol(currency, locale)
    positive_prefix, negative_prefix = pattern.prefix
    positive_suffix, negative_suffix = pattern.suffix
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
