"""Catalogue blocks: one line in a writer's Markdown that renders a list or table of plans.yaml.

A block is written on a line of its own, ``{{ upgrade_steps }}``, and rendered in the page's
language from a small Jinja template in ``overrides/helpcenter/blocks/<name>.md.j2``, which a site
may change. A new add-on or channel in ``plans.yaml`` thus reaches every page using the block, in
both languages, without touching Markdown. ``{{ comparator }}`` is the static plan comparator,
put in after Markdown (it is HTML).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from comparator.model import Catalogue, pick
from helpcenter.catalogue_text import CatalogueText
from helpcenter.markdown_safety import html_link, md_text

#: The blocks rendered from templates, with the catalogue key paths each one shows (a page using
#: a block whose paths hold a ``!sample`` value shows the sample notice).
TEMPLATE_BLOCKS: dict[str, tuple[str, ...]] = {
    "upgrade_steps": ("upgrade", "labels"),
    "addons": ("addons", "plans", "product.currencies"),
    "plans_table": ("plans", "product.currencies", "links.meeting"),
    "cancel_channels": ("cancellation", "labels", "links.contact"),
}
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
        finalize=md_text,
        keep_trailing_newline=True,
        autoescape=True,
        comment_start_string="{%#",
        comment_end_string="#%}",
    )


def render_block(env: jinja2.Environment, name: str, catalogue: Catalogue, lang: str) -> Rendered:
    """One template block in ``lang``."""
    words = CatalogueText(catalogue, lang)
    text = env.get_template(f"{name}.md.j2").render(
        catalogue=catalogue,
        lang=lang,
        t=words,
        pick=lambda texts: pick(texts, lang),
        link=html_link,
        anchor=anchor,
    )
    return Rendered(text.strip("\n"), words.shows_samples(*TEMPLATE_BLOCKS[name]))


@functools.lru_cache(maxsize=8)
def sample_notice(env: jinja2.Environment, lang: str) -> str:
    """The notice shown on a page with a sample value (Material admonition).

    Kept per environment and language: every page of a sample catalogue shows it, and each
    build makes a new environment (an edited template is read by the next build)."""
    return env.get_template(f"{SAMPLE_NOTICE}.md.j2").render(lang=lang).strip("\n")


def anchor(identifier: str) -> Markup:
    """A catalogue id as a URL fragment: ``extra_calendar`` → ``extra-calendar``."""
    return Markup(identifier.replace("_", "-"))
