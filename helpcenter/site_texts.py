"""The frame's texts around the articles (home, article end, feedback, 404, footer), rendered.

They are the ``site`` group of each language's word table (``words/<lang>.yaml``), so a writer
changes a label without touching a template. Each is Markdown and may quote the catalogue like a
page does; the build renders them per language once, and a mistake is a located error in the
word table.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import markdown as markdown_lib  # type: ignore[import-untyped]
from markupsafe import Markup

from core.words import MissingWord, Words
from helpcenter.errors import LocatedError, Problem
from helpcenter.quoting import Value, apply_quotes, check_quotes, find_quotes

GROUP = "site"
_MARKDOWN = markdown_lib.Markdown()
_OUTER_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)
T = TypeVar("T")


class Texts(dict[str, T]):
    """One language's texts by key. A template that names a text no word table has
    (``hc.texts.html.fotter``, or a word removed from every table) stops the build with
    :class:`core.words.MissingWord`: Jinja would quietly show nothing in its place."""

    def __init__(self, words: Words) -> None:
        super().__init__()
        self.words = words

    def __getattr__(self, key: str) -> T:
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            source = self.words.source or f"words/{self.words.lang}.yaml"
            raise MissingWord(source, self.words.lang, f"{GROUP}.{key}") from None


@dataclass(frozen=True)
class SiteTexts:
    """The texts of one language, rendered to HTML (``html``) and to plain text (``plain``).

    Keys are the words' keys within the ``site`` group (``contact_title``); ``sample_title`` is
    the sample notices' title (``sample.title``), which the contact box shows too.
    """

    html: Mapping[str, Markup]
    plain: Mapping[str, str]
    #: Keys whose text quotes a value plans.yaml marks ``!sample``: shown with the sample note.
    samples: set[str] = field(default_factory=set)

    def quotes_sample(self, *keys: str) -> bool:
        """Whether any of these texts shows a sample value (the template then adds the notice)."""
        return any(key in self.samples for key in keys)


def render_site_texts(
    tables: Mapping[str, Words], values: Mapping[str, Mapping[str, Value]]
) -> dict[str, SiteTexts]:
    """Check and render the ``site`` words of every language.

    ``values`` are the catalogue's quotable values per language.

    Raises:
        LocatedError: a quote of an unknown value, located in the word table.
    """
    problems: list[Problem] = []
    rendered: dict[str, SiteTexts] = {}
    for lang, words in tables.items():
        known = values.get(lang, {})
        quotes = {key: value.text for key, value in known.items()}
        html_texts: Texts[Markup] = Texts(words)
        plain_texts: Texts[str] = Texts(words)
        texts = SiteTexts(html_texts, plain_texts)
        for key, text in words.group(GROUP).items():
            short = key.split(".", 1)[1]
            # The word's key in the table (a column within the text is not one in the file).
            line, column = words.positions.get(key, (1, 1))
            problems += [
                Problem(words.source, line, column, key, problem.message)
                for problem in check_quotes(text, set(quotes), words.source)
            ]
            if any(known[m[1]].sample for _, m in find_quotes(text) if m[1] in known):
                texts.samples.add(short)
            html_texts[short] = _inline_html(apply_quotes(text, quotes))
        html_texts["sample_title"] = Markup(html.escape(words("sample.title")))
        for key, value in html_texts.items():
            plain_texts[key] = html.unescape(re.sub(r"<[^>]+>", "", value))
        rendered[lang] = texts
    if problems:
        raise LocatedError(problems)
    return rendered


def _inline_html(source: str) -> Markup:
    """One paragraph of Markdown as inline HTML (no surrounding ``<p>``)."""
    rendered = _MARKDOWN.reset().convert(source).strip()
    match = _OUTER_PARAGRAPH.match(rendered)
    return Markup(match[1] if match else rendered)
