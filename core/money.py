"""Money and number formatting, matching Babel/CLDR output without importing Babel.

Babel is not available in the browser, so the build copies the few CLDR facts needed (symbols,
separators, grouping, prefix and suffix) into ``plans.json`` and this module applies them. A
property test checks the result equals ``babel.numbers.format_currency``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from core.catalogue import MoneyFormat

MONTHS_PER_YEAR = 12


def _quantum(decimals: int) -> Decimal:
    """Return ``Decimal("0.01")`` for 2 decimals, ``Decimal("1")`` for 0."""
    return Decimal(1).scaleb(-decimals)


def round_money(amount: Decimal, spec: MoneyFormat) -> Decimal:
    """Round half up to the currency's decimals, as invoices do (Babel rounds half to even)."""
    return amount.quantize(_quantum(spec.decimals), rounding=ROUND_HALF_UP)


def per_month(yearly: Decimal, spec: MoneyFormat) -> Decimal:
    """Return the per-month equivalent of a yearly amount, rounded like every shown amount."""
    return round_money(yearly / MONTHS_PER_YEAR, spec)


def _group(digits: str, spec: MoneyFormat) -> str:
    """Insert group separators into a string of integer digits, CLDR style."""
    size = spec.grouping
    if size <= 0:
        return digits
    parts: list[str] = []
    while len(digits) > size:
        parts.insert(0, digits[-size:])
        digits = digits[:-size]
        size = spec.secondary_grouping or spec.grouping
    parts.insert(0, digits)
    return spec.group.join(parts)


def format_money(amount: Decimal, spec: MoneyFormat) -> str:
    """Format an amount like ``babel.numbers.format_currency`` (``€\\xa01.234,50`` in Dutch).

    Args:
        amount: The amount in currency units.
        spec: The locale's format for that currency.

    Returns:
        The amount rounded half up to ``spec.decimals`` with symbol and separators.
    """
    rounded = round_money(amount, spec)
    negative = rounded < 0
    text = f"{abs(rounded):f}"
    whole, _, fraction = text.partition(".")
    number = _group(whole, spec)
    if spec.decimals > 0:
        number += spec.decimal + fraction.ljust(spec.decimals, "0")[: spec.decimals]
    if negative:
        return spec.negative_prefix + number + spec.negative_suffix
    return spec.positive_prefix + number + spec.positive_suffix


def format_number(value: Decimal | int, spec: MoneyFormat, max_decimals: int = 2) -> str:
    """Format a plain number (a count, a percentage) with the locale's separators.

    Trailing zeros are dropped (``2.50`` -> ``2,5``), as ``babel.numbers.format_decimal`` does.
    """
    number = Decimal(value).quantize(_quantum(max_decimals), rounding=ROUND_HALF_UP)
    negative = number < 0
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    text = _group(whole, spec) + (spec.decimal + fraction if fraction else "")
    return "-" + text if negative else text


def format_percent(value: Decimal, spec: MoneyFormat) -> str:
    """Format a percentage given in percent units: ``2.5`` -> ``2,5%`` in Dutch.

    Dutch and English both use the CLDR pattern ``#,##0%`` (no space before the sign).
    """
    return format_number(value, spec) + "%"
