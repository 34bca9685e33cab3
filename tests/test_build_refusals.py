"""Each mistake a writer can make that MkDocs itself notices is refused by ``make build``: exit
code 1, one located message in the writer's file (with a did-you-mean where one fits), and the
published ``site/`` exactly as it was. The list of build errors in WRITERS.md is this list.

A good build is made once; each test copies that project (its site included), makes one mistake
and builds again with ``python -m helpcenter.build``, as ``make build`` and Netlify do.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, run_build


def fingerprint(site: Path) -> dict[str, str]:
    """Every file of a site and a hash of its bytes."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("good") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return project


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the mistake was not made in {path}"
    path.write_text(changed, encoding="utf-8")


def before_heading(heading: str, line: str) -> Callable[[str], str]:
    """Insert ``line`` as a paragraph just before ``heading``."""
    return lambda text: text.replace(heading, f"{line}\n\n{heading}", 1)


FAQ_EN = "docs/faq.en.md"
PAY = "## Can I pay monthly?"  # line 18 of docs/faq.en.md: a paragraph put before it is on 18


def link_to_missing_page(project: Path) -> None:
    edit(project / FAQ_EN, before_heading(PAY, "Read about [refunds](refunds.md)."))


def link_to_missing_section(project: Path) -> None:
    edit(project / FAQ_EN, before_heading(PAY, "See [cancelling](account/cancel.md#how-to-cancl)."))


def link_to_missing_file(project: Path) -> None:
    edit(project / FAQ_EN, before_heading(PAY, "Download the [price list](files/prices.pdf)."))


def missing_image(project: Path) -> None:
    edit(project / FAQ_EN, before_heading(PAY, "![The plan screen](img/screen.png)"))


def nav_entry_without_page(project: Path) -> None:
    edit(
        project / "mkdocs.yml",
        lambda text: text.replace("      - faq.md\n", "      - faq.md\n      - faqs.md\n"),
    )


def article_nobody_can_reach(project: Path) -> None:
    for lang, title in (("nl", "Terugbetalingen"), ("en", "Refunds")):
        (project / "docs" / f"refunds.{lang}.md").write_text(f"# {title}\n", encoding="utf-8")


def front_matter_typo(project: Path) -> None:
    edit(project / FAQ_EN, lambda text: text.replace("\ndescription:", "\ndescripton:", 1))


#: The line nav_entry_without_page writes ``- faqs.md`` on: the one after ``- faq.md``.
MKDOCS_YML = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
FAQS_LINE = MKDOCS_YML.index("      - faq.md") + 2
ORPHAN = (
    "no reader can reach this page: add it to nav: in mkdocs.yml, or, for a page reached only "
    "by a link or short link, write 'internal: true' in its front matter"
)
CASES = [
    (
        link_to_missing_page,
        ["docs/faq.en.md:18:22: link 'refunds.md': no page docs/refunds.<lang>.md"],
    ),
    (
        link_to_missing_section,
        [
            "docs/faq.en.md:18:18: link 'account/cancel.md#how-to-cancl': "
            "docs/account/cancel.en.md has no section #how-to-cancl "
            "(did you mean '#how-to-cancel'?)"
        ],
    ),
    (
        link_to_missing_file,
        ["docs/faq.en.md:18:27: link 'files/prices.pdf': no file docs/files/prices.pdf"],
    ),
    (
        missing_image,
        ["docs/faq.en.md:18:20: image 'img/screen.png': no file docs/img/screen.png"],
    ),
    (
        nav_entry_without_page,
        [f"mkdocs.yml:{FAQS_LINE}:9: nav: no page docs/faqs.<lang>.md (did you mean 'faq.md'?)"],
    ),
    (
        article_nobody_can_reach,
        [f"docs/refunds.en.md:1:1: {ORPHAN}", f"docs/refunds.nl.md:1:1: {ORPHAN}"],
    ),
    (
        front_matter_typo,
        ["docs/faq.en.md:3:1: unknown front-matter key 'descripton' (did you mean 'description'?)"],
    ),
]


@pytest.mark.parametrize(("mistake", "messages"), CASES, ids=[case[0].__name__ for case in CASES])
def test_the_build_refuses_the_mistake_with_its_located_message_and_keeps_the_site(
    good: Path, tmp_path: Path, mistake: Callable[[Path], None], messages: list[str]
) -> None:
    project = tmp_path / "project"
    shutil.copytree(good, project, symlinks=True)
    before = fingerprint(project / "site")
    mistake(project)
    result = run_build(project)
    assert result.returncode == 1
    count = len(messages)
    assert result.output.splitlines() == [
        f"{count} problem{'s' if count != 1 else ''} found; nothing was built:",
        *(f"  {message}" for message in messages),
        f"Build failed; {project / 'site'} was left as it was.",
    ]
    assert fingerprint(project / "site") == before
    assert sorted(path.name for path in project.iterdir() if path.name.startswith(".site")) == []
