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

(() => {
  "use strict";

  // A wrong MIME type, a refused WebAssembly compile or a lost .wasm download makes loadPyodide()
  // hang without rejecting, so the boot has a deadline. Tests shorten it with a global set before
  // the page's scripts run.
  const BOOT_DEADLINE_MS = Number(globalThis.TIMELY_COMPARATOR_TIMEOUT_MS) || 30000;
  const READY_MESSAGE_MS = 2000;

  const mark = (name) => performance.mark(`comparator:${name}`);
  mark("script");

  const saveData = Boolean(navigator.connection && navigator.connection.saveData);
  const mounted = new WeakSet();

  /** One worker per page, however many comparators it holds. */
  const python = {
    worker: null,
    ready: null, // Promise of the boot kind ("snapshot" | "plain")
    waiting: new Map(),
    nextId: 1,
    lang: null,

    gone: false,

    /** Starts the worker: it restores a kept snapshot at once, or downloads Pyodide and waits
     * for go(). */
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
        worker.addEventListener("message", ({ data }) => {
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
            for (const element of document.querySelectorAll(".comparator-mount")) {
              element.dataset.snapshot = "stored";
            }
          } else if (data.type === "failed") {
            clearTimeout(timer);
            reject(new Error(data.message));
          } else if (this.waiting.has(data.id)) {
            const { resolve: done, reject: fail } = this.waiting.get(data.id);
            this.waiting.delete(data.id);
            if (data.type === "result") done(data);
            else fail(new Error(data.message));
          }
        });
      });
      this.ready.catch(() => worker.terminate());
      if (this.lang) worker.postMessage({ type: "open", lang: this.lang });
      return this.ready;
    },

    /** The page's own start-up is done (or the reader is waiting): start Pyodide. */
    go() {
      if (this.gone || !this.worker) return;
      this.gone = true;
      mark("go");
      this.worker.postMessage({ type: "go", saveData });
    },

    /** Tell the worker the comparator's language (data-lang): it then creates the comparator. */
    open(lang) {
      if (this.lang) return;
      this.lang = lang;
      if (this.worker) this.worker.postMessage({ type: "open", lang });
    },

    /** Python's answer for a query: ``result`` (JSON text from Comparator.update), ``pythonMs``. */
    update(query) {
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        this.worker.postMessage({ type: "update", id, query });
      });
    },
  };

  /**
   * Starts the worker (once) and returns the promise of its boot. A first visit's Pyodide
   * starts at once when ``now`` (the reader interacted), otherwise after the page's own
   * start-up work (a kept snapshot is restored at once either way).
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
   */
  function startUpDone() {
    return new Promise((resolve) => {
      if (document.readyState !== "loading") resolve();
      else document.addEventListener("readystatechange", resolve, { once: true });
    });
  }

  /** Resolves after the next frame is painted (at once in a hidden page, which paints none). */
  function afterPaint() {
    return new Promise((resolve) => {
      if (document.hidden) setTimeout(resolve, 0);
      else requestAnimationFrame(() => setTimeout(resolve, 0));
    });
  }

  function absolute(url) {
    return new URL(url, document.baseURI).href;
  }

  /** The query the form stands for (repeated keys, as a plain GET form would send it). */
  function formQuery(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  /** The reader's other query parameters (utm_source ...), untouched, as raw ``key=value`` parts. */
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

  function hasOwnKeys(ownKeys) {
    return [...new URLSearchParams(location.search).keys()].some((key) =>
      ownKeys.has(key.trim().toLowerCase()),
    );
  }

  function writeUrl(canonical, ownKeys) {
    const query = [canonical, ...otherParts(ownKeys)].filter(Boolean).join("&");
    const url = `${location.pathname}${query ? `?${query}` : ""}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) {
      history.replaceState(history.state, "", url);
    }
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

  function progressLine(mount) {
    let line = mount.querySelector(":scope > .comparator__progress");
    if (!line) {
      line = document.createElement("p");
      line.className = "comparator__progress";
      line.setAttribute("role", "status");
      mount.prepend(line);
    }
    return line;
  }

  function bootUrls(source) {
    const data = source.dataset;
    return {
      pyodideUrl: data.pyodideUrl,
      stdlibUrl: data.stdlibUrl,
      archiveUrl: data.archiveUrl,
      plansUrl: data.plansUrl,
      snapshotUrl: data.snapshotUrl,
      workerUrl: data.workerUrl,
    };
  }

  function mount(element) {
    const root = element.querySelector(".comparator");
    const form = element.querySelector(".comparator__controls");
    const table = element.querySelector(".comparator__table");
    const notices = element.querySelector(".comparator__notices");
    if (!root || !form || !table || !notices) return;
    // data-text-save-data -> dataset.textSaveData
    const text = (state) =>
      root.dataset[`text-${state}`.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] || "";
    const lang = root.dataset.lang;
    const ownKeys = new Set((root.dataset.keys || "").split(" ").filter(Boolean));
    const line = progressLine(element);
    const say = (state) => {
      line.textContent = text(state);
    };

    let ready = false;
    let touched = false; // the reader changed the form before Python was ready
    let latest = 0; // only the newest answer is put into the page
    element.dataset.updates = "0";

    const apply = async (query, rewriteUrl) => {
      const ticket = ++latest;
      const started = performance.now();
      const answer = await python.update(query);
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
    const failed = (error) => {
      console.warn("Timely comparator: the static comparison stays in place.", error);
      element.dataset.state = "failed";
      line.classList.add("comparator__progress--failed");
      say("failed");
    };
    const whenReady = (how) => {
      if (!element.isConnected) return;
      ready = true;
      element.dataset.boot = how;
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
    for (const element of document.querySelectorAll(".comparator-mount")) {
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
  const early = document.querySelector('meta[name="timely-comparator"]');
  if (early && early.dataset.pyodideUrl && !saveData) {
    startWorker(bootUrls(early), false).catch(() => {}); // mount() reports failures
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
})();
