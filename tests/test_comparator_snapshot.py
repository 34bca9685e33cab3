"""The comparator's Pyodide memory snapshot and standard library: cached per Pyodide version and
archive (the snapshot also per standard library), published content-hashed, the snapshot small
enough to restore (Pyodide's default 30 MiB heap), the standard library complete."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpcenter import comparator_snapshot
from helpcenter.comparator_snapshot import (
    SnapshotError,
    cache_path,
    snapshot_gz,
    stdlib_cache_path,
    stdlib_zip,
)

ROOT = Path(__file__).resolve().parents[1]
#: Pyodide's default heap; a snapshot of a larger heap does not restore (pyodide#6254).
DEFAULT_HEAP = 30 * 1024 * 1024
#: Modules the comparator imports (comparator/*.py: json, dataclasses, decimal, html's escape,
#: urllib.parse, which imports ipaddress; html.escape's module imports html.entities) and some
#: Pyodide imports itself at boot (asyncio, re).
COMPARATOR_NEEDS = (
    "json/__init__",
    "dataclasses",
    "decimal",
    "html/__init__",
    "html/entities",
    "urllib/parse",
    "ipaddress",
    "re/__init__",
    "asyncio/__init__",
)
#: Modules neither the comparator nor Pyodide's boot import.
NOBODY_IMPORTS = ("fractions", "wave", "statistics", "email/message")


def test_the_cache_key_is_the_pyodide_version_the_archive_and_the_stdlib(tmp_path: Path) -> None:
    one = cache_path(tmp_path, "314.0.7", b"archive one", b"stdlib one")
    assert cache_path(tmp_path, "314.0.7", b"archive one", b"stdlib one") == one
    assert cache_path(tmp_path, "314.0.8", b"archive one", b"stdlib one") != one
    assert cache_path(tmp_path, "314.0.7", b"archive two", b"stdlib one") != one
    # A snapshot is never used with another standard library than the one it was made with.
    assert cache_path(tmp_path, "314.0.7", b"archive one", b"stdlib two") != one


def test_the_stdlib_cache_key_is_the_pyodide_version_the_archive_and_the_scripts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = stdlib_cache_path(tmp_path, "314.0.7", b"archive one")
    assert stdlib_cache_path(tmp_path, "314.0.7", b"archive one") == one
    assert stdlib_cache_path(tmp_path, "314.0.8", b"archive one") != one
    assert stdlib_cache_path(tmp_path, "314.0.7", b"archive two") != one
    # An edit of the Python that make_stdlib.mjs runs makes a new zip, as one of the script does.
    for name in ("STDLIB_PYTHON", "STDLIB_SCRIPT"):
        edited = tmp_path / f"{name}.edited"
        edited.write_bytes(getattr(comparator_snapshot, name).read_bytes() + b"\n")
        with monkeypatch.context() as patch:
            patch.setattr(comparator_snapshot, name, edited)
            assert stdlib_cache_path(tmp_path, "314.0.7", b"archive one") != one, name


def test_a_cached_snapshot_is_used_without_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = cache_path(tmp_path, "314.0.7", b"zip", b"stdlib")
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"cached snapshot")
    monkeypatch.setattr(comparator_snapshot.shutil, "which", lambda name: None)
    assert snapshot_gz(tmp_path, "314.0.7", b"zip", b"stdlib") == b"cached snapshot"


def test_a_cached_stdlib_is_used_without_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = stdlib_cache_path(tmp_path, "314.0.7", b"zip")
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"cached stdlib")
    monkeypatch.setattr(comparator_snapshot.shutil, "which", lambda name: None)
    assert stdlib_zip(tmp_path, "314.0.7", b"zip", "{}") == b"cached stdlib"


def test_without_node_the_build_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(comparator_snapshot.shutil, "which", lambda name: None)
    for make in (
        lambda: snapshot_gz(tmp_path, "314.0.7", b"zip", b"stdlib"),
        lambda: stdlib_zip(tmp_path, "314.0.7", b"zip", "{}"),
    ):
        with pytest.raises(SnapshotError) as raised:
            make()
        assert str(raised.value) == "the comparator snapshot needs Node.js (`node` is not on PATH)"


def test_failing_scripts_are_reported_with_their_reason(tmp_path: Path) -> None:
    # No Pyodide in this node_modules: the scripts fail, and the message says which.
    with pytest.raises(SnapshotError, match=r"make_snapshot\.mjs, exit \d+"):
        snapshot_gz(tmp_path, "314.0.7", b"not a zip", b"stdlib")
    assert not cache_path(tmp_path, "314.0.7", b"not a zip", b"stdlib").exists()
    with pytest.raises(SnapshotError, match=r"make_stdlib\.mjs, exit \d+"):
        stdlib_zip(tmp_path, "314.0.7", b"not a zip", "{}")
    assert not stdlib_cache_path(tmp_path, "314.0.7", b"not a zip").exists()


def _published(site: Path, attribute: str, folder: str) -> Path:
    page = (site / "account" / "compare-plans" / "index.html").read_text(encoding="utf-8")
    urls = set(re.findall(rf'data-{attribute}="((?:\.\./)*{folder}/[^"]+)"', page))
    assert len(urls) == 1, urls  # the head's <meta> and the mount name the same file
    return site / re.sub(r"^(\.\./)+", "", urls.pop())


def test_the_site_publishes_a_restorable_content_hashed_snapshot(built_site: Path) -> None:
    file = _published(built_site, "snapshot-url", "assets/comparator")
    data = file.read_bytes()
    assert file.name == f"snapshot-{hashlib.sha256(data).hexdigest()[:12]}.gz"
    raw = gzip.decompress(data)
    assert 1024 * 1024 < len(raw) <= DEFAULT_HEAP + 64 * 1024  # a heap image, not above the limit


def test_the_site_publishes_a_stdlib_with_the_comparators_modules_compiled(
    built_site: Path,
) -> None:
    file = _published(built_site, "stdlib-url", r"assets/pyodide/[^/]+")
    data = file.read_bytes()
    assert file.name == f"python_stdlib-{hashlib.sha256(data).hexdigest()[:12]}.zip"
    # Pyodide's own zip stays at its old URL, unchanged (browsers keep it for a year).
    stock_bytes = (ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").read_bytes()
    assert (file.parent / "python_stdlib.zip").read_bytes() == stock_bytes
    with (
        zipfile.ZipFile(file) as published,
        zipfile.ZipFile(file.parent / "python_stdlib.zip") as stock,
    ):
        names = [info.filename for info in published.infolist()]
        stock_names = {info.filename for info in stock.infolist()}
        assert names == sorted(names)
        assert {info.date_time for info in published.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        for module in COMPARATOR_NEEDS:
            assert f"{module}.pyc" in names, module
            assert f"{module}.py" not in names, module
            # An unchecked hash-based .pyc (PEP 552): flags 0b01 after the magic number.
            assert published.read(f"{module}.pyc")[4:8] == b"\x01\x00\x00\x00", module
        for module in NOBODY_IMPORTS:
            name = f"{module}.py"
            assert name in names, module
            assert f"{module}.pyc" not in names, module
            assert published.read(name) == stock.read(name)
        # Nothing lost, nothing added: each stock entry is there as itself or as its bytecode.
        assert {n[:-1] if n.endswith(".pyc") else n for n in names} == stock_names
    # The download grows by the compiled modules only (about 0.6 MB on 314.0.7).
    assert len(stock_bytes) < len(data) < len(stock_bytes) + 1024 * 1024


def test_parallel_builds_agree_on_one_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever caches first wins; a build that made its own meanwhile uses the cached one."""
    cached = cache_path(tmp_path, "314.0.7", b"zip", b"stdlib")

    def other_build_finishes_first(*args: object, **kwargs: object) -> object:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(b"the other build's snapshot")
        Path(str(args[0][-1])).write_bytes(b"this build's snapshot")  # type: ignore[index]
        return comparator_snapshot.subprocess.CompletedProcess(args[0], 0, "", "")

    monkeypatch.setattr(comparator_snapshot.shutil, "which", lambda name: "/usr/bin/node")
    monkeypatch.setattr(comparator_snapshot.subprocess, "run", other_build_finishes_first)
    assert snapshot_gz(tmp_path, "314.0.7", b"zip", b"stdlib") == b"the other build's snapshot"
    assert list(cached.parent.iterdir()) == [cached]  # no temporary file left behind


MAKE_SNAPSHOT = Path(__file__).resolve().parent.parent / "helpcenter" / "make_snapshot.mjs"


class FakeNode:
    """Stands in for ``subprocess.run`` of
    ``node make_snapshot.mjs <pyodide> <zip> <stdlib> <out>``: reads the archive it is given and
    writes ``snapshot of <archive>`` (or only ``partial`` of it), then exits with ``returncode``
    after printing ``stdout`` and ``stderr``."""

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
            Path(command[-1]).write_bytes(snapshot[: self.written])
        return subprocess.CompletedProcess(command, self.returncode, self.stdout, self.stderr)


def with_node(monkeypatch: pytest.MonkeyPatch, node: FakeNode) -> None:
    monkeypatch.setattr("helpcenter.comparator_snapshot.shutil.which", lambda name: "/usr/bin/node")
    monkeypatch.setattr("helpcenter.comparator_snapshot.subprocess.run", node)


def test_the_snapshot_is_made_from_the_installed_pyodide_and_cached_gzipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = FakeNode()
    with_node(monkeypatch, node)
    made = snapshot_gz(tmp_path, "314.0.7", b"comparator zip", b"stdlib")
    assert gzip.decompress(made) == b"snapshot of comparator zip"
    assert made[4:8] == bytes(4), "no time in the gzip header: the same snapshot, the same URL"
    assert cache_path(tmp_path, "314.0.7", b"comparator zip", b"stdlib").read_bytes() == made
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
    made = snapshot_gz(tmp_path, "314.0.7", b"zip", b"stdlib")
    assert cache_path(tmp_path, "314.0.7", b"zip", b"stdlib").read_bytes() == made
    assert list(other_file_system.iterdir()) == []


def test_a_failing_snapshot_script_is_reported_with_the_last_five_lines_of_its_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The script failed after writing part of its file: an error, and nothing cached."""
    errors = "".join(f"line {number}\n" for number in range(1, 8))
    with_node(monkeypatch, FakeNode(returncode=2, stderr=errors, written=5))
    with pytest.raises(SnapshotError) as raised:
        snapshot_gz(tmp_path, "314.0.7", b"zip", b"stdlib")
    assert str(raised.value) == (
        "making the comparator's Pyodide snapshot failed (make_snapshot.mjs, exit 2): "
        "line 3 / line 4 / line 5 / line 6 / line 7"
    )
    assert not cache_path(tmp_path, "314.0.7", b"zip", b"stdlib").parent.exists()


def test_a_snapshot_script_that_writes_nothing_is_reported_with_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_node(monkeypatch, FakeNode(returncode=0, stdout="Pyodide wrote no snapshot\n", written=0))
    with pytest.raises(SnapshotError) as raised:
        snapshot_gz(tmp_path, "314.0.7", b"zip", b"stdlib")
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
        snapshot_gz(tmp_path, "314.0.7", b"zip", b"stdlib")
    assert str(raised.value) == (
        "making the comparator's Pyodide snapshot failed (make_snapshot.mjs did not finish "
        "within 300 s)"
    )
    assert waits == [300]
    assert not cache_path(tmp_path, "314.0.7", b"zip", b"stdlib").parent.exists()
