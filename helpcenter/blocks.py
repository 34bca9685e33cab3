"""Catalogue blocks: one line in a writer's Markdown that renders a list or table of plans.yaml.

A block is written on a line of its own, ``{{ upgrade_steps }}``, and rendered in the page's
language from a small Jinja template in ``overrides/helpcenter/blocks/<name>.md.j2``, which a site
may change. A new add-on or channel in ``plans.yaml`` thus reaches every page using the block, in
both languages, without touching Markdown. ``{{ comparator }}`` is the static plan comparator,
put in after Markdown (it is HTML).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from comparator.render import sample_mark
from core.catalogue import Catalogue, pick
from core.values import Shown, note, recording, sample_kinds
from core.words import Words
from helpcenter.catalogue_text import CatalogueText
from helpcenter.markdown_safety import html_link, md_text

#: The blocks rendered from templates (``overrides/helpcenter/blocks/<name>.md.j2``). Whether a
#: block shows a ``!sample`` value follows from the values it renders (:mod:`core.values`).
TEMPLATE_BLOCKS = frozenset(
    {"upgrade_steps", "addon_steps", "addons", "plans_table", "cancel_channels"}
)
#: The comparator block: HTML put in after Markdown (see the plugin); its own view shows samples.
COMPARATOR = "comparator"
#: The support page's table of short links.
SUPPORT_LINKS = "support_links"
BLOCKS = frozenset({*TEMPLATE_BLOCKS, COMPARATOR, SUPPORT_LINKS})
#: Template of the notice on pages that show a sample value.
SAMPLE_NOTICE = "sample_notice"


@dataclass(frozen=True)
class Rendered:
    """A block's Markdown, and the kinds of sample value it shows (each marked where it stands)."""

    markdown: str
    kinds: tuple[str, ...] = ()

    @property
    def sample(self) -> bool:
        """Whether the block shows a sample value."""
        return bool(self.kinds)


#: The sample mark of the block being rendered (in its language), for the template's finalize.
_MARK: ContextVar[str] = ContextVar("sample_mark", default="")


def block_environment(template_dir: Path) -> jinja2.Environment:
    """Jinja2 environment of the block templates.

    ``finalize`` escapes every value that is not already markup, so catalogue text can never
    inject HTML or Markdown into a page. ``{#id}`` is Markdown's heading-id syntax, so Jinja
    comments are written ``{%# ... #%}``.
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        undefined=jinja2.StrictUndefined,
        finalize=_escaped_and_noted,
        keep_trailing_newline=True,
        autoescape=True,
        comment_start_string="{%#",
        comment_end_string="#%}",
    )


def render_block(
    env: jinja2.Environment, name: str, catalogue: Catalogue, words: Words
) -> Rendered:
    """One template block in the language of ``words`` (the templates' own words come from the
    ``blocks`` group of the word table: ``words("blocks.addons_price")``)."""
    mark = sample_mark(words)
    token = _MARK.set(mark)
    try:
        with recording() as shown_values:
            text = env.get_template(f"{name}.md.j2").render(
                catalogue=catalogue,
                words=words,
                t=CatalogueText(catalogue, words.lang, mark),
                pick=lambda texts: pick(texts, words.lang),
                link=_marked_link,
                anchor=anchor,
            )
    finally:
        _MARK.reset(token)
    return Rendered(text.strip("\n"), sample_kinds(shown_values))


def sample_notice(env: jinja2.Environment, words: Words, product: str, kinds: Iterable[str]) -> str:
    """The notice shown on a page with sample values (Material admonition): it names the kinds
    of value marked on that page, and only those."""
    named = words.join(words(f"sample.kind_{kind}") for kind in kinds)
    template = env.get_template(f"{SAMPLE_NOTICE}.md.j2")
    return template.render(words=words, product=product, kinds=named).strip("\n")


def _escaped_and_noted(value: object) -> Markup:
    """Every value a template writes: noted (a catalogue value knows its samples), escaped, and
    marked where it stands when it is a sample."""
    escaped = md_text(note(value))
    if isinstance(value, Shown) and value.is_sample:
        return Markup(str(escaped) + _MARK.get())
    return escaped


def _marked_link(text: object, url: str) -> Markup:
    """A link (text and address escaped), marked when its address or text is a sample."""
    sample = any(isinstance(part, Shown) and part.is_sample for part in (text, note(url)))
    return Markup(str(html_link(text, url)) + (_MARK.get() if sample else ""))


def anchor(identifier: str) -> Markup:
    """A catalogue id as a URL fragment: ``extra_calendar`` → ``extra-calendar``."""
    return Markup(identifier.replace("_", "-"))
