"""A validated table prepared for the download writers, and what they share.

Every writer (CSV, CSVW, JSON, Excel, SQLite, the data-package descriptor) reads the same ``Resource``:
the table's fields, its foreign keys (those of its data package and those across packages), the source
cell text (character for character, as the download page promises) and portable typed values.
``prepare`` is the one place where cell values are made: change how a value is written here and every
format follows.

People-shaped tables (the 总表 and the list downloads) are ``Sheet`` objects: Chinese column titles
and labels instead of codes, written as CSV and Excel like the tables. Zip archives (the data package
and every .xlsx file) get entries with a fixed date and permissions from ``zip_entry``.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import OpenDataError
from ..validation.load import DataPackage, Table
from .release import LICENCE, one_line

CROSS_REFERENCES = (
    ("enterprises", "region", "regions", "id"),
    ("demo_projects", "region", "regions", "id"),
    ("products", "category", "categories", "code"),
    ("certificates", "body", "certification_bodies", "id"),
    ("catalog_entries", "removal_reason", "reason_codes", "code"),
    ("negative_list", "reason", "reason_codes", "code"),
)
"""References between packages that integrity.py checks; every descriptor of the downloads (datapackage.json,
CSVW, SQLite, the data dictionaries) declares them as foreign keys."""
EXACT = 10**15
"""Integers at least this large are written as text (Excel keeps 15 significant digits)."""
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Resource:
    """A validated table prepared for writing."""

    table: Table
    package: DataPackage
    descriptor: dict
    """The resource's entry in datapackage.yaml."""
    fields: list[dict]
    texts: list[list[str]]
    """Cell text of every record as the source file has it, in field order (what the CSV downloads hold)."""
    values: list[list]
    """Portable typed values: dates as ISO text; inexact numbers as their text."""

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def title(self) -> str:
        return one_line(self.descriptor.get("title")) or self.name

    @property
    def names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def kinds(self) -> list[str]:
        return [f.get("type", "string") for f in self.fields]

    @property
    def licence(self) -> dict:
        licences = self.package.descriptor.get("licenses") or [LICENCE]
        return {key: licences[0].get(key) for key in ("name", "title", "path")}

    @property
    def primary_key(self) -> list[str]:
        key = self.table.schema.get("primaryKey") or []
        return [key] if isinstance(key, str) else list(key)


def foreign_keys(name: str, schema: dict, present: Iterable[str]) -> list[dict]:
    """Every foreign key of table ``name`` as Table Schema ``foreignKeys`` items naming their target table:
    those of its own package (a reference to itself, ``resource: ""``, gets its own name) and those across
    packages (``CROSS_REFERENCES``) whose target table is among ``present``."""
    keys = []
    for fk in schema.get("foreignKeys") or ():
        fields, reference = fk["fields"], fk["reference"]
        keys.append(
            {
                "fields": [fields] if isinstance(fields, str) else list(fields),
                "reference": {
                    "resource": reference.get("resource") or name,
                    "fields": [reference["fields"]] if isinstance(reference["fields"], str) else list(reference["fields"]),
                },
            }
        )
    present = set(present)
    keys += [
        {"fields": [field], "reference": {"resource": target, "fields": [column]}}
        for table, field, target, column in CROSS_REFERENCES
        if table == name and target in present
    ]
    return keys


@dataclass(frozen=True)
class Column:
    """A column of a people-shaped table."""

    title: str
    """Chinese title: the CSV header and the Excel column heading."""
    kind: str = "string"
    """``string``, ``integer`` or ``date`` (ISO text), as in a Table Schema."""
    description: str = ""
    """What the column holds, for the 数据字典 sheet."""


@dataclass(frozen=True)
class Sheet:
    """A table for people: one row per record, names and Chinese labels instead of codes."""

    file: str
    """Path below ``data/`` without the extension, e.g. ``products-overview`` or ``lists/certificates``."""
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: list[list]
    """Values in column order: text, integers, dates as ISO text, or None for an empty cell."""
    page: str = ""
    """Site path of the page that shows the same list (list downloads)."""


def prepare(package: DataPackage, table: Table) -> Resource:
    """Cell texts and portable values of a validated table, in field order, blank records left out."""
    if not _NAME.fullmatch(table.name):
        raise OpenDataError(f"资源名 {table.name!r} 不能用作文件名（resource name unusable as a file name）")
    fields = table.schema.get("fields", [])
    reader = csv.reader(io.StringIO(table.text, newline=""))
    header = next(reader, [])
    missing = [f["name"] for f in fields if f["name"] not in header]
    if missing:
        raise OpenDataError(f"{table.file}：表头缺少字段 {'、'.join(missing)}，数据未经校验？（table not validated）")
    positions = [header.index(f["name"]) for f in fields]
    records = (
        reader
        if not table.sources
        else (  # the source's own cells where normalisation changed them
            table.sources.get(line, cells) for line, cells in zip(table.record_lines, reader, strict=True)
        )
    )
    if positions == list(range(len(header))):  # the usual case: the header is the schema's field list
        texts = [cells for cells in records if any(cells)]
    else:
        texts = [[cells[i] if i < len(cells) else "" for i in positions] for cells in records if any(cells)]
    if len(texts) != len(table.rows):
        raise OpenDataError(f"{table.file}：记录数与已读取的不同，数据未经校验？（table not validated）")
    names = [f["name"] for f in fields]
    values = [[row.values.get(name) for name in names] for row in table.rows]
    for i, f in enumerate(fields):
        kind = f.get("type", "string")
        if kind == "date":
            for row in values:
                if row[i] is not None:
                    row[i] = row[i].isoformat()
        elif kind in ("integer", "number"):
            for row, cells in zip(values, texts, strict=True):
                if row[i] is not None and not _exact(row[i]):
                    row[i] = cells[i]
    resource = next(r for r in package.descriptor["resources"] if r["name"] == table.name)
    return Resource(table, package, resource, fields, texts, values)


def _exact(number: float) -> bool:
    return -EXACT < number < EXACT if isinstance(number, int) else math.isfinite(number)


ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Date of every zip entry: the zip format's epoch, as reproducible builds use, so that an archive changes
only when a file in it does (the build date would change every archive every day)."""


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with the fixed date ``ZIP_DATE`` and fixed permissions, so archives are byte-identical."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info
