"""Build-time cost of the generator, and how the build grows with a larger catalogue.

Measured in one run on one machine, builds interleaved (A, B, A, B, ...) so that machine noise hits
both sides alike; each figure is the median of ``--runs`` builds:

- *plain*: Material + mkdocs-static-i18n building the same Markdown (the generated articles written
  out as files, catalogue quotes already filled in) with no ``helpcenter`` plugin, built with
  ``mkdocs build``;
- *full*: the real build, ``python -m helpcenter.build`` as ``make build`` runs it (staging folder,
  validation, generation, comparator render, Pyodide copy and the comparator's Pyodide memory
  snapshot), as a repeat build with its ``.cache/`` (validation stamp, compiled templates);
  *full, cold* without it (the first build of a clone); *snapshot made* also without the cached
  snapshot (``node_modules/.cache/helpcenter-snapshot``) and without the project's bytecode
  (``__pycache__``): the very first build after cloning and ``npm ci``;

Both projects are git checkouts with one commit, as a clone is (page dates come from git). Every
build runs with Python's bytecode cache on, its default, whatever ``PYTHONDONTWRITEBYTECODE`` says
in the calling shell.
- *full ×10*: the real build with a catalogue and a page set ten times larger.

Goals: full / plain at most 1.15; full ×10 / full at most 10 (no worse than linear).

    .venv/bin/python benchmarks/build.py [--runs 5]
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpcenter.blocks import block_environment  # noqa: E402
from helpcenter.catalogue import load_catalogue  # noqa: E402
from helpcenter.comparator_snapshot import CACHE_FOLDER as SNAPSHOT_CACHE  # noqa: E402
from helpcenter.page_markdown import fill_page  # noqa: E402
from helpcenter.quoting import quotable_values  # noqa: E402
from tests.support.project import LANGUAGES, WORDS  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
#: The project's own packages (installed editable: imported from here, byte-compiled on first use).
PROJECT_PACKAGES = (ROOT / "core", ROOT / "comparator", ROOT / "helpcenter")
#: CPU seconds (user + system) of each build, by project, in the order they ran.
CPU_TIMES: dict[Path, list[float]] = {}
#: Theme overrides that only the generator plugin can render.
PLUGIN_TEMPLATES = ("sitemap.xml", "robots.txt")


def copy_inputs(destination: Path) -> Path:
    destination.mkdir(parents=True)
    for name in (
        "mkdocs.yml",
        "plans.yaml",
        "shortlinks.yaml",
        "search-synonyms.yaml",
    ):
        shutil.copy2(ROOT / name, destination / name)
    for name in ("docs", "overrides", "words"):
        shutil.copytree(ROOT / name, destination / name)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def commit(project: Path) -> None:
    """Make ``project`` a git checkout with one commit, as a clone is (page dates read git)."""
    (project / ".gitignore").write_text(
        "/site/\n/.site.*/\n/.cache/\n/node_modules\n", encoding="utf-8"
    )
    env = {
        **os.environ,
        **{
            f"GIT_{who}_{what}": value
            for who in ("AUTHOR", "COMMITTER")
            for what, value in (
                ("NAME", "Bench"),
                ("EMAIL", "bench@example.test"),
                ("DATE", "2024-01-01T12:00:00+00:00"),
            )
        },
    }
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "inputs"]):
        subprocess.run(["git", *command], cwd=project, env=env, check=True)


def make_plain(full: Path, destination: Path) -> Path:
    """The same Markdown as ``full`` builds, as ordinary files, and no generator plugin."""
    copy_inputs(destination)
    shutil.rmtree(destination / "docs")
    shutil.copytree(full / "docs", destination / "docs")
    catalogue = load_catalogue(full / "plans.yaml", WORDS).model
    blocks = block_environment(full / "overrides" / "helpcenter" / "blocks")
    quotes = {lang: quotable_values(catalogue, lang) for lang in LANGUAGES}
    for page in (destination / "docs").rglob("*.md"):
        lang = page.suffixes[-2].lstrip(".")
        filled = fill_page(
            page.read_text(encoding="utf-8"), WORDS[lang], catalogue, blocks, quotes[lang]
        )
        page.write_text(filled.markdown, "utf-8")
    config = yaml.safe_load((full / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    config["site_url"] = "https://help.time.ly/"
    # Neither of the project's plugins (the generator and the reader frame) runs in the baseline.
    config["plugins"] = [
        p
        for p in config["plugins"]
        if not any(
            str(name).startswith("helpcenter") for name in (p if isinstance(p, dict) else [p])
        )
    ]
    # Links that only exist because the generator rewrites them are not checked in the baseline.
    config["validation"] = {"links": {"not_found": "info", "anchors": "info"}}
    # The sitemap and robots.txt overrides render the generator's data (`hc_site`): the baseline
    # writes Material + i18n's own sitemap, and no robots.txt.
    for name in PLUGIN_TEMPLATES:
        (destination / "overrides" / name).unlink()
    theme = config["theme"]
    theme["static_templates"] = [t for t in theme.get("static_templates", []) if t != "robots.txt"]
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return destination


def numbered(value: str, n: int, sep: str = "") -> str:
    """The n-th copy's id: copy 0 keeps the original, so quotes and short links still resolve."""
    return value if n == 0 else f"{value}{sep}{n}"


def scale_project(project: Path, factor: int) -> None:
    """Make the catalogue and the page set ``factor`` times larger, still valid."""
    # The `!sample` tags are PyYAML-unknown; the scaled copy does without them.
    text = re.sub(r" ?!sample", "", (project / "plans.yaml").read_text(encoding="utf-8"))
    data: dict[str, Any] = yaml.safe_load(text)
    base = copy.deepcopy(data)
    copies = range(factor)
    data["features"] = [
        dict(f, id=numbered(f["id"], n, "_")) for n in copies for f in base["features"]
    ]
    data["plans"] = [
        dict(
            copy.deepcopy(plan),
            id=numbered(plan["id"], n),
            name=numbered(plan["name"], n, " "),
            features={numbered(k, m, "_"): v for m in copies for k, v in plan["features"].items()},
        )
        for n in copies
        for plan in base["plans"]
    ]
    data["addons"] = [
        dict(
            copy.deepcopy(addon),
            id=numbered(addon["id"], n),
            applies_to=[numbered(plan, n) for plan in addon["applies_to"]],
        )
        for n in copies
        for addon in base["addons"]
    ]
    data["cancellation"]["channels"] = [
        dict(copy.deepcopy(channel), id=numbered(channel["id"], n, "-"))
        for n in copies
        for channel in base["cancellation"]["channels"]
    ]
    data["upgrade"]["steps"] = base["upgrade"]["steps"] * factor
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (project / "plans.yaml").write_text(text, encoding="utf-8")

    # The page set: as many more writer's pages (copies of the FAQ) as it takes to have `factor`
    # times the pages per language, each listed in the navigation.
    pages_per_language = sum(1 for _ in (project / "docs").rglob("*.nl.md"))
    add_faq_copies(project, (factor - 1) * pages_per_language)


#: The FAQ's first heading in each language, numbered in each copy.
FAQ_TITLES = {"nl": "# Veelgestelde vragen over prijzen\n", "en": "# Pricing questions\n"}


def add_faq_copies(project: Path, count: int, section_size: int = 100) -> list[str]:
    """Add ``count`` copies of the FAQ pair to ``project``, in nav sections of ``section_size``.

    Each copy is ``docs/faq-N.<lang>.md``, next to the FAQ, so its relative links resolve as the
    FAQ's do (the build refuses a broken link); it has its own title and its own aliases (an
    alias names one page). Each nav section ("Meer 1", ...) gets its English title, which the
    build requires. Returns the copies' nav paths (``faq-N.md``).
    """
    docs = project / "docs"
    originals = {lang: (docs / f"faq.{lang}.md").read_text(encoding="utf-8") for lang in LANGUAGES}
    for lang, title in FAQ_TITLES.items():
        if title not in originals[lang]:
            raise SystemExit(f"docs/faq.{lang}.md no longer has the heading {title.strip()!r}")
    paths = []
    for n in range(count):
        for lang, text in originals.items():
            text = text.replace(FAQ_TITLES[lang], f"{FAQ_TITLES[lang].rstrip()} {n}\n", 1)
            text = text.replace("short: ", f"short: x{n}-")
            text = re.sub(
                r"aliases: \[(.*?)\]",
                lambda m, n=n: (
                    "aliases: [" + ", ".join(f"x{n}-{a.strip()}" for a in m[1].split(",")) + "]"
                ),
                text,
            )
            (docs / f"faq-{n}.{lang}.md").write_text(text, encoding="utf-8")
        paths.append(f"faq-{n}.md")
    sections = [paths[i : i + section_size] for i in range(0, len(paths), section_size)]
    nav = "".join(
        f"  - Meer {s}:\n" + "".join(f"      - {path}\n" for path in section)
        for s, section in enumerate(sections, 1)
    )
    translations = "".join(f"            Meer {s}: More {s}\n" for s in range(1, len(sections) + 1))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    # The sections come after the FAQ, the last entry of the last section of the project's nav.
    for anchor, added in (
        ("      - faq.md\n", nav),
        ("            Abonnementen en prijzen: Plans and pricing\n", translations),
    ):
        if config.count(anchor) != 1:
            raise SystemExit(f"mkdocs.yml: expected one line {anchor.strip()!r}")
        config = config.replace(anchor, anchor + added)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return paths


def timed_build(
    project: Path, *, real: bool = True, cold: bool = False, new_snapshot: bool = False
) -> float:
    """Seconds of one build: ``make build``'s command (``real``), else plain ``mkdocs build``."""
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    if cold:  # no validation stamp, no compiled templates: a first build on a fresh clone
        shutil.rmtree(project / ".cache", ignore_errors=True)
    if new_snapshot:  # Node boots Pyodide and makes the snapshot again, and, as on the very
        # first build of a clone, Python compiles the project's own modules to bytecode
        shutil.rmtree(project / "node_modules" / SNAPSHOT_CACHE, ignore_errors=True)
        for package in PROJECT_PACKAGES:
            shutil.rmtree(package / "__pycache__", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    # Python's bytecode cache as Python has it by default: both sides' installed packages were
    # byte-compiled by pip; the project's own modules are compiled by their first build. (With
    # PYTHONDONTWRITEBYTECODE=1, as on the development machine, every full build compiled the
    # project's ~45 modules anew while the baseline's packages had theirs: unfair to full.)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if real:
        command = [sys.executable, "-m", "helpcenter.build", "--site-dir", str(site)]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=output, stderr=output)
        # The build's own CPU time (and its children's, git and Node), as well as the wall time:
        # on a shared machine the CPU time varies less with the other processes' load.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            output.seek(0)
            text = output.read().decode("utf-8", "replace")
            raise SystemExit(f"build of {project} failed:\n{text}")
    CPU_TIMES.setdefault(project, []).append(usage.ru_utime + usage.ru_stime)
    return elapsed


def write_table(name: str, table: list[str], load_before: str) -> None:
    """Print ``table`` with the load average before and after, and keep it in out/<name>.md."""
    load_after = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    text = "\n".join([*table, f"Load average before / after: {load_before} / {load_after}."])
    print(text)
    OUT.mkdir(exist_ok=True)
    (OUT / f"{name}.md").write_text(text + "\n", encoding="utf-8")


def page_count(project: Path) -> int:
    return sum(1 for _ in (project / "site").rglob("index.html"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    load_before = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        full = copy_inputs(work / "full")
        plain = make_plain(full, work / "plain")
        big = copy_inputs(work / "big")
        scale_project(big, 10)
        for project in (full, plain, big):
            commit(project)
        projects: dict[str, Path] = {
            "plain": plain,
            "full": full,
            "full, cold": full,
            "snapshot made": full,
            "full ×10": big,
        }
        timings: dict[str, list[float]] = {name: [] for name in projects}
        for name, project in projects.items():  # warm-up: imports, disk cache
            timed_build(project, real=name != "plain")
        cpu: dict[str, list[float]] = {name: [] for name in projects}
        for _ in range(args.runs):
            for name, project in projects.items():
                timings[name].append(
                    timed_build(
                        project,
                        real=name != "plain",
                        cold=name in {"full, cold", "snapshot made"},
                        new_snapshot=name == "snapshot made",
                    )
                )
                cpu[name].append(CPU_TIMES[project][-1])
        median: Callable[[str], float] = lambda name: statistics.median(timings[name])  # noqa: E731
        pages = {name: page_count(project) for name, project in projects.items()}
    overhead = median("full") / median("plain")
    cold_overhead = median("full, cold") / median("plain")
    growth = median("full ×10") / median("full")
    page_growth = pages["full ×10"] / pages["full"]
    rows = [
        ("plain Material + i18n build (same Markdown)", f"{median('plain'):.2f} s", "baseline", ""),
        (
            "full build (generator, comparator, Pyodide copy, cached Pyodide snapshot)",
            f"{median('full'):.2f} s",
            "",
            "",
        ),
        ("full / plain", f"{overhead:.2f}", "≤ 1.15", "pass" if overhead <= 1.15 else "miss"),
        (
            "full build, cold (no .cache: first build of a clone)",
            f"{median('full, cold'):.2f} s",
            "",
            "",
        ),
        (
            "full, cold / plain",
            f"{cold_overhead:.2f}",
            "≤ 1.15",
            "pass" if cold_overhead <= 1.15 else "miss",
        ),
        (
            "full, very first build of a clone (no .cache, snapshot made anew after `npm ci`, "
            "project's Python not yet byte-compiled)",
            f"{median('snapshot made'):.2f} s",
            "reported",
            "",
        ),
        (
            f"full ×10 catalogue, {pages['full ×10']} vs {pages['full']} pages",
            f"{median('full ×10'):.2f} s",
            "",
            "",
        ),
        (
            f"full ×10 / full (pages ×{page_growth:.1f})",
            f"{growth:.2f}",
            "≤ 10 (linear)",
            "pass" if growth <= 10 else "miss",
        ),
    ]
    table = [
        f"Build benchmark: median of {args.runs} builds each, interleaved, one machine, one run.",
        "",
        "| figure | value | goal | result |",
        "| --- | ---: | --- | --- |",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
    ]
    cpu_median = {name: statistics.median(values) for name, values in cpu.items()}
    table += [
        "",
        "CPU time of the same builds (user + system, children included; medians): "
        f"plain {cpu_median['plain']:.2f} s, full {cpu_median['full']:.2f} s "
        f"({cpu_median['full'] / cpu_median['plain']:.2f}), "
        f"full, cold {cpu_median['full, cold']:.2f} s "
        f"({cpu_median['full, cold'] / cpu_median['plain']:.2f}).",
    ]
    write_table("build", table, load_before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
