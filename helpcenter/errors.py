"""Located error messages for the catalogue and for writers' pages.

Writers fix what they can find: every problem names the file, line, column and key path, and all
problems of one build are reported together, sorted by position, so one build shows every mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mkdocs.exceptions import PluginError


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: ``file:line:col: key.path: message``.

    Lines and columns are 1-based, as editors show them.
    """

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class LocatedError(Exception):
    """Raised with every problem found, so the writer sees them all at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        """The message shown to the writer: one problem per line, in file order."""
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found; nothing was built:"
        return "\n".join([head, *(f"  {problem}" for problem in self.problems)])


class ProblemsFound(PluginError):
    """Stops a build with located problems: MkDocs shows the report as one clean message, and
    ``helpcenter.build`` reports the problems together with MkDocs' own warnings."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(LocatedError(self.problems).report())
