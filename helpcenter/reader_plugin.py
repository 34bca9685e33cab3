"""The reader's frame around every page: home page, article end, 404, search, languages.

A second MkDocs plugin (``helpcenter-reader``), separate from the catalogue plugin so each stays
small: it works for any page in ``nav``, written or generated. The decisions live in plain modules
(home, page_refs, page_dates, alternates, search_language, site_texts, descriptions); templates in
``overrides/`` render what this plugin puts in the ``hc`` template variable.
mkdocs-static-i18n runs one build per language, so every event runs once per language.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from core.languages import Languages
from core.words import Words
from helpcenter import quick_build
from helpcenter.alternates import (
    Alternate,
    default_language,
    language_names,
    not_found_alternates,
    page_alternates,
)
from helpcenter.descriptions import first_paragraph, shorten
from helpcenter.errors import LocatedError, Problem, ProblemsFound
from helpcenter.home import Card, topic_cards
from helpcenter.language_offer import Offer, language_offers
from helpcenter.languages import build_language, site_languages
from helpcenter.page_dates import GitDates, localized_date
from helpcenter.page_refs import Resolved, Target, front_matter, resolve_list
from helpcenter.quoting import Value, find_quotes
from helpcenter.search_language import (
    Synonyms,
    load_synonyms,
    point_search_at_language,
    split_index,
)
from helpcenter.site_texts import SiteTexts, render_site_texts
from helpcenter.sitemap import SITE_FILES, site_files

#: The support page's link table marks it internal even before it has front matter.
_SUPPORT_TABLE_MARKER = "{{ support_links }}"
#: Where each language's thank-you page for the feedback form lives (docs/feedback.<lang>.md).
FEEDBACK_PAGE = "feedback/"
FEEDBACK_FORM = "feedback"


class ReaderConfig(Config):
    """Options under ``plugins: - helpcenter-reader:``."""

    synonyms = c.Type(str, default="search-synonyms.yaml")
    """Customers' search words per language, relative to ``mkdocs.yml``."""


@dataclass(frozen=True)
class Feedback:
    """What the "Was this article helpful?" form posts (Netlify Forms)."""

    action: str
    page: str
    lang: str
    form: str = FEEDBACK_FORM


@dataclass
class Frame:
    """Everything the templates add to one page (the ``hc`` template variable)."""

    lang: str
    texts: SiteTexts
    alternates: list[Alternate]
    home_url: str
    is_home: bool = False
    is_article: bool = False
    internal: bool = False
    not_found: bool = False
    date_iso: str = ""
    date_text: str = ""
    related: list[Resolved] = field(default_factory=list)
    tasks: list[Resolved] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    feedback: Feedback | None = None
    offers: list[Offer] = field(default_factory=list)


class ReaderPlugin(BasePlugin[ReaderConfig]):
    """Home page, article frame, feedback, 404s and search in the reader's language."""

    def __init__(self) -> None:
        self.languages = Languages(("",))
        self.lang = ""
        self.words: dict[str, Words] = {}
        self.root = Path(".")
        self.texts: dict[str, SiteTexts] = {}
        self.synonyms = Synonyms({})
        self.git: GitDates | None = None
        self.catalogue_path = Path("plans.yaml")
        self.quoting: set[str] = set()
        self.internal: set[str] = set()
        self.descriptions: dict[str, str] = {}
        self.frames: dict[str, Frame] = {}
        self.tasks: dict[str, list[Resolved]] = {}
        self.names: dict[str, str] = {}
        self.nav: Any = None

    @event_priority(-110)  # after mkdocs-static-i18n (-100) chose this build's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load the interface texts and synonyms; read git dates once per site build."""
        self.languages = site_languages(config) or self.languages
        self.lang = build_language(config, self.languages)
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.names = language_names(config)
        catalogue_plugin = config.plugins.get("helpcenter")
        quotes: dict[str, dict[str, Value]] = getattr(catalogue_plugin, "quotes", {}) or {}
        self.words = getattr(catalogue_plugin, "words", {}) or {}
        catalogue = getattr(getattr(catalogue_plugin, "config", None), "catalogue", "plans.yaml")
        self.catalogue_path = self.root / catalogue
        default = self.languages.default
        if self.lang == default or not self.texts:  # every language at once
            try:
                self.texts = render_site_texts(self.words, quotes)
                self.synonyms = load_synonyms(self.root / self.config.synonyms, self.languages)
            except LocatedError as error:
                raise ProblemsFound(error.problems) from None
        if self.lang == default:
            self.git = GitDates(self.root)
            self.internal = set()
            self.quoting = set()
        return config

    @event_priority(-300)  # the final nav, after mkdocs-static-i18n and the catalogue plugin
    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        """Keep this language's nav: the home page's cards are built from it."""
        self.nav = nav
        return nav

    @event_priority(10)  # before the catalogue plugin replaces the quotes
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Note internal pages (kept out of search) and pages that quote the catalogue."""
        if page.meta.get("internal") is True or _SUPPORT_TABLE_MARKER in markdown:
            page.meta["internal"] = True
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            self.internal.add(page.url)
        if any(True for _ in find_quotes(markdown)) or not os.path.isfile(
            page.file.abs_src_path or ""
        ):
            self.quoting.add(page.url)
        return markdown

    def on_page_content(
        self, html_text: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A distinct meta description: front matter ``description``, else the first paragraph."""
        given = page.meta.get("description")
        text = given if isinstance(given, str) and given.strip() else first_paragraph(html_text)
        text = shorten(text)
        self.descriptions[page.url] = text
        # Material writes page.meta.description unescaped into an attribute.
        page.meta["description"] = html.escape(text, quote=True)
        return html_text

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """Every page has been read: resolve related pages and tasks, dates, the home cards."""
        nav = self.nav
        pages: list[Page] = list(nav.pages) if nav is not None else []
        prefix = self.languages.root(self.lang)
        home_url = prefix or "./"
        targets = {page.url: _target(page) for page in pages}
        problems: list[Problem] = []
        self.frames = {}
        texts = self.texts[self.lang]
        for page in pages:
            frame = Frame(
                self.lang,
                texts,
                [],
                home_url,
                is_home=page.url == prefix,
                internal=bool(page.meta.get("internal")),
            )
            frame.is_article = not frame.is_home and not frame.internal
            frame.related, found = self._resolve("related", page, targets, prefix)
            problems += found
            if frame.is_home:
                frame.tasks, found = self._resolve("tasks", page, targets, prefix)
                problems += found
                self.tasks[self.lang] = frame.tasks
                frame.cards = topic_cards(
                    nav.items if nav is not None else [],
                    prefix,
                    self.descriptions,
                    lambda p: bool(p.meta.get("internal")),
                    texts.plain["home_more_title"],
                )
                problems += _check_icons(frame.cards, pages, config, self.root)
            if frame.is_article:
                frame.feedback = Feedback(prefix + FEEDBACK_PAGE, "/" + page.url, self.lang)
            self.frames[page.url] = frame
        if not any(f.url == prefix + FEEDBACK_PAGE for f in files.documentation_pages()):
            problems.append(
                Problem(
                    f"docs/{FEEDBACK_PAGE.rstrip('/')}.{self.lang}.md",
                    1,
                    1,
                    "",
                    "missing: the thank-you page the feedback form leads to",
                )
            )
        if problems:
            raise ProblemsFound(problems)
        return env

    def _resolve(
        self, key: str, page: Page, targets: dict[str, Target], prefix: str
    ) -> tuple[list[Resolved], list[Problem]]:
        """The page's ``related`` or ``tasks`` resolved. Its file is read again, for the lines
        and columns, only when there is a problem to locate: most builds have none, and each
        read of every page costs (2,000 pages at 1,000 article pairs)."""
        values = page.meta.get(key)
        resolved, problems = resolve_list(key, values, None, page.file.src_uri, targets, prefix)
        if problems:
            shown = _shown(page, self.root)
            document = front_matter(Path(page.file.abs_src_path or ""), shown)
            resolved, problems = resolve_list(key, values, document, shown, targets, prefix)
        return resolved, problems

    def _date(self, page: Page) -> tuple[str, str]:
        sources = [Path(page.file.abs_src_path or "")]
        if page.url in self.quoting:
            sources.append(self.catalogue_path)
        stamp = self.git.last_change(sources) if self.git else 0
        return localized_date(stamp, self.words[self.lang].locale)

    @event_priority(-100)  # after mkdocs-static-i18n set this page's language links (50)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Hand the page's frame to the templates, with its language versions."""
        frame = self.frames.get(page.url) or Frame(
            self.lang,
            self.texts[self.lang],
            [],
            self.languages.root(self.lang) or "./",
            internal=bool(page.meta.get("internal")),
        )
        if frame.is_article and not frame.date_iso:
            # Only for a page that is drawn: make serve's quick build draws one of thousands.
            frame.date_iso, frame.date_text = self._date(page)
        twins = {
            lang: file.url for lang, file in (getattr(page.file, "alternates", {}) or {}).items()
        }
        twins.setdefault(self.lang, page.url)
        frame.alternates = page_alternates(twins, self.names, self.lang, config.site_url or "")
        frame.offers = language_offers(frame.alternates, self.words, self.languages, self.lang)
        # Material's header shows partials/alternate.html with these; its head writes none
        # (overrides/main.html's site_meta leaves that loop out).
        setattr(config.extra, "alternate", frame.alternates)  # noqa: B010
        context["hc"] = frame  # type: ignore[typeddict-unknown-key]
        return context

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """The 404 page: search, top tasks and a menu to each language's home."""
        if template_name in SITE_FILES:  # sitemap.xml, robots.txt: helpcenter/sitemap.py
            pages = context.get("i18n_alternates")
            found = site_files(pages, self.names, default_language(config), config.site_url or "")
            context["hc_site"] = found  # type: ignore[typeddict-unknown-key]
        if template_name != "404.html":
            return context
        alternates = not_found_alternates(
            self.names, self.lang, self.languages.default, config.site_url or ""
        )
        root = self.languages.root(self.lang) or "./"
        frame = Frame(
            self.lang, self.texts[self.lang], alternates, root, internal=True, not_found=True
        )
        frame.tasks = self.tasks.get(self.lang, [])
        setattr(config.extra, "alternate", alternates)  # noqa: B010
        context["hc"] = frame  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Point Material's search at this language's index."""
        return self._point_search(output)

    def on_post_template(
        self, output_content: str, template_name: str, config: MkDocsConfig
    ) -> str:
        """The 404 page searches its own language too."""
        if template_name != "404.html":
            return output_content
        return self._point_search(output_content)

    def _point_search(self, page_html: str) -> str:
        try:
            return point_search_at_language(page_html, self.lang, self.languages.default)
        except ValueError as error:  # a Material upgrade changed its page config
            raise PluginError(str(error)) from None

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """``make serve`` rebuilds when the synonyms change (the word tables: the other plugin)."""
        if (self.root / self.config.synonyms).is_file():
            server.watch(str(self.root / self.config.synonyms))
        return server

    @event_priority(-150)  # after mkdocs-static-i18n (-100) built every language and its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Split the combined search index into one per language, with synonyms."""
        i18n = config.plugins.get("i18n")
        if getattr(i18n, "building", False):
            return  # a language build inside the default one: the index is not complete yet
        if quick_build.active():
            return  # make serve's quick build indexes only the changed pages: keep the served one
        split_index(Path(config.site_dir), self.languages, self.internal, self.synonyms)


def _target(page: Page) -> Target:
    sections: dict[str, str] = {}

    def walk(items: Any) -> None:
        for item in items:
            if item.id:
                sections[item.id] = item.title
            walk(item.children)

    walk(page.toc)
    return Target(page.url, str(page.title or ""), sections)


def _shown(page: Page, root: Path) -> str:
    source = Path(page.file.abs_src_path or page.file.src_uri)
    try:
        return source.resolve().relative_to(root).as_posix()
    except ValueError:
        return page.file.src_uri


def _check_icons(
    cards: list[Card], pages: list[Page], config: MkDocsConfig, root: Path
) -> list[Problem]:
    """An ``icon`` must name one of Material's bundled icons (or one under overrides/.icons)."""
    problems: list[Problem] = []
    folders = [Path(folder) / ".icons" for folder in config.theme.dirs]
    for page in pages:
        icon = page.meta.get("icon")
        if icon is None:
            continue
        if not isinstance(icon, str) or not any((f / f"{icon}.svg").is_file() for f in folders):
            shown = _shown(page, root)
            document = front_matter(Path(page.file.abs_src_path or ""), shown)
            line, column = document.position(("icon",)) if document else (1, 1)
            problems.append(
                Problem(
                    shown,
                    line,
                    column,
                    "icon",
                    f"unknown icon {icon!r} (a Material icon name such as material/cancel)",
                )
            )
    del cards
    return problems
