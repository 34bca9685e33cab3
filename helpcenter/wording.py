"""The prose of the generated articles: one nl/en table, checked for completeness.

A site can replace the table with ``overrides/helpcenter/wording.yaml``. A key with a missing or
empty language is a build error naming the key; there is no silent fallback to the other language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from helpcenter.errors import LocatedError, Problem
from helpcenter.overridable import load_overridable

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Wording:
    """Article prose by key and language."""

    texts: dict[str, dict[str, str]]

    def get(self, key: str, lang: str) -> str:
        """The text of ``key`` in ``lang`` (completeness is checked when loading)."""
        return self.texts[key][lang]


def load_wording(override_dir: Path | None = None) -> Wording:
    """Load the site's wording override if there is one, else the packaged table."""
    document = load_overridable("wording.yaml", override_dir)
    name = document.file
    problems: list[Problem] = []
    texts: dict[str, dict[str, str]] = {}
    if not isinstance(document.value, dict):
        raise LocatedError([Problem(name, 1, 1, "", "expected a map of wording keys")])
    for key, value in document.value.items():
        line, column = document.position((key,))
        if not isinstance(value, dict):
            problems.append(Problem(name, line, column, key, "expected {nl: ..., en: ...}"))
            continue
        for lang in LANGUAGES:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                problems.append(Problem(name, line, column, key, f"missing the '{lang}' text"))
        for extra in sorted(set(value) - set(LANGUAGES)):
            problems.append(Problem(name, line, column, f"{key}.{extra}", "unknown language"))
        texts[key] = value
    if problems:
        raise LocatedError(problems)
    return Wording(texts)
