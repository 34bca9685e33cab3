"""The comparison: cells, differs flags, only-differences, totals and buttons."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from comparator import Selection, compare, parse_query
from core.catalogue import Catalogue


def by_id(catalogue: Catalogue, query: str, lang: str = "nl") -> dict[str, Any]:
    comparison = compare(catalogue, parse_query(catalogue, query), lang)
    return {p.plan_id: p for p in comparison.plans}


@pytest.mark.parametrize(
    ("query", "differing"),
    [
        (
            "plans=lite,starter",
            ["events", "users", "event_submissions", "analytics"],
        ),
        ("plans=starter,pro", ["calendars", "events", "users", "custom_domain"]),
        (
            "plans=pro,enterprise",
            ["calendars", "users", "single_sign_on", "account_manager"],
        ),
        (
            "",
            [
                "calendars",
                "events",
                "users",
                "event_submissions",
                "analytics",
                "custom_domain",
                "single_sign_on",
                "account_manager",
            ],
        ),
    ],
)
def test_differs_flags(catalogue: Catalogue, query: str, differing: list[str]) -> None:
    comparison = compare(catalogue, parse_query(catalogue, query), "nl")
    assert [r.feature_id for r in comparison.rows] == [f.id for f in catalogue.features]
    assert [r.feature_id for r in comparison.rows if r.differs] == differing
    assert comparison.hidden_rows == 0

    only = compare(catalogue, parse_query(catalogue, query + "&diff=1"), "nl")
    assert [r.feature_id for r in only.rows] == differing
    assert only.hidden_rows == len(catalogue.features) - len(differing)
    assert only.only_differences


def test_true_and_one_are_different_values(make_data: Callable[..., dict[str, Any]]) -> None:
    def edit(cat: dict[str, Any]) -> None:
        cat["plans"][0]["features"]["calendars"] = True  # lite: True, starter: 1

    catalogue = Catalogue.from_json(make_data(edit))
    comparison = compare(catalogue, parse_query(catalogue, "plans=lite,starter"), "en")
    assert comparison.rows[0].differs


@pytest.mark.parametrize(
    ("lang", "feature", "expected"),
    [
        ("nl", "calendars", [("number", "1", "1"), ("number", "3", "3")]),
        ("nl", "events", [("number", "500", "500"), ("unlimited", "Onbeperkt", "Onbeperkt")]),
        ("en", "events", [("number", "500", "500"), ("unlimited", "Unlimited", "Unlimited")]),
        ("nl", "custom_domain", [("no", "✗", "Nee"), ("yes", "✓", "Ja")]),
        ("en", "custom_domain", [("no", "✗", "No"), ("yes", "✓", "Yes")]),
    ],
)
def test_cells(
    catalogue: Catalogue, lang: str, feature: str, expected: list[tuple[str, str, str]]
) -> None:
    comparison = compare(catalogue, parse_query(catalogue, "plans=starter,pro"), lang)
    row = next(r for r in comparison.rows if r.feature_id == feature)
    assert [(c.kind, c.text, c.spoken) for c in row.cells] == expected


def test_large_counts_are_grouped_and_missing_values_tolerated(
    make_data: Callable[..., dict[str, Any]],
) -> None:
    def edit(cat: dict[str, Any]) -> None:
        cat["plans"][1]["features"]["events"] = 10000
        del cat["plans"][0]["features"]["users"]

    catalogue = Catalogue.from_json(make_data(edit))
    comparison = compare(catalogue, parse_query(catalogue, "plans=lite,starter"), "nl")
    cells = {r.feature_id: r.cells for r in comparison.rows}
    assert cells["events"][1].text == "10.000"
    assert (cells["users"][0].kind, cells["users"][0].spoken) == ("missing", "Niet vermeld")


def test_starter_with_extra_calendar_totals(catalogue: Catalogue) -> None:
    starter = by_id(catalogue, "plans=starter,pro&addons=extra_calendar")["starter"]
    assert starter.yearly == Decimal(399)
    assert starter.total_yearly == Decimal(498)
    assert starter.monthly == Decimal("41.50")
    assert (starter.yearly_text, starter.total_text, starter.monthly_text) == (
        "€\xa0399,00",
        "€\xa0498,00",
        "€\xa041,50",
    )
    assert [c.text for c in starter.addons] == ["+ €\xa099,00"]


@pytest.mark.parametrize(
    ("lang", "query", "plan", "texts", "total", "monthly"),
    [
        (
            "nl",
            "plans=starter,pro&addons=ticketing,extra_calendar",
            "pro",
            ["+2,5% per verkocht ticket", "+ €\xa099,00"],
            "€\xa0998,00",
            "€\xa083,17",
        ),
        (
            "en",
            "plans=starter,pro&addons=ticketing,extra_calendar",
            "pro",
            ["+2.5% per ticket sold", "+ €99.00"],
            "€998.00",
            "€83.17",
        ),
        (
            "en",
            "plans=starter,pro&addons=ticketing&currency=USD",
            "starter",
            ["+2.5% per ticket sold"],
            "US$429.00",  # en_GB (CLDR): a dollar is written US$
            "US$35.75",
        ),
        (
            "nl",
            "plans=lite,pro&addons=white_label,extra_users",
            "lite",
            ["+ €\xa079,00", "Niet beschikbaar"],
            "€\xa0228,00",
            "€\xa019,00",
        ),
        (
            "nl",
            "plans=pro,enterprise&addons=white_label,ticketing",
            "enterprise",
            ["+2,5% per verkocht ticket", "+ €\xa0499,00"],
            "Op aanvraag",
            "Op aanvraag",
        ),
        (
            "en",
            "plans=pro,enterprise",
            "enterprise",
            [],
            "On request",
            "On request",
        ),
    ],
)
def test_totals(
    catalogue: Catalogue,
    lang: str,
    query: str,
    plan: str,
    texts: list[str],
    total: str,
    monthly: str,
) -> None:
    column = by_id(catalogue, query, lang)[plan]
    assert [c.text for c in column.addons] == texts
    assert (column.total_text, column.monthly_text) == (total, monthly)


def test_fee_add_ons_are_not_added(catalogue: Catalogue) -> None:
    pro = by_id(catalogue, "plans=starter,pro&addons=ticketing")["pro"]
    assert pro.total_yearly == Decimal(899)
    assert pro.addons[0].fee_percent == Decimal("2.5")
    assert pro.addons[0].yearly is None


@pytest.mark.parametrize(
    ("lang", "plan", "kind", "text", "url"),
    [
        (
            "nl",
            "starter",
            "checkout",
            "Kies Starter",
            "https://checkout.time.ly/subscribe?plan=starter&addons=ticketing&period=year&lang=nl",
        ),
        ("nl", "enterprise", "meeting", "Afspraak maken", "https://time.ly/nl/afspraak-maken/"),
        ("en", "enterprise", "meeting", "Book a meeting", "https://time.ly/book-a-meeting/"),
        (
            "en",
            "pro",
            "checkout",
            "Choose Pro",
            "https://checkout.time.ly/subscribe?plan=pro&addons=ticketing&period=year&lang=en",
        ),
    ],
)
def test_actions(
    catalogue: Catalogue, lang: str, plan: str, kind: str, text: str, url: str
) -> None:
    column = by_id(catalogue, "plans=starter,pro,enterprise&addons=ticketing", lang)[plan]
    assert (column.action_kind, column.action_text, column.action_url) == (kind, text, url)


def test_programmatic_selection_is_cleaned(catalogue: Catalogue) -> None:
    selection = Selection(("pro", "nope", "lite"), ("white_label", "nope", "extra_users"), False)
    # A language the site lacks is refused, never answered in the default language.
    with pytest.raises(KeyError, match="no words for 'xx'"):
        compare(catalogue, selection, "xx")
    comparison = compare(catalogue, selection, "nl")
    assert comparison.words.lang == "nl"
    assert comparison.currency == "EUR"
    assert [p.plan_id for p in comparison.plans] == ["lite", "pro"]
    assert [a for a, _ in comparison.addons] == ["extra_users", "white_label"]
