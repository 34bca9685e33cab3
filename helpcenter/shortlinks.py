"""Short links and old URLs: ``/go/<slug>`` and ``/<lang>/go/<slug>``: one topic, every language.

Support switches language by adding or removing ``/<lang>/``, so a slug is the same in every
language and leads to the same section of each twin. Slugs come from ``shortlinks.yaml`` (sections,
old slugs, moved pages) and from a page's front matter (``short: pricing``, ``aliases:
[old/path/]``). Targets are checked against the built pages by the plugin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from core.languages import Languages
from helpcenter.errors import LocatedError, Problem
from helpcenter.front_matter import load_front_matter
from helpcenter.positional_yaml import Positioned, load_positioned
from helpcenter.writers_pages import WritersPage

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PAGE = re.compile(r"^([a-z0-9][a-z0-9_-]*/)*$")
_TARGET = re.compile(r"^(?P<page>([a-z0-9][a-z0-9_-]*/)*)(#(?P<anchor>[A-Za-z0-9_-]+))?$")


@dataclass(frozen=True, order=True)
class ShortLink:
    """``/go/<slug>`` leading to a page section; the same slug exists in every language.

    ``current`` is false for an old slug kept working (the support page does not offer it).
    """

    slug: str
    page: str
    anchor: str
    origin: str
    current: bool = True

    @property
    def position(self) -> int:
        """The line where the link is written, so listings keep the writer's order."""
        return int(self.origin.rsplit(":", 2)[1])

    def source(self, prefix: str) -> str:
        """``/go/cancel`` (prefix ``/``, the default language) or ``/<lang>/go/cancel``."""
        return f"{prefix}go/{self.slug}"

    def target(self, prefix: str) -> str:
        """``/account/cancel/#cancel`` or ``/<lang>/account/cancel/#cancel``."""
        return f"{prefix}{self.page}" + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True, order=True)
class Alias:
    """An old URL of a page that moved; it keeps working through a permanent redirect."""

    old: str
    page: str
    anchor: str
    origin: str

    def source(self, prefix: str) -> str:
        return f"{prefix}{self.old}"

    def target(self, prefix: str) -> str:
        return f"{prefix}{self.page}" + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class LinkTable:
    """Every short link and alias of the site."""

    shortlinks: tuple[ShortLink, ...]
    aliases: tuple[Alias, ...]

    def shortlink_for(self, page: str, anchor: str) -> ShortLink | None:
        """The current short link of a page section, if it has one."""
        return next(
            (s for s in self.shortlinks if s.current and (s.page, s.anchor) == (page, anchor)),
            None,
        )


def load_link_table(table_file: Path, pages: list[WritersPage], languages: Languages) -> LinkTable:
    """Short links and aliases from ``shortlinks.yaml`` and from the pages' front matter."""
    problems: list[Problem] = []
    shortlinks: list[ShortLink] = []
    aliases: list[Alias] = []
    if table_file.is_file():
        document = load_positioned(table_file.read_text(encoding="utf-8-sig"), table_file.name)
        _from_table(document, shortlinks, aliases, problems)
    _from_front_matter(pages, languages, shortlinks, aliases, problems)
    seen: dict[str, str] = {}
    items: list[ShortLink | Alias] = [*shortlinks, *aliases]
    for item in items:
        source = item.source("/")
        if source in seen and seen[source] != item.origin:
            problems.append(_problem(item.origin, f"{source} is already used by {seen[source]}"))
        seen.setdefault(source, item.origin)
    if problems:
        raise LocatedError(problems)
    return LinkTable(tuple(sorted(shortlinks)), tuple(sorted(aliases)))


def _problem(origin: str, message: str) -> Problem:
    file, line, column = origin.rsplit(":", 2)
    return Problem(file, int(line), int(column), "", message)


def _origin(document: Positioned, path: tuple[str, ...]) -> str:
    line, column = document.position(path)
    return f"{document.file}:{line}:{column}"


def _section(
    document: Positioned, data: dict[str, Any], key: str, expected: str, problems: list[Problem]
) -> dict[Any, Any]:
    """The table's ``key`` map (empty when left out); anything else is a located problem."""
    section = data.get(key) or {}
    if isinstance(section, dict):
        return section
    problems.append(_problem(_origin(document, (key,)), f"{key}: expected {expected}"))
    return {}


def _from_table(
    document: Positioned,
    shortlinks: list[ShortLink],
    aliases: list[Alias],
    problems: list[Problem],
) -> None:
    data: Any = {} if document.value is None else document.value
    if not isinstance(data, dict):
        problems.append(_problem(_origin(document, ()), "expected a map with links: and moved:"))
        return
    links = _section(
        document, data, "links", "a map of slug: {page: path/, anchor: id, old: [slug]}", problems
    )
    for slug, entry in links.items():
        origin = _origin(document, ("links", slug))
        if not _SLUG.match(str(slug)):
            problems.append(_problem(origin, f"links.{slug}: expected a slug of a-z, 0-9 and -"))
            continue
        if not isinstance(entry, dict) or not _PAGE.match(str(entry.get("page", "x"))):
            problems.append(
                _problem(origin, f"links.{slug}: expected {{page: path/, anchor: id, old: [slug]}}")
            )
            continue
        page, anchor = str(entry["page"]), str(entry.get("anchor") or "")
        shortlinks.append(ShortLink(str(slug), page, anchor, origin))
        for old in entry.get("old") or []:
            if _SLUG.match(str(old)):
                shortlinks.append(ShortLink(str(old), page, anchor, origin, current=False))
            else:
                problems.append(_problem(origin, f"links.{slug}.old: expected slugs, got {old!r}"))
    moved = _section(document, data, "moved", "a map of old/path/: new/path/#optional-id", problems)
    for old, new in moved.items():
        origin = _origin(document, ("moved", old))
        target = _TARGET.match(str(new))
        if not (_PAGE.match(str(old)) and old and target):
            problems.append(_problem(origin, "moved: expected old/path/: new/path/#optional-id"))
            continue
        aliases.append(Alias(str(old), target["page"], target["anchor"] or "", origin))


def _from_front_matter(
    pages: list[WritersPage],
    site_languages: Languages,
    shortlinks: list[ShortLink],
    aliases: list[Alias],
    problems: list[Problem],
) -> None:
    """``short:`` and ``aliases:`` of each page; twins must agree (one slug, both languages).

    A page whose twin is missing adds no link and no problem here: the writers' pages check
    already reports the missing twin, and that is the one mistake to fix.
    """
    languages: dict[str, set[str]] = {}
    for page in pages:
        languages.setdefault(page.stem, set()).add(page.lang)
    meta_by_stem: dict[tuple[str, str], dict[str, tuple[Any, str]]] = {}
    for page in pages:
        if not page.front_matter:
            continue
        try:
            document = load_front_matter(page.front_matter, page.src)
        except LocatedError as error:  # lines of the file: the front matter starts on line 2
            problems += [replace(p, line=p.line + 1) for p in error.problems]
            continue
        meta: Any = document.value
        if not isinstance(meta, dict):
            continue
        for key in ("short", "aliases"):
            if key in meta:
                line, column = document.position((key,))
                origin = f"{page.src}:{line}:{column}"
                meta_by_stem.setdefault((page.stem, key), {})[page.lang] = (meta[key], origin)
    first = {}
    for page in reversed(pages):
        first[page.stem] = page
    for (stem, field), by_lang in sorted(meta_by_stem.items()):
        if languages[stem] != set(site_languages):
            continue
        page = first[stem]
        values = {lang: value for lang, (value, _origin) in by_lang.items()}
        origin = by_lang[sorted(by_lang)[0]][1]
        if len(by_lang) != len(site_languages) or len({repr(v) for v in values.values()}) > 1:
            for _lang, (value, where) in sorted(by_lang.items()):
                problems.append(
                    _problem(
                        where,
                        f"{field}: {value!r} must be the same in every language's twin "
                        "(one short link or old URL serves both languages)",
                    )
                )
            continue
        value = values[site_languages.default]
        if field == "short":
            if _SLUG.match(str(value)):
                shortlinks.append(ShortLink(str(value), page.url, "", origin))
            else:
                problems.append(_problem(origin, "short: expected a slug of a-z, 0-9 and -"))
        else:
            for old in value or []:
                if _PAGE.match(str(old)) and old:
                    aliases.append(Alias(str(old), page.url, "", origin))
                else:
                    problems.append(_problem(origin, "aliases: expected paths like old/path/"))
