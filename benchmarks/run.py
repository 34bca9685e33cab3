"""Run every benchmark script in benchmarks/ (all ``*.py`` but this one) and print their tables.

Each script runs in its own process with the project's virtualenv Python (``.venv/bin/python``
when it exists, else this interpreter), one after the other so they do not disturb each other's
timings. Exits non-zero if a script fails; a missed goal is reported in the tables, not here.

    .venv/bin/python benchmarks/run.py [name ...]     # e.g. `run.py comparator`
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.is_file() else sys.executable


def scripts(names: list[str]) -> list[Path]:
    found = sorted(
        path
        for path in HERE.glob("*.py")
        if path.name != Path(__file__).name and not path.name.startswith("_")
    )
    if names:
        found = [path for path in found if path.stem in names]
    return found


def main(argv: list[str]) -> int:
    chosen = scripts(argv)
    if not chosen:
        print(f"no benchmark scripts found in {HERE}", file=sys.stderr)
        return 1
    failed = []
    for script in chosen:
        print(f"## {script.stem}\n", flush=True)
        result = subprocess.run([python(), str(script)], cwd=ROOT, check=False)
        if result.returncode != 0:
            failed.append(script.name)
            print(f"{script.name} failed (exit {result.returncode})\n", flush=True)
        print(flush=True)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
