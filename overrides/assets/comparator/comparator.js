// @ts-check
// Makes the statically rendered plan comparator live. Python runs in a module worker
// (comparator-worker.js); this main-thread side only sends the selection and puts Python's
// escaped HTML into the page.
//
// The build already put the complete comparison into the page, readable without JavaScript. The
// controls respond from the first paint: a choice made while Python still loads is applied as soon
// as it is ready (the last one wins, nothing is lost). With Save-Data, Python starts on the first
// interaction with the comparator instead of at load.
//
// When Python starts: Pyodide's WebAssembly compile runs on the browser's background threads and,
// on a phone's few cores, slows the page's own start-up (Material's bundle, the first frames).
// On a first visit the worker starts at once and downloads Pyodide, but starts it ("go") only
// once the page is parsed and Material's bundle (a parser-blocking script at the end of the body)
// has run, or at the reader's first interaction. A visit that has the memory snapshot stored
// restores it at once (the worker finds it in its cache and needs no "go"): that is light, and
// that visit should be ready soonest.
//
// Everything this script says and the query keys it owns come from data attributes that Python
// rendered (comparator/render.py); this file has no copy of them. State for tests and readers:
// the mount's data-state ("save-data", "loading", "ready", "failed"), data-ready="1", data-boot
// ("snapshot" | "plain"), data-updates (a counter of applied updates) and data-snapshot="stored"
// (the snapshot for the next visit is kept).
//
// No bundler, no dependencies. Loaded only on pages that contain a comparator (overrides/main.html),
// as a classic script in the head, parser-blocking on purpose: a later visit takes it from the
// cache (its name carries a content hash) and starts the snapshot's restore before the page's
// HTML is parsed and Material's bundle runs, which an async or module script would wait for.
// Its top level only defines functions and reads the head's <meta>; everything is in one closure.

/** @typedef {import("./comparator-messages").ToWorker} ToWorker */
/** @typedef {import("./comparator-messages").FromWorker} FromWorker */
/** @typedef {import("./comparator-messages").ResultMessage} ResultMessage */
/** @typedef {import("./comparator-messages").UpdateResult} UpdateResult */
/** @typedef {import("./comparator-messages").Boot} Boot */
/** The URLs the worker needs (data-*-url of the mount or the head's <meta>), as written by
 * helpcenter/plugin.py (_boot_urls: every one of them, always).
 * @typedef {{pyodideUrl: string, stdlibUrl: string, archiveUrl: string, plansUrl: string,
 *   snapshotUrl: string, workerUrl: string}} BootUrls */
/** An update waiting for the worker's answer.
 * @typedef {{resolve: (answer: ResultMessage) => void, reject: (error: Error) => void}} Pending */

(() => {
  "use strict";

  // A wrong MIME type, a refused WebAssembly compile or a lost .wasm download makes loadPyodide()
  // hang without rejecting, so the boot has a deadline. Tests shorten it with a global set before
  // the page's scripts run.
  const BOOT_DEADLINE_MS =
    Number(
      /** @type {{TIMELY_COMPARATOR_TIMEOUT_MS?: unknown}} */ (globalThis)
        .TIMELY_COMPARATOR_TIMEOUT_MS,
    ) || 30000;
  const READY_MESSAGE_MS = 2000;

  /** @param {string} name */
  const mark = (name) => performance.mark(`comparator:${name}`);
  mark("script");

  // This script runs in the head, before the first paint: from here on the page knows that the
  // comparator's controls and progress line will work, and shows them from its first frame.
  // Material's bundle, which swaps <html class="no-js"> for "js", runs only at the end of the
  // body, so a frame painted before it would show the page without them and then push the
  // table down (comparator.css).
  document.documentElement.classList.add("comparator-js");

  // The Network Information API (Chromium's) is not in TypeScript's DOM types.
  const { connection } = /** @type {Navigator & {connection?: {saveData?: boolean}}} */ (
    navigator
  );
  const saveData = Boolean(connection && connection.saveData);
  const mounted = new WeakSet();

  /** One worker per page, however many comparators it holds. */
  const python = {
    /** @type {Worker | null} */
    worker: null,
    /** @type {Promise<Boot> | null} */
    ready: null, // Promise of the boot kind ("snapshot" | "plain")
    /** @type {Map<number, Pending>} */
    waiting: new Map(),
    nextId: 1,
    /** @type {string | null} */
    lang: null,

    gone: false,

    /** Starts the worker: it restores a kept snapshot at once, or downloads Pyodide and waits
     * for go().
     * @param {BootUrls} urls
     * @returns {Promise<Boot>} */
    start(urls) {
      if (this.ready) return this.ready;
      mark("worker-start");
      const worker = new Worker(workerUrl(urls), { type: "module", name: "timely-comparator" });
      this.worker = worker;
      this.ready = new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`Python was not ready after ${BOOT_DEADLINE_MS} ms`)),
          BOOT_DEADLINE_MS,
        );
        worker.addEventListener("error", (event) => {
          event.preventDefault();
          clearTimeout(timer);
          reject(new Error(`the comparator worker failed: ${event.message || "could not load"}`));
        });
        /** @param {MessageEvent<FromWorker>} event */
        const onMessage = ({ data }) => {
          if (data.type === "ready") {
            clearTimeout(timer);
            // The worker's phases (epoch ms, turned into this page's time), for
            // benchmarks/comparator.py and the tests.
            const phases = Object.entries(data.phases || {}).map(([k, v]) => [
              k,
              v - performance.timeOrigin,
            ]);
            performance.mark("comparator:python-ready", { detail: Object.fromEntries(phases) });
            resolve(data.boot);
          } else if (data.type === "warning") {
            console.warn(data.message);
          } else if (data.type === "snapshot-stored") {
            for (const element of mounts()) {
              element.dataset.snapshot = "stored";
            }
          } else if (data.type === "failed") {
            clearTimeout(timer);
            reject(new Error(data.message));
          } else if (this.waiting.has(data.id)) {
            const { resolve: done, reject: fail } = /** @type {Pending} */ (
              this.waiting.get(data.id)
            );
            this.waiting.delete(data.id);
            if (data.type === "result") done(data);
            else fail(new Error(data.message));
          }
        };
        worker.addEventListener("message", onMessage);
      });
      this.ready.catch(() => worker.terminate());
      if (this.lang) {
        worker.postMessage(/** @satisfies {ToWorker} */ ({ type: "open", lang: this.lang }));
      }
      return this.ready;
    },

    /** The page's own start-up is done (or the reader is waiting): start Pyodide. */
    go() {
      if (this.gone || !this.worker) return;
      this.gone = true;
      mark("go");
      this.worker.postMessage(/** @satisfies {ToWorker} */ ({ type: "go", saveData }));
    },

    /** Tell the worker the comparator's language (data-lang): it then creates the comparator.
     * @param {string} lang */
    open(lang) {
      if (this.lang) return;
      this.lang = lang;
      if (this.worker) {
        this.worker.postMessage(/** @satisfies {ToWorker} */ ({ type: "open", lang }));
      }
    },

    /** Python's answer for a query: ``result`` (JSON text from Comparator.update), ``pythonMs``.
     * @param {string} query
     * @returns {Promise<ResultMessage>} */
    update(query) {
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        // Called once the worker is ready (so started).
        const worker = /** @type {Worker} */ (this.worker);
        worker.postMessage(/** @satisfies {ToWorker} */ ({ type: "update", id, query }));
      });
    },
  };

  /**
   * Starts the worker (once) and returns the promise of its boot. A first visit's Pyodide
   * starts at once when ``now`` (the reader interacted), otherwise after the page's own
   * start-up work (a kept snapshot is restored at once either way).
   * @param {BootUrls} urls
   * @param {boolean} now
   */
  function startWorker(urls, now) {
    const booted = python.start(urls);
    if (now) python.go();
    else startUpDone().then(() => python.go());
    return booted;
  }

  /**
   * The worker's URL: its own (content-hashed) with the build's URLs as its query, which the
   * worker reads at its top level. They are the same on every visit of one build, so the
   * worker stays in the HTTP cache.
   * @param {BootUrls} urls
   */
  function workerUrl(urls) {
    const url = new URL(absolute(urls.workerUrl));
    url.searchParams.set("pyodide", absolute(urls.pyodideUrl));
    url.searchParams.set("stdlib", absolute(urls.stdlibUrl));
    url.searchParams.set("archive", absolute(urls.archiveUrl));
    url.searchParams.set("plans", absolute(urls.plansUrl));
    if (urls.snapshotUrl) url.searchParams.set("snapshot", absolute(urls.snapshotUrl));
    return url.href;
  }

  /**
   * The document is parsed and its parser-blocking scripts (Material's bundle) have run: the
   * moment the async module script of earlier versions ran. Waiting for DOMContentLoaded's
   * handlers or the load event as well measured 0.04-0.1 slower on the cold ratio.
   * @returns {Promise<unknown>}
   */
  function startUpDone() {
    return new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
      if (document.readyState !== "loading") resolve();
      else document.addEventListener("readystatechange", resolve, { once: true });
    });
  }

  /** Resolves after the next frame is painted (at once in a hidden page, which paints none).
   * @returns {Promise<void>} */
  function afterPaint() {
    return new Promise((resolve) => {
      if (document.hidden) setTimeout(resolve, 0);
      else requestAnimationFrame(() => setTimeout(resolve, 0));
    });
  }

  /** @param {string} url */
  function absolute(url) {
    return new URL(url, document.baseURI).href;
  }

  /** The query the form stands for (repeated keys, as a plain GET form would send it).
   * @param {HTMLFormElement} form */
  function formQuery(form) {
    // FormData is a sequence of [name, value] pairs, all strings here (no file input), which
    // TypeScript's DOM types do not accept for URLSearchParams (microsoft/TypeScript#30584).
    const pairs = /** @type {string[][]} */ (/** @type {unknown} */ (new FormData(form)));
    return new URLSearchParams(pairs).toString();
  }

  /** The reader's other query parameters (utm_source ...), untouched, as raw ``key=value`` parts.
   * @param {Set<string>} ownKeys */
  function otherParts(ownKeys) {
    return location.search
      .replace(/^\?/, "")
      .split("&")
      .filter(Boolean)
      .filter((part) => {
        const key = [...new URLSearchParams(part).keys()][0] || "";
        return !ownKeys.has(key.trim().toLowerCase());
      });
  }

  /** @param {Set<string>} ownKeys */
  function hasOwnKeys(ownKeys) {
    return [...new URLSearchParams(location.search).keys()].some((key) =>
      ownKeys.has(key.trim().toLowerCase()),
    );
  }

  /**
   * @param {string} canonical
   * @param {Set<string>} ownKeys
   */
  function writeUrl(canonical, ownKeys) {
    const query = [canonical, ...otherParts(ownKeys)].filter(Boolean).join("&");
    const url = `${location.pathname}${query ? `?${query}` : ""}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) {
      history.replaceState(history.state, "", url);
    }
  }

  /**
   * @param {HTMLFormElement} form
   * @param {UpdateResult["selection"]} selection
   */
  function syncControls(form, selection) {
    /** @param {string} name */
    const inputs = (name) =>
      /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll(`input[name="${name}"]`));
    for (const input of inputs("plans")) {
      input.checked = selection.plans.includes(input.value);
    }
    for (const input of inputs("addons")) {
      input.checked = selection.addons.includes(input.value);
    }
    for (const input of inputs("diff")) {
      input.checked = Boolean(selection.diff);
    }
    const currency = /** @type {HTMLSelectElement | null} */ (
      form.querySelector('select[name="currency"]')
    );
    if (currency) currency.value = selection.currency;
  }

  /** @param {HTMLElement} source */
  function bootUrls(source) {
    const data = source.dataset;
    return /** @type {BootUrls} */ ({
      pyodideUrl: data.pyodideUrl,
      stdlibUrl: data.stdlibUrl,
      archiveUrl: data.archiveUrl,
      plansUrl: data.plansUrl,
      snapshotUrl: data.snapshotUrl,
      workerUrl: data.workerUrl,
    });
  }

  /** The comparators' mounts (helpcenter/plugin.py) in the page. */
  function mounts() {
    return /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(".comparator-mount"));
  }

  /** @param {HTMLElement} element */
  function mount(element) {
    const root = /** @type {HTMLElement | null} */ (element.querySelector(".comparator"));
    const form = /** @type {HTMLFormElement | null} */ (
      element.querySelector(".comparator__controls")
    );
    const table = element.querySelector(".comparator__table");
    const notices = element.querySelector(".comparator__notices");
    // Rendered empty by Python, its height kept by the stylesheet: its words move nothing.
    const line = element.querySelector(".comparator__progress");
    if (!root || !form || !table || !notices || !line) return;
    // data-text-save-data -> dataset.textSaveData
    /** @param {string} state */
    const text = (state) =>
      root.dataset[`text-${state}`.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] || "";
    const lang = /** @type {string} */ (root.dataset.lang); // always rendered (render.py)
    const ownKeys = new Set((root.dataset.keys || "").split(" ").filter(Boolean));
    /** @param {string} state */
    const say = (state) => {
      line.textContent = text(state);
    };

    let ready = false;
    let touched = false; // the reader changed the form before Python was ready
    let latest = 0; // only the newest answer is put into the page
    element.dataset.updates = "0";

    /**
     * @param {string} query
     * @param {boolean} rewriteUrl
     */
    const apply = async (query, rewriteUrl) => {
      const ticket = ++latest;
      const started = performance.now();
      const answer = await python.update(query);
      /** @type {UpdateResult} */
      const result = JSON.parse(answer.result);
      if (ticket !== latest || !element.isConnected) return; // a newer change is on its way
      table.innerHTML = result.table;
      notices.innerHTML = result.notices;
      syncControls(form, result.selection);
      element.dataset.updateMs = (performance.now() - started).toFixed(2);
      element.dataset.pythonMs = answer.pythonMs.toFixed(2);
      // The address bar follows once the new table is on screen: history.replaceState can take
      // several milliseconds, which the reader should not wait for. data-updates counts updates
      // applied completely (table and address).
      await afterPaint();
      if (ticket === latest && rewriteUrl) writeUrl(result.query, ownKeys);
      element.dataset.updates = String(Number(element.dataset.updates) + 1);
    };
    /** @param {unknown} error */
    const failed = (error) => {
      console.warn("Timely comparator: the static comparison stays in place.", error);
      element.dataset.state = "failed";
      line.classList.add("comparator__progress--failed");
      say("failed");
    };
    /** @param {Boot} how */
    const whenReady = (how) => {
      if (!element.isConnected) return;
      ready = true;
      element.dataset.boot = how;
      /** @type {Promise<void> | undefined} */
      let first;
      if (touched) first = apply(formQuery(form), true);
      else if (hasOwnKeys(ownKeys)) first = apply(location.search, true); // a pasted link
      (first || Promise.resolve())
        .catch((error) => console.warn("Timely comparator: could not apply the choice.", error))
        .finally(() => {
          element.dataset.state = "ready";
          element.dataset.ready = "1";
          mark("ready");
          say("ready");
          setTimeout(() => {
            if (line.textContent === text("ready")) line.textContent = "";
          }, READY_MESSAGE_MS);
        });
    };
    let waitingForPython = false;
    /** @param {boolean} now */
    const startPython = (now) => {
      if (element.dataset.state === "save-data") {
        element.dataset.state = "loading";
        say(touched ? "pending" : "loading");
      }
      python.open(lang);
      const booted = startWorker(bootUrls(element), now);
      if (!waitingForPython) booted.then(whenReady, failed);
      waitingForPython = true;
    };

    const onChange = () => {
      if (ready) {
        apply(formQuery(form), true).catch((error) =>
          console.warn("Timely comparator: update failed.", error),
        );
        return;
      }
      touched = true;
      if (element.dataset.state === "loading") {
        say("pending");
        startPython(true); // the reader is waiting: no reason to hold Python back any longer
      }
    };
    form.addEventListener("change", onChange);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onChange();
    });

    if (saveData && !python.ready) {
      element.dataset.state = "save-data";
      say("save-data");
      const first = () => {
        for (const type of ["pointerdown", "keydown", "change"]) {
          element.removeEventListener(type, first, true);
        }
        startPython(true);
      };
      for (const type of ["pointerdown", "keydown", "change"]) {
        element.addEventListener(type, first, true);
      }
    } else {
      element.dataset.state = "loading";
      say("loading");
      startPython(false);
    }
  }

  function mountAll() {
    for (const element of mounts()) {
      if (mounted.has(element)) continue;
      mounted.add(element);
      try {
        mount(element);
      } catch (error) {
        console.warn("Timely comparator:", error);
      }
    }
  }

  // The page head names what the worker needs (<meta name="timely-comparator">), so a visit with a
  // stored snapshot starts restoring it while the page is still parsed (never under Save-Data).
  const early = /** @type {HTMLMetaElement | null} */ (
    document.querySelector('meta[name="timely-comparator"]')
  );
  if (early && early.dataset.pyodideUrl && !saveData) {
    startWorker(bootUrls(early), false).catch(() => {}); // mount() reports failures
  }

  function start() {
    // Material's document$ fires on the first load and after every instant navigation. This
    // module may run before Material's bundle (it is loaded early), so look for it once the page
    // is parsed.
    const { document$ } = /** @type {Window & {document$?: {subscribe?: unknown}}} */ (window);
    if (document$ && typeof document$.subscribe === "function") {
      document$.subscribe(mountAll);
    } else {
      mountAll();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
