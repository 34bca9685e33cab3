"""The site's languages, read from mkdocs-static-i18n's settings in ``mkdocs.yml``.

``mkdocs.yml`` is the one place a site owner lists its languages; every module gets them from
here as a :class:`core.languages.Languages`, and the code names none of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.languages import Languages


def site_languages(config: Any) -> Languages | None:
    """The languages of the i18n plugin, the default first; ``None`` when its settings name no
    single default (:func:`helpcenter.site_checks.language_problems` says what is wrong)."""
    i18n = config.plugins.get("i18n")
    entries = getattr(getattr(i18n, "config", None), "languages", None) or []
    codes = [str(entry.locale) for entry in entries]
    defaults = [str(entry.locale) for entry in entries if entry.default]
    if len(defaults) != 1:
        return None
    return Languages.of(codes, defaults[0])


def build_language(config: Any, languages: Languages) -> str:
    """The language of the build that is running (mkdocs-static-i18n runs one per language)."""
    i18n = config.plugins.get("i18n")
    language = getattr(i18n, "current_language", None) if i18n is not None else None
    return str(language) if language in languages else languages.default


def page_language(src_uri: str, languages: Languages) -> str:
    """A page's language from its ``name.<lang>.md`` suffix."""
    suffixes = Path(src_uri).suffixes
    lang = suffixes[-2].lstrip(".") if len(suffixes) >= 2 else ""
    return lang if lang in languages else languages.default
