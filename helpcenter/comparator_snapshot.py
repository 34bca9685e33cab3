"""The comparator's Pyodide runtime files, made in Node at build time and cached.

- The standard library the site serves (``make_stdlib.mjs`` running ``compile_stdlib.py``):
  Pyodide's ``python_stdlib.zip`` holds only sources, so every module Pyodide and the comparator
  import would be compiled in WebAssembly on every cold visit. The build's copy has exactly those
  modules precompiled by Pyodide's own Python (the rest stay sources). It depends on the Pyodide
  version, the comparator archive (what it imports) and the two scripts; not on ``plans.json``,
  whose content changes no import (the update run on it imports nothing the import did not), so
  editing plans.yaml never runs Node again.
- The memory snapshot (``make_snapshot.mjs``): a later visit restores Python from it (comparator
  already imported) in a fraction of a plain boot. It is made with that standard library and
  keyed by its hash too: a snapshot holds zipimport's view of the zip it was made with.

Both take seconds of Node, so they are cached under ``node_modules/.cache/`` (next to the
Pyodide they were made from; ``npm ci`` clears both). The site gets them content-hashed.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SCRIPT = Path(__file__).with_name("make_snapshot.mjs")
STDLIB_SCRIPT = Path(__file__).with_name("make_stdlib.mjs")
#: The Python that ``make_stdlib.mjs`` runs in Pyodide.
STDLIB_PYTHON = Path(__file__).with_name("compile_stdlib.py")
CACHE_FOLDER = Path(".cache") / "helpcenter-snapshot"
TIMEOUT = 300  # seconds; making one takes a few, so only a hung Node reaches it


class SnapshotError(RuntimeError):
    """Making the snapshot or the standard library failed; the message says why and what to do."""


def _digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(hashlib.sha256(part).digest())
    return hasher.hexdigest()[:16]


def stdlib_cache_path(node_modules: Path, version: str, archive: bytes) -> Path:
    """Where the standard library for this Pyodide version and comparator archive is kept."""
    digest = _digest(archive, STDLIB_SCRIPT.read_bytes(), STDLIB_PYTHON.read_bytes())
    return node_modules / CACHE_FOLDER / f"pyodide-{version}-stdlib-{digest}.zip"


def cache_path(node_modules: Path, version: str, archive: bytes, stdlib: bytes) -> Path:
    """Where the gzipped snapshot for this Pyodide version, comparator archive and standard
    library is kept."""
    archive_digest = hashlib.sha256(archive).hexdigest()[:16]
    stdlib_digest = hashlib.sha256(stdlib).hexdigest()[:16]
    return (
        node_modules
        / CACHE_FOLDER
        / f"pyodide-{version}-comparator-{archive_digest}-stdlib-{stdlib_digest}.gz"
    )


def stdlib_zip(node_modules: Path, version: str, archive: bytes, plans_text: str) -> bytes:
    """The standard library zip the site serves, from the cache or made now (then cached).

    Raises:
        SnapshotError: Node is missing or the zip could not be made.
    """
    cached = stdlib_cache_path(node_modules, version, archive)
    if cached.is_file():
        return cached.read_bytes()
    with tempfile.TemporaryDirectory(prefix="comparator-stdlib-") as temp:
        zip_path, plans, out = (Path(temp) / name for name in ("c.zip", "plans.json", "out.zip"))
        zip_path.write_bytes(archive)
        plans.write_text(plans_text, encoding="utf-8")
        _node(STDLIB_SCRIPT, node_modules, [zip_path, plans], out, "standard library")
        return _keep(cached, out.read_bytes())


def snapshot_gz(node_modules: Path, version: str, archive: bytes, stdlib: bytes) -> bytes:
    """The gzipped snapshot, made with ``stdlib``, from the cache or made now (then cached).

    Raises:
        SnapshotError: Node is missing or the snapshot could not be made or restored.
    """
    cached = cache_path(node_modules, version, archive, stdlib)
    if cached.is_file():
        return cached.read_bytes()
    with tempfile.TemporaryDirectory(prefix="comparator-snapshot-") as temp:
        zip_path, stdlib_path, raw = (Path(temp) / n for n in ("c.zip", "stdlib.zip", "s.bin"))
        zip_path.write_bytes(archive)
        stdlib_path.write_bytes(stdlib)
        _node(SCRIPT, node_modules, [zip_path, stdlib_path], raw, "Pyodide snapshot")
        data = gzip.compress(raw.read_bytes(), compresslevel=6, mtime=0)
    return _keep(cached, data)


def _node(script: Path, node_modules: Path, inputs: list[Path], out: Path, what: str) -> None:
    """Run one of the build's Node scripts: ``node <script> <pyodide dir> <inputs...> <out>``."""
    node = shutil.which("node")
    if node is None:
        raise SnapshotError("the comparator snapshot needs Node.js (`node` is not on PATH)")
    try:
        done = subprocess.run(
            [node, str(script), str(node_modules / "pyodide"), *map(str, inputs), str(out)],
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise SnapshotError(
            f"making the comparator's {what} failed ({script.name} did not finish "
            f"within {TIMEOUT} s)"
        ) from None
    if done.returncode != 0 or not out.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SnapshotError(
            f"making the comparator's {what} failed ({script.name}, exit "
            f"{done.returncode}): " + " / ".join(detail)
        )


def _keep(cached: Path, data: bytes) -> bytes:
    """Cache ``data`` at ``cached``; the bytes every build uses from now on."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name, then linked into place only if no parallel build got there
    # first: nobody reads half a file, and every build uses the same bytes (two runs of Node
    # need not give the same snapshot), so builds stay byte-identical.
    fd, partial = tempfile.mkstemp(dir=cached.parent, suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.link(partial, cached)
    except FileExistsError:
        return cached.read_bytes()
    finally:
        Path(partial).unlink(missing_ok=True)
    return data
