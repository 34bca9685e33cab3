"""``python -m helpcenter.build`` publishes a complete site or leaves the last one, with git dates.

A tiny MkDocs project (default theme, one page, no plugins) keeps each build under a second; the
staging, swap and date logic is the same for the help center.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpcenter import build
from tests.conftest import commit_project

CONFIG = "site_name: Tiny\nuse_directory_urls: true\nsite_url: https://tiny.example.test/\n"


def tiny_project(folder: Path, text: str = "# Hello\n\nFirst version.\n") -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return folder


def run(project: Path) -> int:
    return build.main(
        ["--config-file", str(project / "mkdocs.yml"), "--site-dir", str(project / "site")]
    )


def test_a_good_build_replaces_the_site_and_leaves_no_staging_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tiny_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert run(project) == 0
    assert "First version." in (project / "site" / "index.html").read_text(encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Hello\n\nSecond version.\n", encoding="utf-8")
    assert run(project) == 0
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Second version." in page
    assert "First version." not in page
    assert sorted(p.name for p in project.iterdir()) == ["docs", "mkdocs.yml", "site"]


def test_a_failed_build_leaves_the_last_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tiny_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert run(project) == 0
    before = site_files(project)
    capsys.readouterr()
    (project / "docs" / "index.md").write_text("# Hello\n\nSecond version.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG + "theme: no-such-theme\n", encoding="utf-8")
    assert run(project) != 0
    assert site_files(project) == before
    assert sorted(p.name for p in project.iterdir()) == ["docs", "mkdocs.yml", "site"]
    assert f"Build failed; {project / 'site'} was left as it was." in capsys.readouterr().err


def isolate_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No SOURCE_DATE_EPOCH from the caller and no git repository above ``tmp_path``."""
    # The build sets SOURCE_DATE_EPOCH in this process: set first so that it is restored after.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


def site_files(project: Path) -> dict[Path, bytes]:
    """Every file of the project's site/ and its bytes."""
    return {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}


def test_site_dates_come_from_the_last_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_dates(tmp_path, monkeypatch)
    project = tiny_project(tmp_path / "project")
    commit_project(project, "2024-03-05T10:00:00+00:00")
    monkeypatch.chdir(tmp_path)  # the date is the project's, wherever the build starts
    assert run(project) == 0
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2024-03-05</lastmod>" in sitemap


def test_outside_git_the_date_is_fixed_not_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_dates(tmp_path, monkeypatch)
    project = tiny_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert run(project) == 0
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2023-11-14</lastmod>" in sitemap  # 1700000000


def test_leftovers_of_an_interrupted_build_do_not_stop_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tiny_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert run(project) == 0
    for leftover in (".site.staging", ".site.previous"):
        (project / leftover / "old").mkdir(parents=True)
        (project / leftover / "old" / "stale.html").write_text("stale", encoding="utf-8")
    assert run(project) == 0
    assert sorted(p.name for p in project.iterdir()) == ["docs", "mkdocs.yml", "site"]
    assert not (project / "site" / "old").exists()


def test_a_build_failing_half_way_leaves_no_half_written_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tiny_project(tmp_path / "project")
    monkeypatch.chdir(project)
    assert run(project) == 0
    before = site_files(project)
    # A hook that crashes after every page was written (like a plugin failing in on_post_build).
    (project / "hooks.py").write_text(
        "def on_post_build(config):\n    raise RuntimeError('half way')\n", encoding="utf-8"
    )
    (project / "mkdocs.yml").write_text(CONFIG + "hooks: [hooks.py]\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Hello\n\nSecond version.\n", encoding="utf-8")
    assert run(project) == 1
    shown = capsys.readouterr().err
    # A crash is not hidden: named as one, with where it happened.
    assert "RuntimeError: half way (an error in the help center's code" in shown
    assert 'hooks.py", line 2, in on_post_build' in shown
    assert site_files(project) == before
    assert sorted(p.name for p in project.iterdir()) == ["docs", "hooks.py", "mkdocs.yml", "site"]


def test_without_arguments_mkdocs_yml_is_built_into_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `make build` and Netlify run."""
    calls: list[tuple[Path, Path]] = []
    monkeypatch.chdir(tmp_path)

    def record(config_file: Path, site_dir: Path) -> build.Outcome:
        calls.append((config_file, site_dir))
        return build.Outcome()

    monkeypatch.setattr(build, "build_site", record)
    assert build.main([]) == 0
    assert calls == [(Path("mkdocs.yml"), tmp_path / "site")]


def test_help_says_what_the_command_does(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build.main(["--help"])
    shown = " ".join(capsys.readouterr().out.split())  # argparse wraps it to the terminal
    assert (
        "Build the site into a staging folder and swap it in only when the whole build succeeded."
        in shown
    )


def test_mkdocs_runs_quietly_with_the_callers_date_if_it_gave_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A date set by the caller (a release script) wins over the last commit's; Material's
    MkDocs 2 banner stays out of the build's output."""
    seen: list[tuple[str | None, str | None]] = []

    def mkdocs(
        config_file: Path, staging: Path, site_url: str | None, serving: bool, during: object
    ) -> build.Outcome:
        seen.append((os.environ.get("SOURCE_DATE_EPOCH"), os.environ.get("NO_MKDOCS_2_WARNING")))
        staging.mkdir()  # the (empty) site
        return build.Outcome()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "")
    monkeypatch.setattr(build, "_run_mkdocs", mkdocs)
    project = tiny_project(tmp_path / "project")
    assert run(project) == 0
    [(date, no_banner)] = seen
    assert date == "1234567890"
    assert no_banner  # Material prints its banner unless this is set to a non-empty value


def test_a_crash_before_mkdocs_wrote_anything_is_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(
        config_file: Path, staging: Path, site_url: str | None, serving: bool, during: object
    ) -> build.Outcome:
        staging.mkdir()
        raise RuntimeError("a plugin failed to load")

    monkeypatch.setattr(build, "_run_mkdocs", broken)
    project = tiny_project(tmp_path / "project")
    with pytest.raises(RuntimeError, match="a plugin failed to load"):
        run(project)
    assert sorted(p.name for p in project.iterdir()) == ["docs", "mkdocs.yml"]


def test_a_command_line_mistake_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build.main(["--no-such-option"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err
    assert "unrecognized arguments: --no-such-option" in err


def test_a_hook_that_exits_ends_the_build_with_its_code_and_no_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sys.exit(3)`` in a hook is the hook's decision: the command exits with it, and the half
    built staging folder is gone."""
    project = tiny_project(tmp_path / "project")
    monkeypatch.chdir(project)
    (project / "hooks.py").write_text(
        "import sys\ndef on_post_build(config):\n    sys.exit(3)\n", encoding="utf-8"
    )
    (project / "mkdocs.yml").write_text(CONFIG + "hooks: [hooks.py]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        run(project)
    assert exited.value.code == 3
    assert sorted(p.name for p in project.iterdir()) == ["docs", "hooks.py", "mkdocs.yml"]


def test_without_git_or_when_git_hangs_the_date_is_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no git at all
    assert build._last_commit_time(tmp_path) == "1700000000"

    def hanging_git(command: list[str], **options: object) -> object:
        if options.get("timeout") is None:
            pytest.fail("subprocess.run would wait for ever")
        raise subprocess.TimeoutExpired(command, float(options["timeout"]))  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess, "run", hanging_git)
    assert build._last_commit_time(tmp_path) == "1700000000"
