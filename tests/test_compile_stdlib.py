"""helpcenter/compile_stdlib.py in CPython: which entries it compiles, and how.

The build runs it in Pyodide (``make_stdlib.mjs``); tests/test_comparator_snapshot.py and
tests/comparator/test_pyodide.py check the zip the site publishes. Here the same code runs on
small zips, so each rule is checked on its own: only the imported modules become bytecode, as
unchecked hash-based ``.pyc`` that zipimport loads, and the same input gives the same bytes.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from helpcenter import compile_stdlib
from helpcenter.catalogue import load_catalogue
from helpcenter.comparator_assets import plans_json_text
from helpcenter.compile_stdlib import imported_from, plan_languages, write_stdlib
from tests.conftest import ROOT
from tests.support.project import WORDS

STOCK = {
    "pkg/": b"",
    "pkg/__init__.py": b"",
    "pkg/mod.py": b"import sys\nWHERE = __file__\nCODE_FILE = sys._getframe().f_code.co_filename\n",
    "other.py": b"VALUE = 1\n",
}


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_the_languages_are_plans_jsons_list_else_its_money_keys() -> None:
    assert plan_languages('{"money": {"en": {}, "nl": {}}}') == ["en", "nl"]
    listed = {"languages": ["nl", "en", "de"], "money": {"en": {}}}
    assert plan_languages(json.dumps(listed)) == ["nl", "en", "de"]


def test_only_modules_loaded_from_the_zip_are_named_by_their_entry() -> None:
    def module(origin: object) -> object:
        return SimpleNamespace(__spec__=SimpleNamespace(origin=origin))

    modules = [
        module("/lib/python314.zip/json/__init__.py"),
        module("/lib/python314.zip/html/entities.py"),
        module("/home/pyodide/comparator/browser.py"),
        module("built-in"),
        module(None),
        SimpleNamespace(__spec__=None),  # __main__
        SimpleNamespace(),
    ]
    assert imported_from("/lib/python314.zip/", modules) == {"json/__init__.py", "html/entities.py"}


def test_imported_entries_become_unchecked_pyc_that_zipimport_loads(tmp_path: Path) -> None:
    stock = make_zip(tmp_path / "stock.zip", STOCK)
    out = tmp_path / "out.zip"
    hot = {"pkg/__init__.py", "pkg/mod.py"}
    summary = write_stdlib(str(stock), str(out), hot, "/lib/python314.zip/")
    assert summary == "2 of 4 entries compiled"
    with zipfile.ZipFile(out) as made:
        names = [info.filename for info in made.infolist()]
        assert names == ["other.py", "pkg/", "pkg/__init__.pyc", "pkg/mod.pyc"]
        assert {info.date_time for info in made.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert made.read("other.py") == STOCK["other.py"]
        for name in ("pkg/__init__.pyc", "pkg/mod.pyc"):
            # PEP 552 flags after the magic number: hash-based (0b01), source never checked.
            assert made.read(name)[4:8] == b"\x01\x00\x00\x00", name
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {str(out)!r}); import pkg.mod; "
            "print(pkg.mod.WHERE); print(pkg.mod.CODE_FILE)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    where, code_file = loaded.stdout.splitlines()
    assert where == f"{out}/pkg/mod.pyc"  # zipimport took the bytecode (no source is left)
    assert code_file == "/lib/python314.zip/pkg/mod.py"  # tracebacks name the stdlib's file


def test_the_same_zip_and_imports_give_the_same_bytes(tmp_path: Path) -> None:
    stock = make_zip(tmp_path / "stock.zip", STOCK)
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    for out in (first, second):
        write_stdlib(str(stock), str(out), {"pkg/mod.py"}, "/lib/python314.zip/")
    assert first.read_bytes() == second.read_bytes()


def test_an_import_that_is_not_in_the_zip_stops_it(tmp_path: Path) -> None:
    stock = make_zip(tmp_path / "stock.zip", STOCK)
    with pytest.raises(RuntimeError, match=r"imported from the zip but not in it: \['gone.py'\]"):
        write_stdlib(str(stock), str(tmp_path / "out.zip"), {"gone.py", "other.py"}, "/x.zip/")
    assert not (tmp_path / "out.zip").exists()


def test_main_runs_the_comparator_in_each_language_and_compiles_what_came_from_the_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in Pyodide, where the standard library is the first zip on ``sys.path``: a module
    imported from it is compiled, one nobody imported is not; the comparator runs in each
    language of ``plans.json`` (a language it lacks the money format of would fail)."""
    stock = make_zip(tmp_path / "stock.zip", {"hc_probe.py": b"", "hc_unused.py": b""})
    catalogue = load_catalogue(ROOT / "plans.yaml", WORDS)
    plans = plans_json_text(catalogue.data, WORDS, catalogue.model.samples)
    ran: list[str] = []
    update = compile_stdlib.Comparator.update

    def recorded(self: compile_stdlib.Comparator, query: str) -> str:
        ran.append(self.lang)
        return update(self, query)

    monkeypatch.setattr(compile_stdlib.Comparator, "update", recorded)
    monkeypatch.syspath_prepend(str(stock))
    importlib.import_module("hc_probe")
    try:
        summary = compile_stdlib.main(plans, str(stock), str(tmp_path / "out.zip"))
    finally:
        del sys.modules["hc_probe"]
    assert summary == "1 of 2 entries compiled"
    assert ran == list(WORDS)  # plans.json lists the site's languages, the default first
    with zipfile.ZipFile(tmp_path / "out.zip") as made:
        assert made.namelist() == ["hc_probe.pyc", "hc_unused.py"]
