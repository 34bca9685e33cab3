"""Value quotes in writers' Markdown: every key's text per language, samples, code left alone.

Values are those of the small hand-worked catalogue (tests/small/plans.yaml), written out here.
"""

from __future__ import annotations

import pytest

from core.catalogue import Catalogue
from helpcenter.catalogue import load_catalogue
from helpcenter.comparator_assets import plans_json
from helpcenter.quoting import Value, apply_quotes, check_quotes, find_quotes, quotable_values
from tests.conftest import ROOT, SMALL_PLANS
from tests.support.project import LANGUAGES, WORDS

NBSP = "\xa0"


@pytest.fixture(scope="module")
def small() -> dict[str, dict[str, Value]]:
    model = load_catalogue(SMALL_PLANS, WORDS).model
    return {lang: quotable_values(model, lang) for lang in LANGUAGES}


def test_every_key_shows_its_value_in_the_page_language(
    small: dict[str, dict[str, Value]],
) -> None:
    nl = {key: value.text for key, value in small["nl"].items()}
    en = {key: value.text for key, value in small["en"].items()}
    assert nl["product.name"] == en["product.name"] == "Timely"
    assert nl["plan.lite.price"] == f"€{NBSP}100,00"
    assert en["plan.lite.price"] == "€100.00"
    assert nl["plan.lite.price.USD"] == f"US${NBSP}120,00"
    assert en["plan.lite.price.USD"] == "US$120.00"  # en_GB: a dollar is not the home currency
    assert nl["plan.pro.per_month"] == f"€{NBSP}25,01"  # 300.06 / 12 = 25.005, half up
    assert en["plan.starter.per_month"] == "€16.67"  # 200 / 12 = 16.666…
    assert nl["plan.enterprise.price"] == "Op aanvraag"
    assert en["plan.enterprise.price"] == "On request"
    assert nl["plan.pro.name"] == "Pro"
    assert en["plan.lite.summary"] == "The smallest plan."
    assert nl["self_service_plans"] == "Lite, Starter en Pro"
    assert en["self_service_plans"] == "Lite, Starter and Pro"
    assert nl["meeting_plans"] == en["meeting_plans"] == "Enterprise"
    assert nl["addon.ticketing.fee"] == "2,5%"
    assert en["addon.ticketing.fee"] == "2.5%"
    assert nl["addon.extra_users.price"] == f"€{NBSP}10,13"  # 10.125, half up
    assert en["addon.extra_calendar.price"] == "€50.00"
    assert en["addon.extra_users.name"] == "Users &amp; &lt;teams&gt;"  # shows as typed
    assert nl["addon.extra_calendar.description"] == "Nog een kalender."
    assert nl["label.my_plan_menu"] == "Mijn account &gt; Mijn plan"
    assert en["link.contact"] == "https://example.com/en/contact/"
    assert nl["link.meeting"] == "https://example.com/nl/afspraak/"
    assert nl["cancel.email"] == "opzeggen@example.com"
    assert en["cancel.email"] == "cancel@example.com"
    for absent in ("cancel.contact-form", "addon.ticketing.price", "addon.extra_users.fee"):
        assert absent not in nl, absent
    assert not any(value.sample for value in small["nl"].values())


def test_a_quote_of_a_sample_value_is_marked() -> None:
    values = quotable_values(load_catalogue(ROOT / "plans.yaml", WORDS).model, "en")
    assert values["plan.pro.name"].sample  # plans.yaml marks Pro's name !sample
    assert values["plan.lite.price"].sample
    assert values["addon.ticketing.fee"].sample
    assert not values["product.name"].sample
    assert not values["plan.enterprise.name"].sample
    # "On request" shows no amount, so the sample currencies do not make it a sample.
    assert not values["plan.enterprise.price"].sample


MARKDOWN = """\
Price: {{ plan.lite.price }} and {{plan.pro.price}}.
`{{ plan.lite.price }}` and ``a ` {{ x }}`` stay, {{ after.code }} does not.
```
{{ in.fence }}
```
~~~markdown
{{ in.tilde }}
~~~
Last {{ plan.lite.prize }} and {{ zzzzzz }}.
"""


def test_quotes_in_code_are_left_alone_and_unknown_keys_are_located() -> None:
    found = [(line, match[1]) for line, match in find_quotes(MARKDOWN)]
    assert found == [
        (1, "plan.lite.price"),
        (1, "plan.pro.price"),
        (2, "after.code"),
        (9, "plan.lite.prize"),
        (9, "zzzzzz"),
    ]
    known = {"plan.lite.price", "plan.pro.price", "after.code"}
    problems = [str(p) for p in check_quotes(MARKDOWN, known, "docs/x.nl.md", offset=3)]
    assert problems == [
        "docs/x.nl.md:12:6: unknown catalogue key 'plan.lite.prize' "
        "(did you mean 'plan.lite.price'?)",
        "docs/x.nl.md:12:32: unknown catalogue key 'zzzzzz' "
        "(see WRITERS.md: Quoting the catalogue)",
    ]
    filled = apply_quotes(MARKDOWN, {"plan.lite.price": "€ 1", "after.code": "A"})
    assert filled.splitlines()[0] == "Price: € 1 and {{plan.pro.price}}."
    assert filled.splitlines()[1] == "`{{ plan.lite.price }}` and ``a ` {{ x }}`` stay, A does not."
    assert filled.splitlines()[2:] == MARKDOWN.splitlines()[2:]


@pytest.mark.parametrize(
    ("sample", "marked"),
    [
        # Sample currencies: every amount shown in them is a sample, "On request" is none.
        (
            "product.currencies",
            {
                "plan.lite.price",
                "plan.lite.per_month",
                "plan.lite.price.USD",
                "addon.extra_calendar.price",
            },
        ),
        ("product.name", {"product.name"}),
    ],
)
def test_a_quote_is_marked_sample_when_its_value_rests_on_a_sample(
    sample: str, marked: set[str]
) -> None:
    # The small catalogue as plans.json with only ``sample`` marked: values carry their marks.
    data = load_catalogue(SMALL_PLANS, WORDS).data
    model = Catalogue.from_json(plans_json(data, WORDS, (sample,)))
    values = quotable_values(model, "en")
    shown = {"product.name", "plan.enterprise.price", "addon.ticketing.fee", *marked}
    assert {key for key in shown if values[key].sample} == marked


def test_a_quote_right_after_inline_code_is_filled() -> None:
    markdown = "Type `{{ key }}`{{ plan.lite.price }} or ``x``{{ plan.pro.price }}."
    assert apply_quotes(markdown, {"plan.lite.price": "€1", "plan.pro.price": "€3"}) == (
        "Type `{{ key }}`€1 or ``x``€3."
    )


def test_without_an_offset_lines_are_those_of_the_markdown_given() -> None:
    problems = check_quotes("Title\n\nPrice: {{ plan.lite.prise }}\n", {"plan.lite.price"}, "p.md")
    assert [str(problem) for problem in problems] == [
        "p.md:3:8: unknown catalogue key 'plan.lite.prise' (did you mean 'plan.lite.price'?)"
    ]
