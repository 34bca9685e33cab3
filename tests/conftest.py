"""Shared fixtures: a copy of the project in a temporary folder, built like `make build` does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from tests.support.browser import PageWatcher, launch_chromium, new_context
from tests.support.netlify_server import LocalNetlify, netlify_site, serve_site

# Shared machines are noisy: a property test fails on a wrong answer, never on a slow example.
# `make test` (and CI) runs the "ci" profile: derandomised and without an example database, so the
# same commit draws the same examples on every machine and a gate cannot fail on unchanged code.
# `make fuzz` selects "fuzz" (HYPOTHESIS_PROFILE=fuzz): new random examples on every run, failures
# remembered in .hypothesis/ and replayed first next time.
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True, database=None)
settings.register_profile("fuzz", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
#: What a site build reads; copied so a test can change any of it without touching the project.
PROJECT_INPUTS = (
    "mkdocs.yml",
    "plans.yaml",
    "shortlinks.yaml",
    "words",
    "search-synonyms.yaml",
    "docs",
    "overrides",
)
NETLIFY_TOML = ROOT / "netlify.toml"


@dataclass
class BuildResult:
    """The outcome of one build: exit code, what it printed and where the site is."""

    returncode: int
    output: str
    site: Path


def copy_project(destination: Path) -> Path:
    """Copy the site inputs (and a link to node_modules for Pyodide) into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy2(source, destination / name)
    if (ROOT / "node_modules").exists():
        (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def commit_project(project: Path, when: str, message: str = "content") -> None:
    """Commit everything in ``project`` (a git repository from the first call) at date ``when``
    (ISO 8601), so page dates come from git as in a real checkout."""
    env = {
        **__import__("os").environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "Writer",
        "GIT_AUTHOR_EMAIL": "writer@example.test",
        "GIT_COMMITTER_NAME": "Writer",
        "GIT_COMMITTER_EMAIL": "writer@example.test",
    }
    if not (project / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True, env=env)
        (project / ".gitignore").write_text("/site/\n/.cache/\n/node_modules\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
    subprocess.run(
        ["git", "commit", "-q", "--no-verify", "-m", message], cwd=project, check=True, env=env
    )


def run_build(project: Path, *extra: str) -> BuildResult:
    """Build ``project`` with ``python -m helpcenter.build``; never raises on a failed build."""
    site = project / "site"
    result = subprocess.run(
        [sys.executable, "-m", "helpcenter.build", "--config-file", "mkdocs.yml", *extra],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SITE_URL": "https://help.example.test/"},
    )
    return BuildResult(result.returncode, result.stdout + result.stderr, site)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private, writable copy of the project's site inputs."""
    return copy_project(tmp_path / "project")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--in-process-builds",
        action="store_true",
        help="the build fixture builds in the test process instead of running python -m "
        "helpcenter.build (make mutation: a subprocess never runs a mutant)",
    )


@pytest.fixture
def build(request: pytest.FixtureRequest) -> Callable[..., BuildResult]:
    """Build a project folder; returns the :class:`BuildResult`.

    ``make test`` builds like ``make build``, in a subprocess. ``make mutation`` passes
    ``--in-process-builds``: the same tests then build in the test process, where mutmut's
    mutants are active (tests/support/in_process.py).
    """
    if request.config.getoption("in_process_builds"):
        from tests.support.in_process import build_in_process

        return build_in_process
    return run_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once per test session (read-only for tests)."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result.site


#: A small catalogue with round prices whose expected figures are worked out by hand
#: (tests/small/expected.py), never computed by the code under test.
SMALL_PLANS = ROOT / "tests" / "small" / "plans.yaml"


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built with the small test catalogue instead of plans.yaml (read-only)."""
    project = copy_project(tmp_path_factory.mktemp("small") / "project")
    shutil.copy2(SMALL_PLANS, project / "plans.yaml")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result.site


@pytest.fixture(scope="session")
def small_site_url(small_site: Path) -> Iterator[str]:
    """Base URL (no trailing slash) of the small-catalogue site on a free port of 127.0.0.1."""
    with serve_site(small_site, NETLIFY_TOML) as base:
        yield base


# --- real browser: one served site and one Chromium per xdist worker ------------------------------
# Defined here, once for every folder: a second Playwright sync session in the same worker fails
# ("using Playwright Sync API inside the asyncio loop"), so all browser tests share these.


@pytest.fixture(scope="session")
def netlify(built_site: Path) -> Iterator[LocalNetlify]:
    """The built site on the local Netlify stand-in (free port), with its form submissions."""
    with netlify_site(built_site, NETLIFY_TOML) as site:
        yield site


@pytest.fixture(scope="session")
def site_url(netlify: LocalNetlify) -> str:
    """Base URL (no trailing slash) of the built site on a free port of 127.0.0.1."""
    return netlify.url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = launch_chromium(playwright)
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context (cold cache) for one test."""
    fresh = new_context(browser)
    yield fresh
    fresh.close()


@pytest.fixture
def watcher(context: BrowserContext) -> PageWatcher:
    """Records console errors, page errors, dialogs, CSP violations and outside requests."""
    return PageWatcher(context)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the tests that build a whole site after the others; under mutmut, fastest first.

    Only the order changes. ``make mutation`` runs the tests that reach a mutant with pytest's
    ``-x``, so a mutant stops at the first test that fails: the cheaper that test, the sooner.
    mutmut keeps each test's duration in ``mutmut-stats.json`` beside the tests it copied.
    """
    stats = config.rootpath / "mutmut-stats.json"
    durations: dict[str, float] = {}
    if stats.is_file():
        durations = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
    items.sort(
        key=lambda item: (
            item.get_closest_marker("in_process_build") is not None
            or "build" in getattr(item, "fixturenames", ()),
            durations.get(item.nodeid, 0.0),
        )
    )
