"""netlify.toml: build settings, headers (CSP, security, MIME, caching) and the root redirect.

Three layers: the local Netlify stand-in's rule matching (unit tests, so the later layers can be
trusted), the built site served through it, and a real Chromium loading the pages (and
self-hosted Pyodide) under the Content-Security-Policy.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import ROOT
from tests.support.browser import PageWatcher, new_context, settle
from tests.support.csp import (
    md_scope_variants,
    page_scripts,
    parse_policy,
    policy_from_toml,
    script_hash,
    site_inline_hashes,
)
from tests.support.netlify_rules import (
    HeaderRule,
    RedirectRule,
    Request,
    SiteRules,
    header_regex,
    header_sources,
    headers_for_path,
    load_site_rules,
    parse_headers_file,
    parse_redirects_file,
)
from tests.support.netlify_server import Response, fetch, resolve, serve_site

NETLIFY_TOML = ROOT / "netlify.toml"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
#: Every directive but script-src's hashes, which test_csp_hashes_* check against the pages.
EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
#: A content hash (Material: 8 hex digits; ours: 8 or more) or a version folder in the path.
VERSIONED = re.compile(r"[.-][0-9a-f]{8,}\.|/\d+\.\d+\.\d+/")
PYODIDE = ROOT / "node_modules" / "pyodide"
PYODIDE_CORE = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)


# --- a small synthetic site, to exercise the server without depending on the real build ------


def _write(root: Path, relative: str, text: str = "") -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for page, body in {
        "index.html": "nl home",
        "404.html": "Pagina niet gevonden",
        "en/index.html": "en home",
        "en/404.html": "Page not found",
        "en/faq/index.html": "en faq",
        "about.html": "about",
        "sitemap.xml": "sitemap",
    }.items():
        _write(site, page, f"<!doctype html><title>{body}</title><p>{body}</p>")
    _write(site, "assets/pyodide/314.0.7/pyodide.asm.wasm", "\0asm")
    _write(site, "assets/pyodide/314.0.7/pyodide.mjs", "export {}")
    _write(site, "assets/comparator/comparator-0123abcd.zip", "PK")
    _write(site, "assets/javascripts/bundle.a5f9d56c.min.js", "")
    _write(site, "assets/javascripts/lunr/min/lunr.nl.min.js", "")
    _write(site, "manifest.webmanifest", "{}")
    _write(
        site,
        "_redirects",
        "# written by the build\n"
        "/go/opzeggen   /account/cancel/#opzeggen   301\n"
        "/old/:slug     /en/:slug/                  301\n"
        "/en/*          /en/404.html                404\n",
    )
    return site


@pytest.fixture
def tiny_server(tiny_site: Path) -> Iterator[str]:
    with serve_site(tiny_site, NETLIFY_TOML) as base:
        yield base


# --- unit: rule matching ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("/*", "/", True),
        ("/*", "/en/account/cancel/", True),
        ("/", "/", True),
        ("/", "/en/", False),
        ("/*.wasm", "/assets/pyodide/314.0.7/pyodide.asm.wasm", True),
        ("/*.wasm", "/pyodide.asm.wasm.map", False),
        ("/assets/javascripts/bundle.*.min.js", "/assets/javascripts/bundle.a5f9d56c.min.js", True),
        (
            "/assets/javascripts/bundle.*.min.js",
            "/assets/javascripts/bundle.a5f9.min.js.map",
            False,
        ),
        ("/assets/javascripts/bundle.*.min.js", "/assets/javascripts/bundleXa5.min.js", False),
        ("/assets/pyodide/:version/*", "/assets/pyodide/314.0.7/pyodide.mjs", True),
        ("/assets/pyodide/:version/*", "/assets/other/314.0.7/pyodide.mjs", False),
        ("/en/*", "/en", True),
        # Netlify's own regexp makes the slash before a lone `*` optional: `/en/*` also matches
        # `/english/`, and `/assets/pyodide/:version/*` any file in `/assets/pyodide/`. Hence
        # test_only_versioned_or_hashed_files_are_cached_for_good.
        ("/en/*", "/english/", True),
        ("/assets/pyodide/:version/*", "/assets/pyodide/loader.js", True),
        ("/Assets/*", "/assets/x.css", True),  # Netlify matches header paths case-insensitively
    ],
)
def test_header_path_patterns(pattern: str, path: str, matches: bool) -> None:
    assert (header_regex(pattern).match(path) is not None) is matches


def test_one_header_from_two_rules_is_comma_joined_and_reported() -> None:
    rules = [
        HeaderRule("/*", (("Cache-Control", "public, max-age=0"), ("X-A", "1"))),
        HeaderRule("/assets/*", (("cache-control", "immutable"),)),
    ]
    assert headers_for_path(rules, "/assets/x.js") == [
        ("Cache-Control", "public, max-age=0, immutable"),
        ("X-A", "1"),
    ]
    assert header_sources(rules, "/assets/x.js")["cache-control"] == ["/*", "/assets/*"]
    assert headers_for_path(rules, "/en/") == [("Cache-Control", "public, max-age=0"), ("X-A", "1")]


def test_headers_file_is_parsed_and_a_stray_line_is_located() -> None:
    rules = parse_headers_file("# c\n/*\n  X-A: 1\n  X-B: two: parts\n/x\n  X-C: 3\n")
    assert [(r.pattern, r.values) for r in rules] == [
        ("/*", (("X-A", "1"), ("X-B", "two: parts"))),
        ("/x", (("X-C", "3"),)),
    ]
    with pytest.raises(ValueError, match="_headers:2"):
        parse_headers_file("/*\n  no colon here\n")


def test_redirects_file_lines_statuses_force_and_conditions() -> None:
    rules = parse_redirects_file(
        "# comment\n\n"
        "/            /en/          302!  Language=en,en-gb\n"
        "/en/*        /en/404.html  404\n"
        "/go/x        /a/#b\n"
        "/beta/*      /b/:splat     200   Cookie=beta\n"
    )
    assert [(r.from_path, r.to, r.status, r.force, r.conditions) for r in rules] == [
        ("/", "/en/", 302, True, (("Language", ("en", "en-gb")),)),
        ("/en/*", "/en/404.html", 404, False, ()),
        ("/go/x", "/a/#b", 301, False, ()),
        ("/beta/*", "/b/:splat", 200, False, (("Cookie", ("beta",)),)),
    ]
    assert rules[0].source == "_redirects:3"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/only-from", "_redirects:1: expected"),
        ("/store id=:id /blog/:id 301", "query-parameter"),
        ("/a /b 301 nonsense", "unexpected 'nonsense'"),
        ("/a /b 301 Planet=mars", "unknown redirect condition 'Planet'"),
        ("/a/*/b /c", "splat must be the last part"),
    ],
)
def test_malformed_redirect_lines_fail_on_load(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_redirects_file(line)


@pytest.mark.parametrize(
    ("accept_language", "cookie", "language"),
    [
        ("en-US,en;q=0.9,nl;q=0.8", "", "en-us"),
        ("nl-NL, en;q=0.5", "", "nl-nl"),
        ("", "", None),
        ("en-US", "nf_lang=nl", "nl"),  # the visitor's choice beats the browser
        ("nl", "other=1; nf_lang=en", "en"),
    ],
)
def test_language_prefers_the_nf_lang_cookie(
    accept_language: str, cookie: str, language: str | None
) -> None:
    request = Request("/", accept_language=accept_language, cookie_header=cookie)
    assert request.language == language


def test_splat_and_placeholders_fill_the_target() -> None:
    splat = RedirectRule("/en/*", "/en/404.html?from=:splat", 404)
    assert splat.match(Request("/en/a/b")) == {"splat": "a/b"}
    assert splat.match(Request("/en")) == {"splat": ""}
    assert splat.match(Request("/english")) is None
    named = RedirectRule("/old/:section/:slug", "/en/:section/:slug/")
    values = named.match(Request("/old/account/cancel/"))
    assert values is not None
    assert named.target(values) == "/en/account/cancel/"
    assert named.match(Request("/old/account")) is None


def test_language_and_cookie_conditions() -> None:
    rule = RedirectRule("/", "/en/", 302, True, (("Language", ("en",)),))
    assert rule.match(Request("/", accept_language="en-GB,nl")) == {}
    assert rule.match(Request("/", accept_language="nl-BE,en")) is None
    assert rule.match(Request("/", accept_language="en", cookie_header="nf_lang=nl")) is None
    beta = RedirectRule("/*", "/beta/:splat", 200, conditions=(("Cookie", ("beta",)),))
    assert beta.match(Request("/x", cookie_header="beta=1")) == {"splat": "x"}
    assert beta.match(Request("/x")) is None


def test_unforced_rule_never_shadows_an_existing_file(tiny_site: Path) -> None:
    unforced = RedirectRule("/", "/en/", 302, conditions=(("Language", ("en",)),))
    rules = SiteRules((), (unforced,))
    assert resolve(tiny_site, rules, Request("/", accept_language="en")).status == 200
    forced = RedirectRule("/", "/en/", 302, True, (("Language", ("en",)),))
    answer = resolve(tiny_site, SiteRules((), (forced,)), Request("/", accept_language="en"))
    assert (answer.status, answer.location) == (302, "/en/")


def test_site_rules_put_the_published_redirects_before_netlify_toml(
    tiny_site: Path, tmp_path: Path
) -> None:
    # The project's netlify.toml has no redirect of its own (any more): one stands in for it.
    toml = tmp_path / "netlify.toml"
    toml.write_text('[[redirects]]\n  from = "/x"\n  to = "/y"\n  status = 301\n', "utf-8")
    rules = load_site_rules(tiny_site, toml)
    sources = [rule.source.split(":")[0].split(" ")[0] for rule in rules.redirects]
    assert sources[:3] == ["_redirects"] * 3
    assert set(sources[3:]) == {"netlify.toml"}


# --- the local server on the synthetic site --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "headers", "status", "location"),
    [
        # No language redirect: the root is the default language for every reader and crawler.
        ("/", {"Accept-Language": "en-US,en;q=0.9"}, 200, None),
        ("/", {"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8"}, 200, None),
        ("/", {}, 200, None),
        ("/?utm=x", {"Accept-Language": "en"}, 200, None),
        ("/en/faq", {}, 301, "/en/faq/"),
        ("/en/faq?q=1", {}, 301, "/en/faq/?q=1"),
        ("/en/faq/", {}, 200, None),
        ("/about", {}, 200, None),
        ("/go/opzeggen", {}, 301, "/account/cancel/#opzeggen"),
        ("/old/faq", {}, 301, "/en/faq/"),
        ("/_redirects", {}, 404, None),
    ],
)
def test_server_routes_like_netlify(
    tiny_server: str, path: str, headers: dict[str, str], status: int, location: str | None
) -> None:
    answer = fetch(tiny_server + path, headers)
    assert (answer.status, answer.header("Location")) == (status, location)


@pytest.mark.parametrize(
    ("path", "body"),
    [("/en/missing/", b"Page not found"), ("/nope", b"Pagina niet gevonden")],
)
def test_missing_pages_get_the_404_of_their_language(
    tiny_server: str, path: str, body: bytes
) -> None:
    answer = fetch(tiny_server + path)
    assert answer.status == 404
    assert body in answer.body
    assert answer.header("Content-Security-Policy")  # headers apply to error pages as well


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("/assets/pyodide/314.0.7/pyodide.asm.wasm", "application/wasm"),
        ("/assets/pyodide/314.0.7/pyodide.mjs", "text/javascript; charset=UTF-8"),
        ("/assets/comparator/comparator-0123abcd.zip", "application/zip"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/en/", "text/html; charset=UTF-8"),
    ],
)
def test_content_types(tiny_server: str, path: str, mime: str) -> None:
    answer = fetch(tiny_server + path)
    assert answer.status == 200
    assert answer.header("Content-Type") == mime  # exactly once, even where a rule sets it


@pytest.mark.parametrize(
    ("path", "cache"),
    [
        ("/assets/pyodide/314.0.7/pyodide.asm.wasm", IMMUTABLE),
        ("/assets/comparator/comparator-0123abcd.zip", IMMUTABLE),
        ("/assets/javascripts/bundle.a5f9d56c.min.js", IMMUTABLE),
        ("/assets/javascripts/lunr/min/lunr.nl.min.js", REVALIDATE),
        ("/", REVALIDATE),
        ("/en/faq/", REVALIDATE),
    ],
)
def test_cache_control_once_per_file(tiny_server: str, path: str, cache: str) -> None:
    assert fetch(tiny_server + path).header("Cache-Control") == cache


def test_an_unchanged_file_revalidates_without_its_body(tiny_server: str) -> None:
    """As on Netlify: pages (max-age=0) are revalidated by ETag, and unchanged is a bare 304."""
    first = fetch(tiny_server + "/en/faq/")
    etag = first.header("ETag")
    assert first.status == 200
    assert etag
    again = fetch(tiny_server + "/en/faq/", headers={"If-None-Match": etag})
    assert (again.status, again.body) == (304, b"")
    assert again.header("Cache-Control") == REVALIDATE
    other = fetch(tiny_server + "/en/faq/", headers={"If-None-Match": '"another"'})
    assert (other.status, other.body) == (200, first.body)


def test_head_sends_headers_without_body(tiny_server: str) -> None:
    answer = fetch(tiny_server + "/en/", method="HEAD")
    assert answer.status == 200
    assert answer.body == b""
    assert answer.header("X-Frame-Options") == "DENY"


# --- netlify.toml itself ---------------------------------------------------------------------


def test_build_settings_match_the_architecture_note() -> None:
    config = tomllib.loads(NETLIFY_TOML.read_text(encoding="utf-8"))
    assert config["build"]["command"] == "make build"
    assert config["build"]["publish"] == "site"
    environment = config["build"]["environment"]
    assert (environment["PYTHON_VERSION"], environment["NODE_VERSION"]) == ("3.11", "20")
    assert "Netlify runs `make build`" in (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for context in ("deploy-preview", "branch-deploy"):
        assert config["context"][context]["command"] == 'SITE_URL="$DEPLOY_PRIME_URL/" make build'
    assert "!ENV [SITE_URL" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_policy_directives_are_exactly_what_the_site_needs() -> None:
    policy = policy_from_toml(NETLIFY_TOML)
    script_src = policy.pop("script-src")
    assert policy == EXPECTED_POLICY
    assert script_src[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert all(source.startswith("'sha256-") for source in script_src[2:])
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src


def _site_paths(site: Path) -> list[str]:
    paths = ["/" + p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    return [
        *paths,
        "/",
        "/en/",
        "/assets/pyodide/314.0.7/pyodide.asm.wasm",
        "/assets/comparator/comparator-0123abcd.zip",
    ]


def test_each_header_comes_from_one_rule_for_every_file(built_site: Path) -> None:
    rules = load_site_rules(built_site, NETLIFY_TOML).headers
    clashes = {
        (path, name): patterns
        for path in _site_paths(built_site)
        for name, patterns in header_sources(rules, path).items()
        if len(patterns) > 1
    }
    assert not clashes, f"headers set by several rules (Netlify may join them): {clashes}"


def test_only_versioned_or_hashed_files_are_cached_for_good(built_site: Path) -> None:
    rules = load_site_rules(built_site, NETLIFY_TOML).headers
    immutable = [
        path
        for path in _site_paths(built_site)
        if ("Cache-Control", IMMUTABLE) in headers_for_path(rules, path)
    ]
    unversioned = [path for path in immutable if not VERSIONED.search(path)]
    assert not unversioned, f"long-cached without a hash or version in the path: {unversioned}"
    hashed_material = [
        path
        for path in _site_paths(built_site)
        if re.search(r"^/assets/(javascripts|stylesheets)/.*\.[0-9a-f]{8}\.min\.(js|css)$", path)
    ]
    assert hashed_material, "Material's hashed bundles were not found in the build"
    assert sorted(set(hashed_material) - set(immutable)) == []


def test_every_comparator_file_is_content_hashed_and_kept_for_a_year(built_site: Path) -> None:
    """A later visit to the comparator asks the server nothing before the worker starts: the
    page script, its worker, its styles, plans and archive are named by their content's hash."""
    rules = load_site_rules(built_site, NETLIFY_TOML).headers
    files = sorted(p for p in (built_site / "assets" / "comparator").iterdir() if p.is_file())
    names = [p.name for p in files]
    for stem, suffix in [
        ("comparator", ".js"),
        ("comparator-worker", ".js"),
        ("comparator", ".css"),
        ("plans", ".json"),
        ("comparator", ".zip"),
        ("snapshot", ".gz"),
    ]:
        assert [n for n in names if re.fullmatch(rf"{stem}-[0-9a-f]{{12}}\{suffix}", n)], names
    for file in files:
        path = "/" + file.relative_to(built_site).as_posix()
        assert VERSIONED.search(path), f"{path} has no content hash"
        assert ("Cache-Control", IMMUTABLE) in headers_for_path(rules, path), path
    page = (built_site / "en" / "account" / "compare-plans" / "index.html").read_text("utf-8")
    referenced = set(
        re.findall(r'(?:src|href|data-[a-z]+-url)="(?:\.\./)*assets/comparator/([^"]+)"', page)
    )
    assert referenced == set(names), "the page names exactly the files the build published"


# --- the built site through the server -------------------------------------------------------


@pytest.fixture(scope="module")
def site_server(built_site: Path) -> Iterator[str]:
    with serve_site(built_site, NETLIFY_TOML) as base:
        yield base


def _page_urls(site: Path) -> list[str]:
    """The URL a visitor uses for each built page (`/a/index.html` is visited as `/a/`)."""
    urls = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        urls.append("/" + relative.removesuffix("index.html"))
    return urls


def _assert_security_headers(answer: Response, where: str) -> None:
    assert answer.header("Content-Security-Policy"), where
    for name, value in SECURITY_HEADERS.items():
        assert answer.header(name) == value, f"{where}: {name}"


def test_every_page_has_the_policy_and_revalidates(built_site: Path, site_server: str) -> None:
    urls = _page_urls(built_site)
    assert "/en/" in urls
    for url in urls:
        answer = fetch(site_server + url, {"Accept-Language": "nl"})
        assert answer.status == 200, url
        assert answer.header("Content-Type") == "text/html; charset=UTF-8", url
        assert answer.header("Cache-Control") == REVALIDATE, url
        _assert_security_headers(answer, url)


def test_assets_cache_by_name(built_site: Path, site_server: str) -> None:
    for path in _site_paths(built_site):
        file = built_site / path.lstrip("/")
        if not file.is_file() or not path.startswith("/assets/"):
            continue
        answer = fetch(site_server + path)
        assert answer.status == 200, path
        expected = IMMUTABLE if VERSIONED.search(path) and ".map" not in path else REVALIDATE
        assert answer.header("Cache-Control") == expected, path
        _assert_security_headers(answer, path)


def test_real_wasm_files_are_served_as_wasm(built_site: Path, site_server: str) -> None:
    wasm = sorted(built_site.rglob("*.wasm"))
    assert wasm, "the build must publish Pyodide's .wasm (assets/pyodide/<version>/)"
    for file in wasm:
        answer = fetch(site_server + "/" + file.relative_to(built_site).as_posix(), method="HEAD")
        assert answer.header("Content-Type") == "application/wasm", file


def test_the_root_is_the_default_language_for_every_browser_and_crawler(site_server: str) -> None:
    # No Language redirect: crawlers send no Accept-Language, and Netlify's rule sent them (and
    # every English browser) to /en/; the page offers English instead (language.js).
    for headers in ({"Accept-Language": "en-GB,en;q=0.9"}, {}, {"Accept-Language": "nl-NL"}):
        answer = fetch(site_server + "/", headers)
        assert answer.status == 200, headers
        assert b'lang="nl"' in answer.body


# --- CSP hashes against the inline scripts Material writes ----------------------------------


def test_every_inline_script_is_allowed_by_hash(built_site: Path) -> None:
    allowed = set(policy_from_toml(NETLIFY_TOML)["script-src"])
    used = site_inline_hashes(built_site)
    assert used, "no inline scripts found: has Material changed how it writes them?"
    missing = {digest: pages[:3] for digest, pages in used.items() if digest not in allowed}
    suggested = sorted(set(used) | set(md_scope_variants(built_site)))
    assert not missing, (
        f"inline scripts not allowed by the CSP in netlify.toml: {missing}\n"
        f"script-src should read: 'self' 'wasm-unsafe-eval' {' '.join(suggested)}"
    )


def test_no_stale_hash_in_the_policy(built_site: Path) -> None:
    hashes = [s for s in policy_from_toml(NETLIFY_TOML)["script-src"] if s.startswith("'sha")]
    known = set(site_inline_hashes(built_site)) | set(md_scope_variants(built_site))
    assert sorted(set(hashes) - known) == [], "hashes that match no script Material writes"


def test_no_inline_event_handlers_or_javascript_urls(built_site: Path) -> None:
    found = {
        str(page.relative_to(built_site)): handlers
        for page in built_site.rglob("*.html")
        if (handlers := page_scripts(page.read_text(encoding="utf-8")).handlers)
    }
    assert not found, f"the CSP blocks these (no 'unsafe-hashes'): {found}"


def test_script_hash_is_the_browser_formula() -> None:
    # echo -n "alert('Hello, world.');" | openssl sha256 -binary | base64 (the CSP spec example)
    expected = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    assert script_hash("alert('Hello, world.');") == expected


# --- real Chromium ---------------------------------------------------------------------------


@pytest.fixture
def chromium(browser: Browser) -> Browser:
    """The worker's shared Chromium (tests/conftest.py): one Playwright session per worker."""
    return browser


@pytest.mark.browser
@pytest.mark.parametrize(
    ("locale", "cookie", "expected_path", "lang"),
    [
        ("nl-NL", None, "/", "nl"),
        ("en-US", None, "/", "nl"),  # no redirect: the page offers English (language.js)
        ("en-US", "nl", "/", "nl"),
    ],
)
def test_home_pages_load_clean_in_chromium(
    chromium: Browser,
    site_server: str,
    locale: str,
    cookie: str | None,
    expected_path: str,
    lang: str,
) -> None:
    context = new_context(chromium, locale=locale)
    try:
        if cookie:
            context.add_cookies([{"name": "nf_lang", "value": cookie, "url": site_server}])
        watcher = PageWatcher(context)
        page = context.new_page()
        page.goto(site_server + "/", wait_until="load")
        assert page.url == site_server + expected_path
        assert page.get_attribute("html", "lang") == lang
        page.wait_for_function("() => window.component$ !== undefined")  # Material's bundle ran
        settle(page)  # late reports (CSP, console) have arrived once the page is idle
        watcher.assert_clean()
    finally:
        context.close()


@pytest.mark.browser
def test_every_built_page_loads_clean_in_chromium(
    chromium: Browser, built_site: Path, site_server: str
) -> None:
    context = new_context(chromium, locale="nl-NL")
    try:
        watcher = PageWatcher(context)
        page = context.new_page()
        for url in _page_urls(built_site):
            page.goto(site_server + url, wait_until="load")
            page.wait_for_function("() => window.component$ !== undefined")
            settle(page)
        watcher.assert_clean()
    finally:
        context.close()


@pytest.fixture
def pyodide_site(tmp_path: Path) -> Path:
    """Self-hosted Pyodide in its versioned folder, loaded by an external module (no inline JS)."""
    if not (PYODIDE / "pyodide.mjs").is_file():
        pytest.fail("node_modules/pyodide is missing: run `make deps`", pytrace=False)
    release = json.loads((PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    site = tmp_path / "site"
    folder = site / "assets" / "pyodide" / release
    folder.mkdir(parents=True)
    for name in PYODIDE_CORE:
        shutil.copy2(PYODIDE / name, folder / name)
    _write(
        site,
        "boot.mjs",
        f'import {{ loadPyodide }} from "/assets/pyodide/{release}/pyodide.mjs";\n'
        f'const py = await loadPyodide({{ indexURL: "/assets/pyodide/{release}/" }});\n'
        'document.title = "ready:" + py.runPython("import json; json.dumps(6 * 7)");\n',
    )
    _write(
        site,
        "pyodide/index.html",  # not the root: English browsers are redirected from "/" to /en/
        '<!doctype html><html lang="en"><title>loading</title><link rel="icon" href="data:,">'
        '<script type="module" src="/boot.mjs"></script>',
    )
    return site


@pytest.mark.browser
def test_self_hosted_pyodide_runs_under_the_policy(chromium: Browser, pyodide_site: Path) -> None:
    with serve_site(pyodide_site, NETLIFY_TOML) as base:
        context = new_context(chromium)
        try:
            watcher = PageWatcher(context)
            page = context.new_page()
            page.goto(base + "/pyodide/", wait_until="load")
            page.wait_for_function("() => document.title.startsWith('ready:')", timeout=60_000)
            assert page.title() == "ready:42"
            watcher.assert_clean()
        finally:
            context.close()


def test_the_comparator_worker_gets_a_policy_that_lets_pyodide_compile(
    built_site: Path, site_server: str
) -> None:
    """A dedicated worker is governed by its own script's CSP, not by the page's."""
    workers = sorted(built_site.rglob("comparator-worker-*.js"))
    assert workers, "the build must publish the comparator's worker"
    for file in workers:
        answer = fetch(site_server + "/" + file.relative_to(built_site).as_posix())
        policy = parse_policy(answer.header("Content-Security-Policy") or "")
        assert "'wasm-unsafe-eval'" in policy["script-src"], file
        assert "'unsafe-eval'" not in policy["script-src"], file
        assert policy["connect-src"] == ["'self'"], file


@pytest.mark.browser
def test_a_worker_policy_without_wasm_keeps_the_static_table(
    chromium: Browser, built_site: Path, tmp_path: Path
) -> None:
    """Without 'wasm-unsafe-eval' Pyodide's compile is refused and loadPyodide() never settles:
    the boot deadline turns that into the polite failure, with the build's table intact."""
    toml = tmp_path / "netlify.toml"
    toml.write_text(
        NETLIFY_TOML.read_text(encoding="utf-8").replace(" 'wasm-unsafe-eval'", ""),
        encoding="utf-8",
    )
    with serve_site(built_site, toml) as base:
        context = new_context(chromium)
        try:
            context.add_init_script("globalThis.TIMELY_COMPARATOR_TIMEOUT_MS = 4000;")
            page = context.new_page()
            page.goto(base + "/en/account/compare-plans/", wait_until="domcontentloaded")
            page.wait_for_selector('.comparator-mount[data-state="failed"]', timeout=30_000)
            assert page.locator(".comparator__offers a[data-plan]").count() == 4
            assert not page.is_visible(".comparator__controls")
        finally:
            context.close()


@pytest.mark.browser
def test_page_watcher_reports_each_kind_of_problem(chromium: Browser, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write(
        site,
        "bad/index.html",
        "<!doctype html><title>bad</title><script>window.inlineRan = 1</script>"
        '<script src="/bad.js"></script><img src="http://example.invalid/x.png">',
    )
    _write(site, "bad.js", 'console.error("boom"); alert("xss"); setTimeout(() => null.x);')
    with serve_site(site, NETLIFY_TOML) as base:
        context = new_context(chromium)
        try:
            watcher = PageWatcher(context)
            page = context.new_page()
            with page.expect_event("pageerror"):  # bad.js's timer threw: everything ran
                page.goto(base + "/bad/", wait_until="load")
            settle(page)
            with pytest.raises(PlaywrightError):
                page.goto("http://example.invalid/", timeout=5_000)
            problems = watcher.problems()
        finally:
            context.close()
    assert any("script-src" in item for item in problems["CSP violations"]), problems
    assert any("example.invalid" in item for item in problems["CSP violations"]), problems
    assert any("boom" in item for item in problems["console errors"]), problems
    assert problems["dialogs"] == ["alert: 'xss'"]
    assert problems["page errors"], problems
    assert "http://example.invalid/" in problems["requests to other hosts"]
    with pytest.raises(pytest.fail.Exception, match="dialogs"):
        watcher.assert_clean()
