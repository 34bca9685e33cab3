"""Checks of the writers' pages under ``docs/``, run before anything is written.

Every page exists in every language (``name.<lang>.md`` for each); every h2 and h3 has an
explicit id (``## Opzeggen {#cancel}``), and twins have the same set of ids, so a support link
survives a change of wording and switching language by adding ``/<lang>/``; quotes and blocks name
what exists. Each problem is located: ``docs/account/cancel.<lang>.md:12:1: ...``.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from core.languages import Languages
from helpcenter.errors import Problem
from helpcenter.memo import LastRound
from helpcenter.quoting import FENCE, check_quotes, find_quotes

_FRONT_MATTER = re.compile(r"\A-{3}\s*\n(.*?)\n(?:-{3}|\.{3})\s*\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTRIBUTES = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
_ID = re.compile(r"(?:^|\s)#([A-Za-z0-9_-]+)")
#: What a page's file name and folders may use: they become its web address.
_ADDRESS_PART = re.compile(r"^[a-z0-9_.-]+$")
#: A run of characters an address cannot have (a lone '-' is kept), written as one '-'.
_NOT_ADDRESS = re.compile(r"[^a-z0-9_.]*[^a-z0-9_.-][^a-z0-9_.]*")


@dataclass(frozen=True)
class Heading:
    """A heading of a writer's page: level, text (quotes not yet filled), id and line."""

    level: int
    title: str
    id: str
    line: int


@dataclass(frozen=True)
class WritersPage:
    """One language of a page: its path, front matter (YAML text), body and headings.

    ``offset`` is the number of lines before the body, so body line N is file line N + offset.
    """

    src: str
    lang: str
    stem: str
    front_matter: str
    body: str
    offset: int
    headings: tuple[Heading, ...]

    @property
    def url(self) -> str:
        """The page's path below the language root: ``account/cancel/`` (``""`` for the home)."""
        if self.stem == "index":
            return ""
        return self.stem[: -len("index")] if self.stem.endswith("/index") else f"{self.stem}/"


#: A page's own problems: its headings', then its quotes' and blocks'.
OwnProblems = tuple[tuple[Problem, ...], tuple[Problem, ...]]
#: Pages checked by ``make serve``'s earlier builds, by what their own problems depend on.
ChecksMemo = LastRound[tuple[WritersPage, frozenset[str], frozenset[str]], OwnProblems]
#: Pages read by earlier builds, by (shown path, language, stem, file bytes).
PagesMemo = LastRound[tuple[str, str, str, bytes], WritersPage]


def page_sources(docs_dir: Path) -> dict[Path, bytes]:
    """Every page file under ``docs_dir`` and its bytes, in name order: read once per check."""
    return {path: path.read_bytes() for path in sorted(docs_dir.rglob("*.md"))}


def read_pages(
    docs_dir: Path,
    languages: Languages,
    sources: dict[Path, bytes] | None = None,
    memo: PagesMemo | None = None,
) -> tuple[list[WritersPage], list[Problem]]:
    """Every page under ``docs_dir`` and the problems of its file name.

    Pages are read as UTF-8 with an optional byte-order mark (some Windows editors write one),
    as MkDocs reads them for rendering. A file name is the page's web address, so it may only use
    a-z, 0-9, '-', '_' and '.' (lower case, as support agents type addresses): ``één.<lang>.md`` is
    refused with an ASCII name to rename it to, rather than published. MkDocs would percent-encode
    it (``/%C3%A9%C3%A9n/``): an address that breaks when pasted into a support mail and that
    Netlify's ``_redirects`` matches unreliably. Until renamed, the page is checked under that
    name, so a twin that already has it is not reported missing too: one mistake, one message.

    ``sources`` are the files' bytes when the caller has read them (:func:`page_sources`);
    ``memo`` keeps each page parsed by its bytes, so ``make serve`` parses only what changed.
    """
    pages: list[WritersPage] = []
    problems: list[Problem] = []
    misnamed: dict[str, list[tuple[str, str]]] = {}  # written stem: [(file, its new name)]
    for path, data in (page_sources(docs_dir) if sources is None else sources).items():
        relative = path.relative_to(docs_dir).as_posix()
        shown = f"{docs_dir.name}/{relative}"
        written, lang = _split_language(relative, languages)
        stem = _address(written)
        if lang is None:
            problems.append(Problem(shown, 1, 1, "", _naming_hint(stem or written, languages)))
            continue
        if stem != written:
            renamed = f"{docs_dir.name}/{stem}.{lang}.md" if stem else ""
            misnamed.setdefault(written, []).append((shown, renamed))
        key = (shown, lang, stem or written, data)
        pages.append(_parsed(*key) if memo is None else memo.get(key, partial(_parsed, *key)))
    problems += [_rename(files) for _written, files in sorted(misnamed.items())]
    return pages, problems


def _parsed(shown: str, lang: str, stem: str, data: bytes) -> WritersPage:
    """One page from its file's bytes, decoded as ``Path.read_text`` would (universal newlines)."""
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig").read()
    front = _FRONT_MATTER.match(text)
    body = text[front.end() :] if front else text
    offset = text[: front.end()].count("\n") if front else 0
    meta = front[1] if front else ""
    return WritersPage(shown, lang, stem, meta, body, offset, _headings(body, offset))


def check_pages(
    pages: list[WritersPage],
    known_quotes: dict[str, set[str]],
    blocks: frozenset[str],
    languages: Languages,
    memo: ChecksMemo | None = None,
) -> list[Problem]:
    """Every problem of the writers' pages, located.

    ``known_quotes`` are the quotable keys per language (blocks included); ``blocks`` the names
    that render a list or table and so must stand on a line of their own. ``memo`` keeps what
    depends on one page alone (its headings and quotes) by its text, so ``make serve`` checks
    only what changed; what involves twins is checked every time.
    """
    problems: list[Problem] = []
    by_key = {(page.stem, page.lang): page for page in pages}
    known = {lang: frozenset(keys) for lang, keys in known_quotes.items()}
    for page in pages:
        for other in languages:
            if (page.stem, other) not in by_key:
                twin = f"{page.src.split('/', 1)[0]}/{page.stem}.{other}.md"
                problems.append(
                    Problem(
                        page.src,
                        1,
                        1,
                        "",
                        f"missing its {other} translation {twin} "
                        f"(every page exists in {languages.listed()}; no silent fallback)",
                    )
                )
        key = (page, known.get(page.lang, frozenset()), blocks)
        headings, quotes = (
            _own_problems(*key) if memo is None else memo.get(key, partial(_own_problems, *key))
        )
        problems += headings
        problems += _twin_ids(page, by_key, languages)
        problems += quotes
    return problems


def _own_problems(page: WritersPage, known: frozenset[str], blocks: frozenset[str]) -> OwnProblems:
    """What depends on the page alone: headings without an id, unknown quotes, blocks inside a
    sentence."""
    headings = []
    for heading in page.headings:
        if heading.level in (2, 3) and not heading.id:
            marks = "#" * heading.level
            headings.append(
                Problem(
                    page.src,
                    heading.line,
                    1,
                    "",
                    f"the heading '{marks} {heading.title}' needs an id: write "
                    f"'{marks} {heading.title} {{#an-id}}', with the same id in both languages",
                )
            )
    quotes = check_quotes(page.body, known, page.src, page.offset)
    quotes += _misplaced_blocks(page, blocks)
    return tuple(headings), tuple(quotes)


def _misplaced_blocks(page: WritersPage, blocks: frozenset[str]) -> list[Problem]:
    """A block written inside a sentence: it renders a list or table, so it needs its own line."""
    problems = []
    lines = page.body.split("\n")
    for number, match in find_quotes(page.body):
        if match[1] in blocks and lines[number - 1].strip() != match[0]:
            problems.append(
                Problem(
                    page.src,
                    number + page.offset,
                    match.start() + 1,
                    "",
                    f"the block {match[0]} renders a list or table: put it on a line of its own",
                )
            )
    return problems


def _twin_ids(
    page: WritersPage, by_key: dict[tuple[str, str], WritersPage], languages: Languages
) -> list[Problem]:
    """Ids of this page that its twins lack (each twin reports its own, so both sides show)."""
    problems = []
    for other in languages:
        twin = by_key.get((page.stem, other))
        if twin is None or other == page.lang:
            continue
        theirs = {heading.id for heading in twin.headings if heading.id}
        for heading in page.headings:
            if heading.id and heading.id not in theirs:
                problems.append(
                    Problem(
                        page.src,
                        heading.line,
                        1,
                        "",
                        f"heading id #{heading.id} is not in {twin.src} (twins have the same "
                        "heading ids, so a link works in both languages)",
                    )
                )
    return problems


def _headings(body: str, offset: int) -> tuple[Heading, ...]:
    """ATX headings outside fenced code, with their explicit ids (``{#id}``)."""
    found = []
    fenced = False
    for number, line in enumerate(body.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        match = _HEADING.match(line) if not fenced else None
        if match is None:
            continue
        title = match[2]
        identifier = ""
        attributes = _ATTRIBUTES.search(title)
        if attributes is not None:
            ids = _ID.findall(attributes[1])
            if ids:
                identifier = ids[-1]
                title = title[: attributes.start()]
        found.append(Heading(len(match[1]), title.strip(), identifier, number + offset))
    return tuple(found)


def _split_language(page: str, languages: Languages) -> tuple[str, str | None]:
    parts = page[: -len(".md")].rsplit(".", 1)
    if len(parts) == 2 and parts[1] in languages:
        return parts[0], parts[1]
    return page[: -len(".md")], None


def _naming_hint(stem: str, languages: Languages) -> str:
    names = " and ".join(f"{stem}.{lang}.md" for lang in languages)
    return f"name the page {names} (one file per language)"


def _address(stem: str) -> str:
    """``stem`` if every part of it may be in an address, else an ASCII spelling (``één`` ->
    ``een``, ``Mijn pagina`` -> ``mijn-pagina``); ``""`` when none is left (``日本``)."""
    parts = []
    for part in stem.split("/"):
        if not _ADDRESS_PART.match(part):
            plain = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode().lower()
            part = _NOT_ADDRESS.sub("-", plain).strip("-")
        if not part:
            return ""
        parts.append(part)
    return "/".join(parts)


def _rename(files: list[tuple[str, str]]) -> Problem:
    """One problem for the twins of a misnamed page, on the first: what to rename them to."""
    if all(renamed for _file, renamed in files):
        how = " and ".join(f"{file} to {renamed}" for file, renamed in files)
    else:
        how = " and ".join(file for file, _renamed in files) + " using only those characters"
    return Problem(
        files[0][0],
        1,
        1,
        "",
        "a page's file name is its web address, so it may only use a-z, 0-9, '-', '_' and '.': "
        f"rename {how} (and update mkdocs.yml's nav and the links that name it)",
    )
