"""Text that remembers where it came from: the catalogue key paths behind it, and the samples.

A value no source confirms is tagged ``!sample`` in ``plans.yaml``; whatever shows it must say
so. Rather than keeping lists of which block or quote shows which part of the catalogue, every
text made from the catalogue is a :class:`Shown`: a ``str`` that carries its key paths and the
sample paths among them. A page (or the comparator) then knows its samples from the texts it
shows; :func:`recording` collects them while a template renders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import fields, is_dataclass
from typing import TypeVar

T = TypeVar("T")


class Shown(str):
    """A text shown to a reader, with the catalogue key paths it was made from.

    Attributes:
        sources: Key paths of the catalogue values in the text (``plans[0].price.EUR``).
        samples: The ``!sample`` paths that lie on those (empty for a confirmed value).
    """

    __slots__ = ("samples", "sources")
    sources: tuple[str, ...]
    samples: tuple[str, ...]

    def __new__(cls, text: str, sources: Iterable[str] = (), samples: Iterable[str] = ()) -> Shown:
        made = super().__new__(cls, text)
        made.sources = tuple(dict.fromkeys(sources))
        made.samples = tuple(dict.fromkeys(samples))
        return made

    @property
    def is_sample(self) -> bool:
        """Whether the text shows a value no source confirms."""
        return bool(self.samples)


def shown(text: str, *parts: object) -> Shown:
    """``text`` made from ``parts``: it carries every source and sample of the parts."""
    found = [part for part in parts if isinstance(part, Shown)]
    return Shown(
        text,
        (source for part in found for source in part.sources),
        (sample for part in found for sample in part.samples),
    )


def shown_values(value: object) -> Iterator[Shown]:
    """Every :class:`Shown` in a value (a dataclass, tuple, list or mapping holding some)."""
    return _walk(value)


def _walk(value: object) -> Iterator[Shown]:
    if isinstance(value, Shown):
        yield value
    elif isinstance(value, str | bytes | int | float | bool) or value is None:
        return
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _walk(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _walk(item)


_RECORDER: ContextVar[list[Shown] | None] = ContextVar("shown_values", default=None)


@contextmanager
def recording() -> Iterator[list[Shown]]:
    """Collect every value passed to :func:`note` while the block runs (a template rendering)."""
    shown_values: list[Shown] = []
    token = _RECORDER.set(shown_values)
    try:
        yield shown_values
    finally:
        _RECORDER.reset(token)


def note(value: T) -> T:
    """Record ``value`` if it is a :class:`Shown` and a :func:`recording` is running."""
    recorder = _RECORDER.get()
    if recorder is not None and isinstance(value, Shown):
        recorder.append(value)
    return value


#: The kinds of catalogue value a sample notice can name, in the order it names them, each with
#: the key paths it covers (the first match wins). The words are ``sample.kind_<kind>``.
SAMPLE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("prices", r"\.(price|fee_percent)\b"),
        ("currencies", r"^product\.currencies\b"),
        ("features", r"^(features\b|plans\[\d+\]\.features\b)"),
        ("addons", r"^addons\b"),
        ("descriptions", r"\.summary\b"),
        ("plans", r"^plans\b"),
        ("links", r"^links\b"),
        ("labels", r"^labels\b"),
        ("steps", r"^upgrade\b"),
        ("contact", r"^cancellation\b"),
    )
)


def _kind(source: str) -> str:
    """The kind of a value by where it is written (``plans[1].price.EUR`` is a price)."""
    return next((kind for kind, pattern in SAMPLE_KINDS if pattern.search(source)), "plans")


def sample_kinds(values: Iterable[Shown]) -> tuple[str, ...]:
    """The kinds of the sample values among ``values``, in :data:`SAMPLE_KINDS` order."""
    found: set[str] = set()
    for value in values:
        for source in value.sources:
            if any(_on(sample, source) for sample in value.samples):
                found.add(_kind(source))
    return tuple(kind for kind, _ in SAMPLE_KINDS if kind in found)


def _on(sample: str, source: str) -> bool:
    """Whether a sample path is the source, inside it, or around it."""
    return any(
        inner == outer or inner.startswith((outer + ".", outer + "["))
        for inner, outer in ((sample, source), (source, sample))
    )
