"""Read ``plans.yaml`` once per content and hand out the validated, typed catalogue.

Validation yields :class:`core.catalogue.Catalogue`, the one model that value quotes, blocks and
the comparator read (at build time directly, in the browser from ``plans.json``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from core.catalogue import Catalogue as Model
from core.languages import Languages
from core.words import BROWSER_GROUPS, Words
from helpcenter.errors import LocatedError, Problem
from helpcenter.money_formats import money_spec
from helpcenter.positional_yaml import Positioned, format_path, load_positioned
from helpcenter.validation import validate, with_defaults


@dataclass(frozen=True)
class Catalogue:
    """A validated catalogue: the typed model, and where each of its values was written.

    Attributes:
        data: The validated values as plain data (what ``plans.json`` carries to the browser).
        model: The typed catalogue every renderer reads.
        document: Positions and ``!sample`` marks of the file.
        file: The file name shown in messages (``plans.yaml``).
        digest: Hash of the file's bytes.
    """

    data: dict[str, Any]
    model: Model
    document: Positioned
    file: str
    digest: str

    def sample_problems(self) -> list[Problem]:
        """One located problem per ``!sample`` value: what a production build refuses."""
        return [
            Problem(
                self.file,
                *self.document.position(path),
                format_path(path),
                "sample value (no source confirms it): replace it with the real value and "
                "remove '!sample'",
            )
            for path in self.document.samples
        ]


def plans_document(
    data: dict[str, Any], words: Mapping[str, Words], samples: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The ``plans.json`` document: the catalogue, the site's languages with the comparator's
    words and money formats, and the sample paths."""
    currencies = data["product"]["currencies"]
    return {
        "catalogue": data,
        "languages": list(words),
        "money": {
            lang: {cur: money_spec(table.locale, cur) for cur in currencies}
            for lang, table in words.items()
        },
        "words": {
            lang: {"locale": table.locale, "words": table.group(*BROWSER_GROUPS)}
            for lang, table in words.items()
        },
        "samples": list(samples),
    }


_cache: dict[tuple[str, str], Catalogue] = {}


def load_catalogue(
    path: Path,
    words: Mapping[str, Words],
    display_name: str | None = None,
    cache_dir: Path | None = None,
) -> Catalogue:
    """Load and validate ``path``; raise :class:`LocatedError` listing every problem.

    ``words`` are the site's word tables, one per language, the default language's first: the
    catalogue's texts must be given in exactly those languages.

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
    languages = Languages(tuple(words))
    digest = hashlib.sha256(raw + repr(sorted(words.items())).encode()).hexdigest()
    cached = _cache.get((name, digest))
    if cached is not None:
        return cached
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LocatedError([Problem(name, line, 1, "", "the file is not valid UTF-8")]) from None
    document = load_positioned(text, name)
    key = _validation_key(raw + repr(languages.codes).encode())
    stamp = cache_dir / f"valid-{key}" if cache_dir is not None else None
    if stamp is None or not stamp.exists():
        problems = validate(document, name, languages)
        if problems:
            raise LocatedError(problems)
        if stamp is not None:
            _write_stamp(stamp)
    samples = tuple(format_path(path) for path in document.samples)
    data = with_defaults(document.value)
    model = Model.from_json(plans_document(data, words, samples))
    catalogue = Catalogue(data, model, document, name, digest)
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
