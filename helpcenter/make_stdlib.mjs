// @ts-check
// Makes the standard library zip the site serves (called by helpcenter/comparator_snapshot.py):
// `node make_stdlib.mjs <pyodide dir> <archive.zip> <plans.json> <out.zip>`.
//
// Pyodide's python_stdlib.zip holds only sources, so every module Pyodide and the comparator
// import is compiled in WebAssembly on every cold visit. This boots the pinned Pyodide with that
// zip, does what the page's worker does (import comparator.browser, create a Comparator per
// language, run one update), reads sys.modules, and writes a copy of the zip in which exactly the
// modules that were imported from it are compiled by Pyodide's own Python (unchecked hash-based
// `.pyc`, which zipimport prefers to `.py`); every other module stays a `.py`. Entries are sorted
// and dated 1980-01-01, so the same Pyodide and the same imports give the same bytes.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, archivePath, plansPath, outPath] = process.argv.slice(2);
/** @type {typeof import("pyodide")} */
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
/** @type {import("pyodide").PyodideConfig} */
const quiet = { stdout: () => {}, stderr: (line) => console.error(line) };

const pyodide = await loadPyodide(quiet);
pyodide.unpackArchive(new Uint8Array(readFileSync(archivePath)), "zip");
pyodide.FS.writeFile("/tmp/stock.zip", new Uint8Array(readFileSync(join(pyodideDir, "python_stdlib.zip"))));
pyodide.globals.set("PLANS", readFileSync(plansPath, "utf8"));
const summary = pyodide.runPython(`
import sys
from comparator.browser import Comparator

for lang in ("nl", "en"):
    Comparator(PLANS, lang).update("")

import importlib._bootstrap_external as external
import zipfile

stdlib = next(entry for entry in sys.path if entry.endswith(".zip")) + "/"
hot = {
    module.__spec__.origin[len(stdlib):]
    for module in list(sys.modules.values())
    if getattr(module, "__spec__", None) is not None
    and isinstance(module.__spec__.origin, str)
    and module.__spec__.origin.startswith(stdlib)
}
compiled = 0
with zipfile.ZipFile("/tmp/stock.zip") as stock, zipfile.ZipFile("/tmp/out.zip", "w") as out:
    names = {info.filename for info in stock.infolist()}
    missing = sorted(hot - names)
    if missing:
        raise RuntimeError(f"imported from the zip but not in it: {missing}")
    entries = []
    for info in stock.infolist():
        data = stock.read(info)
        if info.filename in hot:
            code = compile(data, stdlib + info.filename, "exec", dont_inherit=True)
            data = bytes(external._code_to_hash_pyc(code, b"\\0" * 8, checked=False))
            entries.append((info.filename + "c", data))
            compiled += 1
        else:
            entries.append((info.filename, data))
    for name, data in sorted(entries):
        entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = (0o40755 if name.endswith("/") else 0o644) << 16
        out.writestr(entry, data, compresslevel=9)
f"{compiled} of {len(names)} entries compiled"
`);
writeFileSync(outPath, pyodide.FS.readFile("/tmp/out.zip"));
console.error(summary);
