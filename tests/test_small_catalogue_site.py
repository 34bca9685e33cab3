"""The site built from the small test catalogue shows the figures and names worked out by hand.

tests/small/plans.yaml leaves ``recommended`` out of three plans, names an add-on
"Users & <teams>" and has amounts on a half cent; tests/small/expected.py has what a reader must
see. These read the built articles as text (entities decoded once, the embedded comparator left out:
it formats its own amounts).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.small.expected import ARTICLE_AMOUNTS, ODD_ADDON_NAME
from tests.small.reading import article_text, table_rows
from tests.support.project import LANGUAGES

OVERVIEW = {"nl": "account/manage-subscription/", "en": "en/account/manage-subscription/"}


def article(site: Path, page: str) -> str:
    return article_text((site / page / "index.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("lang", "page"), sorted(ARTICLE_AMOUNTS))
def test_article_amounts_are_rounded_half_up(small_site: Path, lang: str, page: str) -> None:
    shown = article(small_site, page)
    for amount in ARTICLE_AMOUNTS[(lang, page)]:
        assert amount in shown, f"{page} does not show {amount}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_addon_name_with_markup_characters_shows_as_typed(small_site: Path, lang: str) -> None:
    """Regression: the support table escaped headings twice ("Users &amp; &lt;teams&gt;"); add-ons
    are now listed by the add-ons block (the support table's own titles: tests/test_pages.py)."""
    shown = article(small_site, OVERVIEW[lang])
    assert ODD_ADDON_NAME[lang] in shown
    assert "&amp;" not in shown
    assert "&lt;" not in shown


def test_plans_left_without_recommended_build_and_only_pro_is_recommended(
    small_site: Path,
) -> None:
    page = (small_site / "account" / "compare-plans" / "index.html").read_text(encoding="utf-8")
    table = page[page.index('<table class="comparator__grid">') : page.index("</table>")]
    assert table_rows(table)[1] == ["Functie", "Lite", "Starter", "Pro Aanbevolen", "Enterprise"]
