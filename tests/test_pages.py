"""Writers' pages: twins for every nav page, catalogue blocks, truthful facts, writer safety."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from core.values import SAMPLE_KINDS
from helpcenter.blocks import TEMPLATE_BLOCKS, block_environment, render_block
from helpcenter.catalogue import load_catalogue
from helpcenter.shortlinks import LinkTable, ShortLink
from helpcenter.support_table import Topic, support_table
from tests.conftest import ROOT, BuildResult, run_build
from tests.support.golden import assert_matches_golden
from tests.support.project import LANGUAGES, WORDS

GOLDEN = Path(__file__).parent / "golden" / "blocks"
BLOCK_TEMPLATES = ROOT / "overrides" / "helpcenter" / "blocks"
NOTICE = {"nl": "Voorbeeldgegevens", "en": "Sample data"}


def nav_pages() -> list[str]:
    """Every page named in mkdocs.yml's nav (``account/cancel.md``)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    found: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])

    walk(config["nav"])
    return found


def html_pages(site: Path, lang: str) -> dict[str, str]:
    """``{"account/cancel/": html}`` for the content pages of one language."""
    root = site / "en" if lang == "en" else site
    pages = {}
    for page in sorted(root.rglob("index.html")):
        relative = page.parent.relative_to(root).as_posix()
        if (relative.startswith("en") and lang == "nl") or "assets" in relative:
            continue
        pages["" if relative == "." else f"{relative}/"] = page.read_text(encoding="utf-8")
    return pages


def article(page_html: str) -> str:
    """The page's article element (what the reader reads, without navigation)."""
    return page_html[page_html.index("<article") : page_html.index("</article>")]


def visible_text(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", " ", fragment)
    return re.sub(r"\s+", " ", html.unescape(text)).replace("¶", "").strip()


# --- every page is a writer's Markdown twin --------------------------------------------------


def test_every_nav_page_has_both_twins_and_no_article_template_remains() -> None:
    pages = nav_pages()
    assert len(pages) >= 5
    for page in pages:
        for lang in LANGUAGES:
            assert (ROOT / "docs" / page.replace(".md", f".{lang}.md")).is_file(), (page, lang)
    package = ROOT / "helpcenter"
    assert not (package / "templates").exists()
    assert not list(package.rglob("*.j2"))
    assert not list(package.rglob("wording*"))


# --- blocks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(TEMPLATE_BLOCKS))
def test_block_matches_golden_file(name: str, lang: str) -> None:
    """Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff."""
    catalogue = load_catalogue(ROOT / "plans.yaml", WORDS).model
    text = (
        render_block(block_environment(BLOCK_TEMPLATES), name, catalogue, WORDS[lang]).markdown
        + "\n"
    )
    assert_matches_golden(text, GOLDEN / f"{name}.{lang}.md")


NEW_ADDON = """  - id: sms_reminders
    name: {nl: "Sms-herinneringen", en: "SMS reminders"}
    price: {EUR: 1234.5, USD: 1500}
    applies_to: [starter, enterprise]
    description:
      nl: "Stuur bezoekers een sms voor uw evenement begint."
      en: "Text your visitors before your event starts."
"""


def test_a_new_addon_reaches_every_page_with_the_block_and_the_comparator(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    catalogue = project / "plans.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("\nupgrade:\n", f"{NEW_ADDON}\nupgrade:\n"), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    using_block = sorted(
        page.relative_to(project / "docs").as_posix().removesuffix(".nl.md")
        for page in (project / "docs").rglob("*.nl.md")
        if "{{ addons }}" in page.read_text(encoding="utf-8")
    )
    assert using_block, "some page uses the add-ons block"
    expected = {
        "nl": ("Sms-herinneringen", "€ 1.234,50 per jaar", "Starter en Enterprise"),
        "en": ("SMS reminders", "€1,234.50 per year", "Starter and Enterprise"),
    }
    for lang, needles in expected.items():
        pages = html_pages(result.site, lang)
        for stem in using_block:
            shown = visible_text(article(pages[f"{stem}/"]))
            for needle in needles:
                assert needle.replace(" ", " ") in shown, (lang, stem, needle)
        comparator = visible_text(article(pages["account/compare-plans/"]))
        assert needles[0] in comparator, lang
        assert "Starter, Enterprise" not in comparator  # the comparator lists it its own way


# --- one canonical page per task ---------------------------------------------------------------


def sections(page_html: str) -> list[tuple[str, str]]:
    """``(heading, body)`` of each h2/h3 the writer wrote, as visible text.

    The frame after the article (related articles, feedback, contact) is the same on every page
    by design and is left out.
    """
    written = article(page_html).split('<div class="hc-article-end">')[0]
    parts = re.split(r"(<h[23][^>]*>.*?</h[23]>)", written, flags=re.DOTALL)
    return [
        (visible_text(parts[i]), visible_text(re.split(r"<h[1-6]", parts[i + 1])[0]))
        for i in range(1, len(parts) - 1, 2)
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_section_is_repeated_across_pages(built_site: Path, lang: str) -> None:
    """Neither a heading nor a section's body stands on two pages: pages link instead."""
    headings: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for path, page in html_pages(built_site, lang).items():
        for heading, body in sections(page):
            assert heading not in headings, f"'{heading}' on {headings.get(heading)} and {path}"
            headings[heading] = path
            if len(body) > 40:
                assert body not in bodies, (
                    f"the body of '{heading}' on {bodies.get(body)} and {path}"
                )
                bodies[body] = path
    assert len(headings) >= 15


# --- truthful facts ----------------------------------------------------------------------------


def sample_locations(catalogue_text: str) -> list[str]:
    """``plans.yaml:LINE:COL`` of every value tagged !sample, read from the file's text."""
    found = []
    for number, line in enumerate(catalogue_text.splitlines(), start=1):
        if "!sample" in line and not line.lstrip().startswith("#"):
            key = re.match(r"^(\s*)(- )?([A-Za-z_]+):", line)
            assert key is not None, line
            column = len(key[1]) + len(key[2] or "") + 1
            if (
                "{" in line.split("!sample")[0]
            ):  # a language inside a flow map: {nl: ..., en: !sample
                column = line.index("en: !sample") + 1
            found.append(f"plans.yaml:{number}:{column}")
    return found


def test_production_build_refuses_samples_and_keeps_the_site(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    first = build(project)
    assert first.returncode == 0, first.output
    before = {p: p.read_bytes() for p in first.site.rglob("*") if p.is_file()}
    os.environ["CONTEXT"] = "production"
    try:
        refused = build(project)
    finally:
        del os.environ["CONTEXT"]
    assert refused.returncode != 0
    expected = sample_locations((project / "plans.yaml").read_text(encoding="utf-8"))
    assert len(expected) >= 20
    reported = re.findall(r"(plans\.yaml:\d+:\d+): [^\n]*sample value", refused.output)
    assert reported == expected
    assert "Traceback" not in refused.output
    assert {p: p.read_bytes() for p in refused.site.rglob("*") if p.is_file()} == before


def test_a_catalogue_without_samples_builds_in_production_without_notices(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    catalogue = project / "plans.yaml"
    catalogue.write_text(
        re.sub(r" ?!sample", "", catalogue.read_text(encoding="utf-8")), encoding="utf-8"
    )
    os.environ["CONTEXT"] = "production"
    try:
        result = build(project)
    finally:
        del os.environ["CONTEXT"]
    assert result.returncode == 0, result.output
    for lang in LANGUAGES:
        for path, page in html_pages(result.site, lang).items():
            assert NOTICE[lang] not in page, (lang, path)


#: Values of the shipped catalogue that are marked !sample, as readers see them.
SAMPLE_SHOWN = {
    "nl": ("€ 899,00", "https://time.ly/nl/contact/", "Ticketing", "Kalenders"),
    "en": ("€899.00", "https://time.ly/contact/", "Ticketing", "My Account", "Calendars"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_showing_a_sample_says_so(built_site: Path, lang: str) -> None:
    pages = html_pages(built_site, lang)
    showing = set()
    for path, page in pages.items():
        body = article(page)
        if any(value in body for value in SAMPLE_SHOWN[lang]):
            showing.add(path)
            assert NOTICE[lang] in body, (lang, path)
    assert {"account/manage-subscription/", "account/cancel/", "account/compare-plans/"} <= showing
    assert NOTICE[lang] not in article(pages["support/links/"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_samples_are_marked_where_they_stand_and_the_notice_names_only_their_kinds(
    built_site: Path, lang: str
) -> None:
    """A page has the notice exactly when it marks a sample, and the notice names the kinds
    of value that page marks: the cancel page shows no price, so its notice names none."""
    words = WORDS[lang]
    mark = f'<span class="hc-sr-only"> ({words("sample.mark")})</span>'
    kinds = {kind: words(f"sample.kind_{kind}") for kind, _ in SAMPLE_KINDS}
    for path, page in html_pages(built_site, lang).items():
        body = article(page)
        notice = re.search(r'admonition-title">[^<]*</p>\s*<p>([^<]*)</p>', body)
        marked = mark in body
        assert marked == (notice is not None and NOTICE[lang] in body), (lang, path)
        if path == "account/cancel/":
            assert notice is not None
            assert kinds["links"] in notice[1]
            assert kinds["prices"] not in notice[1]
            assert kinds["currencies"] not in notice[1]


def test_every_help_center_link_resolves_to_a_built_page(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    """Built with the real address: every https://help.time.ly/... link is a page of the site."""
    result = run_build(project)  # SITE_URL of the tests; the real one is checked below too
    assert result.returncode == 0, result.output
    env = {**os.environ, "SITE_URL": "https://help.time.ly/"}
    real = subprocess.run(
        [sys.executable, "-m", "helpcenter.build", "--site-dir", "real-site"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert real.returncode == 0, real.stderr
    site = project / "real-site"
    links = set()
    for page in site.rglob("*.html"):
        links |= set(re.findall(r'href="https://help\.time\.ly(/[^"#]*)', page.read_text("utf-8")))
    assert "/en/account/cancel/" in links
    for path in links:
        target = site / path.lstrip("/")
        assert (target / "index.html").is_file() or target.is_file(), path


def test_no_email_address_unless_the_catalogue_gives_it_for_that_language(
    built_site: Path,
) -> None:
    catalogue = load_catalogue(ROOT / "plans.yaml", WORDS).data
    given: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for channel in catalogue["cancellation"]["channels"]:
        address = channel.get("address")
        for lang in LANGUAGES:
            if isinstance(address, str):
                given[lang].add(address)
            elif isinstance(address, dict):
                given[lang].add(address[lang])
    for lang in LANGUAGES:
        shown = set()
        for page in html_pages(built_site, lang).values():
            shown |= set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", visible_text(article(page))))
        assert shown, lang
        assert shown <= given[lang], lang
    assert "cancellations@time.ly" not in str(catalogue)


# --- writer safety -----------------------------------------------------------------------------


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    return changed


def test_heading_without_id_is_a_located_error(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    text = edit(
        project / "docs/account/cancel.en.md",
        "\n## How to cancel {#how-to-cancel}",
        "\n## How to cancel",
    )
    result = build(project)
    assert result.returncode != 0
    assert (
        f"docs/account/cancel.en.md:{line_of(text, '## How to cancel')}:1: the heading "
        "'## How to cancel' needs an id: write '## How to cancel {#an-id}', with the same id in "
        "both languages" in result.output
    )
    assert not result.site.exists()


def test_twins_with_different_heading_ids_are_a_located_error(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    text = edit(project / "docs/account/cancel.en.md", "{#upgrade-instead}", "{#another-plan}")
    result = build(project)
    assert result.returncode != 0
    nl_text = (project / "docs/account/cancel.nl.md").read_text(encoding="utf-8")
    assert (
        f"docs/account/cancel.en.md:{line_of(text, '{#another-plan}')}:1: heading id "
        "#another-plan is not in docs/account/cancel.nl.md (twins have the same heading ids, so "
        "a link works in both languages)" in result.output
    )
    assert (
        f"docs/account/cancel.nl.md:{line_of(nl_text, '{#upgrade-instead}')}:1: heading id "
        "#upgrade-instead is not in docs/account/cancel.en.md" in result.output
    )


def test_nav_section_without_translation_is_a_located_error(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    text = edit(project / "mkdocs.yml", "  - Uw abonnement:", "  - Uw account:")
    result = build(project)
    assert result.returncode != 0
    assert (
        f"mkdocs.yml:{line_of(text, '- Uw account:')}:1: nav: the section title "
        "'Uw account' has no en translation: add 'Uw account: ...' to "
        "nav_translations of the en language (plugins.i18n)" in result.output
    )


def test_a_language_without_its_word_table_is_refused(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    """Any language mkdocs.yml lists is the site's, but it needs words/<lang>.yaml."""
    edit(project / "mkdocs.yml", "        - locale: en\n", "        - locale: fr\n")
    result = build(project)
    assert result.returncode != 0
    assert "words/fr.yaml:1:1: missing: the words of fr, a language of mkdocs.yml" in result.output


def test_quotes_in_inline_code_are_left_alone(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    edit(
        project / "docs/faq.en.md",
        "## Can I pay monthly?",
        "Write `{{ plan.pro.price }}` or `{{ no.such.key }}` to quote a price.\n\n"
        "## Can I pay monthly?",
    )
    result = build(project)
    assert result.returncode == 0, result.output
    page = (result.site / "en/faq/index.html").read_text(encoding="utf-8")
    assert "<code>{{ plan.pro.price }}</code>" in page
    assert "<code>{{ no.such.key }}</code>" in page


def test_block_inside_a_sentence_is_a_located_error(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    text = edit(project / "docs/faq.nl.md", "Nee. Alle", "Zie {{ plans_table }}. Alle")
    result = build(project)
    assert result.returncode != 0
    assert (
        f"docs/faq.nl.md:{line_of(text, 'Zie {{')}:5: the block {{{{ plans_table }}}} renders a "
        "list or table: put it on a line of its own" in result.output
    )


def test_unknown_quote_key_names_page_and_line(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    text = edit(project / "docs/faq.en.md", "{{ plan.pro.price }}", "{{ plan.pro.prize }}")
    result = build(project)
    assert result.returncode != 0
    line = line_of(text, "plan.pro.prize")
    column = text.splitlines()[line - 1].index("{{ plan.pro.prize") + 1
    assert (
        f"docs/faq.en.md:{line}:{column}: unknown catalogue key 'plan.pro.prize' "
        "(did you mean 'plan.pro.price'?)" in result.output
    )
    assert not result.site.exists(), "a failed first build publishes nothing"


def test_page_without_translation_is_an_error(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    (project / "docs" / "faq.nl.md").unlink()
    result = build(project)
    assert result.returncode != 0
    assert "docs/faq.en.md:1:1: missing its nl translation docs/faq.nl.md" in result.output


def test_a_price_change_reaches_every_page_in_both_languages(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    before = build(project)
    assert before.returncode == 0, before.output
    old = {"nl": "€\xa0899,00", "en": "€899.00"}
    showing = {
        lang: {path for path, page in html_pages(before.site, lang).items() if old[lang] in page}
        for lang in LANGUAGES
    }
    for lang in LANGUAGES:
        assert {"account/manage-subscription/", "faq/", "account/compare-plans/"} <= showing[lang]
    catalogue = project / "plans.yaml"
    edit(catalogue, "EUR: 899,", "EUR: 1234.5,")
    after = build(project)
    assert after.returncode == 0, after.output
    new = {"nl": "€\xa01.234,50", "en": "€1,234.50"}
    for lang in LANGUAGES:
        pages = html_pages(after.site, lang)
        assert not any(old[lang] in page for page in pages.values())
        assert {path for path, page in pages.items() if new[lang] in page} >= showing[lang]


def writer_owned_files() -> dict[Path, bytes]:
    paths = [ROOT / "plans.yaml", ROOT / "shortlinks.yaml", *sorted((ROOT / "docs").rglob("*"))]
    return {path: path.read_bytes() for path in paths if path.is_file()}


def test_build_never_touches_docs_or_catalogue() -> None:
    """Build the real project in place and compare docs/ and plans.yaml byte for byte."""
    before = writer_owned_files()
    site = ROOT / ".cache" / "test-site"
    result = subprocess.run(
        [sys.executable, "-m", "helpcenter.build", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert writer_owned_files() == before


def test_block_templates_are_not_published(built_site: Path) -> None:
    assert not (built_site / "helpcenter").exists()
    assert not list(built_site.rglob("*.j2"))


def test_a_catalogue_link_to_a_missing_page_of_the_help_center_is_a_located_error(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    """The old 'klantenservice' link pointed at /nl/, which the site does not have (nl is at /)."""
    catalogue = project / "plans.yaml"
    text = edit(
        catalogue, 'nl: "https://time.ly/nl/contact/"', 'nl: "https://help.example.test/nl/"'
    )
    result = build(project)
    assert result.returncode != 0
    line = line_of(text, "https://help.example.test/nl/")
    assert (
        f"plans.yaml:{line}:5: links.contact.nl: https://help.example.test/nl/ is an address in "
        "this help center, but no page has it" in result.output
    )
    edit(catalogue, "https://help.example.test/nl/", "https://help.example.test/account/cancel/")
    assert build(project).returncode == 0


def test_support_table_titles_are_escaped_once(
    project: Path, build: Callable[..., BuildResult]
) -> None:
    edit(
        project / "docs/account/cancel.en.md",
        "## How to cancel {#how-to-cancel}",
        "## How to cancel: Q&A > FAQ {#how-to-cancel}",
    )
    result = build(project)
    assert result.returncode == 0, result.output
    support = (result.site / "en/support/links/index.html").read_text(encoding="utf-8")
    assert '<th scope="row">How to cancel: Q&amp;A &gt; FAQ</th>' in support
    assert "&amp;amp;" not in support
    assert "&amp;lt;" not in support


# --- the support page's table, without a build ------------------------------------------------


def _copy_cell(shown: str, url: str, copy_word: str) -> str:
    """One cell of the support table: the path shown, a button copying the whole URL."""
    return (
        f'<td><code>{shown}</code> <button type="button" class="md-clipboard md-icon '
        f'support-copy" data-clipboard-text="{url}" title="{copy_word} {url}" '
        f'aria-label="{copy_word} {url}"></button></td>'
    )


_SUPPORT_LINKS = LinkTable(
    (
        ShortLink("opzeggen", "account/cancel/", "how-to-cancel", "shortlinks.yaml:9:3", False),
        ShortLink("cancel", "account/cancel/", "how-to-cancel", "shortlinks.yaml:5:3"),
        ShortLink("prices", "pricing/", "", "shortlinks.yaml:2:3"),
    ),
    (),
)
_SUPPORT_TOPICS = [
    Topic("account/cancel/", "", "Cancel your account"),
    Topic("account/cancel/", "how-to-cancel", "Cancel &amp; refund"),
    Topic("pricing/", "", "Prices"),
]


def test_support_table_lists_current_short_links_in_the_order_they_are_written() -> None:
    table = support_table(
        _SUPPORT_TOPICS, _SUPPORT_LINKS, "https://help.example.test/", WORDS["en"], LANGUAGES
    )
    host = "https://help.example.test"
    assert table == (
        '<div class="md-typeset__table support-links"><table><thead><tr>'
        '<th scope="col">Topic</th><th scope="col">Short link</th>'
        '<th scope="col">Dutch</th><th scope="col">English</th></tr></thead><tbody>'
        '<tr><th scope="row">Prices</th>'
        + _copy_cell("/en/go/prices", f"{host}/en/go/prices", "Copy")
        + _copy_cell("/pricing/", f"{host}/pricing/", "Copy")
        + _copy_cell("/en/pricing/", f"{host}/en/pricing/", "Copy")
        + "</tr>"
        '<tr><th scope="row">Cancel &amp; refund</th>'
        + _copy_cell("/en/go/cancel", f"{host}/en/go/cancel", "Copy")
        + _copy_cell(
            "/account/cancel/#how-to-cancel", f"{host}/account/cancel/#how-to-cancel", "Copy"
        )
        + _copy_cell(
            "/en/account/cancel/#how-to-cancel", f"{host}/en/account/cancel/#how-to-cancel", "Copy"
        )
        + "</tr></tbody></table></div>"
    )


def test_support_table_without_a_site_url_shows_and_copies_root_relative_addresses() -> None:
    """A local build has no site_url: the buttons copy the paths themselves."""
    table = support_table(_SUPPORT_TOPICS[2:], _SUPPORT_LINKS, "", WORDS["nl"], LANGUAGES)
    assert table == (
        '<div class="md-typeset__table support-links"><table><thead><tr>'
        '<th scope="col">Onderwerp</th><th scope="col">Korte link</th>'
        '<th scope="col">Nederlands</th><th scope="col">Engels</th></tr></thead><tbody>'
        '<tr><th scope="row">Prices</th>'
        + _copy_cell("/go/prices", "/go/prices", "Kopieer")
        + _copy_cell("/pricing/", "/pricing/", "Kopieer")
        + _copy_cell("/en/pricing/", "/en/pricing/", "Kopieer")
        + "</tr></tbody></table></div>"
    )


def test_support_table_of_a_help_center_under_a_path_keeps_the_path() -> None:
    table = support_table(
        _SUPPORT_TOPICS[2:], _SUPPORT_LINKS, "https://example.test/INBOX/", WORDS["nl"], LANGUAGES
    )
    assert (
        _copy_cell("/INBOX/go/prices", "https://example.test/INBOX/go/prices", "Kopieer") in table
    )
    assert _copy_cell(
        "/INBOX/en/pricing/", "https://example.test/INBOX/en/pricing/", "Kopieer"
    ) in (table)
