"""Entry points shared by the build (CPython) and the page's worker (Pyodide).

The build renders the static block with :func:`render_page`. In the browser, the worker creates
one :class:`Comparator` (once, from ``plans.json``) and calls :meth:`Comparator.update` on every
change, so both run the same code path.
"""

from __future__ import annotations

import json
from typing import Any

from core.catalogue import Catalogue

from .comparison import compare
from .render import render_block, render_notices, render_result
from .selection import parse_query, to_query


class Comparator:
    """The one object the browser talks to: the catalogue parsed once, then one call per change.

    Args:
        plans_json_text: The content of ``plans.json``.
        lang: The page language (``data-lang`` of the comparator, rendered by Python).
    """

    def __init__(self, plans_json_text: str, lang: str) -> None:
        self.catalogue = Catalogue.from_json(json.loads(plans_json_text))
        self.lang = lang

    def update(self, query: str) -> str:
        """Recompute the comparison for a new query.

        Args:
            query: A URL query string, with or without ``?``; keys the comparator does not own
                (``utm_source`` ...) are ignored.

        Returns:
            A JSON object text: ``table`` (new content of ``.comparator__table``: the plan cards
            and the table, :func:`comparator.render.render_result`), ``notices`` (new content of
            ``.comparator__notices``), ``query`` (canonical query, without ``?``, for
            ``history.replaceState``) and ``selection`` (``plans``, ``addons``, ``diff``,
            ``currency`` to sync the form controls).
        """
        selection = parse_query(self.catalogue, query)
        comparison = compare(self.catalogue, selection, self.lang)
        result: dict[str, Any] = {
            "table": render_result(comparison),
            "notices": render_notices(comparison.notices, comparison.words),
            "query": to_query(selection, self.catalogue),
            "selection": {
                "plans": list(selection.plans),
                "addons": list(selection.addons),
                "diff": selection.only_differences,
                "currency": selection.currency,
            },
        }
        return json.dumps(result, ensure_ascii=False, sort_keys=True)


def update(plans_json_text: str, query: str, lang: str) -> str:
    """One-off :meth:`Comparator.update` (tests and the Node runner); the page keeps one object."""
    return Comparator(plans_json_text, lang).update(query)


def render_page(data: dict[str, Any], query: str, lang: str) -> str:
    """Render the complete comparator block (controls, notices, table) for a page.

    The build calls this with ``query=""``; the result is readable without JavaScript.

    Args:
        data: The ``plans.json`` dict (``{"catalogue": ..., "money": ...}``).
        query: A URL query, usually empty.
        lang: The page language.
    """
    catalogue = Catalogue.from_json(data)
    return render_block(catalogue, parse_query(catalogue, query), lang)
