"""Data files a site may override: ``overrides/helpcenter/<name>`` wins over the packaged one."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from helpcenter.positional_yaml import Positioned, load_positioned


def load_overridable(name: str, override_dir: Path | None) -> Positioned:
    """Parse the site's ``name`` if it has one, else ``helpcenter/templates/<name>``."""
    override = override_dir / name if override_dir else None
    if override is not None and override.is_file():
        return _parse(override.read_text(encoding="utf-8"), str(override))
    source = resources.files("helpcenter").joinpath(f"templates/{name}")
    return _parse(source.read_text(encoding="utf-8"), f"helpcenter/templates/{name}")


@lru_cache(maxsize=16)
def _parse(text: str, display_name: str) -> Positioned:
    """Parsed once per content: every language's build (and every serve rebuild) asks again."""
    return load_positioned(text, display_name)
