"""The interface texts around the articles (home, article frame, feedback, 404, footer).

They live in ``site-texts.yaml`` beside ``plans.yaml``, so a writer changes a label without
touching a template. Each text is Markdown in both languages and may quote the catalogue like a
page does; the build renders it per language once, and a mistake is a located error.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown as markdown_lib  # type: ignore[import-untyped]
from markupsafe import Markup

from comparator.labels import LANGUAGES
from helpcenter.errors import LocatedError, Problem
from helpcenter.positional_yaml import load_positioned
from helpcenter.quoting import Value, apply_quotes, check_quotes, find_quotes

FILE_NAME = "site-texts.yaml"
#: Every key the templates use; a missing one is reported, an unknown one too (a typo).
KEYS = (
    "home_search_label",
    "home_search_placeholder",
    "search_button",
    "home_tasks_title",
    "home_topics_title",
    "home_more_title",
    "contact_title",
    "contact_text",
    "contact_button",
    "contact_url",
    "updated",
    "related_title",
    "feedback_question",
    "feedback_yes",
    "feedback_no",
    "feedback_thanks",
    "feedback_sending",
    "feedback_honeypot",
    "not_found_title",
    "not_found_text",
    "not_found_home",
    "footer",
    "sample_title",
    "sample_text",
)
_MARKDOWN = markdown_lib.Markdown()
_OUTER_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)


@dataclass(frozen=True)
class SiteTexts:
    """The texts of one language, rendered to HTML (``html``) and to plain text (``plain``)."""

    html: dict[str, Markup]
    plain: dict[str, str]
    #: Keys whose text quotes a value plans.yaml marks ``!sample``: shown with ``sample_text``.
    samples: set[str] = field(default_factory=set)

    def quotes_sample(self, *keys: str) -> bool:
        """Whether any of these texts shows a sample value (the template then adds the notice)."""
        return any(key in self.samples for key in keys)


def load_site_texts(path: Path, values: dict[str, dict[str, Value]]) -> dict[str, SiteTexts]:
    """Read, check and render ``site-texts.yaml`` for every language.

    ``values`` are the catalogue plugin's quotable values per language.
    """
    quotes = {
        lang: {key: value.text for key, value in by_key.items()} for lang, by_key in values.items()
    }
    shown = path.name
    try:
        document = load_positioned(path.read_text(encoding="utf-8-sig"), shown)
    except FileNotFoundError:
        raise LocatedError(
            [Problem(shown, 1, 1, "", "file missing (see WRITERS.md: What frames every page)")]
        ) from None
    data = document.value if isinstance(document.value, dict) else {}
    problems: list[Problem] = []
    for key in sorted(set(data) - set(KEYS)):
        line, column = document.position((key,))
        problems.append(Problem(shown, line, column, key, "unknown text (a typo?)"))
    rendered: dict[str, SiteTexts] = {lang: SiteTexts({}, {}) for lang in LANGUAGES}
    for key in KEYS:
        entry = data.get(key)
        line, column = document.position((key,) if key in data else ())
        if not isinstance(entry, dict):
            problems.append(Problem(shown, line, column, key, "expected {nl: text, en: text}"))
            continue
        for lang in LANGUAGES:
            text = entry.get(lang)
            if not isinstance(text, str) or not text.strip():
                problems.append(Problem(shown, line, column, key, f"missing the {lang} text"))
                continue
            text_line, _ = document.position((key, lang))
            problems += [
                Problem(shown, text_line, problem.column, f"{key}.{lang}", problem.message)
                for problem in check_quotes(text, set(quotes.get(lang, {})), shown)
            ]
            source = apply_quotes(text, quotes.get(lang, {}))
            known = values.get(lang, {})
            if any(known[m[1]].sample for _, m in find_quotes(text) if m[1] in known):
                rendered[lang].samples.add(key)
            rendered[lang].html[key] = _inline_html(source)
            rendered[lang].plain[key] = html.unescape(
                re.sub(r"<[^>]+>", "", rendered[lang].html[key])
            )
    if problems:
        raise LocatedError(problems)
    return rendered


def _inline_html(source: str) -> Markup:
    """One paragraph of Markdown as inline HTML (no surrounding ``<p>``)."""
    rendered = _MARKDOWN.reset().convert(source).strip()
    match = _OUTER_PARAGRAPH.match(rendered)
    return Markup(match[1] if match else rendered)
