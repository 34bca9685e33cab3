"""The compiled-template cache: each template compiles once, and a cached one is never stale.

A build shares compiled templates between its two language builds and keeps them in
``.cache/helpcenter/templates.bin``. These tests count real compilations (a Jinja environment that
records each ``compile``) and check the rendered output, which is what a reader would see.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import marshal
import ntpath
import posixpath
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
import pytest

from helpcenter.template_cache import TemplateCache, shared_cache


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
    """The first build of a checkout also makes the cache's folders (the plugin's place)."""
    templates, file = tmp_path / "templates", tmp_path / ".cache" / "helpcenter" / "templates.bin"
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


def upper_case(value: str) -> str:
    return value.upper()


def lower_case(value: str) -> str:
    return value.lower()


def more_than_five(number: int) -> bool:
    return number > 5


def more_than_ten(number: int) -> bool:
    return number > 10


@pytest.mark.parametrize(
    ("source", "first", "second", "first_output", "second_output"),
    [
        pytest.param(
            "# for i in [1, 2]\n{{ i }}\n# endfor\n",
            {"line_statement_prefix": "#"},
            {},
            "1\n2\n",
            "# for i in [1, 2]\n\n# endfor",  # the last newline is dropped by default
            id="line statements",
        ),
        pytest.param(
            "a ## note\nb",
            {"line_comment_prefix": "##"},
            {},
            "a\nb",  # the spaces before the comment go with it
            "a ## note\nb",
            id="line comments",
        ),
        pytest.param(
            "{% if true %}\nyes\n{% endif %}\n",
            {"trim_blocks": True},
            {},
            "yes\n",
            "\nyes\n",
            id="trim_blocks",
        ),
        pytest.param(
            "  {% if true %}yes{% endif %}",
            {"lstrip_blocks": True},
            {},
            "yes",
            "  yes",
            id="lstrip_blocks",
        ),
        pytest.param(
            "a\nb", {"newline_sequence": "\r\n"}, {}, "a\r\nb", "a\nb", id="newline_sequence"
        ),
        pytest.param(
            "a\n", {"keep_trailing_newline": True}, {}, "a\n", "a", id="keep_trailing_newline"
        ),
        pytest.param("{{ '<b>' }}", {"autoescape": True}, {}, "&lt;b&gt;", "<b>", id="autoescape"),
        pytest.param(
            "{{ 'Hi' }}",
            {"finalize": str.upper},
            {"finalize": str.lower},
            "HI",
            "hi",
            id="finalize of the same module",
        ),
        pytest.param(
            "{{ 'Hi' }}",
            {"finalize": functools.partial(re.sub, "i", "ey")},
            {},
            "Hey",
            "Hi",
            id="finalize without a name",
        ),
    ],
)
def test_environments_with_other_syntax_or_options_never_share_code(
    tmp_path: Path,
    source: str,
    first: dict[str, Any],
    second: dict[str, Any],
    first_output: str,
    second_output: str,
) -> None:
    templates = tmp_path / "templates"
    write(templates, "page.html", source)
    cache = TemplateCache(None)
    compiled: list[str] = []
    assert environment(templates, cache, compiled, **first).get_template("page.html").render() == (
        first_output
    )
    assert environment(templates, cache, compiled, **second).get_template("page.html").render() == (
        second_output
    )
    assert compiled == ["page.html"] * 2


def test_filters_of_the_same_name_but_other_code_never_share_code(tmp_path: Path) -> None:
    """Jinja folds a filter of constant arguments into the compiled code."""
    templates = tmp_path / "templates"
    write(templates, "page.html", "{{ 'docs\\\\page.md' | basename }}")
    cache = TemplateCache(None)
    compiled: list[str] = []
    outputs = []
    # Both functions are called `basename`; only their modules tell them apart.
    for basename in [posixpath.basename, ntpath.basename]:
        env = environment(templates, cache, compiled)
        env.filters["basename"] = basename
        outputs.append(env.get_template("page.html").render())
    assert outputs == ["docs\\page.md", "page.md"]
    assert compiled == ["page.html"] * 2


def test_tests_of_the_same_name_but_other_code_never_share_code(tmp_path: Path) -> None:
    """Jinja folds a test of constant arguments into the compiled code."""
    templates = tmp_path / "templates"
    write(templates, "page.html", "{{ 7 is big }}")
    cache = TemplateCache(None)
    compiled: list[str] = []
    outputs = []
    for big in [more_than_five, more_than_ten]:
        env = environment(templates, cache, compiled)
        env.tests["big"] = big
        outputs.append(env.get_template("page.html").render())
    assert outputs == ["True", "False"]
    assert compiled == ["page.html"] * 2


def test_language_builds_that_each_make_their_own_filter_function_share_code(
    tmp_path: Path,
) -> None:
    """A plugin that defines its filter anew for each language build gives functions of the same
    name and code: the second build still reuses the first one's compiled templates."""
    templates = tmp_path / "templates"
    write(templates, "page.html", "{{ 'Hallo' | shout }}")
    cache = TemplateCache(None)
    compiled: list[str] = []

    def language_build() -> str:
        def shout(text: str) -> str:
            return text.upper() + "!"

        env = environment(templates, cache, compiled)
        env.filters["shout"] = shout
        return env.get_template("page.html").render()

    assert [language_build(), language_build()] == ["HALLO!", "HALLO!"]
    assert compiled == ["page.html"]


def environment_class(module: str, name: str, lines: str) -> type[CountingEnvironment]:
    """An environment class (as a theme or plugin could define) that rewrites each template's
    source before compiling: its ``lines`` are put in front of it."""

    def preprocess(self: jinja2.Environment, source: str, *args: Any, **kwargs: Any) -> str:
        return lines + source

    return type(name, (CountingEnvironment,), {"__module__": module, "preprocess": preprocess})


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(("themes.a", "Environment"), ("themes.b", "Environment"), id="other module"),
        pytest.param(("themes.a", "Environment"), ("themes.a", "Shouting"), id="other name"),
    ],
)
def test_environments_of_other_classes_never_share_code(
    tmp_path: Path, first: tuple[str, str], second: tuple[str, str]
) -> None:
    templates = tmp_path / "templates"
    write(templates, "page.html", "body")
    cache = TemplateCache(None)
    compiled: list[str] = []
    outputs = []
    for (module, name), lines in [(first, "first "), (second, "second ")]:
        env = environment_class(module, name, lines)(
            compiled, loader=jinja2.FileSystemLoader(templates)
        )
        outputs.append(cache.attach(env).get_template("page.html").render())
    assert outputs == ["first body", "second body"]
    assert compiled == ["page.html"] * 2


def test_an_environment_that_does_not_optimize_calls_its_filters_at_each_render(
    tmp_path: Path,
) -> None:
    """With ``optimized`` Jinja calls a filter of constant arguments once, while compiling."""
    templates = tmp_path / "templates"
    write(templates, "page.html", "{% set n = 'x' | ticket %}{{ n }}")
    numbers = itertools.count(1)
    cache = TemplateCache(None)
    compiled: list[str] = []
    renders = []
    for optimized in [True, False]:
        env = environment(templates, cache, compiled, optimized=optimized)
        env.filters["ticket"] = lambda _: next(numbers)
        template = env.get_template("page.html")
        renders += [template.render(), template.render()]
    # 1 is drawn while compiling the optimized template, 2 and 3 by the renders of the other.
    assert renders == ["1", "1", "2", "3"]


def test_a_template_compiled_for_async_rendering_is_not_used_by_a_sync_environment(
    tmp_path: Path,
) -> None:
    templates = tmp_path / "templates"
    write(templates, "page.html", "{{ text }}")
    cache = TemplateCache(None)
    compiled: list[str] = []
    for enable_async in [True, False]:
        env = environment(templates, cache, compiled, enable_async=enable_async)
        template = env.get_template("page.html")
        # An async template's render() runs its own event loop: in a thread of its own, since
        # this test's thread may already run one (Playwright's, when a browser test ran first).
        with ThreadPoolExecutor(max_workers=1) as thread:
            assert thread.submit(template.render, text="ok").result() == "ok"
    assert compiled == ["page.html"] * 2


def test_a_strict_environment_still_reports_what_a_lenient_one_compiled_as_empty(
    tmp_path: Path,
) -> None:
    """Jinja folds an undefined attribute of a constant into the code when its ``undefined``
    prints as empty text; with ``StrictUndefined`` it must stay an error."""
    templates = tmp_path / "templates"
    write(templates, "page.html", "[{{ 'text'.missing }}]")
    cache = TemplateCache(None)
    lenient = environment(templates, cache, [])
    assert lenient.get_template("page.html").render() == "[]"
    strict = environment(templates, cache, [], undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.UndefinedError, match="'str object' has no attribute 'missing'"):
        strict.get_template("page.html").render()


def test_new_style_and_old_style_gettext_environments_never_share_code(tmp_path: Path) -> None:
    """Jinja's i18n extension compiles ``trans`` blocks for the gettext style installed."""
    templates = tmp_path / "templates"
    write(templates, "page.html", "{% trans n=3 %}{{ n }} pages{% endtrans %}")
    cache = TemplateCache(None)
    compiled: list[str] = []
    outputs = []
    for newstyle in [True, False]:
        env = environment(templates, cache, compiled, extensions=["jinja2.ext.i18n"])
        env.install_gettext_callables(  # type: ignore[attr-defined]
            lambda text: text.replace("pages", "pagina's"),
            lambda one, more, n: more,
            newstyle=newstyle,
        )
        outputs.append(env.get_template("page.html").render())
    assert outputs == ["3 pagina's", "3 pagina's"]
    assert compiled == ["page.html"] * 2


def test_templates_of_the_same_name_and_text_in_two_folders_keep_their_own_file_name(
    tmp_path: Path,
) -> None:
    """Jinja names the template's file in its errors (and ``Template.filename``)."""
    theme, overrides = tmp_path / "theme", tmp_path / "overrides"
    for folder in [theme, overrides]:
        write(folder, "main.html", "{{ page }}")
    cache = TemplateCache(None)
    compiled: list[str] = []
    names = [
        environment(folder, cache, compiled).get_template("main.html").filename
        for folder in [theme, overrides]
    ]
    assert names == [str(theme / "main.html"), str(overrides / "main.html")]


def test_a_cache_file_with_entries_of_another_shape_is_compiled_anew(tmp_path: Path) -> None:
    """A file with a good checksum whose entries are not compiled code (as another version of
    this cache could write) is a miss, not a crash."""
    templates, file = tmp_path / "templates", tmp_path / ".cache" / "templates.bin"
    write(templates, "page.html", "{{ x }}")
    cache = TemplateCache(file)
    environment(templates, cache, []).get_template("page.html")
    cache.save()
    entries = marshal.loads(file.read_bytes()[32:])
    assert len(entries) == 1
    payload = marshal.dumps({key: "not code" for key in entries})
    file.write_bytes(hashlib.sha256(payload).digest() + payload)
    compiled: list[str] = []
    env = environment(templates, TemplateCache(file), compiled)
    assert env.get_template("page.html").render(x="ok") == "ok"
    assert compiled == ["page.html"]


def test_the_file_is_read_once_so_a_template_compiled_since_is_not_replaced_by_its_old_code(
    tmp_path: Path,
) -> None:
    """`make serve` after an edit: the first language build compiles the edited template, the
    second reuses that, though the file (written at the end of the build) holds the old code."""
    templates, file = tmp_path / "templates", tmp_path / ".cache" / "templates.bin"
    write(templates, "page.html", "Old: {{ x }}")
    old = TemplateCache(file)
    environment(templates, old, []).get_template("page.html")
    old.save()
    write(templates, "page.html", "New: {{ x }}")
    cache = TemplateCache(file)
    compiled: list[str] = []
    for language in ["nl", "en"]:
        env = environment(templates, cache, compiled)
        assert env.get_template("page.html").render(x=language) == f"New: {language}"
    assert compiled == ["page.html"]


def test_the_cache_is_saved_when_the_systems_temporary_folder_is_unusable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is written through a temporary file next to it (a full or missing /tmp does not
    matter, and the rename stays on one file system)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    templates, file = tmp_path / "templates", tmp_path / ".cache" / "templates.bin"
    write(templates, "page.html", "{{ x }}")
    cache = TemplateCache(file)
    environment(templates, cache, []).get_template("page.html")
    cache.save()
    compiled: list[str] = []
    assert (
        environment(templates, TemplateCache(file), compiled)
        .get_template("page.html")
        .render(x="ok")
        == "ok"
    )
    assert compiled == []


def test_every_language_build_of_a_process_gets_the_one_cache_of_its_file(tmp_path: Path) -> None:
    site, other = tmp_path / "site" / "templates.bin", tmp_path / "other" / "templates.bin"
    dutch = shared_cache(site)
    assert shared_cache(site) is dutch
    assert dutch.file == site
    assert shared_cache(other) is not dutch
    assert shared_cache(other).file == other
