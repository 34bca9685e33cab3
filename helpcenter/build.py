"""Build the site into a staging folder and swap it in only when the build succeeded.

``mkdocs build`` writes straight into ``site/``; a failure half way (any page of either language)
would leave a half-written site. ``python -m helpcenter.build`` never does: ``site/`` is either the
previous complete site or the new complete one. MkDocs runs in this process (its own command line,
so output and exit codes are those of ``mkdocs build``): a second Python start would cost more than
a tenth of the build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path


def build(config_file: Path, site_dir: Path, extra: list[str]) -> int:
    """Run a strict MkDocs build into a sibling staging folder, then swap; return the exit code."""
    staging = site_dir.with_name(f".{site_dir.name}.staging")
    previous = site_dir.with_name(f".{site_dir.name}.previous")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    # Reproducible output: dates in the site (sitemap <lastmod>) come from the last commit, not
    # from the clock, so two builds of one commit are byte-identical.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = _last_commit_time(config_file.resolve().parent)
    arguments = ["build", "--strict", "--quiet"]
    arguments += ["--config-file", str(config_file), "--site-dir", str(staging), *extra]
    try:
        returncode = _run_mkdocs(arguments)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed; {site_dir} was left as it was.", file=sys.stderr)
        return returncode
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return 0


def _run_mkdocs(arguments: list[str]) -> int:
    """``mkdocs <arguments>`` in this process; its exit code."""
    from mkdocs.__main__ import cli  # imported late: NO_MKDOCS_2_WARNING must be set first

    try:
        cli.main(args=arguments, prog_name="mkdocs", standalone_mode=True)
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


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
        return "1700000000"
    stamp = result.stdout.strip()
    return stamp if result.returncode == 0 and stamp.isdigit() else "1700000000"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point used by ``make build`` and Netlify."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    args, extra = parser.parse_known_args(argv)
    return build(args.config_file, args.site_dir.resolve(), extra)


if __name__ == "__main__":
    raise SystemExit(main())
