"""Reproducible builds: the same inputs give the same ``site/``, byte for byte.

Two copies of the project in different folders are built in separate processes with different
hash seeds (so neither an absolute path nor set/dict ordering can leak into the output) and the
same ``SOURCE_DATE_EPOCH``: every file and every path must be identical. The build date is the only
input allowed to change the output; :data:`DATE_DEPENDENT` lists the files it reaches and why, and
a build with another date may differ in those files only.

Also: a build never writes to ``docs/`` or ``plans.yaml`` (bytes, mtimes, and no file added or
removed). tests/test_articles.py checks the bytes of the real project; this adds the timestamps.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BuildResult, commit_project, copy_project

#: 2024-01-02 and 2024-03-04, 00:00 UTC: two build dates on different days.
EPOCH = 1_704_153_600
OTHER_EPOCH = 1_709_510_400
#: 2001-09-09: an mtime no build could write by accident.
OLD_NS = 1_000_000_000 * 10**9
#: The files whose bytes depend on the build date, and why. Everything else must be identical
#: whatever the date. MkDocs honours SOURCE_DATE_EPOCH for both.
DATE_DEPENDENT = {
    # overrides/sitemap.xml writes each page's <lastmod> from page.update_date, the build date
    # (MkDocs' get_build_date) for every page.
    "sitemap.xml": "<lastmod> is the build date",
    # MkDocs gzips the sitemap with the gzip header's mtime set to that same date.
    "sitemap.xml.gz": "gzip header mtime is the build date (and the content is sitemap.xml)",
}


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path relative to the site, with its bytes."""
    return {
        file.relative_to(site).as_posix(): file.read_bytes()
        for file in sorted(site.rglob("*"))
        if file.is_file()
    }


def differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """Paths present in only one tree or with different bytes."""
    return sorted(
        path for path in first.keys() | second.keys() if first.get(path) != second.get(path)
    )


def build_with(
    monkeypatch: pytest.MonkeyPatch,
    build: Callable[[Path], BuildResult],
    project: Path,
    epoch: int,
    hash_seed: str,
) -> dict[str, bytes]:
    with monkeypatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", str(epoch))
        env.setenv("PYTHONHASHSEED", hash_seed)
        result = build(project)
    assert result.returncode == 0, result.output
    return tree(result.site)


def test_two_builds_of_the_same_inputs_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build: Callable[[Path], BuildResult]
) -> None:
    # Both copies are git checkouts with the same history: articles take their dates from it.
    first_project = copy_project(tmp_path / "a" / "project")
    second_project = copy_project(tmp_path / "elsewhere" / "b" / "project")
    for project in (first_project, second_project):
        commit_project(project, "2024-01-01T12:00:00+00:00")
    first = build_with(monkeypatch, build, first_project, EPOCH, "1")
    second = build_with(monkeypatch, build, second_project, EPOCH, "2")
    assert len(first) > 50, sorted(first)
    assert sorted(first) == sorted(second), "the two builds wrote different sets of files"
    assert differing(first, second) == [], "same inputs and date, different bytes"

    # Rebuilt in place (site/ exists) with another date: only the date-dependent files change.
    third = build_with(monkeypatch, build, second_project, OTHER_EPOCH, "3")
    changed = differing(first, third)
    assert set(changed) <= set(DATE_DEPENDENT), (
        f"files that changed with the build date but are not in DATE_DEPENDENT: "
        f"{sorted(set(changed) - set(DATE_DEPENDENT))}"
    )
    # The allow-list is exact: each entry really depends on the date (remove it if not).
    assert set(changed) == set(DATE_DEPENDENT), f"DATE_DEPENDENT lists unchanged files: {changed}"


def snapshot(project: Path) -> dict[str, tuple[bytes | None, int]]:
    """Bytes and mtime (ns) of plans.yaml, docs/ and every file and folder under docs/."""
    entries = [project / "plans.yaml", project / "docs", *sorted((project / "docs").rglob("*"))]
    return {
        path.relative_to(project).as_posix(): (
            path.read_bytes() if path.is_file() else None,
            path.stat().st_mtime_ns,
        )
        for path in entries
    }


def age(project: Path) -> None:
    """Give the inputs an old mtime, so a rewrite within the timestamp granularity still shows."""
    for path in [project / "plans.yaml", *(project / "docs").rglob("*"), project / "docs"]:
        os.utime(path, ns=(OLD_NS, OLD_NS))


def changed_entries(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )


def test_a_build_never_touches_docs_or_the_catalogue(
    project: Path, build: Callable[[Path], BuildResult]
) -> None:
    """Not a byte, not a timestamp, not a file added or removed (a folder's mtime would show it),
    whether the build succeeds or fails on a writer's page."""
    age(project)
    before = snapshot(project)
    result = build(project)
    assert result.returncode == 0, result.output
    assert changed_entries(before, snapshot(project)) == []

    faq = project / "docs" / "faq.en.md"
    faq.write_text(faq.read_text(encoding="utf-8") + "\n{{ plan.nope.price }}\n", encoding="utf-8")
    age(project)
    before = snapshot(project)
    result = build(project)
    assert result.returncode != 0, "a page quoting an unknown key must fail the build"
    assert "faq.en.md" in result.output, result.output
    assert changed_entries(before, snapshot(project)) == []


def test_a_build_from_the_cache_is_byte_identical_to_a_cold_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build: Callable[[Path], BuildResult]
) -> None:
    """`.cache/` (validation stamp, compiled templates) only makes a build faster: a warm build,
    and one whose cache file is corrupt, write exactly what a first build of a clone writes."""
    project = copy_project(tmp_path / "project")
    commit_project(project, "2024-01-01T12:00:00+00:00")
    cold = build_with(monkeypatch, build, project, EPOCH, "1")
    templates = project / ".cache" / "helpcenter" / "templates.bin"
    assert templates.is_file(), "the first build keeps its compiled templates"
    warm = build_with(monkeypatch, build, project, EPOCH, "2")
    assert differing(cold, warm) == []

    good = templates.read_bytes()
    templates.write_bytes(good[: len(good) // 2])  # truncated (a full disk, a copied .cache/)
    damaged = build_with(monkeypatch, build, project, EPOCH, "3")
    assert differing(cold, damaged) == []
    assert templates.read_bytes() != good[: len(good) // 2], "the damaged file was replaced"
