"""Put catalogue text into Markdown so that it always renders as text.

Python-Markdown passes raw HTML through and turns ``[x](javascript:...)`` into a link, so a
catalogue string like ``<img src=x onerror=alert(1)>`` must be neutralised before it meets
Markdown: HTML special characters become entities and Markdown punctuation is backslash-escaped.
Values that the generator itself built as markup are wrapped in :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from markupsafe import Markup

#: Punctuation Python-Markdown (with attr_list and tables) gives a meaning to, inline.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_ASCII_SPACE = re.compile(r"[ \t\r\n]+")


def md_text(value: object) -> Markup:
    """Escape any value for use as literal text inside Markdown (inline or in a table cell)."""
    if isinstance(value, Markup):
        return value
    text = html.escape(str(value), quote=False)
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    # A newline would end a table row or a list item; the catalogue's texts are single paragraphs.
    # Only ASCII white space is folded: the no-break space in "€ 12,00" must stay.
    return Markup(_ASCII_SPACE.sub(" ", text).strip(" "))


def href(url: str) -> str:
    """A URL made safe for an HTML attribute and for a Markdown link target."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._") if not url.startswith("mailto:") else url


def html_link(text: object, url: str) -> Markup:
    """An ``<a>`` element whose text and address are both escaped."""
    label = md_text(text)
    return Markup(f'<a href="{html.escape(href(url), quote=True)}">{label}</a>')
