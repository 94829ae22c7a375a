"""Does a change alter the built site? Build the sample site with the generator of a base revision and
with the working tree, over the same data, and list every file that differs.

A refactor must leave the site byte-identical; a change that means to alter pages shows here exactly
which files it altered. Both builds read the same data folder (the working tree's, in this git
checkout, so the data version and the changelog are the same) with a fixed status date, so only the
code, the templates and mkdocs.yml differ between them.

    python scripts/same_site.py BASE_REV [--as-of 2026-11-25] [--keep DIR]

Exit status 0 when every file is the same, 1 when some differ, 2 when a build fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the working tree's generator, also when run without the editable install
CODE = ("generator", "site_templates", "mkdocs.yml")
"""What a revision's build is made of besides the data (the tools/ binaries are shared)."""
_RUN = (
    "import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); sys.argv[0] = 'generator'; "
    "runpy.run_module('generator', run_name='__main__')"
)
"""Runs ``python -m generator`` from a given source folder, ahead of the editable install and the working directory."""


def checkout(revision: str, into: Path) -> Path:
    """The generator, templates and mkdocs.yml of ``revision``, extracted into ``into``."""
    from generator.git import GitError, git

    try:
        archive = git("archive", "--format=tar", revision, *CODE, repo=ROOT, text=False)
    except GitError as exc:
        sys.exit(f"无法取出版本 {revision}：{exc}")
    into.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def build(code: Path, out: Path, as_of: str) -> None:
    """Build the working tree's data with the generator in ``code`` into ``out``."""
    midnight = dt.datetime.combine(dt.date.fromisoformat(as_of), dt.time(), dt.UTC)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(midnight.timestamp())), PAGEFIND_BINARY_PATH=str(_pagefind()))
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _RUN,
            str(code),
            "build",
            "--data",
            str(ROOT / "catalog_data"),
            "--out",
            str(out),
            "--as-of",
            as_of,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        sys.exit(2)


def _pagefind() -> Path:
    """The pinned Pagefind binary of the working tree, used by both builds (a base tree has no node_modules)."""
    from generator.site.index import pagefind_binary

    return pagefind_binary()


def digests(site: Path) -> dict[str, str]:
    """SHA-256 of every file of a built site, by path below it."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()
    }


def differences(base: dict[str, str], head: dict[str, str]) -> list[str]:
    """One line per differing file: ``- path`` only in base, ``+ path`` only in head, ``~ path`` changed."""
    lines = [f"- {p}" for p in sorted(set(base) - set(head))] + [f"+ {p}" for p in sorted(set(head) - set(base))]
    return lines + [f"~ {p}" for p in sorted(set(base) & set(head)) if base[p] != head[p]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="git revision to compare with, e.g. origin/main or a commit id")
    parser.add_argument("--as-of", default="2026-11-25", help="status date of both builds (YYYY-MM-DD)")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep both sites (base/, head/)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jl-same-site-") as work:
        where = args.keep.resolve() if args.keep else Path(work)
        build(checkout(args.base, Path(work) / "code"), where / "base", args.as_of)
        build(ROOT, where / "head", args.as_of)
        base, head = digests(where / "base"), digests(where / "head")
    found = differences(base, head)
    print("\n".join(found) if found else "")
    print(
        f"{len(base)} 个文件（base {args.base}）与 {len(head)} 个文件（工作区）比较："
        + (f"{len(found)} 个不同。" if found else "逐字节相同。")
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
