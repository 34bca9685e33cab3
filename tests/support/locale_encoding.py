"""Run a piece of a test under another locale encoding, as on a writer's machine that is not
set to UTF-8 (Windows, a bare ``C`` locale): files the build reads or writes must not change."""

from __future__ import annotations

import locale
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def ascii_locale() -> Iterator[None]:
    """Python's default text encoding is ASCII inside (the ``C`` locale, UTF-8 mode off)."""
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
