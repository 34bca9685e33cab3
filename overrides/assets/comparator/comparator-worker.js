// @ts-check
// The plan comparator's Python, in a module worker: the page's main thread never runs Pyodide.
//
// Protocol (one worker per page, started by comparator.js):
//   the worker's URL    ?pyodide=&stdlib=&archive=&plans=&snapshot=   (absolute URLs, the same
//                       on every visit of one build, so the worker stays in the HTTP cache;
//                       stdlib: the build's standard library, its hot modules precompiled)
//   page -> worker  go, then open (the comparator's data-lang); update (a query) per change
//   worker -> page  ready or failed; result or error per update; snapshot-stored; warning
// Each message's type is in comparator-messages.ts, for both sides (checked by tsc).
//
// The worker starts from its URL alone, at its top level: a message from the page is delivered
// only once the page's main thread is free again (a trace showed the first one waiting ~100 ms
// behind Material's bundle), and a later visit should not wait for that.
//
// One comparator.browser.Comparator is created once; every update is one call into it. The
// worker's own response carries the Content-Security-Policy that allows WebAssembly
// ('wasm-unsafe-eval'); the page's policy does not apply to a dedicated worker.
//
// Later visits: once the first visit is ready (and never under Save-Data), the build's memory
// snapshot (Python with the comparator imported, see helpcenter/make_snapshot.mjs) is fetched
// into the Cache API; the next visit finds it there and restores it at once, instead of booting.
// Any problem with it means a plain boot, and the broken entry is dropped. Pyodide's own start
// (its module, the standard library) runs while the snapshot is still being read.
//
// A first visit (no snapshot kept): Pyodide's JavaScript, standard library and lock file are
// downloaded at once into the HTTP cache (they are immutable there), but loadPyodide(), whose
// WebAssembly compile keeps every core busy, waits for the page's "go" once its own start-up is
// done; it then reads them from the cache. pyodide.asm.wasm is not fetched ahead: a private
// window's in-memory cache does not keep a 9.6 MB entry (seen in a trace), so it would be
// downloaded twice.

/** @typedef {import("./comparator-messages").ToWorker} ToWorker */
/** @typedef {import("./comparator-messages").FromWorker} FromWorker */
/** @typedef {import("./comparator-messages").Boot} Boot */
/** @typedef {typeof import("pyodide").loadPyodide} LoadPyodide */
/** @typedef {import("pyodide").PyodideAPI} Pyodide */
/** comparator.browser.Comparator, as this worker uses it (``update`` returns JSON text).
 * @typedef {{update(query: string): string}} PyComparator */
/** The build's URLs, read from the worker's own URL (absolute; snapshotUrl may be "").
 * @typedef {{pyodideUrl: string, stdlibUrl: string, archiveUrl: string, plansUrl: string,
 *   snapshotUrl: string}} Config */

// Versioned by the format of its entries (see packZeroPages); other versions are deleted.
const CACHE_PREFIX = "timely-comparator-snapshot";
const CACHE_NAME = `${CACHE_PREFIX}-zero-pages-1`;
/** A restore that neither resolves nor rejects (Pyodide can hang) gives way to a plain boot. */
const RESTORE_DEADLINE_MS = 15000;

/** @type {PyComparator | null} */
let comparator = null;

/** @param {FromWorker} message */
function post(message) {
  self.postMessage(message);
}

/** What was thrown: its message when it has one (an Error), else the value itself.
 * @param {unknown} error */
function messageOf(error) {
  const message = error ? /** @type {{message?: unknown}} */ (error).message : undefined;
  return message ? message : error;
}

/** Warnings go to the page's console too, where readers' bug reports and tests look.
 * @param {string} text
 * @param {unknown} error */
function warn(text, error) {
  console.warn(text, error);
  post({ type: "warning", message: `${text} ${messageOf(error)}` });
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
function withDeadline(promise, ms, what) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {Promise<never>} */
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * @param {string | URL} url
 * @param {string} what
 * @param {RequestInit} [init]
 */
async function fetchOk(url, what, init = {}) {
  const response = await fetch(url, { credentials: "same-origin", ...init });
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} for ${url}`);
  return response;
}

async function openCache() {
  return self.caches ? caches.open(CACHE_NAME) : null;
}

/** The snapshot a previous visit stored (a Response: its bytes are read later), or null.
 * @param {string} url */
async function storedSnapshot(url) {
  const cache = await openCache();
  return (cache && (await cache.match(url))) || null;
}

/** Drops every kept snapshot: this format's (``keep`` false) and older formats'. */
async function forgetSnapshots(keep = false) {
  if (!self.caches) return;
  for (const name of await caches.keys()) {
    if (name.startsWith(CACHE_PREFIX) && !(keep && name === CACHE_NAME)) await caches.delete(name);
  }
}

// A kept snapshot is read from Cache Storage while Pyodide's .wasm and scripts are read from the
// HTTP cache, all at once: a trace of a later visit showed the worker idle, waiting for those
// ~45 MB. Most of the snapshot's ~31 MB are pages of zeros, so only its other pages are kept
// (~13 MB): a header of 32-bit little-endian words [MAGIC, length, runs, (offset, length) per
// run of non-zero pages], then those runs' bytes.
const PAGE = 4096;
const MAGIC = 0x5a504731; // "1GPZ"

/** The snapshot (an ArrayBuffer) without its pages of zeros.
 * @param {ArrayBuffer} buffer */
function packZeroPages(buffer) {
  const words = new Uint32Array(buffer, 0, Math.floor(buffer.byteLength / 4));
  const pageWords = PAGE / 4;
  /** @param {number} page */
  const isZero = (page) => {
    const end = Math.min((page + 1) * pageWords, words.length);
    for (let i = page * pageWords; i < end; i++) if (words[i] !== 0) return false;
    // The bytes after the last whole word (a length not a multiple of 4) count as not zero.
    return (page + 1) * PAGE <= words.length * 4;
  };
  const pages = Math.ceil(buffer.byteLength / PAGE);
  /** @type {[offset: number, length: number][]} */
  const runs = [];
  for (let page = 0; page < pages; page++) {
    if (isZero(page)) continue;
    const last = runs[runs.length - 1];
    const offset = page * PAGE;
    const length = Math.min(PAGE, buffer.byteLength - offset);
    if (last && last[0] + last[1] === offset) last[1] += length;
    else runs.push([offset, length]);
  }
  const header = new Uint32Array([MAGIC, buffer.byteLength, runs.length, ...runs.flat()]);
  const packed = new Uint8Array(header.byteLength + runs.reduce((sum, [, n]) => sum + n, 0));
  packed.set(new Uint8Array(header.buffer));
  let at = header.byteLength;
  for (const [offset, length] of runs) {
    packed.set(new Uint8Array(buffer, offset, length), at);
    at += length;
  }
  return packed;
}

/** The snapshot's bytes from packZeroPages' form.
 * @param {ArrayBuffer} buffer */
function unpackZeroPages(buffer) {
  const view = new DataView(buffer);
  /** @param {number} index */
  const word = (index) => view.getUint32(index * 4, true);
  if (buffer.byteLength < 12 || word(0) !== MAGIC) throw new Error("the kept snapshot is not packed");
  const bytes = new Uint8Array(word(1));
  const runs = word(2);
  let at = (3 + 2 * runs) * 4;
  for (let run = 0; run < runs; run++) {
    const offset = word(3 + 2 * run);
    const length = word(4 + 2 * run);
    bytes.set(new Uint8Array(buffer, at, length), offset);
    at += length;
  }
  if (at !== buffer.byteLength) throw new Error("the kept snapshot is cut short or too long");
  return bytes;
}

/** After the first visit is ready: fetch, unzip and keep the snapshot for the next visit.
 * @param {string} url */
async function storeSnapshot(url) {
  const cache = await openCache();
  if (!cache || (await cache.match(url))) return;
  const response = await fetchOk(url, "comparator snapshot", { priority: "low" });
  // A fetched (GET) response always has a body.
  const body = /** @type {ReadableStream<Uint8Array<ArrayBuffer>>} */ (response.body);
  const bytes = await new Response(
    body.pipeThrough(new DecompressionStream("gzip")),
  ).arrayBuffer();
  await forgetSnapshots(true); // older formats
  for (const old of await cache.keys()) await cache.delete(old); // an older build's snapshot
  await cache.put(
    url,
    new Response(packZeroPages(bytes), { headers: { "Content-Type": "application/octet-stream" } }),
  );
}

/** Where Pyodide's files are: the build's standard library (the snapshot was made with that
 * very zip, so it is never restored against another), the rest from Pyodide's folder.
 * @param {Config} config */
function pyodideFiles(config) {
  return { indexURL: config.pyodideUrl, stdLibURL: config.stdlibUrl };
}

/** ``bytes``: the snapshot, or a promise of it (Pyodide awaits it after loading its module).
 * @param {LoadPyodide} loadPyodide
 * @param {Config} config
 * @param {Uint8Array | Promise<Uint8Array>} bytes
 * @returns {Promise<Pyodide>} */
async function restore(loadPyodide, config, bytes) {
  const pyodide = await loadPyodide({ ...pyodideFiles(config), _loadSnapshot: bytes });
  // A snapshot freezes the random state of the moment it was made (pyodide#4652).
  pyodide.runPython("import random; random.seed()");
  return pyodide;
}

/**
 * @param {LoadPyodide} loadPyodide
 * @param {Config} config
 * @param {Promise<ArrayBuffer>} archive
 * @returns {Promise<Pyodide>}
 */
async function plainBoot(loadPyodide, config, archive) {
  const pyodide = await loadPyodide(pyodideFiles(config));
  pyodide.unpackArchive(new Uint8Array(await archive), "zip");
  return pyodide;
}

/** When each phase was reached (epoch ms: the page turns them into its own marks). */
/** @type {Record<string, number>} */
const phases = {};
/** @param {string} name */
const phase = (name) => {
  phases[name] = performance.timeOrigin + performance.now();
};

/** Files loadPyodide() fetches that are worth fetching ahead (see above: not the .wasm), and
 * the standard library (config.stdlibUrl). */
const AHEAD = ["pyodide.asm.mjs", "pyodide-lock.json"];

/** Download into the HTTP cache, keeping nothing in memory (a failure shows up later, in
 * loadPyodide, which fetches the same URLs).
 * @param {Config} config */
function download(config) {
  const urls = [...AHEAD.map((name) => new URL(name, config.pyodideUrl)), config.stdlibUrl];
  for (const url of urls) {
    fetch(url, { credentials: "same-origin", priority: "low" })
      // A GET's response always has a body (were it null, the catch below would take it).
      .then((response) =>
        /** @type {ReadableStream} */ (response.body).pipeTo(new WritableStream()),
      )
      .catch(() => {});
  }
}

/** The build's URLs, from the worker's own URL (see the protocol above).
 * @param {string} href
 * @returns {Config} */
function configFromUrl(href) {
  const params = new URL(href).searchParams;
  /** @param {string} key */
  const url = (key) => {
    const value = params.get(key);
    return value ? new URL(value, href).href : "";
  };
  return {
    pyodideUrl: url("pyodide"),
    stdlibUrl: url("stdlib"),
    archiveUrl: url("archive"),
    plansUrl: url("plans"),
    snapshotUrl: url("snapshot"),
  };
}

/** @type {() => void} */
let resolveGo;
/** @type {Promise<void>} */
const go = new Promise((resolve) => {
  resolveGo = resolve;
});
/** The reader asked to save data (sent with "go"): no snapshot is fetched for later. */
let saveData = false;

/** @param {Config} config */
async function boot(config) {
  phase("boot");
  // Everything starts at once: Pyodide's module, plans.json, the cache's answer on a snapshot.
  /** @type {Promise<typeof import("pyodide")>} */
  const pyodideModule = import(new URL("pyodide.mjs", config.pyodideUrl).href);
  const plansText = fetchOk(config.plansUrl, "plans.json").then((r) => r.text());
  /** @type {Promise<ArrayBuffer> | null} */
  let archive = null;
  const fetchArchive = () => {
    if (!archive) {
      archive = fetchOk(config.archiveUrl, "comparator archive").then((r) => r.arrayBuffer());
      archive.catch(() => {}); // awaited later, after Pyodide's boot; reported there
    }
    return archive;
  };
  // Awaited below (perhaps only after the page's "go"); a failure is reported there.
  plansText.catch(() => {});
  pyodideModule.catch(() => {});
  const stored = config.snapshotUrl
    ? await storedSnapshot(config.snapshotUrl).catch(() => null)
    : null;
  // Read at once, while Pyodide's module loads; awaited by the restore, which reports a failure.
  const bytes =
    stored &&
    stored.arrayBuffer().then((buffer) => {
      const unpacked = unpackZeroPages(buffer);
      phase("snapshot-read");
      return unpacked;
    });
  if (bytes) bytes.catch(() => {});
  if (!stored) {
    download(config);
    fetchArchive();
    await go;
    phase("go");
  }
  const { loadPyodide } = await pyodideModule;
  phase("module");
  /** @type {Pyodide | null} */
  let pyodide = null;
  /** @type {Boot} */
  let how = "plain";
  // bytes is set whenever a snapshot is stored.
  if (bytes) {
    try {
      // Pyodide awaits the bytes only once its own files are loaded.
      pyodide = await withDeadline(
        restore(loadPyodide, config, bytes),
        RESTORE_DEADLINE_MS,
        "restoring the snapshot",
      );
      how = "snapshot";
    } catch (error) {
      warn("Timely comparator: the stored snapshot did not restore; booting plainly.", error);
      await forgetSnapshots().catch(() => {});
      pyodide = null;
    }
  }
  /** comparator.browser.Comparator (pyimport's answer is untyped: this is how it is used).
   * @type {(plansText: string, lang: string) => PyComparator} */
  let Comparator;
  try {
    if (!pyodide) pyodide = await plainBoot(loadPyodide, config, fetchArchive());
    phase("pyodide");
    Comparator = pyodide.pyimport("comparator.browser").Comparator;
    phase("imported");
  } catch (error) {
    if (how !== "snapshot") throw error;
    // Restored but unusable: boot plainly once.
    warn("Timely comparator: the snapshot restored without the comparator.", error);
    await forgetSnapshots().catch(() => {});
    how = "plain";
    pyodide = await plainBoot(loadPyodide, config, fetchArchive());
    Comparator = pyodide.pyimport("comparator.browser").Comparator;
  }
  return { how, Comparator, plansText: await plansText };
}

/** @type {(lang: string) => void} */
let resolveOpened;
/** @type {Promise<string>} */
const lang = new Promise((resolve) => {
  resolveOpened = resolve;
});

/** @param {Config} config */
async function start(config) {
  try {
    const { how, Comparator, plansText } = await boot(config);
    comparator = Comparator(plansText, await lang);
    phase("created");
    post({ type: "ready", boot: how, phases });
    if (how === "plain" && config.snapshotUrl && !saveData) {
      storeSnapshot(config.snapshotUrl).then(
        () => post({ type: "snapshot-stored" }),
        (error) => warn("Timely comparator: could not keep the snapshot for the next visit.", error),
      );
    }
  } catch (error) {
    post({ type: "failed", message: String(messageOf(error)) });
  }
}

/** @param {MessageEvent<ToWorker>} event */
self.onmessage = ({ data }) => {
  if (data.type === "go") {
    saveData = saveData || Boolean(data.saveData);
    resolveGo();
  } else if (data.type === "open") {
    resolveOpened(data.lang);
  } else if (data.type === "update") {
    try {
      const started = performance.now();
      // The page sends updates only once "ready" is posted, after the comparator is created.
      const result = /** @type {PyComparator} */ (comparator).update(data.query);
      post({ type: "result", id: data.id, result, pythonMs: performance.now() - started });
    } catch (error) {
      post({ type: "error", id: data.id, message: String(error) });
    }
  }
};

start(configFromUrl(self.location.href));
