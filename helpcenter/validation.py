"""Check a loaded catalogue against the JSON Schema and the rules a schema cannot say.

The schema (``plans.schema.json``) is what editors use to autocomplete ``plans.yaml``; this module
turns its errors into messages that say what was expected, and adds the cross-field rules:
unique ids, references between plans, add-ons and features, label placeholders, and the
do-not-translate glossary.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from core.languages import Languages
from helpcenter.errors import Problem
from helpcenter.positional_yaml import KeyPath, Positioned, format_path

if TYPE_CHECKING:
    import jsonschema


LABEL_REFERENCE = re.compile(r"\{label:([^{}]*)\}")
CHECKOUT_PLACEHOLDERS = {"plan", "addons", "period", "lang"}
_JSON_TYPES = {
    "object": "a map of keys",
    "array": "a list",
    "string": "a text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing (null)",
}


@cache
def schema() -> dict[str, Any]:
    """The catalogue's JSON Schema, shipped inside this package."""
    text = resources.files("helpcenter").joinpath("plans.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def language_schema(languages: Languages) -> dict[str, Any]:
    """The schema for this site: every per-language value (``x-languages``) needs exactly the
    site's languages. The file itself names none, so an editor accepts any language code."""
    specialized: dict[str, Any] = json.loads(json.dumps(schema()))
    for definition in specialized["$defs"].values():
        if definition.pop("x-languages", False):
            value = definition.pop("additionalProperties")
            definition.pop("minProperties", None)
            definition["properties"] = {lang: value for lang in languages}
            definition["required"] = list(languages)
            definition["additionalProperties"] = False
    return specialized


def with_defaults(value: Any, node: dict[str, Any] | None = None) -> Any:
    """A copy of a valid catalogue with every left-out key that has a schema ``default`` filled in.

    The schema is the one place that says an optional key's value (``plans[].recommended``:
    false), so articles, quotes and ``plans.json`` all read the same complete catalogue.
    """
    node = schema() if node is None else node
    while "$ref" in node:
        node = schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    if isinstance(value, dict):
        properties = node.get("properties", {})
        filled = {key: with_defaults(item, properties.get(key, {})) for key, item in value.items()}
        for key, sub in properties.items():
            if key not in filled and "default" in sub:
                filled[key] = sub["default"]
        return filled
    if isinstance(value, list):
        return [with_defaults(item, node.get("items", {})) for item in value]
    return value


def validate(doc: Positioned, file: str, languages: Languages) -> list[Problem]:
    """Every problem of the catalogue, located; an empty list means it is valid."""
    problems = list(_schema_problems(doc, file, languages))
    for path, message in _rule_problems(doc.value, languages):
        problems.append(Problem(file, *doc.position(path), format_path(path), message))
    return problems


def _schema_problems(doc: Positioned, file: str, languages: Languages) -> Iterator[Problem]:
    import jsonschema  # imported here: a build whose catalogue is known valid never needs it

    validator = jsonschema.Draft202012Validator(language_schema(languages))
    for error in validator.iter_errors(doc.value):
        for path, message in _explain(error, languages):
            yield Problem(file, *doc.position(path), format_path(path), message)


def _explain(
    error: jsonschema.ValidationError, languages: Languages
) -> Iterator[tuple[KeyPath, str]]:
    """Translate one jsonschema error into (key path, what was expected) pairs."""
    path: KeyPath = tuple(error.absolute_path)
    keyword = error.validator
    # The stubs allow "unset" values; a reported error always has them set.
    schema: Any = error.schema
    validator_value: Any = error.validator_value
    expected = schema.get("x-expected") if isinstance(schema, dict) else None
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        instance: Any = error.instance
        extras = [key for key in instance if key not in allowed]
        for key in extras:
            yield (*path, key), _unknown_key(key, allowed)
    elif keyword == "required":
        missing = re.findall(r"'([^']*)' is a required property", error.message)
        for key in missing:
            if key in languages:
                yield (
                    path,
                    f"missing the '{key}' text (every text needs {languages.listed()})",
                )
            else:
                yield path, f"missing required key '{key}'"
    elif keyword == "type":
        wanted = validator_value
        names = [_JSON_TYPES.get(t, t) for t in ([wanted] if isinstance(wanted, str) else wanted)]
        yield (
            path,
            f"expected {expected or ' or '.join(names)}, got {_describe(error.instance)}",
        )
    elif keyword == "enum":
        options = ", ".join(json.dumps(option) for option in validator_value)
        yield path, f"expected one of {options}, got {_describe(error.instance)}"
    elif keyword in {"minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"}:
        wanted = expected or _bound(keyword, validator_value)
        yield path, f"expected {wanted}, got {error.instance!r}"
    elif keyword == "oneOf" and isinstance(schema, dict) and "x-expected" not in schema:
        # A nullable value: report the error of the non-null branch, which is the useful one.
        from jsonschema.exceptions import best_match

        best = best_match(error.context or [])
        if best is not None and best is not error:
            yield from _explain(best, languages)
        else:
            yield path, f"invalid value {_describe(error.instance)}"
    elif keyword == "propertyNames":
        yield (*path, str(error.instance)), f"invalid key {error.instance!r}"
    elif keyword in {"minItems", "minProperties"}:
        yield path, f"expected at least {validator_value} entries"
    elif keyword == "uniqueItems":
        yield path, "expected every entry to be different"
    else:
        yield (
            path,
            f"expected {expected}, got {_describe(error.instance)}" if expected else error.message,
        )


def _unknown_key(key: str, allowed: list[str]) -> str:
    guess = difflib.get_close_matches(key, allowed, n=1)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    return f"unknown key '{key}' ({hint}expected one of: {', '.join(allowed)})"


def _bound(keyword: str, value: float) -> str:
    words = {
        "minimum": "at least",
        "exclusiveMinimum": "more than",
        "maximum": "at most",
        "exclusiveMaximum": "less than",
    }
    return f"a number {words[keyword]} {value}"


def _describe(value: Any) -> str:
    """A short, writer-friendly description of a wrong value."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    kind = "text" if isinstance(value, str) else type(value).__name__
    shown = repr(value)
    return f"{kind} {shown if len(shown) <= 60 else shown[:57] + '...'}"


def _rule_problems(data: Any, languages: Languages) -> Iterator[tuple[KeyPath, str]]:
    """Rules across fields. Each rule runs on its own, so one malformed section (already reported
    by the schema) does not hide the problems of the others."""
    rules: tuple[Callable[[Any], Iterable[tuple[KeyPath, str]]], ...] = (
        _id_rules,
        _plan_rules,
        _addon_rules,
        _channel_rules,
        _checkout_rule,
        lambda data: _label_references(data, languages),
        lambda data: _glossary(data, languages),
    )
    for rule in rules:
        found: list[tuple[KeyPath, str]] = []
        try:
            for path, message in rule(data):
                # A path through a wrongly nested value (a map used as a key) is not reportable;
                # the schema already located that value.
                if all(isinstance(part, str | int) for part in path):
                    found.append((path, message))
        except (KeyError, TypeError, AttributeError, IndexError):
            pass  # the shape is wrong here; the schema problems already say how
        yield from found


def _ids(items: Any) -> list[str]:
    return list(
        dict.fromkeys(
            item["id"]
            for item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        )
    )


def _id_rules(data: dict[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    for where in (("features",), ("plans",), ("addons",), ("cancellation", "channels")):
        items: Any = data
        for key in where:
            items = items[key]
        yield from _unique_ids(items, where)


def _plan_rules(data: dict[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    feature_ids = _ids(data["features"])
    currencies = data["product"]["currencies"]
    for index, plan in enumerate(data["plans"]):
        where: KeyPath = ("plans", index)
        if not isinstance(plan.get("features"), dict):
            continue
        for feature, value in plan["features"].items():
            if feature not in feature_ids:
                yield (
                    (*where, "features", feature),
                    _unknown_ref("feature", feature, feature_ids),
                )
            elif isinstance(value, float):
                # JSON Schema counts 3.0 as an integer; a count is written as a whole number.
                yield (*where, "features", feature), f"expected a whole number, got {value!r}"
        for feature in feature_ids:
            if feature not in plan["features"]:
                yield (*where, "features"), f"missing a value for feature '{feature}'"
        if isinstance(plan["price"], dict):
            yield from _all_currencies(plan["price"], currencies, (*where, "price"))
        elif plan["self_service"] is True:
            yield (
                (*where, "price"),
                "a self-service plan needs a price (null means on request)",
            )


def _addon_rules(data: dict[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    plan_ids = _ids(data["plans"])
    currencies = data["product"]["currencies"]
    for index, addon in enumerate(data["addons"]):
        where: KeyPath = ("addons", index)
        for position, plan_id in enumerate(addon["applies_to"]):
            if plan_id not in plan_ids:
                yield (
                    (*where, "applies_to", position),
                    _unknown_ref("plan", plan_id, plan_ids),
                )
        if ("price" in addon) == ("fee_percent" in addon):
            yield where, "expected exactly one of 'price' (per year) or 'fee_percent'"
        elif isinstance(addon.get("price"), dict):
            yield from _all_currencies(addon["price"], currencies, (*where, "price"))


def _channel_rules(data: dict[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    for index, channel in enumerate(data["cancellation"]["channels"]):
        if channel["kind"] == "email" and "address" not in channel:
            yield (
                ("cancellation", "channels", index),
                "an email channel needs an 'address'",
            )


def _checkout_rule(data: dict[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    yield from _checkout_template(data["links"]["checkout"])


def _unique_ids(items: list[dict[str, Any]], where: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        if item["id"] in seen:
            first = f"{format_path((*where, seen[item['id']]))}"
            yield (
                (*where, index, "id"),
                f"duplicate id '{item['id']}' (already used by {first})",
            )
        else:
            seen[item["id"]] = index


def _unknown_ref(kind: str, value: str, known: list[str]) -> str:
    return f"unknown {kind} '{value}' (expected one of: {', '.join(known)})"


def _all_currencies(
    price: dict[str, Any], currencies: list[str], where: KeyPath
) -> Iterator[tuple[KeyPath, str]]:
    for currency in currencies:
        if currency not in price:
            yield where, f"missing the {currency} price (product.currencies lists it)"
    for currency in price:
        if currency not in currencies:
            yield (
                (*where, currency),
                f"currency {currency} is not in product.currencies",
            )


def _checkout_template(template: str) -> Iterator[tuple[KeyPath, str]]:
    where: KeyPath = ("links", "checkout")
    used = set(re.findall(r"\{([^{}]*)\}", template))
    for name in sorted(used - CHECKOUT_PLACEHOLDERS):
        allowed = ", ".join(f"{{{p}}}" for p in sorted(CHECKOUT_PLACEHOLDERS))
        yield where, f"unknown placeholder {{{name}}} (expected: {allowed})"
    if "plan" not in used:
        yield where, "the checkout template must contain {plan}"
    host = urlsplit(template.replace("{", "").replace("}", "")).hostname or ""
    if "{" in template.split("//", 1)[-1].split("/", 1)[0]:
        yield where, f"placeholders are not allowed in the host ({host})"


def _texts(
    value: Any, path: KeyPath, languages: Languages
) -> Iterator[tuple[KeyPath, dict[str, str]]]:
    """Every per-language text in the catalogue, with its path."""
    if isinstance(value, dict):
        if set(value) == set(languages) and all(isinstance(v, str) for v in value.values()):
            yield path, value
            return
        for key, item in value.items():
            yield from _texts(item, (*path, key), languages)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index), languages)


def _label_references(data: dict[str, Any], languages: Languages) -> Iterator[tuple[KeyPath, str]]:
    labels = set(data["labels"])
    for path, text in _texts(data, (), languages):
        for language in languages:
            for name in LABEL_REFERENCE.findall(text[language]):
                if name not in labels:
                    known = ", ".join(sorted(labels))
                    yield (
                        (*path, language),
                        f"unknown label {{label:{name}}} (expected one of: {known})",
                    )


def _glossary(data: dict[str, Any], languages: Languages) -> Iterator[tuple[KeyPath, str]]:
    """A do-not-translate term written in one language must appear unchanged in the others."""
    terms = [term for term in data["glossary"] if isinstance(term, str) and term.strip()]
    patterns = {term: re.compile(rf"(?<!\w){re.escape(term)}(?!\w)") for term in terms}
    for path, text in _texts(data, (), languages):
        if path[:1] == ("links",):
            continue
        for term, pattern in patterns.items():
            present = {lang: bool(pattern.search(text[lang])) for lang in languages}
            if len(set(present.values())) > 1:
                has = next(lang for lang in languages if present[lang])
                for lacks in (lang for lang in languages if not present[lang]):
                    yield (
                        (*path, lacks),
                        (
                            f"glossary term '{term}' appears in the {has} text but not in the "
                            f"{lacks} text (glossary terms are never translated)"
                        ),
                    )
