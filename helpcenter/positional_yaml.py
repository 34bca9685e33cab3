"""Load YAML into plain values while remembering where every value was written.

PyYAML's ``safe_load`` forgets positions, silently keeps the last of two duplicate keys and lets
aliases multiply a small file into a huge tree ("billion laughs"). Here the file is composed into
nodes first, the expanded size of the tree is checked against a budget before anything is built,
and values are then constructed with a ``{key path: (line, column)}`` map beside them.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from helpcenter.errors import LocatedError, Problem

KeyPath = tuple[str | int, ...]

#: libyaml's parser when PyYAML was built with it (about ten times faster), else pure Python.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_SURROGATE = re.compile("[\ud800-\udfff]")

#: The most nodes the expanded document may have; the real catalogue has about 600.
MAX_NODES = 50_000
#: The largest file read, in bytes; the real catalogue is about 10 kB.
MAX_BYTES = 2_000_000


#: The tag that marks a value no source confirms: ``price: !sample {EUR: 149}``.
SAMPLE_TAG = "!sample"


@dataclass
class Positioned:
    """A loaded document: plain values, where each key path was written, and its samples.

    ``samples`` lists the key paths of values tagged ``!sample`` (see :data:`SAMPLE_TAG`), in
    file order: invented placeholders that a production build refuses to publish.
    """

    value: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    file: str = ""
    samples: tuple[KeyPath, ...] = ()

    def is_sample(self, path: KeyPath) -> bool:
        """Whether the value at ``path`` is, contains or lies inside a ``!sample`` value."""
        return any(
            sample[: len(path)] == path or path[: len(sample)] == sample for sample in self.samples
        )

    def position(self, path: KeyPath) -> tuple[int, int]:
        """Line and column of ``path``, or of its closest written ancestor."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


def format_path(path: KeyPath) -> str:
    """Render ``("plans", 2, "price")`` as ``plans[2].price``, the form the messages use."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.match(part):
            text += f"[{json.dumps(part, ensure_ascii=False)}]"  # e.g. an empty or spaced key
        else:
            text += f".{part}" if text else part
    return text


def load_positioned(text: str, file: str) -> Positioned:
    """Parse ``text``; raise :class:`LocatedError` for bad syntax, duplicate keys or alias bombs."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise LocatedError([Problem(file, 1, 1, "", f"file is larger than {MAX_BYTES} bytes")])
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = f"{error.problem}" + (f" ({error.context})" if error.context else "")
        raise LocatedError([Problem(file, line, column, "", f"invalid YAML: {what}")]) from None
    except yaml.YAMLError as error:  # e.g. a reader error for a control character
        raise LocatedError([Problem(file, 1, 1, "", f"invalid YAML: {error}")]) from None
    if node is None:
        return Positioned({}, {(): (1, 1)}, file)
    _check_expanded_size(node, file)
    builder = _Builder(file)
    value = builder.build(node, ())
    if builder.problems:
        raise LocatedError(builder.problems)
    return Positioned(value, builder.positions, file, tuple(builder.samples))


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml (fast); on any error, again with PyYAML, whose messages say more
    ("expected ',' or ']', but got ':'") and which leaves odd text to this module's own checks."""
    if _COMPOSER is yaml.SafeLoader:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=_COMPOSER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _check_expanded_size(root: yaml.Node, file: str) -> None:
    """Refuse documents whose aliases expand past :data:`MAX_NODES`, in time linear in the file."""
    sizes: dict[int, int] = {}
    # Iterative post-order walk: aliases point at the same node object, so sizes are memoised by id.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if not children_done:
            if key in active:  # a recursive alias: it would expand forever
                _refuse_alias(node, file, "an alias refers to itself, so it would expand forever")
            active.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        active.discard(key)
        total = 1 + sum(sizes.get(id(child), 1) for child in children)
        if total > MAX_NODES:
            _refuse_alias(
                node, file, f"aliases expand to more than {MAX_NODES} values (a YAML bomb?)"
            )
        sizes[key] = total


def _refuse_alias(node: yaml.Node, file: str, what: str) -> None:
    mark = node.start_mark
    message = f"{what}; write the values out instead"
    raise LocatedError([Problem(file, mark.line + 1, mark.column + 1, "", message)])


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _untagged(node: yaml.Node) -> str:
    """The tag the node would have had without ``!sample`` (map, list, int, float, str, ...)."""
    if isinstance(node, yaml.MappingNode):
        return "tag:yaml.org,2002:map"
    if isinstance(node, yaml.SequenceNode):
        return "tag:yaml.org,2002:seq"
    resolver: Any = yaml.SafeLoader("")  # the resolver's methods have no type hints
    # As PyYAML's parser does: only a plain scalar is resolved (``0123``, ``true``); quoted or
    # block text stays text (``"0123"``, ``"true"``). A plain scalar's style is None in PyYAML,
    # "" in libyaml.
    plain = not getattr(node, "style", None)
    resolved: str = resolver.resolve(yaml.ScalarNode, node.value, (plain, not plain))
    return resolved


class _Builder:
    """Turns nodes into plain values, recording positions and duplicate keys."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[KeyPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.samples: list[KeyPath] = []
        self._scalars = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag == SAMPLE_TAG:
            # The value itself is an ordinary one; the tag only marks it as a sample.
            self.samples.append(path)
            node.tag = _untagged(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        self._scalars.flatten_mapping(node)  # resolves "<<" merge keys like safe_load does
        for key_node, value_node in node.value:
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(line, column, path, "a key must be a plain name, not a list or map")
                continue
            key = self._scalar(key_node, path)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in result:
                first_line = self.positions[(*path, key)][0]
                self._problem(
                    line,
                    column,
                    (*path, key),
                    f"duplicate key (first written on line {first_line})",
                )
                continue
            result[key] = self.build(value_node, (*path, key))
            # The key's own position is more useful than the value's for messages about the key.
            self.positions[(*path, key)] = (line, column)
        return result

    def _scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        try:
            value = self._scalars.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            mark = error.problem_mark or node.start_mark
            self._problem(mark.line + 1, mark.column + 1, path, f"invalid value: {error.problem}")
            return None
        except ValueError as error:  # e.g. an impossible date such as 2024-02-31
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            self._problem(line, column, path, f"invalid value: {error}")
            return None
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        # Values JSON (plans.json, read by the browser) and UTF-8 files cannot carry.
        if isinstance(value, float) and not math.isfinite(value):
            self._problem(line, column, path, f"expected a finite number, got {value}")
            return None
        if isinstance(value, str) and _SURROGATE.search(value):
            self._problem(
                line, column, path, "invalid text: a lone UTF-16 surrogate (\\uD800-\\uDFFF)"
            )
            return None
        return value

    def _problem(self, line: int, column: int, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.file, line, column, format_path(path), message))
