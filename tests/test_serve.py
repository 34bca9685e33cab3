"""`make serve` (``python -m helpcenter.serve``) rebuilds on every save and never hangs: a save that
does not build keeps the last good site served, with the located report above every page, until
the next good save clears it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpcenter.serve import (
    POLL_SECONDS,
    PreviewServer,
    Watcher,
    discard_later,
    fingerprint,
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A `make serve` process (``python -m helpcenter.serve``) whose output is collected line by
    line."""

    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "helpcenter.serve",
                "--dev-addr",
                f"127.0.0.1:{self.port}",
            ],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for_output(self, needle: str, after: int = 0, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(needle in line for line in self.lines[after:]):
                return
            assert self.process.poll() is None, "".join(self.lines)
            time.sleep(0.1)
        raise AssertionError(f"no {needle!r} in:\n{''.join(self.lines)}")

    def poll(self, path: str, needle: str, timeout: float = 30) -> str:
        """The page at ``path`` once it contains ``needle`` (rebuilds take a moment)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                page = self.get(path)
            except urllib.error.HTTPError:  # no good build yet: the report's page
                page = ""
            if needle in page:
                return page
            said = "".join(line for line in self.lines if '"GET ' not in line)
            assert time.monotonic() < deadline, f"{needle!r} never reached {path}:\n{said}"
            time.sleep(0.2)

    def get(self, path: str, timeout: float = 10) -> str:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))


def save(path: Path, text: str) -> None:
    """Save like an editor does (write a temporary file, then rename), so no half file is seen."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    running = Server(project)
    try:
        running.wait_for_output("Serving on")
        yield running
    finally:
        running.process.terminate()
        running.process.wait(timeout=10)
        if running.process.stdout is not None:
            running.process.stdout.close()


def test_a_look_at_the_watched_files_sees_every_kind_of_save(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "account").mkdir(parents=True)
    page = docs / "account" / "cancel.en.md"
    page.write_text("# Cancel\n", encoding="utf-8")
    catalogue = tmp_path / "plans.yaml"
    catalogue.write_text("a: 1\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "other.en.md").write_text("# Other\n", encoding="utf-8")
    (docs / "linked").symlink_to(elsewhere)
    paths = [str(docs), str(catalogue), str(tmp_path / "shortlinks.yaml")]

    first = fingerprint(paths)
    assert set(first) == {str(page), str(catalogue)}, "a link to a folder is not followed"

    # An editor's save: a new file renamed over the page, same size, same modification time.
    saved = page.with_name(".cancel.en.md.tmp")
    saved.write_text("# Cencel\n", encoding="utf-8")
    before = page.stat()
    os.utime(saved, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(saved, page)
    second = fingerprint(paths)
    assert second[str(page)] != first[str(page)]
    assert {path: stamp for path, stamp in second.items() if path != str(page)} == {
        str(catalogue): first[str(catalogue)]
    }

    (tmp_path / "shortlinks.yaml").write_text("links: {}\n", encoding="utf-8")
    page.rename(docs / "account" / "stop.en.md")
    assert set(fingerprint(paths)) == {
        str(docs / "account" / "stop.en.md"),
        str(catalogue),
        str(tmp_path / "shortlinks.yaml"),
    }


def test_the_watcher_tells_the_server_of_a_save_and_watches_each_file_once(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    docs, blocks = tmp_path / "docs", tmp_path / "overrides" / "blocks"
    for folder in (docs, blocks):
        folder.mkdir(parents=True)
    for path in (docs, tmp_path / "overrides", blocks, docs, tmp_path / "plans.yaml"):
        server.watch(str(path))
    assert server.watched_paths() == [
        str(docs),
        str(tmp_path / "overrides"),
        str(tmp_path / "plans.yaml"),
    ]
    watcher = Watcher(server, fingerprint(server.watched_paths()))
    watcher.start()
    try:
        time.sleep(3 * POLL_SECONDS)
        assert not server.has_new_save(), "nothing changed"
        (blocks / "addons.md.j2").write_text("x\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while not server.has_new_save():
            assert time.monotonic() < deadline, "the save was not seen"
            time.sleep(POLL_SECONDS / 2)
        assert str(blocks / "addons.md.j2") in watcher.files
    finally:
        watcher.stopped.set()
        watcher.join()
        server.server_close()


def test_a_file_is_sent_in_one_piece(tmp_path: Path) -> None:
    """MkDocs sends 8 kB at a time, each piece waiting for Python's lock while a build runs."""
    (tmp_path / "assets").mkdir()
    data = os.urandom(300_000)
    (tmp_path / "assets" / "big.bin").write_bytes(data)
    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    statuses: list[str] = []
    try:
        answer = server.serve_request(
            {"PATH_INFO": "/assets/big.bin"}, lambda status, headers: statuses.append(status)
        )
    finally:
        server.server_close()
    assert statuses == ["200 OK"]
    assert answer == [data]


def test_a_replaced_site_is_gone_at_once_and_deleted_in_the_background(tmp_path: Path) -> None:
    old = tmp_path / ".site.previous"
    (old / "en" / "faq").mkdir(parents=True)
    (old / "en" / "faq" / "index.html").write_text("old", encoding="utf-8")
    discard_later(old)
    assert not old.exists(), "a next build may use the name at once"
    deadline = time.monotonic() + 10
    while list(tmp_path.iterdir()):
        assert time.monotonic() < deadline, "the old site was never deleted"
        time.sleep(0.05)


def test_catalogue_change_rebuilds_and_broken_catalogue_keeps_serving(
    server: Server, project: Path
) -> None:
    assert "€\xa0899,00" in server.get("account/manage-subscription/")
    catalogue = project / "plans.yaml"
    good = catalogue.read_text(encoding="utf-8")

    mark = len(server.lines)
    save(catalogue, good.replace("EUR: 899,", "EUR: -899,"))
    line = good[: good.index("EUR: 899,")].count("\n") + 1
    server.wait_for_output(f"plans.yaml:{line}:21: plans[2].price.EUR: expected an amount", mark)
    assert server.process.poll() is None, "the server must survive a broken catalogue"
    page = server.poll("account/manage-subscription/", "plans[2].price.EUR: expected an amount")
    assert "€\xa0899,00" in page, "the last good site is still served"
    assert "plans[2].price.EUR: expected an amount" in page, "the page shows what to fix"

    save(catalogue, good.replace("EUR: 899,", "EUR: 999,"))
    server.poll("account/manage-subscription/", "€\xa0999,00")
    assert "€999.00" in server.get("en/account/manage-subscription/")
    assert "Build error" not in server.get("account/manage-subscription/")


def test_a_changed_sentence_in_an_article_shows_after_the_reload(
    server: Server, project: Path
) -> None:
    """Writers edit docs/: `make serve` rebuilds and serves the new sentence, in that language."""
    page = project / "docs" / "account" / "cancel.en.md"
    old = "Our team will handle your cancellation request promptly."
    new = "Our team confirms your cancellation by e-mail within two working days."
    assert old in server.get("en/account/cancel/")
    save(page, page.read_text(encoding="utf-8").replace(old, new))
    assert new in server.poll("en/account/cancel/", new)
    assert old not in server.get("en/account/cancel/")
    assert new not in server.get("account/cancel/"), "the Dutch twin is its own file"


def test_interface_text_change_rebuilds(server: Server, project: Path) -> None:
    """A writer changing a word table (words/<lang>.yaml) sees it without restarting
    `make serve`."""
    assert "Was dit artikel nuttig?" in server.get("account/cancel/")
    texts = project / "words" / "nl.yaml"
    save(texts, texts.read_text(encoding="utf-8").replace("Was dit artikel nuttig?", "Hielp dit?"))
    server.poll("account/cancel/", "Hielp dit?")


def test_an_edited_theme_or_block_template_shows_after_the_reload(
    server: Server, project: Path
) -> None:
    """Compiled templates are cached (in memory while serving, and in .cache/): an edited
    override or block template must still show on the next rebuild, in both languages."""
    article_end = project / "overrides" / "partials" / "hc-article-end.html"
    marker = '<p class="hc-test-edit">Edited frame</p>'
    save(
        article_end,
        article_end.read_text(encoding="utf-8").replace(
            '<div class="hc-article-end">', f'<div class="hc-article-end">{marker}'
        ),
    )
    server.poll("account/cancel/", marker)
    server.poll("en/account/cancel/", marker)

    steps = project / "overrides" / "helpcenter" / "blocks" / "upgrade_steps.md.j2"
    save(steps, steps.read_text(encoding="utf-8") + "\nEdited block line.\n")
    server.poll("account/manage-subscription/", "Edited block line.")
    server.poll("en/account/manage-subscription/", "Edited block line.")


def _add_link(text: str) -> str:
    return text.replace(
        "## Can I pay monthly?", "See [refunds](refunds.md).\n\n## Can I pay monthly?", 1
    )


def _misspell_related(text: str) -> str:
    return text.replace("  - account/cancel.md\n", "  - account/cancl.md\n", 1)


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        (
            _add_link,
            "docs/faq.en.md:18:15: link &#x27;refunds.md&#x27;: "
            "no page docs/refunds.&lt;lang&gt;.md",
        ),
        (_misspell_related, "docs/faq.en.md:8:5: related[2]: no page &#x27;account/cancl.md&#x27;"),
    ],
    ids=["broken link (a MkDocs warning)", "related: typo (the reader plugin's error)"],
)
def test_a_mistake_saved_while_serving_is_shown_at_once_and_cleared_by_the_fix(
    server: Server, project: Path, mistake: Callable[[str], str], message: str
) -> None:
    """Every request is answered within 2 s while the mistake stands (MkDocs' own server hangs
    every request after a failed rebuild), with the last good page and the report above it."""
    page = project / "docs" / "faq.en.md"
    good = page.read_text(encoding="utf-8")
    assert "Build error" not in server.get("en/faq/")
    save(page, mistake(good))
    deadline = time.monotonic() + 30
    while "Build error" not in (shown := server.get("en/faq/", timeout=2)):
        assert time.monotonic() < deadline, "the report never showed"
        time.sleep(0.2)
    assert message in shown
    assert "Pricing questions" in shown, "the last good page is still served"
    for path in ("", "en/", "account/cancel/", "en/account/compare-plans/"):
        started = time.monotonic()
        assert message in server.get(path, timeout=2), path
        assert time.monotonic() - started < 2, path
    assert server.process.poll() is None
    save(page, good)
    deadline = time.monotonic() + 30
    while "Build error" in server.get("en/faq/", timeout=2):
        assert time.monotonic() < deadline, "the fix never cleared the report"
        time.sleep(0.2)
    assert "Pricing questions" in server.get("en/faq/")


def test_a_saved_title_shows_on_its_page_at_once_and_in_every_pages_nav_after_the_full_build(
    server: Server, project: Path
) -> None:
    """The quick build draws the saved article; the full build after it brings the navigation of
    every other page (Material draws the whole nav on each) up to date."""
    page = project / "docs" / "faq.en.md"
    text = page.read_text(encoding="utf-8")
    mark = len(server.lines)
    save(page, text.replace("# Pricing questions", "# Questions about prices", 1))
    server.poll("en/faq/", '<h1 id="questions-about-prices">Questions about prices')
    server.poll("en/account/cancel/", "Questions about prices")
    server.wait_for_output("Drew the saved pages", mark)
    assert "Veelgestelde vragen over prijzen" in server.get("account/cancel/"), "Dutch stays"


def test_a_mistake_before_any_good_build_is_shown_until_fixed(project: Path) -> None:
    """No last good version yet: every address answers with the report, then the fixed site."""
    page = project / "docs" / "faq.en.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(_add_link(good), encoding="utf-8")
    running = Server(project)
    try:
        running.wait_for_output("Serving on")
        for path in ("", "en/faq/"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                running.get(path, timeout=2)
            shown = answer.value.read().decode("utf-8")
            assert "Build error" in shown, path
            assert "docs/faq.en.md:18:15: link &#x27;refunds.md&#x27;" in shown, path
        # The file watcher takes its first look just after "Serving on": a save before that
        # look would go unnoticed (as with mkdocs serve).
        time.sleep(1)
        save(page, good)
        assert "Pricing questions" in running.poll("en/faq/", "Pricing questions")
        assert "Build error" not in running.get("en/faq/")
    finally:
        running.process.terminate()
        running.process.wait(timeout=10)
        if running.process.stdout is not None:
            running.process.stdout.close()
