"""``make serve``: the writers' preview, which never hangs and always shows what to fix.

``mkdocs serve`` stops answering after a failed rebuild ("The server will appear stuck until build
errors are resolved"): every request then waits until the files are fixed. Here every rebuild goes
through :func:`helpcenter.build.build_site`, the same strict build as ``make build``, into a staging
folder: a good build replaces the served site, a failed one keeps the last good site and puts the
located report in a banner at the top of every page, until the next good save clears it. The
server is MkDocs' own live-reload server (reload on save, correct MIME types for Pyodide).

    .venv/bin/python -m helpcenter.serve [--config-file mkdocs.yml] [--dev-addr 127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import gc
import html
import logging
import os
import shutil
import stat
import sys
import tempfile
import threading
import time
import wsgiref.util
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer, _timestamp

from helpcenter.build import Outcome, build_site, quick_build
from helpcenter.quick_build import (
    RenderCache,
    Superseded,
    cached_rendering,
    checked_between_pages,
    remembered_files,
)

log = logging.getLogger("helpcenter.serve")

#: Shown above every page while the last save does not build (inline styles: no stylesheet of
#: the site is needed, so it shows even when a theme file is what broke).
_BANNER = (
    '<div id="hc-build-error" role="alert" style="position:sticky;top:0;z-index:1000;'
    "margin:0;padding:.8rem 1rem;background:#b71c1c;color:#fff;font:14px/1.4 system-ui,sans-serif;"
    'max-height:50vh;overflow:auto">'
    "<strong>Build error: this preview shows the last good version. Fix this and save:</strong>"
    '<pre style="margin:.5rem 0 0;white-space:pre-wrap;font:13px/1.4 monospace">{report}</pre>'
    "</div>"
)
#: What every address shows when not even a first good build exists yet.
_NO_SITE = (
    '<!doctype html><html><head><meta charset="utf-8"><title>Build error</title></head>'
    "<body></body></html>"
)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, with the last build's report above every page it serves."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = ""
        self._report_lock = threading.Lock()
        self.error_handler = self._error_page

    def show(self, outcome: Outcome) -> None:
        """Remember the outcome of the last build: a report to show, or none."""
        with self._report_lock:
            self.report = "" if outcome.ok else outcome.report()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Note ``path`` for :class:`Watcher` (MkDocs would start one watchdog polling thread
        per path, each listing its whole folder twice per look)."""
        path = os.path.abspath(path)
        self._watched_paths[path] = self._watched_paths.get(path, 0) + 1

    def watched_paths(self) -> list[str]:
        """Every file and folder a save in which rebuilds the site (none inside another)."""
        paths = sorted(self._watched_paths)
        return [
            path
            for path in paths
            if not any(path.startswith(other + os.sep) for other in paths if other != path)
        ]

    def saved(self) -> None:
        """A watched file changed: rebuild (MkDocs' build loop waits for this)."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def has_new_save(self) -> bool:
        """Whether a file changed since the running build started."""
        with self._rebuild_cond:
            return bool(self._want_rebuild)

    def reload_browsers(self, *, now: bool) -> None:
        """Answer requests from the site as it is, even while a build still runs (MkDocs would
        make them wait for the build), and, when ``now``, tell every open page to reload."""
        with self._epoch_cond:
            if now:
                self._wanted_epoch = _timestamp()
            self._visible_epoch = self._wanted_epoch
            if now:
                self._epoch_cond.notify_all()

    def new_save_within(self, seconds: float) -> bool:
        """Whether a file is saved within ``seconds`` (returns as soon as one is)."""
        with self._rebuild_cond:
            return bool(self._rebuild_cond.wait_for(lambda: self._want_rebuild, timeout=seconds))

    def serve_request(self, environ: Any, start_response: Any) -> Any:
        """MkDocs' answer, sent in one piece: it sends files in 8 kB pieces, and each piece
        waits for Python's lock while a build runs (5 ms each: half a second for a page of a
        1,000-pair site, whose navigation lists every page)."""
        answer = super().serve_request(environ, start_response)
        if isinstance(answer, wsgiref.util.FileWrapper):
            try:
                return [answer.filelike.read()]
            finally:
                answer.close()
        return answer

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        with self._report_lock:
            report = self.report
        return with_banner(content, report) if report else content

    def _error_page(self, code: int) -> bytes | None:
        """The site's own 404 page; before any good build, a page with the report."""
        page = Path(self.root) / f"{code}.html"
        if page.is_file():
            content = page.read_bytes()
        elif self.report:
            content = _NO_SITE.encode()
        else:
            return None
        return self._inject_js_into_html(content, self._visible_epoch)


def with_banner(content: bytes, report: str) -> bytes:
    """``content`` with the report's banner first in its ``<body>`` (escaped: it quotes the
    writer's input)."""
    banner = _BANNER.format(report=html.escape(report)).encode("utf-8")
    start = content.find(b"<body")
    end = content.find(b">", start) + 1 if start >= 0 else 0
    return content[:end] + banner + content[end:]


#: A file's state as a save changes it: modification time, size and inode (an editor that saves
#: by renaming a new file over the old one makes a new inode, even within one clock tick).
Stamp = tuple[int, int, int]
#: How often the watched files are looked at: about 5 ms for 1,000 article pairs, so a save is
#: noticed 50 ms after it on average, for 5 % of one core.
POLL_SECONDS = 0.1


class Watcher(threading.Thread):
    """Looks at every watched file every :data:`POLL_SECONDS` and tells the server when one was
    saved, added, removed or renamed. ``files`` is the last look: a build that starts after it
    was taken sees at least those files as they were (a later save is seen by the next look).

    MkDocs' own watcher (watchdog's polling observer, every 0.25 s at best) took a quarter of a
    second on average to notice a save, and about a tenth of the server's time at 1,000 pairs
    listing folders. watchdog's inotify observer was tried and not kept: a file that an editor
    replaced by a rename was no longer watched."""

    def __init__(self, server: PreviewServer, files: dict[str, Stamp]) -> None:
        super().__init__(name="helpcenter-watcher", daemon=True)
        self.server = server
        self.files = files
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(POLL_SECONDS):
            now = fingerprint(self.server.watched_paths())
            if now != self.files:
                self.files = now
                self.server.saved()


#: After a quick build, browsers reload the saved page before the full build starts: while it
#: runs, every request waits for Python's lock between the build's steps.
CATCH_UP_PAUSE = 0.5


class Rebuilds:
    """What a save triggers: a quick build when only articles changed since the last good build
    (the changed pages are right at once), then a full build that brings every page's navigation,
    the home cards and search up to date; any other change, or a save after a failed build, gets
    the full build alone. A newer save stops a full build between two pages
    (helpcenter/quick_build.py)."""

    def __init__(self, config_file: Path, site_dir: Path, url: str) -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self.url = url
        self.cache = RenderCache()
        self.docs_dir = Path()
        #: Every watched file and its stamp at the last good build.
        self.good: dict[str, Stamp] | None = None
        self.server: PreviewServer | None = None
        self.watcher: Watcher | None = None

    def __call__(self) -> None:
        """Rebuild; never raises (the server must outlive any failure)."""
        server = self.server
        assert server is not None
        if self.watcher is not None:
            now = self.watcher.files
        else:
            now = fingerprint(server.watched_paths())
        changed = quick_changes(self.good, now, self.docs_dir)
        started = time.monotonic()
        if changed:
            gc.disable()  # a quick build makes few cycles; collecting them cost 10 % of it
            try:
                quick = quick_build(
                    self.config_file,
                    self.site_dir,
                    changed,
                    self.cache,
                    site_url=self.url,
                    before_swap=lambda: server.show(Outcome()),
                )
            finally:
                gc.enable()
            done = f"Drew the saved pages in {time.monotonic() - started:.2f} s; now every page"
            if not self._report(quick, done):
                return
            self.good = now
        # The full build can take a minute on a large site: meanwhile every request is answered
        # from the site as it is (with the quick build's pages), and browsers reload after it.
        server.reload_browsers(now=bool(changed))
        if changed and server.new_save_within(CATCH_UP_PAUSE):
            return  # the newer save gets its quick build first
        try:
            outcome = build_site(
                self.config_file,
                self.site_dir,
                site_url=self.url,
                serving=True,
                during=(
                    cached_rendering(self.cache),
                    remembered_files(self.cache),
                    checked_between_pages(server.has_new_save),
                ),
                before_swap=lambda: server.show(Outcome()),
                discard=discard_later,
            )
        except Superseded:
            log.info("A newer save came in: building that instead")
            return
        if self._report(outcome, f"Built in {time.monotonic() - started:.2f} s"):
            self.good = now
        server.reload_browsers(now=True)

    def _report(self, outcome: Outcome, done: str) -> bool:
        assert self.server is not None
        self.server.show(outcome)
        if outcome.ok:
            log.info(done)
        else:
            print(f"{outcome.report()}\n(still serving the last good version)", file=sys.stderr)
        return outcome.ok


def discard_later(folder: Path) -> None:
    """Remove a replaced site in the background. At 1,000 article pairs it is 2,000 pages of
    700 kB: deleting it took the server seconds after each full build, and a save made then
    waited for it."""
    trash = folder.with_name(f"{folder.name}.{time.monotonic_ns()}")
    try:
        folder.rename(trash)
    except OSError:
        return
    threading.Thread(target=shutil.rmtree, args=(trash, True), daemon=True).start()


def fingerprint(paths: list[str]) -> dict[str, Stamp]:
    """Every file under ``paths`` and its :data:`Stamp` (links to folders are not followed)."""
    found: dict[str, Stamp] = {}
    folders = []
    for path in paths:
        if os.path.isdir(path):
            folders.append(path)
        else:
            _stamp(path, found)
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except OSError:  # removed while we looked: the next look sees it
            continue
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file():
                    _stamp(entry.path, found)
    return found


def _stamp(path: str, found: dict[str, Stamp]) -> None:
    try:
        info = os.stat(path)
    except OSError:  # removed while we looked: the next look sees it
        return
    if not stat.S_ISDIR(info.st_mode):
        found[path] = (info.st_mtime_ns, info.st_size, info.st_ino)


def quick_changes(
    good: dict[str, Stamp] | None, now: dict[str, Stamp], docs_dir: Path
) -> set[Path]:
    """The articles changed since the last good build, when nothing else changed (no file added,
    removed or renamed, no other file edited); else nothing, and a full build follows."""
    if good is None or good.keys() != now.keys():
        return set()
    changed = {Path(path) for path, stamp in now.items() if good[path] != stamp}
    if all(path.suffix == ".md" and path.is_relative_to(docs_dir) for path in changed):
        return changed
    return set()


def serve(config_file: Path, host: str, port: int) -> None:
    """Build, then serve on ``host:port`` and rebuild on every save until interrupted."""
    root = Path(tempfile.mkdtemp(prefix="helpcenter-serve-"))
    site_dir = root / "site"
    site_dir.mkdir()
    rebuild = Rebuilds(config_file.resolve(), site_dir, f"http://{host}:{port}/")
    server = PreviewServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    # Waiting for more changes after one is noticed (MkDocs: 0.1 s) is for watchers that see a
    # save in pieces; Watcher compares whole looks.
    server.build_delay = 0
    rebuild.server = server
    try:
        rebuild()
        rebuild.docs_dir = watch(server, config_file, rebuild)
        # The first build's files, now that all are watched: the watcher's first look.
        files = fingerprint(server.watched_paths())
        if rebuild.good is not None:
            rebuild.good = files
        rebuild.watcher = Watcher(server, files)
        rebuild.watcher.start()
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            rebuild.watcher.stopped.set()
            server.shutdown()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def watch(server: PreviewServer, config_file: Path, rebuild: Any) -> Path:
    """Rebuild on a save to ``mkdocs.yml``, ``docs/`` or the theme overrides, and to every file a
    plugin asks for through MkDocs' ``on_serve`` event (catalogue, short links, texts, ...).

    The plugins learnt their files' paths in the first build (MkDocs keeps one instance of each
    plugin per process, as ``mkdocs serve`` does)."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    server.watch(str(config_file.resolve()))
    server.watch(config.docs_dir)
    if config.theme.custom_dir:
        server.watch(config.theme.custom_dir)
    config.plugins.on_serve(server, config=config, builder=rebuild)
    return Path(config.docs_dir).resolve()


def _server_log_apart() -> None:
    """The server's own lines ("GET /x/ code 404", logged while a build may run in the other
    thread) go straight to the terminal: under MkDocs' logger a strict build would count a
    reader's 404 as a warning in the writer's pages."""
    server_log = logging.getLogger("mkdocs.livereload")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    server_log.addHandler(handler)
    server_log.propagate = False


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point used by ``make serve``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="host:port to serve on")
    args = parser.parse_args(argv)
    host, _, port = args.dev_addr.rpartition(":")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    _server_log_apart()
    serve(args.config_file, host or "127.0.0.1", int(port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
