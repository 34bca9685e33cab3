"""Fixtures for the comparator: the real catalogue as ``plans.json``, as the build writes it.

The build owns the catalogue loader (:func:`helpcenter.catalogue.load_catalogue`), the Babel-derived
money specs (:func:`helpcenter.money_formats.money_spec`) and ``plans.json``
(:func:`helpcenter.comparator_assets.plans_json`); these fixtures call them, so the tests compare
the comparator with what really reaches the browser. Babel may be imported by tests and the build,
never by ``comparator``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from core.catalogue import Catalogue
from helpcenter.catalogue import load_catalogue
from helpcenter.comparator_assets import plans_json
from tests.support.project import WORDS

ROOT = Path(__file__).resolve().parents[2]
PLANS_YAML = ROOT / "plans.yaml"


@pytest.fixture(scope="session")
def plans_yaml() -> dict[str, Any]:
    """The real, validated ``plans.yaml`` as plain data (do not mutate; use ``make_data``)."""
    data: dict[str, Any] = load_catalogue(PLANS_YAML, WORDS).data
    return data


@pytest.fixture(scope="session")
def plans_data(plans_yaml: dict[str, Any]) -> dict[str, Any]:
    """The ``plans.json`` dict for the real catalogue."""
    return plans_json(plans_yaml, WORDS)


@pytest.fixture(scope="session")
def catalogue(plans_data: dict[str, Any]) -> Catalogue:
    """The real catalogue as a :class:`comparator.Catalogue`."""
    return Catalogue.from_json(plans_data)


@pytest.fixture
def make_data(plans_yaml: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """Return a function that builds ``plans.json`` from a changed copy of the catalogue.

    Call it with a function that edits the catalogue dict in place.
    """

    def make(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        changed = copy.deepcopy(plans_yaml)
        edit(changed)
        return plans_json(changed, WORDS)

    return make
