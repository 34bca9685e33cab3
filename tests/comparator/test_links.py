"""Checkout and meeting links: encoded values, applicable add-ons only, https on one host."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from comparator import action_url, checkout_url
from core.catalogue import Catalogue

BASE = "https://checkout.time.ly/subscribe"


@pytest.mark.parametrize(
    ("plan", "addons", "lang", "expected"),
    [
        ("starter", [], "nl", f"{BASE}?plan=starter&addons=&period=year&lang=nl"),
        (
            "starter",
            ["ticketing"],
            "nl",
            f"{BASE}?plan=starter&addons=ticketing&period=year&lang=nl",
        ),
        (  # catalogue order, comma encoded
            "pro",
            ["white_label", "ticketing", "extra_calendar"],
            "en",
            f"{BASE}?plan=pro&addons=ticketing%2Cextra_calendar%2Cwhite_label&period=year&lang=en",
        ),
        (  # white label and ticketing do not apply to lite; unknown ids are dropped
            "lite",
            ["white_label", "ticketing", "extra_users", "nope"],
            "nl",
            f"{BASE}?plan=lite&addons=extra_users&period=year&lang=nl",
        ),
        (
            "lite",
            ["extra_users", "extra_users"],
            "nl",
            f"{BASE}?plan=lite&addons=extra_users&period=year&lang=nl",
        ),
    ],
)
def test_checkout_url(
    catalogue: Catalogue, plan: str, addons: list[str], lang: str, expected: str
) -> None:
    assert checkout_url(catalogue, plan, addons, lang) == expected


def test_every_value_is_encoded(make_data: Callable[..., dict[str, Any]]) -> None:
    weird = "a b&plan=evil/../?#é"

    def edit(cat: dict[str, Any]) -> None:
        cat["plans"][1]["id"] = weird
        cat["addons"][0]["id"] = "x,y&z"
        cat["addons"][0]["applies_to"] = [weird]

    catalogue = Catalogue.from_json(make_data(edit))
    url = checkout_url(catalogue, weird, ["x,y&z"], "nl&x=1", period="year/2")
    assert url == (
        f"{BASE}?plan=a%20b%26plan%3Devil%2F..%2F%3F%23%C3%A9&addons=x%2Cy%26z"
        "&period=year%2F2&lang=nl%26x%3D1"
    )
    assert parse_qs(urlsplit(url).query) == {
        "plan": [weird],
        "addons": ["x,y&z"],
        "period": ["year/2"],
        "lang": ["nl&x=1"],
    }


def test_placeholders_are_filled_once(make_data: Callable[..., dict[str, Any]]) -> None:
    catalogue = Catalogue.from_json(make_data(lambda cat: cat["plans"][0].update(id="{lang}")))
    assert checkout_url(catalogue, "{lang}", [], "nl").startswith(f"{BASE}?plan=%7Blang%7D&")


@pytest.mark.parametrize(
    "template",
    [
        "http://checkout.time.ly/subscribe?plan={plan}",  # not https
        "javascript:alert(1)//{plan}",
        "//checkout.time.ly/subscribe?plan={plan}",  # scheme-relative
        "/subscribe?plan={plan}",  # relative
        "https://{plan}.time.ly/subscribe",  # the host would depend on the plan
        "https://checkout.time.ly{plan}/subscribe",
        "https://checkout.time.ly:{period}/",
    ],
)
def test_refuses_templates_off_the_https_host(
    make_data: Callable[..., dict[str, Any]], template: str
) -> None:
    catalogue = Catalogue.from_json(make_data(lambda cat: cat["links"].update(checkout=template)))
    with pytest.raises(ValueError, match=r"https|host"):
        checkout_url(catalogue, "starter", [], "nl")


def test_unknown_plan_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match="Unknown plan 'nope'"):
        checkout_url(catalogue, "nope", [], "nl")
    with pytest.raises(ValueError, match="Unknown plan"):
        action_url(catalogue, "nope", [], "nl")


@pytest.mark.parametrize(
    ("plan", "lang", "expected"),
    [
        ("enterprise", "nl", ("meeting", "https://time.ly/nl/afspraak-maken/")),
        ("enterprise", "en", ("meeting", "https://time.ly/book-a-meeting/")),
        (
            "starter",
            "nl",
            ("checkout", f"{BASE}?plan=starter&addons=ticketing&period=year&lang=nl"),
        ),
    ],
)
def test_action_url(catalogue: Catalogue, plan: str, lang: str, expected: tuple[str, str]) -> None:
    assert action_url(catalogue, plan, ["ticketing"], lang) == expected


def test_any_plan_that_is_not_self_service_books_a_meeting(
    make_data: Callable[..., dict[str, Any]],
) -> None:
    catalogue = Catalogue.from_json(
        make_data(lambda cat: cat["plans"][0].update(self_service=False))
    )
    assert action_url(catalogue, "lite", [], "en") == ("meeting", "https://time.ly/book-a-meeting/")


def test_meeting_link_must_be_https(make_data: Callable[..., dict[str, Any]]) -> None:
    catalogue = Catalogue.from_json(
        make_data(lambda cat: cat["links"]["meeting"].update(nl="javascript:alert(1)"))
    )
    with pytest.raises(ValueError, match="https"):
        action_url(catalogue, "enterprise", [], "nl")
