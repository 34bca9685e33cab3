"""The MkDocs glue: load the catalogue and the writers' pages, then hand typed data to renderers.

Kept thin on purpose: every decision lives in plain modules that tests call directly. Every page
is a writer's Markdown file in ``docs/``; this plugin only fills in value quotes and catalogue
blocks, adds the sample notice, and writes ``_redirects`` and the comparator's assets.
mkdocs-static-i18n runs one full build per language, so every event here runs once per language.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from comparator.render import render_block as render_comparator
from comparator.selection import parse_query
from core.languages import Languages
from core.words import Words
from helpcenter import quick_build
from helpcenter.blocks import BLOCKS, COMPARATOR, SUPPORT_LINKS, block_environment
from helpcenter.catalogue import Catalogue, load_catalogue
from helpcenter.comparator_assets import (
    ASSET_DIR,
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
from helpcenter.comparator_snapshot import SnapshotError, snapshot_gz, stdlib_zip
from helpcenter.config import HelpCenterConfig
from helpcenter.errors import LocatedError, Problem, ProblemsFound
from helpcenter.front_matter import front_matter_problems, internal_sources
from helpcenter.languages import build_language, page_language, site_languages
from helpcenter.memo import LastRound
from helpcenter.page_markdown import HTML_MARKERS, fill_page
from helpcenter.quoting import Value, quotable_values
from helpcenter.redirects import redirects_text
from helpcenter.shortlinks import Alias, LinkTable, ShortLink, load_link_table
from helpcenter.site_checks import language_problems, nav_section_problems
from helpcenter.support_table import Topic, support_table
from helpcenter.template_cache import TemplateCache, shared_cache
from helpcenter.word_tables import load_word_tables
from helpcenter.writers_pages import (
    ChecksMemo,
    PagesMemo,
    check_pages,
    page_sources,
    read_pages,
)

_ELEMENT_ID = re.compile(r'\sid="([^"]+)"')


# MkDocs' BasePlugin.__init_subclass__ has no type hints.
class HelpCenterPlugin(BasePlugin[HelpCenterConfig]):
    """Fills writers' pages with facts from ``plans.yaml``."""

    def __init__(self) -> None:
        self.languages = Languages(("",))
        #: The word table of each language (``words/<lang>.yaml``), the default first.
        self.words: dict[str, Words] = {}
        self.catalogue: Catalogue | None = None
        self.catalogue_path: Path | None = None
        self.blocks: jinja2.Environment | None = None
        self.quotes: dict[str, dict[str, Value]] = {}
        self.plans_text = ""
        self.archive = b""
        self.snapshot = b""
        self.stdlib = b""
        self.stdlib_name = ""
        self.pyodide_version = ""
        self.snapshot_name = ""
        self.theme_files: ThemeFiles | None = None
        self.urls: AssetUrls | None = None
        self.node_modules: Path | None = None
        self.links = LinkTable((), ())
        self.site_root: Path | None = None
        self.site_url = ""
        self.not_found: dict[str, bytes] = {}
        #: Compiled Jinja templates, shared by both language builds and kept in .cache/.
        self.templates: TemplateCache | None = None
        #: The last check of the writers' pages: (inputs' hash, link table, internal pages,
        #: problems).
        self.pages_checked: tuple[str, LinkTable, set[str], list[Problem]] | None = None
        #: Pages marked ``internal: true``, by their path in docs/.
        self.internal: set[str] = set()
        #: Each page parsed, and its own problems, by its text (helpcenter/memo.py).
        self.pages_read: PagesMemo = LastRound()
        self.pages_own_problems: ChecksMemo = LastRound()

    # Runs before mkdocs-static-i18n (priority -100), so a bad catalogue stops the build before
    # MkDocs cleans the output folder.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Check mkdocs.yml, load and validate the catalogue; refuse samples in production."""
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        self.catalogue_path = root / self.config.catalogue
        self.templates = shared_cache(root / ".cache" / "helpcenter" / "templates.bin")
        try:
            self.languages = self._check_site_config(config)
            self.words = load_word_tables(
                root / self.config.words, self.languages, self.config.words
            )
            self.catalogue = load_catalogue(
                self.catalogue_path,
                self.words,
                self.config.catalogue,
                root / ".cache" / "helpcenter",
            )
            if os.environ.get("CONTEXT") == "production" and self.catalogue.document.samples:
                # Netlify sets CONTEXT; deploy previews and local builds show the notice instead.
                raise LocatedError(self.catalogue.sample_problems())
            lang = build_language(config, self.languages)
            if lang == self.languages.default:
                self.site_url = config.site_url or ""
            # The link after each heading is Python-Markdown's (toc), one setting for the site:
            # each language build sets it in its own words.
            toc = config.mdx_configs.setdefault("toc", {})
            toc["permalink_title"] = self.words[lang]("site.permalink_title")
            model = self.catalogue.model
            self.quotes = {lang: quotable_values(model, lang) for lang in self.languages}
            self.plans_text = plans_json_text(self.catalogue.data, self.words, model.samples)
            self.blocks = self.templates.attach(block_environment(_block_dir(config)))
            self.node_modules = root / "node_modules"
            archive = comparator_archive()
            version = pyodide_version(self.node_modules)
            # Once per site build (and again only if the comparator or Pyodide changed): hashing
            # the snapshot's megabytes for its URL is not free.
            if (archive, version) != (self.archive, self.pyodide_version) or self.urls is None:
                self.stdlib = stdlib_zip(self.node_modules, version, archive, self.plans_text)
                self.snapshot = snapshot_gz(self.node_modules, version, archive, self.stdlib)
                self.archive, self.pyodide_version = archive, version
                self.stdlib_name = stdlib_url(version, self.stdlib)
                self.snapshot_name = snapshot_url(self.snapshot)
            self.theme_files = ThemeFiles.read(_theme_dir(config) / ASSET_DIR)
            self.urls = asset_urls(
                self.archive,
                version,
                (self.stdlib_name, self.snapshot_name),
                self.plans_text,
                self.theme_files,
            )
        except (FileNotFoundError, SnapshotError) as error:
            raise PluginError(str(error)) from None
        except LocatedError as error:
            raise ProblemsFound(error.problems) from None
        return config

    def _check_site_config(self, config: MkDocsConfig) -> Languages:
        """The i18n languages and the nav section translations (located in mkdocs.yml)."""
        file = Path(config.config_file_path or "mkdocs.yml")
        text = file.read_text(encoding="utf-8") if file.is_file() else ""
        i18n = config.plugins.get("i18n")
        entries = list(getattr(getattr(i18n, "config", None), "languages", None) or [])
        locales = [(str(item.locale), bool(item.default)) for item in entries]
        translations = {str(item.locale): dict(item.nav_translations or {}) for item in entries}
        problems = language_problems(file.name, text, locales)
        languages = site_languages(config)
        if languages is not None:
            problems += nav_section_problems(file.name, text, config.nav, translations, languages)
        if problems or languages is None:
            raise LocatedError(problems)
        return languages

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Check every writer's page (both languages) and the short links, before any writing."""
        if not self.config.enabled or self.catalogue is None:
            return
        docs_dir = Path(config.docs_dir)
        root = Path(config.config_file_path or ".").resolve().parent
        table = root / self.config.shortlinks
        known = {lang: set(values) | BLOCKS for lang, values in self.quotes.items()}
        # Both language builds check the same files: the second reuses the first one's outcome
        # when every input is byte for byte the same (also across `make serve` rebuilds).
        sources = page_sources(docs_dir)
        key = _pages_key(sources, table, known)
        if self.pages_checked is None or self.pages_checked[0] != key:
            # Each page is parsed and checked anew only when its text changed (make serve).
            pages, problems = read_pages(docs_dir, self.languages, sources, self.pages_read)
            problems += check_pages(pages, known, BLOCKS, self.languages, self.pages_own_problems)
            self.pages_read.end_round()
            self.pages_own_problems.end_round()
            problems += front_matter_problems(pages)
            links = self.links
            try:
                links = load_link_table(table, pages, self.languages)
            except LocatedError as error:
                problems += error.problems
            self.pages_checked = (key, links, internal_sources(pages), problems)
        _, self.links, self.internal, problems = self.pages_checked
        if problems:
            raise ProblemsFound(problems)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Keep the block templates and the unhashed comparator files (in the theme's
        custom_dir) out of the published site: the comparator's are written under their
        content-hashed names (``write_assets``). Pages marked internal are not in nav."""
        for file in list(files):
            if file.is_documentation_page():
                # A page marked internal is reached by a link, not from nav: MkDocs would
                # otherwise report it as a page nobody can reach.
                if file.src_uri in self.internal:
                    file.inclusion = InclusionLevel.NOT_IN_NAV
                continue
            if file.src_uri.startswith("helpcenter/blocks/") or file.src_uri.startswith(
                f"{ASSET_DIR}/"
            ):
                files.remove(file)
        return files

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Fill value quotes and blocks in the page's language; add the sample notice."""
        if self.catalogue is None or self.blocks is None:
            return markdown
        lang = page_language(page.file.src_uri, self.languages)
        filled = fill_page(
            markdown, self.words[lang], self.catalogue.model, self.blocks, self.quotes[lang]
        )
        if COMPARATOR in filled.html_blocks:
            # Tells overrides/main.html to load the comparator script: only on these pages.
            page.meta["comparator"] = True
            if self.urls is not None:
                page.meta["comparator_boot"] = _boot_urls(_to_root(page), self.urls)
                page.meta["comparator_files"] = {
                    "script": _to_root(page) + self.urls.script,
                    "style": _to_root(page) + self.urls.style,
                }
        return filled.markdown

    def on_page_content(
        self, html_text: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Put the statically rendered comparator where the page wrote ``{{ comparator }}``."""
        marker = f"<p>{HTML_MARKERS[COMPARATOR]}</p>"
        if marker not in html_text or self.urls is None or self.catalogue is None:
            return html_text
        lang = page_language(page.file.src_uri, self.languages)
        attributes = " ".join(
            f'data-{name}="{html.escape(url)}"'
            for name, url in _boot_urls(_to_root(page), self.urls).items()
        )
        model = self.catalogue.model
        static = render_comparator(model, parse_query(model, ""), lang)
        return html_text.replace(
            marker, f'<div class="comparator-mount" {attributes}>\n{static}\n</div>'
        )

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered: check short-link targets, fill the support page's table.

        From here on the theme's templates compile: through the shared cache, once per build
        (``on_env`` is where MkDocs hands plugins the environment to change).
        """
        if self.templates is not None and isinstance(env, jinja2.Environment):
            self.templates.attach(env)
        lang = build_language(config, self.languages)
        prefix = self.languages.root(lang)
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        by_path = {_path(page, prefix): page for page in pages}
        ids: dict[str, set[str]] = {}

        def has_id(path: str, anchor: str) -> bool:
            # Only the pages short links point into are searched (not 2,000 pages' HTML).
            if path not in ids:
                ids[path] = set(_ELEMENT_ID.findall(by_path[path].content or ""))
            return anchor in ids[path]

        items: list[ShortLink | Alias] = [*self.links.shortlinks, *self.links.aliases]
        url_prefix = self.languages.prefix(lang)
        problems = [
            Problem(
                *_origin(item.origin),
                "",
                f"{item.source(url_prefix)}: no page or section {item.target(url_prefix)}",
            )
            for item in items
            if item.page not in by_path or (item.anchor and not has_id(item.page, item.anchor))
        ]
        problems += self._own_site_links(lang, {page.url for page in pages})
        if problems:
            raise ProblemsFound(problems)
        marker = f"<p>{HTML_MARKERS[SUPPORT_LINKS]}</p>"
        support = [page for page in pages if page.content and marker in page.content]
        if any(quick_build.draws(page) for page in support):
            topics: list[Topic] = []
            for path, page in by_path.items():
                topics.append(Topic(path, "", page.title or ""))
                topics += [Topic(path, anchor, title) for anchor, title in _sections(page.toc)]
            words = self.words[lang]
            table = support_table(topics, self.links, self.site_url, words, self.languages)
            for page in support:
                page.content = (page.content or "").replace(marker, table)
        return env

    def _own_site_links(self, lang: str, built: set[str]) -> list[Problem]:
        """Catalogue links into this help center must lead to a page of this language's build.

        (the default language's folder was such a link: the default language lives at the root.)
        """
        if self.catalogue is None or not self.site_url:
            return []
        base = self.site_url.rstrip("/") + "/"
        others = tuple(f"{other}/" for other in self.languages.others)
        problems = []
        for name, texts in self.catalogue.model.links.items():
            for text_lang, url in texts.items():
                if not url.startswith(base):
                    continue
                path = url[len(base) :].split("#", 1)[0].split("?", 1)[0]
                ours = (
                    path.startswith(f"{lang}/")
                    if lang != self.languages.default
                    else not path.startswith(others)
                )
                if ours and path not in built:
                    key: tuple[str | int, ...] = ("links", name)
                    key += (text_lang,) if text_lang != "*" else ()
                    line, column = self.catalogue.document.position(key)
                    problems.append(
                        Problem(
                            self.catalogue.file,
                            line,
                            column,
                            ".".join(str(part) for part in key),
                            f"{url} is an address in this help center, but no page has it",
                        )
                    )
        return problems

    @event_priority(-50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Finish the site: per-language 404 pages, ``_redirects`` and the comparator's assets.

        mkdocs-static-i18n builds the default language at the root first, then each other
        language (its build's ``on_post_build`` runs inside the default one's), and writes every
        language's 404 page to the same ``/404.html``; each is moved to its own folder here.
        A quick build (``make serve``) writes none of these: the served site keeps its own.
        """
        if quick_build.active():
            return
        lang = build_language(config, self.languages)
        default = self.languages.default
        if lang == default:
            self.site_root = Path(config.site_dir)
        root = self.site_root or Path(config.site_dir)
        not_found = root / "404.html"
        if not_found.exists():
            self.not_found[lang] = not_found.read_bytes()
        if lang != default and lang in self.not_found:
            (root / lang).mkdir(parents=True, exist_ok=True)
            (root / lang / "404.html").write_bytes(self.not_found[lang])
            if default in self.not_found:
                not_found.write_bytes(self.not_found[default])
        if lang != default:
            return
        redirects = redirects_text(self.links, self.languages)
        (root / "_redirects").write_text(redirects, encoding="utf-8")
        if self.urls is not None and self.theme_files is not None and self.node_modules:
            write_assets(
                root,
                self.urls,
                self.plans_text,
                self.archive,
                (self.stdlib, self.snapshot),
                self.theme_files,
                self.node_modules,
            )

    def on_shutdown(self) -> None:
        """Keep the templates compiled by this build (or this `make serve`) for the next one."""
        if self.templates is not None:
            self.templates.save()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when the catalogue, the short links, a block template or a theme override
        changes (MkDocs watches the theme's folders only with ``--watch-theme``, which would also
        watch all of Material in site-packages)."""
        if self.catalogue_path is not None:
            server.watch(str(self.catalogue_path))
            server.watch(str(self.catalogue_path.parent / self.config.shortlinks))
            server.watch(str(self.catalogue_path.parent / self.config.words))
        server.watch(str(_block_dir(config)))
        if config.theme.custom_dir:
            server.watch(str(config.theme.custom_dir))
        return server


def _pages_key(sources: dict[Path, bytes], table: Path, known: dict[str, set[str]]) -> str:
    """Hash of everything the writers' pages check reads: every page (``sources``, by path), the
    short-link table and the quotable keys."""
    digest = hashlib.sha256(
        repr(sorted((lang, sorted(keys)) for lang, keys in known.items())).encode()
    )
    for path, data in [*sources.items(), (table, _bytes_or_missing(table))]:
        digest.update(b"\x00" + str(path).encode("utf-8") + b"\x00")
        digest.update(data)
    return digest.hexdigest()


def _bytes_or_missing(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b"\x01missing"


def _path(page: Page, prefix: str) -> str:
    """The page's address below its language's root."""
    return page.url[len(prefix) :] if page.url.startswith(prefix) else page.url


def _sections(toc: Any) -> list[tuple[str, str]]:
    """``(id, title)`` of the level-2 and level-3 headings of a page."""
    found: list[tuple[str, str]] = []
    for item in toc:
        if 2 <= item.level <= 3 and item.id:
            found.append((item.id, item.title))
        found += _sections(item.children)
    return found


def _theme_dir(config: MkDocsConfig) -> Path:
    """The theme's custom_dir: block templates and comparator files, which a site may change."""
    return Path(config.theme.custom_dir or "overrides")


def _block_dir(config: MkDocsConfig) -> Path:
    return _theme_dir(config) / "helpcenter" / "blocks"


def _origin(origin: str) -> tuple[str, int, int]:
    file, line, column = origin.rsplit(":", 2)
    return file, int(line), int(column)


def _boot_urls(prefix: str, urls: AssetUrls) -> dict[str, str]:
    """What the comparator's worker needs, relative to the page: the mount's data attributes
    and, so the worker starts while the page is still parsed, a ``<meta>`` in the head."""
    return {
        "plans-url": prefix + urls.plans,
        "archive-url": prefix + urls.archive,
        "pyodide-url": prefix + urls.pyodide,
        "stdlib-url": prefix + urls.stdlib,
        "snapshot-url": prefix + urls.snapshot,
        "worker-url": prefix + urls.worker,
    }


def _to_root(page: Page) -> str:
    """The relative path from a page to the site root (``../../`` for ``<lang>/account/x/``)."""
    return "../" * page.url.count("/")
