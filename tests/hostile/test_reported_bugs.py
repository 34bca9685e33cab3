"""Catalogues that once crashed the build with a traceback; each must now be refused, located."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpcenter.errors import LocatedError
from tests.hostile.test_catalogue_fuzz import VALID, dump, render_everything
from tests.support.project import LANGUAGES, WORDS

EDITS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "nan price": (
        lambda d: d["plans"][0]["price"].__setitem__("EUR", math.nan),
        "plans[0].price.EUR: expected a finite number, got nan",
    ),
    "infinite fee": (
        lambda d: d["addons"][0].__setitem__("fee_percent", math.inf),
        "addons[0].fee_percent: expected a finite number, got inf",
    ),
    "huge count": (
        lambda d: d["plans"][0]["features"].__setitem__("users", 10**26),
        "plans[0].features.users: expected true, false, a whole number from 0 to 1000000000",
    ),
    "float count": (
        lambda d: d["plans"][0]["features"].__setitem__("users", 3.0),
        "plans[0].features.users: expected a whole number, got 3.0",
    ),
    "features as list": (
        lambda d: d["plans"][0].__setitem__("features", [d["plans"][0]["features"]]),
        "plans[0].features: expected a map of keys, got a list",
    ),
    "surrogate": (
        lambda d: d["plans"][0].__setitem__("summary", {"nl": "x\ud800", "en": "x"}),
        "plans[0].summary.nl: invalid text: a lone UTF-16 surrogate",
    ),
    "empty key": (
        lambda d: d["plans"][0].__setitem__("", 1),
        "plans[0][\"\"]: unknown key ''",
    ),
}


@pytest.mark.parametrize("name", EDITS)
def test_reported_crash_is_now_a_located_problem(tmp_path: Path, name: str) -> None:
    edit, expected = EDITS[name]
    data = copy.deepcopy(VALID)
    edit(data)
    (tmp_path / "plans.yaml").write_bytes(dump(data))
    with pytest.raises(LocatedError) as caught:
        render_everything(tmp_path / "plans.yaml")
    messages = [str(problem) for problem in caught.value.problems]
    assert any(expected in message for message in messages), messages
    assert all(message.startswith("plans.yaml:") for message in messages)


def test_leaving_out_the_optional_recommended_flag_builds_without_a_badge(tmp_path: Path) -> None:
    """``plans[].recommended`` is optional (schema default false). Found by the catalogue fuzzer:
    leaving it out stopped the build with "needs 'dict object' has no attribute 'recommended'",
    naming no key."""
    from comparator.browser import render_page
    from helpcenter.blocks import render_block
    from helpcenter.catalogue import load_catalogue
    from helpcenter.comparator_assets import plans_json
    from tests.hostile.test_catalogue_fuzz import BLOCKS

    data = copy.deepcopy(VALID)
    for plan in data["plans"]:
        del plan["recommended"]
    (tmp_path / "plans.yaml").write_bytes(dump(data))
    catalogue = load_catalogue(tmp_path / "plans.yaml", WORDS)
    for lang in LANGUAGES:
        table = render_block(BLOCKS, "plans_table", catalogue.model, WORDS[lang]).markdown
        assert "| **Pro** |" in table
        assert "aanbevolen" not in table.lower()
        assert "recommended" not in table.lower()
    comparison = render_page(plans_json(catalogue.data, WORDS), "", "en")
    assert "Recommended" not in comparison
    assert "comparator__plan--recommended" not in comparison
