"""Settings: what a build needs to know besides the data, built once and passed down.

The site's identity (its name, address, the repository that edit links point to and the nav) is
read from mkdocs.yml, the file the theme reads too, so it is written in one place. The numbers
below are tuning with a reason each; a test that needs a small page size or an early index shard
builds its own ``Settings`` (``Settings.load(page_size=3)``) instead of patching a module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import yaml

ROOT = Path(__file__).resolve().parent.parent
"""The project folder: mkdocs.yml, site_templates/, tools/ and catalog_data/ are below it."""
CONFIG = ROOT / "mkdocs.yml"
TEMPLATES = ROOT / "site_templates"


@dataclass(frozen=True)
class Repository:
    """Where catalog_data/ is edited: 编辑此页, 查看数据源 and 报告问题 links point here."""

    url: str
    """Repository web address without a final slash; empty when there is none (no edit links)."""
    branch: str = "main"


@dataclass(frozen=True)
class Settings:
    """Everything a build is told besides its data and its status date."""

    site_name: str
    """``site_name`` of mkdocs.yml: the site's title, and the publisher named in data files and citations."""
    site_url: str
    """``site_url`` of mkdocs.yml, ending in a slash: the base of permalinks, citations, sitemaps and the API."""
    repository: Repository
    """``extra.repository`` of mkdocs.yml (not mkdocs' ``repo_url``: the theme would call GitHub's API from every page)."""
    nav: frozenset[str]
    """Docs paths of the pages in the mkdocs nav; the theme marks them as current, so mkdocs builds them itself."""
    theme_extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    """``extra`` of mkdocs.yml as the theme reads it; the build adds ``sample_data`` when mkdocs loads it."""
    config_file: Path = CONFIG
    """The mkdocs.yml that mkdocs builds with."""
    page_size: int = 200
    """Rows per listing page; longer listings are split into numbered pages."""
    shard_pages: int = 13_000
    """Most pages one Pagefind run indexes: about 1.5 GB of memory for product pages (see site/index.py)."""
    parallel_bytes: int = 4 * 2**20
    """From this much CSV text on, a package's tables are validated by forked worker processes."""
    processes: int = 2
    """Forked processes for validating large packages, writing record pages and writing API files."""
    history_limit: int = 100
    """Most data commits the changelog lists; older ones are left out with a note."""

    @classmethod
    def load(cls, config_file: Path = CONFIG, **overrides) -> Settings:
        """The settings of the project whose mkdocs.yml is ``config_file``, with ``overrides`` (field=value) applied."""
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        extra = config.get("extra") or {}
        found = extra.get("repository") or {}
        settings = cls(
            site_name=str(config["site_name"]),
            site_url=str(config.get("site_url") or "").rstrip("/") + "/",
            repository=Repository(str(found.get("url", "")).rstrip("/"), str(found.get("branch", "main"))),
            nav=frozenset(_nav_paths(config.get("nav"))),
            theme_extra=MappingProxyType(dict(extra)),
            config_file=config_file,
        )
        return replace(settings, **overrides)


def _nav_paths(items) -> list[str]:
    """Every page path of an mkdocs nav, however deeply its sections nest."""
    found = []
    for item in items or ():
        for value in item.values() if isinstance(item, dict) else [item]:
            found += _nav_paths(value) if isinstance(value, list) else [str(value)]
    return found
