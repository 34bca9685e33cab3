"""The one table of the comparator's own words, in Dutch and English.

Catalogue texts (plan summaries, feature labels, add-on names) live in ``plans.yaml``; the words of
the comparator's interface live here and nowhere else, so a translator has one place to look.
Placeholders in braces are filled with ``str.format``; the caller escapes the result for HTML.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("nl", "en")
"""Languages the comparator speaks; the first is the fallback for an unknown language."""

LABELS: dict[str, dict[str, str]] = {
    # Table
    "caption": {
        "nl": "De abonnementen van {product} vergeleken",
        "en": "{product} plans compared",
    },
    "caption_differences": {
        "nl": "De abonnementen van {product} vergeleken (alleen verschillen)",
        "en": "{product} plans compared (differences only)",
    },
    "feature": {"nl": "Functie", "en": "Feature"},
    "summary": {"nl": "Voor wie", "en": "Best for"},
    "recommended": {"nl": "Aanbevolen", "en": "Recommended"},
    "yes": {"nl": "Ja", "en": "Yes"},
    "no": {"nl": "Nee", "en": "No"},
    "unlimited": {"nl": "Onbeperkt", "en": "Unlimited"},
    "not_specified": {"nl": "Niet vermeld", "en": "Not specified"},
    "no_differences": {
        "nl": "De gekozen abonnementen hebben dezelfde functies.",
        "en": "The chosen plans have the same features.",
    },
    "rows_hidden": {
        "nl": "{count} gelijke regels verborgen",
        "en": "{count} identical rows hidden",
    },
    "row_hidden": {"nl": "1 gelijke regel verborgen", "en": "1 identical row hidden"},
    # Prices
    "price_per_year": {"nl": "Prijs per jaar", "en": "Price per year"},
    "total_per_year": {"nl": "Totaal per jaar", "en": "Total per year"},
    "per_month_billed_yearly": {
        "nl": "Per maand, bij betaling per jaar",
        "en": "Per month, billed yearly",
    },
    "per_year": {"nl": "per jaar", "en": "per year"},
    "per_month": {"nl": "per maand", "en": "per month"},
    "on_request": {"nl": "Op aanvraag", "en": "On request"},
    "not_available": {"nl": "Niet beschikbaar", "en": "Not available"},
    "addon_price": {"nl": "+ {amount}", "en": "+ {amount}"},
    "fee_per_ticket": {"nl": "+{percent} per verkocht ticket", "en": "+{percent} per ticket sold"},
    "fee_per_ticket_plain": {
        "nl": "{percent} per verkocht ticket",
        "en": "{percent} per ticket sold",
    },
    # Actions
    "choose_plan": {"nl": "Kies {plan}", "en": "Choose {plan}"},
    "book_meeting": {"nl": "Afspraak maken", "en": "Book a meeting"},
    # Controls
    "controls": {"nl": "Vergelijking aanpassen", "en": "Adjust the comparison"},
    "plans_legend": {
        "nl": "Kies {min} tot {max} abonnementen om te vergelijken",
        "en": "Plans to compare (choose {min} to {max})",
    },
    "addons_legend": {"nl": "Add-ons", "en": "Add-ons"},
    "available_with": {"nl": "bij {plans}", "en": "with {plans}"},
    "and": {"nl": "en", "en": "and"},
    "only_differences": {"nl": "Alleen verschillen tonen", "en": "Show only differences"},
    "currency": {"nl": "Valuta", "en": "Currency"},
    # Progress of the live comparator (shown by the page script, in data attributes)
    "progress_loading": {"nl": "Vergelijker laden…", "en": "Loading the comparator…"},
    "progress_pending": {
        "nl": "Vergelijker laden… Uw keuze wordt toegepast zodra hij klaar is.",
        "en": "Loading the comparator… Your choice is applied as soon as it is ready.",
    },
    "progress_save_data": {
        "nl": "Databesparing staat aan: de vergelijker laadt pas als u iets kiest. "
        "De tabel hieronder is volledig.",
        "en": "Data Saver is on: the comparator loads only when you make a choice. "
        "The table below is complete.",
    },
    "progress_ready": {"nl": "Klaar", "en": "Ready"},
    "progress_failed": {
        "nl": "De interactieve vergelijker kon niet laden; de tabel hieronder is volledig.",
        "en": "The interactive comparator could not load; the table below is complete.",
    },
    # Notices about the link (the URL query); {value} is what the link said.
    "notice_unknown_plan": {
        "nl": "Het abonnement “{value}” bestaat niet en is overgeslagen.",
        "en": "There is no plan “{value}”, so we skipped it.",
    },
    "notice_duplicate_plan": {
        "nl": "Het abonnement “{value}” stond er meer dan eens in en wordt één keer getoond.",
        "en": "The plan “{value}” was listed more than once; we show it once.",
    },
    "notice_too_many_plans": {
        "nl": "U kunt maximaal {max} abonnementen tegelijk vergelijken; “{value}” is weggelaten.",
        "en": "You can compare up to {max} plans at a time, so we left out “{value}”.",
    },
    "notice_too_few_plans": {
        "nl": "Voor een vergelijking zijn minstens {min} abonnementen nodig; "
        "“{value}” is toegevoegd.",
        "en": "A comparison needs at least {min} plans, so we added “{value}”.",
    },
    "notice_unknown_addon": {
        "nl": "De add-on “{value}” bestaat niet en is overgeslagen.",
        "en": "There is no add-on “{value}”, so we skipped it.",
    },
    "notice_duplicate_addon": {
        "nl": "De add-on “{value}” stond er meer dan eens in en wordt één keer getoond.",
        "en": "The add-on “{value}” was listed more than once; we show it once.",
    },
    "notice_addon_not_applicable": {
        "nl": "De add-on “{value}” is bij geen van de gekozen abonnementen beschikbaar "
        "en is overgeslagen.",
        "en": "The add-on “{value}” is not available with any of the chosen plans, "
        "so we skipped it.",
    },
    "notice_unknown_currency": {
        "nl": "Prijzen in “{value}” kunnen we niet tonen; u ziet ze in {currency}.",
        "en": "We cannot show prices in “{value}”; they are shown in {currency}.",
    },
    "notice_bad_diff": {
        "nl": "De waarde “{value}” voor ‘alleen verschillen’ is onbekend; "
        "alle regels worden getoond.",
        "en": "We did not understand “{value}” for ‘only differences’, so we show all rows.",
    },
    "notice_malformed": {
        "nl": "Een deel van de link (“{value}”) kon niet worden gelezen en is overgeslagen.",
        "en": "We could not read part of the link (“{value}”), so we skipped it.",
    },
    # Shown above the comparison while plans.yaml holds values marked !sample.
    "sample_title": {"nl": "Voorbeeldgegevens", "en": "Sample data"},
    "sample_text": {
        "nl": "De prijzen, functies, add-ons, aanbeveling en links in deze vergelijking zijn "
        "voorbeelden die Timely nog niet heeft bevestigd.",
        "en": "The prices, features, add-ons, recommendation and links in this comparison are "
        "examples that Timely has not confirmed yet.",
    },
    "notice_more": {
        "nl": "De link bevatte nog {value} andere onbekende waarden.",
        "en": "The link contained {value} more unknown values.",
    },
}


def normalize_lang(lang: str) -> str:
    """Map ``"nl-BE"`` or ``"EN"`` to a supported language; anything else to the fallback."""
    primary = str(lang).strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGUAGES else LANGUAGES[0]


def label(key: str, lang: str, **values: object) -> str:
    """Return the interface text ``key`` in ``lang`` with placeholders filled (not escaped).

    Raises:
        KeyError: for an unknown key, a programming error that tests catch.
    """
    texts = LABELS[key]
    text = texts.get(lang) or texts[LANGUAGES[0]]
    return text.format(**values) if values else text


def join_list(items: list[str], lang: str) -> str:
    """Join ``["A", "B", "C"]`` as ``"A, B en C"`` (nl) or ``"A, B and C"`` (en)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {label('and', lang)} " + items[-1]
