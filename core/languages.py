"""The site's languages, as its configuration lists them: the one place that knows them.

Nothing in the code names a language: the build reads them from mkdocs-static-i18n's settings in
``mkdocs.yml`` and hands this object on (``plans.json`` carries it to the browser).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Languages:
    """The site's language codes, the default one first (it is published at the site root).

    Attributes:
        codes: Every language code, the default first, then the others in configuration order.
    """

    codes: tuple[str, ...]

    @classmethod
    def of(cls, codes: Iterable[str], default: str) -> Languages:
        """The languages ``codes`` with ``default`` moved first.

        Raises:
            ValueError: when there is no language, or the default is not one of them.
        """
        listed = list(dict.fromkeys(codes))
        if default not in listed:
            raise ValueError(f"the default language {default!r} is not one of {listed}")
        return cls((default, *(code for code in listed if code != default)))

    @property
    def default(self) -> str:
        """The language at the site root (``/``); the others live under ``/<code>/``."""
        return self.codes[0]

    @property
    def others(self) -> tuple[str, ...]:
        """Every language but the default, each published under its own folder."""
        return self.codes[1:]

    def root(self, lang: str) -> str:
        """The site-relative folder of a language's pages: ``""`` or ``"<code>/"``."""
        return "" if lang == self.default else f"{lang}/"

    def prefix(self, lang: str) -> str:
        """The URL path prefix of a language: ``"/"`` for the default, else ``"/<code>/"``."""
        return "/" + self.root(lang)

    def of_path(self, path: str) -> str:
        """The language a site-relative URL path belongs to (``<code>/faq/`` → ``<code>``)."""
        first = path.lstrip("/").split("/", 1)[0]
        return first if first in self.others else self.default

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __contains__(self, lang: object) -> bool:
        return lang in self.codes

    def __len__(self) -> int:
        return len(self.codes)

    def listed(self) -> str:
        """``"a, b and c"``: for messages to a site owner (in English, like every message)."""
        if len(self.codes) == 1:
            return self.codes[0]
        return ", ".join(self.codes[:-1]) + " and " + self.codes[-1]
