"""The language menu and the hreflang links of a page: its twin in every language.

Material's bundle fetches ``sitemap.xml`` next to every ``<link rel="alternate">`` it finds
(``new URL("sitemap.xml", href)``) to map the page for its menu. With per-page alternates that is
``<page>/sitemap.xml``, which exists on no static host; with absolute alternates it is a request
to the production host from every preview and local server. So:

- the language menu links straight to the twin page, relative (works on any host and sub-path),
  so Material's sitemap mapping has nothing to do;
- the hreflang links are absolute (what search engines require) and written with
  ``rel=" alternate"``: the same link type for every HTML parser (``rel`` is a set of
  space-separated tokens), but not matched by the bundle's exact ``link[rel=alternate]`` selector,
  so nothing is fetched. tests/browser/test_static_hosts.py fails if that ever changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Alternate:
    """One language version of the current page."""

    lang: str
    name: str
    href: str  # relative to the site root (templates pass it through MkDocs' url filter)
    absolute: str  # with the site's URL, for hreflang
    current: bool


def language_names(config: Any) -> dict[str, str]:
    """``{"nl": "Nederlands", "en": "English"}`` from mkdocs-static-i18n's settings."""
    i18n = config.plugins.get("i18n")
    languages = getattr(getattr(i18n, "config", None), "languages", None) or []
    return {language.locale: language.name for language in languages}


def language_root(lang: str, default: str) -> str:
    """The language's home, relative to the site root: ``""`` or ``"en/"``."""
    return "" if lang == default else f"{lang}/"


def page_alternates(
    twins: dict[str, str],
    names: dict[str, str],
    current: str,
    site_url: str,
) -> list[Alternate]:
    """Every language version of a page (``twins``: language -> URL from the site root)."""
    base = site_url.rstrip("/") + "/"
    return [
        Alternate(lang, names.get(lang, lang), _href(url), base + _path(url), lang == current)
        for lang in names
        if (url := twins.get(lang)) is not None
    ]


def not_found_alternates(
    names: dict[str, str], current: str, default: str, site_url: str
) -> list[Alternate]:
    """On a 404 page (served at any path) the menu leads to each language's home."""
    base = site_url.rstrip("/") + "/"
    return [
        Alternate(
            lang,
            name,
            _href(language_root(lang, default)),
            base + language_root(lang, default),
            lang == current,
        )
        for lang, name in names.items()
    ]


def _path(url: str) -> str:
    """MkDocs writes the root page's URL as ``""``, ``"."`` or ``"./"``: the path is empty."""
    return "" if url in {"", ".", "./"} else url


def _href(url: str) -> str:
    """A link MkDocs' ``url`` filter turns into a relative one (``./`` for the root)."""
    return _path(url) or "./"
