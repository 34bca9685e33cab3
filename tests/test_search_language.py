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
        load_synonyms(path)
    report = caught.value.report()
    assert "search-synonyms.yaml:2:3: nl.opzeggen: expected a list of words" in report
    assert "search-synonyms.yaml:3:1: fr: expected one of ('nl', 'en')" in report


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
    counts = split_index(tmp_path, "nl", {"support/links/"}, synonyms)
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
