"""The Content-Security-Policy in netlify.toml against what the built pages actually contain.

Material writes small inline scripts into every page (`__md_scope`, the palette, tab targets).
The policy allows them by SHA-256 hash instead of `'unsafe-inline'`; these helpers find every
inline script in a built site so a test fails (with the line to paste) when Material changes them.
"""

from __future__ import annotations

import base64
import hashlib
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

#: `type` values a browser executes; anything else (e.g. `application/json`) is inert data.
SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
#: Material's first inline script; its only page-dependent part is the relative base URL.
MD_SCOPE = re.compile(r'^__md_scope=new URL\("([^"]*)",location\)')


def script_hash(source: str) -> str:
    """The CSP source expression allowing exactly this inline script text."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class PageScripts(HTMLParser):
    """Inline scripts, inline event handlers and `javascript:` URLs of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline: list[str] = []
        self.handlers: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on") or value.strip().lower().startswith("javascript:"):
                self.handlers.append(f"<{tag} {name}={value[:60]!r}>")
        executes = values.get("type", "").strip().lower() in SCRIPT_TYPES
        if tag == "script" and "src" not in values and executes:
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.inline.append("".join(self._current))
            self._current = None


def page_scripts(html: str) -> PageScripts:
    parser = PageScripts()
    parser.feed(html)
    parser.close()
    return parser


def site_inline_hashes(site_dir: Path) -> dict[str, list[str]]:
    """Each inline script's hash, with the pages (relative paths) that contain it."""
    found: dict[str, list[str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        for source in page_scripts(page.read_text(encoding="utf-8")).inline:
            found.setdefault(script_hash(source), []).append(str(page.relative_to(site_dir)))
    return found


def md_scope_variants(site_dir: Path, max_depth: int = 4) -> dict[str, str]:
    """Hashes of Material's `__md_scope` script for pages up to ``max_depth`` folders deep.

    A page's copy differs only in its relative base URL (".", "..", "../.." ...; "/" on the
    404 page), so allowing the next few depths keeps a new, deeper article from breaking.
    """
    template = next(
        (
            source
            for page in site_dir.rglob("*.html")
            for source in page_scripts(page.read_text(encoding="utf-8")).inline
            if MD_SCOPE.match(source)
        ),
        None,
    )
    if template is None:
        return {}
    bases = ["/", "."] + ["/".join([".."] * depth) for depth in range(1, max_depth + 1)]
    return {
        script_hash(MD_SCOPE.sub(f'__md_scope=new URL("{base}",location)', template)): base
        for base in bases
    }


def policy_from_toml(netlify_toml: Path, pattern: str = "/*") -> dict[str, list[str]]:
    """The Content-Security-Policy set for ``pattern`` in netlify.toml, directive by directive."""
    config = tomllib.loads(netlify_toml.read_text(encoding="utf-8"))
    for table in config.get("headers", []):
        if table["for"] == pattern and "Content-Security-Policy" in table["values"]:
            return parse_policy(table["values"]["Content-Security-Policy"])
    raise AssertionError(f"netlify.toml sets no Content-Security-Policy for {pattern!r}")


def parse_policy(policy: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives
