"""Every interface string of a page is in the page's language: Material's, ours and the config's.

For each language, the strings that belong to the site's OTHER languages (their word tables,
Material's translations, their catalogue texts, their mkdocs.yml names such as the colour toggles)
and not to this one are collected; the English defaults of Material and Python-Markdown count as
English. A real Chromium then lists every title, aria-label, placeholder and alt, and every
visible text, of every page of the language (404 included) and finds none of them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown.extensions.toc import TocExtension
from mkdocs.config import load_config
from playwright.sync_api import Browser

from tests.conftest import ROOT
from tests.support.browser import new_context
from tests.support.project import LANGUAGES, WORDS

pytestmark = pytest.mark.browser

MATERIAL = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"
#: Every attribute a reader sees or hears, and every visible text node of the page.
COLLECT = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const name of ["title", "aria-label", "placeholder", "alt"]) {
      const value = element.getAttribute(name);
      if (value) found.push(value);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && parent.checkVisibility() && node.textContent.trim()) {
      found.push(node.textContent);
    }
  }
  return found;
}"""


def material_words(lang: str) -> set[str]:
    """Material's own translation of its interface for ``lang``."""
    text = (MATERIAL / f"{lang}.html").read_text("utf-8")
    return {html.unescape(value) for value in re.findall(r'^\s*"[^"]+": "([^"]*)"', text, re.M)}


def config_strings() -> dict[str, set[str]]:
    """The names in mkdocs.yml per language: site name, colour toggles (theme or override)."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    i18n: Any = config.plugins["i18n"].config
    found: dict[str, set[str]] = {}
    for entry in i18n.languages:
        theme = (entry.theme or {}) if not entry.default else {}
        palette = theme.get("palette") or config.theme.get("palette") or []
        names = {item["toggle"]["name"] for item in palette if "toggle" in item}
        found[entry.locale] = names | {entry.site_name or config.site_name}
    return found


def catalogue_texts() -> dict[str, set[str]]:
    """The catalogue's texts per language, read as written."""
    data = yaml.load((ROOT / "plans.yaml").read_text("utf-8"), Loader=_SampleLoader)
    found: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value and set(value) == set(LANGUAGES):
                for lang, text in value.items():
                    found[lang].add(str(text))
                return
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return found


class _SampleLoader(yaml.SafeLoader):
    """PyYAML with the catalogue's ``!sample`` tag read as the plain value."""


_SampleLoader.add_multi_constructor(
    "!sample",
    lambda loader, _suffix, node: (
        loader.construct_mapping(node)
        if isinstance(node, yaml.MappingNode)
        else loader.construct_sequence(node)
        if isinstance(node, yaml.SequenceNode)
        else loader.construct_scalar(node)
    ),
)


def strings_of_each_language() -> dict[str, set[str]]:
    configured, catalogue = config_strings(), catalogue_texts()
    found = {
        lang: {text.strip() for text in WORDS[lang].table.values()}
        | material_words(lang)
        | configured.get(lang, set())
        | catalogue[lang]
        for lang in LANGUAGES
    }
    # The libraries' own defaults are English: shown untranslated, they are English words.
    defaults = material_words("en") | {TocExtension().getConfig("permalink_title")}
    for lang in LANGUAGES:
        if lang.split("_")[0] == "en":
            found[lang] |= defaults
    return found


def foreign_strings(lang: str) -> set[str]:
    """Strings of the other languages that this language never uses."""
    strings = strings_of_each_language()
    others = set().union(*(strings[other] for other in LANGUAGES if other != lang))
    return {text for text in others - strings[lang] if len(text) > 1}


def page_paths(site: Path, lang: str) -> list[str]:
    """Every HTML page of one language, as a path from the site root."""
    root = site / LANGUAGES.root(lang)
    others = {other for other in LANGUAGES.others if other != lang} | {"assets", "search"}
    return sorted(
        "/" + path.relative_to(site).as_posix().removesuffix("index.html")
        for path in root.rglob("*.html")
        if path.relative_to(root).parts[0] not in others
        and (lang != LANGUAGES.default or path.relative_to(root).parts[0] not in LANGUAGES.others)
    )


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_no_interface_string_of_another_language_on_any_page(
    built_site: Path, site_url: str, browser: Browser, lang: str
) -> None:
    foreign = foreign_strings(lang)
    assert foreign, "the other languages have strings of their own"
    # A reader of this language: a browser set to it (navigator.languages, Accept-Language).
    context = new_context(browser, locale=lang)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    paths = page_paths(built_site, lang)
    assert len(paths) >= 6
    wrong: dict[str, list[str]] = {}
    for path in paths:
        page.goto(site_url + path)
        shown = {" ".join(text.split()) for text in page.evaluate(COLLECT)}
        found = sorted(shown & foreign)
        if found:
            wrong[path] = found
    context.close()
    assert wrong == {}
