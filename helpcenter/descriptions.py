"""A distinct meta description per page: its front matter ``description``, else its first paragraph.

Search engines show it under the title; the home page's cards show it under each article.
"""

from __future__ import annotations

import html
import re

#: Search engines cut descriptions around 155-160 characters.
MAX_LENGTH = 155
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def first_paragraph(page_html: str) -> str:
    """The plain text of the first non-empty paragraph of a rendered page, or ``""``."""
    for match in _PARAGRAPH.finditer(page_html):
        text = _SPACE.sub(" ", html.unescape(_TAG.sub("", match[1]))).strip()
        if text:
            return text
    return ""


def shorten(text: str, limit: int = MAX_LENGTH) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"
