// @ts-check
// Makes the comparator's Pyodide memory snapshot at build time (called by
// helpcenter/comparator_snapshot.py):
// `node make_snapshot.mjs <pyodide dir> <archive.zip> <stdlib.zip> <out>`.
//
// Boots the pinned Pyodide from node_modules with the standard library the site serves
// (make_stdlib.mjs: a snapshot holds zipimport's view of the zip it was made with, so it is
// only ever restored against that same zip), unpacks the comparator package and imports it, then
// writes Pyodide's memory snapshot, so a later visit restores Python with the comparator already
// imported instead of booting and importing again. The snapshot is restored once here before it
// is written: a snapshot that does not restore never reaches the site.
//
// `_makeSnapshot`, `makeMemorySnapshot` and `_loadSnapshot` are private Pyodide APIs; the version
// is pinned by package-lock.json and is part of the cache key and of the snapshot's URL.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, archivePath, stdlibPath, outPath] = process.argv.slice(2);
// Restoring fails above Pyodide's default 30 MiB heap (pyodide#6254): refuse to write one.
const DEFAULT_HEAP = 30 * 1024 * 1024;
/** @type {typeof import("pyodide")} */
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
/** @type {import("pyodide").PyodideConfig} */
const quiet = {
  stdout: () => {},
  stderr: (line) => console.error(line),
  stdLibURL: stdlibPath,
};

const pyodide = await loadPyodide({ ...quiet, _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(readFileSync(archivePath)), "zip");
pyodide.pyimport("comparator.browser");
const snapshot = pyodide.makeMemorySnapshot();
// Pyodide's Emscripten module is private (not in its types).
const { _module } = /** @type {{_module: {HEAP8: Int8Array}}} */ (/** @type {unknown} */ (pyodide));
const heap = _module.HEAP8.length;
if (heap > DEFAULT_HEAP) {
  console.error(`the heap grew to ${heap} bytes, above Pyodide's default ${DEFAULT_HEAP}`);
  process.exit(2);
}
const restored = await loadPyodide({ ...quiet, _loadSnapshot: snapshot });
const check = restored.runPython(
  // The comparator's modules came from the compiled entries, and a module nobody imported yet
  // (a source entry) still imports from the same zip.
  "import comparator.browser, random, html.entities, fractions; random.seed(); " +
    "'Comparator' if html.entities.__spec__.origin.endswith('.pyc') " +
    "and fractions.__spec__.origin.endswith('.py') else 'not the compiled zip'",
);
if (check !== "Comparator") {
  console.error(`the restored snapshot answered ${check}`);
  process.exit(3);
}
writeFileSync(outPath, snapshot);
