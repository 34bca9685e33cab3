"""Checks of ``mkdocs.yml`` against what the help center needs, located in that file.

- The i18n plugin builds exactly the languages the help center speaks (defined once, in
  :data:`comparator.labels.LANGUAGES`, the default first).
- Every nav section title has a translation for each other language (``nav_translations``):
  without one, mkdocs-static-i18n silently shows the Dutch title on English pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from comparator.labels import LANGUAGES
from helpcenter.errors import Problem


def language_problems(file: str, text: str, locales: list[tuple[str, bool]]) -> list[Problem]:
    """The i18n languages (``(locale, default)`` pairs) must be :data:`LANGUAGES`, default first."""
    default = [locale for locale, is_default in locales if is_default]
    if sorted(locale for locale, _ in locales) == sorted(LANGUAGES) and default == [LANGUAGES[0]]:
        return []
    line = _line_of(text, "languages:")
    expected = ", ".join(
        f"{lang}{' (default)' if i == 0 else ''}" for i, lang in enumerate(LANGUAGES)
    )
    got = ", ".join(f"{locale}{' (default)' if d else ''}" for locale, d in locales) or "none"
    return [
        Problem(
            file,
            line,
            1,
            "plugins.i18n.languages",
            f"expected the help center's languages {expected}, got {got}",
        )
    ]


def nav_section_problems(
    file: str, text: str, nav: Any, translations: Mapping[str, Mapping[str, str]]
) -> list[Problem]:
    """A located problem for each nav section title that lacks a translation."""
    problems = []
    for title in _section_titles(nav or []):
        for lang in LANGUAGES[1:]:
            if title not in translations.get(lang, {}):
                problems.append(
                    Problem(
                        file,
                        _line_of(text, f"- {title}:"),
                        1,
                        "nav",
                        f"the section title '{title}' has no {lang} translation: add "
                        f"'{title}: ...' to nav_translations of the {lang} language (plugins.i18n)",
                    )
                )
    return problems


def _section_titles(items: Iterable[Any]) -> list[str]:
    """Titles of nav entries that hold other entries (sections), depth first."""
    titles: list[str] = []
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    titles.append(str(title))
                    titles += _section_titles(value)
    return titles


def _line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle`` (1 when absent)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.search(re.escape(needle), line):
            return number
    return 1
