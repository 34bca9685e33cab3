"""The texts of site-texts.yaml: rendered per language, samples noted, mistakes located."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.catalogue import load_catalogue
from helpcenter.errors import LocatedError
from helpcenter.quoting import Value, quotable_values
from helpcenter.site_texts import FILE_NAME, KEYS, SiteTexts, load_site_texts
from tests.conftest import ROOT
from tests.support.machine_locale import ascii_locale
from tests.support.project import LANGUAGES, WORDS


@pytest.fixture(scope="module")
def values() -> dict[str, dict[str, Value]]:
    model = load_catalogue(ROOT / "plans.yaml", WORDS).model
    return {lang: quotable_values(model, lang) for lang in LANGUAGES}


def complete(**changed: str) -> str:
    """A site-texts.yaml with every key ("<key> nl" / "<key> en"), some lines replaced."""
    lines = {key: f'{key}: {{nl: "{key} nl", en: "{key} en"}}' for key in KEYS}
    lines.update(changed)
    return "\n".join(line for line in lines.values() if line) + "\n"


def load(tmp_path: Path, text: str, values: dict[str, dict[str, Value]]) -> dict[str, SiteTexts]:
    path = tmp_path / FILE_NAME
    path.write_text(text, encoding="utf-8")
    return load_site_texts(path, values)


def problems(tmp_path: Path, text: str, values: dict[str, dict[str, Value]]) -> list[str]:
    with pytest.raises(LocatedError) as raised:
        load(tmp_path, text, values)
    return [str(problem) for problem in raised.value.problems]


def test_the_real_texts_quote_the_catalogue_and_note_its_samples(
    values: dict[str, dict[str, Value]],
) -> None:
    texts = load_site_texts(ROOT / FILE_NAME, values)
    assert texts["nl"].plain["feedback_yes"] == "Ja"
    assert texts["en"].plain["footer"] == "Timely Help Centre"
    assert texts["nl"].plain["contact_url"] == "https://time.ly/nl/contact/"
    assert texts["en"].plain["contact_url"] == "https://time.ly/contact/"
    assert texts["en"].html["contact_text"] == (
        "Get in touch, or open a support ticket in your Timely dashboard under "
        "<strong>Customer Service</strong>."
    )
    assert texts["en"].plain["contact_text"].endswith("under Customer Service.")
    # links.contact is !sample in plans.yaml, and so is label.support_menu in English.
    assert texts["nl"].quotes_sample("contact_url")
    assert not texts["nl"].quotes_sample("contact_text", "contact_title")
    assert texts["en"].quotes_sample("contact_text")
    assert not texts["en"].quotes_sample("footer", "feedback_yes")


def test_markdown_renders_inline_and_entities_are_plain_text(
    tmp_path: Path, values: dict[str, dict[str, Value]]
) -> None:
    texts = load(
        tmp_path,
        complete(footer='footer: {nl: "A & *B*", en: "<br> [x](https://x.test/)"}'),
        values,
    )
    assert texts["nl"].html["footer"] == "A &amp; <em>B</em>"
    assert texts["nl"].plain["footer"] == "A & B"
    assert texts["en"].html["footer"] == '<br> <a href="https://x.test/">x</a>'
    assert texts["en"].plain["footer"] == " x"


def test_every_mistake_is_located(tmp_path: Path, values: dict[str, dict[str, Value]]) -> None:
    text = complete(
        feedback_yes='feedback_yes: {nl: "Ja"}',
        feedback_no='feedback_no: {nl: "Nee", en: "  "}',
        footer="footer: Timely",
        updated="",
        contact_text='contact_text: {nl: "{{ product.nam }}", en: "ok"}',
    )
    text += 'feedbak_yes: {nl: "Ja", en: "Yes"}\n'
    lines = text.splitlines()

    def line(key: str) -> int:
        return next(i for i, entry in enumerate(lines, start=1) if entry.startswith(f"{key}:"))

    assert problems(tmp_path, text, values) == sorted(
        [
            f"site-texts.yaml:{line('feedbak_yes')}:1: feedbak_yes: unknown text (a typo?)",
            f"site-texts.yaml:{line('feedback_yes')}:1: feedback_yes: missing the en text",
            f"site-texts.yaml:{line('feedback_no')}:1: feedback_no: missing the en text",
            f"site-texts.yaml:{line('footer')}:1: footer: expected {{nl: text, en: text}}",
            "site-texts.yaml:1:1: updated: expected {nl: text, en: text}",
            f"site-texts.yaml:{line('contact_text')}:1: contact_text.nl: unknown catalogue "
            "key 'product.nam' (did you mean 'product.name'?)",
        ],
        key=lambda message: (int(message.split(":")[1]), message),
    )


def test_a_missing_file_is_a_located_error(
    tmp_path: Path, values: dict[str, dict[str, Value]]
) -> None:
    with pytest.raises(LocatedError) as raised:
        load_site_texts(tmp_path / FILE_NAME, values)
    assert [str(p) for p in raised.value.problems] == [
        "site-texts.yaml:1:1: file missing (see WRITERS.md: What frames every page)"
    ]


def test_a_text_missing_in_every_language_is_reported_for_each(
    tmp_path: Path, values: dict[str, dict[str, Value]]
) -> None:
    text = complete(footer="footer: {}")
    line = text.splitlines().index("footer: {}") + 1
    assert problems(tmp_path, text, values) == [
        f"site-texts.yaml:{line}:1: footer: missing the en text",
        f"site-texts.yaml:{line}:1: footer: missing the nl text",
    ]


def test_a_file_that_is_a_list_asks_for_every_text(
    tmp_path: Path, values: dict[str, dict[str, Value]]
) -> None:
    found = problems(tmp_path, "- footer\n- updated\n", values)
    assert found == sorted(
        f"site-texts.yaml:1:1: {key}: expected {{nl: text, en: text}}" for key in KEYS
    )


def test_texts_with_accents_read_the_same_on_a_machine_without_a_utf8_locale(
    tmp_path: Path, values: dict[str, dict[str, Value]]
) -> None:
    path = tmp_path / FILE_NAME
    path.write_text(complete(footer='footer: {nl: "Één team", en: "Café"}'), encoding="utf-8")
    with ascii_locale():
        texts = load_site_texts(path, values)
    assert texts["nl"].plain["footer"] == "Één team"
    assert texts["en"].plain["footer"] == "Café"
