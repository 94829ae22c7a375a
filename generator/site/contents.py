"""A page's own contents: its section headings, read from the body the templates made.

The theme shows them in its contents column (``mkdocs.toc_html``); on narrow screens, where that column
is gone, a page with several sections also gets a jump list under its title (``with_jump_list``).
Headings are ours (``<h2 id=…>`` and ``<h3 id=…>`` in the body), so a regular expression reads them;
their text is already escaped, and tags inside a heading (``<small>``) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

_HEADING = re.compile(r'<h([23])\b[^>]*?\bid="([^"<>]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]*>")
MARK = "<!--jl-contents-->"
"""Where a template wants the jump list; without it the list goes right after the page's <h1>."""
NO_LIST = "<!--jl-no-contents-->"
"""A template that links its sections itself (the certificates page's status badges) asks for no list."""
JUMP_LIST_FROM, JUMP_LIST_UPTO = 3, 15
"""Sections (h2) a page needs for a jump list under its title; past the upper bound (a long changelog) the
list would be a page of its own, and the page goes without."""


@dataclass(frozen=True)
class Heading:
    """One section heading of a page."""

    level: int
    """2 or 3."""
    id: str
    """The heading's id: the page's anchor ``#id``."""
    title: Markup
    """The heading's text, escaped, without tags."""


def headings(body: str) -> tuple[Heading, ...]:
    """The h2 and h3 headings with an id, in page order."""
    return tuple(
        Heading(int(level), anchor, Markup(" ".join(_TAG.sub(" ", text).split())))  # noqa: S704 - escaped text
        for level, anchor, text in _HEADING.findall(body)
    )


def with_jump_list(body: str, toc: tuple[Heading, ...]) -> str:
    """The body with a list of links to its sections (h2) under the title, when it has enough of them."""
    body = str(body)  # plain text from here: Markup would escape what is added
    sections = [h for h in toc if h.level == 2]
    if not JUMP_LIST_FROM <= len(sections) <= JUMP_LIST_UPTO or NO_LIST in body:
        return body.replace(MARK, "").replace(NO_LIST, "")
    links = "".join(f'<li><a href="#{h.id}">{h.title}</a></li>' for h in sections)
    jump = f'<nav class="jl-contents" aria-label="本页内容" data-pagefind-ignore><ul>{links}</ul></nav>'
    if MARK in body:
        return body.replace(MARK, jump, 1).replace(MARK, "")
    end = body.find("</h1>")
    return body if end < 0 else body[: end + 5] + jump + body[end + 5 :]
