"""What search engines read besides the pages: ``sitemap.xml`` and ``robots.txt``.

The sitemap carries the site's hreflang (see helpcenter/alternates.py for why not the head) and
lists only pages a search engine may index: a page whose front matter says ``internal: true`` is
``noindex`` (overrides/main.html), and listing it would ask for what the page refuses. The same
front-matter value decides both, so a new internal page leaves the sitemap without a list to edit.
``robots.txt`` names the sitemap by its absolute URL (a crawler needs one); it disallows nothing,
since a crawler that may not fetch a page never sees its ``noindex``.
The templates are ``overrides/sitemap.xml`` and ``overrides/robots.txt``; a ``sitemap.xml`` in the
theme's ``custom_dir`` also stops mkdocs-static-i18n installing its own (which lists every page).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin

from helpcenter.alternates import absolute_url, page_alternates

#: The theme templates rendered once per build into the site root (MkDocs ``static_templates``).
SITE_FILES = ("sitemap.xml", "robots.txt")
#: The hreflang value for the version shown to readers of any other language (Google's spelling).
X_DEFAULT = "x-default"
#: What may stay unquoted in the robots.txt sitemap line: a URL's reserved and unreserved
#: characters, never white space (a line break would start a directive of its own).
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass(frozen=True)
class Hreflang:
    """One ``<xhtml:link rel="alternate">`` of a sitemap entry."""

    lang: str
    href: str


@dataclass(frozen=True)
class SitemapEntry:
    """One public page: its absolute URL, date and every public language version (itself too)."""

    loc: str
    lastmod: str
    alternates: tuple[Hreflang, ...]


@dataclass(frozen=True)
class SiteFiles:
    """What ``overrides/sitemap.xml`` and ``overrides/robots.txt`` render (``hc_site``)."""

    sitemap: tuple[SitemapEntry, ...]
    sitemap_url: str  # absolute; "" when the site has no site_url (robots.txt then omits it)


def is_public(page: Any) -> bool:
    """Indexable: not ``internal: true`` in front matter, the value behind ``noindex``."""
    return page is not None and not page.meta.get("internal")


def sitemap_entries(
    pages_by_language: Mapping[str, Iterable[Any]],
    names: dict[str, str],
    default: str | None,
    site_url: str,
) -> tuple[SitemapEntry, ...]:
    """Each public page of every language with its public twins and ``x-default``.

    ``pages_by_language`` is mkdocs-static-i18n's ``i18n_alternates``: each language's MkDocs
    files, each with ``alternates`` (language -> the twin's file). A twin that is not public
    is left out of its page's alternates, so no entry points at a ``noindex`` page. Every
    language build renders the sitemap; the last one, which has every language, stays.
    """
    built = [(lang, file) for lang, files in pages_by_language.items() for file in files]
    public = {absolute_url(file.url, site_url) for _lang, file in built if is_public(file.page)}
    entries = []
    for lang, file in built:
        if not is_public(file.page):
            continue
        alternates = getattr(file, "alternates", None) or {}
        twins = {other: twin.url for other, twin in alternates.items()}
        twins[lang] = file.url
        versions = [
            Hreflang(alt.lang, alt.absolute)
            for alt in page_alternates(twins, names, lang, site_url)
            if alt.absolute in public
        ]
        versions += [Hreflang(X_DEFAULT, v.href) for v in versions if v.lang == default]
        entries.append(
            SitemapEntry(
                absolute_url(file.url, site_url),
                str(file.page.update_date or ""),
                tuple(versions),
            )
        )
    return tuple(entries)


def sitemap_url(site_url: str) -> str:
    """The sitemap's absolute URL, safe on one robots.txt line; "" without a site_url."""
    if not site_url:
        return ""
    return quote(urljoin(site_url.rstrip("/") + "/", "sitemap.xml"), safe=_URL_SAFE)


def site_files(
    pages_by_language: object,
    names: dict[str, str],
    default: str | None,
    site_url: str,
) -> SiteFiles:
    """Everything both templates need, from one build's ``i18n_alternates`` (none: no page)."""
    pages = pages_by_language if isinstance(pages_by_language, Mapping) else {}
    return SiteFiles(sitemap_entries(pages, names, default, site_url), sitemap_url(site_url))
