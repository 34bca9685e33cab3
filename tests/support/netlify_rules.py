"""Netlify's header and redirect rules, parsed and matched the way Netlify's CDN does.

Kept free of any HTTP code so the matching can be unit-tested directly; `netlify_server` serves a
site with it. Sources for the semantics: @netlify/headers-parser (`for` path to regexp), the
Netlify CLI rules proxy (`nf_lang` cookie before Accept-Language), Netlify's docs on file shadowing
(an unforced rule never hides an existing file) and on the default Cache-Control.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any

#: What Netlify sends when no rule sets Cache-Control (static files are revalidated).
NETLIFY_DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CONDITION_KEYS = frozenset({"Language", "Country", "Role", "Cookie"})


# --- headers -------------------------------------------------------------------------------------


@cache
def header_regex(pattern: str) -> re.Pattern[str]:
    """Netlify's `for` path as a regexp: `*` alone matches any rest, inside a part any text."""
    parts = []
    for part in (p.rstrip() for p in pattern.split("/")):
        if not part:
            continue
        if part.startswith(":"):
            parts.append("([^/]+)")
        elif part == "*":
            parts.append("?(.*)")
        else:
            # Netlify leaves the rest of a wildcard part unescaped; escaping it is stricter.
            parts.append("(.*)".join(re.escape(chunk) for chunk in part.split("*")))
    return re.compile("^/" + "/".join(parts) + "/?$", re.IGNORECASE)


@dataclass(frozen=True)
class HeaderRule:
    """One `[[headers]]` table (or `_headers` block): a path pattern and the headers it adds."""

    pattern: str
    values: tuple[tuple[str, str], ...]
    source: str = "netlify.toml"

    def matches(self, path: str) -> bool:
        return header_regex(self.pattern).match(path) is not None


def _header_value(value: object) -> str:
    """Multi-line strings and arrays collapse into one header value, as Netlify does."""
    if isinstance(value, list):
        return ", ".join(str(item).strip() for item in value)
    return " ".join(line.strip() for line in str(value).splitlines() if line.strip())


def headers_from_toml(config: Mapping[str, Any]) -> list[HeaderRule]:
    """The `[[headers]]` tables of a parsed netlify.toml."""
    rules = []
    for table in config.get("headers", []) or []:
        values = tuple((name, _header_value(v)) for name, v in table.get("values", {}).items())
        rules.append(HeaderRule(table["for"], values, "netlify.toml"))
    return rules


def parse_headers_file(text: str, source: str = "_headers") -> list[HeaderRule]:
    """A `_headers` file: an unindented path line, then indented `Name: value` lines."""
    blocks: list[tuple[str, list[tuple[str, str]]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not raw[0].isspace():
            blocks.append((line, []))
        elif blocks and ":" in line:
            name, value = line.split(":", 1)
            blocks[-1][1].append((name.strip(), value.strip()))
        else:
            raise ValueError(f"{source}:{number}: expected 'Name: value' under a path: {raw!r}")
    return [HeaderRule(path, tuple(values), source) for path, values in blocks]


def headers_for_path(rules: Iterable[HeaderRule], path: str) -> list[tuple[str, str]]:
    """Every header the matching rules add; one header set by several rules is comma-joined.

    Whether Netlify joins or overrides across rules is not documented; joining is the worse case,
    so a configuration that is right here (one rule per header and file) is right on Netlify too.
    """
    merged: dict[str, tuple[str, str]] = {}
    for rule in rules:
        if not rule.matches(path):
            continue
        for name, value in rule.values:
            key = name.lower()
            if key in merged:
                merged[key] = (merged[key][0], f"{merged[key][1]}, {value}")
            else:
                merged[key] = (name, value)
    return list(merged.values())


def header_sources(rules: Iterable[HeaderRule], path: str) -> dict[str, list[str]]:
    """For each header name (lower case), the patterns of the rules that set it for ``path``."""
    sources: dict[str, list[str]] = {}
    for rule in rules:
        if rule.matches(path):
            for name, _ in rule.values:
                sources.setdefault(name.lower(), []).append(rule.pattern)
    return sources


# --- redirects -----------------------------------------------------------------------------------


@cache
def redirect_regex(from_path: str) -> re.Pattern[str]:
    """A redirect `from`: literal parts, `:name` placeholders, one trailing `*` splat."""
    parts = [p for p in from_path.split("/") if p]
    pattern = ""
    for index, part in enumerate(parts):
        if part == "*":
            if index != len(parts) - 1:
                raise ValueError(f"{from_path}: a splat must be the last part")
            pattern += "(?:/(?P<splat>.*))?"
        elif "*" in part:
            raise ValueError(f"{from_path}: '*' must be a whole, last path part")
        elif part.startswith(":"):
            pattern += f"/(?P<{part[1:]}>[^/]+)"
        else:
            pattern += "/" + re.escape(part)
    return re.compile(f"^{pattern}/?$" if pattern else "^/$")


@dataclass(frozen=True)
class Request:
    """What redirect conditions look at."""

    path: str
    query: str = ""
    accept_language: str = ""
    cookie_header: str = ""
    country: str | None = None

    @property
    def cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(self.cookie_header)
        except CookieError:
            return {}
        return {name: morsel.value for name, morsel in jar.items()}

    @property
    def language(self) -> str | None:
        """The `nf_lang` cookie if set (a visitor's choice wins), else the first preferred one."""
        chosen = self.cookies.get("nf_lang")
        if chosen:
            return chosen.strip().lower()
        first = self.accept_language.split(",")[0].split(";")[0].strip().lower()
        return first or None


@dataclass(frozen=True)
class RedirectRule:
    """One redirect: `_redirects` line or `[[redirects]]` table."""

    from_path: str
    to: str
    status: int = 301
    force: bool = False
    conditions: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    source: str = ""

    def __post_init__(self) -> None:
        redirect_regex(self.from_path)  # fail on load, not on the first request
        for key, _ in self.conditions:
            if key not in CONDITION_KEYS:
                raise ValueError(f"{self.source}: unknown redirect condition {key!r}")

    def match(self, request: Request) -> dict[str, str] | None:
        """The placeholder values if the path and every condition match, else None."""
        if self.from_path.startswith(("http://", "https://")):
            return None  # host-specific rules never apply to the local server
        found = redirect_regex(self.from_path).match(request.path)
        if found is None or not all(_condition(k, v, request) for k, v in self.conditions):
            return None
        return {name: value or "" for name, value in found.groupdict().items()}

    def target(self, values: Mapping[str, str]) -> str:
        """`to` with `:splat` and `:name` replaced by what the path matched."""
        return re.sub(r":(\w+)", lambda m: values.get(m[1], m[0]), self.to)


def _condition(key: str, values: tuple[str, ...], request: Request) -> bool:
    wanted = {value.strip().lower() for value in values}
    if key == "Language":
        language = request.language
        return language is not None and bool({language, language.split("-")[0]} & wanted)
    if key == "Country":
        return request.country is not None and request.country.lower() in wanted
    if key == "Cookie":
        return any(name.lower() in wanted for name in request.cookies)
    return False  # Role: no identity on a static test server


def parse_redirects_file(text: str, source: str = "_redirects") -> list[RedirectRule]:
    """`from to [status[!]] [Key=value,value ...]` lines; `#` starts a comment line."""
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{source}:{number}"
        tokens = line.split()
        if len(tokens) < 2 or ("=" in tokens[1] and not tokens[1].startswith(("/", "http"))):
            raise ValueError(
                f"{where}: expected 'from to [status] [conditions]' (query-parameter "
                f"rules are not supported here): {line!r}"
            )
        status, force, rest = 301, False, tokens[2:]
        if rest and re.fullmatch(r"\d{3}!?", rest[0]):
            status, force, rest = int(rest[0].rstrip("!")), rest[0].endswith("!"), rest[1:]
        conditions = []
        for token in rest:
            if "=" not in token:
                raise ValueError(f"{where}: unexpected {token!r}")
            key, _, values = token.partition("=")
            conditions.append((key, tuple(v for v in values.split(",") if v)))
        rules.append(RedirectRule(tokens[0], tokens[1], status, force, tuple(conditions), where))
    return rules


def redirects_from_toml(config: Mapping[str, Any]) -> list[RedirectRule]:
    """The `[[redirects]]` tables of a parsed netlify.toml."""
    rules = []
    for index, table in enumerate(config.get("redirects", []) or []):
        conditions = tuple(
            (key, tuple(value) if isinstance(value, list) else (str(value),))
            for key, value in table.get("conditions", {}).items()
        )
        rules.append(
            RedirectRule(
                table["from"],
                table["to"],
                int(table.get("status", 301)),
                bool(table.get("force", False)),
                conditions,
                f"netlify.toml redirects[{index}]",
            )
        )
    return rules


# --- a whole site --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteRules:
    """Everything Netlify would apply to one deploy, in Netlify's order of precedence."""

    headers: tuple[HeaderRule, ...]
    redirects: tuple[RedirectRule, ...]


def load_site_rules(site_dir: Path, netlify_toml: Path) -> SiteRules:
    """`_headers`/`_redirects` from the published folder plus netlify.toml (file rules first)."""
    config = tomllib.loads(netlify_toml.read_text(encoding="utf-8"))
    headers_file, redirects_file = site_dir / "_headers", site_dir / "_redirects"
    headers = parse_headers_file(headers_file.read_text("utf-8")) if headers_file.is_file() else []
    redirects = (
        parse_redirects_file(redirects_file.read_text("utf-8")) if redirects_file.is_file() else []
    )
    return SiteRules(
        tuple(headers + headers_from_toml(config)),
        tuple(redirects + redirects_from_toml(config)),
    )
