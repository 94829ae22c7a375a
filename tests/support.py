"""What several test modules share: the project's paths, the fixed status date, the settings, and
rendering one page template. Test modules import from here, never from each other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.records import Catalogue
from generator.settings import Repository, Settings
from generator.site.page import Page
from generator.site.templates import environment, render_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "catalog_data"
FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = dt.date(2026, 11, 25)
"""Fixed status date: the sample data's certificates are spread around it."""
SETTINGS = Settings.load()
"""The project's own settings (mkdocs.yml); a test that needs others builds them with ``Settings.load(...)``."""
REPOSITORY_URL = "https://github.com/example/data"


def render_template(template: str, here: str, catalogue: Catalogue, **context) -> Page:
    """One page template rendered as the build renders it, at site path ``here``, with edit links to an
    example repository."""
    settings = Settings.load(repository=Repository(REPOSITORY_URL, "main"))

    def link(target: str) -> str:
        return "../" * here.count("/") + target or "./"

    return render_page(environment(settings), here + "index.md", template,
                       dict(c=catalogue, link=link, version="test", here=here, repo=settings.repository, **context))
