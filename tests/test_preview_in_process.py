"""What ``make serve`` watches: the plugins name their files through MkDocs' ``on_serve`` event.

tests/test_serve.py checks the served pages through a real ``make serve``; this runs in process so
that ``make mutation`` sees the plugin code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from tests.conftest import copy_project
from tests.support.in_process import build_in_process

pytestmark = pytest.mark.in_process_build


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
        "words",
        "search-synonyms.yaml",
        "overrides/helpcenter/blocks",
    ):
        assert (project / name).resolve() in watched, name
