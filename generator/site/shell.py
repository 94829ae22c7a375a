"""Pages without mkdocs: fill each page into a theme shell that mkdocs built once.

mkdocs renders every page with the whole theme and parses our raw HTML again with
Python-Markdown's HTML parser; at tens of thousands of pages that is most of the
build. Pages that are not in the nav (records, listing pages, dataset pages)
differ only in title, description, canonical address and content: everything
else the theme writes depends on the page's depth alone. So mkdocs builds one
placeholder page (a shell) per depth and front-matter shape, and this module
writes each such page by putting its own values where the placeholders are.
The result is byte-identical to what mkdocs writes (tests/test_open_data.py
builds the same data both ways and compares every file).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from ..forking import can_fork, fork_map
from .render import Page, url_of

SLUG = "jl.shell"
"""Path segment of shell pages (record ids may not contain a dot, so no page has it)."""
_TITLE = "JLSHELLTITLEPLACEHOLDER"
_DESCRIPTION = "JLSHELLDESCRIPTIONPLACEHOLDER"
_BODY = '<div class="jl-shell-placeholder"><h1>JLSHELLBODYPLACEHOLDER</h1></div>'
"""Has an <h1>, so the theme adds no title heading of its own (page bodies must have one too)."""
_FRONT = re.compile(r'\A---\ntitle: (?P<title>"[^\n]*")\n(?:description: (?P<description>"[^\n]*")\n)?---\n\n(?P<body>.*)\Z',
                    re.S)
_EXECUTABLE = re.compile(r"<script(?![^>]*\btype=\"application/(?:ld\+)?json\")", re.I)
RECORD_KEYS = {("products/", True), ("enterprises/", True)}
"""Shells of record pages (``products/<id>/``, ``enterprises/<code>/``), which all have a description."""

Key = tuple[str, bool]
"""(the folder that holds the page's URL, whether its front matter has a description). Relative links from a
page to the nav entries depend on that folder only, so pages that share it can share a shell."""


class ShellFailed(Exception):
    """A page cannot be filled into a shell."""


def parse(page: Page) -> tuple[Key, str, str | None, str]:
    """Shell key, title, description and HTML body of a page source, as mkdocs would pass them to the theme.

    The front-matter values are already HTML-escaped by the templates (the ``front`` filter) and the
    theme inserts them as they are, so they are used as they are here too.
    """
    found = _FRONT.match(page.text)
    url = url_of(page.path)
    if not found or not url:
        raise ShellFailed(f"页面 {page.path} 的格式不是“标题 + 描述 + HTML 正文”，无法套用页面外壳。")
    body = found.group("body").rstrip("\n")
    if not body.startswith("<div") or "<h1" not in body:
        raise ShellFailed(f"页面 {page.path} 的正文不是一个带一级标题的 HTML 块，无法套用页面外壳。")
    if "<script" in body and _EXECUTABLE.search(body):
        raise ShellFailed(f"页面 {page.path} 含有内联脚本，外壳的内容安全策略不允许。")
    description = found.group("description")
    key = (url[: url.rstrip("/").rfind("/") + 1], description is not None)
    return key, json.loads(found.group("title")), json.loads(description) if description else None, body


def split(pages: Iterable[Page], nav: set[str]) -> tuple[list[Page], list[Page], set[Key]]:
    """Pages mkdocs must build (in the nav, or not of the shell shape), pages that can be filled into
    shells, and the shells those need."""
    built, filled, keys = [], [], set()
    for page in pages:
        if page.path in nav:
            built.append(page)
            continue
        try:
            key = parse(page)[0]
        except ShellFailed:
            built.append(page)
        else:
            filled.append(page)
            keys.add(key)
    return built, filled, keys


def _shell_path(key: Key) -> str:
    folder, described = key
    return f"{folder}{SLUG if described else SLUG + '-plain'}.md"


def shell_pages(keys: Iterable[Key]) -> list[Page]:
    """One placeholder page per key, for mkdocs to build with the theme."""
    out = []
    for key in sorted(set(keys)):
        description = f'description: "{_DESCRIPTION}"\n' if key[1] else ""
        out.append(Page(_shell_path(key), f'---\ntitle: "{_TITLE}"\n{description}---\n\n{_BODY}\n'))
    return out


class Shell:
    """One built shell page, split at its placeholders."""

    def __init__(self, key: Key, html: str):
        marker = url_of(_shell_path(key))
        names = {_TITLE: "title", _DESCRIPTION: "description", _BODY: "body", marker: "path"}
        pieces = re.split("(" + "|".join(re.escape(name) for name in names) + ")", html)
        if pieces.count(_BODY) != 1 or _TITLE not in pieces or (key[1] and _DESCRIPTION not in pieces):
            raise ShellFailed(f"页面外壳 {marker} 缺少占位内容（主题模板是否改变了？）")
        self._pieces = [(piece, None) if index % 2 == 0 else ("", names[piece]) for index, piece in enumerate(pieces)]

    def fill(self, title: str, description: str | None, body: str, url: str) -> str:
        values = {"title": title, "description": description or "", "body": body, "path": url}
        return "".join(values[name] if name else text for text, name in self._pieces)


def write_in_parallel(shells: Shells, pages: Callable[[int, int], Iterable[Page]], processes: int = 2) -> int:
    """Write ``pages(part, parts)`` for every part, in forked processes where that is safe (see forking.py).

    Rendering holds the GIL, so threads would not help; each process renders and writes every n-th page.
    """
    parts = processes if can_fork() else 1
    return sum(fork_map(lambda part: shells.write(pages(part, parts)), range(parts)))


class Shells:
    """The built shells of a site: load them (removing them from the site), then write pages through them."""

    def __init__(self, site_dir: Path, keys: Iterable[Key]):
        self.site_dir = site_dir
        self.shells = {}
        for key in sorted(set(keys)):
            built = site_dir / url_of(_shell_path(key)) / "index.html"
            self.shells[key] = Shell(key, built.read_text(encoding="utf-8"))
            shutil.rmtree(built.parent)

    def write(self, pages: Iterable[Page]) -> int:
        """Write every page through its shell; return the count."""
        count = 0
        for page in pages:
            key, title, description, body = parse(page)
            if key not in self.shells:
                raise ShellFailed(f"页面 {page.path} 没有对应的页面外壳（{key[0] or '/'}）。")
            url = url_of(page.path)
            target = self.site_dir / url / "index.html"
            if target.exists():
                raise ShellFailed(f"两个页面写到同一路径 {url}（duplicate output path）")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.shells[key].fill(title, description, body, url), encoding="utf-8")
            count += 1
        return count
