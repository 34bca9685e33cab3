"""YAML with positions: where each key was written, its samples, and every refusal located."""

from __future__ import annotations

import pytest

from helpcenter import positional_yaml
from helpcenter.errors import LocatedError
from helpcenter.positional_yaml import format_path, load_positioned

TEXT = """\
name: Timely
plans:
  - id: lite
    price: !sample {EUR: 149}
  - id: pro
    tags: [a, b]
flags: {yes: 1, 3: x}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(LocatedError) as raised:
        load_positioned(text, "f.yaml")
    return [str(problem) for problem in raised.value.problems]


def test_values_and_the_line_and_column_of_every_key() -> None:
    document = load_positioned(TEXT, "f.yaml")
    assert document.value == {
        "name": "Timely",
        "plans": [{"id": "lite", "price": {"EUR": 149}}, {"id": "pro", "tags": ["a", "b"]}],
        "flags": {"true": 1, "3": "x"},
    }
    assert document.file == "f.yaml"
    assert document.positions[()] == (1, 1)
    assert document.positions[("name",)] == (1, 1)
    assert document.positions[("plans",)] == (2, 1)
    assert document.positions[("plans", 0)] == (3, 5)
    assert document.positions[("plans", 0, "price")] == (4, 5)
    assert document.positions[("plans", 0, "price", "EUR")] == (4, 21)
    assert document.positions[("plans", 1, "tags", 1)] == (6, 15)
    assert document.positions[("flags", "3")] == (7, 17)
    # A path that was not written is placed at its closest written ancestor.
    assert document.position(("plans", 1, "price", "USD")) == (5, 5)
    assert document.position(("nothing", "here")) == (1, 1)


def test_samples_are_the_values_tagged_sample_and_everything_inside_them() -> None:
    document = load_positioned(TEXT + "list: !sample [1, 2]\n", "f.yaml")
    assert document.samples == (("plans", 0, "price"), ("list",))
    assert document.value["list"] == [1, 2]
    assert document.is_sample(("plans", 0, "price", "EUR"))
    assert document.is_sample(("plans", 0))  # contains a sample
    assert document.is_sample(("list", 1))
    assert not document.is_sample(("plans", 1))
    assert not document.is_sample(("name",))
    tagged = load_positioned("a: !sample 3\nb: !sample x\nc: !sample 1.5\n", "f.yaml")
    assert tagged.value == {"a": 3, "b": "x", "c": 1.5}  # the tag keeps the value's own type


def test_a_sample_keeps_the_type_it_has_without_the_tag() -> None:
    """Quoted text stays text when tagged ``!sample`` ("0123" is no number, nor "true" a yes)."""
    text = 'a: "0123"\nb: \'1.10\'\nc: 0123\nd: "true"\ne: |\n  12\nf: 1.5\n'
    tagged = text.replace(": ", ": !sample ")
    assert load_positioned(tagged, "f.yaml").value == load_positioned(text, "f.yaml").value
    assert load_positioned(tagged, "f.yaml").value == {
        "a": "0123",
        "b": "1.10",
        "c": 83,  # YAML 1.1 reads a plain 0123 as octal, with or without the tag
        "d": "true",
        "e": "12\n",
        "f": 1.5,
    }


def test_an_empty_file_is_an_empty_map() -> None:
    document = load_positioned("# only a comment\n", "f.yaml")
    assert (document.value, document.positions, document.samples) == ({}, {(): (1, 1)}, ())


def test_merge_keys_are_resolved_like_safe_load() -> None:
    text = "base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n"
    assert load_positioned(text, "f.yaml").value["item"] == {"x": 1, "y": 2}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", ["f.yaml:3:1: a: duplicate key (first written on line 1)"]),
        ("? [a, b]\n: 1\n", ["f.yaml:1:3: a key must be a plain name, not a list or map"]),
        (
            "a: .nan\nb: -.inf\n",
            [
                "f.yaml:1:4: a: expected a finite number, got nan",
                "f.yaml:2:4: b: expected a finite number, got -inf",
            ],
        ),
        (
            'a: "\\ud800"\n',
            ["f.yaml:1:4: a: invalid text: a lone UTF-16 surrogate (\\uD800-\\uDFFF)"],
        ),
        ("when: 2024-02-31\n", ["f.yaml:1:7: when: invalid value: day is out of range for month"]),
        (
            "a: [1, 2\n",
            [
                "f.yaml:2:1: invalid YAML: expected ',' or ']', but got '<stream end>' "
                "(while parsing a flow sequence)"
            ],
        ),
        (
            "a: b\n\x07\n",
            [
                "f.yaml:1:1: invalid YAML: unacceptable character #x0007: special characters are "
                'not allowed\n  in "<unicode string>", position 5'
            ],
        ),
        (
            "a: &x [*x]\n",
            [
                "f.yaml:1:4: an alias refers to itself, so it would expand forever; write the "
                "values out instead"
            ],
        ),
        (
            'plans:\n  - {x: [a, b]}\n  - {"": 1, "two words": [!!python/name:os.system ]}\n',
            [
                'f.yaml:3:27: plans[1]["two words"][0]: invalid value: could not determine a '
                "constructor for the tag 'tag:yaml.org,2002:python/name:os.system'"
            ],
        ),
    ],
)
def test_each_refusal_is_located(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_a_yaml_bomb_is_refused_before_it_expands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(positional_yaml, "MAX_NODES", 20)
    text = "a: &a [1, 2, 3, 4]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n"
    assert problems(text) == [
        "f.yaml:3:4: aliases expand to more than 20 values (a YAML bomb?); write the values "
        "out instead"
    ]
    # 1 map + 2 keys + [1, 2] (3 values) + two copies of it (7): 13 values, within the budget.
    assert load_positioned("a: &a [1, 2]\nb: [*a, *a]\n", "f.yaml").value["b"] == [[1, 2]] * 2


def test_a_file_above_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(positional_yaml, "MAX_BYTES", 10)
    assert load_positioned("a: 123456\n", "f.yaml").value == {"a": 123456}  # 10 bytes
    assert problems("a: 1234567\n") == ["f.yaml:1:1: file is larger than 10 bytes"]
    # Bytes, not characters: "é" takes two.
    assert problems("a: é23456\n") == ["f.yaml:1:1: file is larger than 10 bytes"]


def test_paths_are_written_as_the_messages_show_them() -> None:
    assert format_path(()) == ""
    assert format_path(("plans", 2, "price", "EUR")) == "plans[2].price.EUR"
    assert format_path((0, "id")) == "[0].id"
    assert format_path(("texts", "two words", "")) == 'texts["two words"][""]'
    assert format_path(("labels", "é")) == 'labels["é"]'
