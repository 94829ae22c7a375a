"""The theme seam: wrap a page in the theme's chrome without running mkdocs for it.

mkdocs renders every page with the whole theme and parses our raw HTML again with
Python-Markdown's HTML parser; at tens of thousands of pages that is most of the
build. Pages that are not in the nav (records, listing pages, dataset pages)
differ only in title, description, canonical address and content: everything
else the theme writes depends on the page's folder alone. So mkdocs builds one
placeholder page (a shell) per folder and description shape, and ``Shells.wrap``
puts a page's own values where the placeholders are. The result is byte-identical
to what mkdocs writes (tests/test_open_data.py builds the same data both ways and
compares every file).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from markupsafe import Markup

from ..errors import SiteError
from ..forking import can_fork, fork_map
from ..output import OutputFolder
from .contents import Heading
from .mkdocs import toc_html
from .page import RECORD_FOLDERS, Page, url_of

SLUG = "jl.shell"
"""Path segment of shell pages (record ids may not contain a dot, so no page has it)."""
_TITLE = "JLSHELLTITLEPLACEHOLDER"
_DESCRIPTION = "JLSHELLDESCRIPTIONPLACEHOLDER"
_BODY = '<div class="jl-shell-placeholder"><h1>JLSHELLBODYPLACEHOLDER</h1></div>'
"""Has an <h1>, so the theme adds no title heading of its own (page bodies must have one too)."""
_TOC = (Heading(2, "jlshelltoc", Markup("JLSHELLTOCPLACEHOLDER")),)  # noqa: S704 - a constant
_TOC_HTML = toc_html(_TOC)
"""The contents column of a shell, replaced as a whole by the page's own (or by nothing)."""
_EXECUTABLE = re.compile(r"<script(?![^>]*\btype=\"application/(?:ld\+)?json\")", re.I)

Key = tuple[str, bool]
"""(the folder that holds the page's URL, whether the page has a description). Relative links from a
page to the nav entries depend on that folder only, so pages that share it can share a shell."""
RECORD_KEYS = {(f"{folder}/", True) for folder in RECORD_FOLDERS}
"""Shells of record pages (``products/<id>/``, ``enterprises/<code>/``), which all have a description."""


class ShellFailed(SiteError):
    """A page cannot be wrapped in a shell."""


def key_of(page: Page) -> Key:
    """The shell a page needs; ShellFailed when it cannot have one (mkdocs must build it)."""
    url = page.url
    if not url or page.hide:
        raise ShellFailed(f"页面 {page.path} 是首页或隐藏了主题的一部分，无法套用页面外壳。")
    if not page.body.startswith("<div") or "<h1" not in page.body:
        raise ShellFailed(f"页面 {page.path} 的正文不是一个带一级标题的 HTML 块，无法套用页面外壳。")
    if "<script" in page.body and _EXECUTABLE.search(page.body):
        raise ShellFailed(f"页面 {page.path} 含有内联脚本，外壳的内容安全策略不允许。")
    return url[: url.rstrip("/").rfind("/") + 1], bool(page.description)


def split(pages: Iterable[Page], nav: frozenset[str]) -> tuple[list[Page], list[Page], set[Key]]:
    """Pages mkdocs must build (in the nav, or not of the shell shape), pages that can be wrapped in
    shells, and the shells those need."""
    built, wrapped, keys = [], [], set()
    for page in pages:
        if page.path in nav:
            built.append(page)
            continue
        try:
            key = key_of(page)
        except ShellFailed:
            built.append(page)
        else:
            wrapped.append(page)
            keys.add(key)
    return built, wrapped, keys


def _shell_path(key: Key) -> str:
    folder, described = key
    return f"{folder}{SLUG if described else SLUG + '-plain'}.md"


def shell_pages(keys: Iterable[Key]) -> list[Page]:
    """One placeholder page per key, for mkdocs to build with the theme."""
    title, body, description = Markup(_TITLE), Markup(_BODY), Markup(_DESCRIPTION)  # noqa: S704 - constants
    return [Page(_shell_path(key), title, body, description if key[1] else None, toc=_TOC) for key in sorted(set(keys))]


class Shell:
    """One built shell page, split at its placeholders."""

    def __init__(self, key: Key, html: str):
        marker = url_of(_shell_path(key))
        names = {_TITLE: "title", _DESCRIPTION: "description", _BODY: "body", _TOC_HTML: "toc", marker: "path"}
        pieces = re.split("(" + "|".join(re.escape(name) for name in names) + ")", html)
        if (
            pieces.count(_BODY) != 1
            or pieces.count(_TOC_HTML) != 1
            or _TITLE not in pieces
            or (key[1] and _DESCRIPTION not in pieces)
        ):
            raise ShellFailed(f"页面外壳 {marker} 缺少占位内容（主题模板是否改变了？）")
        self._pieces = [(piece, None) if index % 2 == 0 else ("", names[piece]) for index, piece in enumerate(pieces)]

    def fill(self, page: Page) -> str:
        values = {
            "title": page.title,
            "description": page.description or "",
            "body": page.body,
            "path": page.url,
            "toc": toc_html(page.toc),
        }
        return "".join(values[name] if name else text for text, name in self._pieces)


def write_in_parallel(shells: Shells, pages: Callable[[int, int], Iterable[Page]], processes: int) -> int:
    """Write ``pages(part, parts)`` for every part, in forked processes where that is safe (see forking.py).

    Rendering holds the GIL, so threads would not help; each process renders and writes every n-th page.
    """
    parts = processes if can_fork() else 1
    return sum(fork_map(lambda part: shells.write(pages(part, parts)), range(parts)))


class Shells:
    """The built shells of a site: load them (removing them from the site), then wrap pages in them."""

    def __init__(self, site_dir: Path, keys: Iterable[Key]):
        self.output = OutputFolder(site_dir, ShellFailed, "页面")
        self.shells = {}
        for key in sorted(set(keys)):
            built = site_dir / url_of(_shell_path(key)) / "index.html"
            self.shells[key] = Shell(key, built.read_text(encoding="utf-8"))
            shutil.rmtree(built.parent)

    def wrap(self, page: Page) -> str:
        """The page's whole HTML document: the theme's chrome around the page's title, description and body."""
        key = key_of(page)
        if key not in self.shells:
            raise ShellFailed(f"页面 {page.path} 没有对应的页面外壳（{key[0] or '/'}）。")
        return self.shells[key].fill(page)

    def write(self, pages: Iterable[Page]) -> int:
        """Write every page, wrapped, into the site; return the count."""
        count = 0
        for page in pages:
            self.output.write(page.url + "index.html", self.wrap(page))
            count += 1
        return count
