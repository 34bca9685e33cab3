"""Playwright helpers shared by every browser test: Debian's Chromium and a page watcher.

Playwright cannot download browsers here, so tests drive /usr/bin/chromium. The watcher turns
the failures a visitor would not report (CSP violations, console errors, requests to other hosts,
`alert()` from injected markup) into one assertion with everything listed.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Playwright,
)
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Request as PlaywrightRequest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: Default for every Playwright action and navigation: long enough for Pyodide on a slow CI
#: machine, short enough that a hang (e.g. a wrong .wasm MIME type) fails instead of blocking.
DEFAULT_TIMEOUT_MS = 30_000
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
#: Schemes that never leave the machine.
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "chrome-error"})

_CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  const v = {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
             line: e.lineNumber, sample: e.sample, page: location.href};
  (window.__cspViolations = window.__cspViolations || []).push(v);
  if (window.__pwReportCsp) window.__pwReportCsp(v);
}, true);
"""


def launch_chromium(playwright: Playwright, **options: Any) -> Browser:
    """Debian's Chromium, headless, with the flags that keep it off the network.

    Fails (never skips) when the browser is missing: a skipped browser test looks like a pass.
    """
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium "
            "(run `make browser`, or set CHROMIUM=/path/to/chromium)",
            pytrace=False,
        )
    options.setdefault("timeout", DEFAULT_TIMEOUT_MS)
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), **options
    )


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    """A context whose actions and navigations time out after :data:`DEFAULT_TIMEOUT_MS`."""
    context = browser.new_context(**options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    return context


#: Resolves once the page's event loop is idle: every task queued so far (a CSP report, a
#: console message, a timer that fired, a re-render) has run. A positive signal, never a delay.
_IDLE = "() => new Promise((done) => requestIdleCallback(() => done(true), {timeout: 10000}))"


def settle(page: Page) -> None:
    """Wait until ``page`` has finished what it was doing (its event loop is idle).

    Use before asserting that something did *not* happen (no dialog, no report).
    """
    page.evaluate(_IDLE)


#: The comparator mount counts its live updates in ``data-updates`` (set by comparator.js).
UPDATES = "el => Number(el.dataset.updates || 0)"


def updates_done(page: Page, mount: str = ".comparator-mount") -> int:
    """How many live updates the comparator has applied so far."""
    count: int = page.eval_on_selector(mount, UPDATES)
    return count


def wait_for_update(page: Page, after: int, mount: str = ".comparator-mount") -> None:
    """Wait for the comparator's update number ``after + 1`` (the product's own signal)."""
    page.wait_for_function(
        "([mount, n]) => Number(document.querySelector(mount).dataset.updates || 0) > n",
        arg=[mount, after],
    )


@dataclass
class PageWatcher:
    """Records what should never happen on a page of the site; :meth:`assert_clean` fails on it.

    One per context, created before opening pages (``PageWatcher(context)``): it hooks every page
    the context opens, injects a `securitypolicyviolation` listener into each document, dismisses
    dialogs (recording them) and records every request to a host other than the local server.
    """

    context: BrowserContext
    allowed_hosts: frozenset[str] = LOCAL_HOSTS
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.context.expose_function("__pwReportCsp", self._on_csp_report)
        self.context.add_init_script(_CSP_LISTENER)
        self.context.on("request", self._on_request)
        self.context.on("page", self.attach)
        for page in self.context.pages:
            self.attach(page)

    def attach(self, page: Page) -> None:
        """Watch one page (pages the context opens later are attached automatically)."""
        if page in self.pages:
            return
        self.pages.append(page)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("dialog", self._on_dialog)

    def _on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        where = message.location.get("url", "")
        if "Content Security Policy" in text:
            self._add_csp(f"console: {text} ({where})")
        elif message.type == "error":
            self.console_errors.append(f"{text} ({where})")

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message!r}")
        with contextlib.suppress(PlaywrightError):  # the page may have gone away meanwhile
            dialog.dismiss()

    def _on_request(self, request: PlaywrightRequest) -> None:
        url = urlsplit(request.url)
        if url.scheme in LOCAL_SCHEMES:
            return
        if url.scheme not in {"http", "https", "ws", "wss"} or url.hostname not in (
            self.allowed_hosts
        ):
            self.outside_requests.append(request.url)

    def _on_csp_report(self, violation: dict[str, Any]) -> None:
        self._add_csp(
            f"{violation.get('directive')} blocked {violation.get('blocked')!r} on "
            f"{violation.get('page')} ({violation.get('source')}:{violation.get('line')}) "
            f"sample={violation.get('sample')!r}"
        )

    def _add_csp(self, text: str) -> None:
        if text not in self.csp_violations:
            self.csp_violations.append(text)

    def collect(self) -> None:
        """Pick up violations still sitting in open pages (reports are asynchronous)."""
        for page in self.pages:
            if page.is_closed():
                continue
            try:
                found = page.evaluate("window.__cspViolations || []")
            except PlaywrightError:
                continue  # navigating or closed
            for violation in found:
                self._on_csp_report(violation)

    def problems(self) -> dict[str, list[str]]:
        self.collect()
        return {
            "CSP violations": self.csp_violations,
            "console errors": self.console_errors,
            "page errors": self.page_errors,
            "dialogs": self.dialogs,
            "requests to other hosts": self.outside_requests,
        }

    def assert_clean(self) -> None:
        """Fail listing everything recorded, grouped by kind."""
        found = {kind: items for kind, items in self.problems().items() if items}
        if found:
            lines = [f"{kind}:\n  " + "\n  ".join(items) for kind, items in found.items()]
            pytest.fail("the pages were not clean:\n" + "\n".join(lines), pytrace=False)
