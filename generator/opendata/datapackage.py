"""The Frictionless data package of the downloads: ``data/datapackage.json`` and ``datapackage.zip``.

The site's ``data/datapackage.json`` describes every published table as one package: relative paths to
the ``.utf8.csv`` files beside it, each table's schema with its primary key and every foreign key,
those between the catalog and reference packages included (``tables.CROSS_REFERENCES``), so that
``frictionless validate data/datapackage.json`` checks all tables and all keys.

``datapackage.zip`` holds the same ``datapackage.json`` and CSV files at its root (``frictionless validate
datapackage.zip`` checks them the same way) and, below ``catalog_data/``, the source data folder as
contributors edit it (descriptors, CSV files, policies and ratio rules) with a ``VERSION`` file, which
extracts to a folder the project's own validator accepts.
"""

from __future__ import annotations

import io
import json
import zipfile

from ..validation.load import DataSet
from .formats import table_schema
from .release import KEYWORDS, LICENCE, Release, one_line
from .tables import Resource, zip_entry

DESCRIPTOR = "datapackage.json"
ZIP_FILE = "datapackage.zip"
ZIP_FOLDER = "catalog_data"
"""Folder inside datapackage.zip holding the source data; it extracts to a data folder the validator accepts."""
PACKAGE_NAME = "jilin-green-materials"


def descriptor(resources: list[Resource], foreign: dict[str, list[dict]], release: Release, sample: bool) -> dict:
    """The data package of every table (``foreign``: table name -> its foreign keys)."""
    return {
        "name": PACKAGE_NAME,
        "title": release.publisher + ("（含示例数据）" if sample else ""),
        "description": "吉林省绿色建材目录、生产企业与产品性能指标、认证证书、负面清单和示范工程的开放数据，以及行政区划、"
        "产品分类等基础代码表。每张表的 CSV 文件与本文件在同一文件夹；"
        "表之间的引用（包括目录数据对基础代码表的引用）都写成外键，可用 frictionless validate 检查。"
        + ("目录、企业、产品、证书、负面清单和示范工程目前是虚构的示例数据。" if sample else ""),
        "homepage": release.page("data/"),
        "version": release.commit,
        "keywords": list(KEYWORDS),
        "licenses": [dict(LICENCE)],
        "contributors": [{"title": release.publisher, "path": release.page(""), "role": "publisher"}],
        "resources": [_resource(r, foreign.get(r.name, [])) for r in resources],
    }


def _resource(resource: Resource, foreign: list[dict]) -> dict:
    out = {
        "name": resource.name,
        "title": resource.title,
        "path": f"{resource.name}.utf8.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
    }
    if resource.descriptor.get("description"):
        out["description"] = one_line(resource.descriptor["description"])
    package = resource.package.descriptor
    out["sources"] = [
        {"title": one_line(package.get("title") or package.get("name")), "path": f"{ZIP_FOLDER}/{package.get('name')}"}
    ]
    out["licenses"] = [resource.licence]
    out["schema"] = table_schema(resource, foreign)
    return out


def descriptor_bytes(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def package_zip(data: DataSet, release: Release, document: bytes, tables: dict[str, bytes]) -> bytes:
    """The zip: ``datapackage.json`` (``document``) and the CSV files it names (``tables``: file name -> bytes)
    at the root, and the source data folder below ``catalog_data/``."""
    root = data.root.resolve()
    files = []
    for package in data.packages:
        folder = package.folder.resolve()
        files.append(folder / "datapackage.yaml")
        files.extend(folder / resource["path"] for resource in package.descriptor["resources"])
    files += sorted((root / "policies").glob("*.md")) + sorted((root / "ratio_rules").glob("*.yaml"))
    entries = {f"{ZIP_FOLDER}/{path.resolve().relative_to(root).as_posix()}": path.read_bytes() for path in files}
    entries[f"{ZIP_FOLDER}/VERSION"] = f"{release.commit}\n".encode()
    entries[DESCRIPTOR] = document
    entries |= tables
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            archive.writestr(zip_entry(name), entries[name])
    return buffer.getvalue()
