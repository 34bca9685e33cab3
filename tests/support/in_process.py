"""Build a copy of the project inside the test process (``mkdocs.commands.build.build``).

The site tests build in a subprocess (``python -m helpcenter.build``), like ``make build`` does.
A mutation tester only sees code that runs in its own process, so the plugin's mutants are checked
by an in-process build of the same inputs, with the same strict settings.

Each test builds a fresh copy of the project, whose ``.cache/`` would hold no compiled templates:
the first build of a process leaves its ``templates.bin`` (helpcenter/template_cache.py), and
later builds start from a copy of it, as a developer's second build does. The theme's file listing
(thousands of icons) is kept per folder. Both change how fast a build runs, never what: mutmut
runs these builds for thousands of mutants.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.config_options import Plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.theme import Theme
from mkdocs.utils import DuplicateFilter

import comparator
from helpcenter.catalogue import load_catalogue
from helpcenter.comparator_assets import comparator_archive, plans_json_text, pyodide_version
from helpcenter.comparator_snapshot import cache_path, snapshot_gz, stdlib_cache_path, stdlib_zip
from helpcenter.template_cache import TemplateCache
from tests.conftest import ROOT, BuildResult
from tests.support.project import WORDS

#: Theme files kept by MkDocs' filter, per theme folder (Material's holds thousands of icons).
_LISTINGS: dict[tuple[str, object], list[str]] = {}
_theme_env = Theme.get_env
#: MkDocs' one ``plugins`` option, which keeps the plugin instances it made.
_PLUGINS: Plugins = MkDocsConfig.plugins  # type: ignore[assignment]


def _theme_files(folder: str, keep: Callable[[str], bool] | None) -> list[str]:
    """What ``jinja2.FileSystemLoader.list_templates`` finds in one folder, filtered."""
    key = (os.path.realpath(folder), keep.__code__ if keep else None)
    if key not in _LISTINGS:
        names = [
            os.path.relpath(os.path.join(top, name), folder).replace(os.sep, "/")
            for top, _dirs, files in os.walk(folder)
            for name in files
        ]
        _LISTINGS[key] = [name for name in names if keep is None or keep(name)]
    return _LISTINGS[key]


def _cached_env(theme: Theme) -> jinja2.Environment:
    env = _theme_env(theme)
    folders = list(theme.dirs)

    def list_templates(
        extensions: Collection[str] | None = None,
        filter_func: Callable[[str], bool] | None = None,
    ) -> list[str]:
        assert extensions is None
        return sorted({name for folder in folders for name in _theme_files(folder, filter_func)})

    env.list_templates = list_templates  # type: ignore[method-assign]
    return env


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _snapshot_for_mutmuts_copy(project: Path) -> None:
    """Under mutmut, let the build use the real comparator's Pyodide snapshot and stdlib.

    mutmut's copy of ``comparator/`` imports ``mutmut`` (its trampolines), which Pyodide cannot,
    so neither file can be made of that archive. Its cache entries get those of the real
    comparator for the same Pyodide version (``make mutation`` makes them first, with
    ``python -m tests.support.in_process``). Nothing loads that site in a browser.
    """
    package = Path(comparator.__file__).parent
    if not any("mutmut" in source.read_text("utf-8") for source in package.glob("*.py")):
        return
    node_modules = (project / "node_modules").resolve()
    version = pyodide_version(node_modules)
    archive = comparator_archive()
    stdlib = stdlib_cache_path(node_modules, version, archive)
    _reuse_latest(stdlib, f"pyodide-{version}-stdlib-*.zip")
    target = cache_path(node_modules, version, archive, stdlib.read_bytes())
    _reuse_latest(target, f"pyodide-{version}-comparator-*-stdlib-{target.stem[-16:]}.gz")


def _reuse_latest(target: Path, pattern: str) -> None:
    """Copy the newest cached file matching ``pattern`` to ``target`` (unless it is there)."""
    if target.is_file():
        return
    made = sorted(target.parent.glob(pattern), key=lambda p: p.stat().st_mtime)
    if not made:
        raise RuntimeError("no comparator snapshot to reuse: run `make mutation`, which makes one")
    shutil.copyfile(made[-1], target)


class _Messages(logging.Handler):
    """What MkDocs logs during one build (a plugin's located error is logged, then Abort)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


_cache_key = TemplateCache.get_cache_key


@contextmanager
def _templates_keyed_within(project: Path) -> Iterator[None]:
    """Key the project's own templates by their path inside the project, not on disk.

    Each test builds its own copy of the project, so the absolute file names of ``overrides/``
    differ from build to build and its templates would be compiled anew every time (a third of
    an in-process build). Jinja still compares each template's source checksum, so a test that
    edits a template gets it compiled; only the file name in tracebacks can be another copy's.
    """
    roots = tuple({str(project) + os.sep, str(project.resolve()) + os.sep})

    def key(self: TemplateCache, name: str, filename: str | None = None) -> str:
        for root in roots:
            if filename and filename.startswith(root):
                filename = "<project>" + os.sep + filename[len(root) :]
                break
        return _cache_key(self, name, filename)

    TemplateCache.get_cache_key = key  # type: ignore[method-assign]
    try:
        yield
    finally:
        TemplateCache.get_cache_key = _cache_key  # type: ignore[method-assign]


#: A compiled-templates file left by an earlier build of this process (see the module docstring).
_warm_templates: Path | None = None
_TEMPLATES_FILE = Path(".cache") / "helpcenter" / "templates.bin"


def _start_warm(project: Path) -> None:
    target = project / _TEMPLATES_FILE
    if _warm_templates is not None and _warm_templates.is_file() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_warm_templates, target)


def _keep_warm(project: Path) -> None:
    global _warm_templates
    made = project / _TEMPLATES_FILE
    if _warm_templates is None and made.is_file():
        fd, name = tempfile.mkstemp(prefix="helpcenter-templates-", suffix=".bin")
        os.close(fd)
        shutil.copyfile(made, name)
        _warm_templates = Path(name)


def build_in_process(
    project: Path,
    site_url: str = "https://help.example.test/",
    command: Literal["build", "serve"] = "build",
) -> BuildResult:
    """Build ``project`` (strict, like ``make build``) into ``project/site``.

    Returns the exit code ``mkdocs build`` would give (0 or 1), what it logged (a plugin's
    located error among it) and the site folder. As ``python -m helpcenter.build``, the build
    goes to a staging folder that replaces ``site/`` only when it succeeded.
    """
    site = project / "site"
    staging = project / ".site.staging"
    shutil.rmtree(staging, ignore_errors=True)
    _snapshot_for_mutmuts_copy(project)
    _start_warm(project)
    env = {
        "SITE_URL": site_url,
        "NO_MKDOCS_2_WARNING": "1",
        # As helpcenter.build: a date the test chose, else a fixed one (not the clock).
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000"),
    }
    cwd = Path.cwd()
    messages = _Messages()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(messages)
    Theme.get_env = _cached_env  # type: ignore[assignment,method-assign]
    returncode = 0
    with _environment(env), _templates_keyed_within(project):
        os.chdir(project)
        # Fresh plugins, as `mkdocs build` has in its own process: MkDocs keeps plugin instances
        # across config loads in one process (for `mkdocs serve`), and with them their state.
        _PLUGINS.plugin_cache.clear()
        # Once mkdocs.__main__ is imported (helpcenter.build runs MkDocs' command line in
        # process), the build logger drops every message it logged before in this process: a
        # repeated located error would be missing from the second build's output.
        for found in logging.getLogger("mkdocs.commands.build").filters:
            if isinstance(found, DuplicateFilter):
                found.msgs.clear()
        try:
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(staging), strict=True)
            # "serve" tells the plugins a writer is previewing (``make serve``): one build of it.
            config.plugins.on_startup(command=command, dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except (Abort, PluginError) as error:
            messages.lines.append(f"ERROR: {error}")
            returncode = 1
        finally:
            os.chdir(cwd)
            Theme.get_env = _theme_env  # type: ignore[method-assign]
            logger.removeHandler(messages)
    if returncode == 0:
        _keep_warm(project)
        shutil.rmtree(site, ignore_errors=True)
        staging.rename(site)
    else:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(returncode, "\n".join(messages.lines), site)


if __name__ == "__main__":
    # `make mutation` runs this first: the snapshot of the real comparator, cached in node_modules.
    modules = ROOT / "node_modules"
    catalogue = load_catalogue(ROOT / "plans.yaml", WORDS)
    plans = plans_json_text(catalogue.data, WORDS, catalogue.model.samples)
    version, archive = pyodide_version(modules), comparator_archive()
    snapshot_gz(modules, version, archive, stdlib_zip(modules, version, archive, plans))
