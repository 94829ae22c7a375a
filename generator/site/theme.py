"""The seam between our pages and the theme's chrome: ``Theme.wrap(page)`` is a page's whole HTML document.

Material for MkDocs draws the chrome. mkdocs itself builds the pages in its nav (the theme marks them
as current) and one placeholder page per folder, a shell (see shell.py); every other page is wrapped
by putting its title, description and body into its shell. The rest of the build knows only this
class, so replacing the theme means replacing this module and the two it uses (mkdocs.py, shell.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import SiteError
from ..settings import Settings
from .mkdocs import build_site
from .page import Page
from .shell import RECORD_KEYS, Shells, shell_pages, split, write_in_parallel
from .writer import write_docs


class Theme:
    """The theme of one build, working in ``work``: ``docs/`` for mkdocs' sources, ``site/`` for the site."""

    def __init__(self, settings: Settings, work: Path):
        self.settings = settings
        self.docs, self.site_dir = work / "docs", work / "site"
        self.keys: set = set()
        self.shells: Shells | None = None

    def write_sources(self, pages: list[Page], *, shells: bool = True) -> tuple[list[Page], int]:
        """Write the sources of the pages mkdocs builds itself, and of the shells the others need; return the
        pages left to ``wrap`` and how many pages mkdocs will build. Without ``shells``, mkdocs builds them all
        (slower, and byte-identical: tests compare the two)."""
        if shells:
            built, wrapped, keys = split(pages, self.settings.nav)
            keys |= RECORD_KEYS  # record pages are rendered later, one at a time
        else:
            built, wrapped, keys = pages, [], set()
        self.keys = keys
        return wrapped, write_docs(built + shell_pages(keys), self.docs) - len(keys)

    def build(self, *, sample: bool, as_of: dt.date) -> Path:
        """Run mkdocs over the sources; return the site folder."""
        build_site(self.docs, self.site_dir, self.settings, sample=sample, as_of=as_of)
        return self.site_dir

    def open(self) -> None:
        """Take the built shells out of the site, once the site is hardened (the shells carry its policy)."""
        self.shells = Shells(self.site_dir, self.keys)

    def wrap(self, page: Page) -> str:
        """The page's whole HTML document, in the theme's chrome."""
        return self._opened().wrap(page)

    def write(self, pages: Iterable[Page]) -> int:
        """Write every page, wrapped, into the site; return the count."""
        return self._opened().write(pages)

    def write_in_parallel(self, pages: Callable[[int, int], Iterable[Page]]) -> int:
        """Like ``write`` for ``pages(part, parts)``, the parts shared among forked processes."""
        return write_in_parallel(self._opened(), pages, self.settings.processes)

    def _opened(self) -> Shells:
        if self.shells is None:
            raise SiteError("页面外壳还没有载入（Theme.open）：构建步骤的顺序有误。")
        return self.shells
