// @ts-check
// ESLint (flat config): the recommended rules on every JavaScript file of the project, each with
// the globals of where it runs. `make test` runs it; types are tsc's job (tsconfig*.json).
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    // Build outputs, caches and installed packages: not the project's own code.
    ignores: [".venv/", ".cache/", "site/", ".site.*/", "benchmarks/out/", "mutants/"],
  },
  js.configs.recommended,
  {
    // Classic page scripts (overrides/main.html).
    files: ["overrides/assets/comparator/comparator.js", "overrides/assets/javascripts/*.js"],
    languageOptions: { sourceType: "script", globals: globals.browser },
  },
  {
    // The comparator's module worker.
    files: ["overrides/assets/comparator/comparator-worker.js"],
    languageOptions: { sourceType: "module", globals: globals.worker },
  },
  {
    // Node: the build's Pyodide scripts, the tests' runner, this file.
    files: ["**/*.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
