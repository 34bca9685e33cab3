"""The support page's table: one row per short link, with its short URL and each language's URL.

Kept small on purpose (agents scan it): every topic that has a short link, nothing else. Any
other section is reached by its page URL plus ``#id``, the same in both languages.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from babel import Locale

from core.languages import Languages
from core.words import Words
from helpcenter.shortlinks import LinkTable


@dataclass(frozen=True)
class Topic:
    """A page section as the support table shows it: where it is and its title."""

    page: str
    anchor: str
    title: str


def support_table(
    topics: list[Topic], table: LinkTable, site_url: str, words: Words, languages: Languages
) -> str:
    """HTML table: topic, short link, a URL per language, each with a copy button.

    Rows keep the order in which the short links are written (``shortlinks.yaml``). The
    languages' names in the column heads are CLDR's (Babel), in the reader's language.
    """
    base = site_url.rstrip("/")
    rows: list[tuple[int, str]] = []
    for topic in topics:
        short = table.shortlink_for(topic.page, topic.anchor)
        if short is None:
            continue
        fragment = f"#{topic.anchor}" if topic.anchor else ""
        urls = [f"{base}{short.source(languages.prefix(words.lang))}"]
        urls += [f"{base}{languages.prefix(other)}{topic.page}{fragment}" for other in languages]
        cells = "".join(
            f"<td>{_copyable(url, words('support.copy', url=url))}</td>" for url in urls
        )
        # MkDocs hands titles over as HTML text ("A &amp; B"): escape once, not twice.
        title = html.escape(html.unescape(topic.title))
        row = f'<tr><th scope="row">{title}</th>{cells}</tr>'
        rows.append((short.position, row))
    names = Locale.parse(words.locale).languages
    heads = [words("support.topic"), words("support.short")]
    # CLDR writes some languages' names in lower case ("néerlandais"): a column head starts upper.
    heads += [(name := names.get(lang, lang))[:1].upper() + name[1:] for lang in languages]
    head = "".join(f'<th scope="col">{html.escape(text)}</th>' for text in heads)
    return (
        '<div class="md-typeset__table support-links"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(row for _, row in sorted(rows))}</tbody>"
        "</table></div>"
    )


def _copyable(url: str, label_text: str) -> str:
    """A URL's path with a button that copies the whole URL (Material's clipboard handles
    ``data-clipboard-text``); the host is the same on every row, so the table shows paths."""
    escaped = html.escape(url)
    path = html.escape("/" + url.split("://", 1)[-1].split("/", 1)[-1])
    label = html.escape(label_text)
    return (
        f'<code>{path}</code> <button type="button" class="md-clipboard md-icon support-copy" '
        f'data-clipboard-text="{escaped}" title="{label}" aria-label="{label}"></button>'
    )
