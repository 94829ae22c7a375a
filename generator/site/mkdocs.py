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
from .page import Page


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
    return "---\n" + "\n".join(front) + "\n---\n\n" + str(page.body) + "\n"


def build_site(docs_dir: Path, site_dir: Path, settings: Settings, *, sample: bool, as_of: dt.date) -> None:
    """Build HTML from ``docs_dir`` into ``site_dir`` with the project's mkdocs.yml.

    ``sample`` turns on the theme's sample-data banner; ``as_of`` is the build date mkdocs writes. The site's
    address and URL style are the settings', whatever mkdocs.yml says (a build may be given another address).
    """
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        with _build_date(as_of):
            config = load_config(config_file=str(settings.config_file), docs_dir=str(docs_dir), site_dir=str(site_dir),
                                 strict=True, site_url=settings.site_url, use_directory_urls=settings.directory_urls,
                                 extra={**settings.theme_extra, "sample_data": sample})
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
