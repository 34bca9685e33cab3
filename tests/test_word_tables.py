"""words/<lang>.yaml, read by helpcenter/word_tables.py: one table per language of mkdocs.yml,
each with exactly the default language's words and placeholders, every mistake located.

The languages here are a site's own (a deliberately small one, with a third language whose
table is missing); the project's real tables are checked the same way at the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.languages import Languages
from core.words import BROWSER_GROUPS
from helpcenter.errors import LocatedError
from helpcenter.word_tables import load_word_tables
from tests.conftest import ROOT
from tests.support.machine_locale import ascii_locale
from tests.support.project import LANGUAGES, WORDS

THREE = Languages(("nl", "en", "de"))

DUTCH = """\
locale: nl_NL
comparator:
  caption: "{product} vergeleken"
  included: "Ja"
site:
  footer: "Voet"
  title: "Hulp"
"""

ENGLISH = """\
locale: en_GB
comparator:
  caption: "{product} compared"
  included: "Yes"
site:
  footer: "Foot"
  title: "Help"
"""


def write(folder: Path, **tables: str) -> Path:
    folder.mkdir(exist_ok=True)
    for lang, text in tables.items():
        (folder / f"{lang}.yaml").write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path, languages: Languages) -> list[str]:
    with pytest.raises(LocatedError) as raised:
        load_word_tables(folder, languages, "words")
    return [str(problem) for problem in raised.value.problems]


def test_tables_that_agree_are_read_flat_with_their_positions(tmp_path: Path) -> None:
    folder = write(tmp_path / "words", nl=DUTCH, en=ENGLISH)
    tables = load_word_tables(folder, Languages(("nl", "en")), "words")
    assert list(tables) == ["nl", "en"]  # the default first
    english = tables["en"]
    assert (english.lang, english.locale, english.source) == ("en", "en_GB", "words/en.yaml")
    assert english.table == {
        "comparator.caption": "{product} compared",
        "comparator.included": "Yes",
        "site.footer": "Foot",
        "site.title": "Help",
    }
    assert english.positions["site.title"] == (7, 3)
    assert english("comparator.caption", product="Timely") == "Timely compared"


def test_every_mistake_of_every_table_is_one_located_message_all_at_once(tmp_path: Path) -> None:
    english = (
        ENGLISH.replace("locale: en_GB", "locale: en_XX")  # a locale Babel does not know
        .replace('"{product} compared"', '"{plan} compared"')  # other placeholders
        .replace('  footer: "Foot"\n', "")  # a missing word
        .replace('  title: "Help"\n', '  title: "Help"\n  titel: "Help"\n')  # an extra word
    )
    folder = write(tmp_path / "words", nl=DUTCH, en=english)  # and no de.yaml
    assert problems(folder, THREE) == [
        "words/de.yaml:1:1: missing: the words of de, a language of mkdocs.yml",
        "words/en.yaml:1:1: locale: expected a locale Babel knows, such as nl_NL",
        "words/en.yaml:3:3: comparator.caption: en: placeholders differ from the default "
        "language's ({product})",
        "words/en.yaml:5:1: site.footer: en: missing (the default language has 'Voet')",
        "words/en.yaml:7:3: site.titel: en: not a word the site uses (a typo?)",
    ]


def test_a_table_that_is_not_groups_of_words_is_located(tmp_path: Path) -> None:
    dutch = DUTCH.replace('  title: "Hulp"\n', '  title: ""\n') + "list: [a, b]\n"
    folder = write(tmp_path / "words", nl=dutch, en="- footer\n- title\n")
    assert problems(folder, Languages(("nl", "en"))) == [
        "words/en.yaml:1:1: expected locale: and groups of words",
        # Each word the default language has, so one build lists everything to write.
        "words/en.yaml:1:1: comparator.caption: en: missing (the default language has "
        "'{product} vergeleken')",
        "words/en.yaml:1:1: comparator.included: en: missing (the default language has 'Ja')",
        "words/en.yaml:1:1: locale: expected a locale Babel knows, such as nl_NL",
        "words/en.yaml:1:1: site.footer: en: missing (the default language has 'Voet')",
        "words/nl.yaml:7:3: site.title: expected a text",
        "words/nl.yaml:8:1: list: expected a group of words",
    ]


def test_a_yaml_mistake_is_located_with_the_others(tmp_path: Path) -> None:
    folder = write(tmp_path / "words", nl=DUTCH, en='locale: en_GB\nsite: {footer: "x"\n')
    found = problems(folder, Languages(("nl", "en")))
    assert len(found) == 1
    assert found[0].startswith("words/en.yaml:3:1: ")


def test_accents_read_the_same_on_a_machine_without_a_utf8_locale(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "words",
        nl=DUTCH.replace('"Voet"', '"Één voet"'),
        en=ENGLISH.replace('"Foot"', '"Café"'),
    )
    with ascii_locale():
        tables = load_word_tables(folder, Languages(("nl", "en")), "words")
    assert tables["nl"]("site.footer") == "Één voet"
    assert tables["en"]("site.footer") == "Café"


def test_the_projects_tables_agree_and_cover_the_comparators_groups() -> None:
    assert list(WORDS) == list(LANGUAGES)
    reference = set(WORDS[LANGUAGES.default].table)
    for lang in LANGUAGES:
        assert WORDS[lang].source == f"words/{lang}.yaml"
        assert set(WORDS[lang].table) == reference
        assert {key.split(".")[0] for key in WORDS[lang].group(*BROWSER_GROUPS)} == set(
            BROWSER_GROUPS
        )
    assert load_word_tables(ROOT / "words", LANGUAGES, "words") == WORDS
