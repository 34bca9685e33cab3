"""Build the site into a staging folder and swap it in only when the whole build succeeded.

``mkdocs build`` writes straight into ``site/``; a failure half way (any page of either language)
would leave a half-written site. ``python -m helpcenter.build`` never does: ``site/`` is either the
previous complete site or the new complete one.

Every warning MkDocs logs (a link to a missing page or section, a missing image, a ``nav`` entry
without its page, a page nobody can reach) fails the build, as ``strict: true`` promises, and is
reported like the project's own problems: all at once, located in the writer's file
(helpcenter/mkdocs_warnings.py). MkDocs runs in this process through its API, not its command line:
``mkdocs build --strict --quiet`` silences the warnings before ``--strict`` can count them.
``make serve`` builds through :func:`build_site` too (helpcenter/serve.py).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from helpcenter.errors import LocatedError, Problem, ProblemsFound
from helpcenter.mkdocs_warnings import Sources, WarningLog, located

if TYPE_CHECKING:
    from helpcenter.quick_build import RenderCache

#: A date for builds outside a git checkout (a tarball): fixed, so two builds are the same.
FIXED_DATE = "1700000000"


@dataclass
class Outcome:
    """What one build gave: nothing wrong, or the problems located and MkDocs' other messages."""

    problems: list[Problem] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the site was built without a single problem or warning."""
        return not self.problems and not self.messages

    def report(self) -> str:
        """Every problem in file order, then what MkDocs said that is not one of them."""
        lines = LocatedError(self.problems).report().splitlines() if self.problems else []
        if self.messages:
            if not lines:
                lines = ["The build stopped; nothing was built:"]
            lines += [f"  {message}" for message in self.messages]
        return "\n".join(lines)


def build_site(
    config_file: Path,
    site_dir: Path,
    *,
    site_url: str | None = None,
    serving: bool = False,
    during: Sequence[AbstractContextManager[None]] = (),
    before_swap: Callable[[], None] = lambda: None,
    discard: Callable[[Path], None] = lambda folder: shutil.rmtree(folder, ignore_errors=True),
) -> Outcome:
    """Build into a sibling staging folder and swap it in when nothing went wrong.

    ``site_url`` replaces the configured one (``make serve`` builds for its own address);
    ``serving`` tells the plugins a writer is previewing; ``during`` are entered around MkDocs'
    build (``make serve``'s render cache, helpcenter/quick_build.py); ``before_swap`` runs when
    the build succeeded, just before the new site replaces the old one (``make serve`` takes its
    error banner down then, so no request sees the new site under the old report); ``discard``
    removes the replaced site (``make serve`` does it in the background).
    """
    staging = site_dir.with_name(f".{site_dir.name}.staging")
    previous = site_dir.with_name(f".{site_dir.name}.previous")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    # Reproducible output: dates in the site (sitemap <lastmod>) come from the last commit, not
    # from the clock, so two builds of one commit are byte-identical.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = _last_commit_time(config_file.resolve().parent)
    try:
        outcome = _run_mkdocs(config_file, staging, site_url, serving, during)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not outcome.ok:
        shutil.rmtree(staging, ignore_errors=True)
        return outcome
    before_swap()
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    if previous.exists():
        discard(previous)
    return outcome


def quick_build(
    config_file: Path,
    site_dir: Path,
    changed: set[Path],
    cache: RenderCache,
    *,
    site_url: str,
    before_swap: Callable[[], None] = lambda: None,
) -> Outcome:
    """``make serve``'s answer to a saved page: the whole strict build with its checks, but only
    the pages of ``changed`` drawn, then written into ``site_dir`` when nothing went wrong
    (helpcenter/quick_build.py says why)."""
    from helpcenter.quick_build import cached_rendering, only_pages, publish, remembered_files

    scratch = site_dir.with_name(f".{site_dir.name}.quick")
    shutil.rmtree(scratch, ignore_errors=True)
    written: dict[Path, bytes] = {}
    try:
        during = (cached_rendering(cache), remembered_files(cache), only_pages(changed, written))
        outcome = _run_mkdocs(config_file, scratch, site_url, True, during)
        if outcome.ok:
            before_swap()
            publish(written, scratch, site_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return outcome


def _run_mkdocs(
    config_file: Path,
    staging: Path,
    site_url: str | None,
    serving: bool,
    during: Sequence[AbstractContextManager[None]] = (),
) -> Outcome:
    """One strict MkDocs build into ``staging``; every warning and error gathered."""
    # Imported late: NO_MKDOCS_2_WARNING must be set before Material is imported.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    warnings = WarningLog()
    failure = ""
    found: list[Problem] = []
    docs_dir = config_file.resolve().parent / "docs"
    with _gathered(warnings), ExitStack() as stack:
        for context in during:
            stack.enter_context(context)
        try:
            overrides: dict[str, object] = {"site_dir": str(staging), "strict": True}
            if site_url is not None:
                overrides["site_url"] = site_url
            config = load_config(str(config_file), **overrides)  # type: ignore[arg-type]
            docs_dir = Path(config.docs_dir)
            config.plugins.on_startup(command="serve" if serving else "build", dirty=False)
            try:
                build(config, serve_url=site_url if serving else None)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as error:
            # MkDocs logs a plugin's error and raises Abort from it: the cause says what it was.
            cause = error.__context__ if isinstance(error, Abort) else error
            if isinstance(cause, ProblemsFound):
                found, failure = cause.problems, str(cause)
            elif isinstance(error, Abort) and warnings.messages:
                failure = ""  # "Aborted with 3 warnings in strict mode!": each is reported
            else:
                failure = str(cause or error)
        except Exception as error:  # any crash is reported, never a traceback
            trace = "".join(traceback.format_exception(error)).rstrip()
            failure = (
                f"{type(error).__name__}: {error} (an error in the help center's code, not in "
                f"your files: please report it with what follows)\n{trace}"
            )
    messages = [text for text in warnings.messages if not (failure and failure in text)]
    problems, others = located(messages, Sources(docs_dir, config_file))
    if failure and not found:
        others.append(failure)
    return Outcome(sorted({*problems, *found}), others)


@contextmanager
def _gathered(warnings: WarningLog) -> Iterator[None]:
    """MkDocs' log goes to ``warnings`` only: its INFO lines are noise in a build that either
    works or says precisely what to fix."""
    logger = logging.getLogger("mkdocs")
    saved = (logger.level, logger.propagate, list(logger.handlers))
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    for handler in saved[2]:
        logger.removeHandler(handler)
    logger.addHandler(warnings)
    try:
        yield
    finally:
        logger.removeHandler(warnings)
        for handler in saved[2]:
            logger.addHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _last_commit_time(folder: Path) -> str:
    """Unix time of the last commit, or a fixed date outside a git checkout (e.g. a tarball)."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return FIXED_DATE
    stamp = result.stdout.strip()
    return stamp if result.returncode == 0 and stamp.isdigit() else FIXED_DATE


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point used by ``make build`` and Netlify."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    args = parser.parse_args(argv)
    site_dir = args.site_dir.resolve()
    outcome = build_site(args.config_file, site_dir)
    if outcome.ok:
        return 0
    print(outcome.report(), file=sys.stderr)
    print(f"Build failed; {site_dir} was left as it was.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
