"""W3C CSV on the Web (CSVW) metadata of the CSV downloads, in the form validators apply.

``<name>.csv-metadata.json`` sits next to ``<name>.csv`` (the standard's "metadata file next to the CSV"
convention) and describes both CSV files of the table; each table carries its own ``tableSchema``,
because validators (the ``csvw`` package among them) read the schema of a table, not of the group.
Column ``name`` is the CSV header (the field name), ``titles`` the Chinese title and the field name;
datatypes carry the Table Schema's constraints, so a value outside them fails validation:

- ``pattern`` and ``enum`` of a text field become a ``format`` regular expression;
- ``minimum``/``maximum`` of a number, and the range of an integer ``enum``, become ``minimum``/``maximum``;
- ``minLength``/``maxLength`` stay; ``required`` stays; booleans are ``true|false``; dates are ISO dates.

``csv-metadata.json`` (the folder's own metadata file) describes every table's ``.utf8.csv`` file together
with the foreign keys between them whose columns are required: CSVW validators (``csvwvalidate`` unless
run with ``--lax``) take an empty referencing cell for a broken key, so optional references (a product's
test report, a removal reason) are left to ``datapackage.json``, where Frictionless checks every key.
Neither file carries the build date.
"""

from __future__ import annotations

import json
import re

from .release import Release, one_line
from .tables import Resource

CONTEXT = ["http://www.w3.org/ns/csvw", {"@language": "zh"}]
GROUP_FILE = "csv-metadata.json"


def _datatype(field: dict) -> str | dict:
    kind = field.get("type", "string")
    c = field.get("constraints") or {}
    if kind == "date":
        return "date"
    if kind == "boolean":
        return {"base": "boolean", "format": "true|false"}
    if kind in ("integer", "number"):
        datatype: dict = {"base": kind}
        low, high = c.get("minimum"), c.get("maximum")
        if c.get("enum"):
            low, high = min(c["enum"]), max(c["enum"])
        datatype |= {k: v for k, v in (("minimum", low), ("maximum", high)) if v is not None}
        return datatype if len(datatype) > 1 else kind
    datatype = {"base": "string"}
    if c.get("enum"):
        datatype["format"] = "^(?:" + "|".join(re.escape(str(v)) for v in c["enum"]) + ")$"
    elif c.get("pattern"):
        datatype["format"] = f"^(?:{c['pattern']})$"
    datatype |= {k: c[k] for k in ("minLength", "maxLength") if k in c}
    return datatype if len(datatype) > 1 else "string"


def columns(resource: Resource) -> list[dict]:
    """The CSVW columns of a table: names as in the CSV header, Chinese titles, typed and constrained."""
    out = []
    for f in resource.fields:
        column = {
            "name": f["name"],
            "titles": {"zh": [one_line(f.get("title") or f["name"])], "und": [f["name"]]},
            "datatype": _datatype(f),
            "required": bool((f.get("constraints") or {}).get("required")),
        }
        if f.get("description"):
            column["dc:description"] = one_line(f["description"])
        out.append(column)
    return out


def table_schema(resource: Resource, foreign: list[dict] | None = None) -> dict:
    """A ``tableSchema``: columns, primary key and (with ``foreign``, in a group) the foreign keys."""
    schema: dict = {"columns": columns(resource)}
    if resource.primary_key:
        schema["primaryKey"] = resource.primary_key
    if foreign:
        schema["foreignKeys"] = [
            {
                "columnReference": fk["fields"],
                "reference": {
                    "resource": f"{fk['reference']['resource']}.utf8.csv",
                    "columnReference": fk["reference"]["fields"],
                },
            }
            for fk in foreign
        ]
    return schema


def _common(release: Release, title: str, licence: str) -> dict:
    return {
        "@context": CONTEXT,
        "dc:title": title,
        "dc:publisher": release.publisher,
        "dc:license": {"@id": licence},
        "dc:source": {"@id": release.page("data/")},
        "schema:version": release.commit,
        "dc:bibliographicCitation": release.file_citation,
    }


def _dumps(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def table_metadata(resource: Resource, release: Release) -> bytes:
    """``<name>.csv-metadata.json``: both CSV files of one table, each with its schema."""
    schema = table_schema(resource)
    licence = resource.licence.get("path") or ""
    return _dumps(
        {
            **_common(release, resource.title, licence),
            "tables": [
                {
                    "url": f"{resource.name}.csv",
                    "dialect": {"encoding": "utf-8", "lineTerminators": ["\r\n"]},
                    "tableSchema": schema,
                },
                {
                    "url": f"{resource.name}.utf8.csv",
                    "dialect": {"encoding": "utf-8", "lineTerminators": ["\n"]},
                    "tableSchema": schema,
                },
            ],
        }
    )


def group_metadata(resources: list[Resource], foreign: dict[str, list[dict]], release: Release, licence: str) -> bytes:
    """``csv-metadata.json``: every table's ``.utf8.csv`` file with the foreign keys between them whose
    columns are required (``foreign``: table name -> its foreign keys, see ``tables.foreign_keys``)."""
    return _dumps(
        {
            **_common(release, release.publisher, licence),
            "tables": [
                {
                    "url": f"{r.name}.utf8.csv",
                    "dc:title": r.title,
                    "dialect": {"encoding": "utf-8", "lineTerminators": ["\n"]},
                    "tableSchema": table_schema(r, [fk for fk in foreign.get(r.name, ()) if _required(r, fk["fields"])]),
                }
                for r in resources
            ],
        }
    )


def _required(resource: Resource, names: list[str]) -> bool:
    required = {f["name"] for f in resource.fields if (f.get("constraints") or {}).get("required")}
    return set(names) <= required
