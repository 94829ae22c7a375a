"""Write stage: the one place that writes page sources for mkdocs, refusing duplicate paths."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from ..errors import SiteError
from ..settings import TEMPLATES
from .mkdocs import source
from .page import Page


class DuplicatePath(SiteError):
    """Two pages were rendered to the same path."""


def write_docs(pages: list[Page], docs_dir: Path) -> int:
    """Write page sources and static assets into an empty ``docs_dir``; return the page count."""
    seen: set[str] = set()
    for page in pages:
        relative = PurePosixPath(page.path)
        if page.path in seen:
            raise DuplicatePath(f"两个页面写到同一路径 {page.path}（duplicate output path）")
        if relative.is_absolute() or ".." in relative.parts:
            raise SiteError(f"页面路径越出输出目录：{page.path}")
        seen.add(page.path)
        target = docs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source(page), encoding="utf-8")
    shutil.copytree(TEMPLATES / "static", docs_dir, dirs_exist_ok=True)
    return len(seen)
