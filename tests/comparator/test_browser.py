"""The entry points the build and the page script call, and the stdlib-only promise."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import comparator
from comparator import render_page, update
from core.catalogue import Catalogue
from tests.support.project import LANGUAGES, WORDS

ROOT = Path(__file__).resolve().parents[2]


def test_update_matches_the_static_block(plans_data: dict[str, Any]) -> None:
    query = "?plans=pro,starter,bogus&addons=ticketing&diff=1"
    result = json.loads(update(json.dumps(plans_data), query, "nl"))
    assert sorted(result) == ["notices", "query", "selection", "table"]
    assert result["query"] == "plans=starter,pro&addons=ticketing&diff=1"
    assert result["selection"] == {
        "plans": ["starter", "pro"],
        "addons": ["ticketing"],
        "diff": True,
        "currency": "EUR",
    }
    page = render_page(plans_data, query, "nl")
    # Same code path as the build: the page script puts exactly this where the build put it.
    assert '<div class="comparator__table">\n' + result["table"] + "\n</div>" in page
    assert (
        '<div class="comparator__notices" role="status" aria-live="polite">' + result["notices"]
        in page
    )
    assert "“bogus”" in result["notices"]


def test_render_page_wraps_controls_notices_and_table(plans_data: dict[str, Any]) -> None:
    page = render_page(plans_data, "", "en")
    assert page.startswith(
        '<div class="comparator" data-lang="en" data-query="plans=lite,starter,pro,enterprise"'
    )
    order = [
        page.index(m)
        for m in (
            'class="comparator__controls"',
            '<p class="comparator__progress" role="status"></p>',
            'class="comparator__notices"',
            '<div class="comparator__table">\n<ul class="comparator__cards">',
            '<div class="comparator__scroll" role="region" tabindex="0"'
            ' aria-label="Timely plans compared">\n<table',
        )
    ]
    assert order == sorted(order)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_script_reads_its_words_and_keys_from_the_block(
    plans_data: dict[str, Any], lang: str
) -> None:
    """comparator.js has no copy of its texts or of the query keys: Python renders them."""
    page = render_page(plans_data, "", lang)
    wrapper = page.split(">", 1)[0]
    attributes = dict(re.findall(r'data-([\w-]+)="([^"]*)"', wrapper))
    assert attributes["lang"] == lang
    assert attributes["text-loading"] == WORDS[lang]("comparator.progress_loading")
    assert {"pending", "save-data", "ready", "failed"} <= {
        k.removeprefix("text-") for k in attributes
    }
    # Every key it names is one the parser reads: changing it changes the selection.
    catalogue = Catalogue.from_json(plans_data)
    default = comparator.parse_query(catalogue, "")
    changed = {
        "plans": "starter,pro",
        "addons": "ticketing",
        "diff": "1",
        "currency": "USD",
    }
    keys = attributes["keys"].split()
    assert sorted(keys) == sorted(changed)
    for key in keys:
        assert comparator.parse_query(catalogue, f"{key}={changed[key]}") != default, key
    assert comparator.parse_query(catalogue, "utm_source=mail") == default


def test_one_comparator_object_answers_every_update(plans_data: dict[str, Any]) -> None:
    text = json.dumps(plans_data)
    live = comparator.Comparator(text, "en")
    for query in ("", "plans=pro,enterprise&addons=white_label", "diff=1&currency=USD", ""):
        assert live.update(query) == update(text, query, "en")


@pytest.mark.parametrize("lang", ["", "fr", "NL-be", "<b>", "en_GB"])
def test_a_language_the_site_lacks_is_refused_never_answered_in_another(
    plans_data: dict[str, Any], lang: str
) -> None:
    # data-lang is written by the build from the site's languages: anything else is a bug to
    # see, not a page in the wrong language.
    with pytest.raises(KeyError, match="no words for"):
        update(json.dumps(plans_data), "", lang)


def test_every_notice_key_has_a_message() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "comparator").glob("*.py"))
    keys = set(re.findall(r'Notice\(\s*"(\w+)"', source))
    assert keys >= {"unknown_plan", "malformed", "more"}
    for words in WORDS.values():
        assert {f"comparator.notice_{k}" for k in keys} <= set(words.table)


def test_import_pulls_in_only_the_standard_library() -> None:
    # -S: no site-packages and no .pth files, so nothing but the stdlib is even reachable;
    # the import works from the project root, which is how Pyodide sees the package. ``core``
    # (the catalogue model, words, money) is stdlib-only too and ships in the same archive.
    code = (
        "import sys; import comparator, comparator.browser; print('\\n'.join(sorted(sys.modules)))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    result = subprocess.run(
        [sys.executable, "-S", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    modules = result.stdout.split()
    assert "comparator.browser" in modules
    foreign = [
        m
        for m in modules
        if m.split(".")[0] not in sys.stdlib_module_names
        and m.split(".")[0] not in {"comparator", "core", "__main__"}
    ]
    assert foreign == []


def test_public_api() -> None:
    assert set(comparator.__all__) <= set(dir(comparator))
    assert (ROOT / "comparator" / "py.typed").exists()
