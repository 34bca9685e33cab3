"""Property tests: a mutated ``plans.yaml`` either builds or fails with located problems.

Each example starts from the real catalogue and breaks it the way an editor (or a bad merge) could:
a value of the wrong type, a missing or unknown key, wrong nesting, a duplicated id, a huge or odd
unicode text, an absurd number, or raw text damage YAML could never produce (a truncated file,
stray bytes, tabs, a BOM, CRLF, one enormous line). Then:

- fast path (many examples, in process): loading either succeeds, and then every generator (the
  articles, the quotable values, ``plans.json`` and the static comparator of both languages) runs
  and gives UTF-8-encodable output, or it raises :class:`LocatedError` whose every problem is
  ``plans.yaml:LINE:COL: ...`` inside the file. Any other exception is a bug.
- slow path (few examples, the real ``python -m helpcenter.build``): after a good build, the
  mutated catalogue either builds a complete site, or exits non-zero with a located report, no
  traceback, and the previous site left byte for byte as it was.

tests/test_catalogue_errors.py holds the hand-written cases with their exact messages; this module
only checks the shape of whatever comes out.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from comparator.browser import render_page
from helpcenter.blocks import TEMPLATE_BLOCKS, block_environment, render_block, sample_notice
from helpcenter.catalogue import load_catalogue
from helpcenter.comparator_assets import plans_json_text
from helpcenter.errors import LocatedError
from helpcenter.quoting import quotable_values
from tests.conftest import ROOT, BuildResult, copy_project
from tests.support.project import LANGUAGES, WORDS

VALID_BYTES = (ROOT / "plans.yaml").read_bytes()
#: The catalogue as plain data (the `!sample` marks are PyYAML-unknown tags; mutations drop them).
VALID: dict[str, Any] = yaml.safe_load(re.sub(rb" ?!sample", b"", VALID_BYTES))
#: What the build prints for one problem: ``plans.yaml:LINE:COL: key.path: message``.
LOCATED = re.compile(r"^plans\.yaml:(\d+):(\d+): (.+)$", re.DOTALL)
#: A problem line inside the build's output (indented under the "N problems found" head).
REPORTED = re.compile(r"^\s+plans\.yaml:\d+:\d+: \S", re.MULTILINE)
#: Lists whose items carry an ``id`` that must be unique.
ID_LISTS = (("features",), ("plans",), ("addons",), ("cancellation", "channels"))
TEXT_LIMIT = 100_000
#: The block templates the project ships (overrides/helpcenter/blocks).
BLOCKS = block_environment(ROOT / "overrides" / "helpcenter" / "blocks")
NO_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

KeyPath = tuple[str | int, ...]
#: Problems that may have an empty key path: a missing top-level key, and an empty key at the
#: root (``"": 1``: format_path(("",)) is ""; reported as a minor bug, the message quotes it).
ROOT_MESSAGES = ("missing required key",)

# --- mutations of the parsed catalogue ----------------------------------------------------------

#: Pieces of text that have broken text pipelines before: bidi controls, NUL, emoji sequences,
#: stacked combining marks, lone surrogates (YAML writes them as \uD800 escapes), line and paragraph
#: separators, NEL, a BOM, escape sequences, Markdown/Jinja/format syntax and placeholders.
ODD_PIECES = (
    "\u200f",
    "\u202e",
    "\u2066",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\U0001f600",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f1f3\U0001f1f1",
    "e\u0301\u0302\u0303\u0304",
    "\u2028",
    "\u2029",
    "\x85",
    "\ufeff",
    "\ufffd",
    "\t",
    "\r\n",
    "\\",
    "{label:upgrade_button}",
    "{label:nope}",
    "{label:}",
    "{{ plan.pro.price }}",
    "{% if %}",
    "{0}",
    "%s",
    "<b>",
    "&amp;",
    "*_`|#!",
    "[x](javascript:alert(1))",
    "Timely",
    "Pro",
    "ي",
    "\U00010348",
    "\ud800",
    "x\udfff",
)

ODD_TEXT = st.lists(st.sampled_from(ODD_PIECES) | st.text(max_size=4), min_size=1, max_size=6).map(
    "".join
)
HUGE_TEXT = st.sampled_from(("a", "é", "\U0001f600", "<img src=x>", "e\u0301", " ")).map(
    lambda piece: (piece * TEXT_LIMIT)[:TEXT_LIMIT]
)
ODD_NUMBERS = st.sampled_from(
    (
        -1,
        -0.01,
        -0.0,
        math.nan,
        math.inf,
        -math.inf,
        1e308,
        -1e308,
        5e-324,
        10**30,
        10**400,
        1_000_000,
        1_000_000.01,
        0,
        0.005,
        2**53 + 1,
    )
)
SCALARS = (
    st.text(max_size=8)
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
)
ANY_VALUE = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
KEYS = st.sampled_from(("recomended", "nl", "fr", "id", "price", "<b>", "", " ")) | st.text(
    min_size=1, max_size=8
)


def key_paths(value: Any, path: KeyPath = ()) -> Iterator[KeyPath]:
    """Every key path of a nested value, parents before children (root excluded)."""
    if not isinstance(value, dict | list):
        return
    items: Any = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        yield (*path, key)
        yield from key_paths(item, (*path, key))


def at(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def find(data: Any, path: KeyPath) -> Any:
    """The value at ``path``, or None when an earlier mutation removed, renamed or retyped a step.

    Paths drawn from ``key_paths(data)`` always exist; a fixed path such as ``("features",)``
    may not, and the generator must never crash on a catalogue it damaged itself.
    """
    for part in path:
        in_map = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_map or in_list):
            return None
        data = data[part]
    return data


def paths_where(data: Any, accept: Callable[[Any], bool]) -> list[KeyPath]:
    return [path for path in key_paths(data) if accept(at(data, path))]


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@st.composite
def mutated_catalogue(draw: st.DrawFn) -> dict[str, Any]:
    """The real catalogue with one to three random mutations applied."""
    data = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        MUTATIONS[draw(st.sampled_from(sorted(MUTATIONS)))](draw, data)
    return data


def pick(draw: st.DrawFn, paths: list[KeyPath]) -> KeyPath | None:
    """One of ``paths`` (None when an earlier mutation left none to pick)."""
    return draw(st.sampled_from(paths)) if paths else None


def _retype(draw: st.DrawFn, data: Any) -> None:
    """Replace any value by one of another type (str, int, float, bool, null, list, map)."""
    path = pick(draw, list(key_paths(data)))
    if path is None:
        return
    at(data, path[:-1])[path[-1]] = draw(ANY_VALUE)


def _delete(draw: st.DrawFn, data: Any) -> None:
    """Delete a key (or a list item)."""
    path = pick(draw, list(key_paths(data)))
    if path is None:
        return
    parent = at(data, path[:-1])
    del parent[path[-1]]


def _unknown_key(draw: st.DrawFn, data: Any) -> None:
    """Add a key the schema does not know to any map (the root included)."""
    maps = [(), *paths_where(data, lambda value: isinstance(value, dict))]
    target = at(data, draw(st.sampled_from(maps)))
    target[draw(KEYS)] = draw(ANY_VALUE)


def _rename_key(draw: st.DrawFn, data: Any) -> None:
    """Rename a key, possibly to one that is not text (``1:``, ``null:``, ``true:``)."""
    maps = [(), *paths_where(data, lambda value: isinstance(value, dict) and value)]
    target = at(data, draw(st.sampled_from(maps)))
    old = draw(st.sampled_from(list(target)))
    target[draw(KEYS | st.integers() | st.none() | st.booleans())] = target.pop(old)


def _wrap(draw: st.DrawFn, data: Any) -> None:
    """Wrong nesting: a value inside a list, a map, or an {nl, en} text."""
    path = pick(draw, list(key_paths(data)))
    if path is None:
        return
    parent, key = at(data, path[:-1]), path[-1]
    value = parent[key]
    parent[key] = draw(
        st.sampled_from(
            (
                [value],
                {"value": value},
                {"nl": value, "en": value},
                [[value]],
                {"nl": {"en": value}},
            )
        )
    )


def _text(draw: st.DrawFn, data: Any) -> None:
    """Replace a text by a huge or odd unicode one (both languages at once, usually)."""
    path = pick(draw, paths_where(data, lambda value: isinstance(value, str)))
    if path is None:
        return
    parent, key = at(data, path[:-1]), path[-1]
    text = draw(HUGE_TEXT if draw(st.integers(0, 9)) == 0 else ODD_TEXT)
    if isinstance(parent, dict) and set(parent) == set(LANGUAGES) and draw(st.booleans()):
        parent.update(dict.fromkeys(LANGUAGES, text))
    else:
        parent[key] = text


def _number(draw: st.DrawFn, data: Any) -> None:
    """Set a number to a negative, NaN, infinite, huge or tiny one."""
    path = pick(draw, paths_where(data, is_number))
    if path is None:
        return
    at(data, path[:-1])[path[-1]] = draw(ODD_NUMBERS)


def _duplicate_id(draw: st.DrawFn, data: Any) -> None:
    """Give an item the id of another one, or append a copy of an item."""
    where = draw(st.sampled_from(ID_LISTS))
    items = find(data, where)
    if not isinstance(items, list) or not items:
        return
    first = draw(st.integers(0, len(items) - 1))
    second = draw(st.integers(0, len(items) - 1))
    if draw(st.booleans()) or not isinstance(items[second], dict):
        items.append(copy.deepcopy(items[first]))
    elif isinstance(items[first], dict) and "id" in items[first]:
        items[second]["id"] = items[first]["id"]


def _applies_to(draw: st.DrawFn, data: Any) -> None:
    """An add-on's applies_to with plan ids swapped, repeated, or other kinds of ids."""
    addons = data.get("addons")
    if not isinstance(addons, list) or not addons or not isinstance(addons[0], dict):
        return
    ids = [p.get("id") for p in VALID["plans"]] + [f["id"] for f in VALID["features"]]
    ids += [a["id"] for a in VALID["addons"]] + ["", "PRO", "pro ", "Pro"]
    addon = addons[draw(st.integers(0, len(addons) - 1))]
    if isinstance(addon, dict):
        addon["applies_to"] = draw(st.lists(st.sampled_from(ids), max_size=5))


MUTATIONS: dict[str, Callable[[st.DrawFn, Any], None]] = {
    "retype": _retype,
    "delete": _delete,
    "unknown_key": _unknown_key,
    "rename_key": _rename_key,
    "wrap": _wrap,
    "text": _text,
    "number": _number,
    "duplicate_id": _duplicate_id,
    "applies_to": _applies_to,
}


def _values(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _values(item)


def dump(data: Any) -> bytes:
    """YAML text as an editor would save it (PyYAML escapes what it cannot write raw)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


# --- damage YAML could not produce -----------------------------------------------------------


def _tabs(data: bytes, draw: st.DrawFn) -> bytes:
    lines = data.split(b"\n")
    every = draw(st.integers(1, 5))
    return b"\n".join(
        re.sub(rb"^( +)", lambda m: b"\t" * len(m[1]), line) if number % every == 0 else line
        for number, line in enumerate(lines)
    )


@st.composite
def damaged_text(draw: st.DrawFn) -> bytes:
    """The real catalogue's bytes, damaged once or twice."""
    data = VALID_BYTES
    for _ in range(draw(st.integers(1, 2))):
        where = draw(st.integers(0, len(data)))
        kind = draw(
            st.sampled_from(
                ("truncate", "bytes", "control", "tabs", "bom", "crlf", "cr", "huge_line")
            )
        )
        if kind == "truncate":
            data = data[:where]
        elif kind == "bytes":
            data = data[:where] + draw(st.binary(min_size=1, max_size=6)) + data[where:]
        elif kind == "control":
            char = chr(draw(st.sampled_from([*range(0, 32), 0x7F, 0x85, 0x2028, 0xFEFF])))
            data = data[:where] + char.encode("utf-8") + data[where:]
        elif kind == "tabs":
            data = _tabs(data, draw)
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif kind == "cr":
            data = data.replace(b"\n", b"\r")
        else:
            size = draw(st.sampled_from((200_000, 2_100_000)))
            line = draw(st.sampled_from((b"# ", b"x: ", b"  ", b"")))
            start = data.rfind(b"\n", 0, where) + 1
            data = data[:start] + line + b"a" * size + b"\n" + data[start:]
    return data


# --- checks ------------------------------------------------------------------------------------


def assert_located(error: LocatedError, text: bytes, *, structural: bool) -> None:
    """Every problem is ``plans.yaml:LINE:COL: ...`` inside the file; structural ones name a path.

    A structural mutation leaves the YAML well formed, so each problem is about a value and names
    its key path, except a missing top-level key (the root has no path; the message names the key).
    """
    assert error.problems, "LocatedError without problems"
    lines = text.count(b"\n") + text.count(b"\r") + 1
    for problem in error.problems:
        shown = str(problem)
        match = LOCATED.match(shown)
        assert match, f"not located: {shown!r}"
        assert 1 <= int(match[1]) <= lines + 1, f"line outside the file: {shown!r}"
        assert int(match[2]) >= 1, shown
        if structural:
            assert problem.path or problem.message.startswith(ROOT_MESSAGES), (
                f"names no key path: {shown!r}"
            )
    error.report().encode("utf-8", "backslashreplace")


def render_everything(path: Path) -> None:
    """What the plugin's on_config and on_page_content render from a valid catalogue."""
    catalogue = load_catalogue(path, WORDS)
    outputs: list[str] = []
    for lang in LANGUAGES:
        outputs += [value.text for value in quotable_values(catalogue.model, lang).values()]
        outputs += [
            render_block(BLOCKS, name, catalogue.model, WORDS[lang]).markdown
            for name in TEMPLATE_BLOCKS
        ]
        outputs.append(
            sample_notice(BLOCKS, WORDS[lang], catalogue.model.product_name, ["prices", "links"])
        )
    plans_text = plans_json_text(catalogue.data, WORDS, catalogue.model.samples)
    # The browser reads plans.json with JSON.parse: no NaN or Infinity tokens.
    json.loads(plans_text, parse_constant=lambda token: pytest.fail(f"plans.json has {token}"))
    outputs.append(plans_text)
    for lang in LANGUAGES:
        outputs.append(render_page(json.loads(plans_text), "", lang))
    for output in outputs:
        output.encode("utf-8")  # the build writes every one of them as UTF-8


def check_fast(tmp_path: Path, text: bytes, *, structural: bool) -> bool:
    """True when the catalogue was valid and everything rendered; False when it was refused."""
    path = tmp_path / "plans.yaml"
    path.write_bytes(text)
    try:
        render_everything(path)
    except LocatedError as error:
        assert_located(error, text, structural=structural)
        return False
    return True


# --- the generator itself ----------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(draws=st.data(), replacement=st.sampled_from((None, "text", 1, [], {})))
def test_duplicate_id_survives_id_lists_that_an_earlier_mutation_removed_or_retyped(
    draws: st.DataObject, replacement: Any
) -> None:
    """Regression: ``_duplicate_id`` raised KeyError once ``features`` had been deleted."""
    damaged = copy.deepcopy(VALID)
    for where in ID_LISTS:
        if replacement is None:
            del damaged[where[0]]
        else:
            damaged[where[0]] = copy.deepcopy(replacement)
    _duplicate_id(draws.draw, damaged)


@settings(max_examples=300, deadline=None)
@given(draws=st.data())
def test_any_sequence_of_mutations_can_be_generated(draws: st.DataObject) -> None:
    """Every mutation applies to whatever the others left, so a failure is always the product's."""
    data = copy.deepcopy(VALID)
    for name in draws.draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=8)):
        MUTATIONS[name](draws.draw, data)
    dump(data)


# --- fast path: in process, many examples --------------------------------------------------------


def without_recommended() -> dict[str, Any]:
    """The falsifying example of 2026-11-28: ``plans[0].recommended`` (optional) deleted."""
    data = copy.deepcopy(VALID)
    del data["plans"][0]["recommended"]
    return data


@settings(max_examples=500, deadline=None, suppress_health_check=NO_HEALTH)
@given(data=mutated_catalogue())
@example(data=without_recommended())
def test_mutated_catalogue_renders_or_is_refused_with_located_problems(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    check_fast(tmp_path, dump(data), structural=True)


@settings(max_examples=300, deadline=None, suppress_health_check=NO_HEALTH)
@given(text=damaged_text())
@example(text=b"\xef\xbb\xbf" + VALID_BYTES)
@example(text=VALID_BYTES.replace(b"\n", b"\r\n"))
@example(text=VALID_BYTES[: len(VALID_BYTES) // 2])
@example(text=VALID_BYTES.replace(b"  name: Timely", b"\tname: Timely"))
@example(text=b"")
def test_damaged_catalogue_text_renders_or_is_refused_with_located_problems(
    tmp_path: Path, text: bytes
) -> None:
    check_fast(tmp_path, text, structural=False)


def odd_but_valid() -> bytes:
    """The real catalogue with bidi controls, an emoji sequence, combining marks, NUL and U+2028 in
    a plan summary (both languages): valid, so it must render."""
    odd = copy.deepcopy(VALID)
    summary = (
        "\u202eRTL\u200f \U0001f468\u200d\U0001f469\u200d\U0001f467 e\u0301\u0302 a\u2028b\x00"
    )
    odd["plans"][0]["summary"] = dict.fromkeys(LANGUAGES, summary)
    return dump(odd)


def test_harmless_damage_still_renders(tmp_path: Path) -> None:
    """A BOM, CRLF line endings, a huge comment line and odd unicode text are all valid."""
    for text in (
        b"\xef\xbb\xbf" + VALID_BYTES,
        VALID_BYTES.replace(b"\n", b"\r\n"),
        b"# " + b"a" * 500_000 + b"\n" + VALID_BYTES,
        odd_but_valid(),
    ):
        assert check_fast(tmp_path, text, structural=False)


# --- slow path: the real build, few examples ------------------------------------------------------


def site_digest(site: Path) -> dict[str, str]:
    """Every file of the site with the SHA-256 of its bytes."""
    return {
        str(file.relative_to(site)): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(site.rglob("*"))
        if file.is_file()
    }


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy with a good site already built (the site a failed build must keep)."""
    from tests.conftest import run_build

    project = copy_project(tmp_path_factory.mktemp("fuzz") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return project


@settings(max_examples=10, deadline=None, suppress_health_check=NO_HEALTH)
@given(text=mutated_catalogue().map(dump) | damaged_text())
@example(text=odd_but_valid())
@example(text=VALID_BYTES[: len(VALID_BYTES) // 3])
def test_a_mutated_build_succeeds_or_keeps_the_previous_site(
    built_project: Path, build: Callable[[Path], BuildResult], text: bytes
) -> None:
    site = built_project / "site"
    before = site_digest(site)
    (built_project / "plans.yaml").write_bytes(text)
    try:
        result = build(built_project)
    finally:
        (built_project / "plans.yaml").write_bytes(VALID_BYTES)
    assert "Traceback" not in result.output, result.output
    leftovers = sorted(p.name for p in built_project.iterdir() if p.name.startswith(".site"))
    assert not leftovers, f"staging folders left behind: {leftovers}"
    if result.returncode == 0:
        built = site_digest(site)
        for page in (
            "index.html",
            "en/index.html",
            "account/manage-subscription/index.html",
            "sitemap.xml",
        ):
            assert page in built, f"a successful build lacks {page}"
        return
    assert REPORTED.search(result.output), f"failed without a located problem:\n{result.output}"
    assert site_digest(site) == before, "a failed build changed the previous site"
