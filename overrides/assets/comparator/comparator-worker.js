// The plan comparator's Python, in a module worker: the page's main thread never runs Pyodide.
//
// Protocol (postMessage, one worker per page, started by comparator.js):
//   page -> worker  {type: "boot", pyodideUrl, stdlibUrl, archiveUrl, plansUrl, snapshotUrl,
//                    saveData, snapshotStored, waitForGo}   (stdlibUrl: the build's standard
//                    library, its hot modules precompiled; snapshotStored: the page's hint that
//                    one is kept; waitForGo: download now, start Pyodide only on "go")
//   page -> worker  {type: "go"}             (the page's own start-up is done)
//   page -> worker  {type: "open", lang}     (the comparator's data-lang, once it is parsed)
//   worker -> page  {type: "ready", boot: "snapshot" | "plain"}   or   {type: "failed", message}
//   page -> worker  {type: "update", id, query}
//   worker -> page  {type: "result", id, result}   (result: JSON text from Comparator.update)
//   worker -> page  {type: "snapshot-stored"}      (kept for the next visit)
//   worker -> page  {type: "warning", message}     (shown in the page's console)
//
// One comparator.browser.Comparator is created once; every update is one call into it. The
// worker's own response carries the Content-Security-Policy that allows WebAssembly
// ('wasm-unsafe-eval'); the page's policy does not apply to a dedicated worker.
//
// Later visits: once the first visit is ready (and never under Save-Data), the build's memory
// snapshot (Python with the comparator imported, see helpcenter/make_snapshot.mjs) is fetched
// into the Cache API; the next visit restores it instead of booting. Any problem with it means
// a plain boot, and the broken entry is dropped. When the page says a snapshot is kept, Pyodide's
// own start (its module, the standard library) runs while the snapshot is still being read.
//
// A first visit (waitForGo): Pyodide's JavaScript, standard library and lock file are downloaded
// at once into the HTTP cache (they are immutable there), but loadPyodide(), whose WebAssembly
// compile keeps every core busy, waits for the page's "go" once its own start-up is done; it then
// reads them from the cache. pyodide.asm.wasm is not fetched ahead: a private window's in-memory
// cache does not keep a 9.6 MB entry (seen in a trace), so it would be downloaded twice.

const CACHE_NAME = "timely-comparator-snapshot";
/** A restore that neither resolves nor rejects (Pyodide can hang) gives way to a plain boot. */
const RESTORE_DEADLINE_MS = 15000;

let comparator = null;

function post(message) {
  self.postMessage(message);
}

/** Warnings go to the page's console too, where readers' bug reports and tests look. */
function warn(text, error) {
  console.warn(text, error);
  post({ type: "warning", message: `${text} ${error && error.message ? error.message : error}` });
}

function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function fetchOk(url, what, init = {}) {
  const response = await fetch(url, { credentials: "same-origin", ...init });
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} for ${url}`);
  return response;
}

async function openCache() {
  return self.caches ? caches.open(CACHE_NAME) : null;
}

/** The snapshot a previous visit stored, or null. */
async function storedSnapshot(url) {
  const cache = await openCache();
  const response = cache && (await cache.match(url));
  return response ? new Uint8Array(await response.arrayBuffer()) : null;
}

async function forgetSnapshots() {
  if (self.caches) await caches.delete(CACHE_NAME);
}

/** After the first visit is ready: fetch, unzip and keep the snapshot for the next visit. */
async function storeSnapshot(url) {
  const cache = await openCache();
  if (!cache || (await cache.match(url))) return;
  const response = await fetchOk(url, "comparator snapshot", { priority: "low" });
  const bytes = await new Response(
    response.body.pipeThrough(new DecompressionStream("gzip")),
  ).arrayBuffer();
  for (const old of await cache.keys()) await cache.delete(old); // an older build's snapshot
  await cache.put(url, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
}

/** The page's hint was wrong: no snapshot is kept (not a fault, so no warning). */
class NoSnapshot extends Error {}

/** Where Pyodide's files are: the build's standard library (the snapshot was made with that
 * very zip, so it is never restored against another), the rest from Pyodide's folder. */
function pyodideFiles(config) {
  return { indexURL: config.pyodideUrl, stdLibURL: config.stdlibUrl };
}

/** ``bytes``: the snapshot, or a promise of it (Pyodide awaits it after loading its module). */
async function restore(loadPyodide, config, bytes) {
  const pyodide = await loadPyodide({ ...pyodideFiles(config), _loadSnapshot: bytes });
  // A snapshot freezes the random state of the moment it was made (pyodide#4652).
  pyodide.runPython("import random; random.seed()");
  return pyodide;
}

async function plainBoot(loadPyodide, config, archive) {
  const pyodide = await loadPyodide(pyodideFiles(config));
  pyodide.unpackArchive(new Uint8Array(await archive), "zip");
  return pyodide;
}

/** When each phase was reached (epoch ms: the page turns them into its own marks). */
const phases = {};
const phase = (name) => {
  phases[name] = performance.timeOrigin + performance.now();
};

/** Files loadPyodide() fetches that are worth fetching ahead (see above: not the .wasm), and
 * the standard library (config.stdlibUrl). */
const AHEAD = ["pyodide.asm.mjs", "pyodide-lock.json"];

/** Download into the HTTP cache, keeping nothing in memory (a failure shows up later, in
 * loadPyodide, which fetches the same URLs). */
function download(config) {
  const urls = [...AHEAD.map((name) => new URL(name, config.pyodideUrl)), config.stdlibUrl];
  for (const url of urls) {
    fetch(url, { credentials: "same-origin", priority: "low" })
      .then((response) => response.body.pipeTo(new WritableStream()))
      .catch(() => {});
  }
}

let resolveGo;
const go = new Promise((resolve) => {
  resolveGo = resolve;
});

async function boot(config) {
  phase("boot");
  // Everything starts at once: Pyodide's module, plans.json, the stored snapshot if any.
  const pyodideModule = import(new URL("pyodide.mjs", config.pyodideUrl).href);
  const plansText = fetchOk(config.plansUrl, "plans.json").then((r) => r.text());
  const snapshot = config.snapshotUrl
    ? storedSnapshot(config.snapshotUrl).catch(() => null)
    : Promise.resolve(null);
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
  if (config.waitForGo) {
    download(config);
    await go;
    phase("go");
  }
  const { loadPyodide } = await pyodideModule;
  phase("module");
  // With the page's hint, restoring starts at once and Pyodide awaits the bytes itself;
  // without it, the cache is asked first (a quick "no" on a first visit).
  const stored = config.snapshotStored
    ? snapshot.then((bytes) => bytes || Promise.reject(new NoSnapshot("no snapshot is kept")))
    : await snapshot;
  // Pyodide awaits it only once its module is loaded: a quick "none kept" is not unhandled.
  if (stored instanceof Promise) stored.catch(() => {});
  if (!stored) fetchArchive();
  let pyodide = null;
  let how = "plain";
  if (stored) {
    try {
      pyodide = await withDeadline(
        restore(loadPyodide, config, stored),
        RESTORE_DEADLINE_MS,
        "restoring the snapshot",
      );
      how = "snapshot";
    } catch (error) {
      if (!(error instanceof NoSnapshot)) {
        warn("Timely comparator: the stored snapshot did not restore; booting plainly.", error);
        await forgetSnapshots().catch(() => {});
      }
      pyodide = null;
    }
  }
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

let booting = null;
let opened = null;
let resolveOpened;
const lang = new Promise((resolve) => {
  resolveOpened = resolve;
});

self.onmessage = async ({ data }) => {
  if (data.type === "boot") {
    if (booting) return;
    booting = boot(data);
    try {
      const { how, Comparator, plansText } = await booting;
      comparator = Comparator(plansText, await lang);
      phase("created");
      post({ type: "ready", boot: how, phases });
      if (how === "plain" && data.snapshotUrl && !data.saveData) {
        storeSnapshot(data.snapshotUrl).then(
          () => post({ type: "snapshot-stored" }),
          (error) => warn("Timely comparator: could not keep the snapshot for the next visit.", error),
        );
      }
    } catch (error) {
      post({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  } else if (data.type === "go") {
    resolveGo();
  } else if (data.type === "open") {
    if (!opened) {
      opened = true;
      resolveOpened(data.lang);
    }
  } else if (data.type === "update") {
    try {
      const started = performance.now();
      const result = comparator.update(data.query);
      post({ type: "result", id: data.id, result, pythonMs: performance.now() - started });
    } catch (error) {
      post({ type: "error", id: data.id, message: String(error) });
    }
  }
};
