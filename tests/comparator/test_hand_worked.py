"""The comparator's totals and checkout links against figures worked out by hand.

The small catalogue (tests/small/plans.yaml) has round prices and a few half cents; the expected
figures are in tests/small/expected.py. The same cases run in CPython and in Pyodide (the
browser's Python, under Node): a wrong total or link fails here, whichever side computed it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from comparator import AddonCharge, Selection, compare, parse_query, update
from core.catalogue import Catalogue
from helpcenter.catalogue import load_catalogue
from helpcenter.comparator_assets import plans_json
from tests.conftest import SMALL_PLANS
from tests.small.expected import (
    CASES,
    TABLE_EN,
    TABLE_HIDDEN_QUERY,
    TABLE_NL_DIFF,
    TABLE_NL_HIDDEN,
    TABLE_QUERY,
    Case,
)
from tests.small.reading import columns, table_rows
from tests.support.project import WORDS

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("pyodide_run.mjs")


@pytest.fixture(scope="module")
def small_plans_text() -> str:
    return json.dumps(plans_json(load_catalogue(SMALL_PLANS, WORDS).data, WORDS))


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.lang}:{case.query or 'all'}")
def test_cpython_totals_and_links_are_the_hand_worked_ones(
    small_plans_text: str, case: Case
) -> None:
    result = json.loads(update(small_plans_text, case.query, case.lang))
    assert columns(result["table"]) == case.columns


def test_pyodide_totals_and_links_are_the_hand_worked_ones(small_plans_text: str) -> None:
    if shutil.which("node") is None:
        pytest.fail("Node.js is not installed: this test runs Pyodide under Node (`make deps`)")
    run = subprocess.run(
        ["node", str(RUNNER), str(ROOT)],
        input=json.dumps(
            {"plans_json": small_plans_text, "cases": [[c.query, c.lang] for c in CASES]}
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["version"][:2] >= [3, 12]  # really Pyodide's Python, not the host's 3.11
    for case, (updated, _page) in zip(CASES, out["results"], strict=True):
        assert columns(json.loads(updated)["table"]) == case.columns, case.query


def test_the_whole_table_reads_as_worked_out_in_english(small_plans_text: str) -> None:
    result = json.loads(update(small_plans_text, TABLE_QUERY, "en"))
    assert table_rows(result["table"]) == TABLE_EN


def test_the_differences_table_reads_as_worked_out_in_dutch(small_plans_text: str) -> None:
    result = json.loads(update(small_plans_text, TABLE_QUERY + "&diff=1", "nl"))
    assert table_rows(result["table"]) == TABLE_NL_DIFF


def test_hidden_identical_rows_are_counted_and_the_recommended_plan_marked(
    small_plans_text: str,
) -> None:
    result = json.loads(update(small_plans_text, TABLE_HIDDEN_QUERY, "nl"))
    assert table_rows(result["table"]) == TABLE_NL_HIDDEN


def test_notices_speak_the_page_language(small_plans_text: str) -> None:
    """A bogus link on an English page: English notices, and the form is told what it shows."""
    result = json.loads(update(small_plans_text, "plans=nope,lite&addons=zzz", "en"))
    assert result["notices"].count("<li>") == 3
    text = result["notices"]
    assert "There is no plan “nope”, so we skipped it." in text
    assert "A comparison needs at least 2 plans, so we added “Starter”." in text
    assert "There is no add-on “zzz”, so we skipped it." in text
    assert result["selection"] == {
        "plans": ["lite", "starter"],
        "addons": [],
        "diff": False,
        "currency": "EUR",
    }


def test_an_empty_link_tells_the_form_the_default_selection(small_plans_text: str) -> None:
    result = json.loads(update(small_plans_text, "", "nl"))
    assert result["selection"] == {
        "plans": ["lite", "starter", "pro", "enterprise"],
        "addons": [],
        "diff": False,
        "currency": "EUR",
    }
    assert result["query"] == "plans=lite,starter,pro,enterprise"
    assert result["notices"] == ""


def test_compare_prices_every_chosen_addon_for_every_plan(small_plans_text: str) -> None:
    """The data behind the table (the package's API), in dollars: Lite cannot have the extra
    calendar or ticketing; 12.005 is kept exact until it is shown."""
    catalogue = Catalogue.from_json(json.loads(small_plans_text))
    selection = parse_query(catalogue, "plans=lite,pro&addons=ticketing,extra_calendar,extra_users")
    selection = Selection(selection.plans, selection.addons, False, "USD")
    comparison = compare(catalogue, selection, "en")
    charges = {column.plan_id: column.addons for column in comparison.plans}
    assert charges == {
        "lite": (
            AddonCharge("ticketing", "Ticketing", False, None, None, "Not available"),
            AddonCharge("extra_calendar", "Extra calendar", False, None, None, "Not available"),
            AddonCharge(
                "extra_users", "Users & <teams>", True, Decimal("12.005"), None, "+ US$12.01"
            ),
        ),
        "pro": (
            AddonCharge(
                "ticketing", "Ticketing", True, None, Decimal("2.5"), "+2.5% per ticket sold"
            ),
            AddonCharge("extra_calendar", "Extra calendar", True, Decimal(60), None, "+ US$60.00"),
            AddonCharge(
                "extra_users", "Users & <teams>", True, Decimal("12.005"), None, "+ US$12.01"
            ),
        ),
    }
    assert [column.total_yearly for column in comparison.plans] == [
        Decimal("132.005"),
        Decimal("432.005"),
    ]
    assert [column.monthly for column in comparison.plans] == [Decimal("11.00"), Decimal("36.00")]
    assert comparison.addons == (
        ("ticketing", "Ticketing"),
        ("extra_calendar", "Extra calendar"),
        ("extra_users", "Users & <teams>"),
    )


def test_a_value_with_an_equals_sign_is_reported_not_dropped(small_plans_text: str) -> None:
    """``plans=lite,pro=1``: the key is "plans", and "pro=1" is an unknown plan (said so)."""
    result = json.loads(update(small_plans_text, "plans=lite,pro=1,starter", "en"))
    assert "There is no plan “pro=1”, so we skipped it." in result["notices"]
    assert result["selection"]["plans"] == ["lite", "starter"]


def test_eight_notices_are_all_shown_and_a_ninth_is_summed_up(small_plans_text: str) -> None:
    eight = ",".join(f"x{n}" for n in range(1, 9))
    shown = json.loads(update(small_plans_text, f"plans=lite,starter,{eight}", "en"))["notices"]
    assert shown.count("<li>") == 8
    assert "There is no plan “x8”, so we skipped it." in shown
    nine = eight + ",x9"
    summed = json.loads(update(small_plans_text, f"plans=lite,starter,{nine}", "en"))["notices"]
    assert summed.count("<li>") == 8
    assert "There is no plan “x7”, so we skipped it." in summed
    assert "The link contained 2 more unknown values." in summed
