"""Per-worker fixtures for the real-browser tests: one served site and one Chromium.

The site is the session's ``built_site`` (tests/conftest.py), served by the local Netlify
stand-in (tests/support), so the pages get the production headers, CSP included. Every test
opens its own browser context (empty HTTP cache, own watcher); the browser itself is shared.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from tests.support.browser import PageWatcher, launch_chromium, new_context
from tests.support.netlify_server import serve_site

ROOT = Path(__file__).resolve().parents[2]
NETLIFY_TOML = ROOT / "netlify.toml"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (no trailing slash) of the built site on a free port of 127.0.0.1."""
    with serve_site(built_site, NETLIFY_TOML) as base:
        yield base


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = launch_chromium(playwright)
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context (cold cache) for one test."""
    fresh = new_context(browser)
    yield fresh
    fresh.close()


@pytest.fixture
def watcher(context: BrowserContext) -> PageWatcher:
    """Records console errors, page errors, dialogs, CSP violations and outside requests."""
    return PageWatcher(context)
