"""The golden-file helper: an update run cannot pass by comparing output with itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.golden import assert_matches_golden


def test_an_update_run_rewrites_and_fails_then_a_plain_run_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    golden = tmp_path / "page.md"
    golden.write_text("old\n", encoding="utf-8")
    monkeypatch.setenv("UPDATE_GOLDEN", "1")
    with pytest.raises(pytest.fail.Exception, match="rewritten by UPDATE_GOLDEN"):
        assert_matches_golden("new\n", golden)
    assert golden.read_text(encoding="utf-8") == "new\n"
    monkeypatch.delenv("UPDATE_GOLDEN")
    assert_matches_golden("new\n", golden)


def test_a_new_golden_file_fails_its_creating_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    golden = tmp_path / "sub" / "page.md"
    monkeypatch.delenv("UPDATE_GOLDEN", raising=False)
    with pytest.raises(AssertionError, match="no golden file"):
        assert_matches_golden("text\n", golden)
    monkeypatch.setenv("UPDATE_GOLDEN", "1")
    with pytest.raises(pytest.fail.Exception):
        assert_matches_golden("text\n", golden)
    assert golden.read_text(encoding="utf-8") == "text\n"


def test_without_the_flag_a_difference_fails_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UPDATE_GOLDEN", raising=False)
    golden = tmp_path / "page.md"
    golden.write_text("old\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="differs"):
        assert_matches_golden("new\n", golden)
    assert golden.read_text(encoding="utf-8") == "old\n"
