"""The language menu and the hreflang of a page: its twin in every language.

Material's bundle (9.8) runs its language feature on every page, whatever ``theme.features``
says: for each element matching ``link[rel=alternate]`` it fetches
``new URL("sitemap.xml", href)`` (grep ``sitemap`` in its ``bundle.*.min.js``: function ``kt``,
called from ``ui`` on every ``document$``). The selector is the only condition, so any standard
hreflang link in the head costs a request: ``<page>/sitemap.xml`` (a 404 on every static host)
for per-page links, the production host from every preview for absolute ones. So the hreflang
lives in the sitemap instead (``<xhtml:link rel="alternate">`` with ``x-default``, helpcenter/
sitemap.py), which search engines accept as equal to head links, and the head has none:

- the language menu links straight to the twin page, relative (works on any host and sub-path);
- ``Alternate.absolute`` is the twin's URL with the site's URL, for the sitemap.

tests/browser/test_static_hosts.py fails if any page then requests a ``sitemap.xml`` other than
the site root's.
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
    absolute: str  # with the site's URL, for the sitemap's hreflang
    current: bool


def language_names(config: Any) -> dict[str, str]:
    """Each language code with its name (``name:``) from mkdocs-static-i18n's settings."""
    i18n = config.plugins.get("i18n")
    languages = getattr(getattr(i18n, "config", None), "languages", None) or []
    return {language.locale: language.name for language in languages}


def default_language(config: Any) -> str | None:
    """The language mkdocs-static-i18n builds at the site root (``default: true``)."""
    i18n = config.plugins.get("i18n")
    languages = getattr(getattr(i18n, "config", None), "languages", None) or []
    return next((language.locale for language in languages if language.default), None)


def absolute_url(url: str, site_url: str) -> str:
    """A page's URL (from the site root) with the site's URL in front."""
    return site_url.rstrip("/") + "/" + _path(url)


def language_root(lang: str, default: str) -> str:
    """The language's home, relative to the site root: ``""`` or ``"<lang>/"``."""
    return "" if lang == default else f"{lang}/"


def page_alternates(
    twins: dict[str, str],
    names: dict[str, str],
    current: str,
    site_url: str,
) -> list[Alternate]:
    """Every language version of a page (``twins``: language -> URL from the site root)."""
    return [
        Alternate(
            lang, names.get(lang, lang), _href(url), absolute_url(url, site_url), lang == current
        )
        for lang in names
        if (url := twins.get(lang)) is not None
    ]


def not_found_alternates(
    names: dict[str, str], current: str, default: str, site_url: str
) -> list[Alternate]:
    """On a 404 page (served at any path) the menu leads to each language's home."""
    return [
        Alternate(
            lang,
            name,
            _href(language_root(lang, default)),
            absolute_url(language_root(lang, default), site_url),
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
