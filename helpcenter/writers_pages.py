"""Checks of the writers' own pages under ``docs/``, run before anything is written.

Every page exists in both languages (``name.nl.md`` and ``name.en.md``), quotes only catalogue keys
that exist, and does not take a path that belongs to a generated article.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpcenter.errors import Problem
from helpcenter.quoting import check_quotes
from helpcenter.wording import LANGUAGES

_FRONT_MATTER = re.compile(r"\A-{3}\s*\n.*?\n(-{3}|\.{3})\s*\n", re.DOTALL)


def check_writers_pages(
    docs_dir: Path, quotes: dict[str, dict[str, str]], generated: set[str]
) -> list[Problem]:
    """Every problem of every Markdown page under ``docs_dir``, located."""
    problems: list[Problem] = []
    pages = sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md"))
    present = set(pages)
    for page in pages:
        shown = f"{docs_dir.name}/{page}"
        stem, lang = _split_language(page)
        if lang is None:
            problems.append(Problem(shown, 1, 1, "", _naming_hint(page)))
            continue
        if page in generated:
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    "this path belongs to an article generated from "
                    "plans.yaml; give your page another name",
                )
            )
        for other in LANGUAGES:
            twin = f"{stem}.{other}.md"
            if twin not in present:
                problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        "",
                        f"missing its {other} translation {docs_dir.name}/{twin} "
                        "(every page exists in nl and en; no silent fallback)",
                    )
                )
        text = (docs_dir / page).read_text(encoding="utf-8")
        front = _FRONT_MATTER.match(text)
        body = text[front.end() :] if front else text
        offset = text[: front.end()].count("\n") if front else 0
        problems += check_quotes(body, quotes.get(lang, {}), shown, offset)
    return problems


def _split_language(page: str) -> tuple[str, str | None]:
    parts = page[: -len(".md")].rsplit(".", 1)
    if len(parts) == 2 and parts[1] in LANGUAGES:
        return parts[0], parts[1]
    return page[: -len(".md")], None


def _naming_hint(page: str) -> str:
    stem = page[: -len(".md")]
    return f"name the page {stem}.nl.md and {stem}.en.md (one file per language)"
