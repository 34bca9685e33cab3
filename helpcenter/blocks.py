"""Catalogue blocks: one line in a writer's Markdown that renders a list or table of plans.yaml.

A block is written on a line of its own, ``{{ upgrade_steps }}``, and rendered in the page's
language from a small Jinja template in ``overrides/helpcenter/blocks/<name>.md.j2``, which a site
may change. A new add-on or channel in ``plans.yaml`` thus reaches every page using the block, in
both languages, without touching Markdown. ``{{ comparator }}`` is the static plan comparator,
put in after Markdown (it is HTML).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from core.catalogue import Catalogue, pick
from core.values import note, recording
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
    """A block's Markdown, and whether it shows a sample value."""

    markdown: str
    sample: bool


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
    with recording() as shown_values:
        text = env.get_template(f"{name}.md.j2").render(
            catalogue=catalogue,
            words=words,
            t=CatalogueText(catalogue, words.lang),
            pick=lambda texts: pick(texts, words.lang),
            link=html_link,
            anchor=anchor,
        )
    return Rendered(text.strip("\n"), any(value.is_sample for value in shown_values))


def sample_notice(env: jinja2.Environment, words: Words, product: str) -> str:
    """The notice shown on a page with a sample value (Material admonition)."""
    template = env.get_template(f"{SAMPLE_NOTICE}.md.j2")
    return template.render(words=words, product=product).strip("\n")


def _escaped_and_noted(value: object) -> Markup:
    """Every value a template writes: noted (a catalogue value knows its samples), escaped."""
    return md_text(note(value))


def anchor(identifier: str) -> Markup:
    """A catalogue id as a URL fragment: ``extra_calendar`` → ``extra-calendar``."""
    return Markup(identifier.replace("_", "-"))
