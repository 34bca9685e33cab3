"""Settings of the ``helpcenter`` MkDocs plugin, one docstring per option."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class HelpCenterConfig(Config):
    """Options under ``plugins: - helpcenter:`` in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    """Turn the generator off (e.g. to measure a plain build); catalogue quoting then fails."""

    catalogue = c.Type(str, default="plans.yaml")
    """Path of the plan catalogue, relative to ``mkdocs.yml``."""

    words = c.Type(str, default="words")
    """Folder of the word tables, ``<lang>.yaml`` for each language of the site, relative to
    ``mkdocs.yml``: everything the help center itself says, per language."""

    shortlinks = c.Type(str, default="shortlinks.yaml")
    """Path of the short-link table (slugs, old slugs, moved pages), relative to ``mkdocs.yml``."""
