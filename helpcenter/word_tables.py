"""Read ``words/<lang>.yaml``, one word table per language of the site, with located errors.

The default language's table is the reference: every other table has exactly its words, with
the same ``{placeholders}``. A missing file, word or locale stops the build with the file, line,
key and language; no page ever shows another language's word in place of a missing one.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale, UnknownLocaleError

from core.languages import Languages
from core.words import Words, table_differences
from helpcenter.errors import LocatedError, Problem
from helpcenter.positional_yaml import Positioned, load_positioned

#: Where the tables live, relative to mkdocs.yml, unless the plugin's ``words`` option says.
DEFAULT_FOLDER = "words"


def load_word_tables(folder: Path, languages: Languages, shown_folder: str) -> dict[str, Words]:
    """Every language's table, checked against the default language's.

    Raises:
        LocatedError: every problem of every table at once.
    """
    problems: list[Problem] = []
    tables: dict[str, Words] = {}
    documents: dict[str, Positioned] = {}
    for lang in languages:
        shown = f"{shown_folder.rstrip('/')}/{lang}.yaml"
        try:
            document = load_positioned(
                (folder / f"{lang}.yaml").read_text(encoding="utf-8-sig"), shown
            )
        except FileNotFoundError:
            problems.append(
                Problem(shown, 1, 1, "", f"missing: the words of {lang}, a language of mkdocs.yml")
            )
            continue
        except LocatedError as error:
            problems += error.problems
            continue
        words, found = _read_table(document, lang, shown)
        problems += found
        tables[lang], documents[lang] = words, document
    reference = tables.get(languages.default)
    if reference is not None:
        for lang in languages.others:
            if lang not in tables:
                continue
            for key, message in table_differences(reference.table, tables[lang].table):
                path = tuple(key.split(".", 1))
                line, column = documents[lang].position(path)
                problems.append(
                    Problem(tables[lang].source, line, column, key, f"{lang}: {message}")
                )
    if problems:
        raise LocatedError(problems)
    return tables


def _read_table(document: Positioned, lang: str, shown: str) -> tuple[Words, list[Problem]]:
    """``locale`` and the groups of words, flattened to ``group.key``."""
    problems: list[Problem] = []
    data = document.value if isinstance(document.value, dict) else {}
    if not isinstance(document.value, dict):
        problems.append(Problem(shown, 1, 1, "", "expected locale: and groups of words"))
    locale = data.get("locale")
    if not isinstance(locale, str) or not _known_locale(locale):
        line, column = document.position(("locale",))
        problems.append(
            Problem(shown, line, column, "locale", "expected a locale Babel knows, such as nl_NL")
        )
    table: dict[str, str] = {}
    positions: dict[str, tuple[int, int]] = {}
    for group, entries in data.items():
        if group == "locale":
            continue
        if not isinstance(entries, dict):
            line, column = document.position((group,))
            problems.append(Problem(shown, line, column, group, "expected a group of words"))
            continue
        for key, text in entries.items():
            if not isinstance(text, str) or not text.strip():
                line, column = document.position((group, key))
                problems.append(Problem(shown, line, column, f"{group}.{key}", "expected a text"))
                continue
            table[f"{group}.{key}"] = text
            positions[f"{group}.{key}"] = document.position((group, key))
    locale_name = locale if isinstance(locale, str) else ""
    return Words(lang, locale_name, table, shown, positions), problems


def _known_locale(name: str) -> bool:
    try:
        Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return False
    return True
