"""Money formatting must equal Babel's, which the articles use (in each word table's locale)."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as babel_percent
from hypothesis import given
from hypothesis import strategies as st

from core.catalogue import Catalogue, MoneyFormat
from core.money import format_money, format_number, format_percent, per_month
from helpcenter.money_formats import money_spec
from tests.support.project import LANGUAGES, WORDS

#: The Babel locale of each language of the site (``words/<lang>.yaml``'s ``locale``).
LOCALE = {lang: WORDS[lang].locale for lang in LANGUAGES}
PAIRS = [(lang, cur) for lang in LANGUAGES for cur in ("EUR", "USD")]
SPECS = {(lang, cur): MoneyFormat.from_json(money_spec(LOCALE[lang], cur)) for lang, cur in PAIRS}

cents = st.integers(min_value=0, max_value=10_000_000_00).map(lambda n: Decimal(n).scaleb(-2))
mills = st.integers(min_value=0, max_value=10_000_000_000).map(lambda n: Decimal(n).scaleb(-3))


@pytest.mark.parametrize(
    ("loc", "cur", "amount", "expected"),
    [
        ("nl", "EUR", "1234.5", "€\xa01.234,50"),
        ("en", "EUR", "1234.5", "€1,234.50"),
        ("nl", "USD", "1234.5", "US$\xa01.234,50"),
        ("en", "USD", "1234.5", "US$1,234.50"),  # en_GB: a dollar is not the home currency
        ("nl", "EUR", "0", "€\xa00,00"),
        ("nl", "EUR", "999", "€\xa0999,00"),
        ("nl", "EUR", "1000", "€\xa01.000,00"),
        ("en", "EUR", "10000000", "€10,000,000.00"),
        ("nl", "EUR", "0.005", "€\xa00,01"),  # half up, where Babel's default rounds half even
        ("nl", "EUR", "-1234.5", "€\xa0-1.234,50"),
        ("en", "EUR", "-1234.5", "-€1,234.50"),
    ],
)
def test_format_money_examples(loc: str, cur: str, amount: str, expected: str) -> None:
    assert format_money(Decimal(amount), SPECS[(loc, cur)]) == expected


@pytest.mark.parametrize(("loc", "cur"), PAIRS)
@given(amount=cents)
def test_format_money_equals_babel_for_cents(loc: str, cur: str, amount: Decimal) -> None:
    expected = format_currency(amount, cur, locale=LOCALE[loc])
    assert format_money(amount, SPECS[(loc, cur)]) == expected


@pytest.mark.parametrize(("loc", "cur"), PAIRS)
@given(amount=mills)
def test_rounding_is_half_up_like_babel_in_a_half_up_context(
    loc: str, cur: str, amount: Decimal
) -> None:
    with decimal.localcontext() as context:
        context.rounding = decimal.ROUND_HALF_UP
        expected = format_currency(amount, cur, locale=LOCALE[loc])
    assert format_money(amount, SPECS[(loc, cur)]) == expected


@pytest.mark.parametrize("loc", LANGUAGES)
@given(count=st.integers(min_value=0, max_value=10**9))
def test_format_number_equals_babel(loc: str, count: int) -> None:
    assert format_number(count, SPECS[(loc, "EUR")]) == format_decimal(count, locale=LOCALE[loc])


@pytest.mark.parametrize(
    ("loc", "percent", "expected"),
    [("nl", "2.5", "2,5%"), ("en", "2.5", "2.5%"), ("nl", "3", "3%"), ("en", "12.25", "12.25%")],
)
def test_format_percent(loc: str, percent: str, expected: str) -> None:
    spec = SPECS[(loc, "EUR")]
    assert format_percent(Decimal(percent), spec) == expected
    assert expected == babel_percent(Decimal(percent) / 100, "#,##0.##%", locale=LOCALE[loc])


@pytest.mark.parametrize(
    ("yearly", "monthly"),
    [("498", "41.50"), ("899", "74.92"), ("149", "12.42"), ("0.06", "0.01"), ("1", "0.08")],
)
def test_per_month_rounds_half_up(yearly: str, monthly: str) -> None:
    assert per_month(Decimal(yearly), SPECS[("nl", "EUR")]) == Decimal(monthly)


def test_catalogue_reads_babel_specs(catalogue: Catalogue) -> None:
    spec = catalogue.money_format("nl", "EUR")
    assert (spec.positive_prefix, spec.decimal, spec.group, spec.decimals) == ("€\xa0", ",", ".", 2)
    with pytest.raises(KeyError, match=r"money\['fr'\]\['EUR'\]"):
        catalogue.money_format("fr", "EUR")


def test_grouping_pair_and_zero_decimals() -> None:
    spec = MoneyFormat.from_json(
        {"positive_prefix": "₹", "decimal": ".", "group": ",", "grouping": [3, 2], "decimals": 0}
    )
    assert format_money(Decimal("12345678.5"), spec) == "₹1,23,45,679"
