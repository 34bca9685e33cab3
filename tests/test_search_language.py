"""The search index per language and the synonyms file, without a browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpcenter.errors import LocatedError
from helpcenter.search_language import (
    SYNONYM_BOOST,
    Synonyms,
    load_synonyms,
    point_search_at_language,
    split_index,
)
from tests.support.machine_locale import ascii_locale
from tests.support.project import LANGUAGES


def test_synonyms_attach_to_titles_containing_the_word() -> None:
    synonyms = Synonyms({"nl": {"opzeggen": ("annuleren", "stoppen")}})
    assert synonyms.for_title("nl", "Uw account opzeggen") == ["annuleren", "stoppen"]
    assert synonyms.for_title("nl", "Opzeggen per e-mail") == ["annuleren", "stoppen"]
    assert synonyms.for_title("nl", "Opzeggingstermijn") == [], "whole words only"
    assert synonyms.for_title("en", "Uw account opzeggen") == [], "per language"


def test_a_malformed_synonyms_file_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "search-synonyms.yaml"
    path.write_text("nl:\n  opzeggen: annuleren\nfr:\n  x: [y]\n", encoding="utf-8")
    with pytest.raises(LocatedError) as caught:
        load_synonyms(path, LANGUAGES)
    report = caught.value.report()
    assert "search-synonyms.yaml:2:3: nl.opzeggen: expected a list of words" in report
    assert "search-synonyms.yaml:3:1: fr: expected one of the site's languages, nl and en" in report


def test_split_index_keeps_each_language_apart(tmp_path: Path) -> None:
    combined = {
        "config": {"lang": ["nl", "en"], "fields": {"title": {"boost": 1000.0}}},
        "docs": [
            {"location": "account/cancel/", "title": "Uw account opzeggen", "text": ""},
            {"location": "support/links/", "title": "Links voor support", "text": ""},
            {"location": "en/account/cancel/", "title": "Cancel your account", "text": ""},
            {"location": "en/account/cancel/#by-email", "title": "By e-mail", "text": ""},
        ],
    }
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(combined), "utf-8")
    synonyms = Synonyms({"nl": {"opzeggen": ("annuleren",)}, "en": {"cancel": ("close account",)}})
    counts = split_index(tmp_path, LANGUAGES, {"support/links/"}, synonyms)
    assert counts == {"nl": 1, "en": 2}
    dutch = json.loads((tmp_path / "search/search_index.json").read_text("utf-8"))
    english = json.loads((tmp_path / "en/search/search_index.json").read_text("utf-8"))
    assert dutch["config"]["lang"] == ["nl"]
    assert english["config"]["lang"] == ["en"]
    assert dutch["config"]["fields"]["synonyms"] == {"boost": SYNONYM_BOOST}
    assert dutch["docs"] == [
        {
            "location": "account/cancel/",
            "title": "Uw account opzeggen",
            "text": "",
            "synonyms": "annuleren",
        }
    ]
    assert [d["location"] for d in english["docs"]] == [
        "account/cancel/",
        "account/cancel/#by-email",
    ]
    assert english["docs"][0]["synonyms"] == "close account"
    assert "synonyms" not in english["docs"][1]


@pytest.mark.parametrize(
    ("base", "expected"), [("../..", "../../en/"), ("..", "../en/"), ("/", "/en/"), (".", "./en/")]
)
def test_english_pages_search_the_english_index(base: str, expected: str) -> None:
    script = f'{{"base": "{base}", "x": "<"}}'
    page = f'<p>x</p><script id="__config" type="application/json">{script}</script>'
    rewritten = point_search_at_language(page, "en", "nl")
    config = json.loads(rewritten.split('application/json">')[1].split("</script>")[0])
    assert config["base"] == expected
    assert "<" not in rewritten.split('application/json">')[1].split("</script>")[0]
    assert point_search_at_language(page, "nl", "nl") == page


def test_every_mistake_in_the_synonyms_file_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "search-synonyms.yaml"
    path.write_text(
        'fr:\n  x: [y]\nnl: opzeggen\nen:\n  cancel: annuleren\n  close: [1]\n  stop: ["  "]\n',
        encoding="utf-8",
    )
    with pytest.raises(LocatedError) as caught:
        load_synonyms(path, LANGUAGES)
    assert caught.value.report() == (
        "5 problems found; nothing was built:\n"
        "  search-synonyms.yaml:1:1: fr: expected one of the site's languages, nl and en\n"
        "  search-synonyms.yaml:3:1: nl: expected word: [synonyms]\n"
        "  search-synonyms.yaml:5:3: en.cancel: expected a list of words\n"
        "  search-synonyms.yaml:6:3: en.close: expected a list of words\n"
        "  search-synonyms.yaml:7:3: en.stop: expected a list of words"
    )


def test_a_synonyms_file_without_language_sections_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "search-synonyms.yaml"
    path.write_text("- opzeggen\n- annuleren\n", encoding="utf-8")
    with pytest.raises(LocatedError) as caught:
        load_synonyms(path, LANGUAGES)
    assert caught.value.report() == (
        "1 problem found; nothing was built:\n"
        "  search-synonyms.yaml:1:1: expected sections nl:, en:"
    )


def test_an_empty_synonyms_file_means_no_synonyms(tmp_path: Path) -> None:
    path = tmp_path / "search-synonyms.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert load_synonyms(path, LANGUAGES) == Synonyms({})
    path.write_text("---\n", encoding="utf-8")
    assert load_synonyms(path, LANGUAGES) == Synonyms({})


def test_synonyms_with_accents_read_the_same_on_a_machine_without_a_utf8_locale(
    tmp_path: Path,
) -> None:
    path = tmp_path / "search-synonyms.yaml"
    path.write_text("nl:\n  opzeggen: [beëindigen, stoppen]\n", encoding="utf-8")
    with ascii_locale():
        synonyms = load_synonyms(path, LANGUAGES)
    assert synonyms == Synonyms({"nl": {"opzeggen": ("beëindigen", "stoppen")}})


def test_split_index_writes_compact_utf8_indexes_whatever_the_machines_locale(
    tmp_path: Path,
) -> None:
    """The index is downloaded by every reader who searches: compact JSON, accents as UTF-8."""
    combined = {
        "config": {"lang": ["nl", "en"], "fields": {"title": {"boost": 1000.0}}},
        "docs": [
            {"location": "intern/", "title": "Intern", "text": ""},
            {"location": "en/account/cancel/", "title": "Cancel", "text": ""},
            {"location": "intern/#sectie", "title": "Sectie", "text": ""},
            {"location": "account/cancel/", "title": "Café opzeggen", "text": "Zó"},
        ],
    }
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(
        json.dumps(combined, ensure_ascii=False), encoding="utf-8"
    )
    synonyms = Synonyms({"nl": {"café": ("koffiehuis",), "opzeggen": ("annuleren", "stoppen")}})
    with ascii_locale():
        counts = split_index(tmp_path, LANGUAGES, {"intern/"}, synonyms)
    assert counts == {"nl": 1, "en": 1}
    fields = '"fields":{"title":{"boost":1000.0},"synonyms":{"boost":1000.0}}'
    assert (tmp_path / "search/search_index.json").read_text(encoding="utf-8") == (
        f'{{"config":{{"lang":["nl"],{fields}}},"docs":[{{"location":"account/cancel/",'
        '"title":"Café opzeggen","text":"Zó","synonyms":"koffiehuis annuleren stoppen"}]}'
    )
    assert (tmp_path / "en/search/search_index.json").read_text(encoding="utf-8") == (
        f'{{"config":{{"lang":["en"],{fields}}},"docs":[{{"location":"account/cancel/",'
        '"title":"Cancel","text":""}]}'
    )


def test_the_rewritten_search_config_is_escaped_like_materials_own() -> None:
    """Sorted keys and ``<``, ``>``, ``&``, ``'`` as escapes, as Jinja's ``tojson`` writes it:
    a value can never close the ``<script>``."""
    page = (
        '<script id="__config" type="application/json">{"search": "<b>&\'", "base": ".."}</script>'
    )
    assert point_search_at_language(page, "en", "nl") == (
        '<script id="__config" type="application/json">'
        '{"base": "../en/", "search": "\\u003cb\\u003e\\u0026\\u0027"}'
        "</script>"
    )


def test_a_page_without_materials_config_script_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="__config") as caught:
        point_search_at_language("<p>No config here</p>", "en", "nl")
    assert str(caught.value) == (
        "Material's <script id=\"__config\"> was not found: search in the reader's language "
        "needs helpcenter/search_language.py updated for this Material version"
    )
