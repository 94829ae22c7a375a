"""Write stage: the one place that writes page sources for mkdocs, refusing duplicate paths."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from ..errors import SiteError
from ..settings import TEMPLATES
from .mkdocs import source
from .page import Page, url_of


class DuplicatePath(SiteError):
    """Two pages were rendered to the same path."""


def write_docs(pages: list[Page], docs_dir: Path) -> int:
    """Write page sources and static assets into an empty ``docs_dir``; return the page count.

    A page's source goes to its URL's folder (``products/P1.md`` to ``products/P1/index.md``), so mkdocs writes
    ``products/P1/index.html`` whether or not it uses directory URLs: the files are the same either way.
    """
    seen: set[str] = set()
    for page in pages:
        relative = PurePosixPath(page.path)
        if relative.is_absolute() or ".." in relative.parts:
            raise SiteError(f"页面路径越出输出目录：{page.path}")
        folder = url_of(page.path)
        if folder in seen:
            raise DuplicatePath(f"两个页面写到同一路径 {folder or '/'}（duplicate output path: {page.path}）")
        seen.add(folder)
        target = docs_dir / folder / "index.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source(page), encoding="utf-8")
    shutil.copytree(TEMPLATES / "static", docs_dir, dirs_exist_ok=True)
    return len(seen)
