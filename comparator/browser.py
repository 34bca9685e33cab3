"""Entry points shared by the build (CPython) and the page script (Pyodide).

The build renders the static block with :func:`render_page`; in the browser the page script calls
:func:`update` on every change, so both run the same code path.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .comparison import compare
from .labels import normalize_lang
from .model import Catalogue
from .render import render_block, render_comparison, render_notices
from .selection import parse_query, to_query


@lru_cache(maxsize=4)
def _catalogue(plans_json_text: str) -> Catalogue:
    """Parse ``plans.json`` once per text: the page script passes the same text every time."""
    return Catalogue.from_json(json.loads(plans_json_text))


def update(plans_json_text: str, query: str, lang: str) -> str:
    """Recompute the comparison for a new query.

    Args:
        plans_json_text: The content of ``plans.json``.
        query: The page's query string (``location.search``), with or without ``?``.
        lang: The page language.

    Returns:
        A JSON object text: ``table`` (new content of ``.comparator__table``), ``notices``
        (new content of ``.comparator__notices``), ``query`` (canonical query, without ``?``, for
        ``history.replaceState``) and ``selection`` (``plans``, ``addons``, ``diff``, ``currency``
        to sync the form controls).
    """
    catalogue = _catalogue(plans_json_text)
    lang = normalize_lang(lang)
    selection = parse_query(catalogue, query)
    comparison = compare(catalogue, selection, lang)
    result: dict[str, Any] = {
        "table": render_comparison(comparison, lang),
        "notices": render_notices(comparison.notices, lang),
        "query": to_query(selection, catalogue),
        "selection": {
            "plans": list(selection.plans),
            "addons": list(selection.addons),
            "diff": selection.only_differences,
            "currency": selection.currency,
        },
    }
    return json.dumps(result, ensure_ascii=False, sort_keys=True)


def render_page(data: dict[str, Any], query: str, lang: str) -> str:
    """Render the complete comparator block (controls, notices, table) for a page.

    The build calls this with ``query=""``; the result is readable without JavaScript.

    Args:
        data: The ``plans.json`` dict (``{"catalogue": ..., "money": ...}``).
        query: A URL query, usually empty.
        lang: The page language.
    """
    catalogue = Catalogue.from_json(data)
    return render_block(catalogue, parse_query(catalogue, query), normalize_lang(lang))
