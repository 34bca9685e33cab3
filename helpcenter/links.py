"""Links that support pastes: short links, moved articles' old URLs, and the support page table.

Short links (``/go/opzeggen``, ``/en/go/cancel``) and aliases of moved pages become Netlify
``_redirects`` rules; every target is checked against the pages and anchors of the build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpcenter.errors import LocatedError, Problem
from helpcenter.overridable import load_overridable
from helpcenter.positional_yaml import load_positioned
from helpcenter.wording import LANGUAGES, Wording

DEFAULT_LANGUAGE = LANGUAGES[0]
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PAGE = re.compile(r"^([a-z0-9][a-z0-9_-]*/)*$")
_FRONT_MATTER = re.compile(r"\A-{3}\s*\n(.*?)\n(?:-{3}|\.{3})\s*\n", re.DOTALL)


def prefix(lang: str) -> str:
    """The URL prefix of a language: the default language lives at the site root."""
    return "/" if lang == DEFAULT_LANGUAGE else f"/{lang}/"


@dataclass(frozen=True, order=True)
class ShortLink:
    """``/go/<slug>`` (or ``/<lang>/go/<slug>``) leading to a page section in one language."""

    lang: str
    slug: str
    page: str
    anchor: str
    origin: str

    @property
    def source(self) -> str:
        return f"{prefix(self.lang)}go/{self.slug}"

    @property
    def target(self) -> str:
        return f"{prefix(self.lang)}{self.page}" + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True, order=True)
class Alias:
    """An old URL of a page that moved; it keeps working through a permanent redirect."""

    lang: str
    old: str
    page: str
    origin: str

    @property
    def source(self) -> str:
        return f"{prefix(self.lang)}{self.old}"

    @property
    def target(self) -> str:
        return f"{prefix(self.lang)}{self.page}"


@dataclass(frozen=True)
class LinkTable:
    """Every short link and alias of the site."""

    shortlinks: tuple[ShortLink, ...]
    aliases: tuple[Alias, ...]

    def shortlink_for(self, lang: str, page: str, anchor: str) -> ShortLink | None:
        return next(
            (s for s in self.shortlinks if (s.lang, s.page, s.anchor) == (lang, page, anchor)),
            None,
        )


def load_link_table(override_dir: Path | None, docs_dir: Path) -> LinkTable:
    """Short links and aliases of generated articles (YAML) and of writers' pages (front matter)."""
    problems: list[Problem] = []
    shortlinks: list[ShortLink] = []
    aliases: list[Alias] = []
    _from_table(override_dir, shortlinks, aliases, problems)
    _from_front_matter(docs_dir, shortlinks, aliases, problems)
    seen: dict[str, str] = {}
    for item in [*shortlinks, *aliases]:
        if item.source in seen:
            problems.append(
                _problem(item.origin, f"{item.source} is already used by {seen[item.source]}")
            )
        seen.setdefault(item.source, item.origin)
    if problems:
        raise LocatedError(problems)
    return LinkTable(tuple(sorted(shortlinks)), tuple(sorted(aliases)))


def _problem(origin: str, message: str) -> Problem:
    file, line, column = origin.rsplit(":", 2)
    return Problem(file, int(line), int(column), "", message)


def _from_table(
    override_dir: Path | None,
    shortlinks: list[ShortLink],
    aliases: list[Alias],
    problems: list[Problem],
) -> None:
    document = load_overridable("shortlinks.yaml", override_dir)
    name = document.file
    data: Any = document.value
    for index, entry in enumerate(data.get("links", []) if isinstance(data, dict) else []):
        line, column = document.position(("links", index))
        origin = f"{name}:{line}:{column}"
        if not isinstance(entry, dict) or not _PAGE.match(str(entry.get("page", "x"))):
            problems.append(
                _problem(origin, "expected {page: path/, anchor: id, nl: slug, en: slug}")
            )
            continue
        for lang in LANGUAGES:
            slug = str(entry.get(lang, ""))
            if not _SLUG.match(slug):
                problems.append(_problem(origin, f"expected a {lang} slug of a-z, 0-9 and -"))
                continue
            shortlinks.append(
                ShortLink(lang, slug, entry["page"], str(entry.get("anchor") or ""), origin)
            )
    moved = data.get("moved", {}) if isinstance(data, dict) else {}
    for old, new in (moved or {}).items():
        line, column = document.position(("moved", old))
        origin = f"{name}:{line}:{column}"
        if not (_PAGE.match(str(old)) and _PAGE.match(str(new))):
            problems.append(_problem(origin, "expected old/path/: new/path/"))
            continue
        aliases += [Alias(lang, old, new, origin) for lang in LANGUAGES]


def _from_front_matter(
    docs_dir: Path, shortlinks: list[ShortLink], aliases: list[Alias], problems: list[Problem]
) -> None:
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        stem, _, lang_md = relative.rpartition(".")[0].rpartition(".")
        lang = lang_md
        if lang not in LANGUAGES:
            continue
        page = (
            ""
            if stem == "index"
            else (stem[: -len("index")] if stem.endswith("/index") else f"{stem}/")
        )
        match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        if not match:
            continue
        name = f"{docs_dir.name}/{relative}"
        document = load_positioned(match[1], name)
        meta: Any = document.value
        if not isinstance(meta, dict):
            continue
        if "short" in meta:
            line, column = document.position(("short",))
            origin = f"{name}:{line + 1}:{column}"
            if _SLUG.match(str(meta["short"])):
                shortlinks.append(ShortLink(lang, str(meta["short"]), page, "", origin))
            else:
                problems.append(_problem(origin, "short: expected a slug of a-z, 0-9 and -"))
        for index, old in enumerate(meta.get("aliases") or []):
            line, column = document.position(("aliases", index))
            origin = f"{name}:{line + 1}:{column}"
            if _PAGE.match(str(old)) and old:
                aliases.append(Alias(lang, str(old), page, origin))
            else:
                problems.append(_problem(origin, "aliases: expected paths like old/path/"))


def redirects_text(table: LinkTable, other_languages: Iterable[str]) -> str:
    """The published ``_redirects``: short links, aliases, then per-language 404 pages.

    Netlify applies the first matching rule, and never an unforced rule where a file exists, so
    the catch-all 404 rules come last and only ever answer for missing pages.
    """
    lines = ["# Generated by the helpcenter plugin from shortlinks.yaml and page front matter."]
    lines += [f"{s.source}  {s.target}  302" for s in table.shortlinks]
    for alias in table.aliases:
        lines.append(f"{alias.source}  {alias.target}  301")
        lines.append(f"{alias.source.rstrip('/')}  {alias.target}  301")
    # Material's language switcher asks for <alternate page>/sitemap.xml; answer with the real one.
    for depth in range(1, 6):
        parts = "/".join(f":p{i}" for i in range(depth))
        lines.append(f"/{parts}/sitemap.xml  /sitemap.xml  200")
    lines += [f"/{lang}/*  /{lang}/404.html  404" for lang in other_languages]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Section:
    """A page or one of its headings, as support links to it."""

    page: str
    anchor: str
    title: str
    level: int


def page_sections(page_path: str, title: str, toc: Iterable[Any]) -> list[Section]:
    """The page itself and its headings of level 2 and 3 (what support links to)."""
    sections = [Section(page_path, "", title, 1)]

    def walk(items: Iterable[Any]) -> None:
        for item in items:
            if 2 <= item.level <= 3 and item.id:
                sections.append(Section(page_path, item.id, item.title, item.level))
            walk(item.children)

    walk(toc)
    return sections


def support_table(
    sections: list[Section], table: LinkTable, site_url: str, lang: str, wording: Wording
) -> str:
    """The support page's table: section, Dutch URL, English URL, short link, each copyable."""
    word = lambda key, **kw: html.escape(wording.get(key, lang).format(**kw))  # noqa: E731
    rows = []
    for section in sections:
        urls = {
            other: f"{site_url.rstrip('/')}{prefix(other)}{section.page}"
            + (f"#{section.anchor}" if section.anchor else "")
            for other in LANGUAGES
        }
        short = table.shortlink_for(lang, section.page, section.anchor)
        cells = [
            _copyable(urls[other], word("support_copy", what=urls[other])) for other in LANGUAGES
        ]
        if short is not None:
            short_url = f"{site_url.rstrip('/')}{short.source}"
            cells.append(_copyable(short_url, word("support_copy", what=short_url)))
        else:
            cells.append("")
        indent = "&emsp;" * (section.level - 1)
        # MkDocs hands over titles and headings as HTML (already escaped by Markdown); a title
        # from front matter is plain text. Decode, then escape exactly once.
        shown = html.escape(html.unescape(section.title))
        title = f"{indent}{'<strong>' if section.level == 1 else ''}{shown}"
        title += "</strong>" if section.level == 1 else ""
        rows.append(
            f'<tr><th scope="row">{title}</th>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        )
    head = "".join(
        f'<th scope="col">{word(key)}</th>'
        for key in (
            "support_column_section",
            "support_column_nl",
            "support_column_en",
            "support_column_short",
        )
    )
    return (
        '<div class="md-typeset__table support-links"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _copyable(url: str, label: str) -> str:
    """A URL with a copy button; Material's clipboard handles ``data-clipboard-text``."""
    escaped = html.escape(url)
    return (
        f'<code>{escaped}</code> <button type="button" class="md-clipboard md-icon support-copy" '
        f'data-clipboard-text="{escaped}" title="{label}" aria-label="{label}"></button>'
    )
