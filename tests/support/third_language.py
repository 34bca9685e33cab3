"""Add a third language to a copy of the project the way a site owner would: configuration only.

What it touches is exactly what the README's "Adding a language" lists: the language's entry in
``mkdocs.yml`` (and the search plugin's stemmers), its word table ``words/<code>.yaml``, its text
beside the others in ``plans.yaml`` and its article twins ``docs/*.<code>.md``. English stands in
for the translation (the texts are copied from English); no Python, JavaScript, template or schema
file is written. ``tests/test_third_language.py`` checks that the result is a whole site.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

#: The files a site owner edits or adds to add a language (relative to the project).
TOUCHED = ("mkdocs.yml", "plans.yaml", "words/{code}.yaml", "docs/**/*.{code}.md")


def add_language(project: Path, code: str, locale: str, name: str, stand_in: str = "en") -> None:
    """Add language ``code`` (CLDR ``locale``, called ``name`` in its own language) to ``project``,
    with the ``stand_in`` language's texts in place of a translation."""
    _add_to_mkdocs_yml(project / "mkdocs.yml", code, name, stand_in)
    words = (project / "words" / f"{stand_in}.yaml").read_text(encoding="utf-8")
    words = re.sub(r"^locale: .*$", f"locale: {locale}", words, count=1, flags=re.M)
    (project / "words" / f"{code}.yaml").write_text(words, encoding="utf-8")
    plans = project / "plans.yaml"
    plans.write_text(_add_texts(plans.read_text(encoding="utf-8"), code, stand_in), "utf-8")
    for twin in sorted((project / "docs").rglob(f"*.{stand_in}.md")):
        shutil.copyfile(twin, twin.with_name(twin.name[: -len(f".{stand_in}.md")] + f".{code}.md"))


def _add_to_mkdocs_yml(path: Path, code: str, name: str, stand_in: str) -> None:
    """A copy of the stand-in's i18n entry for ``code``, and ``code`` among the search stemmers."""
    text = path.read_text(encoding="utf-8")
    entry = re.search(rf"^(?P<indent> +)- locale: {stand_in}\n(?:(?P=indent)  .*\n)+", text, re.M)
    assert entry is not None, f"mkdocs.yml has no i18n entry for {stand_in}"
    copy = entry[0].replace(f"- locale: {stand_in}\n", f"- locale: {code}\n", 1)
    copy = re.sub(r"^( +name: ).*$", rf"\g<1>{name}", copy, count=1, flags=re.M)
    text = text[: entry.end()] + copy + text[entry.end() :]
    text, found = re.subn(r"^(\s+lang: \[)([^\]]*)\]", rf"\1\2, {code}]", text, count=1, flags=re.M)
    assert found, "mkdocs.yml names no search languages"
    path.write_text(text, encoding="utf-8")


def _add_texts(text: str, code: str, stand_in: str) -> str:
    """Every ``<stand_in>: value`` of a per-language text gets a ``<code>:`` twin beside it."""
    value = r'(?:!sample )?"(?:[^"\\]|\\.)*"'
    # Flow style: {nl: "...", en: "..."}
    text = re.sub(rf"(\b{stand_in}: )({value})(?=\s*\}})", rf"\1\2, {code}: \2", text)
    # Block style: a line "    en: ..." gets "    de: ..." under it.
    return re.sub(
        rf"^(?P<indent> +){stand_in}: (?P<value>{value})$",
        rf"\g<0>\n\g<indent>{code}: \g<value>",
        text,
        flags=re.M,
    )
