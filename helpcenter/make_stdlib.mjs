// @ts-check
// Makes the standard library zip the site serves (called by helpcenter/comparator_snapshot.py):
// `node make_stdlib.mjs <pyodide dir> <archive.zip> <plans.json> <out.zip>`.
//
// Pyodide's python_stdlib.zip holds only sources, so every module Pyodide and the comparator
// import is compiled in WebAssembly on every cold visit. This boots the pinned Pyodide with that
// zip, unpacks the comparator as the page's worker does, and runs compile_stdlib.py (next to this
// file: the Python, with why) in it, which writes the copy of the zip the site serves.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, archivePath, plansPath, outPath] = process.argv.slice(2);
/** @type {typeof import("pyodide")} */
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
/** @type {import("pyodide").PyodideConfig} */
const quiet = { stdout: () => {}, stderr: (line) => console.error(line) };

const pyodide = await loadPyodide(quiet);
// Both land in the working folder, first on Pyodide's sys.path (not in the zip).
pyodide.unpackArchive(new Uint8Array(readFileSync(archivePath)), "zip");
pyodide.FS.writeFile("compile_stdlib.py", readFileSync(new URL("compile_stdlib.py", import.meta.url)));
pyodide.FS.writeFile("/tmp/stock.zip", new Uint8Array(readFileSync(join(pyodideDir, "python_stdlib.zip"))));
const tool = pyodide.pyimport("compile_stdlib");
/** @type {string} */
const summary = tool.main(readFileSync(plansPath, "utf8"), "/tmp/stock.zip", "/tmp/out.zip");
tool.destroy();
writeFileSync(outPath, pyodide.FS.readFile("/tmp/out.zip"));
console.error(summary);
