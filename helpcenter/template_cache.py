"""Compile each Jinja template once: shared by both language builds, and kept in ``.cache/``.

mkdocs-static-i18n runs one complete MkDocs build per language, each with a new Jinja environment,
so every theme template (Material's and ours) and every block template was compiled twice per
build, about a third of the whole build's time. This bytecode cache hands the second language the
first one's compiled code, and a later build (or ``make serve``'s rebuild) the code on disk.
Kept for a measured reason (ARCHITECTURE.md, Decisions: Build): without it a repeat build of the
project took 0.34 s more (0.88 s against 0.53 s, interleaved runs), 1.21 times the plain
Material + i18n build against 0.74, above the 1.15 goal. The plugin attaches it where MkDocs and
Jinja let a plugin (``on_env``'s environment, ``Environment.bytecode_cache``), nothing patched.

It cannot serve a stale template: Jinja stores the SHA-1 of the template's source with its code and
compiles anew when the source differs, and the key also holds everything besides the source that
the generated code depends on: the environment's syntax and options, and the code Jinja runs while
compiling (Python, Jinja, MarkupSafe, MkDocs, Material, mkdocs-static-i18n, whose filters Jinja may
fold into constants, and this package, whose ``finalize`` it applies to constant text).
The file on disk is used only when its SHA-256 matches, so a truncated or corrupt file is a miss,
never a wrong page; it is written through a temporary file, so a reader never sees half a file.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
import tempfile
import weakref
from importlib import metadata
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

_DIGEST = 32  # bytes of SHA-256 in front of the file's payload
#: Distributions whose code runs while a template compiles (filters folded into constants).
_COMPILERS = ("jinja2", "markupsafe", "mkdocs", "mkdocs-material", "mkdocs-static-i18n")
_PACKAGES = ("helpcenter", "comparator")
_fingerprints: weakref.WeakKeyDictionary[jinja2.Environment, str] = weakref.WeakKeyDictionary()


@functools.cache
def code_version() -> str:
    """Hash of the Python, the distributions and this project's code that compile templates."""
    digest = hashlib.sha256(sys.version.encode("utf-8"))
    for name in _COMPILERS:
        digest.update(f"\x00{name}={metadata.version(name)}".encode())
    root = Path(__file__).resolve().parent.parent
    for package in _PACKAGES:
        for source in sorted((root / package).glob("*.py")):
            digest.update(source.name.encode("utf-8") + b"\x00" + source.read_bytes())
    return digest.hexdigest()


def environment_fingerprint(env: jinja2.Environment) -> str:
    """Hash of everything besides a template's source that its compiled code depends on."""
    known = _fingerprints.get(env)
    if known is None:
        known = _fingerprints[env] = _settings_hash(env)
    return known


def _settings_hash(env: jinja2.Environment) -> str:
    def name(value: object) -> str:
        if callable(value):
            return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
        return repr(value)

    parts = [
        code_version(),
        f"{type(env).__module__}.{type(env).__qualname__}",
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        repr(env.line_statement_prefix),
        repr(env.line_comment_prefix),
        repr(env.trim_blocks),
        repr(env.lstrip_blocks),
        repr(env.newline_sequence),
        repr(env.keep_trailing_newline),
        repr(env.optimized),
        repr(env.is_async),
        name(env.autoescape),
        name(env.finalize),
        name(env.undefined),
        repr(getattr(env, "newstyle_gettext", None)),  # set by Jinja's i18n extension
        *sorted(env.extensions),
        # Filters and tests of constant arguments are folded into the code at compile time.
        *(f"filter {key}={name(value)}" for key, value in sorted(env.filters.items())),
        *(f"test {key}={name(value)}" for key, value in sorted(env.tests.items())),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


class TemplateCache(BytecodeCache):
    """Compiled templates in memory for this process, and in one file on disk if ``file`` is given.

    The file is read once, at the first template, and written once by :meth:`save` (at the end of
    the build) with the templates this process used: one read and one write instead of one per
    template, and entries of templates no longer used drop out.
    """

    def __init__(self, file: Path | None = None) -> None:
        self.file = file
        self.memory: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.changed = False
        self._loaded = file is None

    def attach(self, env: jinja2.Environment) -> jinja2.Environment:
        """Make ``env`` use this cache (templates it already compiled stay as they are)."""
        env.bytecode_cache = self
        return env

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        """Jinja's bucket, with the environment's settings in its key, filled if cached."""
        key = f"{environment_fingerprint(environment)}-{self.get_cache_key(name, filename)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` if cached; Jinja itself checks the source's checksum."""
        if not self._loaded:
            self._loaded = True
            self.memory.update(self._read())
        data = self.memory.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)
            self.used.add(bucket.key)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a newly compiled template (written to disk by :meth:`save`)."""
        self.memory[bucket.key] = bucket.bytecode_to_string()
        self.used.add(bucket.key)
        self.changed = True

    def save(self) -> None:
        """Write the templates used by this process if any was compiled anew (best effort)."""
        if self.file is None or not self.changed:
            return
        payload = marshal.dumps({key: self.memory[key] for key in sorted(self.used)})
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, partial = tempfile.mkstemp(dir=self.file.parent, suffix=".partial")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(hashlib.sha256(payload).digest() + payload)
                os.replace(partial, self.file)
            finally:
                Path(partial).unlink(missing_ok=True)
        except OSError:
            return  # a read-only checkout still builds, only without the disk cache
        self.changed = False

    def _read(self) -> dict[str, bytes]:
        if self.file is None:
            return {}
        try:
            raw = self.file.read_bytes()
        except OSError:
            return {}
        payload = raw[_DIGEST:]
        if len(raw) < _DIGEST or hashlib.sha256(payload).digest() != raw[:_DIGEST]:
            return {}  # truncated or corrupt: compile anew (and replace it)
        try:
            entries = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return {}
        if not isinstance(entries, dict):
            return {}
        return {
            key: value
            for key, value in entries.items()
            if isinstance(key, str) and isinstance(value, bytes)
        }


_shared: dict[Path | None, TemplateCache] = {}


def shared_cache(file: Path | None) -> TemplateCache:
    """The one cache of this process for ``file``: every language build gets the same."""
    cache = _shared.get(file)
    if cache is None:
        cache = _shared[file] = TemplateCache(file)
    return cache
