"""A machine whose locale is not UTF-8 (Windows' cp1252, an old server's ASCII).

Python opens text files in the locale's encoding unless told otherwise, so a reader of the
writers' UTF-8 files that forgets ``encoding="utf-8"`` breaks on accents ("één", "café") only
there. This switches the process's character type to ASCII for the duration of a test.
"""

from __future__ import annotations

import locale
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def ascii_locale() -> Iterator[None]:
    """Run the body with an ASCII locale, then restore the previous one."""
    previous = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, previous)
