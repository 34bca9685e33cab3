"""mkdocs.yml against the help center: its languages and nav section translations, located."""

from __future__ import annotations

from core.languages import Languages
from helpcenter.site_checks import language_problems, nav_section_problems
from tests.support.project import LANGUAGES

CONFIG = """\
plugins:
  - i18n:
      languages:
        - locale: nl
nav:
  - index.md
  - Uw abonnement:
      - a.md
  - "Voor support":
      - Diepere sectie:
          - b.md
"""


def test_the_languages_need_exactly_one_default_and_no_repeats() -> None:
    """Any languages will do (a third one is configuration); the build needs one default."""
    for fine in (
        [("nl", True), ("en", False)],
        [("en", False), ("nl", True)],
        [("nl", True)],
        [("nl", True), ("en", False), ("de", False)],
    ):
        assert language_problems("mkdocs.yml", CONFIG, fine) == []
    wrong = [
        [("nl", False), ("en", False)],
        [("nl", True), ("en", True)],
        [],
    ]
    got = ["none", "nl, en", "none"]
    for locales, shown in zip(wrong, got, strict=True):
        assert [str(p) for p in language_problems("mkdocs.yml", CONFIG, locales)] == [
            "mkdocs.yml:3:1: plugins.i18n.languages: expected exactly one language with "
            f"default: true, got {shown}"
        ]
    assert [
        str(p)
        for p in language_problems(
            "mkdocs.yml", CONFIG, [("nl", True), ("en", False), ("en", False)]
        )
    ] == ["mkdocs.yml:3:1: plugins.i18n.languages: the language en is listed twice"]


def test_each_untranslated_section_title_is_located() -> None:
    nav = [
        "index.md",
        {"Uw abonnement": ["a.md"]},
        {"Voor support": [{"Diepere sectie": ["b.md"]}]},
        {"Losse pagina": "c.md"},
    ]
    problems = nav_section_problems(
        "mkdocs.yml", CONFIG, nav, {"en": {"Uw abonnement": "X"}}, LANGUAGES
    )
    assert [str(p) for p in problems] == [
        # Written quoted, so not found as written: the file's first line.
        "mkdocs.yml:1:1: nav: the section title 'Voor support' has no en translation: add "
        "'Voor support: ...' to nav_translations of the en language (plugins.i18n)",
        "mkdocs.yml:10:1: nav: the section title 'Diepere sectie' has no en translation: add "
        "'Diepere sectie: ...' to nav_translations of the en language (plugins.i18n)",
    ]
    assert nav_section_problems("mkdocs.yml", CONFIG, None, {}, LANGUAGES) == []
    # Every language but the default needs the translation, however many there are.
    three = Languages(("nl", "en", "de"))
    problems = nav_section_problems("mkdocs.yml", CONFIG, [{"Uw abonnement": ["a.md"]}], {}, three)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (7, "the section title 'Uw abonnement' has no en translation"),
        (7, "the section title 'Uw abonnement' has no de translation"),
    ]
