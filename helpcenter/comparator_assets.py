"""Everything the in-browser comparator needs, put into the built site.

- ``assets/comparator/plans.json``: the validated catalogue and the money formats;
- ``assets/comparator/comparator-<hash>.zip``: the stdlib-only ``comparator`` package, one archive
  that Pyodide unpacks (content-hashed, so it can be cached for ever);
- ``assets/comparator/snapshot-<hash>.gz``: a Pyodide memory snapshot with the comparator
  imported (``comparator_snapshot``), which later visits restore instead of booting;
- ``assets/pyodide/<version>/``: Pyodide's core files, copied from ``node_modules`` (npm, pinned),
  so no request ever leaves the site.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import comparator
from helpcenter.catalogue import plans_document

#: The Pyodide files a page needs to boot Python with the standard library only.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
ASSET_DIR = "assets/comparator"


def plans_json(catalogue: dict[str, Any], samples: tuple[str, ...] = ()) -> dict[str, Any]:
    """The ``plans.json`` document the comparator reads in the browser."""
    return plans_document(catalogue, samples)


def plans_json_text(catalogue: dict[str, Any], samples: tuple[str, ...] = ()) -> str:
    """``plans.json`` as deterministic text (sorted keys), so two builds are byte-identical."""
    # allow_nan=False: the browser's JSON.parse has no NaN (the loader refuses it before this).
    document = plans_json(catalogue, samples)
    return json.dumps(document, ensure_ascii=False, sort_keys=True, allow_nan=False)


def comparator_archive() -> bytes:
    """A zip of the ``comparator`` package with fixed timestamps: same sources, same bytes."""
    package = Path(comparator.__file__).parent
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for source in [*sorted(package.glob("*.py")), package / "py.typed"]:
            info = zipfile.ZipInfo(f"comparator/{source.name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, source.read_bytes())
    return buffer.getvalue()


@dataclass(frozen=True)
class AssetUrls:
    """Site-root-relative URLs of the comparator assets (pages prefix them with their depth)."""

    plans: str
    archive: str
    pyodide: str
    snapshot: str


def pyodide_version(node_modules: Path) -> str:
    """The installed Pyodide version; a clear error when ``npm ci`` has not run."""
    manifest = node_modules / "pyodide" / "package.json"
    if not manifest.is_file():
        raise FileNotFoundError(
            f"Pyodide is not installed ({manifest} is missing): run `make deps` (npm ci)"
        )
    version: str = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return version


def asset_urls(archive: bytes, version: str, snapshot: bytes) -> AssetUrls:
    digest = hashlib.sha256(archive).hexdigest()[:12]
    return AssetUrls(
        plans=f"{ASSET_DIR}/plans.json",
        archive=f"{ASSET_DIR}/comparator-{digest}.zip",
        pyodide=f"assets/pyodide/{version}/",
        snapshot=f"{ASSET_DIR}/snapshot-{hashlib.sha256(snapshot).hexdigest()[:12]}.gz",
    )


def write_assets(
    site_dir: Path,
    urls: AssetUrls,
    plans_text: str,
    archive: bytes,
    snapshot: bytes,
    node_modules: Path,
) -> None:
    """Write plans.json, the archive and the snapshot, and copy Pyodide's core into the site."""
    (site_dir / ASSET_DIR).mkdir(parents=True, exist_ok=True)
    (site_dir / urls.plans).write_text(plans_text, encoding="utf-8")
    (site_dir / urls.archive).write_bytes(archive)
    (site_dir / urls.snapshot).write_bytes(snapshot)
    target = site_dir / urls.pyodide
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(node_modules / "pyodide" / name, target / name)
