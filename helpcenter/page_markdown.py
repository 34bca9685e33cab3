"""A writer's page with the catalogue filled in: value quotes, blocks and the sample notice.

Plain function of (Markdown, the language's words, catalogue): the plugin calls it for every page,
the build benchmark to make its plain-MkDocs baseline, tests directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from comparator.render import sample_mark
from core.catalogue import Catalogue
from core.values import SAMPLE_KINDS
from core.words import Words
from helpcenter.blocks import TEMPLATE_BLOCKS, render_block, sample_notice
from helpcenter.quoting import Value, find_quotes

#: Placeholders left in the Markdown for the blocks put in as HTML after Markdown.
HTML_MARKERS = {
    "comparator": "HELPCENTER-BLOCK-COMPARATOR",
    "support_links": "HELPCENTER-BLOCK-SUPPORT-LINKS",
}


@dataclass(frozen=True)
class FilledPage:
    """The page's Markdown, and which HTML blocks it asked for (``comparator``, ...)."""

    markdown: str
    html_blocks: frozenset[str]


def fill_page(
    markdown: str,
    words: Words,
    catalogue: Catalogue,
    blocks: jinja2.Environment,
    values: dict[str, Value],
) -> FilledPage:
    """Replace quotes and blocks (outside code) and add the notice if a sample is shown."""
    lines = markdown.split("\n")
    kinds: set[str] = set()
    html_blocks = set()
    mark = sample_mark(words)
    for number, match in reversed(list(find_quotes(markdown))):
        name = match[1]
        line = lines[number - 1]
        alone = line.strip() == match[0]
        if name in TEMPLATE_BLOCKS and alone:
            rendered = render_block(blocks, name, catalogue, words)
            lines[number - 1] = rendered.markdown
            kinds.update(rendered.kinds)
        elif name in HTML_MARKERS and alone:
            lines[number - 1] = HTML_MARKERS[name]
            html_blocks.add(name)
        elif name in values:
            value = values[name]
            # A sample is marked where it stands, except as a link's address: ](…).
            in_address = line[: match.start()].endswith("](")
            text = value.text + (mark if value.sample and not in_address else "")
            lines[number - 1] = line[: match.start()] + text + line[match.end() :]
            kinds.update(value.kinds)
    if kinds:
        ordered = [kind for kind, _ in SAMPLE_KINDS if kind in kinds]
        notice = sample_notice(blocks, words, catalogue.product_name, ordered)
        lines = _with_notice(lines, notice)
    return FilledPage("\n".join(lines), frozenset(html_blocks))


def _with_notice(lines: list[str], notice: str) -> list[str]:
    """The page with the sample notice under its title (or at the top without one)."""
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return [*lines[: index + 1], "", notice, "", *lines[index + 1 :]]
    return [notice, "", *lines]
