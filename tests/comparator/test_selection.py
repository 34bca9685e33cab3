"""Reading the selection from the page URL: bad values become notices, never exceptions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comparator import Selection, parse_query, to_query
from comparator.selection import MAX_NOTICES, default_selection, shown
from core.catalogue import Catalogue

ALL = ("lite", "starter", "pro", "enterprise")


def keys(selection: Selection) -> list[tuple[str, str]]:
    return [(n.key, n.value) for n in selection.notices]


@pytest.mark.parametrize(
    ("query", "plans", "addons", "diff", "notices"),
    [
        ("", ALL, (), False, []),
        ("?", ALL, (), False, []),
        ("plans=starter,pro", ("starter", "pro"), (), False, []),
        ("?plans=pro,starter", ("starter", "pro"), (), False, []),  # catalogue order
        ("plans=starter&plans=pro", ("starter", "pro"), (), False, []),  # plain form submit
        ("plans=starter%2Cpro", ALL, (), False, [("unknown_plan", "starter,pro")]),
        ("plans=starter,,pro,", ("starter", "pro"), (), False, []),
        ("plans=starter,pro#top", ("starter", "pro"), (), False, []),
        ("utm_source=mail&plans=lite,pro", ("lite", "pro"), (), False, []),  # unknown key: silent
        ("PLANS=lite,pro", ("lite", "pro"), (), False, []),
        (
            "plans=starter,bogus,pro",
            ("starter", "pro"),
            (),
            False,
            [("unknown_plan", "bogus")],
        ),
        (
            "plans=starter,pro,starter",
            ("starter", "pro"),
            (),
            False,
            [("duplicate_plan", "starter")],
        ),
        (
            "plans=Starter,pro",
            ("pro", "enterprise"),
            (),
            False,
            [("unknown_plan", "Starter"), ("too_few_plans", "Enterprise")],
        ),
        ("plans=starter", ("starter", "pro"), (), False, [("too_few_plans", "Pro")]),
        ("plans=enterprise", ("pro", "enterprise"), (), False, [("too_few_plans", "Pro")]),
        ("plans=bogus", ALL, (), False, [("unknown_plan", "bogus")]),
        ("plans=", ALL, (), False, []),
        (
            "plans=pro,lite,starter,enterprise,pro",
            ALL,
            (),
            False,
            [("duplicate_plan", "pro")],
        ),
        (
            "plans=<script>alert(1)</script>,pro,lite",
            ("lite", "pro"),
            (),
            False,
            [("unknown_plan", "<script>alert(1)</script>")],
        ),
        ("plans=%FF,pro,lite", ("lite", "pro"), (), False, [("malformed", "%FF")]),
        ("plans=%zz,pro,lite", ("lite", "pro"), (), False, [("unknown_plan", "%zz")]),
        (
            "plans=pro,lite%00",  # NUL shown as a replacement character
            ("pro", "enterprise"),
            (),
            False,
            [("unknown_plan", "lite\ufffd"), ("too_few_plans", "Enterprise")],
        ),
        ("%FF=1&plans=pro,lite", ("lite", "pro"), (), False, [("malformed", "%FF=1")]),
        ("plans=" + "x" * 5000, ALL, (), False, [("unknown_plan", "x" * 40 + "…")]),
        (
            "plans=starter,pro&addons=ticketing",
            ("starter", "pro"),
            ("ticketing",),
            False,
            [],
        ),
        (
            "plans=starter,pro&addons=extra_calendar,ticketing",
            ("starter", "pro"),
            ("ticketing", "extra_calendar"),
            False,
            [],
        ),
        (
            "plans=starter,pro&addons=ticketing&addons=ticketing",
            ("starter", "pro"),
            ("ticketing",),
            False,
            [("duplicate_addon", "ticketing")],
        ),
        (
            "plans=starter,pro&addons=nope",
            ("starter", "pro"),
            (),
            False,
            [("unknown_addon", "nope")],
        ),
        (
            "plans=lite,starter&addons=white_label",  # white label: pro and enterprise only
            ("lite", "starter"),
            (),
            False,
            [("addon_not_applicable", "white_label")],
        ),
        (
            "plans=lite,pro&addons=white_label",  # applies to one chosen plan: kept
            ("lite", "pro"),
            ("white_label",),
            False,
            [],
        ),
        ("plans=lite,pro&diff=1", ("lite", "pro"), (), True, []),
        ("plans=lite,pro&diff=on", ("lite", "pro"), (), True, []),
        ("plans=lite,pro&diff=TRUE", ("lite", "pro"), (), True, []),
        ("plans=lite,pro&diff=0", ("lite", "pro"), (), False, []),
        ("plans=lite,pro&diff", ("lite", "pro"), (), False, []),
        ("plans=lite,pro&diff=maybe", ("lite", "pro"), (), False, [("bad_diff", "maybe")]),
    ],
)
def test_parse_query(
    catalogue: Catalogue,
    query: str,
    plans: tuple[str, ...],
    addons: tuple[str, ...],
    diff: bool,
    notices: list[tuple[str, str]],
) -> None:
    selection = parse_query(catalogue, query)
    assert selection.plans == plans
    assert selection.addons == addons
    assert selection.only_differences is diff
    assert keys(selection) == notices


@pytest.mark.parametrize(
    ("query", "currency", "notices"),
    [
        ("", "EUR", []),
        ("currency=USD", "USD", []),
        ("currency=usd", "USD", []),
        ("currency=", "EUR", []),
        ("currency=GBP", "EUR", [("unknown_currency", "GBP")]),
    ],
)
def test_currency(
    catalogue: Catalogue, query: str, currency: str, notices: list[tuple[str, str]]
) -> None:
    selection = parse_query(catalogue, query)
    assert selection.currency == currency
    assert keys(selection) == notices
    if notices:
        assert selection.notices[0].params == (("currency", "EUR"),)


def test_more_than_four_plans(make_data: Callable[..., dict[str, Any]]) -> None:
    def add_plans(cat: dict[str, Any]) -> None:
        base = cat["plans"][0]
        cat["plans"] += [dict(base, id="p5", name="Five"), dict(base, id="p6", name="Six")]

    catalogue = Catalogue.from_json(make_data(add_plans))
    assert default_selection(catalogue).plans == ALL  # the first four
    selection = parse_query(catalogue, "plans=p6,pro,p5,lite,starter")
    assert selection.plans == ("lite", "pro", "p5", "p6")  # first four asked, catalogue order
    assert keys(selection) == [("too_many_plans", "Starter")]
    assert selection.notices[0].params == (("max", "4"),)


def test_notices_are_capped(catalogue: Catalogue) -> None:
    query = "plans=" + ",".join(f"bad{i}" for i in range(50))
    selection = parse_query(catalogue, query)
    assert len(selection.notices) == MAX_NOTICES
    assert selection.notices[-1].key == "more"
    assert selection.notices[-1].value == str(50 - (MAX_NOTICES - 1))


def test_notices_do_not_count_for_equality(catalogue: Catalogue) -> None:
    assert parse_query(catalogue, "plans=lite,pro,x") == parse_query(catalogue, "plans=lite,pro")


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("", "plans=lite,starter,pro,enterprise"),
        ("plans=pro&plans=starter", "plans=starter,pro"),
        (
            "diff=yes&addons=extra_calendar,ticketing&plans=pro,starter&currency=usd",
            "plans=starter,pro&addons=ticketing,extra_calendar&diff=1&currency=USD",
        ),
        ("plans=starter,pro&currency=EUR&diff=0", "plans=starter,pro"),
    ],
)
def test_to_query_is_canonical(catalogue: Catalogue, query: str, canonical: str) -> None:
    selection = parse_query(catalogue, query)
    assert to_query(selection, catalogue) == canonical
    assert parse_query(catalogue, canonical) == selection


def test_to_query_encodes_weird_ids(make_data: Callable[..., dict[str, Any]]) -> None:
    def weird(cat: dict[str, Any]) -> None:
        cat["plans"][0]["id"] = "a,b&c=d é+"
        for addon in cat["addons"]:
            addon["applies_to"] = ["a,b&c=d é+" if p == "lite" else p for p in addon["applies_to"]]

    catalogue = Catalogue.from_json(make_data(weird))
    selection = Selection(("a,b&c=d é+", "pro"), ("extra_users",), True, "USD")
    query = to_query(selection, catalogue)
    assert query == "plans=a%2Cb%26c%3Dd%20%C3%A9%2B,pro&addons=extra_users&diff=1&currency=USD"
    assert parse_query(catalogue, query) == selection
    assert parse_query(catalogue, query).notices == ()


@given(
    plans=st.lists(st.sampled_from(ALL), min_size=2, max_size=4, unique=True),
    addons=st.lists(st.sampled_from(["ticketing", "extra_calendar", "extra_users", "white_label"])),
    diff=st.booleans(),
    currency=st.sampled_from(["EUR", "USD"]),
)
def test_round_trip(
    catalogue: Catalogue, plans: list[str], addons: list[str], diff: bool, currency: str
) -> None:
    first = parse_query(
        catalogue,
        f"plans={','.join(plans)}&addons={','.join(addons)}&diff={int(diff)}&currency={currency}",
    )
    again = parse_query(catalogue, to_query(first, catalogue))
    assert again == first
    assert again.notices == ()
    assert 2 <= len(first.plans) <= 4


QUERY_PIECES = st.sampled_from(
    [
        "plans",
        "addons",
        "diff",
        "currency",
        "=",
        "&",
        ",",
        "%",
        "%FF",
        "%2C",
        "+",
        "#",
        "?",
        "lite",
        "pro",
        "starter",
        "enterprise",
        "ticketing",
        "white_label",
        "<script>",
        "onerror=",
        '"',
        "'",
        "\x00",
        "\u202e",
        "é",
    ]
)


@given(query=st.one_of(st.text(max_size=300), st.lists(QUERY_PIECES, max_size=40).map("".join)))
def test_fuzz_never_raises(catalogue: Catalogue, query: str) -> None:
    selection = parse_query(catalogue, query)
    assert 2 <= len(selection.plans) <= 4
    assert list(selection.plans) == [p for p in ALL if p in selection.plans]
    assert len(selection.notices) <= MAX_NOTICES
    assert all(len(n.value) <= 41 for n in selection.notices)
    assert parse_query(catalogue, to_query(selection, catalogue)) == selection


def test_an_offending_value_of_up_to_forty_characters_is_shown_whole() -> None:
    assert shown("x" * 40) == "x" * 40
    assert shown("x" * 41) == "x" * 40 + "…"
