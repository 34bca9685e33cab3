"""Whether something shows a sample follows from the values it shows, not from a list of paths.

The real catalogue's facts, with the ``!sample`` marks of each test instead of the real ones:
a value marks whatever shows it (a quote, a block, the comparator), and nothing else.
"""

from __future__ import annotations

from pathlib import Path

from comparator.render import render_sample_notice
from core.catalogue import Catalogue
from helpcenter.blocks import block_environment, render_block
from helpcenter.catalogue import load_catalogue
from helpcenter.comparator_assets import plans_json
from helpcenter.quoting import quotable_values
from tests.conftest import ROOT
from tests.support.project import WORDS

BLOCKS = block_environment(ROOT / "overrides" / "helpcenter" / "blocks")
DATA = load_catalogue(ROOT / "plans.yaml", WORDS).data


def marked(*samples: str) -> Catalogue:
    """The real catalogue with only ``samples`` marked ``!sample``."""
    return Catalogue.from_json(plans_json(DATA, WORDS, samples))


def sample_blocks(catalogue: Catalogue, lang: str) -> set[str]:
    names = ("upgrade_steps", "addon_steps", "addons", "plans_table", "cancel_channels")
    return {name for name in names if render_block(BLOCKS, name, catalogue, WORDS[lang]).sample}


def sample_quotes(catalogue: Catalogue, lang: str) -> set[str]:
    return {key for key, value in quotable_values(catalogue, lang).items() if value.sample}


def test_a_confirmed_catalogue_shows_no_sample_anywhere() -> None:
    catalogue = marked()
    assert sample_blocks(catalogue, "nl") == set()
    assert sample_quotes(catalogue, "en") == set()
    assert render_sample_notice(catalogue, "nl") == ""


def test_a_sample_price_marks_what_shows_that_price_and_nothing_else() -> None:
    catalogue = marked("plans[1].price")
    plan = catalogue.plans[1].id
    assert sample_blocks(catalogue, "nl") == {"plans_table"}
    assert sample_quotes(catalogue, "nl") == {
        f"plan.{plan}.price",
        f"plan.{plan}.per_month",
        *(f"plan.{plan}.price.{code}" for code in catalogue.currencies),
    }
    assert "admonition" in render_sample_notice(catalogue, "nl")


def test_a_sample_feature_value_marks_the_comparator_not_the_plans_table() -> None:
    catalogue = marked("plans[3].features")
    assert sample_blocks(catalogue, "en") == set()
    assert sample_quotes(catalogue, "en") == set()
    assert "admonition" in render_sample_notice(catalogue, "en")


def test_sample_add_on_steps_mark_their_block_and_no_quote() -> None:
    catalogue = marked("upgrade.addon_steps")
    assert sample_blocks(catalogue, "nl") == {"addon_steps"}
    assert sample_blocks(catalogue, "en") == {"addon_steps"}
    assert sample_quotes(catalogue, "nl") == set()


def test_a_sample_label_in_one_language_marks_only_that_languages_blocks() -> None:
    catalogue = marked("labels.upgrade_button.en")
    assert sample_blocks(catalogue, "en") == {"upgrade_steps"}
    assert sample_blocks(catalogue, "nl") == set()
    assert sample_quotes(catalogue, "en") == {"label.upgrade_button"}


def test_a_block_a_site_owner_writes_is_marked_by_the_values_it_shows(tmp_path: Path) -> None:
    # A new block shows the add-ons' descriptions: no list of paths to keep up to date.
    (tmp_path / "descriptions.md.j2").write_text(
        "{% for addon in catalogue.addons %}- {{ pick(addon.description) }}\n{% endfor %}",
        encoding="utf-8",
    )
    env = block_environment(tmp_path)
    shown = marked("addons[2].description.nl")
    assert render_block(env, "descriptions", shown, WORDS["nl"]).sample
    assert not render_block(env, "descriptions", shown, WORDS["en"]).sample
    assert not render_block(env, "descriptions", marked("addons[2].price"), WORDS["nl"]).sample
