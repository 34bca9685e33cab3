"""The front matter a writer may give a page, checked before anything is built.

MkDocs ignores a key it does not know, so ``descripton:`` would silently publish a page without
its search-engine summary. Every key the help center reads is listed here once, with what reads
it; any other key is a located error with the closest known key as a hint.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools

from helpcenter.errors import LocatedError, Problem
from helpcenter.positional_yaml import Positioned, load_positioned
from helpcenter.writers_pages import WritersPage

#: Every front-matter key a page may have, and what it is for (the writers' guide lists the same).
KNOWN_KEYS: dict[str, str] = {
    "title": "the page's title, when it differs from its first heading (MkDocs)",
    "description": "the page's search-engine summary",
    "short": "the page's short link /go/<short>, the same in every language",
    "aliases": "old addresses that redirect here, the same in every language",
    "icon": "the page's icon on the home page (Material's icon names)",
    "related": "pages or sections shown under 'Related' at the article's end",
    "internal": "true: not in nav, search or the sitemap (reached by a link or short link)",
    "tasks": "on the home page: the most asked tasks, as pages or sections",
    "hide": "parts of Material's frame to hide on this page (navigation, toc, ...)",
}


def parsed(page: WritersPage) -> Positioned | None:
    """The page's front matter with positions counted in the file, or None when it has none
    (a syntax error is a located error)."""
    if not page.front_matter.strip():
        return None
    return load_front_matter(page.front_matter, page.src)


@functools.lru_cache(maxsize=8192)
def load_front_matter(text: str, shown: str) -> Positioned:
    """Front matter ``text`` of the page ``shown``, with lines counted in the page's file.

    Kept per text: every build reads each page's front matter several times (checks, short
    links, related pages), and ``make serve`` rebuilds with most pages unchanged. The result is
    shared: read it, never change it.
    """
    document = load_positioned(text, shown)
    # The YAML starts on line 2 of the file (after ---).
    lines = {key: (line + 1, col) for key, (line, col) in document.positions.items()}
    return dataclasses.replace(document, positions=lines)


def front_matter_problems(pages: list[WritersPage]) -> list[Problem]:
    """Every unknown key (or front matter that is not a map) in every page, located."""
    problems: list[Problem] = []
    for page in pages:
        try:
            document = parsed(page)
        except LocatedError as error:
            problems += [_in_file(problem) for problem in error.problems]
            continue
        if document is None:
            continue
        if not isinstance(document.value, dict):
            problems.append(
                Problem(page.src, 2, 1, "", "the front matter must be 'key: value' lines")
            )
            continue
        for key in document.value:
            if str(key) in KNOWN_KEYS:
                continue
            line, column = document.position((key,))
            close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.6)
            known = ", ".join(KNOWN_KEYS)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {known}"
            problems.append(
                Problem(page.src, line, column, "", f"unknown front-matter key '{key}' ({hint})")
            )
    return problems


def internal_sources(pages: list[WritersPage]) -> set[str]:
    """Pages marked ``internal: true``, by their path in ``docs/`` (``support/links.<lang>.md``)."""
    found = set()
    for page in pages:
        try:
            document = parsed(page)
        except LocatedError:
            continue  # reported by front_matter_problems
        value = document.value if document is not None else None
        if isinstance(value, dict) and value.get("internal") is True:
            found.add(page.src.split("/", 1)[1])
    return found


def _in_file(problem: Problem) -> Problem:
    """A YAML syntax problem with its line counted in the page file (the YAML starts on line 2)."""
    return Problem(problem.file, problem.line + 1, problem.column, problem.path, problem.message)
