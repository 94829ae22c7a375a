"""The theme's own build: mkdocs (Material theme only, strict) over page sources made from our pages.

This is one side of the seam between our pages and the theme's chrome (the other is ``shell.py``,
which wraps the pages mkdocs does not build). mkdocs reads a page as Markdown with front matter;
``source`` writes a ``Page`` that way, with the body as one raw HTML block.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from ..errors import SiteError
from ..settings import Settings
from .contents import Heading
from .page import Page

TOC_TITLE = "本页内容"
"""Title of the theme's contents column (not 目录, which on this site means a catalog)."""


class SiteBuildFailed(SiteError):
    """mkdocs refused the generated sources (strict mode turns warnings into failures)."""


def source(page: Page) -> str:
    """The page as mkdocs reads it: YAML front matter (title, description, hidden parts), then the body.

    Title and description are HTML-escaped already and the theme inserts them as they are; JSON strings
    are valid YAML, so they are written as JSON.
    """
    front = [f"title: {json.dumps(str(page.title), ensure_ascii=False)}"]
    if page.description:
        front.append(f"description: {json.dumps(str(page.description), ensure_ascii=False)}")
    if page.hide:
        front.append(f"hide: [{', '.join(page.hide)}]")
    if page.toc:
        front.append(f"jl_toc: {json.dumps(toc_html(page.toc), ensure_ascii=False)}")
    return "---\n" + "\n".join(front) + "\n---\n\n" + str(page.body) + "\n"


def toc_html(toc: tuple[Heading, ...]) -> str:
    """The theme's contents column for these headings, as its own partial would draw Markdown headings
    (site_templates/theme/partials/toc.html inserts it): h3 nest under the h2 before them."""
    if not toc:
        return ""
    items, open_sub = [], False
    for i, heading in enumerate(toc):
        nested = heading.level == 3 and i > 0
        if nested and not open_sub:
            items.append(f'<nav class="md-nav" aria-label="{toc[i - 1].title}"><ul class="md-nav__list">')
            open_sub = True
        elif not nested and open_sub:
            items.append("</ul></nav></li>")
            open_sub = False
        elif not nested and i > 0:
            items.append("</li>")
        items.append(
            f'<li class="md-nav__item"><a href="#{heading.id}" class="md-nav__link">'
            f'<span class="md-ellipsis">{heading.title}</span></a>'
        )
        if nested:
            items.append("</li>")
    items.append("</ul></nav></li>" if open_sub else "</li>")
    return (
        f'<label class="md-nav__title" for="__toc"><span class="md-nav__icon md-icon"></span>{TOC_TITLE}</label>'
        f'<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>{"".join(items)}</ul>'
    )


def build_site(docs_dir: Path, site_dir: Path, settings: Settings, *, sample: bool, as_of: dt.date) -> None:
    """Build HTML from ``docs_dir`` into ``site_dir`` with the project's mkdocs.yml.

    ``sample`` turns on the theme's sample-data banner; ``as_of`` is the build date mkdocs writes. The site's
    address and URL style are the settings', whatever mkdocs.yml says (a build may be given another address).
    """
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        with _build_date(as_of):
            config = load_config(
                config_file=str(settings.config_file),
                docs_dir=str(docs_dir),
                site_dir=str(site_dir),
                strict=True,
                site_url=settings.site_url,
                use_directory_urls=settings.directory_urls,
                extra={**settings.theme_extra, "sample_data": sample},
            )
            mkdocs_build(config)
    except (Abort, MkDocsException) as exc:
        raise SiteBuildFailed(f"mkdocs 生成失败（mkdocs build failed）：{exc}") from exc


@contextmanager
def _build_date(as_of: dt.date):
    """mkdocs takes its build date from SOURCE_DATE_EPOCH only: set it to midnight of ``as_of`` for the
    build (unless the caller set one), so the same data and date give the same bytes."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if previous is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(as_of, dt.time(), dt.UTC).timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
