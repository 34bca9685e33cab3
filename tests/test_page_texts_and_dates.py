"""A page's meta description and its "last updated" date, from small hand-made inputs."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from helpcenter.descriptions import first_paragraph, shorten
from helpcenter.page_dates import GitDates, build_time, localized_date
from tests.conftest import commit_project
from tests.support.project import WORDS


def test_the_first_paragraph_with_text_is_the_description() -> None:
    page = (
        "<h1>Title</h1><p> </p><p><img alt=''></p>"
        "<p>Cancel  your <strong>Timely</strong>\n plan &amp; more.</p><p>Second.</p>"
    )
    assert first_paragraph(page) == "Cancel your Timely plan & more."
    assert first_paragraph("<h1>Only a title</h1>") == ""


def test_a_long_description_is_cut_at_a_word_with_an_ellipsis() -> None:
    assert shorten("  short   text ") == "short text"
    exact = "x" * 155
    assert shorten(exact) == exact
    words = "word, " * 40  # 240 characters
    cut = shorten(words)
    # The first 154 characters end in "word" (maybe cut), which goes; no comma before the "…".
    assert cut == "word, " * 24 + "word…"
    assert len(cut) <= 155
    assert shorten("aaaa bbbb cccc", limit=10) == "aaaa…"
    assert shorten("aaaa bbbb. cccc", limit=12) == "aaaa bbbb…"
    assert shorten("Upgrade to MAX today", limit=16) == "Upgrade to MAX…", "only punctuation goes"


def test_dates_are_written_for_each_language() -> None:
    stamp = 1717977600  # 2024-06-10 00:00 UTC
    assert localized_date(stamp, WORDS["nl"].locale) == ("2024-06-10", "10 juni 2024")
    assert localized_date(stamp, WORDS["en"].locale) == ("2024-06-10", "10 June 2024")
    assert localized_date(stamp - 1, WORDS["en"].locale) == ("2024-06-09", "9 June 2024")


def test_build_time_is_source_date_epoch_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_time() == 1700000000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert build_time() > 1700000000  # the clock
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_time() > 1700000000


def test_each_file_has_the_time_of_its_last_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    page, other, catalogue = (
        project / "docs" / "page.md",
        project / "docs" / "other.md",
        project / "plans.yaml",
    )
    for path in (page, other, catalogue):
        path.write_text("first\n", encoding="utf-8")
    commit_project(project, "2024-03-05T10:00:00+00:00")
    catalogue.write_text("second\n", encoding="utf-8")
    commit_project(project, "2024-06-10T10:00:00+00:00")
    other.write_text("third\n", encoding="utf-8")
    commit_project(project, "2024-07-01T10:00:00+00:00")
    (project / "docs" / "new.md").write_text("never committed\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")

    dates = GitDates(project / "docs")
    march, june, july = 1709632800, 1718013600, 1719828000
    assert dates.last_change([page]) == march
    assert dates.last_change([other]) == july
    assert dates.last_change([page, catalogue]) == march  # plans.yaml is outside docs/
    assert GitDates(project).last_change([page, catalogue]) == june
    assert dates.last_change([project / "docs" / "new.md"]) == 1600000000
    # A folder outside any repository: every page gets the build date.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    outside = tmp_path / "outside"
    outside.mkdir()
    assert GitDates(outside).last_change([outside / "x.md"]) == 1600000000


def test_dates_do_not_depend_on_the_build_machines_time_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A commit at 00:30 UTC is that day everywhere: the site must not change with the builder."""
    stamp = 1717979400  # 2024-06-10 00:30 UTC, still 9 June in New York
    monkeypatch.setenv("TZ", "EST+5")
    time.tzset()
    try:
        assert localized_date(stamp, WORDS["en"].locale) == ("2024-06-10", "10 June 2024")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_git_that_never_answers_does_not_hang_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A git waiting on a lock or a prompt: after the timeout every page gets the build date."""

    def hanging_git(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        if options.get("timeout") is None:
            raise AssertionError("the build would wait for git forever")
        raise subprocess.TimeoutExpired(command, options["timeout"])

    monkeypatch.setattr(subprocess, "run", hanging_git)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    dates = GitDates(tmp_path)
    assert dates.times == {}
    assert dates.last_change([tmp_path / "page.md"]) == 1600000000
