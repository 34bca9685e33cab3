"""The compiled-template cache: each template compiles once, and a cached one is never stale.

A build shares compiled templates between its two language builds and keeps them in
``.cache/helpcenter/templates.bin``. These tests count real compilations (a Jinja environment that
records each ``compile``) and check the rendered output, which is what a reader would see.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from helpcenter.template_cache import TemplateCache


class CountingEnvironment(jinja2.Environment):
    """A Jinja environment that records the name of every template it compiles."""

    def __init__(self, compiled: list[str], **options: Any) -> None:
        super().__init__(**options)
        self.compiled = compiled

    def compile(self, source: Any, name: Any = None, *args: Any, **kwargs: Any) -> Any:
        self.compiled.append(str(name))
        return super().compile(source, name, *args, **kwargs)


def environment(
    folder: Path, cache: TemplateCache, compiled: list[str], **options: Any
) -> jinja2.Environment:
    env = CountingEnvironment(compiled, loader=jinja2.FileSystemLoader(folder), **options)
    return cache.attach(env)


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_the_second_language_build_reuses_the_first_ones_compiled_templates(
    tmp_path: Path,
) -> None:
    templates = tmp_path / "templates"
    write(templates, "page.html", "{{ greeting }}, {{ name }}!")
    cache = TemplateCache(None)  # in memory only
    compiled: list[str] = []
    dutch = environment(templates, cache, compiled)
    english = environment(templates, cache, compiled)  # a new environment, as i18n makes one
    assert dutch.get_template("page.html").render(greeting="Hallo", name="Lisa") == "Hallo, Lisa!"
    assert english.get_template("page.html").render(greeting="Hi", name="Lisa") == "Hi, Lisa!"
    assert compiled == ["page.html"]


def test_a_later_build_loads_the_compiled_templates_from_disk(tmp_path: Path) -> None:
    templates, file = tmp_path / "templates", tmp_path / ".cache" / "templates.bin"
    write(templates, "page.html", "<p>{{ text }}</p>")
    write(templates, "other.html", "<p>{{ text }}!</p>")
    compiled: list[str] = []
    first_cache = TemplateCache(file)
    first = environment(templates, first_cache, compiled)
    assert first.get_template("page.html").render(text="een") == "<p>een</p>"
    assert first.get_template("other.html").render(text="een") == "<p>een!</p>"
    first_cache.save()  # at the end of the build
    later = environment(templates, TemplateCache(file), compiled)  # a new process
    assert later.get_template("page.html").render(text="twee") == "<p>twee</p>"
    assert later.get_template("other.html").render(text="twee") == "<p>twee!</p>"
    assert compiled == ["page.html", "other.html"]
    assert [path.name for path in file.parent.iterdir()] == [file.name], "no temporary file left"


def test_an_edited_template_is_compiled_anew_in_memory_and_on_disk(tmp_path: Path) -> None:
    """What a writer editing an override under `make serve` (or between builds) relies on."""
    templates, file = tmp_path / "templates", tmp_path / ".cache" / "templates.bin"
    write(templates, "page.html", "Old sentence: {{ x }}")
    cache = TemplateCache(file)
    compiled: list[str] = []
    assert environment(templates, cache, compiled).get_template("page.html").render(x=1) == (
        "Old sentence: 1"
    )
    cache.save()
    write(templates, "page.html", "New sentence: {{ x }}")
    # Same process (make serve's rebuild) and a new process (the next make build):
    assert environment(templates, cache, compiled).get_template("page.html").render(x=2) == (
        "New sentence: 2"
    )
    fresh = TemplateCache(file)  # the file still holds the old sentence's code
    assert environment(templates, fresh, compiled).get_template("page.html").render(x=3) == (
        "New sentence: 3"
    )
    assert compiled == ["page.html"] * 3


def test_a_corrupt_or_truncated_cache_file_is_compiled_anew_and_replaced(tmp_path: Path) -> None:
    templates, cached = tmp_path / "templates", tmp_path / ".cache" / "templates.bin"
    write(templates, "page.html", "{% for i in items %}<li>{{ i }}</li>{% endfor %}")
    compiled: list[str] = []
    cache = TemplateCache(cached)
    environment(templates, cache, compiled).get_template("page.html")
    cache.save()
    good = cached.read_bytes()
    assert b"<li>" in good
    damaged = [
        good[: len(good) // 2],  # truncated
        good[:-8] + bytes(8),  # last bytes zeroed
        good.replace(b"<li>", b"<lo>"),  # a changed byte that still loads as valid code
        b"",
    ]
    for bad in damaged:
        cached.write_bytes(bad)
        cache = TemplateCache(cached)
        env = environment(templates, cache, compiled)
        assert env.get_template("page.html").render(items=[1, 2]) == "<li>1</li><li>2</li>"
        cache.save()
        assert cached.read_bytes() == good, "the damaged file is replaced by the good code"
    assert len(compiled) == 1 + len(damaged)


def test_environments_that_compile_differently_never_share_code(tmp_path: Path) -> None:
    """Jinja applies ``finalize`` to constant text at compile time, and the syntax options shape
    the code: the same template name and source under other settings must not reuse it."""
    templates = tmp_path / "templates"
    write(templates, "page.md", "{{ 'plain' }} <# note #>")
    cache = TemplateCache(tmp_path / ".cache" / "templates.bin")
    compiled: list[str] = []
    shouting = environment(templates, cache, compiled, finalize=str.upper)
    assert shouting.get_template("page.md").render() == "PLAIN <# note #>"
    plain = environment(templates, cache, compiled)
    assert plain.get_template("page.md").render() == "plain <# note #>"
    comments = environment(
        templates, cache, compiled, comment_start_string="<#", comment_end_string="#>"
    )
    assert comments.get_template("page.md").render() == "plain "
    assert compiled == ["page.md"] * 3


def test_a_read_only_cache_folder_still_renders(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    write(templates, "page.html", "{{ x }}")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    cache = TemplateCache(blocked / "templates.bin")
    env = environment(templates, cache, [])
    assert env.get_template("page.html").render(x="ok") == "ok"
    cache.save()  # no error: the build goes on without the disk cache
