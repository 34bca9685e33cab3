"""The CLDR money formats the build hands the comparator, written out by hand per language."""

from __future__ import annotations

from helpcenter.money_formats import money_spec


def test_dutch_and_english_euro_and_dollar_formats() -> None:
    assert money_spec("nl", "EUR") == {
        "positive_prefix": "€\xa0",
        "positive_suffix": "",
        "negative_prefix": "€\xa0-",
        "negative_suffix": "",
        "decimal": ",",
        "group": ".",
        "grouping": 3,
        "decimals": 2,
    }
    assert money_spec("en", "USD") == {
        "positive_prefix": "$",
        "positive_suffix": "",
        "negative_prefix": "-$",
        "negative_suffix": "",
        "decimal": ".",
        "group": ",",
        "grouping": 3,
        "decimals": 2,
    }
    assert money_spec("nl", "USD")["positive_prefix"] == "US$\xa0"


def test_other_formats_keep_suffixes_two_group_sizes_and_zero_decimals() -> None:
    german = money_spec("de", "JPY")
    assert (german["positive_prefix"], german["positive_suffix"]) == ("", "\xa0¥")
    assert (german["negative_prefix"], german["negative_suffix"]) == ("-", "\xa0¥")
    assert german["decimals"] == 0
    assert money_spec("en_IN", "INR")["grouping"] == [3, 2]
