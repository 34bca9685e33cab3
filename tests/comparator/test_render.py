"""Rendered HTML: golden files, escaping, accessibility structure and the no-JavaScript form.

Golden files live in ``tests/comparator/golden/``. After an intended change, regenerate them with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/comparator/test_render.py

(a run that rewrites a file fails), review the diff, and run again without the flag: then any
difference fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comparator import (
    Notice,
    compare,
    default_selection,
    parse_query,
    render_block,
    render_comparison,
    render_controls,
    render_notices,
    render_page,
)
from core.catalogue import Catalogue
from tests.support.golden import assert_matches_golden
from tests.support.project import LANGUAGES, WORDS

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "default": "",
    "addons": "plans=starter,pro&addons=ticketing,extra_calendar",
    "differences-usd": "plans=lite,starter,pro&addons=extra_users&diff=1&currency=USD",
    "notices": "plans=starter,<script>alert(1)</script>&addons=white_label,nope&diff=maybe"
    "&currency=GBP",
}
VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source", "wbr"}
ALLOWED_TAGS = {
    "div", "form", "fieldset", "legend", "label", "input", "span", "select", "option", "button",
    "p", "ul", "li", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "a",
}  # fmt: skip


class Tags(HTMLParser):
    """Collect start tags with attributes and check that every element is closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1:] == [tag], f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    tags.close()
    assert tags.stack == [], f"unclosed: {tags.stack}"
    return tags


def assert_safe(html: str) -> None:
    """No tag or attribute the comparator does not write itself: input never becomes markup."""
    assert "<script" not in html.lower()
    for tag, attrs in parse(html).tags:
        assert tag in ALLOWED_TAGS, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("https://"), href


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(plans_data: dict[str, Any], case: str, lang: str) -> None:
    html = render_page(plans_data, CASES[case], lang) + "\n"
    path = GOLDEN / f"{case}.{lang}.html"
    assert_matches_golden(html, path)
    assert_safe(html)


def test_output_is_deterministic(plans_data: dict[str, Any]) -> None:
    outputs = {render_page(plans_data, CASES["notices"], "nl") for _ in range(3)}
    assert len(outputs) == 1


def test_table_structure(catalogue: Catalogue) -> None:
    selection = parse_query(catalogue, "plans=starter,pro,enterprise&diff=1")
    html = render_comparison(compare(catalogue, selection, "en"))
    tags = parse(html).tags
    names = [t for t, _ in tags]
    assert names.count("table") == names.count("caption") == 1
    column_headers = [a for t, a in tags if t == "th" and a.get("scope") == "col"]
    assert len(column_headers) == 4  # "Feature" and three plans
    rows = [a for t, a in tags if t == "tr"]
    # after the two head rows (plan names; prices and buttons) and the summary row
    assert all(a.get("class") == "differs" for a in rows[3:6])
    links = [a for t, a in tags if t == "a"]
    assert [a["data-kind"] for a in links] == ["checkout", "checkout", "meeting"]
    assert "md-button--primary" in str(links[1]["class"])  # Pro is recommended
    assert '<span class="comparator__badge">Recommended</span>' in html
    assert '<span role="img" aria-label="No">✗</span>' in html
    assert "&amp;addons=&amp;period=year&amp;lang=en" in html  # the URL is escaped in href


def test_no_differences_message(make_data: Callable[..., dict[str, Any]]) -> None:
    def same(cat: dict[str, Any]) -> None:
        cat["plans"][0]["features"] = dict(cat["plans"][1]["features"])

    catalogue = Catalogue.from_json(make_data(same))
    html = render_comparison(
        compare(catalogue, parse_query(catalogue, "plans=lite,starter&diff=1"), "nl")
    )
    assert '<td colspan="3">De gekozen abonnementen hebben dezelfde functies.</td>' in html


def test_catalogue_values_are_escaped(make_data: Callable[..., dict[str, Any]]) -> None:
    evil = "<img src=x onerror=alert(1)>\"'&"

    def edit(cat: dict[str, Any]) -> None:
        cat["product"]["name"] = evil
        cat["plans"][0].update(name=evil, summary={"nl": evil, "en": evil})
        cat["plans"][0]["id"] = 'li"te'
        for addon in cat["addons"]:
            addon["applies_to"] = ['li"te' if p == "lite" else p for p in addon["applies_to"]]
            addon["name"] = {"nl": evil, "en": evil}
        cat["features"][0]["label"] = {"nl": "<script>alert(1)</script>", "en": evil}
        cat["links"]["checkout"] += '&x="><script>'

    data = make_data(edit)
    html = render_page(data, "addons=extra_users,ticketing", "nl")
    assert_safe(html)
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;" in html
    assert 'value="li&quot;te"' in html
    assert "plan=li%22te" in html


def test_notices_are_escaped_and_polite(catalogue: Catalogue) -> None:
    html = render_notices(
        [Notice("unknown_plan", "<script>"), Notice("too_many_plans", "Lite", (("max", "4"),))],
        catalogue.words_for("nl"),
    )
    assert html == (
        '<ul class="comparator__notice-list">\n'
        "<li>Het abonnement “&lt;script&gt;” bestaat niet en is overgeslagen.</li>\n"
        "<li>U kunt maximaal 4 abonnementen tegelijk vergelijken; “Lite” is weggelaten.</li>\n"
        "</ul>"
    )
    assert render_notices([], catalogue.words_for("nl")) == ""


class Form(HTMLParser):
    """Submit a form the way a browser does without JavaScript (successful controls only)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("type") == "checkbox" and "checked" in a:
            self.fields.append((str(a["name"]), str(a.get("value", "on"))))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and "selected" in a and self.select:
            self.fields.append((self.select, str(a["value"])))


@pytest.mark.parametrize("query", list(CASES.values()))
def test_form_submission_without_javascript_round_trips(catalogue: Catalogue, query: str) -> None:
    selection = parse_query(catalogue, query)
    form = Form()
    form.feed(render_controls(catalogue, selection, "en"))
    submitted = urlencode(form.fields)
    assert parse_query(catalogue, submitted) == selection
    assert parse_query(catalogue, submitted).notices == ()


def test_controls_are_labelled(catalogue: Catalogue) -> None:
    html = render_controls(catalogue, parse_query(catalogue, ""), "nl")
    tags = parse(html)
    assert [t for t, _ in tags.tags].count("fieldset") == 2
    assert [t for t, _ in tags.tags].count("legend") == 2
    # Every control sits inside its <label> (implicit labelling, no ids that could collide).
    assert html.count("<label><input") + html.count('<label class="comparator__currency">') == (
        html.count("<input") + html.count("<select")
    )
    assert "Alleen verschillen tonen" in html
    assert "2,5% per verkocht ticket, bij Starter, Pro en Enterprise" in html


@settings(max_examples=200)
@given(
    query=st.one_of(
        st.text(max_size=200),
        st.lists(
            st.sampled_from(
                [
                    "plans=",
                    "addons=",
                    "diff=",
                    "currency=",
                    "&",
                    ",",
                    "<script>",
                    "onerror=",
                    '"><img src=x onerror=alert(1)>',
                    "%3Cscript%3E",
                    "%22",
                    "pro",
                    "lite",
                    "%FF",
                    "ticketing",
                    "javascript:",
                ]
            ),
            max_size=20,
        ).map("".join),
    ),
    lang=st.sampled_from([*LANGUAGES, "", "<script>", "fr"]),
)
def test_fuzzed_queries_render_safe_html(plans_data: dict[str, Any], query: str, lang: str) -> None:
    if lang in LANGUAGES:
        assert_safe(render_page(plans_data, query, lang))
    else:  # a language the site lacks is refused, never rendered in another language
        with pytest.raises(KeyError, match="no words for"):
            render_page(plans_data, query, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sample_values_show_a_notice_in_the_readers_language(
    plans_data: dict[str, Any], lang: str
) -> None:
    """plans.yaml marks prices and add-ons `!sample`: the comparison says so, in every language."""
    title = WORDS[lang]("sample.title")
    with_samples = Catalogue.from_json({**plans_data, "samples": ["plans[0].price"]})
    html = render_block(with_samples, default_selection(with_samples), lang)
    assert f'<p class="admonition-title">{title}</p>' in html
    # A sample the comparison does not show (an on-screen label) needs no notice here.
    confirmed = Catalogue.from_json({**plans_data, "samples": ["labels.upgrade_button.en"]})
    assert "admonition" not in render_block(confirmed, default_selection(confirmed), lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_plan_cards_offer_what_the_price_row_offers(
    plans_data: dict[str, Any], case: str, lang: str
) -> None:
    """A phone shows the cards, a wide screen the table's price row: the same plans, prices,
    amounts per month and buttons, in the same order."""
    page = render_page(plans_data, CASES[case], lang)
    cards, table = page.split('<div class="comparator__scroll"', 1)
    cards = cards.split('<ul class="comparator__cards">', 1)[1]
    offers = table.split('<tr class="comparator__offers">', 1)[1].split("</tr>", 1)[0]

    def read(part: str, prefix: str) -> dict[str, list[str]]:
        return {
            "plans": re.findall(r' data-plan="([^"]+)"', part),
            "prices": re.findall(rf'<span class="{prefix}-price">([^<]*)</span>', part),
            "monthly": re.findall(rf'<span class="{prefix}-monthly">([^<]*)</span>', part),
            "buttons": re.findall(r'<a class="md-button[^>]*>[^<]*</a>', part),
        }

    from_cards = read(cards, "comparator__card")
    # each card and its button name the plan
    assert from_cards["plans"][::2] == from_cards["plans"][1::2]
    from_cards["plans"] = from_cards["plans"][::2]
    assert from_cards == read(offers, "comparator__offer")
    assert len(from_cards["buttons"]) == len(parse_query_plans(plans_data, CASES[case]))


def parse_query_plans(plans_data: dict[str, Any], query: str) -> tuple[str, ...]:
    return parse_query(Catalogue.from_json(plans_data), query).plans
