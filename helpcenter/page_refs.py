"""Links a writer lists in front matter (``related:``, the home page's ``tasks:``), checked.

A reference is written like a nav entry, without the language: ``account/cancel.md``, optionally
with a section: ``faq.md#cancel``. It resolves to the page of the reader's language; an unknown
page or section stops the build with the file, line and closest match.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpcenter.errors import Problem
from helpcenter.front_matter import load_front_matter
from helpcenter.positional_yaml import Positioned

_FRONT_MATTER = re.compile(r"\A-{3}\s*\n(.*?\n)?(?:-{3}|\.{3})\s*\n", re.DOTALL)


@dataclass(frozen=True)
class Target:
    """A page of the current language build (URL relative to the site root) and its sections."""

    url: str
    title: str
    sections: dict[str, str]


@dataclass(frozen=True)
class Resolved:
    """A checked reference: where it leads and the title to show."""

    url: str
    title: str


def front_matter(path: Path | None, shown: str) -> Positioned | None:
    """The page's front matter with positions (lines counted in the file), or None.

    Read as MkDocs reads the page: UTF-8, skipping a byte-order mark a Windows editor wrote.
    """
    if path is None or not path.is_file():
        return None
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8-sig"))
    if not match or not match[1]:
        return None
    return load_front_matter(match[1], shown)


def reference_url(reference: str, lang_prefix: str) -> str:
    """``account/cancel.md`` -> ``account/cancel/``; ``index.md`` -> the language root."""
    path = reference[: -len(".md")] if reference.endswith(".md") else reference
    if path == "index":
        return lang_prefix
    if path.endswith("/index"):
        return f"{lang_prefix}{path[: -len('index')]}"
    return f"{lang_prefix}{path.strip('/')}/"


def resolve_list(
    key: str,
    values: Any,
    document: Positioned | None,
    shown: str,
    targets: dict[str, Target],
    lang_prefix: str,
) -> tuple[list[Resolved], list[Problem]]:
    """Resolve the list under front-matter ``key``; every bad entry is a located problem."""
    if values is None:
        return [], []

    def where(*path: str | int) -> tuple[int, int]:
        return document.position((key, *path)) if document else (1, 1)

    if not isinstance(values, list):
        line, column = where()
        return [], [Problem(shown, line, column, key, "expected a list of pages like faq.md")]
    resolved: list[Resolved] = []
    problems: list[Problem] = []
    for index, entry in enumerate(values):
        line, column = where(index)
        if not isinstance(entry, str) or not entry.strip():
            problems.append(Problem(shown, line, column, f"{key}[{index}]", "expected a page"))
            continue
        page, _, anchor = entry.strip().partition("#")
        target = targets.get(reference_url(page, lang_prefix))
        if target is None:
            known = sorted(_as_reference(url, lang_prefix) for url in targets)
            guess = difflib.get_close_matches(page, known, n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            problems.append(
                Problem(shown, line, column, f"{key}[{index}]", f"no page '{page}'{hint}")
            )
            continue
        if anchor and anchor not in target.sections:
            guess = difflib.get_close_matches(anchor, list(target.sections), n=1)
            hint = f" (did you mean '#{guess[0]}'?)" if guess else ""
            problems.append(
                Problem(
                    shown, line, column, f"{key}[{index}]", f"{page} has no section #{anchor}{hint}"
                )
            )
            continue
        title = target.sections[anchor] if anchor else target.title
        resolved.append(Resolved(target.url + (f"#{anchor}" if anchor else ""), title))
    return resolved, problems


def _as_reference(url: str, lang_prefix: str) -> str:
    path = url[len(lang_prefix) :] if url.startswith(lang_prefix) else url
    return f"{path.rstrip('/')}.md" if path else "index.md"
