"""A writer's page with the catalogue filled in: quotes, blocks, HTML block markers and the
sample notice, with a site's own block templates (a site may change them) written out here."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from comparator.render import sample_mark
from core.catalogue import Catalogue
from helpcenter.blocks import Rendered, block_environment, render_block, sample_notice
from helpcenter.catalogue import load_catalogue
from helpcenter.page_markdown import FilledPage, fill_page
from helpcenter.quoting import Value
from tests.conftest import SMALL_PLANS
from tests.support.project import WORDS

TEMPLATE = '!!! warning "Voorbeeld"\n\n    Niet bevestigd: {{ kinds }}'
#: Pro's name is a sample (a plan detail); Lite's price and the contact link are confirmed.
VALUES = {
    "plan.lite.price": Value("€ 100,00"),
    "plan.pro.name": Value("Pro", ("plans",)),
    "link.booking": Value("https://example.test/book", ("links",)),
}
MARK = {lang: sample_mark(WORDS[lang]) for lang in WORDS}


def notice(lang: str, *kinds: str) -> str:
    """What the test's notice template writes for ``kinds`` in ``lang``."""
    named = WORDS[lang].join(WORDS[lang](f"sample.kind_{kind}") for kind in kinds)
    return f'!!! warning "Voorbeeld"\n\n    Niet bevestigd: {named}'


@pytest.fixture
def blocks(tmp_path: Path) -> jinja2.Environment:
    """Block templates as a site could write them: blank lines around their text, and lines
    indented (to nest them in a list item of the page)."""
    (tmp_path / "upgrade_steps.md.j2").write_text(
        "\n    1. ({{ words.lang }}) Choose the plan MAX\n\n", encoding="utf-8"
    )
    (tmp_path / "sample_notice.md.j2").write_text(f"\n{TEMPLATE}\n\n", encoding="utf-8")
    return block_environment(tmp_path)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(SMALL_PLANS, WORDS).model


def test_quotes_blocks_and_markers_are_filled_and_the_notice_goes_under_the_title(
    blocks: jinja2.Environment, catalogue: Catalogue
) -> None:
    """Pro's name is a sample (the block and Lite's price are not): the page says so."""
    markdown = (
        "# Prijzen\n"
        "{{ upgrade_steps }}\n"
        "Lite: {{ plan.lite.price }}, Pro: {{ plan.pro.name }}.\n"
        "{{ comparator }}\n"
        "Zie {{ comparator }} hieronder.\n"
        "{{ unknown.key }}\n"
    )
    assert fill_page(markdown, WORDS["nl"], catalogue, blocks, VALUES) == FilledPage(
        "# Prijzen\n"
        "\n"
        f"{notice('nl', 'plans')}\n"
        "\n"
        "    1. (nl) Choose the plan MAX\n"
        f"Lite: € 100,00, Pro: Pro{MARK['nl']}.\n"
        "HELPCENTER-BLOCK-COMPARATOR\n"
        "Zie {{ comparator }} hieronder.\n"  # inside a sentence: reported by the page checks
        "{{ unknown.key }}\n",  # unknown: reported by the page checks
        frozenset({"comparator"}),
    )


def test_without_a_title_the_notice_opens_the_page(
    blocks: jinja2.Environment, catalogue: Catalogue
) -> None:
    markdown = "Intro for {{ plan.pro.name }}.\n\nMore."
    assert fill_page(markdown, WORDS["en"], catalogue, blocks, VALUES).markdown == (
        f"{notice('en', 'plans')}\n\nIntro for Pro{MARK['en']}.\n\nMore."
    )


def test_a_page_without_samples_gets_no_notice(
    blocks: jinja2.Environment, catalogue: Catalogue
) -> None:
    markdown = "# Prices\n\n{{ upgrade_steps }}\n\nLite: {{ plan.lite.price }}"
    assert fill_page(markdown, WORDS["en"], catalogue, blocks, VALUES).markdown == (
        "# Prices\n\n    1. (en) Choose the plan MAX\n\nLite: € 100,00"
    )


def test_a_block_and_the_notice_lose_only_their_surrounding_blank_lines(
    blocks: jinja2.Environment, catalogue: Catalogue
) -> None:
    assert render_block(blocks, "upgrade_steps", catalogue, WORDS["en"]) == Rendered(
        "    1. (en) Choose the plan MAX"
    )
    assert sample_notice(blocks, WORDS["nl"], catalogue.product_name, ["prices", "links"]) == (
        notice("nl", "prices", "links")
    )


def test_a_sample_is_marked_where_it_stands_but_never_inside_a_link_address(
    blocks: jinja2.Environment, catalogue: Catalogue
) -> None:
    markdown = "# Booking\n\n[Book]({{ link.booking }}) or open {{ link.booking }}."
    assert fill_page(markdown, WORDS["en"], catalogue, blocks, VALUES).markdown == (
        f"# Booking\n\n{notice('en', 'links')}\n\n\n"
        f"[Book](https://example.test/book) or open https://example.test/book{MARK['en']}."
    )
