"""Write stage: the one place that writes page sources for mkdocs, refusing duplicate paths."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import SiteError
from ..output import OutputFolder
from ..settings import TEMPLATES
from .mkdocs import source
from .page import Page


def write_docs(pages: list[Page], docs_dir: Path) -> int:
    """Write page sources and static assets into an empty ``docs_dir``; return the page count."""
    output = OutputFolder(docs_dir, SiteError, "页面")
    for page in pages:
        output.write(page.path, source(page))
    shutil.copytree(TEMPLATES / "static", docs_dir, dirs_exist_ok=True)
    return len(output.claimed)
