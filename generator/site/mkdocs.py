"""Site stage: run mkdocs (theme only, strict) over the generated page sources."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"


class SiteBuildFailed(Exception):
    """mkdocs refused the generated sources (strict mode turns warnings into failures)."""


def build_site(docs_dir: Path, site_dir: Path, *, sample: bool) -> None:
    """Build HTML from ``docs_dir`` into ``site_dir`` with the project's mkdocs.yml."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(CONFIG), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
        config.extra["sample_data"] = sample
        mkdocs_build(config)
    except (Abort, MkDocsException) as exc:
        raise SiteBuildFailed(f"mkdocs 生成失败（mkdocs build failed）：{exc}") from exc


def _config() -> dict:
    """mkdocs.yml as plain data (for the values the generator itself needs)."""
    import yaml

    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def nav_paths() -> set[str]:
    """Docs paths of the pages in the mkdocs nav (the theme marks them as current, so mkdocs builds them)."""

    def walk(items):
        for item in items or ():
            for value in (item.values() if isinstance(item, dict) else [item]):
                if isinstance(value, list):
                    yield from walk(value)
                else:
                    yield str(value)

    return set(walk(_config().get("nav")))


def site_url() -> str:
    """``site_url`` of mkdocs.yml, ending in a slash: the base of permalinks, citations and sitemaps."""
    return str(_config().get("site_url") or "").rstrip("/") + "/"


def repository() -> dict:
    """``extra.repository`` of mkdocs.yml: the url and branch that edit links point to."""
    found = (_config().get("extra") or {}).get("repository") or {}
    return {"url": str(found.get("url", "")).rstrip("/"), "branch": str(found.get("branch", "main"))}
