"""MkDocs' own warnings as the project's located problems.

MkDocs checks links, images, anchors and ``nav`` itself, and says so in a log line naming the page
by its path in ``docs/`` (``Doc file 'faq.<lang>.md' contains a link 'refunds.md', ...``). A writer
needs the line and column of the mistake in the file they edit, and a guess at what they meant, in
the same form as every other build error. :class:`WarningLog` gathers every warning of a build (both
languages: mkdocs-static-i18n builds each in the same process); :func:`located` turns the ones it
knows into :class:`Problem` and hands back the others as MkDocs wrote them, so nothing MkDocs
reports is ever hidden. Which warnings exist stays MkDocs' decision: ``validation:`` in
``mkdocs.yml`` sets what is a warning.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from helpcenter.errors import Problem

#: ``Doc file 'a.en.md' contains a link 'x.md#y', but ...`` (and MkDocs' other link messages).
_LINK = re.compile(
    r"^Doc file '(?P<doc>[^']+)' contains (?:a|an unrecognized relative|an absolute) link "
    r"'(?P<url>[^']*)', (?P<rest>.*)$",
    re.DOTALL,
)
_MISSING_ANCHOR = re.compile(r"but the doc '(?P<target>[^']+)' does not contain an anchor '#")
_NO_ANCHOR_HERE = re.compile(r"but there is no such anchor on this page")
_NOT_FOUND = re.compile(r"but the target(?: '(?P<target>[^']+)')? is not found")
_NAV_MISSING = re.compile(
    r"^A reference to '(?P<ref>[^']+)' is included in the 'nav' configuration, which is not "
    r"found in the documentation files\.$"
)
_OMITTED = re.compile(
    r'^The following pages exist in the docs directory, but are not included in the "nav" '
    r"configuration:\n(?P<pages>.*)$",
    re.DOTALL,
)
#: Ids a writer gives: ``{#id}``, ``{: #id }``, ``id="id"``.
_WRITTEN_ID = re.compile(r"""\{:?[^{}]*?#([A-Za-z0-9_-]+)[^{}]*\}|\sid=["']([^"']+)["']""")
_LANGUAGE_SUFFIX = re.compile(r"\.[A-Za-z_-]+\.md$")


class WarningLog(logging.Handler):
    """Keeps every message of level WARNING and above that MkDocs (or a plugin) logs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the message text (MkDocs' own messages carry no traceback)."""
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class Sources:
    """What a warning is located in: the docs folder, and ``mkdocs.yml`` as shown to writers."""

    docs_dir: Path
    config_file: Path

    def shown(self, src_uri: str) -> str:
        """``faq.<lang>.md`` -> ``docs/faq.<lang>.md``: the path a writer opens."""
        return f"{self.docs_dir.name}/{src_uri}"

    def text(self, src_uri: str) -> str:
        """The page's Markdown, or ``""`` when MkDocs named a file that is not there."""
        path = self.docs_dir / src_uri
        return path.read_text(encoding="utf-8-sig") if path.is_file() else ""

    def pages(self) -> list[str]:
        """Every page's neutral name as writers link to it: ``account/cancel.md``."""
        names = {
            _LANGUAGE_SUFFIX.sub(".md", path.relative_to(self.docs_dir).as_posix())
            for path in self.docs_dir.rglob("*.md")
        }
        return sorted(names)


def located(messages: Iterable[str], sources: Sources) -> tuple[list[Problem], list[str]]:
    """Problems for the warnings this module knows, and the others as MkDocs wrote them.

    A link that appears twice in a page is reported at each place, in order: MkDocs warns once per
    link it meets.
    """
    problems: list[Problem] = []
    others: list[str] = []
    seen: Counter[tuple[str, str]] = Counter()
    for message in messages:
        found = _one(message, sources, seen)
        if found is None:
            others.append(message)
        else:
            problems += found
    return problems, list(dict.fromkeys(others))


def _one(message: str, sources: Sources, seen: Counter[tuple[str, str]]) -> list[Problem] | None:
    if link := _LINK.match(message):
        return [_link_problem(link["doc"], link["url"], link["rest"], sources, seen)]
    if nav := _NAV_MISSING.match(message):
        return [_nav_problem(nav["ref"], sources)]
    if omitted := _OMITTED.match(message):
        names = [line.strip().removeprefix("- ").strip() for line in omitted["pages"].splitlines()]
        return [_orphan(name, sources) for name in names if name]
    return None


def _link_problem(
    doc: str, url: str, rest: str, sources: Sources, seen: Counter[tuple[str, str]]
) -> Problem:
    text = sources.text(doc)
    occurrence = seen[(doc, url)]
    seen[(doc, url)] += 1
    line, column = _position_of_link(text, url, occurrence)
    kind = "image" if _is_image(text, url) else "link"
    path, _, anchor = url.partition("#")
    if (missing := _MISSING_ANCHOR.search(rest)) or _NO_ANCHOR_HERE.search(rest):
        target = missing["target"] if missing else doc
        ids = _written_ids(sources.text(target))
        message = f"{kind} '{url}': {sources.shown(target)} has no section #{anchor}"
        message += _did_you_mean([f"#{i}" for i in ids], f"#{anchor}")
    elif _NOT_FOUND.search(rest):
        folder = doc.rpartition("/")[0]
        if path.endswith(".md"):
            wanted = _normalise(f"{folder}/{path}" if folder else path)
            message = f"{kind} '{url}': no page {sources.shown(_any_language(wanted))}"
            pages = [_relative(page, folder) for page in sources.pages()]
            message += _did_you_mean(pages, path)
        else:
            wanted = _normalise(f"{folder}/{path}" if folder else path)
            message = f"{kind} '{url}': no file {sources.shown(wanted)}"
    else:
        message = f"{kind} '{url}': {rest.rstrip('.')}"
    return Problem(sources.shown(doc), line, column, "", message)


def _nav_problem(reference: str, sources: Sources) -> Problem:
    text = sources.config_file.read_text(encoding="utf-8-sig")
    line, column = 1, 1
    for number, content in enumerate(text.splitlines(), start=1):
        index = content.find(reference)
        if index >= 0 and content.lstrip().startswith("-"):
            line, column = number, index + 1
            break
    message = f"nav: no page {sources.shown(_any_language(reference))}"
    message += _did_you_mean(sources.pages(), reference)
    return Problem(sources.config_file.name, line, column, "", message)


def _orphan(src_uri: str, sources: Sources) -> Problem:
    return Problem(
        sources.shown(src_uri),
        1,
        1,
        "",
        "no reader can reach this page: add it to nav: in mkdocs.yml, or, for a page reached "
        "only by a link or short link, write 'internal: true' in its front matter",
    )


def _position_of_link(text: str, url: str, occurrence: int) -> tuple[int, int]:
    """Line and column of the ``occurrence``-th place ``url`` stands as a link target."""
    escaped = re.escape(url)
    pattern = re.compile(
        rf"\]\(\s*<?(?P<a>{escaped})>?[\s)]"  # [text](url) and ![alt](url "title")
        rf"|^\s*\[[^\]]+\]:\s*<?(?P<b>{escaped})>?\s"  # [ref]: url
        rf"""|(?:href|src)=["'](?P<c>{escaped})["']""",  # HTML in Markdown
        re.MULTILINE,
    )
    matches = list(pattern.finditer(text + "\n"))
    if not matches:
        return 1, 1
    match = matches[min(occurrence, len(matches) - 1)]
    start = next(match.start(name) for name in ("a", "b", "c") if match.start(name) >= 0)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column


def _is_image(text: str, url: str) -> bool:
    image = re.compile(rf"!\[[^\]]*\]\(\s*<?{re.escape(url)}")
    return image.search(text) is not None


def _written_ids(text: str) -> list[str]:
    return list(dict.fromkeys(a or b for a, b in _WRITTEN_ID.findall(text)))


def _did_you_mean(candidates: Iterable[str], wanted: str) -> str:
    close = difflib.get_close_matches(wanted, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _any_language(neutral: str) -> str:
    """``faq.md`` -> ``faq.<lang>.md``: the writer's files of a page, in every language."""
    return neutral[: -len(".md")] + ".<lang>.md" if neutral.endswith(".md") else neutral


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _relative(page: str, folder: str) -> str:
    """A page's name as a link written in ``folder`` would give it."""
    if not folder:
        return page
    up = folder.count("/") + 1
    if page.startswith(folder + "/"):
        return page[len(folder) + 1 :]
    return "../" * up + page
