// @ts-check
// Run comparator (with core) in Pyodide under Node: `node pyodide_run.mjs <repo root> [<stdlib.zip>]` reads
// {"plans_json": text, "cases": [[query, lang], ...]} on stdin and prints, as JSON,
// [update(...), render_page(...)] per case, the Python version, and the standard library modules
// that were imported from a source (.py) entry of the zip, not a compiled one.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [root, stdlib] = process.argv.slice(2);
/** @type {typeof import("pyodide")} */
const { loadPyodide } = await import(
  pathToFileURL(join(root, "node_modules", "pyodide", "pyodide.mjs")).href
);
const input = JSON.parse(readFileSync(0, "utf8"));
const pyodide = await loadPyodide(stdlib ? { stdLibURL: stdlib } : {});
// The two stdlib-only packages the site's archive holds (helpcenter/comparator_assets.py).
for (const pkg of ["core", "comparator"]) {
  pyodide.FS.mkdirTree(`/home/pyodide/${pkg}`);
  for (const name of readdirSync(join(root, pkg))) {
    if (name.endsWith(".py")) {
      const source = readFileSync(join(root, pkg, name), "utf8");
      pyodide.FS.writeFile(`/home/pyodide/${pkg}/${name}`, source);
    }
  }
}
pyodide.globals.set("INPUT", JSON.stringify(input));
const out = pyodide.runPython(`
import json, sys
sys.path.insert(0, "/home/pyodide")
from comparator.browser import render_page, update
data = json.loads(INPUT)
text = data["plans_json"]
results = [
    [update(text, q, lang), render_page(json.loads(text), q, lang)] for q, lang in data["cases"]
]
zip_path = next(entry for entry in sys.path if entry.endswith(".zip"))
json.dumps({
    "version": list(sys.version_info[:2]),
    "results": results,
    "sources": sorted(
        name
        for name, module in list(sys.modules.items())
        if str(getattr(getattr(module, "__spec__", None), "origin", "")).startswith(zip_path)
        and module.__spec__.origin.endswith(".py")
    ),
})
`);
process.stdout.write(out);
