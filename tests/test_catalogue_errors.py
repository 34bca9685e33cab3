"""A malformed catalogue fails with every problem located (``file:LINE:COL: key: expected``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter import positional_yaml
from helpcenter.catalogue import load_catalogue
from helpcenter.errors import LocatedError
from tests.support.project import WORDS

ROOT = Path(__file__).resolve().parent.parent
VALID = (ROOT / "plans.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of ``needle`` in the valid catalogue."""
    return text[: text.index(needle)].count("\n") + 1


def problems_for(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "plans.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LocatedError) as caught:
        load_catalogue(path, WORDS)
    return [str(problem) for problem in caught.value.problems]


def test_the_real_catalogue_is_valid() -> None:
    catalogue = load_catalogue(ROOT / "plans.yaml", WORDS)
    assert [plan["id"] for plan in catalogue.data["plans"]] == [
        "lite",
        "starter",
        "pro",
        "enterprise",
    ]


STARTER_PRICE = "price: !sample {EUR: 399, USD: 429}"
HTTP_58 = "http://time.ly/" + "a" * 43  # 58 characters; 60 with the quotes of its repr
QUOTED_PRICE = "EUR: '399'"
CASES = {
    "negative price": (
        lambda t: t.replace(STARTER_PRICE, "price: !sample {EUR: -399, USD: 429}"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'EUR: -399')}:21: plans[1].price.EUR: "
            "expected an amount from 0 to 1000000, got -399"
        ],
    ),
    "wrong type": (
        lambda t: t.replace(STARTER_PRICE, "price: !sample {EUR: '399', USD: 429}"),
        lambda t: [
            f"plans.yaml:{line_of(t, QUOTED_PRICE)}:21: plans[1].price.EUR: "
            "expected an amount from 0 to 1000000, got text '399'"
        ],
    ),
    "unknown key (typo)": (
        lambda t: t.replace("    name: Starter\n", "    name: Starter\n    recomended: true\n"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'name: Starter') + 1}:5: plans[1].recomended: unknown key "
            "'recomended' (did you mean 'recommended'? expected one of: features, id, name, "
            "price, recommended, self_service, summary)"
        ],
    ),
    "missing en text": (
        lambda t: t.replace('      en: "Five more users who can manage events."\n', ""),
        lambda t: [
            f"plans.yaml:{line_of(t, 'Vijf extra gebruikers') - 1}:5: addons[2].description: "
            "missing the 'en' text (every text needs nl and en)"
        ],
    ),
    "missing nl text": (
        lambda t: t.replace('{nl: "Kalenders", en: "Calendars"}', '{en: "Calendars"}'),
        lambda t: [
            f"plans.yaml:{line_of(t, 'id: calendars') + 1}:5: features[0].label: "
            "missing the 'nl' text (every text needs nl and en)"
        ],
    ),
    "a missing text does not hide an unknown label": (
        lambda t: t.replace('{nl: "Kalenders", en: "Calendars"}', '{en: "Calendars"}').replace(
            "{label:upgrade_button}.", "{label:upgrade_knop}."
        ),
        lambda t: [
            f"plans.yaml:{line_of(t, 'id: calendars') + 1}:5: features[0].label: "
            "missing the 'nl' text (every text needs nl and en)",
            *(
                f"plans.yaml:{line}:7: upgrade.steps[2].{lang}: unknown label "
                "{label:upgrade_knop} (expected one of: billing_issue, checkout_button, "
                "my_plan_menu, subscribe_button, support_menu, upgrade_button)"
                for line, lang in (
                    (line_of(t, 'nl: "Kies de upgrade'), "nl"),
                    (line_of(t, 'en: "Choose the upgrade'), "en"),
                )
            ),
        ],
    ),
    "unknown plan referenced by an add-on": (
        lambda t: t.replace("applies_to: [lite, starter, pro]", "applies_to: [lite, startr, pro]"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'applies_to: [lite, startr')}:24: addons[2].applies_to[1]: "
            "unknown plan 'startr' (expected one of: lite, starter, pro, enterprise)"
        ],
    ),
    "duplicate id": (
        lambda t: t.replace("  - id: pro\n", "  - id: starter\n"),
        lambda t: [
            f"plans.yaml:{_second_line(t, '  - id: starter')}:5: plans[2].id: duplicate id "
            "'starter' (already used by plans[1])",
            *(
                f"plans.yaml:{line}:{column}: addons[{addon}].applies_to[{index}]: unknown plan "
                "'pro' (expected one of: lite, starter, enterprise)"
                for line, column, addon, index in _pro_references(t)
            ),
        ],
    ),
    "non-https URL": (
        lambda t: t.replace('en: "https://time.ly/contact/"', 'en: "http://time.ly/contact/"'),
        lambda t: [
            f"plans.yaml:{line_of(t, 'http://time.ly/contact/')}:5: links.contact.en: "
            "expected an https:// URL, got text 'http://time.ly/contact/'"
        ],
    ),
    "bad YAML syntax": (
        lambda t: t.replace("applies_to: [pro, enterprise]", "applies_to: [pro, enterprise"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'applies_to: [pro, enterprise') + 1}:16: invalid YAML: "
            "expected ',' or ']', but got ':' (while parsing a flow sequence)"
        ],
    ),
    "duplicate key": (
        lambda t: t.replace("    name: Lite\n", "    name: Lite\n    name: Light\n"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'name: Light')}:5: plans[0].name: duplicate key "
            f"(first written on line {line_of(t, 'name: Lite')})"
        ],
    ),
    "unknown label in a step": (
        lambda t: t.replace("{label:upgrade_button}.", "{label:upgrade_knop}."),
        lambda t: [
            f"plans.yaml:{line}:7: upgrade.steps[2].{lang}: unknown label "
            "{label:upgrade_knop} (expected one of: billing_issue, checkout_button, "
            "my_plan_menu, subscribe_button, support_menu, upgrade_button)"
            for line, lang in (
                (line_of(t, 'nl: "Kies de upgrade'), "nl"),
                (line_of(t, 'en: "Choose the upgrade'), "en"),
            )
        ],
    ),
    "glossary term translated": (
        lambda t: t.replace("Log in op uw Timely-account.", "Log in op uw Tijdig-account."),
        lambda t: [
            f"plans.yaml:{line_of(t, 'Tijdig-account')}:7: upgrade.steps[0].nl: glossary term "
            "'Timely' appears in the en text but not in the nl text (glossary terms are never "
            "translated)"
        ],
    ),
    "value outside a list of options": (
        lambda t: t.replace("billing_period: year ", "billing_period: month"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'billing_period: month')}:3: product.billing_period: "
            "expected one of \"year\", got text 'month'"
        ],
    ),
    "unknown currency in a price": (
        lambda t: t.replace(STARTER_PRICE, "price: !sample {EUR: 399, GBP: 429}"),
        lambda t: [
            f'plans.yaml:{line_of(t, "GBP: 429")}:5: plans[1].price: expected one of "EUR", '
            "\"USD\", got text 'GBP'",
            f"plans.yaml:{line_of(t, 'GBP: 429')}:5: plans[1].price: missing the USD price "
            "(product.currencies lists it)",
            f"plans.yaml:{line_of(t, 'GBP: 429')}:31: plans[1].price.GBP: currency GBP is not in "
            "product.currencies",
        ],
    ),
    "a plan listed twice by an add-on": (
        lambda t: t.replace("applies_to: [lite, starter, pro]", "applies_to: [lite, lite, pro]"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'applies_to: [lite, lite')}:5: addons[2].applies_to: "
            "expected every entry to be different"
        ],
    ),
    "an add-on for no plan": (
        lambda t: t.replace("applies_to: [lite, starter, pro]", "applies_to: []"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'applies_to: []')}:5: addons[2].applies_to: "
            "expected at least 1 entries"
        ],
    ),
    "no fee": (
        lambda t: t.replace("fee_percent: 2.5 ", "fee_percent: 0   "),
        lambda t: [
            f"plans.yaml:{line_of(t, 'fee_percent: 0')}:5: addons[0].fee_percent: "
            "expected a number more than 0, got 0"
        ],
    ),
    "fee above 100 percent": (
        lambda t: t.replace("fee_percent: 2.5 ", "fee_percent: 150 "),
        lambda t: [
            f"plans.yaml:{line_of(t, 'fee_percent: 150')}:5: addons[0].fee_percent: "
            "expected a number at most 100, got 150"
        ],
    ),
    "a required key left out": (
        lambda t: t.replace("    name: Lite\n", ""),
        lambda t: [
            f"plans.yaml:{line_of(t, '- id: lite')}:5: plans[0]: missing required key 'name'"
        ],
    ),
    "a feature value of the wrong kind": (
        lambda t: t.replace("{calendars: 1, events: 100,", "{calendars: many, events: 100,"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'calendars: many')}:24: plans[0].features.calendars: "
            'expected true, false, a whole number from 0 to 1000000000, or "unlimited", '
            "got text 'many'"
        ],
    ),
    "unknown checkout placeholder": (
        lambda t: t.replace("&lang={lang}", "&lang={language}"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'lang={language}')}:3: links.checkout: unknown placeholder "
            "{language} (expected: {addons}, {lang}, {period}, {plan})"
        ],
    ),
    "checkout without the plan": (
        lambda t: t.replace("subscribe?plan={plan}&", "subscribe?"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'subscribe?addons')}:3: links.checkout: the checkout "
            "template must contain {plan}"
        ],
    ),
    "placeholder in the checkout host": (
        lambda t: t.replace("https://checkout.time.ly/", "https://{lang}.time.ly/"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'https://{lang}.time.ly/')}:3: links.checkout: "
            "expected an https:// URL, got text "
            + repr("https://{lang}.time.ly/subscribe?plan={plan}&addons={addons}")[:57]
            + "...",
            f"plans.yaml:{line_of(t, 'https://{lang}.time.ly/')}:3: links.checkout: "
            "placeholders are not allowed in the host (lang.time.ly)",
        ],
    ),
    "a checkout link without its scheme, with a placeholder in its host": (
        lambda t: t.replace("https://checkout.time.ly/", "{lang}.time.ly/"),
        lambda t: [
            f"plans.yaml:{line_of(t, '{lang}.time.ly/')}:3: links.checkout: "
            "expected an https:// URL, got text "
            + repr("{lang}.time.ly/subscribe?plan={plan}&addons={addons}&period={period}")[:57]
            + "...",
            # Without a scheme nothing reads as a host, but the placeholder is still refused.
            f"plans.yaml:{line_of(t, '{lang}.time.ly/')}:3: links.checkout: "
            "placeholders are not allowed in the host ()",
        ],
    ),
    "a placeholder for the whole checkout host": (
        lambda t: t.replace("https://checkout.time.ly/", "https://{}/"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'https://{}/')}:3: links.checkout: "
            "expected an https:// URL, got text "
            + repr("https://{}/subscribe?plan={plan}&addons={addons}&period={period}")[:57]
            + "...",
            f"plans.yaml:{line_of(t, 'https://{}/')}:3: links.checkout: "
            "placeholders are not allowed in the host ()",  # no host is left without the braces
            f"plans.yaml:{line_of(t, 'https://{}/')}:3: links.checkout: unknown placeholder {{}} "
            "(expected: {addons}, {lang}, {period}, {plan})",
        ],
    ),
    "a feature count with a fraction": (
        lambda t: t.replace("{calendars: 1, events: 100,", "{calendars: 1.5, events: 100,"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'calendars: 1.5')}:24: plans[0].features.calendars: "
            "expected a whole number, got 1.5",
            f"plans.yaml:{line_of(t, 'calendars: 1.5')}:24: plans[0].features.calendars: "
            'expected true, false, a whole number from 0 to 1000000000, or "unlimited", '
            "got float 1.5",
        ],
    ),
    "a plan without a value for a feature": (
        lambda t: t.replace("{calendars: 1, events: 100, ", "{events: 100, "),
        lambda t: [
            f"plans.yaml:{line_of(t, '{events: 100, ')}:5: plans[0].features: "
            "missing a value for feature 'calendars'"
        ],
    ),
    "a self-service plan on request": (
        lambda t: t.replace("price: !sample {EUR: 149, USD: 159}", "price: null"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'price: null')}:5: plans[0].price: "
            "a self-service plan needs a price (null means on request)"
        ],
    ),
    "no value where a name is needed": (
        lambda t: t.replace("    name: Lite\n", "    name: null\n"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'name: null')}:5: plans[0].name: "
            "expected a non-empty name of at most 80 characters, got null"
        ],
    ),
    "yes/no where a name is needed": (
        lambda t: t.replace("    name: Lite\n", "    name: true\n"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'name: true')}:5: plans[0].name: "
            "expected a non-empty name of at most 80 characters, got true"
        ],
    ),
    "a map where a name is needed": (
        lambda t: t.replace("    name: Lite\n", "    name: {first: Lite}\n"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'name: {first')}:5: plans[0].name: "
            "expected a non-empty name of at most 80 characters, got a map"
        ],
    ),
    "a list where a name is needed": (
        lambda t: t.replace("    name: Lite\n", "    name: [Lite]\n"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'name: [Lite]')}:5: plans[0].name: "
            "expected a non-empty name of at most 80 characters, got a list"
        ],
    ),
    # A wrong value is quoted in full up to 60 characters (with its quotes), else cut.
    "a 60-character wrong value, shown whole": (
        lambda t: t.replace('en: "https://time.ly/contact/"', f'en: "{HTTP_58}"'),
        lambda t: [
            f"plans.yaml:{line_of(t, HTTP_58)}:5: links.contact.en: "
            f"expected an https:// URL, got text '{HTTP_58}'"
        ],
    ),
    "a 61-character wrong value, cut": (
        lambda t: t.replace('en: "https://time.ly/contact/"', f'en: "{HTTP_58}b"'),
        lambda t: [
            f"plans.yaml:{line_of(t, HTTP_58)}:5: links.contact.en: "
            f"expected an https:// URL, got text '{HTTP_58[:56]}..."
        ],
    ),
    "an unknown key like no other": (
        lambda t: t.replace("    name: Starter\n", "    name: Starter\n    zzzz: 1\n"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'zzzz: 1')}:5: plans[1].zzzz: unknown key 'zzzz' "
            "(expected one of: features, id, name, price, recommended, self_service, summary)"
        ],
    ),
    "a price that is one number": (
        lambda t: t.replace("price: !sample {EUR: 149, USD: 159}", "price: 149"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'price: 149')}:5: plans[0].price: "
            "a self-service plan needs a price (null means on request)",
            f"plans.yaml:{line_of(t, 'price: 149')}:5: plans[0].price: "
            "expected a map of keys or nothing (null), got int 149",
        ],
    ),
    "a price in no currency": (
        lambda t: t.replace(STARTER_PRICE, "price: !sample {}"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'price: !sample {}')}:5: plans[1].price: "
            "expected at least 1 entries",
            f"plans.yaml:{line_of(t, 'price: !sample {}')}:5: plans[1].price: "
            "missing the EUR price (product.currencies lists it)",
            f"plans.yaml:{line_of(t, 'price: !sample {}')}:5: plans[1].price: "
            "missing the USD price (product.currencies lists it)",
        ],
    ),
    # Each rule runs on its own: a plan that is not a map (reported by the schema) does not hide
    # the add-on's unknown plan.
    "a plan that is not a map beside an unknown plan": (
        lambda t: t.replace(
            "applies_to: [lite, starter, pro]", "applies_to: [lite, startr, pro]"
        ).replace(
            "account_manager: true}\n\n# Timely offers",
            "account_manager: true}\n  - just a name\n\n# Timely offers",
            1,
        ),
        lambda t: [
            f"plans.yaml:{line_of(t, '- just a name')}:5: plans[4]: expected a map of keys, "
            "got text 'just a name'",
            f"plans.yaml:{line_of(t, 'applies_to: [lite, startr')}:24: addons[2].applies_to[1]: "
            "unknown plan 'startr' (expected one of: lite, starter, pro, enterprise)",
        ],
    ),
    "an add-on with both a price and a fee": (
        lambda t: t.replace(
            "    fee_percent: 2.5 ", "    price: {EUR: 1, USD: 1}\n    fee_percent: 2.5 "
        ),
        lambda t: [
            f"plans.yaml:{line_of(t, '- id: ticketing')}:5: addons[0]: "
            "expected exactly one of 'price' (per year) or 'fee_percent'"
        ],
    ),
    "an add-on price without a currency": (
        lambda t: t.replace("price: {EUR: 99, USD: 109}", "price: {EUR: 99}"),
        lambda t: [
            f"plans.yaml:{line_of(t, 'price: {EUR: 99}')}:5: addons[1].price: "
            "missing the USD price (product.currencies lists it)"
        ],
    ),
    "an email channel without an address": (
        lambda t: t.replace("      address: annuleringen@time.ly ", "      # no address "),
        lambda t: [
            f"plans.yaml:{line_of(t, '- id: email')}:7: cancellation.channels[1]: "
            "an email channel needs an 'address'"
        ],
    ),
    "two features, add-ons or channels with one id": (
        lambda t: (
            t.replace("  - id: events\n", "  - id: calendars\n")
            .replace("  - id: extra_users\n", "  - id: extra_calendar\n")
            .replace("    - id: support-ticket\n", "    - id: email\n")
        ),
        lambda t: [
            f"plans.yaml:{_second_line(t, '  - id: calendars')}:5: features[1].id: duplicate id "
            "'calendars' (already used by features[0])",
            *(
                f"plans.yaml:{line}:{column}: plans[{plan}].features.events: unknown feature "
                "'events' (expected one of: calendars, users, event_submissions, analytics, "
                "custom_domain, single_sign_on, account_manager)"
                for line, column, plan in _events_values(t)
            ),
            f"plans.yaml:{_second_line(t, '  - id: extra_calendar')}:5: addons[2].id: duplicate "
            "id 'extra_calendar' (already used by addons[1])",
            f"plans.yaml:{_second_line(t, '    - id: email')}:7: cancellation.channels[2].id: "
            "duplicate id 'email' (already used by cancellation.channels[1])",
        ],
    ),
    "a glossary term only in the Dutch text": (
        lambda t: t.replace(
            "Remove the Timely branding from your", "Remove the Tijdly branding from your"
        ),
        lambda t: [
            f"plans.yaml:{line_of(t, 'Remove the Tijdly')}:7: addons[3].description.en: glossary "
            "term 'Timely' appears in the nl text but not in the en text (glossary terms are "
            "never translated)"
        ],
    ),
    # Each rule keeps going past an entry the schema already reported.
    "a feature that is not a map before two with one id": (
        lambda t: t.replace(
            "\nfeatures: !sample\n", "\nfeatures: !sample\n  - just a name\n", 1
        ).replace("  - id: events\n", "  - id: users\n"),
        lambda t: [
            f"plans.yaml:{line_of(t, '- just a name')}:5: features[0]: expected a map of keys, "
            "got text 'just a name'",
            f"plans.yaml:{_second_line(t, '  - id: users')}:5: features[3].id: duplicate id "
            "'users' (already used by features[2])",
            *(
                f"plans.yaml:{line}:{column}: plans[{plan}].features.events: unknown feature "
                "'events' (expected one of: calendars, users, event_submissions, analytics, "
                "custom_domain, single_sign_on, account_manager)"
                for line, column, plan in _events_values(t)
            ),
        ],
    ),
    "a plan whose features are not a map before a plan without a currency": (
        lambda t: t.replace(
            "{calendars: 1, events: 100, users: 1, event_submissions: false, analytics: false,\n"
            "               custom_domain: false, single_sign_on: false, account_manager: false}",
            "[calendars]",
            1,
        ).replace(STARTER_PRICE, "price: !sample {EUR: 399}"),
        lambda t: [
            f"plans.yaml:{line_of(t, '[calendars]')}:5: plans[0].features: expected a map of "
            "keys, got a list",
            f"plans.yaml:{line_of(t, 'price: !sample {EUR: 399}')}:5: plans[1].price: missing "
            "the USD price (product.currencies lists it)",
        ],
    ),
    "a glossary entry that is no name beside a translated term": (
        lambda t: t.replace("glossary: [Timely,", "glossary: [7, Timely,").replace(
            "Remove the Timely branding from your", "Remove the Tijdly branding from your"
        ),
        lambda t: [
            f"plans.yaml:{line_of(t, 'glossary: [7')}:12: glossary[0]: expected a non-empty "
            "name of at most 80 characters, got int 7",
            f"plans.yaml:{line_of(t, 'Remove the Tijdly')}:7: addons[3].description.en: glossary "
            "term 'Timely' appears in the nl text but not in the en text (glossary terms are "
            "never translated)",
        ],
    ),
}


def _events_values(text: str) -> list[tuple[int, int, int]]:
    """Where each plan gives a value for the feature 'events' (line, column, plan index)."""
    found = []
    plan = -1
    for number, line in enumerate(text.split("\nplans:\n", 1)[1].splitlines(), start=1):
        if line.startswith("  - id:"):
            plan += 1
        if "events: " in line and "features" in line:
            found.append((number, line.index("events: ") + 1, plan))
    offset = text.split("\nplans:\n", 1)[0].count("\n") + 2
    return [(number + offset, column, plan) for number, column, plan in found]


def _second_line(text: str, needle: str) -> int:
    first = text.index(needle)
    return text[: text.index(needle, first + 1)].count("\n") + 1


def _pro_references(text: str) -> list[tuple[int, int, int, int]]:
    """Where the add-ons reference the plan 'pro' (which the duplicate-id case removes)."""
    found = []
    lines = text.splitlines()
    addon = -1
    in_addons = False
    for number, line in enumerate(lines, start=1):
        if line.startswith("addons:"):
            in_addons = True
        elif line and not line.startswith(" ") and not line.startswith("#"):
            in_addons = False
        if in_addons and line.startswith("  - id:"):
            addon += 1
        if in_addons and "applies_to: [" in line:
            items = line.split("[", 1)[1].rstrip("]").split(", ")
            column = line.index("[") + 2
            for index, item in enumerate(items):
                if item == "pro":
                    found.append((number, column, addon, index))
                column += len(item) + 2
    return found


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_catalogue_is_reported_with_its_location(case: str, tmp_path: Path) -> None:
    mutate, expected = CASES[case]
    text = mutate(VALID)
    assert text != VALID, "the mutation must change the catalogue"
    assert problems_for(text, tmp_path) == expected(text)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = VALID.replace(STARTER_PRICE, "price: !sample {EUR: -399, USD: 429}").replace(
        'en: "https://time.ly/contact/"', 'en: "http://time.ly/contact/"'
    )
    problems = problems_for(text, tmp_path)
    assert len(problems) == 2
    assert problems == sorted(problems, key=lambda p: int(p.split(":")[1]))


BILLION_LAUGHS = "\n".join(
    [
        'lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, 10)),
    ]
)


def test_billion_laughs_is_refused_before_any_value_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bomb is refused from the node graph alone: expanding its aliases would take hours."""

    def never(*args: object) -> None:
        raise AssertionError("the aliases were expanded into values")

    monkeypatch.setattr(positional_yaml._Builder, "build", never)
    problems = problems_for(BILLION_LAUGHS, tmp_path)
    assert problems == [
        "plans.yaml:5:7: aliases expand to more than 50000 values (a YAML bomb?); "
        "write the values out instead"
    ]


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    assert problems_for("a: &x [1, *x]\n", tmp_path) == [
        "plans.yaml:1:4: an alias refers to itself, so it would expand forever; "
        "write the values out instead"
    ]


def test_not_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "plans.yaml"
    path.write_bytes(b"product:\n  name: Tim\xe9ly\n")
    with pytest.raises(LocatedError) as caught:
        load_catalogue(path, WORDS)
    assert [str(p) for p in caught.value.problems] == [
        "plans.yaml:2:1: the file is not valid UTF-8"
    ]


def test_validation_stamp_skips_only_an_unchanged_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repeat build skips JSON Schema validation; any change to the file validates again."""
    import helpcenter.catalogue as catalogue_module

    path = tmp_path / "plans.yaml"
    path.write_text(VALID, encoding="utf-8")
    cache = tmp_path / "cache"
    catalogue_module._cache.clear()  # other tests loaded the same content in this process
    load_catalogue(path, WORDS, cache_dir=cache)
    assert len(list(cache.glob("valid-*"))) == 1

    calls: list[str] = []
    real_validate = catalogue_module.validate
    monkeypatch.setattr(
        catalogue_module,
        "validate",
        lambda doc, name, languages: calls.append(name) or real_validate(doc, name, languages),
    )
    catalogue_module._cache.clear()
    load_catalogue(path, WORDS, cache_dir=cache)
    assert calls == [], "the unchanged catalogue was validated again"

    path.write_text(
        VALID.replace(STARTER_PRICE, "price: !sample {EUR: -399, USD: 429}"), encoding="utf-8"
    )
    with pytest.raises(LocatedError):
        load_catalogue(path, WORDS, cache_dir=cache)
    assert calls == ["plans.yaml"]


def test_a_missing_catalogue_is_a_located_error_under_its_shown_name(tmp_path: Path) -> None:
    with pytest.raises(LocatedError) as caught:
        load_catalogue(tmp_path / "plans.yaml", WORDS, "site/plans.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "site/plans.yaml:1:1: cannot read the catalogue: No such file or directory"
    ]
    path = tmp_path / "plans.yaml"
    path.write_text(VALID.replace("billing_period: year ", "billing_period: month"), "utf-8")
    assert problems_for_named(path, "site/plans.yaml")[0].startswith(
        f"site/plans.yaml:{line_of(VALID, 'billing_period')}:3: product.billing_period:"
    )


def problems_for_named(path: Path, name: str) -> list[str]:
    with pytest.raises(LocatedError) as caught:
        load_catalogue(path, WORDS, name)
    return [str(problem) for problem in caught.value.problems]


def test_only_the_newest_validation_stamp_is_kept(tmp_path: Path) -> None:
    import helpcenter.catalogue as catalogue_module

    path = tmp_path / "plans.yaml"
    cache = tmp_path / "cache" / "helpcenter"  # created on first use
    path.write_text(VALID, encoding="utf-8")
    catalogue_module._cache.clear()
    first = load_catalogue(path, WORDS, cache_dir=cache)
    stamps = sorted(cache.glob("valid-*"))
    path.write_text(VALID + "\n# a comment\n", encoding="utf-8")
    second = load_catalogue(path, WORDS, cache_dir=cache)
    assert len(stamps) == 1
    assert sorted(cache.glob("valid-*")) != stamps
    assert len(list(cache.glob("valid-*"))) == 1
    assert second.digest != first.digest
    assert load_catalogue(path, WORDS, cache_dir=cache) is second  # the same content: loaded once


def test_the_catalogue_knows_its_samples_and_fills_in_defaults(tmp_path: Path) -> None:
    path = tmp_path / "plans.yaml"
    text = VALID.replace("    recommended: false\n", "", 1)
    path.write_text(text, encoding="utf-8")
    catalogue = load_catalogue(path, WORDS)
    assert catalogue.file == "plans.yaml"
    assert catalogue.data["plans"][0]["recommended"] is False  # the schema's default
    problems = [str(p) for p in catalogue.sample_problems()]
    assert len(problems) == len(catalogue.document.samples) > 5
    assert (
        f"plans.yaml:{line_of(text, 'price: !sample {EUR: 149')}:5: plans[0].price: sample value "
        "(no source confirms it): replace it with the real value and remove '!sample'"
    ) in problems
    assert "plans[0].price" in catalogue.model.samples


def test_double_slashes_in_the_checkout_path_are_not_its_host(tmp_path: Path) -> None:
    path = tmp_path / "plans.yaml"
    path.write_text(
        VALID.replace("time.ly/subscribe?plan=", "time.ly/a//{lang}//subscribe?plan="), "utf-8"
    )
    load_catalogue(
        path, WORDS
    )  # valid: the host is checkout.time.ly, the placeholder is in the path


def test_links_may_name_a_glossary_term_in_one_language(tmp_path: Path) -> None:
    """Glossary terms are checked in texts, never in addresses."""
    path = tmp_path / "plans.yaml"
    text = VALID.replace('nl: "https://time.ly/nl/contact/"', 'nl: "https://time.ly/nl/Pro/"')
    assert text != VALID
    path.write_text(text, "utf-8")
    load_catalogue(path, WORDS)
