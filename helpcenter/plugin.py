"""The MkDocs glue: load the catalogue, then hand its data to the generators.

Kept thin on purpose: every decision lives in plain modules that tests call directly.
mkdocs-static-i18n runs one full build per language, so every event here runs once per language.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from comparator.browser import render_page
from helpcenter.articles import (
    ARTICLES,
    COMPARATOR_MARKER,
    SUPPORT_LINKS_MARKER,
    render_articles,
    template_environment,
)
from helpcenter.catalogue import Catalogue, load_catalogue
from helpcenter.comparator_assets import (
    AssetUrls,
    asset_urls,
    comparator_archive,
    plans_json_text,
    pyodide_version,
    write_assets,
)
from helpcenter.comparator_snapshot import SnapshotError, snapshot_gz
from helpcenter.config import HelpCenterConfig
from helpcenter.errors import LocatedError, Problem
from helpcenter.links import (
    DEFAULT_LANGUAGE,
    LinkTable,
    load_link_table,
    page_sections,
    redirects_text,
    support_table,
)
from helpcenter.quoting import apply_quotes, find_quotes, quotable_values
from helpcenter.wording import LANGUAGES, Wording, load_wording
from helpcenter.writers_pages import check_writers_pages


class HelpCenterPlugin(BasePlugin[HelpCenterConfig]):
    """Builds the help center from ``plans.yaml``."""

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self.catalogue_path: Path | None = None
        self.articles: dict[str, str] = {}
        self.quotes: dict[str, dict[str, str]] = {}
        self._rendered_digest: str | None = None
        self.plans_text = ""
        self.archive = b""
        self.snapshot = b""
        self.urls: AssetUrls | None = None
        self.node_modules: Path | None = None
        self.serving = False
        self.wording: Wording | None = None
        self.links = LinkTable((), ())
        self.nav: Any = None
        self.site_root: Path | None = None
        self.site_url = ""
        self.not_found: dict[str, bytes] = {}
        #: While serving, the located report of a broken catalogue or page (shown on every page).
        self.serve_problems: str | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve``, where a mistake must not stop the server."""
        self.serving = command == "serve"

    # Runs before mkdocs-static-i18n (priority -100), so a bad catalogue stops the build before
    # MkDocs cleans the output folder.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load and validate the catalogue, then render the articles of both languages."""
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        self.catalogue_path = root / self.config.catalogue
        override_dir = _override_dir(config)
        try:
            self.catalogue = load_catalogue(
                self.catalogue_path, self.config.catalogue, root / ".cache" / "helpcenter"
            )
            self.wording = load_wording(override_dir)
            self.links = load_link_table(override_dir, Path(config.docs_dir))
            if _build_language(config) == DEFAULT_LANGUAGE:
                self.site_url = config.site_url or ""
            if self.catalogue.digest != self._rendered_digest:
                wording = self.wording
                env = template_environment(override_dir, root / ".cache" / "helpcenter" / "jinja")
                self.articles = render_articles(self.catalogue, wording, env)
                self.quotes = {
                    lang: quotable_values(self.catalogue.data, wording, lang) for lang in LANGUAGES
                }
                self.plans_text = plans_json_text(self.catalogue.data)
                self._rendered_digest = self.catalogue.digest
            self.node_modules = root / "node_modules"
            archive = comparator_archive()
            version = pyodide_version(self.node_modules)
            if archive != self.archive or self.urls is None:  # once per language build else
                self.snapshot = snapshot_gz(self.node_modules, version, archive)
                self.archive = archive
            self.urls = asset_urls(self.archive, version, self.snapshot)
        except (FileNotFoundError, SnapshotError) as error:
            raise PluginError(str(error)) from None
        except LocatedError as error:
            self._fail(error.report(), keep_serving=self._rendered_digest is not None)
            return config
        self.serve_problems = None
        return config

    def _fail(self, report: str, *, keep_serving: bool) -> None:
        """Stop the build with the located report, except while serving a last good site.

        While serving, MkDocs would keep the server up but hang every request until the file is
        fixed; instead the last good catalogue is kept, the report is printed, and every page
        shows it in a banner. ``mkdocs build`` always stops (and never writes a partial site).
        """
        if not (self.serving and keep_serving):
            # PluginError is reported by MkDocs as one clean message, without a traceback.
            raise PluginError(report)
        self.serve_problems = report
        # Printed, not logged: a logged error would make the --strict build abort (and hang).
        print(f"ERROR   -  {report}\n(still serving the last good version)", file=sys.stderr)

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Check every writer's page (both languages) before anything is written."""
        if not self.config.enabled:
            return
        problems = check_writers_pages(
            Path(config.docs_dir),
            self.quotes,
            {a.src_uri(lang) for a in ARTICLES for lang in LANGUAGES},
        )
        if problems:
            self._fail(LocatedError(problems).report(), keep_serving=True)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Announce the generated articles as pages, before mkdocs-static-i18n sorts languages.

        mkdocs-static-i18n only localises files that live under ``docs_dir`` and re-creates them
        from disk, so the articles are announced there by path; their text is filled in later
        (``on_nav``). Nothing is ever written to ``docs/``.
        """
        for src_uri in self.articles:
            files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
        return files

    @event_priority(-200)
    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        """Give the generated pages their Markdown, now that mkdocs-static-i18n has run."""
        self.nav = nav
        for file in files:
            text = self.articles.get(file.src_uri)
            if text is not None:
                file.content_string = text
        return nav

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Replace ``{{ key }}`` quotes with catalogue values in the page's language."""
        lang = _page_language(page)
        if any(match[0] == COMPARATOR_MARKER for _, match in find_quotes(markdown)):
            # Tells overrides/main.html to load the comparator script: only on these pages.
            page.meta["comparator"] = True
            if self.urls is not None:
                page.meta["comparator_boot"] = _boot_urls(_to_root(page), self.urls)
        return apply_quotes(markdown, self.quotes.get(lang, {}))

    def on_page_content(
        self, html_text: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Put the statically rendered comparator where the page wrote ``{{ comparator }}``."""
        if self.serve_problems:
            html_text = _problem_banner(self.serve_problems) + html_text
        if not page.meta.get("comparator") or self.urls is None:
            return html_text
        lang = _page_language(page)
        attributes = " ".join(
            f'data-{name}="{html.escape(url)}"'
            for name, url in _boot_urls(_to_root(page), self.urls).items()
        )
        static = render_page(json.loads(self.plans_text), "", lang)
        block = f'<div class="comparator-mount" {attributes}>\n{static}\n</div>'
        return html_text.replace(f"<p>{COMPARATOR_MARKER}</p>", block)

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Every page has been read: check short-link targets, fill the support page's table."""
        if self.nav is None or self.wording is None:
            return env
        lang = _build_language(config)
        lang_prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
        sections = []
        for page in self.nav.pages:
            path = page.url[len(lang_prefix) :] if page.url.startswith(lang_prefix) else page.url
            sections += page_sections(path, page.title or "", page.toc)
        known = {(section.page, section.anchor) for section in sections}
        problems = [
            Problem(*_origin(link.origin), "", f"{link.source}: no page section {link.target}")
            for link in self.links.shortlinks
            if link.lang == lang and (link.page, link.anchor) not in known
        ]
        if problems:
            self._fail(LocatedError(problems).report(), keep_serving=True)
        table = support_table(sections, self.links, self.site_url, lang, self.wording)
        for page in self.nav.pages:
            if page.content and SUPPORT_LINKS_MARKER in page.content:
                page.content = page.content.replace(f"<p>{SUPPORT_LINKS_MARKER}</p>", table)
        return env

    @event_priority(-50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Finish the site: per-language 404 pages, ``_redirects`` and the comparator's assets.

        mkdocs-static-i18n builds the default language at the root first, then each other
        language (its build's ``on_post_build`` runs inside the default one's), and writes every
        language's 404 page to the same ``/404.html``; each is moved to its own folder here.
        """
        lang = _build_language(config)
        if lang == DEFAULT_LANGUAGE:
            self.site_root = Path(config.site_dir)
        root = self.site_root or Path(config.site_dir)
        not_found = root / "404.html"
        if not_found.exists():
            self.not_found[lang] = not_found.read_bytes()
        if lang != DEFAULT_LANGUAGE and lang in self.not_found:
            (root / lang).mkdir(parents=True, exist_ok=True)
            (root / lang / "404.html").write_bytes(self.not_found[lang])
            if DEFAULT_LANGUAGE in self.not_found:
                not_found.write_bytes(self.not_found[DEFAULT_LANGUAGE])
        if lang != DEFAULT_LANGUAGE:
            return
        others = [other for other in LANGUAGES if other != DEFAULT_LANGUAGE]
        (root / "_redirects").write_text(redirects_text(self.links, others), encoding="utf-8")
        if self.urls is not None and self.node_modules is not None:
            write_assets(
                root, self.urls, self.plans_text, self.archive, self.snapshot, self.node_modules
            )

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when the catalogue or an article template changes while serving.

        A broken catalogue then fails that rebuild with the located message; MkDocs keeps the
        server running and serving the last good site until the file is fixed.
        """
        if self.catalogue_path is not None:
            server.watch(str(self.catalogue_path))
        server.watch(str(Path(__file__).parent / "templates"))
        return server


def _build_language(config: MkDocsConfig) -> str:
    """The language of the build that is running (mkdocs-static-i18n runs one per language)."""
    i18n = config.plugins.get("i18n")
    language = getattr(i18n, "current_language", None) if i18n is not None else None
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


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
        "snapshot-url": prefix + urls.snapshot,
    }


def _to_root(page: Page) -> str:
    """The relative path from a page to the site root (``../../`` for ``en/account/x/``)."""
    return "../" * page.url.count("/")


def _problem_banner(report: str) -> str:
    """The serve-time banner listing what to fix (escaped: it quotes the writer's input)."""
    return (
        '<div class="admonition failure" role="alert"><p class="admonition-title">'
        "Build error: this preview shows the last good version</p>"
        f"<pre><code>{html.escape(report)}</code></pre></div>\n"
    )


def _override_dir(config: MkDocsConfig) -> Path | None:
    custom_dir = config.theme.custom_dir
    return Path(custom_dir) / "helpcenter" if custom_dir else None


def _page_language(page: Page) -> str:
    """The page's language from its ``name.<lang>.md`` suffix (the default language has none)."""
    suffix = Path(page.file.src_uri).suffixes
    lang = suffix[-2].lstrip(".") if len(suffix) >= 2 else ""
    return lang if lang in LANGUAGES else LANGUAGES[0]
