"""The reader plugin's events called directly, with small stand-ins for MkDocs' objects.

What each page's frame holds (home, article, internal page), the located problems of the
writers' front matter, the 404 page's frame and search, without building a site.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from helpcenter.alternates import Alternate
from helpcenter.home import Card, CardLink
from helpcenter.page_refs import Resolved
from helpcenter.reader_plugin import Feedback, Frame, ReaderPlugin
from helpcenter.site_texts import SiteTexts
from tests.support.project import LANGUAGES, WORDS

TEXTS = {
    lang: SiteTexts({"home_more_title": Markup(more)}, {"home_more_title": more})
    for lang, more in (("nl", "Meer"), ("en", "More"))
}
NAMES = {"nl": "Nederlands", "en": "English"}


def reader(lang: str, root: Path) -> ReaderPlugin:
    made = ReaderPlugin()
    made.load_config({})
    made.lang = lang
    made.languages = LANGUAGES
    made.words = WORDS
    made.root = root.resolve()
    made.texts = TEXTS
    made.names = NAMES
    return made


def page(
    root: Path,
    src: str,
    title: str | None,
    front: str = "",
    toc: list[Any] | None = None,
    **meta: Any,
) -> Page:
    """A page of ``root/docs`` whose source file (with ``front`` matter) is written."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(root / "docs")})
    made = Page(title, File(src, str(root / "docs"), str(root / "site"), True), config)
    source = root / "docs" / src
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(f"---\n{front}---\n# {title}\n" if front else f"# {title}\n", "utf-8")
    made.meta = meta
    made.toc = toc or []  # type: ignore[assignment]
    return made


def files(*urls: str) -> Any:
    return SimpleNamespace(documentation_pages=lambda: [SimpleNamespace(url=url) for url in urls])


def theme_config(tmp_path: Path, *icons: str) -> Any:
    """A config whose theme folder holds ``.icons/<name>.svg`` for each icon name."""
    folder = tmp_path / "theme"
    for icon in icons:
        (folder / ".icons" / f"{icon}.svg").parent.mkdir(parents=True, exist_ok=True)
        (folder / ".icons" / f"{icon}.svg").write_text("<svg/>", "utf-8")
    return SimpleNamespace(theme=SimpleNamespace(dirs=[str(folder)]))


def test_each_page_gets_the_frame_of_its_kind(tmp_path: Path) -> None:
    made = reader("nl", tmp_path)
    section = SimpleNamespace(id="annuleren", title="Annuleren", children=[])
    tasks_meta = ["faq.md#annuleren"]
    home = page(tmp_path, "index.md", "Thuis", "tasks: [faq.md#annuleren]\n", tasks=tasks_meta)
    faq = page(
        tmp_path, "faq.md", "Vragen", toc=[section], icon="material/help", related=["leeg.md"]
    )
    # `title:` left empty in its front matter: MkDocs gives the page no title.
    untitled = page(tmp_path, "leeg.md", None)
    links = page(tmp_path, "support/links.md", "Links", internal=True)
    feedback = page(tmp_path, "feedback.md", "Bedankt", internal=True)
    pages = [home, faq, links, feedback, untitled]
    made.nav = SimpleNamespace(pages=pages, items=[home, faq, links])
    made.on_env(None, theme_config(tmp_path, "material/help"), files("", "faq/", "feedback/"))

    tasks = [Resolved("faq/#annuleren", "Annuleren")]
    cards = [Card("Meer", "material/help", [CardLink("faq/", "Vragen", "")])]
    assert made.frames == {
        "": Frame("nl", TEXTS["nl"], [], "./", is_home=True, tasks=tasks, cards=cards),
        "faq/": Frame(
            "nl",
            TEXTS["nl"],
            [],
            "./",
            is_article=True,
            related=[Resolved("leeg/", "")],
            feedback=Feedback("feedback/", "/faq/", "nl"),
        ),
        "leeg/": Frame(
            "nl",
            TEXTS["nl"],
            [],
            "./",
            is_article=True,
            feedback=Feedback("feedback/", "/leeg/", "nl"),
        ),
        "support/links/": Frame("nl", TEXTS["nl"], [], "./", internal=True),
        "feedback/": Frame("nl", TEXTS["nl"], [], "./", internal=True),
    }
    assert made.tasks == {"nl": tasks}

    # An article's date is looked up when the page is drawn (make serve's quick build draws
    # one page of thousands), not for every page.
    config: Any = SimpleNamespace(site_url=None, extra=SimpleNamespace())
    for drawn in (faq, links):
        made.on_page_context({}, page=drawn, config=config, nav=made.nav)  # type: ignore[arg-type,typeddict-item]
    epoch = ("1970-01-01", "1 januari 1970")  # no git: dates of stamp 0
    assert (made.frames["faq/"].date_iso, made.frames["faq/"].date_text) == epoch
    assert made.frames["leeg/"].date_iso == "", "not drawn"
    assert made.frames["support/links/"].date_iso == "", "not an article"


def test_every_front_matter_mistake_of_a_language_build_is_located(tmp_path: Path) -> None:
    made = reader("en", tmp_path)
    home = page(
        tmp_path,
        "en/index.md",
        "Home",
        "title: Home\nrelated: [zzz.md]\ntasks:\n  - faq.md#nothing\n",
        related=["zzz.md"],
        tasks=["faq.md#nothing"],
    )
    faq = page(
        tmp_path, "en/faq.md", None, "title: FAQ\nicon: material/nope\n", icon="material/nope"
    )
    generated = page(tmp_path, "en/gen.md", "Generated", icon=7, related="faq.md")
    generated.file.abs_src_path = None
    made.nav = SimpleNamespace(pages=[home, faq, generated], items=[home, faq, generated])
    with pytest.raises(PluginError) as caught:
        made.on_env(None, theme_config(tmp_path), files("en/", "en/faq/", "en/gen/"))
    assert str(caught.value) == (
        "6 problems found; nothing was built:\n"
        "  docs/en/faq.md:3:1: icon: unknown icon 'material/nope' (a Material icon name such "
        "as material/cancel)\n"
        "  docs/en/index.md:3:11: related[0]: no page 'zzz.md'\n"
        "  docs/en/index.md:5:5: tasks[0]: faq.md has no section #nothing\n"
        "  docs/feedback.en.md:1:1: missing: the thank-you page the feedback form leads to\n"
        "  en/gen.md:1:1: icon: unknown icon 7 (a Material icon name such as material/cancel)\n"
        "  en/gen.md:1:1: related: expected a list of pages like faq.md"
    )


def test_a_page_quoting_the_catalogue_is_dated_by_the_later_of_the_two(tmp_path: Path) -> None:
    made = reader("en", tmp_path)
    made.catalogue_path = tmp_path / "plans.yaml"
    quoting = page(tmp_path, "en/prices.md", "Prices")
    plain = page(tmp_path, "en/faq.md", "FAQ")
    changed = {
        Path(quoting.file.abs_src_path): 1717977600,  # 10 June 2024
        Path(plain.file.abs_src_path): 1717977600,
        made.catalogue_path: 1719792000,  # 1 July 2024
    }
    made.git = SimpleNamespace(  # type: ignore[assignment]
        last_change=lambda paths: max(changed[path] for path in paths)
    )
    made.quoting = {"en/prices/"}
    assert made._date(quoting) == ("2024-07-01", "1 July 2024")
    assert made._date(plain) == ("2024-06-10", "10 June 2024")


def test_the_404_page_offers_each_languages_home_and_the_top_tasks(tmp_path: Path) -> None:
    made = reader("en", tmp_path)
    made.tasks = {"en": [Resolved("en/faq/", "FAQ")]}
    config: Any = SimpleNamespace(site_url=None, extra=SimpleNamespace())
    context: Any = {}
    made.on_template_context(context, template_name="404.html", config=config)
    alternates = [
        Alternate("nl", "Nederlands", "./", "/", False),
        Alternate("en", "English", "en/", "/en/", True),
    ]
    assert context["hc"] == Frame(
        "en",
        TEXTS["en"],
        alternates,
        "en/",
        internal=True,
        not_found=True,
        tasks=[Resolved("en/faq/", "FAQ")],
    )
    assert config.extra.alternate == alternates  # a plain list, Material's own option
    assert made.on_template_context({}, template_name="main.html", config=config) == {}


def test_the_404_page_searches_its_own_language(tmp_path: Path) -> None:
    made = reader("en", tmp_path)
    page_html = '<script id="__config" type="application/json">{"base": ".."}</script>'
    assert made.on_post_template(page_html, "404.html", None) == (  # type: ignore[arg-type]
        '<script id="__config" type="application/json">{"base": "../en/"}</script>'
    )
    assert made.on_post_template(page_html, "sitemap.xml", None) == page_html  # type: ignore[arg-type]
    with pytest.raises(PluginError) as caught:
        made.on_post_template("<p>no config</p>", "404.html", None)  # type: ignore[arg-type]
    assert str(caught.value).startswith('Material\'s <script id="__config"> was not found')
