"""Print ``make mutation``'s figures per package from mutmut's results in ``mutants/``.

mutmut keeps one ``<module>.py.meta`` (JSON) per mutated module with the exit code of the test run
for each mutant; the mapping from exit code to status is mutmut's own. A mutant that no selected
test executes ("no tests") counts as a survivor: nothing would notice it. Survivors listed in
tests/mutation_equivalents.md (each name in backticks) are accepted as equivalent.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parents[2]
EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.md"
PACKAGES = ("comparator", "helpcenter")
#: Survivors above this share (of the package's mutants), not listed as equivalent, fail the run.
LIMITS = {"comparator": 0.10, "helpcenter": 0.20}


def statuses(mutants: Path) -> dict[str, str]:
    """``{mutant name: status}`` for every mutant mutmut generated."""
    found: dict[str, str] = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        for name, code in codes.items():
            found[name] = status_by_exit_code[code]
    return found


def accepted() -> set[str]:
    """Mutant names listed as equivalent (each in backticks, in a list item with its reason)."""
    if not EQUIVALENTS.exists():
        return set()
    text = EQUIVALENTS.read_text(encoding="utf-8")
    return set(re.findall(r"`([\w.]+__mutmut_\d+)`", text))


def main() -> int:
    found = statuses(ROOT / "mutants")
    if not found:
        print("no mutmut results in mutants/: run `make mutation`", file=sys.stderr)
        return 2
    equivalent = accepted()
    failed = False
    print(
        f"{'package':<11} {'mutants':>7} {'killed':>7} {'type check':>10} {'survived':>8} "
        f"{'no tests':>8} {'timeouts':>8} {'unchecked':>9} {'equivalent':>10} {'survivors':>9}"
    )
    for package in PACKAGES:
        names = [name for name in found if name.split(".")[0] == package]
        counts = Counter(found[name] for name in names)
        survivors = [n for n in names if found[n] in {"survived", "no tests"}]
        open_survivors = [n for n in survivors if n not in equivalent]
        checked = len(names) - counts["not checked"]
        share = len(open_survivors) / checked if checked else 0.0
        print(
            f"{package:<11} {len(names):>7} {counts['killed']:>7} "
            f"{counts['caught by type check']:>10} {counts['survived']:>8} "
            f"{counts['no tests']:>8} {counts['timeout']:>8} {counts['not checked']:>9} "
            f"{len(survivors) - len(open_survivors):>10} {share:>9.1%}"
        )
        if not checked or share > LIMITS[package]:
            failed = True
            print(f"  {package}: {share:.1%} survivors above the {LIMITS[package]:.0%} goal")
    print("survivors = (survived + no tests - listed as equivalent) / checked mutants")
    print("see one: .venv/bin/mutmut show <name>; list: .venv/bin/mutmut results")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
