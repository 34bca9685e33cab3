"""Read ``plans.yaml`` once per content and hand out the validated catalogue.

The result is plain JSON-compatible data: the same dict is rendered into articles at build time
and written to ``plans.json`` for the comparator that runs in the browser.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from helpcenter.errors import LocatedError, Problem
from helpcenter.positional_yaml import Positioned, load_positioned
from helpcenter.validation import validate, with_defaults


@dataclass(frozen=True)
class Catalogue:
    """A validated catalogue and where each of its values was written."""

    data: dict[str, Any]
    document: Positioned
    file: str
    digest: str


_cache: dict[tuple[str, str], Catalogue] = {}


def load_catalogue(
    path: Path, display_name: str | None = None, cache_dir: Path | None = None
) -> Catalogue:
    """Load and validate ``path``; raise :class:`LocatedError` listing every problem.

    mkdocs-static-i18n runs one build per language, so the parsed result is memoised by content.
    With ``cache_dir``, a catalogue that passed validation leaves a stamp named after the hash of
    the catalogue, the schema and the validating code; the next build of the same content skips
    JSON Schema validation (and importing jsonschema), which is most of the generator's start-up.
    """
    name = display_name or path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LocatedError(
            [Problem(name, 1, 1, "", f"cannot read the catalogue: {error.strerror}")]
        ) from None
    digest = hashlib.sha256(raw).hexdigest()
    cached = _cache.get((name, digest))
    if cached is not None:
        return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LocatedError([Problem(name, line, 1, "", "the file is not valid UTF-8")]) from None
    document = load_positioned(text, name)
    stamp = cache_dir / f"valid-{_validation_key(raw)}" if cache_dir is not None else None
    if stamp is None or not stamp.exists():
        problems = validate(document, name)
        if problems:
            raise LocatedError(problems)
        if stamp is not None:
            _write_stamp(stamp)
    catalogue = Catalogue(with_defaults(document.value), document, name, digest)
    _cache.clear()  # only the newest version is worth keeping while serving
    _cache[(name, digest)] = catalogue
    return catalogue


def _validation_key(raw: bytes) -> str:
    """Hash of everything a validation result depends on."""
    digest = hashlib.sha256(raw)
    package = Path(__file__).parent
    for name in ("plans.schema.json", "validation.py", "positional_yaml.py"):
        digest.update((package / name).read_bytes())
    digest.update(metadata.version("jsonschema").encode())
    return digest.hexdigest()[:32]


def _write_stamp(stamp: Path) -> None:
    """Keep only the newest stamp: a stale one is never wrong, only useless."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    for old in stamp.parent.glob("valid-*"):
        old.unlink(missing_ok=True)
    stamp.touch()
