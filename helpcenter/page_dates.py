"""A page's "last updated" date: the last commit of its source, in the reader's language.

A page that quotes the catalogue also changes when ``plans.yaml`` does, so its date is the later
of the two. Dates come from git, never from the clock, so two builds of one commit are identical;
outside a git checkout (or for a file never committed) the build date is used, which
``SOURCE_DATE_EPOCH`` pins (``python -m helpcenter.build`` sets it to the last commit).

mkdocs-git-revision-date-localized-plugin was tried first: it reads one file per page, so it cannot
count the catalogue, and it falls back to the wall clock outside git (builds differ by day).
"""

from __future__ import annotations

import functools
import os
import subprocess
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.dates import format_date


class GitDates:
    """Last commit time of every file under a folder, read with one ``git log`` call."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.times: dict[Path, int] = {}
        self._read()

    def _read(self) -> None:
        try:
            # One git process: --relative names the files relative to this folder, so no
            # `git rev-parse --show-toplevel` is needed (outside a checkout, git log fails).
            log = subprocess.run(
                ["git", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--relative"],
                cwd=self.root,
                capture_output=True,
                text=True,
                check=False,
                timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            return
        if log.returncode != 0:
            return
        stamp = 0
        for line in log.stdout.splitlines():
            if line.startswith("\x00"):
                stamp = int(line[1:])
            elif line.strip():
                # Newest commit first: the first time a path shows is its last change.
                self.times.setdefault(self.root / line.strip(), stamp)

    def last_change(self, paths: Iterable[Path]) -> int:
        """The latest commit time among ``paths``; the build date if none was ever committed."""
        resolved = [path.resolve() for path in paths]
        found = [self.times[path] for path in resolved if path in self.times]
        return max(found) if found else build_time()


def build_time() -> int:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else int(time.time())


@functools.lru_cache(maxsize=4096)  # Babel's formatting is most of a page's date
def localized_date(stamp: int, locale: str) -> tuple[str, str]:
    """``("2026-11-27", "27 november 2026")``: the machine date and the reader's date, in the
    locale of the reader's word table (``locale: en_GB`` writes "27 November 2026")."""
    day = datetime.fromtimestamp(stamp, tz=UTC).date()
    return day.isoformat(), format_date(day, format="long", locale=locale)
