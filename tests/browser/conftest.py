"""The browser tests' fixtures (site_url, browser, context, watcher) live in tests/conftest.py.

They are shared with tests/quality and tests/test_netlify_headers.py: one Playwright session per
worker.
"""
