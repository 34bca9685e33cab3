"""The same package in Pyodide (Python 3.14, WebAssembly) gives byte-identical output.

Runs Pyodide from ``node_modules`` under Node.js. ``make test`` installs both, so a missing Node or
Pyodide fails the test with what to run (a skipped test would look like a pass).
"""

from __future__ import annotations

import json
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


def test_pyodide_output_equals_cpython(plans_data: dict[str, Any]) -> None:
    if shutil.which("node") is None:
        pytest.fail("Node.js is not installed: this test runs Pyodide under Node (`make deps`)")
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        pytest.fail("node_modules/pyodide is missing: run `make deps` (npm ci)")
    text = json.dumps(plans_data)
    run = subprocess.run(
        ["node", str(RUNNER), str(ROOT)],
        input=json.dumps({"plans_json": text, "cases": CASES}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["version"][0] == 3
    assert out["version"][1] >= 12  # really the browser's Python, not the host's 3.11
    expected = [[update(text, q, lang), render_page(plans_data, q, lang)] for q, lang in CASES]
    assert out["results"] == expected
