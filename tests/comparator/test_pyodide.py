"""The same package in Pyodide (Python 3.14, WebAssembly) gives byte-identical output.

Runs Pyodide from ``node_modules`` under Node.js. ``make test`` installs both, so a missing Node or
Pyodide fails the test with what to run (a skipped test would look like a pass).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from comparator import render_page, update

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("pyodide_run.mjs")
CASES = [
    ("", "nl"),
    ("plans=starter,pro&addons=ticketing,extra_calendar", "nl"),
    ("?plans=pro,enterprise&addons=white_label&diff=1&currency=USD", "en"),
    ("plans=<script>,%FF,lite&diff=maybe", "en"),
]


def run_in_pyodide(text: str, *stdlib: Path) -> dict[str, Any]:
    """Every case of CASES through the comparator in Pyodide (with ``stdlib``, if given)."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is not installed: this test runs Pyodide under Node (`make deps`)")
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        pytest.fail("node_modules/pyodide is missing: run `make deps` (npm ci)")
    run = subprocess.run(
        ["node", str(RUNNER), str(ROOT), *map(str, stdlib)],
        input=json.dumps({"plans_json": text, "cases": CASES}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out: dict[str, Any] = json.loads(run.stdout)
    return out


def test_pyodide_output_equals_cpython(plans_data: dict[str, Any]) -> None:
    text = json.dumps(plans_data)
    out = run_in_pyodide(text)
    assert out["version"][0] == 3
    assert out["version"][1] >= 12  # really the browser's Python, not the host's 3.11
    expected = [[update(text, q, lang), render_page(plans_data, q, lang)] for q, lang in CASES]
    assert out["results"] == expected
    assert "html.entities" in out["sources"]  # Pyodide's own zip: sources only


def test_the_published_stdlib_has_bytecode_for_all_the_comparator_imports(
    plans_data: dict[str, Any], built_site: Path
) -> None:
    """With the standard library the site serves, nothing the comparator (or Pyodide's boot)
    imports, in any case of CASES, is compiled from source in the browser, and the output is
    the same."""
    page = (built_site / "account" / "compare-plans" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'data-stdlib-url="(?:\.\./)*([^"]+)"', page)
    assert found is not None
    text = json.dumps(plans_data)
    out = run_in_pyodide(text, built_site / found.group(1))
    assert out["sources"] == []
    expected = [[update(text, q, lang), render_page(plans_data, q, lang)] for q, lang in CASES]
    assert out["results"] == expected
