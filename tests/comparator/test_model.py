"""``Catalogue.from_json``: what a minimal ``plans.json`` means, worked out from the docstrings.

The build always writes every key; the defaults keep the browser side working on a shorter file
(an older build's cached ``plans.json``, a hand-written test file) instead of failing.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from comparator import (
    AddonCharge,
    Selection,
    compare,
    default_selection,
    render_comparison,
    render_controls,
)
from core.catalogue import Addon, Catalogue, Channel, Feature, MoneyFormat, Plan
from core.money import format_percent
from core.words import BROWSER_GROUPS
from tests.small.reading import table_rows
from tests.support.project import WORDS

MINIMAL = {
    "catalogue": {
        "features": [{"id": "rooms", "label": {"nl": "Zalen", "en": "Rooms"}}],
        "plans": [
            {"id": "basic", "name": "Basic"},
            {
                "id": "max",
                "name": "Max",
                "self_service": False,
                "recommended": True,
                "price": {"EUR": 99.9, "USD": 109.9},
                "summary": "Everything",
                "features": {"rooms": 3},
            },
        ],
        "addons": [
            {"id": "fee", "name": "Fee", "fee_percent": 1.5},
            {
                "id": "seat",
                "name": {"nl": "Stoel", "en": "Seat"},
                "price": {"EUR": 5},
                "applies_to": ["basic", "max"],
            },
        ],
        "links": {
            "checkout": "https://shop.example.com/{plan}",
            "meeting": "https://example.com/m",
        },
    },
    "money": {"nl": {"EUR": {"grouping": [3, 2]}}, "en": {"EUR": {"grouping": 4}}},
}
#: The site's languages and their comparator words, as the build adds them to ``plans.json``
#: (MINIMAL leaves them out: a comparison then has no words to say anything with).
SITE_WORDS = {
    "languages": list(WORDS),
    "words": {
        lang: {"locale": words.locale, "words": words.group(*BROWSER_GROUPS)}
        for lang, words in WORDS.items()
    },
}


def test_a_minimal_plans_json_gets_the_documented_defaults() -> None:
    catalogue = Catalogue.from_json(MINIMAL)
    assert catalogue == Catalogue(
        product_name="",
        billing_period="year",
        currencies=("EUR",),
        # Each knows where the catalogue writes it, for its values' sources.
        features=(Feature("rooms", {"nl": "Zalen", "en": "Rooms"}, "features[0]"),),
        plans=(
            Plan("basic", "Basic", True, False, None, {"*": ""}, {}, "plans[0]"),
            Plan(
                "max",
                "Max",
                False,
                True,
                {"EUR": Decimal("99.9"), "USD": Decimal("109.9")},
                {"*": "Everything"},
                {"rooms": 3},
                "plans[1]",
            ),
        ),
        addons=(
            Addon("fee", {"*": "Fee"}, None, Decimal("1.5"), (), {"*": ""}, "addons[0]"),
            Addon(
                "seat",
                {"nl": "Stoel", "en": "Seat"},
                {"EUR": Decimal(5)},
                None,
                ("basic", "max"),
                {"*": ""},
                "addons[1]",
            ),
        ),
        checkout_template="https://shop.example.com/{plan}",
        meeting={"*": "https://example.com/m"},
        money={
            "nl": {"EUR": MoneyFormat("", "", "-", "", ".", ",", 3, 2, 2)},
            "en": {"EUR": MoneyFormat("", "", "-", "", ".", ",", 4, 4, 2)},
        },
        # Every named link, per language ("*": the same in every language).
        links={
            "checkout": {"*": "https://shop.example.com/{plan}"},
            "meeting": {"*": "https://example.com/m"},
        },
    )
    assert catalogue.default_currency == "EUR"
    # Without the site's languages it has no words, and answers in none rather than in another.
    assert (catalogue.languages, catalogue.words) == ((), {})
    with pytest.raises(KeyError, match="no words for 'en'"):
        compare(catalogue, default_selection(catalogue), "en")


def test_an_empty_plans_json_is_an_empty_catalogue() -> None:
    catalogue = Catalogue.from_json({"catalogue": {}})
    assert (catalogue.plans, catalogue.addons, catalogue.features) == ((), (), ())
    assert catalogue.currencies == ("EUR",)
    assert catalogue.checkout_template == ""
    assert catalogue.meeting == {"*": ""}
    assert catalogue.money == {}


def test_lists_of_names_read_naturally() -> None:
    dutch, english = WORDS["nl"], WORDS["en"]
    assert dutch.join([]) == ""
    assert english.join(["Pro"]) == "Pro"
    assert dutch.join(["Lite", "Pro"]) == "Lite en Pro"
    assert english.join(["Lite", "Starter", "Pro"]) == "Lite, Starter and Pro"


def two_currencies() -> Catalogue:
    """MINIMAL in euros and dollars, where the add-on "seat" has no dollar price."""
    data = {
        **MINIMAL,
        **SITE_WORDS,
        "catalogue": {**MINIMAL["catalogue"], "product": {"name": "Zaal"}},
    }
    data["catalogue"]["product"]["currencies"] = ["EUR", "USD"]
    usd = {"positive_prefix": "US$", "decimals": 2}
    data["money"] = {lang: {**MINIMAL["money"][lang], "USD": usd} for lang in ("nl", "en")}
    return Catalogue.from_json(data)


def test_an_addon_without_a_price_in_the_chosen_currency_is_on_request() -> None:
    catalogue = two_currencies()
    selection = Selection(("basic", "max"), ("seat",), False, "USD")
    comparison = compare(catalogue, selection, "en")
    assert [column.addons for column in comparison.plans] == [
        (AddonCharge("seat", "Seat", True, None, None, "On request"),),
        (AddonCharge("seat", "Seat", True, None, None, "On request"),),
    ]
    assert [column.total_text for column in comparison.plans] == ["On request", "US$109.90"]
    controls = render_controls(catalogue, selection, "nl")
    assert 'Stoel <span class="comparator__hint">Op aanvraag, bij Basic en Max</span>' in controls
    assert '<select name="currency"' in controls


def test_one_currency_offers_no_currency_choice() -> None:
    catalogue = Catalogue.from_json({**MINIMAL, **SITE_WORDS})
    controls = render_controls(catalogue, default_selection(catalogue), "en")
    assert "<select" not in controls
    seat = '"seat"> Seat <span class="comparator__hint">5.00 per year, with Basic and Max</span>'
    assert seat in controls


def rooms_catalogue(features: dict[str, dict[str, object]]) -> Catalogue:
    """MINIMAL with two features ("Rooms", "Wi-Fi") and the given feature values per plan."""
    data = {**MINIMAL, **SITE_WORDS, "catalogue": {**MINIMAL["catalogue"]}}
    data["catalogue"]["features"] = [
        {"id": "rooms", "label": {"nl": "Zalen", "en": "Rooms"}},
        {"id": "wifi", "label": {"nl": "Wifi", "en": "Wi-Fi"}},
    ]
    data["catalogue"]["plans"] = [
        {**plan, "features": features[plan["id"]]} for plan in MINIMAL["catalogue"]["plans"]
    ]
    return Catalogue.from_json(data)


def rows_of(catalogue: Catalogue, lang: str, only_differences: bool) -> list[list[str]]:
    selection = Selection(("basic", "max"), (), only_differences, "EUR")
    return table_rows(render_comparison(compare(catalogue, selection, lang)))


def test_a_value_the_catalogue_leaves_out_is_read_as_not_specified() -> None:
    catalogue = rooms_catalogue({"basic": {"wifi": True}, "max": {"rooms": 3, "wifi": False}})
    rows = rows_of(catalogue, "en", only_differences=False)
    assert ["Rooms", "Not specified", "3"] in rows
    selection = Selection(("basic", "max"), (), False, "EUR")
    table = render_comparison(compare(catalogue, selection, "en"))
    assert '<span role="img" aria-label="Not specified">–</span>' in table  # seen, and heard
    assert ["Wi-Fi", "Yes", "No"] in rows


def test_hiding_identical_rows_says_so_in_the_page_language() -> None:
    one_same = rooms_catalogue(
        {"basic": {"rooms": 1, "wifi": True}, "max": {"rooms": 3, "wifi": True}}
    )
    assert ["1 identical row hidden"] in rows_of(one_same, "en", only_differences=True)
    assert ["1 gelijke regel verborgen"] in rows_of(one_same, "nl", only_differences=True)
    all_same = rooms_catalogue(
        {"basic": {"rooms": 3, "wifi": True}, "max": {"rooms": 3, "wifi": True}}
    )
    rows = rows_of(all_same, "en", only_differences=True)
    assert ["The chosen plans have the same features."] in rows
    assert not any("hidden" in " ".join(row) for row in rows)


def test_the_default_selection_is_every_plan_in_the_first_currency() -> None:
    catalogue = two_currencies()
    assert default_selection(catalogue) == Selection(("basic", "max"), (), False, "EUR")


def test_a_fee_on_a_tenth_of_a_cent_is_rounded_half_up() -> None:
    spec = MoneyFormat("€", "", "-€", "", ",", ".", 3, 3, 2)
    assert format_percent(Decimal("2.125"), spec) == "2,13%"
    assert format_percent(Decimal("2.50"), spec) == "2,5%"
    assert format_percent(Decimal("1234.5"), spec) == "1.234,5%"


def test_the_upgrade_steps_and_cancellation_channels_are_read_in_order() -> None:
    data = {
        "catalogue": {
            "upgrade": {
                "steps": [{"nl": "Open {label:menu}", "en": "Open {label:menu}"}, "Pay"],
                "addon_steps": [{"nl": "Kies een add-on", "en": "Choose an add-on"}],
            },
            "cancellation": {
                "channels": [
                    {"id": "form", "kind": "contact_page", "title": "Form", "text": "Fill it in"},
                    {
                        "id": "mail",
                        "kind": "email",
                        "title": {"nl": "E-mail", "en": "Email"},
                        "text": "Write to us",
                        "address": {"nl": "stop@example.com", "en": "cancel@example.com"},
                    },
                ]
            },
        }
    }
    catalogue = Catalogue.from_json(data)
    assert catalogue.upgrade_steps == (
        {"nl": "Open {label:menu}", "en": "Open {label:menu}"},
        {"*": "Pay"},
    )
    assert catalogue.addon_steps == ({"nl": "Kies een add-on", "en": "Choose an add-on"},)
    assert catalogue.addon_steps[0]["nl"].sources == ("upgrade.addon_steps[0].nl",)
    assert catalogue.channels == (
        Channel("form", "contact_page", {"*": "Form"}, {"*": "Fill it in"}, None),
        Channel(
            "mail",
            "email",
            {"nl": "E-mail", "en": "Email"},
            {"*": "Write to us"},
            {"nl": "stop@example.com", "en": "cancel@example.com"},
        ),
    )


def test_a_money_format_reads_every_field_and_defaults_the_missing_ones() -> None:
    """A locale that writes ``12,50 kr`` and ``(12,50 kr)``, in groups of three then two."""
    spec = {
        "positive_prefix": "",
        "positive_suffix": "\xa0kr",
        "negative_prefix": "(",
        "negative_suffix": "\xa0kr)",
        "decimal": ",",
        "group": ".",
        "grouping": [3, 2],
        "decimals": 2,
    }
    assert MoneyFormat.from_json(spec) == MoneyFormat(
        "", "\xa0kr", "(", "\xa0kr)", ",", ".", 3, 2, 2
    )
    assert MoneyFormat.from_json({}) == MoneyFormat("", "", "-", "", ".", ",", 3, 3, 2)
