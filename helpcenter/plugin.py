"""The MkDocs glue: load the catalogue, then hand its data to the generators.

Kept thin on purpose: every decision lives in plain modules that tests call directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from helpcenter.catalogue import Catalogue, load_catalogue
from helpcenter.config import HelpCenterConfig
from helpcenter.errors import LocatedError

log = get_plugin_logger(__name__)


class HelpCenterPlugin(BasePlugin[HelpCenterConfig]):
    """Builds the help center from ``plans.yaml``."""

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self.catalogue_path: Path | None = None

    # Runs before mkdocs-static-i18n (priority -100), once per language build.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load and validate the catalogue before MkDocs touches the output folder."""
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        self.catalogue_path = root / self.config.catalogue
        try:
            self.catalogue = load_catalogue(self.catalogue_path, self.config.catalogue)
        except LocatedError as error:
            # PluginError is reported by MkDocs as one clean message, without a traceback.
            raise PluginError(error.report()) from None
        return config

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when the catalogue changes while serving."""
        if self.catalogue_path is not None:
            server.watch(str(self.catalogue_path))
        return server
