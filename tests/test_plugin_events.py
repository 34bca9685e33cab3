"""The MkDocs plugin's events called directly, with small stand-ins for MkDocs' objects.

A whole-site build checks the same glue end to end; these say exactly what each event hands on
(page meta for the comparator, located link problems, the writers' pages check) in milliseconds.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
from mkdocs.exceptions import PluginError

from core.languages import Languages
from helpcenter.blocks import block_environment
from helpcenter.catalogue import Catalogue, load_catalogue
from helpcenter.comparator_assets import AssetUrls
from helpcenter.errors import LocatedError, Problem, ProblemsFound
from helpcenter.languages import build_language, page_language
from helpcenter.plugin import (
    HelpCenterPlugin,
    _boot_urls,
    _pages_key,
    _sections,
    _theme_dir,
)
from helpcenter.quoting import quotable_values
from helpcenter.shortlinks import LinkTable, ShortLink
from helpcenter.template_cache import TemplateCache
from helpcenter.writers_pages import page_sources
from tests.conftest import ROOT
from tests.support.machine_locale import ascii_locale
from tests.support.project import LANGUAGES, WORDS

URLS = AssetUrls(
    plans="assets/plans.1a.json",
    archive="assets/comparator.2b.zip",
    pyodide="assets/pyodide/",
    stdlib="assets/pyodide/python_stdlib.7a.zip",
    snapshot="assets/snapshot.3c.bin",
    script="assets/comparator.4d.js",
    worker="assets/worker.5e.js",
    style="assets/comparator.6f.css",
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT / "plans.yaml", WORDS)


def plugin() -> HelpCenterPlugin:
    made = HelpCenterPlugin()
    made.load_config({})
    made.languages = LANGUAGES
    made.words = WORDS
    return made


def page(src_uri: str, url: str = "", **fields: Any) -> Any:
    """A stand-in for MkDocs' Page: the fields the plugin reads."""
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url, meta={}, **fields)


def heading(level: int, id_: str, title: str, *children: Any) -> Any:
    return SimpleNamespace(level=level, id=id_, title=title, children=list(children))


def build_config(language: str | None) -> Any:
    """The MkDocs config of one mkdocs-static-i18n language build."""
    return SimpleNamespace(plugins={"i18n": SimpleNamespace(current_language=language)})


# --- small helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src_uri", "lang"),
    [
        ("account/cancel.en.md", "en"),
        ("account/cancel.nl.md", "nl"),
        ("index.en.md", "en"),
        ("release/v1.2.en.md", "en"),
        ("account/cancel.md", "nl"),
        ("account/cancel.fr.md", "nl"),
    ],
)
def test_a_pages_language_is_its_file_suffix_or_the_default(src_uri: str, lang: str) -> None:
    assert page_language(page(src_uri).file.src_uri, LANGUAGES) == lang


def test_sections_are_the_level_2_and_3_headings_with_an_id() -> None:
    toc = [
        heading(
            1,
            "cancel",
            "Cancel",
            heading(2, "by-email", "By e-mail", heading(3, "address", "Address")),
            heading(2, "", "Without id", heading(4, "deep", "Too deep")),
        ),
        heading(2, "refund", "Refund"),
    ]
    assert _sections(toc) == [
        ("by-email", "By e-mail"),
        ("address", "Address"),
        ("refund", "Refund"),
    ]


def test_the_comparators_boot_urls_are_relative_to_the_page() -> None:
    assert _boot_urls("../../", URLS) == {
        "plans-url": "../../assets/plans.1a.json",
        "archive-url": "../../assets/comparator.2b.zip",
        "pyodide-url": "../../assets/pyodide/",
        "stdlib-url": "../../assets/pyodide/python_stdlib.7a.zip",
        "snapshot-url": "../../assets/snapshot.3c.bin",
        "worker-url": "../../assets/worker.5e.js",
    }


@pytest.mark.parametrize(
    ("plugins", "lang"),
    [
        ({}, "nl"),
        ({"i18n": SimpleNamespace(current_language="en")}, "en"),
        ({"i18n": SimpleNamespace(current_language=None)}, "nl"),
        ({"i18n": SimpleNamespace(current_language="fr")}, "nl"),
        ({"i18n": SimpleNamespace()}, "nl"),  # an i18n plugin of another kind
    ],
)
def test_the_build_language_is_static_i18ns_current_one(plugins: dict[str, Any], lang: str) -> None:
    assert build_language(SimpleNamespace(plugins=plugins), LANGUAGES) == lang


def test_a_theme_without_custom_dir_reads_blocks_from_overrides() -> None:
    config: Any = SimpleNamespace(theme=SimpleNamespace(custom_dir=None))
    assert _theme_dir(config) == Path("overrides")
    config.theme.custom_dir = "/site/theme"
    assert _theme_dir(config) == Path("/site/theme")


def test_renaming_a_page_redoes_the_pages_check(tmp_path: Path) -> None:
    """The check's problems name the files: a renamed page must not reuse the old report."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "faq.nl.md").write_text("# FAQ\n", encoding="utf-8")
    known = {"nl": {"plan.pro.price"}, "en": {"plan.pro.price"}}
    before = _pages_key(page_sources(docs), tmp_path / "shortlinks.yaml", known)
    (docs / "faq.nl.md").rename(docs / "vragen.nl.md")
    assert _pages_key(page_sources(docs), tmp_path / "shortlinks.yaml", known) != before


# --- on_page_markdown and on_page_content: the comparator ---------------------------------------


def comparator_plugin(catalogue: Catalogue) -> HelpCenterPlugin:
    made = plugin()
    made.catalogue = catalogue
    made.quotes = {lang: quotable_values(catalogue.model, lang) for lang in LANGUAGES}
    made.blocks = block_environment(ROOT / "overrides" / "helpcenter" / "blocks")
    made.urls = URLS
    return made


def test_a_page_with_the_comparator_tells_the_theme_what_to_load(catalogue: Catalogue) -> None:
    made = comparator_plugin(catalogue)
    compare = page("account/compare-plans.en.md", "en/account/compare-plans/")
    made.on_page_markdown("# Compare\n\n{{ comparator }}\n", compare, None, None)  # type: ignore[arg-type]
    assert compare.meta == {
        "comparator": True,
        "comparator_boot": {
            "plans-url": "../../../assets/plans.1a.json",
            "archive-url": "../../../assets/comparator.2b.zip",
            "pyodide-url": "../../../assets/pyodide/",
            "stdlib-url": "../../../assets/pyodide/python_stdlib.7a.zip",
            "snapshot-url": "../../../assets/snapshot.3c.bin",
            "worker-url": "../../../assets/worker.5e.js",
        },
        "comparator_files": {
            "script": "../../../assets/comparator.4d.js",
            "style": "../../../assets/comparator.6f.css",
        },
    }
    other = page("faq.en.md", "en/faq/")
    made.on_page_markdown("# FAQ\n\nNo comparator here.\n", other, None, None)  # type: ignore[arg-type]
    assert other.meta == {}


def test_the_comparator_mount_carries_its_boot_urls(catalogue: Catalogue) -> None:
    made = comparator_plugin(catalogue)
    compare = page("account/compare-plans.nl.md", "account/compare-plans/")
    html_text = "<h1>Vergelijk</h1>\n<p>HELPCENTER-BLOCK-COMPARATOR</p>\n<p>Meer.</p>"
    result = made.on_page_content(html_text, compare, None, None)  # type: ignore[arg-type]
    head, _, rest = result.rpartition("\n</div>")
    assert head.startswith(
        "<h1>Vergelijk</h1>\n"
        '<div class="comparator-mount" data-plans-url="../../assets/plans.1a.json" '
        'data-archive-url="../../assets/comparator.2b.zip" '
        'data-pyodide-url="../../assets/pyodide/" '
        'data-stdlib-url="../../assets/pyodide/python_stdlib.7a.zip" '
        'data-snapshot-url="../../assets/snapshot.3c.bin" '
        'data-worker-url="../../assets/worker.5e.js">\n'
    )
    assert rest == "\n<p>Meer.</p>"


# --- _own_site_links: catalogue links into this help center -------------------------------------


def links_plugin(site_url: str) -> HelpCenterPlugin:
    made = plugin()
    made.site_url = site_url
    positions = {
        ("links", "cancel", "nl"): (12, 9),
        ("links", "gone"): (20, 5),
        ("links", "help", "en"): (25, 9),
    }
    made.catalogue = SimpleNamespace(  # type: ignore[assignment]
        file="plans.yaml",
        document=SimpleNamespace(position=positions.__getitem__),
        model=SimpleNamespace(
            links={
                "shop": {"*": "https://time.ly/shop"},
                "cancel": {
                    "nl": "https://help.example.test/account/gone/#how",
                    "en": "https://help.example.test/en/account/cancel/?from=app#how",
                },
                "faq": {"*": "https://help.example.test/faq/?next=/x?y=1"},
                "top": {"*": "https://help.example.test/faq/#top"},
                "gone": {"*": "https://help.example.test/gone/"},
                "help": {
                    "nl": "https://time.ly/help",
                    "en": "https://help.example.test/en/missing/",
                },
            }
        ),
    )
    return made


def missing(line: int, column: int, path: str, url: str) -> Problem:
    message = f"{url} is an address in this help center, but no page has it"
    return Problem("plans.yaml", line, column, path, message)


def test_catalogue_links_to_missing_pages_of_the_dutch_build_are_located() -> None:
    built = {"", "faq/", "account/cancel/"}
    assert links_plugin("https://help.example.test/")._own_site_links("nl", built) == [
        missing(12, 9, "links.cancel.nl", "https://help.example.test/account/gone/#how"),
        missing(20, 5, "links.gone", "https://help.example.test/gone/"),
    ]


def test_catalogue_links_to_missing_pages_of_the_english_build_are_located() -> None:
    built = {"en/", "en/faq/", "en/account/cancel/"}
    assert links_plugin("https://help.example.test")._own_site_links("en", built) == [
        missing(25, 9, "links.help.en", "https://help.example.test/en/missing/"),
    ]


def test_a_help_center_under_a_path_checks_the_links_under_it() -> None:
    made = links_plugin("https://help.example.test/INBOX/")
    made.catalogue.model.links = {"x": {"*": "https://help.example.test/INBOX/gone/"}}  # type: ignore[union-attr]
    made.catalogue.document.position = lambda key: (3, 5)  # type: ignore[union-attr]
    assert made._own_site_links("nl", {""}) == [
        missing(3, 5, "links.x", "https://help.example.test/INBOX/gone/")
    ]


# --- on_pre_build: the writers' pages check ----------------------------------------------------


def test_the_pages_check_is_redone_after_an_edit_and_reports_every_problem(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.nl.md").write_text("# Thuis\n", encoding="utf-8")
    (docs / "index.en.md").write_text("# Home\n", encoding="utf-8")
    config: Any = SimpleNamespace(docs_dir=str(docs), config_file_path=str(tmp_path / "mkdocs.yml"))
    made = plugin()
    made.catalogue = object()  # type: ignore[assignment]
    made.quotes = {"nl": {}, "en": {}}
    made.on_pre_build(config)

    (docs / "notes.md").write_text("# Notes\n", encoding="utf-8")
    (docs / "faq.nl.md").write_text("# FAQ\n\n## Vraag\n", encoding="utf-8")
    with pytest.raises(PluginError) as caught:
        made.on_pre_build(config)
    assert str(caught.value) == (
        "3 problems found; nothing was built:\n"
        "  docs/faq.nl.md:1:1: missing its en translation docs/faq.en.md "
        "(every page exists in nl and en; no silent fallback)\n"
        "  docs/faq.nl.md:3:1: the heading '## Vraag' needs an id: write "
        "'## Vraag {#an-id}', with the same id in both languages\n"
        "  docs/notes.md:1:1: name the page notes.nl.md and notes.en.md (one file per language)"
    )


# --- on_env: short-link targets and the support table ------------------------------------------


def test_a_short_link_to_a_missing_section_stops_the_build_and_the_table_is_filled() -> None:
    made = plugin()
    made.site_url = "https://help.example.test/"
    made.links = LinkTable(
        (
            ShortLink("cancel", "account/cancel/", "how-to-cancel", "shortlinks.yaml:3:3"),
            ShortLink("gone", "account/gone/", "", "shortlinks.yaml:7:3"),
            ShortLink("untitled", "untitled/", "", "shortlinks.yaml:9:3"),
        ),
        (),
    )
    support = page(
        "support/links.en.md",
        "en/support/links/",
        title="Links for support",
        toc=[],
        content="<h1>Links</h1>\n<p>HELPCENTER-BLOCK-SUPPORT-LINKS</p>",
    )
    pages = [
        page("index.en.md", "en/", title="Home", toc=[], content="<h1>Home</h1>"),
        page(
            "account/cancel.en.md",
            "en/account/cancel/",
            title="Cancel your account",
            toc=[heading(2, "how-to-cancel", "How to cancel")],
            content='<h2 id="how-to-cancel">How to cancel</h2>',
        ),
        page("untitled.en.md", "en/untitled/", title=None, toc=[], content=None),
        support,
    ]
    files = SimpleNamespace(documentation_pages=lambda: [SimpleNamespace(page=p) for p in pages])
    with pytest.raises(ProblemsFound) as caught:
        made.on_env(None, build_config("en"), files)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "1 problem found; nothing was built:\n"
        "  shortlinks.yaml:7:3: /en/go/gone: no page or section /en/account/gone/"
    )
    made.links = LinkTable(tuple(link for link in made.links.shortlinks if link.slug != "gone"), ())
    made.on_env(None, build_config("en"), files)  # type: ignore[arg-type]
    assert '<tr><th scope="row">How to cancel</th><td><code>/en/go/cancel</code>' in support.content
    assert '<tr><th scope="row"></th><td><code>/en/go/untitled</code>' in support.content
    assert "HELPCENTER-BLOCK" not in support.content


# --- on_env and on_config's parts: compiled templates shared, mkdocs.yml checked -----------------


def test_the_environment_mkdocs_hands_to_on_env_compiles_through_the_shared_cache() -> None:
    """Through MkDocs' own hook, not a patched ``theme.get_env``: the build's environment is
    the one every page renders with (measured in ARCHITECTURE.md, Decisions: Build)."""
    made = plugin()
    made.templates = TemplateCache()
    env = jinja2.Environment(autoescape=True)
    files = SimpleNamespace(documentation_pages=list)
    assert made.on_env(env, build_config("en"), files) is env  # type: ignore[arg-type]
    assert env.bytecode_cache is made.templates


def test_mkdocs_yml_problems_are_located_in_the_config_file(tmp_path: Path) -> None:
    file = tmp_path / "site.yml"
    file.write_text(
        "site_name: Hulp voor één team\n"
        "nav:\n"
        "  - Account:\n"
        "    - account/cancel.md\n"
        "plugins:\n"
        "  - i18n:\n"
        "      languages:\n"
        "        - locale: nl\n"
        "          default: true\n"
        "        - locale: en\n"
        "        - locale: en\n",
        encoding="utf-8",
    )
    nl = SimpleNamespace(locale="nl", default=True, nav_translations=None)
    en = SimpleNamespace(locale="en", default=False, nav_translations=None)
    config: Any = SimpleNamespace(
        config_file_path=str(file),
        plugins={"i18n": SimpleNamespace(config=SimpleNamespace(languages=[nl, en, en]))},
        nav=[{"Account": ["account/cancel.md"]}],
    )
    with ascii_locale(), pytest.raises(LocatedError) as caught:
        plugin()._check_site_config(config)
    assert caught.value.report() == (
        "2 problems found; nothing was built:\n"
        "  site.yml:3:1: nav: the section title 'Account' has no en translation: add "
        "'Account: ...' to nav_translations of the en language (plugins.i18n)\n"
        "  site.yml:7:1: plugins.i18n.languages: the language en is listed twice"
    )


def test_languages_without_a_single_default_are_refused_in_mkdocs_yml(tmp_path: Path) -> None:
    file = tmp_path / "mkdocs.yml"
    file.write_text("plugins:\n  - i18n:\n      languages:\n        - locale: nl\n", "utf-8")
    nl = SimpleNamespace(locale="nl", default=False, nav_translations=None)
    config: Any = SimpleNamespace(
        config_file_path=str(file),
        plugins={"i18n": SimpleNamespace(config=SimpleNamespace(languages=[nl]))},
        nav=[{"Account": ["account/cancel.md"]}],
    )
    with pytest.raises(LocatedError) as caught:
        plugin()._check_site_config(config)
    assert caught.value.report() == (
        "1 problem found; nothing was built:\n"
        "  mkdocs.yml:3:1: plugins.i18n.languages: expected exactly one language with "
        "default: true, got none"
    )
    # One language is a site: nothing to translate, nothing to refuse.
    nl.default = True
    assert plugin()._check_site_config(config) == Languages(("nl",))


def test_a_config_without_file_or_i18n_plugin_is_refused_as_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config: Any = SimpleNamespace(config_file_path=None, plugins={}, nav=None)
    with pytest.raises(LocatedError) as caught:
        plugin()._check_site_config(config)
    assert caught.value.report() == (
        "1 problem found; nothing was built:\n"
        "  mkdocs.yml:1:1: plugins.i18n.languages: expected exactly one language with "
        "default: true, got none"
    )


def test_serve_watches_the_catalogue_short_links_blocks_and_theme() -> None:
    made = plugin()
    made.catalogue_path = Path("/site/plans.yaml")
    watched: list[str] = []
    server = SimpleNamespace(watch=watched.append)
    config: Any = SimpleNamespace(theme=SimpleNamespace(custom_dir="/site/overrides"))
    assert made.on_serve(server, config, None) is server
    assert watched == [
        "/site/plans.yaml",
        "/site/shortlinks.yaml",
        "/site/words",
        "/site/overrides/helpcenter/blocks",
        "/site/overrides",
    ]
