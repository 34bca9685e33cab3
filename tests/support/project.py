"""The project's languages and word tables, read as the build reads them, for unit tests.

Unit tests call the modules with the site's real configuration rather than a language list of
their own, so a test never holds a second copy of what ``mkdocs.yml`` and ``words/`` say.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

from core.languages import Languages
from core.words import Words
from helpcenter.languages import site_languages
from helpcenter.word_tables import load_word_tables

ROOT = Path(__file__).resolve().parents[2]


def _languages() -> Languages:
    config = load_config(str(ROOT / "mkdocs.yml"))
    languages = site_languages(config)
    assert languages is not None, "mkdocs.yml names no single default language"
    return languages


LANGUAGES = _languages()
#: The project's word table of each language, the default first.
WORDS: dict[str, Words] = load_word_tables(ROOT / "words", LANGUAGES, "words")
