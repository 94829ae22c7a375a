"""The SQLite download: every table in one database, with primary keys, foreign keys, a data dictionary
and full-text search tables.

Full-text search: ``<table>_fts`` is an FTS5 index over the text columns of the tables people search
(``SEARCHABLE``), with the table as its external content, the way Datasette finds it (``datasette
jilin-green-materials.sqlite --metadata metadata.json`` then offers a search box; see ``datasette.py``).
Its tokenizer is ``trigram``, because SQLite's word tokenizers do not split Chinese into words: any run
of three or more characters matches (岩棉板, 长春市, a certificate number); a two-character word needs
a column filter (``name__contains=岩棉``) instead.

Rows are inserted in file order and nothing depends on the clock or the build date, so the same data
give the same file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .release import LICENCE, Release, one_line
from .tables import CROSS_REFERENCES, Resource

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
SEARCHABLE = {
    "products": ("name", "model", "description"),
    "enterprises": ("name", "short_name", "address", "profile"),
    "certificates": ("number",),
    "negative_list": ("description", "department", "document_number"),
    "demo_projects": ("name", "building_type", "description"),
    "categories": ("name",),
}
"""Tables with a full-text index, and the columns it covers (those the table has)."""


def fts_columns(resource: Resource) -> tuple[str, ...]:
    """The columns of ``resource`` its full-text index covers; empty when it has none."""
    return tuple(name for name in SEARCHABLE.get(resource.name, ()) if name in resource.names)


def write_database(path: Path, resources: list[Resource], release: Release, foreign: dict[str, list[dict]]) -> None:
    """One database with every table (``foreign``: table name -> its foreign keys, see ``tables.foreign_keys``);
    rows inserted in file order so the file is the same every time."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        with connection:
            for resource in resources:
                connection.execute(_create_table(resource, foreign.get(resource.name, [])))
                marks = ", ".join("?" * len(resource.fields))
                insert = f"INSERT INTO {_quote(resource.name)} VALUES ({marks})"  # noqa: S608 - quoted names, values bound
                connection.executemany(insert, resource.values)
            for resource in resources:
                if fts_columns(resource):
                    _full_text(connection, resource.name, fts_columns(resource))
            connection.execute("CREATE TABLE _metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL) -- 数据提交、许可与引用")
            connection.executemany(
                "INSERT INTO _metadata VALUES (?, ?)",
                [
                    ("commit", release.commit),
                    ("manifest", f"{release.base_url}data/manifest.json"),
                    ("licence", f"{LICENCE['name']} {LICENCE['path']}"),
                    ("citation", release.file_citation),
                    ("source", release.page("")),
                ],
            )
            connection.execute(
                "CREATE TABLE _fields (table_name TEXT NOT NULL, field TEXT NOT NULL, title TEXT, "
                "type TEXT NOT NULL, required INTEGER NOT NULL, description TEXT, "
                "PRIMARY KEY (table_name, field)) -- 数据字典"
            )
            connection.executemany(
                "INSERT INTO _fields VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.name,
                        f["name"],
                        one_line(f.get("title")),
                        f.get("type", "string"),
                        int(bool((f.get("constraints") or {}).get("required"))),
                        str(f.get("description") or "") or None,
                    )
                    for r in resources
                    for f in r.fields
                ],
            )
    finally:
        connection.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _full_text(connection: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> None:
    """``<table>_fts``: an FTS5 trigram index with ``table`` as its external content (Datasette's convention)."""
    names = ", ".join(map(_quote, columns))
    connection.execute(
        f'CREATE VIRTUAL TABLE {_quote(table + "_fts")} USING fts5({names}, content="{table}", tokenize="trigram")'
    )
    connection.execute(
        f"INSERT INTO {_quote(table + '_fts')} (rowid, {names}) "  # noqa: S608 - quoted names
        f"SELECT rowid, {names} FROM {_quote(table)}"
    )


def _create_table(resource: Resource, foreign: list[dict]) -> str:
    """CREATE TABLE with typed columns, NOT NULL, UNIQUE, the primary key and foreign keys; titles as comments."""
    key = resource.primary_key
    cross = {target for table, _, target, _ in CROSS_REFERENCES if table == resource.name}
    items = []  # (definition, comment)
    for f in resource.fields:
        c = f.get("constraints") or {}
        kind = f.get("type", "string")
        column = f"{_quote(f['name'])} {SQL_TYPES.get(kind, 'TEXT')}"
        if c.get("required"):
            column += " NOT NULL"
        if c.get("unique") and key != [f["name"]]:
            column += " UNIQUE"
        if kind == "boolean":
            column += f" CHECK ({_quote(f['name'])} IN (0, 1))"
        items.append((column, one_line(f.get("title"))))
    if key:
        items.append((f"PRIMARY KEY ({', '.join(map(_quote, key))})", ""))
    for fk in foreign:
        target = fk["reference"]["resource"]
        items.append(
            (
                f"FOREIGN KEY ({', '.join(map(_quote, fk['fields']))}) "
                f"REFERENCES {_quote(target)} ({', '.join(map(_quote, fk['reference']['fields']))})",
                "基础代码表" if target in cross else "",
            )
        )
    lines = [
        definition + ("," if n < len(items) else "") + (f" -- {comment}" if comment else "")
        for n, (definition, comment) in enumerate(items, 1)
    ]
    return f"CREATE TABLE {_quote(resource.name)} ( -- {one_line(resource.title)}\n  " + "\n  ".join(lines) + "\n)"
