"""What search engines get: a sitemap of the public pages with their hreflang, and robots.txt.

Pages whose front matter says ``internal: true`` are ``noindex``; the sitemap must not ask for
them. The hreflang of every public page is in the sitemap (standard ``xhtml:link``, x-default the
default language), and no page's head has any, because Material's bundle fetches a
``sitemap.xml`` next to each (helpcenter/alternates.py; tests/browser/test_static_hosts.py).
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
import yaml

from helpcenter.sitemap import SiteFiles, site_files, sitemap_entries, sitemap_url
from tests.conftest import ROOT

SITE_URL = "https://help.example.test"  # what tests/conftest.py builds with
NAMESPACES = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
NOINDEX = '<meta name="robots" content="noindex">'


def read_sitemap(site: Path) -> dict[str, dict[str, str]]:
    """``loc -> {hreflang: href}``, read the way a crawler reads it (namespaced XML)."""
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{{{NAMESPACES['s']}}}urlset"
    entries: dict[str, dict[str, str]] = {}
    for url in root.findall("s:url", NAMESPACES):
        loc = url.findtext("s:loc", namespaces=NAMESPACES) or ""
        assert loc not in entries, f"{loc} is listed twice"
        links: dict[str, str] = {}
        for link in url.findall("x:link", NAMESPACES):
            assert link.get("rel") == "alternate", (loc, link.attrib)
            lang, href = link.get("hreflang") or "", link.get("href") or ""
            assert lang not in links, f"{loc}: two hreflang={lang}"
            links[lang] = href
        entries[loc] = links
    return entries


def content_pages(site: Path) -> Iterator[tuple[str, Path]]:
    """Every page of both languages with its absolute URL (the 404 pages are not pages)."""
    for page in sorted(site.rglob("index.html")):
        folder = page.parent.relative_to(site)
        if "assets" not in folder.parts:
            path = "" if folder == Path(".") else folder.as_posix() + "/"
            yield f"{SITE_URL}/{path}", page


def noindex_urls(site: Path) -> set[str]:
    return {url for url, page in content_pages(site) if NOINDEX in page.read_text("utf-8")}


def internal_sources() -> list[Path]:
    """The writers' pages that say ``internal: true`` in front matter."""
    found = []
    for source in sorted((ROOT / "docs").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            meta = yaml.safe_load(text.split("---\n")[1]) or {}
            if meta.get("internal") is True:
                found.append(source)
    return found


def test_the_sitemap_lists_no_noindex_page_in_any_language(built_site: Path) -> None:
    noindex = noindex_urls(built_site)
    # Each internal page in both languages (docs/feedback.*.md, docs/support/links.*.md today).
    assert len(noindex) >= len(internal_sources()) >= 4
    assert any("/en/" in url for url in noindex)
    assert any("/en/" not in url for url in noindex)
    listed = read_sitemap(built_site)
    named = set(listed) | {href for links in listed.values() for href in links.values()}
    assert sorted(noindex & named) == []


def test_the_sitemap_lists_every_public_page_in_both_languages(built_site: Path) -> None:
    public = {url for url, _ in content_pages(built_site)} - noindex_urls(built_site)
    assert len(public) >= 10
    listed = read_sitemap(built_site)
    assert set(listed) == public
    for loc, links in listed.items():
        path = loc.removeprefix(f"{SITE_URL}/").removeprefix("en/")
        dutch, english = f"{SITE_URL}/{path}", f"{SITE_URL}/en/{path}"
        assert links == {"nl": dutch, "en": english, "x-default": dutch}, loc


def test_hreflang_is_standard_and_each_twin_points_back(built_site: Path) -> None:
    """Every alternate is a page of the language it names, listing the same versions."""
    listed = read_sitemap(built_site)
    text = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert text.count('<xhtml:link rel="alternate" hreflang="') == sum(map(len, listed.values()))
    for loc, links in listed.items():
        assert loc in links.values(), f"{loc} is not its own alternate"
        for lang, href in links.items():
            assert listed.get(href) == links, f"{loc}: {href} ({lang}) does not point back"
            if lang != "x-default":
                page = built_site / href.removeprefix(f"{SITE_URL}/") / "index.html"
                assert f'<html lang="{lang}"' in page.read_text(encoding="utf-8"), (loc, href)


def test_no_page_head_has_a_link_material_would_fetch_a_sitemap_for(built_site: Path) -> None:
    """Material fetches ``sitemap.xml`` next to each ``link[rel=alternate]``; none, and no
    look-alike (``rel=" alternate"``) either: hreflang is in the sitemap."""
    pages = [*built_site.rglob("*.html")]
    assert len(pages) > 12
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        links = re.findall(r"<link\b[^>]*>", head)
        assert [link for link in links if "alternate" in link or "hreflang" in link] == [], page


def _site_meta(template: Path) -> list[str]:
    """The lines of a template's ``site_meta`` block, without their indentation."""
    block = template.read_text(encoding="utf-8").split("{% block site_meta %}", 1)[1]
    block = block.split("{% endblock %}", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_the_head_is_materials_site_meta_without_its_alternate_links() -> None:
    """overrides/main.html writes Material's ``site_meta`` block itself, all but the loop over
    ``config.extra.alternate`` (the language menu's entries). A Material upgrade that changes
    the block fails here: copy it again, minus that loop."""
    spec = importlib.util.find_spec("material")
    assert spec is not None
    assert spec.origin is not None
    material = _site_meta(Path(spec.origin).parent / "templates" / "base.html")
    loop = material.index("{% if config.extra.alternate is iterable %}")
    assert material[loop + 1 : loop + 5] == [
        "{% for alt in config.extra.alternate %}",
        '<link rel="alternate" href="{{ alt.link | url }}" '
        "hreflang=\"{{ alt.lang | d(lang.t('language')) }}\">",
        "{% endfor %}",
        "{% endif %}",
    ]
    ours = _site_meta(ROOT / "overrides" / "main.html")
    expected = material[:loop] + material[loop + 5 :]
    assert ours[: len(expected)] == expected
    assert not any("config.extra.alternate" in line for line in ours)


def test_robots_txt_names_the_sitemap_by_its_absolute_url(built_site: Path) -> None:
    lines = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines
    assert (built_site / "sitemap.xml").is_file()
    # A crawler that may not fetch a noindex page never learns it is noindex.
    assert [line for line in lines if line.startswith("Disallow:") and line != "Disallow:"] == []


# --- without a build ------------------------------------------------------------------------

NAMES = {"nl": "Nederlands", "en": "English"}


def page(url: str, internal: bool = False, date: str = "2024-06-10") -> Any:
    meta = {"internal": True} if internal else {}
    return SimpleNamespace(url=url, page=SimpleNamespace(meta=meta, update_date=date))


def pair(path: str, nl_internal: bool = False, en_internal: bool = False) -> tuple[Any, Any]:
    dutch, english = page(path, nl_internal), page(f"en/{path}", en_internal)
    dutch.alternates = english.alternates = {"nl": dutch, "en": english}
    return dutch, english


def test_a_twin_that_is_internal_is_no_alternate_and_not_listed() -> None:
    faq, faq_en = pair("faq/")
    odd, odd_en = pair("odd/", en_internal=True)
    secret, secret_en = pair("secret/", nl_internal=True, en_internal=True)
    files = {"nl": [faq, odd, secret], "en": [faq_en, odd_en, secret_en]}
    entries = sitemap_entries(files, NAMES, "nl", "https://example.test/help/")
    assert [(e.loc, [(a.lang, a.href) for a in e.alternates]) for e in entries] == [
        (
            "https://example.test/help/faq/",
            [
                ("nl", "https://example.test/help/faq/"),
                ("en", "https://example.test/help/en/faq/"),
                ("x-default", "https://example.test/help/faq/"),
            ],
        ),
        (
            "https://example.test/help/odd/",
            [
                ("nl", "https://example.test/help/odd/"),
                ("x-default", "https://example.test/help/odd/"),
            ],
        ),
        (
            "https://example.test/help/en/faq/",
            [
                ("nl", "https://example.test/help/faq/"),
                ("en", "https://example.test/help/en/faq/"),
                ("x-default", "https://example.test/help/faq/"),
            ],
        ),
    ]


def test_without_a_public_default_version_there_is_no_x_default() -> None:
    odd, odd_en = pair("odd/", nl_internal=True)
    entries = sitemap_entries({"nl": [odd], "en": [odd_en]}, NAMES, "nl", "https://e.test/")
    assert [[a.lang for a in e.alternates] for e in entries] == [["en"]]
    assert entries[0].lastmod == "2024-06-10"


def render(name: str, found: SiteFiles) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    return env.get_template(name).render(hc_site=found)


def test_a_site_url_with_markup_characters_stays_valid_xml() -> None:
    site_url = "https://example.test/a&b<c>/"
    faq, faq_en = pair("faq/")
    found = site_files({"nl": [faq], "en": [faq_en]}, NAMES, "nl", site_url)
    xml = render("sitemap.xml", found)
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(xml)
    assert root.findtext("s:url/s:loc", namespaces=NAMESPACES) == site_url + "faq/"
    first = root.find("s:url", NAMESPACES)
    assert first is not None
    hrefs = [link.get("href") for link in first.iterfind("x:link", NAMESPACES)]
    assert hrefs == [site_url + "faq/", site_url + "en/faq/", site_url + "faq/"]


def test_a_site_url_never_adds_a_line_to_robots_txt() -> None:
    found = site_files({}, NAMES, "nl", "https://example.test/x\nDisallow: /")
    robots = render("robots.txt", found).splitlines()
    assert robots[:3] == ["User-agent: *", "Disallow:", ""]
    assert len(robots) == 4
    assert robots[3].startswith("Sitemap: https://example.test/")
    assert " " not in robots[3].removeprefix("Sitemap: ")


def test_without_a_site_url_robots_txt_names_no_sitemap() -> None:
    assert sitemap_url("") == ""
    assert render("robots.txt", site_files(None, NAMES, "nl", "")).splitlines() == [
        "User-agent: *",
        "Disallow:",
    ]


@pytest.mark.parametrize("site_url", ["https://help.example.test/", "https://help.example.test"])
def test_the_sitemap_url_is_next_to_the_site_root(site_url: str) -> None:
    assert sitemap_url(site_url) == "https://help.example.test/sitemap.xml"
    assert sitemap_url("https://example.test/help/") == "https://example.test/help/sitemap.xml"
