"""Write stage: the one place that writes page sources for mkdocs, refusing duplicate paths."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import SiteError
from ..output import OutputFolder
from ..settings import TEMPLATES
from .mkdocs import source
from .page import Page, url_of


def write_docs(pages: list[Page], docs_dir: Path) -> int:
    """Write page sources and static assets into an empty ``docs_dir``; return the page count.

    A page's source goes to its URL's folder (``products/P1.md`` to ``products/P1/index.md``), so mkdocs writes
    ``products/P1/index.html`` whether or not it uses directory URLs: the files are the same either way.
    """
    output = OutputFolder(docs_dir, SiteError, "页面")
    for page in pages:
        output.write(url_of(page.path) + "index.md", source(page))
    shutil.copytree(TEMPLATES / "static", docs_dir, dirs_exist_ok=True)
    return len(output.claimed)
