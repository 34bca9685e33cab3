"""Checks of ``mkdocs.yml`` against what the help center needs, located in that file.

- The i18n plugin lists the site's languages with exactly one default (the one list of
  languages: everything else reads it, :mod:`helpcenter.languages`).
- Every nav section title has a translation for each other language (``nav_translations``):
  without one, mkdocs-static-i18n silently shows the Dutch title on English pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from core.languages import Languages
from helpcenter.errors import Problem


def language_problems(file: str, text: str, locales: list[tuple[str, bool]]) -> list[Problem]:
    """The i18n languages (``(locale, default)`` pairs) need exactly one default, no repeats."""
    codes = [locale for locale, _ in locales]
    defaults = [locale for locale, is_default in locales if is_default]
    line = _line_of(text, "languages:")
    where = "plugins.i18n.languages"
    problems = []
    if len(defaults) != 1:
        got = ", ".join(defaults) or "none"
        message = f"expected exactly one language with default: true, got {got}"
        problems.append(Problem(file, line, 1, where, message))
    for code in sorted({code for code in codes if codes.count(code) > 1}):
        problems.append(Problem(file, line, 1, where, f"the language {code} is listed twice"))
    return problems


def nav_section_problems(
    file: str,
    text: str,
    nav: Any,
    translations: Mapping[str, Mapping[str, str]],
    languages: Languages,
) -> list[Problem]:
    """A located problem for each nav section title that lacks a translation."""
    problems = []
    for title in _section_titles(nav or []):
        for lang in languages.others:
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
