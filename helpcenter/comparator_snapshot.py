"""The comparator's Pyodide memory snapshot: made once per Pyodide version and comparator archive.

A later visit restores Python from it (comparator already imported) in a fraction of a plain
boot. Making one takes a few seconds of Node (``make_snapshot.mjs``), so it is cached under
``node_modules/.cache/`` (next to the Pyodide it was made from; ``npm ci`` clears both), keyed by
the Pyodide version and the archive's hash. The site gets it gzipped and content-hashed.
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
CACHE_FOLDER = Path(".cache") / "helpcenter-snapshot"
TIMEOUT = 300  # seconds; making one takes a few, so only a hung Node reaches it


class SnapshotError(RuntimeError):
    """Making the snapshot failed; the message says why and what to do."""


def cache_path(node_modules: Path, version: str, archive: bytes) -> Path:
    """Where the gzipped snapshot for this Pyodide version and comparator archive is kept."""
    digest = hashlib.sha256(archive).hexdigest()[:16]
    return node_modules / CACHE_FOLDER / f"pyodide-{version}-comparator-{digest}.gz"


def snapshot_gz(node_modules: Path, version: str, archive: bytes) -> bytes:
    """The gzipped snapshot, from the cache or made now (then cached).

    Raises:
        SnapshotError: Node is missing or the snapshot could not be made or restored.
    """
    cached = cache_path(node_modules, version, archive)
    if cached.is_file():
        return cached.read_bytes()
    node = shutil.which("node")
    if node is None:
        raise SnapshotError("the comparator snapshot needs Node.js (`node` is not on PATH)")
    with tempfile.TemporaryDirectory(prefix="comparator-snapshot-") as temp:
        zip_path = Path(temp) / "comparator.zip"
        zip_path.write_bytes(archive)
        raw = Path(temp) / "snapshot.bin"
        try:
            done = subprocess.run(
                [node, str(SCRIPT), str(node_modules / "pyodide"), str(zip_path), str(raw)],
                capture_output=True,
                text=True,
                check=False,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise SnapshotError(
                f"making the comparator's Pyodide snapshot failed ({SCRIPT.name} did not finish "
                f"within {TIMEOUT} s)"
            ) from None
        if done.returncode != 0 or not raw.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise SnapshotError(
                f"making the comparator's Pyodide snapshot failed ({SCRIPT.name}, exit "
                f"{done.returncode}): " + " / ".join(detail)
            )
        data = gzip.compress(raw.read_bytes(), compresslevel=6, mtime=0)
    cached.parent.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name, then linked into place only if no parallel build got there
    # first: nobody reads half a file, and every build uses the same snapshot (two runs of Node
    # need not give the same bytes), so builds stay byte-identical.
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
