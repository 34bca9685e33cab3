"""Everything the in-browser comparator needs, put into the built site.

- ``assets/comparator/plans-<hash>.json``: the validated catalogue, the site's languages with
  the comparator's words and money formats;
- ``assets/comparator/comparator-<hash>.zip``: the stdlib-only ``core`` and ``comparator``
  packages, one archive that Pyodide unpacks;
- ``assets/comparator/snapshot-<hash>.gz``: a Pyodide memory snapshot with the comparator
  imported (``comparator_snapshot``), which later visits restore instead of booting;
- ``assets/comparator/comparator-<hash>.js``, ``comparator-worker-<hash>.js`` and
  ``comparator-<hash>.css``: the page script, its worker and its styles from the theme folder;
- ``assets/pyodide/<version>/``: Pyodide's core files, copied from ``node_modules`` (npm, pinned),
  so no request ever leaves the site, and ``python_stdlib-<hash>.zip``, the standard library with
  the modules the comparator needs precompiled (``comparator_snapshot``), which the worker boots
  with (``python_stdlib.zip`` stays at its URL, unchanged: browsers keep it for a year).

Every file in ``assets/comparator/`` is named by its content's hash and Pyodide's folder by its
version, so netlify.toml lets browsers keep them for a year without asking again: a later visit
starts the worker with no request on its way (a revalidation costs a round trip per file).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import comparator
import core
from core.words import Words
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
#: The theme's comparator files (in ``custom_dir``), published under a content-hashed name.
SCRIPT, WORKER, STYLE = "comparator.js", "comparator-worker.js", "comparator.css"


def plans_json(
    catalogue: dict[str, Any], words: Mapping[str, Words], samples: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The ``plans.json`` document the comparator reads in the browser."""
    return plans_document(catalogue, words, samples)


def plans_json_text(
    catalogue: dict[str, Any], words: Mapping[str, Words], samples: tuple[str, ...] = ()
) -> str:
    """``plans.json`` as deterministic text (sorted keys), so two builds are byte-identical."""
    # allow_nan=False: the browser's JSON.parse has no NaN (the loader refuses it before this).
    document = plans_json(catalogue, words, samples)
    return json.dumps(document, ensure_ascii=False, sort_keys=True, allow_nan=False)


def comparator_archive() -> bytes:
    """A zip of the ``core`` and ``comparator`` packages with fixed timestamps: same sources,
    same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for module in (core, comparator):
            package = Path(module.__file__ or "").parent
            for source in [*sorted(package.glob("*.py")), package / "py.typed"]:
                name = f"{package.name}/{source.name}"
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
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
    stdlib: str
    snapshot: str
    script: str
    worker: str
    style: str


@dataclass(frozen=True)
class ThemeFiles:
    """The page script, its worker and its stylesheet, read from the theme's folder."""

    script: bytes
    worker: bytes
    style: bytes

    @classmethod
    def read(cls, folder: Path) -> ThemeFiles:
        """The three files from ``folder``; a clear error when one is missing."""
        missing = [name for name in (SCRIPT, WORKER, STYLE) if not (folder / name).is_file()]
        if missing:
            raise FileNotFoundError(
                f"{folder}: the comparator's {', '.join(missing)} missing from the theme folder"
            )
        return cls(*((folder / name).read_bytes() for name in (SCRIPT, WORKER, STYLE)))


def pyodide_version(node_modules: Path) -> str:
    """The installed Pyodide version; a clear error when ``npm ci`` has not run."""
    manifest = node_modules / "pyodide" / "package.json"
    if not manifest.is_file():
        raise FileNotFoundError(
            f"Pyodide is not installed ({manifest} is missing): run `make deps` (npm ci)"
        )
    version: str = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return version


def _hashed(stem: str, content: bytes, suffix: str) -> str:
    return f"{ASSET_DIR}/{stem}-{hashlib.sha256(content).hexdigest()[:12]}{suffix}"


def snapshot_url(snapshot: bytes) -> str:
    """The snapshot's content-hashed name (hashing its megabytes is worth doing once a build)."""
    return _hashed("snapshot", snapshot, ".gz")


def stdlib_url(version: str, stdlib: bytes) -> str:
    """The served standard library's name: content-hashed, next to Pyodide's own files."""
    return f"assets/pyodide/{version}/python_stdlib-{hashlib.sha256(stdlib).hexdigest()[:12]}.zip"


def asset_urls(
    archive: bytes, version: str, runtime: tuple[str, str], plans_text: str, theme: ThemeFiles
) -> AssetUrls:
    """Every comparator file's content-hashed name (``runtime``: the standard library's and the
    snapshot's, from :func:`stdlib_url` and :func:`snapshot_url`)."""
    stdlib, snapshot = runtime
    return AssetUrls(
        plans=_hashed("plans", plans_text.encode("utf-8"), ".json"),
        archive=_hashed("comparator", archive, ".zip"),
        pyodide=f"assets/pyodide/{version}/",
        stdlib=stdlib,
        snapshot=snapshot,
        script=_hashed("comparator", theme.script, ".js"),
        worker=_hashed("comparator-worker", theme.worker, ".js"),
        style=_hashed("comparator", theme.style, ".css"),
    )


def write_assets(
    site_dir: Path,
    urls: AssetUrls,
    plans_text: str,
    archive: bytes,
    runtime: tuple[bytes, bytes],
    theme: ThemeFiles,
    node_modules: Path,
) -> None:
    """Write plans.json, the archive, the standard library and the snapshot (``runtime``) and the
    theme's comparator files under their hashed names, and copy Pyodide's core into the site."""
    stdlib, snapshot = runtime
    (site_dir / ASSET_DIR).mkdir(parents=True, exist_ok=True)
    (site_dir / urls.plans).write_text(plans_text, encoding="utf-8")
    (site_dir / urls.archive).write_bytes(archive)
    (site_dir / urls.snapshot).write_bytes(snapshot)
    (site_dir / urls.script).write_bytes(theme.script)
    (site_dir / urls.worker).write_bytes(theme.worker)
    (site_dir / urls.style).write_bytes(theme.style)
    target = site_dir / urls.pyodide
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(node_modules / "pyodide" / name, target / name)
    (site_dir / urls.stdlib).write_bytes(stdlib)
