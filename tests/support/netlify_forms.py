"""Netlify Forms, emulated: form detection at deploy, the served HTML, and recorded submissions.

What Netlify does (docs.netlify.com, Forms setup and Spam filters), and so what this does:
- at deploy it finds every ``<form>`` with ``data-netlify="true"`` (or ``netlify``) and a
  ``name`` in the built HTML, and registers it with the names of its fields;
- it serves the HTML with those attributes removed and a hidden ``form-name`` input added;
- a POST (to any path) whose ``form-name`` names a registered form is stored with the form's
  registered fields only, and answered with the page at the posted path (the form's ``action``),
  or a generic success page;
- a submission whose honeypot field (``netlify-honeypot="<field>"``) is filled is answered the
  same way but never stored.
Kept free of HTTP code, so the server and the tests share one implementation.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl

_FORM_TAG = re.compile(rb"<form\b[^>]*>", re.IGNORECASE)
_NETLIFY_ATTRIBUTE = re.compile(
    rb'\s+(?:data-netlify="true"|netlify(?=[\s>])|netlify-honeypot="[^"]*")', re.IGNORECASE
)
_FIELDS = frozenset({"input", "textarea", "select", "button"})
_NAME = re.compile(rb'\sname="([^"]+)"')


@dataclass(frozen=True)
class FormSpec:
    """A form Netlify registered at deploy: its name, its fields and its honeypot field."""

    name: str
    fields: frozenset[str]
    honeypot: str | None


@dataclass(frozen=True)
class Submission:
    """One stored submission, as Netlify's form submissions list would show it."""

    form: str
    path: str
    data: dict[str, str]


class _FormFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, set[str], str | None]] = []
        self._current: tuple[str, set[str], str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and (values.get("data-netlify") == "true" or "netlify" in values):
            self._current = (values.get("name") or "", set(), values.get("netlify-honeypot"))
            self.forms.append(self._current)
        elif self._current is not None and tag in _FIELDS and values.get("name"):
            self._current[1].add(str(values["name"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def detect_forms(site_dir: Path) -> dict[str, FormSpec]:
    """Every Netlify form in the built site (same-named forms merge, as on Netlify)."""
    found: dict[str, tuple[set[str], str | None]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        finder = _FormFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        for name, fields, honeypot in finder.forms:
            if not name:
                raise ValueError(f"{page}: a Netlify form without a name is never registered")
            found.setdefault(name, (set(), honeypot))[0].update(fields)
    return {
        name: FormSpec(name, frozenset(fields - {"form-name"}), honeypot)
        for name, (fields, honeypot) in found.items()
    }


def as_served(html: bytes) -> bytes:
    """The page as Netlify serves it: netlify attributes gone, a ``form-name`` input present."""

    def rewrite(match: re.Match[bytes]) -> bytes:
        tag = match[0]
        if not _NETLIFY_ATTRIBUTE.search(tag):
            return tag
        name = _NAME.search(tag)
        clean = _NETLIFY_ATTRIBUTE.sub(b"", tag)
        hidden = b'<input type="hidden" name="form-name" value="' + name[1] + b'">' if name else b""
        return clean + hidden

    return _FORM_TAG.sub(rewrite, html)


@dataclass
class FormInbox:
    """The forms of one deploy and the submissions stored so far (thread-safe)."""

    forms: dict[str, FormSpec]
    submissions: list[Submission] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def receive(self, path: str, content_type: str, body: bytes) -> bool:
        """Handle one POST; False when it names no registered form (Netlify answers 404)."""
        if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
            raise NotImplementedError(f"form posts of type {content_type!r} are not emulated")
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        values = dict(pairs)
        spec = self.forms.get(values.get("form-name", ""))
        if spec is None:
            return False
        if spec.honeypot and values.get(spec.honeypot, "").strip():
            return True  # rejected silently: the bot sees a success
        data = {key: value for key, value in values.items() if key in spec.fields}
        data.pop(spec.honeypot or "", None)
        with self._lock:
            self.submissions.append(Submission(spec.name, path, data))
        return True

    def stored(self) -> list[Submission]:
        with self._lock:
            return list(self.submissions)
