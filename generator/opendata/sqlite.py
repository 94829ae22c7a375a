"""The SQLite download: every table in one database, with primary keys, foreign keys and a data dictionary.

Rows are inserted in file order and nothing depends on the clock, so the same data give the same file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .release import LICENCE, Release, one_line
from .tables import CROSS_REFERENCES, Resource

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def write_database(path: Path, resources: list[Resource], release: Release) -> None:
    """One database with every table; rows inserted in file order so the file is the same every time."""
    present = {r.name for r in resources}
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        with connection:
            for resource in resources:
                cross = [(f, t, c) for table, f, t, c in CROSS_REFERENCES if table == resource.name and t in present]
                connection.execute(_create_table(resource, cross))
                marks = ", ".join("?" * len(resource.fields))
                insert = f"INSERT INTO {_quote(resource.name)} VALUES ({marks})"  # noqa: S608 - quoted names, values bound
                connection.executemany(insert, resource.values)
            connection.execute("CREATE TABLE _metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL) -- 数据版本、许可与引用")
            connection.executemany("INSERT INTO _metadata VALUES (?, ?)", [
                ("version", release.version), ("as_of", release.as_of.isoformat()),
                ("licence", f"{LICENCE['name']} {LICENCE['path']}"), ("citation", release.citation),
                ("source", release.page(""))])
            connection.execute("CREATE TABLE _fields (table_name TEXT NOT NULL, field TEXT NOT NULL, title TEXT, "
                               "type TEXT NOT NULL, required INTEGER NOT NULL, description TEXT, "
                               "PRIMARY KEY (table_name, field)) -- 数据字典")
            connection.executemany("INSERT INTO _fields VALUES (?, ?, ?, ?, ?, ?)", [
                (r.name, f["name"], one_line(f.get("title")), f.get("type", "string"),
                 int(bool((f.get("constraints") or {}).get("required"))), str(f.get("description") or "") or None)
                for r in resources for f in r.fields])
    finally:
        connection.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_table(resource: Resource, cross: list[tuple[str, str, str]]) -> str:
    """CREATE TABLE with typed columns, NOT NULL, UNIQUE, the primary key and foreign keys; titles as comments."""
    schema = resource.table.schema
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
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
    for fk in schema.get("foreignKeys") or []:
        target = fk["reference"].get("resource") or resource.name
        items.append((f"FOREIGN KEY ({', '.join(map(_quote, fk['fields']))}) "
                      f"REFERENCES {_quote(target)} ({', '.join(map(_quote, fk['reference']['fields']))})", ""))
    items += [(f"FOREIGN KEY ({_quote(f)}) REFERENCES {_quote(t)} ({_quote(c)})", "基础代码表") for f, t, c in cross]
    lines = [definition + ("," if n < len(items) else "") + (f" -- {comment}" if comment else "")
             for n, (definition, comment) in enumerate(items, 1)]
    return f"CREATE TABLE {_quote(resource.name)} ( -- {one_line(resource.title)}\n  " + "\n  ".join(lines) + "\n)"
