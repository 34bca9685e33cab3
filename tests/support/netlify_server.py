"""A local stand-in for Netlify's CDN: serves a built site with its headers and redirects.

Standard library only, so the browser tests can check CSP, MIME types, caching, language
redirects and per-language 404s before anything is deployed, and Netlify Forms: forms are
detected and served as Netlify does, and submissions are stored (tests/support/netlify_forms.py).
Started on a free port per test session through :func:`netlify_site` (or :func:`serve_site`).
"""

from __future__ import annotations

import hashlib
import http.client
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tests.support.netlify_forms import FormInbox, as_served, detect_forms
from tests.support.netlify_rules import (
    NETLIFY_DEFAULT_CACHE_CONTROL,
    REDIRECT_STATUSES,
    Request,
    SiteRules,
    headers_for_path,
    load_site_rules,
)

#: Content types as Netlify sends them; a wrong one breaks Pyodide (.wasm) or module scripts.
MIME_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".css": "text/css; charset=UTF-8",
    ".js": "text/javascript; charset=UTF-8",
    ".mjs": "text/javascript; charset=UTF-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".gz": "application/gzip",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=UTF-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
#: Consumed by Netlify at deploy time, never served.
UNPUBLISHED = frozenset({"_redirects", "_headers"})


def content_type(path: Path) -> str:
    return MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")


@dataclass(frozen=True)
class Resolution:
    """What to answer: a status with either a file to send or a Location to point at."""

    status: int
    file: Path | None = None
    location: str | None = None


def static_lookup(site_dir: Path, url_path: str) -> tuple[Path | None, bool]:
    """The file a path serves, and whether it is a folder asked for without its trailing slash."""
    decoded = unquote(url_path)
    relative = decoded.lstrip("/")
    if ".." in relative.split("/") or relative in UNPUBLISHED:
        return None, False
    candidate = site_dir / relative
    if decoded.endswith("/"):
        index = candidate / "index.html"
        return (index if index.is_file() else None), False
    if candidate.is_file():
        return candidate, False
    if (candidate / "index.html").is_file():
        return None, True
    html = candidate.with_name(candidate.name + ".html")
    return (html if html.is_file() else None), False


def _with_query(target: str, query: str) -> str:
    return f"{target}?{query}" if query and "?" not in target else target


def resolve(site_dir: Path, rules: SiteRules, request: Request) -> Resolution:
    """Netlify's order: rules top to bottom (unforced ones never shadow a file), then the file,
    the folder's trailing-slash redirect, and finally the site's /404.html."""
    found, needs_slash = static_lookup(site_dir, request.path)
    exists = found is not None or needs_slash
    for rule in rules.redirects:
        values = rule.match(request)
        if values is None or (exists and not rule.force):
            continue
        target = rule.target(values)
        if rule.status in REDIRECT_STATUSES:
            return Resolution(rule.status, location=_with_query(target, request.query))
        if target.startswith(("http://", "https://")):
            raise NotImplementedError(f"{rule.source}: proxying to {target} is not emulated")
        target_path = urlsplit(target).path
        served, folder = static_lookup(site_dir, target_path)
        if folder:
            served, _ = static_lookup(site_dir, target_path + "/")
        if served is not None:
            return Resolution(rule.status, file=served)
        break  # a rewrite to a missing file is a plain 404
    else:
        if needs_slash:
            return Resolution(301, location=_with_query(request.path + "/", request.query))
        if found is not None:
            return Resolution(200, file=found)
    not_found = site_dir / "404.html"
    return Resolution(404, file=not_found if not_found.is_file() else None)


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site_dir: Path, rules: SiteRules, inbox: FormInbox) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site_dir = site_dir
        self.rules = rules
        self.inbox = inbox

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser closing early is fine
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_POST(self) -> None:
        """A Netlify Forms submission: stored, then answered with the page at the posted path."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        path = urlsplit(self.path).path or "/"
        try:
            accepted = self.server.inbox.receive(path, self.headers.get("Content-Type", ""), body)
        except Exception:
            trace = traceback.format_exc().encode()
            self._send(500, [("Content-Type", "text/plain; charset=UTF-8")], trace, True)
            return
        if not accepted:
            self._send(404, [("Content-Type", "text/plain")], b"Not Found", True)
            return
        found, _ = static_lookup(self.server.site_dir, path if path.endswith("/") else path + "/")
        found = found or static_lookup(self.server.site_dir, path)[0]
        page = as_served(found.read_bytes()) if found else _GENERIC_SUCCESS
        headers = [("Content-Type", MIME_TYPES[".html"])]
        headers += headers_for_path(self.server.rules.headers, unquote(path))
        self._send(200, headers, page, True)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: test output shows failures, not every request."""

    def _respond(self, send_body: bool) -> None:
        url = urlsplit(self.path)
        request = Request(
            path=url.path or "/",
            query=url.query,
            accept_language=self.headers.get("Accept-Language", ""),
            cookie_header=self.headers.get("Cookie", ""),
        )
        try:
            result = resolve(self.server.site_dir, self.server.rules, request)
        except Exception:
            body = traceback.format_exc().encode()
            self._send(500, [("Content-Type", "text/plain; charset=UTF-8")], body, send_body)
            return
        headers = [("Content-Type", content_type(result.file) if result.file else "text/plain")]
        if result.location:
            headers.append(("Location", result.location))
        custom = headers_for_path(self.server.rules.headers, unquote(request.path))
        names = {name.lower() for name, _ in custom}
        headers = [(n, v) for n, v in headers if n.lower() not in names] + custom
        if "cache-control" not in names:
            headers.append(("Cache-Control", NETLIFY_DEFAULT_CACHE_CONTROL))
        body = result.file.read_bytes() if result.file else b"" if result.location else b"Not Found"
        if result.file is not None and result.file.suffix == ".html":
            body = as_served(body)
        if result.status == 200 and result.file is not None:
            # Netlify's validator: a revalidation of an unchanged file is a bodiless 304.
            etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
            headers.append(("ETag", etag))
            if etag in self.headers.get("If-None-Match", ""):
                self._send(304, headers, b"", send_body)
                return
        self._send(result.status, headers, body, send_body)

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes, send: bool) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send:
            self.wfile.write(body)


_GENERIC_SUCCESS = (
    b"<!doctype html><title>Thank you!</title><p>Your form submission has been received."
)


@dataclass(frozen=True)
class LocalNetlify:
    """A running stand-in: its base URL (no trailing slash) and its form submissions."""

    url: str
    inbox: FormInbox


@contextmanager
def netlify_site(site_dir: Path, netlify_toml: Path) -> Iterator[LocalNetlify]:
    """Serve ``site_dir`` on 127.0.0.1 (free port) with netlify.toml's and the site's rules.

    Rules and forms are read once, at start (as Netlify does at deploy): a malformed rule fails
    here rather than on the first request.
    """
    inbox = FormInbox(detect_forms(site_dir))
    server = _SiteServer(site_dir.resolve(), load_site_rules(site_dir, netlify_toml), inbox)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield LocalNetlify(f"http://127.0.0.1:{server.server_address[1]}", inbox)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_site(site_dir: Path, netlify_toml: Path) -> Iterator[str]:
    """:func:`netlify_site`, yielding only the base URL, e.g. ``http://127.0.0.1:41234``."""
    with netlify_site(site_dir, netlify_toml) as site:
        yield site.url


@dataclass(frozen=True)
class Response:
    """One HTTP answer, redirects not followed, every header kept (duplicates included)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The header's value; fails the test if it was sent more than once."""
        values = self.header_values(name)
        assert len(values) <= 1, f"{name} sent {len(values)} times: {values}"
        return values[0] if values else None

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Response:
    """A request that does not follow redirects (to see each 301/302 and its Location)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target or "/", headers=headers or {})
        answer = connection.getresponse()
        return Response(answer.status, answer.getheaders(), answer.read())
    finally:
        connection.close()
