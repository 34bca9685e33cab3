"""The comparator's files in the built site: plans.json's exact text, the content-hashed names the
pages load them by (Netlify lets browsers keep ``assets/comparator/*`` for a year), the theme
files' check, and the writing of all of them into the site folder."""

from __future__ import annotations

import io
import json
import math
import os
import zipfile
from pathlib import Path

import pytest

import comparator
import core
from core.words import BROWSER_GROUPS, Words
from helpcenter.comparator_assets import (
    PYODIDE_FILES,
    AssetUrls,
    ThemeFiles,
    asset_urls,
    comparator_archive,
    plans_json_text,
    pyodide_version,
    snapshot_url,
    stdlib_url,
    write_assets,
)
from tests.support.machine_locale import ascii_locale
from tests.support.project import LANGUAGES, WORDS

# SHA-256 test vectors of FIPS 180-2 (first 12 hex digits): content-hashed names by hand.
ABC, ABC_HASH = b"abc", "ba7816bf8f01"
EMPTY, EMPTY_HASH = b"", "e3b0c44298fc"
LONG = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
LONG_HASH = "248d6a61d206"


def test_plans_json_is_the_catalogue_money_formats_and_samples_with_sorted_keys() -> None:
    """Sorted keys: a catalogue whose keys a writer reorders gives the same bytes (and URL);
    UTF-8 text as such; the sample pages named so the comparator can mark their plans; the
    site's languages, the default first, each with its locale and only the comparator's words
    (the browser needs no footer)."""
    catalogue = {"product": {"name": "Café Timely", "currencies": []}}
    words = {
        "nl": Words("nl", "nl_NL", {"comparator.feature": "Functie", "site.footer": "Voet"}),
        "en": Words("en", "en_GB", {"comparator.feature": "Feature", "site.footer": "Foot"}),
    }
    text = plans_json_text(catalogue, words, ("docs/en/sample.md",))
    assert text == (
        '{"catalogue": {"product": {"currencies": [], "name": "Café Timely"}}, '
        '"languages": ["nl", "en"], "money": {"en": {}, "nl": {}}, '
        '"samples": ["docs/en/sample.md"], "words": {'
        '"en": {"locale": "en_GB", "words": {"comparator.feature": "Feature"}}, '
        '"nl": {"locale": "nl_NL", "words": {"comparator.feature": "Functie"}}}}'
    )
    # The project's own: its languages from mkdocs.yml, and the browser's groups of words.
    real = json.loads(plans_json_text(catalogue, WORDS))
    assert real["languages"] == list(LANGUAGES)
    for lang in LANGUAGES:
        assert real["words"][lang]["locale"] == WORDS[lang].locale
        assert real["words"][lang]["words"] == WORDS[lang].group(*BROWSER_GROUPS)
        assert {key.split(".")[0] for key in real["words"][lang]["words"]} == set(BROWSER_GROUPS)


def test_plans_json_refuses_a_number_the_browser_cannot_read() -> None:
    """JSON has no NaN: the browser's JSON.parse would fail on the whole file."""
    catalogue = {"product": {"currencies": []}, "price": math.nan}
    with pytest.raises(ValueError, match="not JSON compliant"):
        plans_json_text(catalogue, WORDS)


def test_every_comparator_file_is_named_by_its_content() -> None:
    theme = ThemeFiles(script=ABC, worker=LONG, style=EMPTY)
    urls = asset_urls(
        EMPTY, "0.27.5", (stdlib_url("0.27.5", LONG), snapshot_url(ABC)), "abc", theme
    )
    assert urls == AssetUrls(
        plans=f"assets/comparator/plans-{ABC_HASH}.json",
        archive=f"assets/comparator/comparator-{EMPTY_HASH}.zip",
        pyodide="assets/pyodide/0.27.5/",
        stdlib=f"assets/pyodide/0.27.5/python_stdlib-{LONG_HASH}.zip",
        snapshot=f"assets/comparator/snapshot-{ABC_HASH}.gz",
        script=f"assets/comparator/comparator-{ABC_HASH}.js",
        worker=f"assets/comparator/comparator-worker-{LONG_HASH}.js",
        style=f"assets/comparator/comparator-{EMPTY_HASH}.css",
    )


def test_the_theme_files_are_read_in_order(tmp_path: Path) -> None:
    for name, content in [("comparator.js", ABC), ("comparator-worker.js", LONG)]:
        (tmp_path / name).write_bytes(content)
    (tmp_path / "comparator.css").write_bytes(EMPTY)
    assert ThemeFiles.read(tmp_path) == ThemeFiles(script=ABC, worker=LONG, style=EMPTY)


def test_missing_theme_files_are_all_named(tmp_path: Path) -> None:
    (tmp_path / "comparator.js").write_bytes(ABC)
    with pytest.raises(FileNotFoundError) as raised:
        ThemeFiles.read(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path}: the comparator's comparator-worker.js, comparator.css missing from the "
        "theme folder"
    )


def fake_node_modules(folder: Path) -> Path:
    """A node_modules with Pyodide's core files, each holding its own name."""
    pyodide = folder / "node_modules" / "pyodide"
    pyodide.mkdir(parents=True)
    for name in PYODIDE_FILES:
        (pyodide / name).write_text(f"the real {name}", encoding="utf-8")
    return folder / "node_modules"


def site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


URLS = AssetUrls(
    plans="assets/comparator/plans-1.json",
    archive="assets/comparator/comparator-2.zip",
    pyodide="assets/pyodide/0.27.5/",
    stdlib="assets/pyodide/0.27.5/python_stdlib-7.zip",
    snapshot="assets/comparator/snapshot-3.gz",
    script="assets/comparator/comparator-4.js",
    worker="assets/comparator/comparator-worker-5.js",
    style="assets/comparator/comparator-6.css",
)


def test_a_build_into_a_new_or_an_existing_site_folder_writes_every_file(tmp_path: Path) -> None:
    """The second write is `make serve`'s rebuild into the same folder; plans.json is UTF-8
    whatever the machine's locale (the browser reads it as UTF-8)."""
    node_modules = fake_node_modules(tmp_path)
    site = tmp_path / "site"  # not there yet
    theme = ThemeFiles(script=b"script", worker=b"worker", style=b"style")
    plans = '{"price": "€ 9,00"}'
    with ascii_locale():
        for _build in range(2):
            write_assets(site, URLS, plans, b"zip", (b"stdlib", b"gz"), theme, node_modules)
    assert site_files(site) == {
        "assets/comparator/comparator-2.zip": b"zip",
        "assets/comparator/comparator-4.js": b"script",
        "assets/comparator/comparator-6.css": b"style",
        "assets/comparator/comparator-worker-5.js": b"worker",
        "assets/comparator/plans-1.json": '{"price": "€ 9,00"}'.encode(),
        "assets/comparator/snapshot-3.gz": b"gz",
        "assets/pyodide/0.27.5/pyodide-lock.json": b"the real pyodide-lock.json",
        "assets/pyodide/0.27.5/pyodide.asm.mjs": b"the real pyodide.asm.mjs",
        "assets/pyodide/0.27.5/pyodide.asm.wasm": b"the real pyodide.asm.wasm",
        "assets/pyodide/0.27.5/pyodide.mjs": b"the real pyodide.mjs",
        "assets/pyodide/0.27.5/python_stdlib-7.zip": b"stdlib",
        "assets/pyodide/0.27.5/python_stdlib.zip": b"the real python_stdlib.zip",
    }


def test_the_archive_holds_every_module_of_core_and_comparator_as_plain_files() -> None:
    """Pyodide unpacks it and imports ``comparator.browser`` (which imports ``core``, the
    catalogue model, words and money); unpacked by ``unzip`` the files are ``rw-r--r--``."""
    expected: list[str] = []
    sources: dict[str, Path] = {}
    for module in (core, comparator):
        package = Path(module.__file__ or "").parent
        modules = sorted(name for name in os.listdir(package) if name.endswith(".py"))
        for name in [*modules, "py.typed"]:
            expected.append(f"{package.name}/{name}")
            sources[f"{package.name}/{name}"] = package / name
    assert {"comparator/browser.py", "core/catalogue.py", "core/words.py"} <= set(expected)
    with zipfile.ZipFile(io.BytesIO(comparator_archive())) as archive:
        entries = archive.infolist()
        assert [entry.filename for entry in entries] == expected
        for entry in entries:
            assert archive.read(entry) == sources[entry.filename].read_bytes()
            assert entry.external_attr >> 16 == 0o644, entry.filename


def test_without_npm_ci_the_build_says_pyodide_is_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as raised:
        pyodide_version(tmp_path / "node_modules")
    manifest = tmp_path / "node_modules" / "pyodide" / "package.json"
    assert str(raised.value) == (
        f"Pyodide is not installed ({manifest} is missing): run `make deps` (npm ci)"
    )


def test_the_pyodide_version_is_read_from_its_package_json_whatever_the_locale(
    tmp_path: Path,
) -> None:
    manifest = tmp_path / "node_modules" / "pyodide" / "package.json"
    manifest.parent.mkdir(parents=True)
    text = json.dumps(
        {"name": "pyodide", "version": "0.27.5", "author": "Pyodide — team"}, ensure_ascii=False
    )
    manifest.write_text(text, encoding="utf-8")  # npm writes UTF-8; this one is not ASCII
    with ascii_locale():
        assert pyodide_version(tmp_path / "node_modules") == "0.27.5"
