"""Gate: axe-core finds no serious or critical WCAG 2.1 A/AA (or best-practice) violation on any
page type, in both languages and both colour schemes.

Pages are served by the local Netlify stand-in with the production headers, CSP included. axe is
not added as a <script> (the CSP allows no inline script, and bypassing it would test another
page): its source is evaluated through the DevTools protocol (``page.evaluate``), which the page's
CSP does not govern, so each page is audited exactly as a visitor gets it.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import ROOT
from tests.support.browser import new_context

pytestmark = pytest.mark.browser

AXE_SOURCE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = frozenset({"serious", "critical"})
#: Markup Material for MkDocs writes and this project does not own, with the reason. Only these
#: exact (rule, selector) pairs are ignored; the rule keeps running on every other element.
THEME_EXCEPTIONS = {
    # Material's partials/search.html ("automatically generated - do not edit") gives the search
    # overlay role="dialog" but no name; only a copy of the whole partial could add one.
    ("aria-dialog-name", ".md-search"): "Material's search overlay",
}
READY = '.comparator-mount[data-ready="1"]'
#: Pyodide cold start is ~3 s here; generous for a busy machine, short enough to fail a hang.
LOAD_MS = 45_000
STEP_MS = 5_000
LOCALES = {"nl": "nl-NL", "en": "en-GB"}
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme

#: (id, path, state): "static" holds Pyodide's requests so the build's table stays as it is;
#: "ready" waits for the live form; "changed" also unticks a plan and waits for the new table;
#: "phone" is "ready" at 390 px, where the plan cards stand in for the table's price row.
PAGES = [
    ("home", "/", "plain"),
    ("generated-article", "/account/cancel/", "plain"),
    ("generated-article-2", "/account/manage-subscription/", "plain"),
    ("writers-article", "/faq/", "plain"),
    ("comparator-static", "/account/compare-plans/", "static"),
    ("comparator-changed", "/account/compare-plans/", "changed"),
    ("comparator-ready", "/account/compare-plans/", "ready"),
    ("comparator-phone", "/account/compare-plans/", "phone"),
    ("support", "/support/links/", "plain"),
    ("feedback-thanks", "/feedback/", "plain"),
    ("404", "/nope/", "404"),
]


def page_params() -> list[Any]:
    return [
        pytest.param(prefix + path, state, lang, id=f"{name}-{lang}")
        for name, path, state in PAGES
        for lang, prefix in (("nl", ""), ("en", "/en"))
    ]


def plan_columns(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".comparator__table thead th[data-plan]", "cells => cells.map(c => c.dataset.plan)"
    )


def open_in_state(page: Page, url: str, state: str) -> None:
    answer = page.goto(url, wait_until="load", timeout=STEP_MS * 3)
    assert answer is not None
    assert answer.status == (404 if state == "404" else 200), f"{url}: HTTP {answer.status}"
    if state == "static":
        page.wait_for_selector('.comparator-mount[data-state="loading"]', timeout=STEP_MS)
    elif state in {"ready", "changed", "phone"}:
        page.wait_for_selector(READY, state="attached", timeout=LOAD_MS)
    if state == "changed":
        before = plan_columns(page)
        page.click('input[name="plans"][value="lite"]', timeout=STEP_MS)
        page.wait_for_function(
            """before => JSON.stringify([...document.querySelectorAll(
                   '.comparator__table thead th[data-plan]')].map(c => c.dataset.plan))
               !== JSON.stringify(before)""",
            arg=before,
            timeout=STEP_MS,
        )
        assert "lite" not in plan_columns(page)


def run_axe(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    results: dict[str, Any] = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return list(results["violations"])


def without_theme_exceptions(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = []
    for violation in violations:
        nodes = [
            node
            for node in violation["nodes"]
            if (violation["id"], " ".join(map(str, node["target"]))) not in THEME_EXCEPTIONS
        ]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def describe(violation: dict[str, Any], shown: int = 3) -> str:
    lines = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"[{len(violation['nodes'])} element(s)] {violation.get('helpUrl', '')}"
    ]
    for node in violation["nodes"][:shown]:
        html = " ".join(node["html"].split())
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    {' '.join(map(str, node['target']))}: {html[:160]}")
        lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def show_scheme(page: Page, scheme: str) -> None:
    """Switch prefers-color-scheme on the open page (Material's automatic palette follows it
    live, so a loaded comparator is audited in both schemes) and let colour transitions end."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_selector(f'body[data-md-color-scheme="{SCHEMES[scheme]}"]', timeout=STEP_MS)
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", timeout=STEP_MS
    )


def audit(browser: Browser, url: str, state: str, lang: str) -> dict[str, list[dict[str, Any]]]:
    """The serious/critical violations of ``url`` (brought to ``state``), by colour scheme."""
    # A visitor of that language: the root otherwise redirects an English browser to /en/.
    phone = {"viewport": {"width": 390, "height": 844}} if state == "phone" else {}
    context = new_context(browser, color_scheme="light", locale=LOCALES[lang], **phone)
    held: list[Route] = []
    failing: dict[str, list[dict[str, Any]]] = {}
    try:
        if state == "static":
            # Pyodide's requests are held, never answered: the page keeps the build's table.
            context.route("**/assets/pyodide/**", lambda route: held.append(route))
        page = context.new_page()
        open_in_state(page, url, state)
        assert page.get_attribute("html", "lang") == lang
        for scheme in SCHEMES:
            show_scheme(page, scheme)
            violations = without_theme_exceptions(run_axe(page))
            failing[scheme] = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        if state == "static":
            assert held, "comparator.js did not ask for Pyodide"
            assert page.get_attribute(".comparator-mount", "data-state") == "loading"
    finally:
        for route in held:  # answer what was held so closing leaves no pending route handler
            with contextlib.suppress(PlaywrightError):
                route.abort()
        context.close()
    return failing


@pytest.mark.parametrize(("path", "state", "lang"), page_params())
def test_no_serious_accessibility_violation(
    browser: Browser, site_url: str, path: str, state: str, lang: str
) -> None:
    failing = audit(browser, site_url + path, state, lang)
    report = [
        f"{scheme} scheme, {len(found)} violation(s):\n" + "\n".join(map(describe, found))
        for scheme, found in failing.items()
        if found
    ]
    assert not report, f"{path} ({lang}, {state}): serious/critical axe violations\n" + "\n".join(
        report
    )
