"""Timely plan comparator: compare plans, total the add-ons, build checkout links, render HTML.

Standard library only, so the same code runs in the build (CPython 3.11+) and in the browser
(Pyodide, Python 3.14). Data comes from the ``plans.json`` the build writes.
"""

from __future__ import annotations

from .browser import Comparator, render_page, update
from .comparison import AddonCharge, Cell, Comparison, PlanColumn, Row, compare
from .links import action_url, checkout_url, meeting_url
from .render import (
    render_block,
    render_cards,
    render_comparison,
    render_controls,
    render_notices,
    render_result,
)
from .selection import Notice, Selection, default_selection, parse_query, to_query

__all__ = [
    "AddonCharge",
    "Cell",
    "Comparator",
    "Comparison",
    "Notice",
    "PlanColumn",
    "Row",
    "Selection",
    "action_url",
    "checkout_url",
    "compare",
    "default_selection",
    "meeting_url",
    "parse_query",
    "render_block",
    "render_cards",
    "render_comparison",
    "render_controls",
    "render_notices",
    "render_page",
    "render_result",
    "to_query",
    "update",
]
