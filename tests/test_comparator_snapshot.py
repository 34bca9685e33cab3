"""The comparator's Pyodide memory snapshot: cached per Pyodide version and archive, published
content-hashed, small enough to restore (Pyodide's default 30 MiB heap)."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpcenter import comparator_snapshot
from helpcenter.comparator_snapshot import SnapshotError, cache_path, snapshot_gz

#: Pyodide's default heap; a snapshot of a larger heap does not restore (pyodide#6254).
DEFAULT_HEAP = 30 * 1024 * 1024


def test_the_cache_key_is_the_pyodide_version_and_the_archive(tmp_path: Path) -> None:
    one = cache_path(tmp_path, "314.0.7", b"archive one")
    assert cache_path(tmp_path, "314.0.7", b"archive one") == one
    assert cache_path(tmp_path, "314.0.8", b"archive one") != one
    assert cache_path(tmp_path, "314.0.7", b"archive two") != one


def test_a_cached_snapshot_is_used_without_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = cache_path(tmp_path, "314.0.7", b"zip")
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"cached snapshot")
    monkeypatch.setattr(comparator_snapshot.shutil, "which", lambda name: None)
    assert snapshot_gz(tmp_path, "314.0.7", b"zip") == b"cached snapshot"


def test_without_node_the_build_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(comparator_snapshot.shutil, "which", lambda name: None)
    with pytest.raises(SnapshotError) as raised:
        snapshot_gz(tmp_path, "314.0.7", b"zip")
    assert str(raised.value) == "the comparator snapshot needs Node.js (`node` is not on PATH)"


def test_a_failing_snapshot_script_is_reported_with_its_reason(tmp_path: Path) -> None:
    # No Pyodide in this node_modules: the script fails, and the message says so.
    with pytest.raises(SnapshotError, match=r"make_snapshot\.mjs, exit \d+"):
        snapshot_gz(tmp_path, "314.0.7", b"not a zip")
    assert not cache_path(tmp_path, "314.0.7", b"not a zip").exists()  # nothing half-written


def test_the_site_publishes_a_restorable_content_hashed_snapshot(built_site: Path) -> None:
    page = (built_site / "account" / "compare-plans" / "index.html").read_text(encoding="utf-8")
    urls = set(re.findall(r'data-snapshot-url="((?:\.\./)*assets/comparator/[^"]+)"', page))
    assert len(urls) == 1, urls  # the head's <meta> and the mount name the same file
    file = built_site / re.sub(r"^(\.\./)+", "", urls.pop())
    data = file.read_bytes()
    assert file.name == f"snapshot-{hashlib.sha256(data).hexdigest()[:12]}.gz"
    raw = gzip.decompress(data)
    assert 1024 * 1024 < len(raw) <= DEFAULT_HEAP + 64 * 1024  # a heap image, not above the limit


def test_parallel_builds_agree_on_one_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever caches first wins; a build that made its own meanwhile uses the cached one."""
    cached = cache_path(tmp_path, "314.0.7", b"zip")

    def other_build_finishes_first(*args: object, **kwargs: object) -> object:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(b"the other build's snapshot")
        Path(str(args[0][-1])).write_bytes(b"this build's snapshot")  # type: ignore[index]
        return comparator_snapshot.subprocess.CompletedProcess(args[0], 0, "", "")

    monkeypatch.setattr(comparator_snapshot.shutil, "which", lambda name: "/usr/bin/node")
    monkeypatch.setattr(comparator_snapshot.subprocess, "run", other_build_finishes_first)
    assert snapshot_gz(tmp_path, "314.0.7", b"zip") == b"the other build's snapshot"
    assert list(cached.parent.iterdir()) == [cached]  # no temporary file left behind


MAKE_SNAPSHOT = Path(__file__).resolve().parent.parent / "helpcenter" / "make_snapshot.mjs"


class FakeNode:
    """Stands in for ``subprocess.run`` of ``node make_snapshot.mjs <pyodide> <zip> <out>``: reads
    the archive it is given and writes ``snapshot of <archive>`` (or only ``partial`` of it), then
    exits with ``returncode`` after printing ``stdout`` and ``stderr``."""

    def __init__(
        self, returncode: int = 0, stdout: str = "", stderr: str = "", written: int | None = None
    ) -> None:
        self.returncode, self.stdout, self.stderr, self.written = (
            returncode,
            stdout,
            stderr,
            written,
        )
        self.commands: list[list[str]] = []

    def __call__(self, command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
        self.commands.append(command)
        snapshot = b"snapshot of " + Path(command[3]).read_bytes()
        if self.written != 0:
            Path(command[4]).write_bytes(snapshot[: self.written])
        return subprocess.CompletedProcess(command, self.returncode, self.stdout, self.stderr)


def with_node(monkeypatch: pytest.MonkeyPatch, node: FakeNode) -> None:
    monkeypatch.setattr("helpcenter.comparator_snapshot.shutil.which", lambda name: "/usr/bin/node")
    monkeypatch.setattr("helpcenter.comparator_snapshot.subprocess.run", node)


def test_the_snapshot_is_made_from_the_installed_pyodide_and_cached_gzipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = FakeNode()
    with_node(monkeypatch, node)
    made = snapshot_gz(tmp_path, "314.0.7", b"comparator zip")
    assert gzip.decompress(made) == b"snapshot of comparator zip"
    assert made[4:8] == bytes(4), "no time in the gzip header: the same snapshot, the same URL"
    assert cache_path(tmp_path, "314.0.7", b"comparator zip").read_bytes() == made
    [command] = node.commands
    assert command[:3] == ["/usr/bin/node", str(MAKE_SNAPSHOT), str(tmp_path / "pyodide")]


@pytest.fixture
def other_file_system() -> Iterator[Path]:
    """A folder on another file system than the project, if the machine has one (``/dev/shm``),
    as the system's temporary folder is where ``/tmp`` is a tmpfs."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix="helpcenter-test-", dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def test_the_snapshot_is_cached_when_the_temporary_folder_is_on_another_file_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other_file_system: Path
) -> None:
    """The cache file is linked into place from a file next to it: a link cannot cross file
    systems."""
    monkeypatch.setattr(tempfile, "tempdir", str(other_file_system))
    with_node(monkeypatch, FakeNode())
    made = snapshot_gz(tmp_path, "314.0.7", b"zip")
    assert cache_path(tmp_path, "314.0.7", b"zip").read_bytes() == made
    assert list(other_file_system.iterdir()) == []


def test_a_failing_snapshot_script_is_reported_with_the_last_five_lines_of_its_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The script failed after writing part of its file: an error, and nothing cached."""
    errors = "".join(f"line {number}\n" for number in range(1, 8))
    with_node(monkeypatch, FakeNode(returncode=2, stderr=errors, written=5))
    with pytest.raises(SnapshotError) as raised:
        snapshot_gz(tmp_path, "314.0.7", b"zip")
    assert str(raised.value) == (
        "making the comparator's Pyodide snapshot failed (make_snapshot.mjs, exit 2): "
        "line 3 / line 4 / line 5 / line 6 / line 7"
    )
    assert not cache_path(tmp_path, "314.0.7", b"zip").parent.exists()


def test_a_snapshot_script_that_writes_nothing_is_reported_with_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_node(monkeypatch, FakeNode(returncode=0, stdout="Pyodide wrote no snapshot\n", written=0))
    with pytest.raises(SnapshotError) as raised:
        snapshot_gz(tmp_path, "314.0.7", b"zip")
    assert str(raised.value) == (
        "making the comparator's Pyodide snapshot failed (make_snapshot.mjs, exit 0): "
        "Pyodide wrote no snapshot"
    )


def test_a_snapshot_script_that_never_finishes_stops_the_build_with_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hung Node must not hang the build (or `make serve`) for ever, nor end it in a traceback."""
    waits: list[object] = []

    def hanging_node(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
        if options.get("timeout") is None:
            pytest.fail("subprocess.run would wait for ever")
        waits.append(options["timeout"])
        raise subprocess.TimeoutExpired(command, float(options["timeout"]))  # type: ignore[arg-type]

    monkeypatch.setattr("helpcenter.comparator_snapshot.shutil.which", lambda name: "/usr/bin/node")
    monkeypatch.setattr("helpcenter.comparator_snapshot.subprocess.run", hanging_node)
    with pytest.raises(SnapshotError) as raised:
        snapshot_gz(tmp_path, "314.0.7", b"zip")
    assert str(raised.value) == (
        "making the comparator's Pyodide snapshot failed (make_snapshot.mjs did not finish "
        "within 300 s)"
    )
    assert waits == [300]
    assert not cache_path(tmp_path, "314.0.7", b"zip").parent.exists()
