"""Search in the reader's language, with the words customers use.

mkdocs-static-i18n writes one ``search/search_index.json`` for every language, and Material's
search shows whatever matches. After the build, that index is split: the default language's
entries stay at ``search/search_index.json``, another language's go to
``<lang>/search/search_index.json`` (locations made relative to ``/<lang>/``), and each of its
pages' ``__config.base`` points at ``/<lang>/``, where Material's unchanged search interface
loads its index from.

Each entry whose title contains a word from ``search-synonyms.yaml`` gets the customers' words for
it in an extra indexed field (``synonyms``): Material's worker indexes every field the index's
``config.fields`` lists, and shows only title and text, so the extra words find the page without
appearing in results. Internal pages (front matter ``internal: true``) are left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.languages import Languages
from helpcenter.errors import LocatedError, Problem
from helpcenter.positional_yaml import load_positioned

FILE_NAME = "search-synonyms.yaml"
#: As strong as a title match: a customer's word for the topic of a page is as good as its title.
SYNONYM_BOOST = 1000.0
_CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL
)


@dataclass(frozen=True)
class Synonyms:
    """Per language: the word the articles use -> the words customers type for it."""

    words: dict[str, dict[str, tuple[str, ...]]]

    def for_title(self, lang: str, title: str) -> list[str]:
        """The customers' words for every article word that the title contains."""
        lowered = title.lower()
        found: list[str] = []
        for word, synonyms in self.words.get(lang, {}).items():
            if re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", lowered):
                found += [s for s in synonyms if s not in found]
        return found


def load_synonyms(path: Path, languages: Languages) -> Synonyms:
    """Read and check ``search-synonyms.yaml`` (a missing file means no synonyms)."""
    if not path.is_file():
        return Synonyms({})
    shown = path.name
    document = load_positioned(path.read_text(encoding="utf-8-sig"), shown)
    data = document.value if document.value is not None else {}
    problems: list[Problem] = []
    words: dict[str, dict[str, tuple[str, ...]]] = {}
    if not isinstance(data, dict):
        expected = ", ".join(f"{lang}:" for lang in languages)
        raise LocatedError([Problem(shown, 1, 1, "", f"expected sections {expected}")])
    for lang, table in data.items():
        line, column = document.position((lang,))
        if lang not in languages:
            message = f"expected one of the site's languages, {languages.listed()}"
            problems.append(Problem(shown, line, column, lang, message))
            continue
        if not isinstance(table, dict):
            problems.append(Problem(shown, line, column, lang, "expected word: [synonyms]"))
            continue
        words[lang] = {}
        for word, synonyms in table.items():
            line, column = document.position((lang, word))
            if not isinstance(synonyms, list) or not all(
                isinstance(s, str) and s.strip() for s in synonyms
            ):
                problems.append(
                    Problem(shown, line, column, f"{lang}.{word}", "expected a list of words")
                )
                continue
            words[lang][str(word)] = tuple(s.strip() for s in synonyms)
    if problems:
        raise LocatedError(problems)
    return Synonyms(words)


def split_index(
    site_dir: Path, languages: Languages, internal: set[str], synonyms: Synonyms
) -> dict[str, int]:
    """Rewrite the combined index into one per language; returns the entry count per language."""
    combined_path = site_dir / "search" / "search_index.json"
    combined: dict[str, Any] = json.loads(combined_path.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    others = tuple(f"{other}/" for other in languages.others)
    for lang in languages:
        prefix = languages.root(lang)
        docs = []
        for entry in combined["docs"]:
            location: str = entry["location"]
            if location.split("#", 1)[0] in internal:
                continue
            if prefix:
                if not location.startswith(prefix):
                    continue
                location = location[len(prefix) :]
            elif location.startswith(others):
                continue
            doc = {**entry, "location": location}
            words = synonyms.for_title(lang, entry.get("title", ""))
            if words:
                doc["synonyms"] = " ".join(words)
            docs.append(doc)
        config = {
            **combined["config"],
            "lang": [lang],
            "fields": {**combined["config"]["fields"], "synonyms": {"boost": SYNONYM_BOOST}},
        }
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
        counts[lang] = len(docs)
    return counts


def point_search_at_language(page_html: str, lang: str, default: str) -> str:
    """Make Material's ``__config.base`` the language root, where that language's index is."""
    if lang == default:
        return page_html
    match = _CONFIG_SCRIPT.search(page_html)
    if match is None:
        raise ValueError(
            "Material's <script id=\"__config\"> was not found: search in the reader's language "
            "needs helpcenter/search_language.py updated for this Material version"
        )
    data = json.loads(match[2])
    base = str(data["base"])
    data["base"] = f"{base}{lang}/" if base.endswith("/") else f"{base}/{lang}/"
    # Same escaping as Jinja's tojson, so the JSON stays inert inside <script>.
    text = (
        json.dumps(data, sort_keys=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )
    return page_html[: match.start(2)] + text + page_html[match.end(2) :]
