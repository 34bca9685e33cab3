"""mkdocs.yml against the help center: its languages and nav section translations, located."""

from __future__ import annotations

from helpcenter.site_checks import language_problems, nav_section_problems

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


def test_the_languages_must_be_the_help_centers_with_dutch_first() -> None:
    assert language_problems("mkdocs.yml", CONFIG, [("nl", True), ("en", False)]) == []
    assert language_problems("mkdocs.yml", CONFIG, [("en", False), ("nl", True)]) == []
    wrong = [
        [("nl", False), ("en", True)],
        [("nl", True)],
        [("nl", True), ("en", False), ("de", False)],
        [],
    ]
    got = ["nl, en (default)", "nl (default)", "nl (default), en, de", "none"]
    for locales, shown in zip(wrong, got, strict=True):
        assert [str(p) for p in language_problems("mkdocs.yml", CONFIG, locales)] == [
            "mkdocs.yml:3:1: plugins.i18n.languages: expected the help center's languages "
            f"nl (default), en, got {shown}"
        ]


def test_each_untranslated_section_title_is_located() -> None:
    nav = [
        "index.md",
        {"Uw abonnement": ["a.md"]},
        {"Voor support": [{"Diepere sectie": ["b.md"]}]},
        {"Losse pagina": "c.md"},
    ]
    problems = nav_section_problems("mkdocs.yml", CONFIG, nav, {"en": {"Uw abonnement": "X"}})
    assert [str(p) for p in problems] == [
        # Written quoted, so not found as written: the file's first line.
        "mkdocs.yml:1:1: nav: the section title 'Voor support' has no en translation: add "
        "'Voor support: ...' to nav_translations of the en language (plugins.i18n)",
        "mkdocs.yml:10:1: nav: the section title 'Diepere sectie' has no en translation: add "
        "'Diepere sectie: ...' to nav_translations of the en language (plugins.i18n)",
    ]
    assert nav_section_problems("mkdocs.yml", CONFIG, None, {}) == []
