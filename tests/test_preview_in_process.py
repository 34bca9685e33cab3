"""What a writer previewing with ``make serve`` gets, built in process: a broken page shows the
located report on every page (the site keeps being served), and the right files are watched.

tests/test_serve.py checks the same through a real ``mkdocs serve``; these run in process so that
``make mutation`` sees the plugin code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.config import load_config

from tests.conftest import copy_project
from tests.support.in_process import build_in_process

pytestmark = pytest.mark.in_process_build


def test_a_page_mistake_while_previewing_shows_on_every_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "account" / "cancel.en.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n## A <new> section\n\nText.\n"
    page.write_text(text, "utf-8")
    line = text[: text.index("## A <new> section")].count("\n") + 1
    result = build_in_process(project, command="serve")
    assert result.returncode == 0, result.output
    message = (
        f"docs/account/cancel.en.md:{line}:1: the heading &#x27;## A &lt;new&gt; section&#x27; "
        "needs an id"
    )
    for path, start in (
        ("en/faq/index.html", '<article class="md-content__inner md-typeset">'),
        ("account/compare-plans/index.html", '<article class="md-content__inner md-typeset">'),
        ("index.html", '<div class="hc-home">'),
    ):
        html = (result.site / path).read_text(encoding="utf-8")
        # The first thing on the page: a titled alert with the report in a code block.
        banner = re.search(
            re.escape(start) + r"\s*"
            r'(<div class="admonition failure" role="alert"><p class="admonition-title">'
            r"Build error: this preview shows the last good version</p>"
            r"<pre><code>.*?</code></pre></div>)",
            html,
            re.S,
        )
        assert banner is not None, path
        assert message in banner[1], path
        assert "<new>" not in banner[1]  # the writer's text is escaped
    assert "(still serving the last good version)" in capsys.readouterr().err


def test_a_catalogue_mistake_before_any_good_build_stops_the_preview(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    catalogue = project / "plans.yaml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace("billing_period: year ", "billing_period: "),
        encoding="utf-8",
    )
    result = build_in_process(project, command="serve")
    assert result.returncode == 1
    assert "plans.yaml:18:3: product.billing_period:" in result.output
    assert not result.site.exists()


class Watched:
    """Stands in for MkDocs' live-reload server: records what the plugins ask it to watch."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def watch(self, path: str) -> None:
        self.paths.append(path)


def test_the_preview_rebuilds_on_catalogue_links_texts_synonyms_and_block_templates(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    build_in_process(project)  # the plugins read their settings while building
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    server = Watched()
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    watched = {Path(path).resolve() for path in server.paths}
    for name in (
        "plans.yaml",
        "shortlinks.yaml",
        "site-texts.yaml",
        "search-synonyms.yaml",
        "overrides/helpcenter/blocks",
    ):
        assert (project / name).resolve() in watched, name
