"""Layout shift of a page load on an emulated phone, throttled: one helper for tests and benchmarks.

A fresh context (cold cache) at 390 × 844 CSS px, touch, the CPU slowed 4× (CDP
``Emulation.setCPUThrottlingRate``) and the network throttled (CDP
``Network.emulateNetworkConditions``). The page's layout shifts are read with a buffered
``PerformanceObserver('layout-shift')`` once the comparator is ready and its "ready" message has
gone again (or, on a page without a comparator, after a fixed settle time), so every state the
comparator passes through on a load is inside the window.

The figure is the sum of every shift of the load: never less than CLS (the largest session
window of shifts), so ≤ 0.05 here is ≤ 0.05 there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser, Route

from tests.support.browser import new_context

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
CPU_SLOWDOWN = 4
#: A mobile connection: 150 ms round trip (Lighthouse's "slow 4G" latency), 32 Mbit/s down, so
#: Pyodide's 13.5 MiB arrive in a few seconds and a run stays short.
NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 4 * 1024 * 1024,
    "uploadThroughput": 1024 * 1024,
}
#: The comparator's progress line says "ready" for 2 s (comparator.js READY_MESSAGE_MS), then
#: empties: the window ends once it is empty and a frame later.
READY = '.comparator-mount[data-ready="1"]'
MESSAGE_GONE = """() => {
  const line = document.querySelector('.comparator__progress');
  return !line || line.textContent === '';
}"""
#: Every layout shift so far (buffered: from the navigation on). Those Chromium marks
#: ``hadRecentInput`` count too: nothing here gives input, yet Chromium marks the shift of
#: Material's bundle running after the first paint so (CLS 0.25 in Lighthouse, which counted it).
SHIFTS = """() => new Promise((resolve) => {
  const found = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) found.push(entry);
  });
  observer.observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => setTimeout(() => {
    for (const entry of observer.takeRecords()) found.push(entry);
    observer.disconnect();
    resolve(found.map((e) => ({
      at: Math.round(e.startTime),
      value: e.value,
      input: e.hadRecentInput,
      sources: (e.sources || []).map((s) => {
        const node = s.node;
        const name = node && node.nodeType === 1
          ? node.tagName.toLowerCase() + (node.className ? '.' + String(node.className)
            .trim().split(/\\s+/).join('.') : '')
          : String(node && node.nodeName);
        return `${name} ${Math.round(s.previousRect.y)}->${Math.round(s.currentRect.y)}`;
      }),
    })));
  }, 0));
})"""


@dataclass
class Shifts:
    """One load: the summed layout shift and each shift (ms after navigation, value, sources)."""

    total: float
    entries: list[dict[str, Any]]

    def describe(self) -> str:
        return "; ".join(
            f"{e['value']:.3f} at {e['at']} ms{' (marked as after input)' if e['input'] else ''} "
            f"({', '.join(e['sources'])})"
            for e in self.entries
        )


#: Material's bundle: a parser-blocking script at the end of the body, which swaps
#: ``<html class="no-js">`` for ``js``.
MATERIAL_BUNDLE = "**/assets/javascripts/bundle.*.min.js"
FIRST_PAINT = "() => performance.getEntriesByName('first-contentful-paint').length > 0"


def phone_load_shifts(
    browser: Browser,
    url: str,
    *,
    hold_bundle: bool = False,
    timeout_ms: float = 120_000,
    settle_ms: float = 0,
) -> Shifts:
    """Load ``url`` once on the throttled phone and return its layout shifts.

    Waits for the comparator to be ready and its message to go; ``settle_ms`` instead waits a
    fixed time after the load event (a page without a comparator). ``hold_bundle`` answers
    Material's bundle only after the first paint: the order in which a slow phone may run it,
    made certain.
    """
    context = new_context(browser, **PHONE)
    held: list[Route] = []
    try:
        if hold_bundle:
            context.route(MATERIAL_BUNDLE, lambda route: held.append(route))
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        if hold_bundle:
            page.goto(url, wait_until="commit", timeout=timeout_ms)
            page.wait_for_function(FIRST_PAINT, timeout=timeout_ms)
            while not held:
                page.wait_for_timeout(20)
            for route in held:
                route.continue_()
            page.wait_for_load_state("load", timeout=timeout_ms)
        else:
            page.goto(url, wait_until="load", timeout=timeout_ms)
        if settle_ms:
            page.wait_for_timeout(settle_ms)
        else:
            page.wait_for_selector(READY, state="attached", timeout=timeout_ms)
            page.wait_for_function(MESSAGE_GONE, timeout=timeout_ms)
        entries: list[dict[str, Any]] = page.evaluate(SHIFTS)
        return Shifts(sum(e["value"] for e in entries), entries)
    finally:
        context.close()
