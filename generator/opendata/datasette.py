"""``data/metadata.json``: Datasette's metadata for the SQLite download.

``datasette jilin-green-materials.sqlite --metadata metadata.json`` then serves a browsable, searchable
copy of the data: the site's name, licence and source on every page, each table's Chinese title and
description, a description for every column, the full-text index of each searchable table (see
``sqlite.SEARCHABLE``), the column that labels a row where another table refers to it, and suggested
facets. No build date: the file changes only when the tables' descriptions do.
"""

from __future__ import annotations

import json
from pathlib import PurePath

from .release import LICENCE, Release, one_line
from .sqlite import fts_columns
from .tables import Resource

FACETS = {
    "products": ["category", "route", "enterprise"],
    "certificates": ["body", "grade", "withdrawn"],
    "enterprises": ["region"],
    "catalog_entries": ["catalog", "batch", "removal_reason"],
    "negative_list": ["reason", "department"],
    "product_indicators": ["attribute", "indicator"],
}
"""Facets Datasette suggests first for a table (the columns it has)."""


def _column(field: dict) -> str:
    return "：".join(part for part in (one_line(field.get("title")), one_line(field.get("description"))) if part)


def _table(resource: Resource) -> dict:
    names = resource.names
    table: dict = {"title": resource.title}
    if resource.descriptor.get("description"):
        table["description"] = one_line(resource.descriptor["description"])
    table["columns"] = {f["name"]: _column(f) for f in resource.fields if _column(f)}
    if fts_columns(resource):
        table["fts_table"] = f"{resource.name}_fts"
    if "name" in names:
        table["label_column"] = "name"
    facets = [name for name in FACETS.get(resource.name, ()) if name in names]
    if facets:
        table["facets"] = facets
    return table


def metadata(resources: list[Resource], release: Release, database_file: str) -> bytes:
    """Datasette metadata for the database file ``database_file`` holding ``resources``."""
    database = PurePath(database_file).stem
    document = {
        "title": release.publisher,
        "description": "吉林省绿色建材目录、生产企业、产品、认证证书、负面清单和示范工程的开放数据（SQLite）。"
        "全文搜索按三个字及以上的片段匹配；两个字的词请用列筛选“contains”。",
        "license": LICENCE["name"].replace("-", " "),
        "license_url": LICENCE["path"],
        "source": release.publisher,
        "source_url": release.page("data/"),
        "databases": {
            database: {
                "title": release.publisher,
                "source": release.publisher,
                "source_url": release.page("data/"),
                "license": LICENCE["name"].replace("-", " "),
                "license_url": LICENCE["path"],
                "tables": {r.name: _table(r) for r in resources}
                | {"_metadata": {"title": "数据提交、许可与引用"}, "_fields": {"title": "数据字典（每张表的字段）"}},
            }
        },
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
