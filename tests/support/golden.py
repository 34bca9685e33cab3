"""Golden files: compare output with a reviewed file; ``UPDATE_GOLDEN=1`` rewrites it.

An update run fails every test whose file it rewrote, so it can never pass by comparing the
output with itself: review the diff, then run again without the flag, which must pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def updating() -> bool:
    """Whether this run rewrites golden files (``UPDATE_GOLDEN`` set and not empty)."""
    return bool(os.environ.get("UPDATE_GOLDEN"))


def assert_matches_golden(actual: str, golden: Path) -> None:
    """Fail unless ``actual`` equals the golden file (an update run rewrites it, then fails)."""
    previous = golden.read_text(encoding="utf-8") if golden.exists() else None
    if updating():
        if previous == actual:
            return  # unchanged: this compared against the reviewed file, not against itself
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
        pytest.fail(
            f"{golden.name} rewritten by UPDATE_GOLDEN: review `git diff`, then run the tests "
            "again without UPDATE_GOLDEN (they must pass)",
            pytrace=False,
        )
    assert previous is not None, f"no golden file {golden}: run with UPDATE_GOLDEN=1 to create it"
    assert actual == previous, (
        f"{golden.name} differs; if the change is intended, regenerate with UPDATE_GOLDEN=1"
    )
