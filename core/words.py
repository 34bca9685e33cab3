"""One word table per language: every word the help center itself says, and one lookup.

The tables are ``words/<lang>.yaml`` (the build reads them with positions, see
``helpcenter/word_tables.py``); here they are plain ``{"group.key": text}`` mappings, so the
browser gets the comparator's groups inside ``plans.json``. A word missing from a table is an
error naming the table and the language; no lookup ever answers in another language.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: The groups the in-browser comparator uses (shipped in ``plans.json``).
BROWSER_GROUPS = ("comparator", "sample", "list")


class MissingWord(LookupError):
    """A word the code asked for is not in the language's table (a table the build let through
    would never miss one: it compares every table with the default language's)."""

    def __init__(self, source: str, lang: str, key: str) -> None:
        super().__init__(f"{source}: {key}: no {lang} word (every word is needed in every table)")
        self.source, self.lang, self.key = source, lang, key


@dataclass(frozen=True)
class Words:
    """One language's words.

    Attributes:
        lang: The language code (``mkdocs.yml``).
        locale: The Babel/CLDR locale dates and amounts are written in (``en_GB``).
        table: ``{"group.key": text}``; texts may hold ``{name}`` placeholders.
        source: Where the table was written (``words/<lang>.yaml``), for messages.
        positions: ``{"group.key": (line, column)}`` in ``source`` (the build's, for messages).
    """

    lang: str
    locale: str
    table: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    def __call__(self, key: str, **values: object) -> str:
        """The word ``key`` with its placeholders filled (not escaped: the caller escapes).

        Raises:
            MissingWord: the table has no such word.
        """
        try:
            text = self.table[key]
        except KeyError:
            raise MissingWord(self.source or f"words/{self.lang}.yaml", self.lang, key) from None
        return text.format(**values) if values else text

    def group(self, *names: str) -> dict[str, str]:
        """The words of some groups, keys in full (``{"comparator.yes": "Ja"}``)."""
        prefixes = tuple(f"{name}." for name in names)
        return {key: text for key, text in self.table.items() if key.startswith(prefixes)}

    def join(self, items: Iterable[str]) -> str:
        """``"A, B and C"``: a list as a sentence says it (``list.and`` is the last joint)."""
        listed = list(items)
        if len(listed) <= 1:
            return "".join(listed)
        return ", ".join(listed[:-1]) + f" {self('list.and')} " + listed[-1]


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of a word (``{{`` is a brace, not a placeholder)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}  # an unbalanced brace: never equal to a correct word's placeholders


def table_differences(
    reference: Mapping[str, str], other: Mapping[str, str]
) -> list[tuple[str, str]]:
    """``(key, what is wrong)`` for each word ``other`` lacks, has extra, or whose placeholders
    differ from the reference table's (the default language's)."""
    found: list[tuple[str, str]] = []
    for key, text in reference.items():
        if key not in other:
            found.append((key, f"missing (the default language has {text!r})"))
        elif placeholders(other[key]) != placeholders(text):
            wanted = ", ".join(sorted("{" + name + "}" for name in placeholders(text))) or "none"
            found.append((key, f"placeholders differ from the default language's ({wanted})"))
    found += [(key, "not a word the site uses (a typo?)") for key in other if key not in reference]
    return found
