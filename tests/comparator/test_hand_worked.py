"""The comparator's totals and checkout links against figures worked out by hand.

The small catalogue (tests/small/plans.yaml) has round prices and a few half cents; the expected
figures are in tests/small/expected.py. The same cases run in CPython and in Pyodide (the
browser's Python, under Node): a wrong total or link fails here, whichever side computed it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from comparator import update
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

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("pyodide_run.mjs")


@pytest.fixture(scope="module")
def small_plans_text() -> str:
    return json.dumps(plans_json(load_catalogue(SMALL_PLANS).data))


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
