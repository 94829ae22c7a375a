"""Our pages, before the theme wraps them in its chrome.

A ``Page`` is what the templates make of one URL: its title, its description and its body (one HTML
block). Everything the theme adds around it (header, nav, footer, scripts) is the theme's, and the
theme gets our pages through one seam, ``theme.Theme`` (``wrap(page)``). A replacement theme needs
to implement that class and nothing in the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .contents import Heading

RECORD_FOLDERS = ("products", "enterprises")
"""Folders whose pages are record pages (``products/<id>/``, ``enterprises/<code>/``): rendered one at a time,
never by mkdocs, and dealt out to index shards by id."""


@dataclass(frozen=True)
class Page:
    """One page of the site as the templates made it."""

    path: str
    """Path of the page's source below mkdocs' docs_dir, e.g. ``products/P00001.md``; see ``url``."""
    title: Markup
    """The page title, HTML-escaped (the theme inserts it as it is)."""
    body: Markup
    """The page's content: one ``<div class="jl-page">`` block with the page's own ``<h1>``."""
    description: Markup | None = None
    """The meta description, HTML-escaped; None: the theme uses the site's description."""
    hide: tuple[str, ...] = ()
    """Parts of the theme's chrome the page hides (``navigation``, ``toc``)."""
    toc: tuple[Heading, ...] = ()
    """The page's section headings, for the theme's contents column (see contents.py)."""

    @property
    def url(self) -> str:
        """Site path of the page: ``products/P1.md`` -> ``products/P1/``, ``index.md`` -> ``""``."""
        return url_of(self.path)


def url_of(path: str) -> str:
    """Directory URL of a docs path: ``products/P1.md`` -> ``products/P1/``."""
    stem = path[:-3]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"
