"""Pyodide's standard library with the modules the comparator's boot imports precompiled.

Runs inside the pinned Pyodide, loaded by ``make_stdlib.mjs`` (a ``.pyc`` only suits the Python
that compiled it, so the build's CPython cannot make it). :func:`main` does what the page's worker
does (a ``Comparator`` for each language of ``plans.json``, one update each), reads
``sys.modules``, and writes a copy of Pyodide's ``python_stdlib.zip`` in which exactly the modules
imported from it are unchecked hash-based ``.pyc`` (PEP 552: zipimport prefers them to the ``.py``
and never compares them with a source); every other entry stays as it is. Entries are sorted and
dated 1980-01-01, so the same Pyodide and the same imports give the same bytes.

Standard library only. At the top it imports only what the comparator imports anyway; the tools
(zipfile, py_compile, ...) are imported after ``sys.modules`` is read, so none of them is taken
for one of the comparator's imports.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from comparator.browser import Comparator

if TYPE_CHECKING:
    from collections.abc import Iterable

#: The date of every entry (zipfile's earliest): the same imports give the same bytes.
ENTRY_DATE = (1980, 1, 1, 0, 0, 0)


def plan_languages(plans_text: str) -> list[str]:
    """The languages of ``plans.json``: its ``languages`` list, else the keys of ``money``."""
    plans = json.loads(plans_text)
    languages = plans.get("languages")
    if not isinstance(languages, list):
        languages = list(plans["money"])
    return [str(lang) for lang in languages]


def run_comparator(plans_text: str) -> list[str]:
    """What the worker does on a page: one Comparator per language, one update each."""
    languages = plan_languages(plans_text)
    for lang in languages:
        Comparator(plans_text, lang).update("")
    return languages


def imported_from(prefix: str, modules: Iterable[Any]) -> set[str]:
    """The zip entries (``"json/__init__.py"``) of the modules loaded from ``prefix``."""
    found = set()
    for module in modules:
        origin = getattr(getattr(module, "__spec__", None), "origin", None)
        if isinstance(origin, str) and origin.startswith(prefix):
            found.add(origin[len(prefix) :])
    return found


def write_stdlib(stock: str, out: str, hot: set[str], prefix: str) -> str:
    """Copy ``stock`` to ``out`` with the entries in ``hot`` compiled; returns a summary line.

    Each is compiled with ``prefix`` + its entry name as its file name, as zipimport names it.
    """
    import os
    import py_compile
    import tempfile
    import zipfile

    compiled = 0
    entries: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(stock) as archive, tempfile.TemporaryDirectory() as work:
        names = {info.filename for info in archive.infolist()}
        missing = sorted(hot - names)
        if missing:
            raise RuntimeError(f"imported from the zip but not in it: {missing}")
        source, target = os.path.join(work, "module.py"), os.path.join(work, "module.pyc")
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename not in hot:
                entries.append((info.filename, data))
                continue
            with open(source, "wb") as file:
                file.write(data)
            py_compile.compile(
                source,
                target,
                dfile=prefix + info.filename,
                doraise=True,
                invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
            )
            with open(target, "rb") as file:
                entries.append((info.filename + "c", file.read()))
            compiled += 1
    with zipfile.ZipFile(out, "w") as result:
        for name, data in sorted(entries):
            entry = zipfile.ZipInfo(name, date_time=ENTRY_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = (0o40755 if name.endswith("/") else 0o644) << 16
            result.writestr(entry, data, compresslevel=9)
    return f"{compiled} of {len(names)} entries compiled"


def main(plans_text: str, stock: str, out: str) -> str:
    """Run the comparator, then write ``out`` from ``stock`` (``make_stdlib.mjs`` calls this)."""
    run_comparator(plans_text)
    # Pyodide imports its standard library from this zip (the one entry of sys.path ending so).
    prefix = next(entry for entry in sys.path if entry.endswith(".zip")) + "/"
    return write_stdlib(stock, out, imported_from(prefix, list(sys.modules.values())), prefix)
