"""Catalogue text in Markdown always shows as typed: escaped for HTML and for Markdown."""

from __future__ import annotations

from markupsafe import Markup

from helpcenter.markdown_safety import href, html_link, md_text


def test_markup_and_markdown_characters_are_escaped() -> None:
    assert md_text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert\\(1\\)&gt;"
    assert md_text("Users & <teams>") == "Users &amp; &lt;teams&gt;"
    assert md_text("\"quoted\" 'text'") == "\"quoted\" 'text'"
    assert md_text("*a* _b_ `c` [d](e) {#f} + ! | ~ \\") == (
        "\\*a\\* \\_b\\_ \\`c\\` \\[d\\]\\(e\\) \\{\\#f\\} \\+ \\! \\| \\~ \\\\"
    )
    assert md_text(2.5) == "2.5"


def test_white_space_folds_except_the_no_break_space() -> None:
    assert md_text("  two\n lines\t\r\nhere  ") == "two lines here"
    assert md_text("€\xa012,00") == "€\xa012,00"
    assert md_text("\xa0x\xa0") == "\xa0x\xa0"


def test_markup_made_by_the_generator_is_kept() -> None:
    made = Markup("<strong>Mijn plan</strong>")
    assert md_text(made) is made


def test_links_escape_their_address_and_text() -> None:
    assert href("https://time.ly/a b/?q=1&x=<y>#top") == (
        "https://time.ly/a%20b/?q=1&x=%3Cy%3E#top"
    )
    assert href("mailto:annuleringen@time.ly?subject=Opzeggen nu") == (
        "mailto:annuleringen@time.ly?subject=Opzeggen nu"
    )
    assert (
        href("https://x.test/~a-b_c.d;e=f,g*h'i(j)") == "https://x.test/~a-b_c.d;e=f,g*h'i%28j%29"
    )
    assert html_link("A & B", 'https://x.test/"q"') == (
        '<a href="https://x.test/%22q%22">A &amp; B</a>'
    )
    assert html_link("x", "https://x.test/?a=1&b='2'") == (
        '<a href="https://x.test/?a=1&amp;b=&#x27;2&#x27;">x</a>'
    )
