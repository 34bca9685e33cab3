"""A writer's save shown in seconds at any size: rebuild only the pages whose file changed.

Measured with 1,000 article pairs (benchmarks/serve.py): a full build takes over a minute, almost
all of it in Material's templates drawing the whole navigation on each of the 2,000 pages (so it
grows with the square of the page count), and Markdown rendering is most of what is left. So
``make serve`` answers a save in two steps (helpcenter/serve.py):

1. **quick**: the same strict MkDocs build, both languages, every plugin, but every page's Markdown
   is rendered from :class:`RenderCache` unless its text changed, and only the changed pages are
   drawn and written. Every check still runs (links, anchors, the plugins' own), so a mistake is
   caught as in a full build; the pages are written into the served site only when it succeeded.
2. **catch-up**: a full build right after, which brings the navigation, home cards and search of
   every other page up to date (a changed title shows there a minute later at this size).

Drawing only the saved page left a quick build doing the rest of a build's work for each of the
4,000 files, once per language: making mkdocs-static-i18n's file objects, reading and parsing
every page, listing Material's 14,000 icons, parsing ``mkdocs.yml``. Both steps take that from
earlier builds (:func:`cached_rendering`, :func:`remembered_files`), by everything it depends on.

Both depend on MkDocs and mkdocs-static-i18n internals (``Page.render``, ``meta.get_data``,
``mkdocs.commands.build._build_page``, ``mkdocs.utils.write_file``, ...): they are replaced only
while one of these builds runs, and tests check them against the versions in constraints.txt (a
build with every cache equals one without). ``make build`` never uses them.
"""

from __future__ import annotations

import copy
import fnmatch
import functools
import io
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import IO, Any

from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import meta as mkdocs_meta
from mkdocs.utils import yaml as mkdocs_yaml

from helpcenter.memo import LastRound

#: The logger MkDocs' link checks write to while a page renders.
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
_active = False
#: The sources a quick build draws (None: not in a quick build).
_drawing: set[Path] | None = None


def active() -> bool:
    """Whether a quick build is running: plugins then skip what only a full build needs to write
    (assets, the search index, 404 pages): the served site keeps the last full build's."""
    return _active


def draws(page: Page) -> bool:
    """Whether this build draws ``page``: every page, except in a quick build (only the saved
    ones). Work done only for a page's drawing (its support table, ...) can skip the others."""
    return _drawing is None or (
        page.file.abs_src_path is not None and Path(page.file.abs_src_path) in _drawing
    )


class Superseded(BaseException):
    """Raised inside a build that a newer save made pointless (a BaseException, so no error
    handler reports it as a failed build)."""


@dataclass
class _Rendered:
    """What ``Page.render`` leaves on a page, and the warnings it logged on the way."""

    content: str | None
    toc: TableOfContents
    title: str | None
    anchors: set[str] | None
    #: Links to anchors in other pages, by the target's path in docs/ (not its File object,
    #: which is new in every build).
    links: dict[str, dict[str, str]] | None
    warnings: list[tuple[int, str]]


@dataclass
class RenderCache:
    """What ``make serve``'s builds take from earlier ones. Rendered Markdown by everything the
    result depends on: the page's text after the plugins filled it, its path and address, the
    site's set of files and the Markdown settings; each page's front matter by its text
    (:func:`cached_rendering`); the site's files and configuration as mkdocs-static-i18n, the
    theme and MkDocs make them (:func:`remembered_files`)."""

    entries: dict[tuple[str, ...], _Rendered] = field(default_factory=dict)
    hits: int = 0
    #: mkdocs-static-i18n's file for each (file, language build), by all it is made from.
    i18n_files: LastRound[tuple[object, ...], File] = field(default_factory=LastRound)
    #: The files of each installed theme folder (Material's), by the folder.
    theme_folders: dict[str, _ThemeFolder] = field(default_factory=dict)
    #: ``mkdocs.yml`` parsed, by its bytes and the environment (``!ENV`` reads it).
    config_files: LastRound[tuple[bytes, tuple[tuple[str, str], ...]], dict[str, Any]] = field(
        default_factory=LastRound
    )
    #: The installed MkDocs themes (Python's package metadata, read once per session).
    themes: dict[str, Any] | None = None
    #: Each page's front matter parsed (MkDocs' ``meta.get_data``), by the page's text.
    front_matter: LastRound[str, tuple[str, dict[str, Any]]] = field(default_factory=LastRound)

    def key(self, page: Page, build_key: str) -> tuple[str, ...]:
        """The page's cache key (its text is part of it: an edited page is rendered anew);
        ``build_key`` stands for the site's files and the Markdown settings."""
        return (page.file.src_uri, page.url, page.markdown or "", build_key)


@contextmanager
def cached_rendering(cache: RenderCache) -> Iterator[None]:
    """While the block runs, ``Page.render`` answers from ``cache`` and fills it, and each
    page's front matter is parsed once per text (a page gets its own copy: plugins change it).
    A build that ends normally keeps only what it used: what every page looks like now, not
    every version of every page a long ``make serve`` saw."""
    original = Page.render
    get_data = mkdocs_meta.get_data
    last: list[Any] = [None, "", {}]
    used: set[tuple[str, ...]] = set()

    def build_key(files: Files, config: MkDocsConfig) -> str:
        if last[0] is not files:  # one Files per language build: computed once for it
            last[0] = files
            settings = (config["markdown_extensions"], config["mdx_configs"], config.validation)
            last[1] = "\n".join(
                [*sorted(f"{file.src_uri}>{file.url}" for file in files), repr(settings)]
            )
            last[2] = {file.src_uri: file for file in files}
        return str(last[1])

    def front_matter(doc: str) -> tuple[str, dict[str, Any]]:
        markdown, meta = cache.front_matter.get(doc, functools.partial(get_data, doc))
        return markdown, copy.deepcopy(meta)

    def render(page: Page, config: MkDocsConfig, files: Files) -> None:
        key = cache.key(page, build_key(files, config))
        used.add(key)
        found = cache.entries.get(key)
        if found is not None:
            cache.hits += 1
            _restore(page, found, last[2])
            return
        heard = _Heard()
        _PAGES_LOG.addHandler(heard)
        try:
            original(page, config, files)
        finally:
            _PAGES_LOG.removeHandler(heard)
        cache.entries[key] = _Rendered(
            page.content,
            page.toc,
            page._title_from_render,
            page.present_anchor_ids,
            {target.src_uri: dict(links) for target, links in (page.links_to_anchors or {}).items()}
            if page.links_to_anchors is not None
            else None,
            heard.records,
        )

    Page.render = render  # type: ignore[method-assign,assignment]
    mkdocs_meta.get_data = front_matter
    try:
        yield
    finally:
        Page.render = original  # type: ignore[method-assign]
        mkdocs_meta.get_data = get_data
    cache.entries = {key: value for key, value in cache.entries.items() if key in used}
    cache.front_matter.end_round()


def _restore(page: Page, found: _Rendered, files: dict[str, Any]) -> None:
    page.content = found.content
    page.toc = found.toc
    page._title_from_render = found.title
    page.present_anchor_ids = found.anchors
    if found.links is not None:
        links = {}
        for src_uri, anchors in found.links.items():
            target = files.get(src_uri)
            if target is not None:
                links[target] = dict(anchors)
        page.links_to_anchors = links
    for level, message in found.warnings:
        _PAGES_LOG.log(level, message)


class _Heard(logging.Handler):
    """The warnings one page's render logs (replayed when the cache answers for it)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


@dataclass(frozen=True)
class _ThemeFolder:
    """What ``Files.add_files_from_theme`` finds in one theme folder: every file name Jinja lists
    (a name in an earlier folder hides the same name in a later one), which of them are files
    (``os.path.isfile``: a broken link is listed but is no file), and the names MkDocs' filter
    keeps, by its patterns."""

    listed: frozenset[str]
    files: frozenset[str]
    kept: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, compare=False)


@contextmanager
def remembered_files(cache: RenderCache) -> Iterator[None]:
    """While the block runs, the site's files and configuration are made from what earlier
    builds made.

    At 1,000 article pairs each language build has mkdocs-static-i18n make a new file object
    from every file of the site (pure path arithmetic, a quarter of a quick build) and MkDocs
    list every file of the theme's folders (Material's 14,000 icons among them); every build
    parses ``mkdocs.yml`` (its nav names every page) and asks Python's package metadata for the
    installed themes. Here a file object is copied from the one made for the same inputs
    before; the installed theme's folders are listed, and the installed themes looked up, once
    per ``make serve`` (the site's own folder, ``custom_dir``: the writers' ``overrides/``, is
    listed every build); ``mkdocs.yml`` is parsed once per text and environment (``!ENV``),
    unless it inherits another file or uses ``!relative``. A build that ends normally keeps
    only what it used.
    """
    from mkdocs_static_i18n import reconfigure, suffix  # type: ignore[import-untyped]

    create = suffix.create_i18n_file
    is_relative_to = reconfigure.is_relative_to
    add_files_from_theme = Files.add_files_from_theme
    load_file = MkDocsConfig.load_file
    get_themes = mkdocs_utils.get_themes

    def load_config_file(config: MkDocsConfig, config_file: IO[bytes]) -> None:
        data = config_file.read()
        if b"INHERIT" in data or b"!relative" in data:
            load_file(config, io.BytesIO(data))
            return
        key = (data, tuple(sorted(os.environ.items())))
        loaded = cache.config_files.get(
            key, lambda: mkdocs_yaml.yaml_load(io.BytesIO(data), mkdocs_yaml.get_yaml_loader())
        )
        config.load_dict(copy.deepcopy(loaded))

    class InstalledThemes:
        """``mkdocs.utils.get_themes``, which MkDocs clears on every theme load (so reads the
        package metadata of every installed package on every build)."""

        def __call__(self) -> dict[str, Any]:
            if cache.themes is None:
                cache.themes = get_themes()
            return dict(cache.themes)

        def cache_clear(self) -> None:
            """The installed packages do not change while ``make serve`` runs."""

    def create_i18n_file(
        file: File,
        current_language: str,
        default_language: str,
        all_languages: list[str],
        config: MkDocsConfig,
    ) -> File:
        key = (
            file.src_uri,
            file.dest_uri,
            file.inclusion,
            config.docs_dir,
            config.use_directory_urls,
            current_language,
            default_language,
            tuple(all_languages),
        )
        made = cache.i18n_files.get(
            key, lambda: create(file, current_language, default_language, all_languages, config)
        )
        new = _copy_file(made)
        # As create_i18n_file sets them: the site folder is not part of the key (the quick
        # and the full build write to different folders), and a file is its own alternate.
        new.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, new.dest_path))
        new.alternates = {current_language: new}  # type: ignore[attr-defined]
        return new

    def add_theme_files(files: Files, env: Any, config: MkDocsConfig) -> None:
        _add_theme_files(files, config, cache.theme_folders)

    suffix.create_i18n_file = create_i18n_file
    reconfigure.is_relative_to = _is_relative_to
    Files.add_files_from_theme = add_theme_files  # type: ignore[assignment,method-assign]
    MkDocsConfig.load_file = load_config_file  # type: ignore[assignment,method-assign]
    mkdocs_utils.get_themes = InstalledThemes()  # type: ignore[assignment]
    try:
        yield
    finally:
        suffix.create_i18n_file = create
        reconfigure.is_relative_to = is_relative_to
        Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]
        MkDocsConfig.load_file = load_file  # type: ignore[method-assign]
        mkdocs_utils.get_themes = get_themes
    cache.i18n_files.end_round()
    cache.config_files.end_round()


@functools.lru_cache(maxsize=1 << 16)
def _is_relative_to(path: str, folder: str) -> bool:
    """mkdocs-static-i18n's ``is_relative_to`` (whether a file is in docs/), remembered."""
    return PurePath(path).is_relative_to(folder)


def _copy_file(file: File) -> File:
    """A new File with the same attributes (all strings, numbers or enums but ``alternates``,
    which the caller makes anew)."""
    new = File.__new__(File)
    new.__dict__.update(file.__dict__)
    return new


def _add_theme_files(files: Files, config: MkDocsConfig, folders: dict[str, _ThemeFolder]) -> None:
    """``Files.add_files_from_theme`` (MkDocs 1.6.1), with each installed folder listed and
    filtered once."""
    patterns = [".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml"]
    patterns.append("locales/*")
    patterns.extend(f"*{extension}" for extension in mkdocs_utils.markdown_extensions)
    patterns.extend(config.theme.static_templates)
    key = tuple(patterns)
    found = []
    kept: set[str] = set()
    for folder in config.theme.dirs:
        if folder == config.theme.custom_dir:
            theme = _theme_folder(folder)
        else:
            if folder not in folders:
                folders[folder] = _theme_folder(folder)
            theme = folders[folder]
        if key not in theme.kept:
            theme.kept[key] = frozenset(
                name
                for name in theme.listed
                if not any(fnmatch.fnmatch(name.lower(), pattern) for pattern in patterns)
            )
        kept |= theme.kept[key]
        found.append(theme)
    for path in sorted(kept):
        # Theme files do not override docs_dir files
        if files.get_file_from_path(path) is None:
            for folder, theme in zip(config.theme.dirs, found, strict=True):
                if path in theme.files:
                    files.append(File(path, folder, config.site_dir, config.use_directory_urls))
                    break


def _theme_folder(folder: str) -> _ThemeFolder:
    """Every file Jinja's ``FileSystemLoader.list_templates`` lists in ``folder`` (MkDocs' theme
    loader does not follow links to folders)."""
    listed = set()
    files = set()
    for parent, _folders, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            template = path[len(folder) :].strip(os.path.sep).replace(os.path.sep, "/")
            template = template.removeprefix("./")
            listed.add(template)
            if os.path.isfile(path):
                files.add(template)
    return _ThemeFolder(frozenset(listed), frozenset(files))


@contextmanager
def checked_between_pages(stop: Callable[[], bool]) -> Iterator[None]:
    """Before each page of the default language is drawn, ``stop()`` may end the build with
    :class:`Superseded`. Not once mkdocs-static-i18n builds the other languages: it keeps state
    for the length of those builds (and patches MkDocs) that only its own end puts back."""
    original = mkdocs_build._build_page

    def build_page(page: Page, config: MkDocsConfig, *args: Any, **kwargs: Any) -> None:
        i18n = config.plugins.get("i18n")
        if not getattr(i18n, "building", False) and stop():
            raise Superseded
        original(page, config, *args, **kwargs)

    mkdocs_build._build_page = build_page
    try:
        yield
    finally:
        mkdocs_build._build_page = original


@contextmanager
def only_pages(changed: set[Path], written: dict[Path, bytes]) -> Iterator[None]:
    """Draw only the pages whose source is in ``changed``; keep the pages drawn in ``written``
    instead of on disk (every other file MkDocs writes is dropped), and copy no static file."""
    global _active, _drawing
    build_page = mkdocs_build._build_page
    write_file = mkdocs_utils.write_file
    templates = (mkdocs_build._build_theme_template, mkdocs_build._build_extra_template)
    copy_static = Files.copy_static_files

    drawn: set[Path] = set()

    def only_changed(page: Page, *args: Any, **kwargs: Any) -> None:
        if draws(page):
            drawn.add(Path(page.file.abs_dest_path))
            build_page(page, *args, **kwargs)

    def keep(content: bytes, output_path: str) -> None:
        if Path(output_path) in drawn:
            written[Path(output_path)] = content

    mkdocs_build._build_page = only_changed
    mkdocs_utils.write_file = keep
    mkdocs_build._build_theme_template = _skip
    mkdocs_build._build_extra_template = _skip
    Files.copy_static_files = _skip  # type: ignore[method-assign]
    _active, _drawing = True, changed
    try:
        yield
    finally:
        _active, _drawing = False, None
        mkdocs_build._build_page = build_page
        mkdocs_utils.write_file = write_file
        mkdocs_build._build_theme_template, mkdocs_build._build_extra_template = templates
        Files.copy_static_files = copy_static  # type: ignore[method-assign]


def _skip(*args: Any, **kwargs: Any) -> None:
    """Stands in for a step a quick build leaves to the catch-up build."""


def publish(written: dict[Path, bytes], scratch: Path, site_dir: Path) -> list[Path]:
    """Move the drawn pages into the served site, each replaced whole (never half a file)."""
    published = []
    for path, content in sorted(written.items()):
        target = site_dir / path.relative_to(scratch)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.new")
        temporary.write_bytes(content)
        os.replace(temporary, target)
        published.append(target)
    return published
