// Makes the statically rendered plan comparator interactive with the same Python, run by Pyodide.
//
// The build already put the complete comparison into the page (readable without JavaScript; its
// form is a plain GET form). This module boots the self-hosted Pyodide, unpacks the comparator
// package (one zip) and from then on lets Python re-render the table on every change. Everything
// that reaches innerHTML is Python's escaped output; no URL parameter is put into the DOM here.
//
// No bundler, no dependencies. Loaded only on pages that contain a comparator (overrides/main.html).

const TEXT = {
  nl: {
    loading: "Vergelijker laden…",
    ready: "Klaar",
    failed: "De interactieve vergelijker kon niet laden; de tabel hieronder is volledig.",
  },
  en: {
    loading: "Loading the comparator…",
    ready: "Ready",
    failed: "The interactive comparator could not load; the table below is complete.",
  },
};
// A wrong MIME type or a lost .wasm download makes loadPyodide() hang without rejecting, so the
// whole load has a deadline. Tests shorten it with a global set before the page's scripts run.
const LOAD_TIMEOUT_MS = Number(globalThis.TIMELY_COMPARATOR_TIMEOUT_MS) || 30000;
const READY_MESSAGE_MS = 2000;
/** The query keys the comparator owns; any other key in the URL is left alone. */
const OWN_KEYS = new Set(["plans", "addons", "diff", "currency"]);

const mounted = new WeakSet();
const mark = (name) => performance.mark(`comparator:${name}`);
mark("script");
const pyodideByIndex = new Map();
const archiveByUrl = new Map();
const textByUrl = new Map();

/** ``start()`` once per key; a failed attempt is forgotten so that a later mount may try again. */
function once(cache, key, start) {
  if (!cache.has(key)) {
    const promise = start();
    promise.catch(() => cache.delete(key));
    cache.set(key, promise);
  }
  return cache.get(key);
}

function pageLanguage() {
  const lang = (document.documentElement.lang || "").toLowerCase();
  return lang.startsWith("en") ? "en" : "nl";
}

function absolute(url) {
  return new URL(url, document.baseURI).href;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function fetchOk(url, what) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} for ${url}`);
  return response;
}

/** One Pyodide per page and index URL, however many comparators the page holds. */
function bootPyodide(indexURL) {
  return once(pyodideByIndex, indexURL, () =>
    import(new URL("pyodide.mjs", indexURL).href)
      .then(({ loadPyodide }) => {
        mark("pyodide-imported");
        return loadPyodide({ indexURL, stdout: () => {}, stderr: (line) => console.warn(line) });
      })
      .then((pyodide) => {
        mark("pyodide-ready");
        return pyodide;
      }),
  );
}

function fetchArchive(url) {
  return once(archiveByUrl, url, () =>
    fetchOk(url, "comparator archive").then((r) => r.arrayBuffer()),
  );
}

function fetchText(url) {
  return once(textByUrl, url, () => fetchOk(url, "plans.json").then((r) => r.text()));
}

/** Boot Python and return ``comparator.browser.update`` and the plans.json text. */
async function loadComparator(mount) {
  const indexURL = absolute(mount.dataset.pyodideUrl);
  const archiveUrl = absolute(mount.dataset.archiveUrl);
  const plansUrl = absolute(mount.dataset.plansUrl);
  // Start every download at once; Pyodide is by far the longest.
  const [pyodide, archive, plansText] = await Promise.all([
    bootPyodide(indexURL),
    fetchArchive(archiveUrl),
    fetchText(plansUrl),
  ]);
  if (!pyodide._timelyArchives) pyodide._timelyArchives = new Set();
  if (!pyodide._timelyArchives.has(archiveUrl)) {
    pyodide.unpackArchive(archive, "zip");
    pyodide._timelyArchives.add(archiveUrl);
  }
  mark("unpacked");
  const browser = pyodide.pyimport("comparator.browser");
  mark("imported");
  return { update: browser.update, plansText };
}

/** The query the static GET form would send, as ``plans=a,b&addons=x&diff=1&currency=EUR``. */
function formQuery(form) {
  const values = (name) =>
    [...form.querySelectorAll(`input[name="${name}"]`)]
      .filter((input) => input.checked)
      .map((input) => encodeURIComponent(input.value));
  const parts = [`plans=${values("plans").join(",")}`];
  const addons = values("addons");
  if (addons.length) parts.push(`addons=${addons.join(",")}`);
  if (values("diff").length) parts.push("diff=1");
  const currency = form.querySelector('select[name="currency"]');
  if (currency && currency.value) parts.push(`currency=${encodeURIComponent(currency.value)}`);
  return parts.join("&");
}

/** Whether one ``key=value`` part of a query is one of the comparator's own keys. */
function isOwnPart(part) {
  let key = part.split("=")[0];
  try {
    key = decodeURIComponent(key);
  } catch {
    // a malformed key: Python reports it if it reaches the comparator
  }
  return OWN_KEYS.has(key.trim().toLowerCase());
}

function queryParts() {
  return location.search.replace(/^\?/, "").split("&").filter(Boolean);
}

function syncControls(form, selection) {
  for (const input of form.querySelectorAll('input[name="plans"]')) {
    input.checked = selection.plans.includes(input.value);
  }
  for (const input of form.querySelectorAll('input[name="addons"]')) {
    input.checked = selection.addons.includes(input.value);
  }
  for (const input of form.querySelectorAll('input[name="diff"]')) {
    input.checked = Boolean(selection.diff);
  }
  const currency = form.querySelector('select[name="currency"]');
  if (currency) currency.value = selection.currency;
}

function writeUrl(canonical) {
  const query = [canonical, ...queryParts().filter((part) => !isOwnPart(part))].filter(Boolean).join("&");
  const url = `${location.pathname}${query ? `?${query}` : ""}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) {
    history.replaceState(history.state, "", url);
  }
}

function progressLine(mount, text) {
  let line = mount.querySelector(":scope > .comparator__progress");
  if (!line) {
    line = document.createElement("p");
    line.className = "comparator__progress";
    line.setAttribute("role", "status");
    mount.prepend(line);
  }
  line.textContent = text;
  return line;
}

async function mount(element) {
  const lang = pageLanguage();
  const form = element.querySelector(".comparator__controls");
  const table = element.querySelector(".comparator__table");
  const notices = element.querySelector(".comparator__notices");
  if (!form || !table || !notices) return;
  element.dataset.state = "loading";
  const line = progressLine(element, TEXT[lang].loading);
  let python;
  try {
    python = await withTimeout(loadComparator(element), LOAD_TIMEOUT_MS, "loading the comparator");
  } catch (error) {
    console.warn("Timely comparator: the static comparison stays in place.", error);
    element.dataset.state = "failed";
    line.classList.add("comparator__progress--failed");
    line.textContent = TEXT[lang].failed;
    return;
  }
  if (!element.isConnected) return; // the visitor navigated away meanwhile

  const apply = (query, { rewriteUrl }) => {
    const started = performance.now();
    const result = JSON.parse(python.update(python.plansText, query, lang));
    table.innerHTML = result.table;
    notices.innerHTML = result.notices;
    syncControls(form, result.selection);
    element.dataset.updateMs = (performance.now() - started).toFixed(2);
    if (rewriteUrl) writeUrl(result.query);
  };
  const onChange = () => {
    try {
      apply(formQuery(form), { rewriteUrl: true });
    } catch (error) {
      console.warn("Timely comparator: update failed.", error);
    }
  };

  try {
    // A pasted link shows the prepared comparison (bogus values: Python's polite notice).
    if (queryParts().some(isOwnPart)) apply(location.search, { rewriteUrl: true });
  } catch (error) {
    console.warn("Timely comparator: could not apply the link.", error);
  }
  form.addEventListener("change", onChange);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onChange();
  });
  element.dataset.state = "ready";
  element.dataset.ready = "1";
  mark("ready");
  line.textContent = TEXT[lang].ready;
  setTimeout(() => {
    if (line.textContent === TEXT[lang].ready) line.textContent = "";
  }, READY_MESSAGE_MS);
}

function mountAll() {
  for (const element of document.querySelectorAll(".comparator-mount")) {
    if (mounted.has(element)) continue;
    mounted.add(element);
    mount(element).catch((error) => console.warn("Timely comparator:", error));
  }
}

// Start Pyodide right away: the page head names its folder (<meta name="timely-pyodide">), so the
// download and compilation overlap with the parsing of the page instead of following it.
const early = document.querySelector('meta[name="timely-pyodide"]');
if (early && early.content) {
  bootPyodide(absolute(early.content)).catch(() => {}); // mount() reports failures
}

function start() {
  // Material's document$ fires on the first load and after every instant navigation. This
  // module may run before Material's bundle (it is loaded early), so look for it once the page
  // is parsed.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mountAll);
  } else {
    mountAll();
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start, { once: true });
} else {
  start();
}
