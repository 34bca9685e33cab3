"""Figures for the small test catalogue (tests/small/plans.yaml), worked out by hand.

Nothing here is computed by the code under test. Amounts are what a reader sees, with an ordinary
space where the page has a no-break space. Rounding is half up, as on an invoice.
"""

from __future__ import annotations

from dataclasses import dataclass

CHECKOUT = "https://checkout.example.com/buy?plan={plan}&addons={addons}&period=year&lang={lang}"
ALL_ADDONS = "ticketing%2Cextra_calendar%2Cextra_users"
MEETING = {"nl": "https://example.com/nl/afspraak/", "en": "https://example.com/en/meeting/"}


@dataclass(frozen=True)
class Column:
    """What one plan's offer shows: total per year, per month ("" for a plan on request, which
    shows none), and where its button leads."""

    total: str
    monthly: str
    href: str


@dataclass(frozen=True)
class Case:
    """A comparator URL query and what each chosen plan's column must show."""

    lang: str
    query: str
    columns: dict[str, Column]


CASES = (
    # Nothing chosen: every plan, no add-on. Lite 100 / 12 = 8.333…; Pro 300.06 / 12 = 25.005.
    Case(
        "nl",
        "",
        {
            "lite": Column(
                "€ 100,00", "€ 8,33", CHECKOUT.format(plan="lite", addons="", lang="nl")
            ),
            "starter": Column(
                "€ 200,00", "€ 16,67", CHECKOUT.format(plan="starter", addons="", lang="nl")
            ),
            "pro": Column("€ 300,06", "€ 25,01", CHECKOUT.format(plan="pro", addons="", lang="nl")),
            "enterprise": Column("Op aanvraag", "", MEETING["nl"]),
        },
    ),
    # Starter 200 + 50 = 250, / 12 = 20.833…; Pro 300.06 + 50 = 350.06, / 12 = 29.171…
    Case(
        "nl",
        "plans=starter,pro&addons=extra_calendar",
        {
            "starter": Column(
                "€ 250,00",
                "€ 20,83",
                CHECKOUT.format(plan="starter", addons="extra_calendar", lang="nl"),
            ),
            "pro": Column(
                "€ 350,06",
                "€ 29,17",
                CHECKOUT.format(plan="pro", addons="extra_calendar", lang="nl"),
            ),
        },
    ),
    # In dollars, which en_GB writes US$. Lite 120 + 12.005 (extra users; extra calendar is not
    # sold with Lite) = 132.005, shown 132.01; / 12 = 11.000…. Enterprise is on request and
    # books a meeting.
    Case(
        "en",
        "plans=lite,enterprise&addons=extra_calendar,extra_users&currency=USD",
        {
            "lite": Column(
                "US$132.01",
                "US$11.00",
                CHECKOUT.format(plan="lite", addons="extra_users", lang="en"),
            ),
            "enterprise": Column("On request", "", MEETING["en"]),
        },
    ),
    # Every add-on, in euros. Starter 200 + 50 + 10.125 = 260.125, shown 260.13 (half up; half
    # even gives 260.12); / 12 = 21.677…. Pro 300.06 + 50 + 10.125 = 360.185, shown 360.19;
    # / 12 = 30.015…. Checkout lists the add-ons in catalogue order, the commas encoded.
    Case(
        "en",
        "plans=starter,pro&addons=extra_users,ticketing,extra_calendar",
        {
            "starter": Column(
                "€260.13",
                "€21.68",
                CHECKOUT.format(plan="starter", addons=ALL_ADDONS, lang="en"),
            ),
            "pro": Column(
                "€360.19", "€30.02", CHECKOUT.format(plan="pro", addons=ALL_ADDONS, lang="en")
            ),
        },
    ),
)

#: Amounts on the built articles, in the first currency (EUR). Half up: half-even would show
#: 10,12 / 10.12 for the add-on and 25,00 / 25.00 for Pro per month.
ARTICLE_AMOUNTS = {
    # The overview shows the add-ons block and the plans table (once the add-ons and plans pages).
    ("nl", "account/manage-subscription/"): (
        "€ 10,13",
        "€ 50,00",
        "€ 300,06",
        "€ 25,01",
        "€ 8,33",
        "€ 16,67",
    ),
    ("en", "en/account/manage-subscription/"): (
        "€10.13",
        "€50.00",
        "€300.06",
        "€25.01",
        "€8.33",
        "€16.67",
    ),
    ("nl", "faq/"): ("€ 300,06", "€ 25,01"),
    ("en", "en/faq/"): ("€300.06", "€25.01"),
}
#: The add-on name with markup characters, as the reader must see it.
ODD_ADDON_NAME = {"nl": "Gebruikers & <teams>", "en": "Users & <teams>"}


#: Two plans, every add-on, as a reader reads the whole table (English, euros). Lite:
#: 100 + 10.125 = 110.125 → 110.13, / 12 = 9.177… → 9.18. Starter: 200 + 50 + 10.125 = 260.125
#: → 260.13, / 12 = 21.677… → 21.68. The fee add-on adds nothing to a total.
TABLE_QUERY = "plans=lite,starter&addons=ticketing,extra_calendar,extra_users"
TABLE_EN = [
    ["Timely plans compared"],
    ["Feature", "Lite", "Starter"],
    [
        "Total per year",
        "€110.13 per year €9.18 per month Choose Lite",
        "€260.13 per year €21.68 per month Choose Starter",
    ],
    ["Best for", "The smallest plan.", "The middle plan."],
    ["Calendars", "1", "2"],
    ["Analytics", "No", "Yes"],
    ["Price per year", "€100.00", "€200.00"],
    ["Ticketing", "Not available", "+2.5% per ticket sold"],
    ["Extra calendar", "Not available", "+ €50.00"],
    ["Users & <teams>", "+ €10.13", "+ €10.13"],
    ["Total per year", "€110.13", "€260.13"],
    ["Per month, billed yearly", "€9.18", "€21.68"],
]
#: The same in Dutch, with only the differing rows (``diff=1``): Calendars and Analytics differ.
TABLE_NL_DIFF = [
    ["De abonnementen van Timely vergeleken (alleen verschillen)"],
    ["Functie", "Lite", "Starter"],
    [
        "Totaal per jaar",
        "€ 110,13 per jaar € 9,18 per maand Kies Lite",
        "€ 260,13 per jaar € 21,68 per maand Kies Starter",
    ],
    ["Voor wie", "Het kleinste plan.", "Het middelste plan."],
    ["Kalenders", "1", "2"],
    ["Statistieken", "Nee", "Ja"],
    ["Prijs per jaar", "€ 100,00", "€ 200,00"],
    ["Ticketing", "Niet beschikbaar", "+2,5% per verkocht ticket"],
    ["Extra kalender", "Niet beschikbaar", "+ € 50,00"],
    ["Gebruikers & <teams>", "+ € 10,13", "+ € 10,13"],
    ["Totaal per jaar", "€ 110,13", "€ 260,13"],
    ["Per maand, bij betaling per jaar", "€ 9,18", "€ 21,68"],
]
#: Starter and Pro, only differences, no add-on: Analytics is the same (hidden, and said so);
#: Pro is recommended. Without add-ons there is no price breakdown, only each plan's offer.
#: 300.06 / 12 = 25.005 → 25.01.
TABLE_HIDDEN_QUERY = "plans=starter,pro&diff=1"
TABLE_NL_HIDDEN = [
    ["De abonnementen van Timely vergeleken (alleen verschillen)"],
    ["Functie", "Starter", "Pro Aanbevolen"],
    [
        "Prijs per jaar",
        "€ 200,00 per jaar € 16,67 per maand Kies Starter",
        "€ 300,06 per jaar € 25,01 per maand Kies Pro",
    ],
    ["Voor wie", "Het middelste plan.", "Het grootste zelfbedieningsplan."],
    ["Kalenders", "2", "5"],
    ["1 gelijke regel verborgen"],
]
