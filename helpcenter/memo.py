"""A cache for ``make serve``'s rebuilds: most inputs are the same as in the last build.

Keyed by everything the value depends on (a file's text, not its name or date), so a changed input
is never answered from it; it keeps only what the last round (one build, one check) used, so a long
``make serve`` session does not keep every version of every page.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LastRound(Generic[K, V]):
    """Values by key; :meth:`end_round` lets go of every value the round did not ask for."""

    def __init__(self) -> None:
        self.kept: dict[K, V] = {}
        self.used: dict[K, V] = {}
        self.hits = 0

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value for ``key``, made by ``make()`` when no earlier round or this one has it."""
        if key in self.used:
            self.hits += 1
            return self.used[key]
        if key in self.kept:
            self.hits += 1
            value = self.kept[key]
        else:
            value = make()
        self.used[key] = value
        return value

    def end_round(self) -> None:
        """Keep only what this round used."""
        self.kept, self.used = self.used, {}
