"""Numbers and money in the reader's language, with Babel (CLDR data).

Dutch readers see ``€ 1.234,00``, English readers ``€1,234.00``. The comparator runs without Babel
in the browser, so :func:`money_formats` hands it the same CLDR pattern as plain data.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import (
    format_currency,
    format_decimal,
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
    """``percent(2.5, "nl") == "2,5%"``; the comparator mirrors this with :func:`money_formats`."""
    return f"{format_decimal(to_decimal(value), locale=lang)}%"


def money_formats(
    languages: tuple[str, ...], currencies: list[str]
) -> dict[str, dict[str, dict[str, object]]]:
    """The CLDR currency pattern per language and currency, as data for the browser comparator."""
    formats: dict[str, dict[str, dict[str, object]]] = {}
    for lang in languages:
        pattern = Locale.parse(lang).currency_formats["standard"]
        formats[lang] = {}
        for currency in currencies:
            symbol = get_currency_symbol(currency, lang)
            formats[lang][currency] = {
                "positive_prefix": pattern.prefix[0].replace("¤", symbol),
                "positive_suffix": pattern.suffix[0].replace("¤", symbol),
                "negative_prefix": pattern.prefix[1].replace("¤", symbol),
                "negative_suffix": pattern.suffix[1].replace("¤", symbol),
                "decimal": get_decimal_symbol(lang),
                "group": get_group_symbol(lang),
                "grouping": pattern.grouping[0],
                "decimals": pattern.frac_prec[0],
            }
    return formats
