"""The text formats of one table: CSV, a JSON array of records, JSON Lines, and its Table Schema.

Each function takes a prepared table (``tables.Resource``) or a people-shaped table (``tables.Sheet``)
and returns the file's bytes. None of them writes the build date or the data version: a file changes
only when its content does (the manifest says which version and day a build is).
"""

from __future__ import annotations

import csv
import io
import json

from .release import one_line
from .tables import Resource, Sheet

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def csv_text(resource: Resource, newline: str) -> str:
    """The table's normalised cell text under its field names, exactly as the validator checked it."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=newline)
    writer.writerow(resource.names)
    writer.writerows(resource.texts)
    return text.getvalue()


def sheet_csv(sheet: Sheet) -> bytes:
    """A people-shaped table as CSV: Chinese headings, UTF-8 with BOM (so a spreadsheet's import shows the
    Chinese correctly; for opening in a spreadsheet the site recommends the .xlsx file) and CRLF line ends."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([c.title for c in sheet.columns])
    writer.writerows(["" if v is None else v for v in row] for row in sheet.rows)
    return text.getvalue().encode("utf-8-sig")


def json_records(resource: Resource) -> list[str]:
    """Each record as one line of compact JSON, typed values (numbers, true/false, null for an empty cell,
    dates as ISO text), keys in field order; ``json_array`` and ``json_lines`` put them in a file."""
    names = resource.names
    return [_ENCODE(dict(zip(names, row, strict=True))) for row in resource.values]


def json_array(records: list[str]) -> bytes:
    """A JSON array of records, one per line: ``pandas.read_json(path)`` and ``jq '.[]'`` read it as it is.
    The fields' types, titles and constraints are in ``<name>.schema.json`` and ``datapackage.json``."""
    return ("[\n" + ",\n".join(records) + ("\n" if records else "") + "]\n").encode("utf-8")


def json_lines(records: list[str]) -> bytes:
    """JSON Lines: one record per line, nothing else (``pandas.read_json(path, lines=True)``, ``jq -c``)."""
    return ("\n".join(records) + ("\n" if records else "")).encode("utf-8")


def table_schema(resource: Resource, foreign: list[dict]) -> dict:
    """The table's Table Schema as ``datapackage.json`` gives it: fields with their Chinese titles, types,
    constraints and descriptions, the primary key and every foreign key (``tables.foreign_keys``)."""
    schema: dict = {"fields": [_field(f) for f in resource.fields]}
    if resource.primary_key:
        schema["primaryKey"] = resource.primary_key
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _field(field: dict) -> dict:
    """A field as published: the source descriptor's entries, with the text put on one line."""
    out = dict(field)
    for key in ("title", "description"):
        if key in out:
            out[key] = one_line(out[key])
    return out


def schema_file(resource: Resource, foreign: list[dict]) -> bytes:
    """``<name>.schema.json``: the Table Schema of the table's JSON, JSON Lines and CSV files."""
    return (json.dumps(table_schema(resource, foreign), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
