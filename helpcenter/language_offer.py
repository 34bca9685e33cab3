"""The offer of another language on the default language's pages, in the offered language.

The site root is the default language for everyone (no server redirect guesses from the
browser's language, which crawlers do not send). A reader whose browser prefers another language
of the site sees, on a default-language page, one small line in that language offering its twin
(``overrides/partials/hc-language-offer.html``, shown by ``assets/javascripts/language.js``).
Language names are CLDR's (Babel), each in the language of the offer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from babel import Locale

from core.languages import Languages
from core.words import Words
from helpcenter.alternates import Alternate


@dataclass(frozen=True)
class Offer:
    """One other language's twin of the page, offered in that language's words."""

    lang: str
    href: str
    text: str
    switch: str
    stay: str


def language_offers(
    alternates: list[Alternate], words: Mapping[str, Words], languages: Languages, lang: str
) -> list[Offer]:
    """The offers for a page of ``lang`` (only the default language's pages make any)."""
    if lang != languages.default:
        return []
    offers = []
    for alternate in alternates:
        if alternate.current or alternate.lang not in words:
            continue
        table = words[alternate.lang]
        names = Locale.parse(table.locale).languages
        offered = _capitalised(names.get(alternate.lang, alternate.name))
        current = _capitalised(names.get(lang, lang))
        offers.append(
            Offer(
                alternate.lang,
                alternate.href,
                table("offer.text", language=offered),
                table("offer.switch", language=offered),
                table("offer.stay", language=current),
            )
        )
    return offers


def _capitalised(name: str) -> str:
    """CLDR writes some names in lower case ("néerlandais"); at a sentence's start, upper."""
    return name[:1].upper() + name[1:]
