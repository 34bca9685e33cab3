"""The frame's texts (the ``site`` group of words/<lang>.yaml): rendered per language, samples
noted, mistakes located in the word table."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from core.words import MissingWord, Words
from helpcenter.catalogue import load_catalogue
from helpcenter.errors import LocatedError
from helpcenter.quoting import Value, quotable_values
from helpcenter.site_texts import SiteTexts, render_site_texts
from helpcenter.word_tables import load_word_tables
from tests.conftest import ROOT
from tests.support.machine_locale import ascii_locale
from tests.support.project import LANGUAGES, WORDS


@pytest.fixture(scope="module")
def values() -> dict[str, dict[str, Value]]:
    model = load_catalogue(ROOT / "plans.yaml", WORDS).model
    return {lang: quotable_values(model, lang) for lang in LANGUAGES}


def tables(tmp_path: Path, **edits: Callable[[str], str]) -> Path:
    """The project's word tables copied to ``tmp_path/words``, some edited (``en=...``)."""
    folder = tmp_path / "words"
    folder.mkdir()
    for lang in LANGUAGES:
        text = (ROOT / "words" / f"{lang}.yaml").read_text(encoding="utf-8")
        edit = edits.get(lang)
        (folder / f"{lang}.yaml").write_text(edit(text) if edit else text, encoding="utf-8")
    return folder


def site_word(key: str, text: str) -> Callable[[str], str]:
    """An edit that gives the word ``site.<key>`` another text (``None`` removes it)."""

    def edit(table: str) -> str:
        line = re.compile(rf"^  {key}: .*\n", re.MULTILINE)
        site = table.index("\nsite:\n")
        assert line.search(table, site), key
        replacement = f"  {key}: {text}\n" if text is not None else ""
        return table[:site] + line.sub(replacement, table[site:], count=1)

    return edit


def render(
    folder: Path, values: dict[str, dict[str, Value]]
) -> tuple[dict[str, Words], dict[str, SiteTexts]]:
    words = load_word_tables(folder, LANGUAGES, "words")
    return words, render_site_texts(words, values)


def problems(folder: Path, values: dict[str, dict[str, Value]]) -> list[str]:
    with pytest.raises(LocatedError) as raised:
        render(folder, values)
    return [str(problem) for problem in raised.value.problems]


def line_of(folder: Path, lang: str, start: str) -> int:
    """The line of ``words/<lang>.yaml`` that starts with ``start``."""
    lines = (folder / f"{lang}.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def test_the_real_texts_quote_the_catalogue_and_note_its_samples(
    values: dict[str, dict[str, Value]],
) -> None:
    texts = render_site_texts(WORDS, values)
    assert set(texts) == set(LANGUAGES)
    assert texts["nl"].plain["feedback_yes"] == "Ja"
    assert texts["en"].plain["footer"] == "Timely Help Centre"
    assert texts["nl"].plain["contact_url"] == "https://time.ly/nl/contact/"
    assert texts["en"].plain["contact_url"] == "https://time.ly/contact/"
    assert texts["en"].html["contact_text"] == (
        "Get in touch, or open a support ticket in your Timely dashboard under "
        "<strong>Customer Service</strong>."
    )
    assert texts["en"].plain["contact_text"].endswith("under Customer Service.")
    # The sample notices' title, which the contact box shows too, is the sample group's.
    for lang in LANGUAGES:
        assert texts[lang].plain["sample_title"] == WORDS[lang]("sample.title")
    # links.contact is !sample in plans.yaml, and so is label.support_menu in English.
    assert texts["nl"].quotes_sample("contact_url")
    assert not texts["nl"].quotes_sample("contact_text", "contact_title")
    assert texts["en"].quotes_sample("contact_text")
    assert not texts["en"].quotes_sample("footer", "feedback_yes")


def test_markdown_renders_inline_and_entities_are_plain_text(
    tmp_path: Path, values: dict[str, dict[str, Value]]
) -> None:
    folder = tables(
        tmp_path,
        nl=site_word("footer", '"A & *B*"'),
        en=site_word("footer", '"<br> [x](https://x.test/)"'),
    )
    _, texts = render(folder, values)
    assert texts["nl"].html["footer"] == "A &amp; <em>B</em>"
    assert texts["nl"].plain["footer"] == "A & B"
    assert texts["en"].html["footer"] == '<br> <a href="https://x.test/">x</a>'
    assert texts["en"].plain["footer"] == " x"


def test_a_word_missing_in_one_language_is_located_in_its_table(
    tmp_path: Path, values: dict[str, dict[str, Value]]
) -> None:
    """Never the default language's text in its place: the build stops and says where."""
    folder = tables(tmp_path, en=site_word("feedback_yes", None))
    group = line_of(folder, "en", "site:")  # the word is gone: its group is where it belongs
    assert problems(folder, values) == [
        f"words/en.yaml:{group}:1: site.feedback_yes: en: missing (the default language has 'Ja')"
    ]


def test_an_unknown_catalogue_quote_is_located_at_its_word(
    tmp_path: Path, values: dict[str, dict[str, Value]]
) -> None:
    folder = tables(
        tmp_path,
        nl=site_word("contact_text", '"Mail {{ product.nam }}, of bel {{ zzzzzz }}."'),
        en=site_word("footer", '"{{ product.name }} Help Centre {{ link.contct }}"'),
    )
    contact = line_of(folder, "nl", "  contact_text:")
    footer = line_of(folder, "en", "  footer:")
    assert sorted(problems(folder, values)) == sorted(
        [
            f"words/nl.yaml:{contact}:3: site.contact_text: unknown catalogue key "
            "'product.nam' (did you mean 'product.name'?)",
            f"words/nl.yaml:{contact}:3: site.contact_text: unknown catalogue key "
            "'zzzzzz' (see WRITERS.md: Quoting the catalogue)",
            f"words/en.yaml:{footer}:3: site.footer: unknown catalogue key 'link.contct' "
            "(did you mean 'link.contact'?)",
        ]
    )


def test_a_text_the_frame_names_but_no_table_has_stops_the_build(
    tmp_path: Path, values: dict[str, dict[str, Value]]
) -> None:
    """Removed from every table, the tables still agree; the page must not show a blank."""
    folder = tables(tmp_path, **dict.fromkeys(LANGUAGES, site_word("footer", None)))
    _, texts = render(folder, values)
    footer = jinja2.Environment().from_string("<footer>{{ texts.html.footer }}</footer>")
    for lang in LANGUAGES:
        with pytest.raises(MissingWord) as raised:
            footer.render(texts=texts[lang])
        assert str(raised.value) == (
            f"words/{lang}.yaml: site.footer: no {lang} word (every word is needed in every table)"
        )
    # A text every table has renders as before.
    header = jinja2.Environment().from_string("{{ texts.html.contact_title }}")
    assert header.render(texts=texts["nl"]) == texts["nl"].html["contact_title"]


def test_texts_with_accents_read_the_same_on_a_machine_without_a_utf8_locale(
    tmp_path: Path, values: dict[str, dict[str, Value]]
) -> None:
    folder = tables(
        tmp_path, nl=site_word("footer", '"Één team"'), en=site_word("footer", '"Café"')
    )
    with ascii_locale():
        _, texts = render(folder, values)
    assert texts["nl"].plain["footer"] == "Één team"
    assert texts["en"].plain["footer"] == "Café"
