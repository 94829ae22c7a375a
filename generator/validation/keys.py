"""Keys: duplicate ids and references to records that do not exist (codes missing from the reference tables: codes.py).

Frictionless could check primary and foreign keys too, but it names a duplicate's twin by its position
among the records and quotes a missing reference with the whole row in English. Here a duplicate names the
other row's line and the next free id (what ``generator new`` would give); a missing reference names the
value, the nearest valid codes by code and by name, and is reported once however many rows use it
("另有 N 处引用它"), under the broken record itself when that record has an error of its own.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from .load import DataSet, Row, Table
from .problems import Problem
from .suggest import Vocabulary, field_title, next_free_id, squash

NAME_FIELDS = ("name", "short_name", "division_code")
"""Fields whose values name a record: a reference written as one of these gets the record's code suggested."""
SUGGESTED = 200
"""Missing references that get nearest-code suggestions at most (each looks through the whole target table)."""


def check(data: DataSet, known: set[tuple]) -> list[Problem]:
    """Duplicates, missing references and missing codes; ``known`` holds the locations already reported."""
    usable = usable_tables(data)
    problems = [p for table in usable.values() for p in _duplicates(table)]
    problems += _foreign_keys(data, usable, known)
    return problems


def usable_tables(data: DataSet) -> dict[str, Table]:
    """The tables whose header has every field of their schema."""
    return {name: t for name, t in data.tables.items() if has_fields(t, [f["name"] for f in t.schema.get("fields", [])])}


def has_fields(table: Table, fields: list[str]) -> bool:
    """True when the table's header has these fields (a broken header is reported once, as itself)."""
    return set(fields) <= set(table.header or fields)


def _key_fields(table: Table) -> list[str]:
    key = table.schema.get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def _duplicates(table: Table) -> Iterator[Problem]:
    titles = {f["name"]: field_title(f) for f in table.schema.get("fields", [])}
    key = _key_fields(table)
    unique = [
        [f["name"]] for f in table.schema.get("fields", []) if (f.get("constraints") or {}).get("unique") and [f["name"]] != key
    ]
    for fields in ([key] if key else []) + unique:
        first: dict[tuple, int] = {}
        for row, value in _values(table, fields):
            if value not in first:
                first[value] = row.line
                continue
            yield _duplicate(table, row, fields, value, first[value], titles)


def _values(table: Table, fields: list[str]) -> Iterator[tuple[Row, tuple]]:
    """(row, its values of ``fields``) for the rows where all of them are filled in and sound."""
    names = set(fields)
    for row in table.rows:
        values = row.values
        value = tuple(values.get(f) for f in fields)
        if None not in value and not (row.bad and row.bad & names):
            yield row, value


def _duplicate(table: Table, row: Row, fields: list[str], value: tuple, line: int, titles: dict) -> Problem:
    if len(fields) == 1:
        shown = value[0]
        free = next_free_id((r[fields[0]] for r in table.rows), str(shown))
        detail = f"{titles[fields[0]]}“{shown}”与第 {line} 行重复。"
        if free:
            return Problem(
                table.file,
                row.line,
                fields[0],
                "duplicate-key",
                detail,
                f"如果这是一条新记录，改用没用过的编号 {free}；如果和第 {line} 行是同一条记录，删除其中一行。",
                (free,),
            )
        return Problem(
            table.file,
            row.line,
            fields[0],
            "duplicate-key",
            detail,
            f"换一个没用过的{titles[fields[0]]}；如果和第 {line} 行是同一条记录，删除其中一行。",
        )
    shown = "、".join(f"{titles[f]}“{v}”" for f, v in zip(fields, value, strict=True))
    return Problem(
        table.file,
        row.line,
        fields[-1],
        "duplicate-key",
        f"{shown}的组合在第 {line} 行已经有了。",
        f"同一条记录只写一行：删除这一行或第 {line} 行；两行内容不同时，核对原件后保留正确的一行。",
    )


def vocabulary(table: Table, field: str, allowed: Callable[[Row], bool] | None = None) -> Vocabulary:
    """The valid values of ``table.field`` with the names of their records, for suggestions."""
    names = [f["name"] for f in table.schema.get("fields", []) if f["name"] in NAME_FIELDS]
    return Vocabulary(
        {
            row[field]: [row[n] for n in names]
            for row in table.rows
            if row[field] is not None and (allowed is None or allowed(row))
        }
    )


class Missing:
    """Rows referencing one value that does not exist, collected across tables."""

    def __init__(self):
        self.places: dict[tuple, list[tuple[Table, Row, str]]] = defaultdict(list)

    def add(self, key: tuple, table: Table, row: Row, field: str) -> None:
        self.places[key].append((table, row, field))

    def problems(self, describe: Callable[[tuple, Table, Row, str, bool], Problem]) -> Iterator[Problem]:
        for number, (key, places) in enumerate(self.places.items()):
            places.sort(key=lambda p: (p[0].file, p[1].line))
            table, row, field = places[0]
            problem = describe(key, table, row, field, number < SUGGESTED)
            others = places[1:] if (problem.file, problem.row) == (table.file, row.line) else places
            also = tuple(f"{Path(t.file).name} 第 {r.line} 行" for t, r, _ in others)
            yield Problem(
                problem.file,
                problem.row,
                problem.field,
                problem.code,
                problem.detail,
                problem.fix_text,
                problem.suggestions,
                problem.cause,
                ("reference", *key),
                also,
            )


def _foreign_keys(data: DataSet, usable: dict, known: set[tuple]) -> list[Problem]:
    missing = Missing()
    targets: dict[tuple, set] = {}
    sources: dict[tuple, list] = defaultdict(list)
    """(table, fields) referencing each (target table, target fields)."""
    for table in usable.values():
        for fk in table.schema.get("foreignKeys") or []:
            fields, reference = list(fk["fields"]), fk["reference"]
            target = usable.get(reference.get("resource") or table.name)
            where = (target.name if target else "", tuple(reference["fields"]))
            if target is None or not has_fields(table, fields) or not has_fields(target, list(where[1])):
                continue
            if where not in targets:
                targets[where] = {value for _, value in _values(target, list(where[1]))}
            sources[where].append((table, fields))
            present = targets[where]
            for row, value in _values(table, fields):
                if value not in present:
                    missing.add((*where, value), table, row, fields[-1])

    used: dict[tuple, set] = {}
    """Values referenced, by (target table, target fields); made when first needed."""

    def describe(key: tuple, table: Table, row: Row, field: str, suggest: bool) -> Problem:
        target, target_fields, value = data.tables[key[0]], list(key[1]), key[2]
        if suggest and len(value) == 1 and len(missing.places[key]) > 1:
            if key[:2] not in used:
                used[key[:2]] = {v for source, fields in sources[key[:2]] for _, v in _values(source, fields)}
            renamed = _renamed(target, target_fields[0], value[0], used[key[:2]], known)
            if renamed is not None:
                return renamed
        if len(value) > 1 and suggest:
            unknown = _unknown_part(data, table, row, target, target_fields, value)
            if unknown is not None:
                return unknown
        return _missing_record(table, row, field, target, target_fields, value, suggest, known)

    return list(missing.problems(describe))


def _renamed(target: Table, field: str, value: str, used: set, known: set[tuple]) -> Problem | None:
    """The target record whose id was changed: it looks like ``value``, which several rows still use, and no
    row uses its new id. The problem is then reported there (one broken record, one problem)."""
    codes = vocabulary(target, field)
    found = codes.nearest(value)
    if not found.codes or found.by_name or (found.codes[0],) in used:
        return None
    meant = found.codes[0]
    row = next(r for r in target.rows if r[field] == meant)
    if (target.file, row.line, field) in known:
        return None
    title = next((field_title(f) for f in target.schema.get("fields", []) if f["name"] == field), field)
    return Problem(
        target.file,
        row.line,
        field,
        "foreign-key",
        f"{title}“{meant}”没有被任何记录引用，而其他表引用的“{value}”在 {Path(target.file).name} 中不存在："
        f"多半是把“{value}”改成了“{meant}”。",
        f"把编号改回 {value}（已发布的编号不要修改）；如果确实要改编号，引用它的每一行也要一起改。",
        (value,),
    )


def _unknown_part(data: DataSet, table: Table, row: Row, target: Table, target_fields: list[str], value: tuple) -> Problem | None:
    """A two-part reference (catalog, batch) whose first part is no record at all, as when 采购目录 is written
    for procurement: the problem is that cell, with the code its name or spelling points to."""
    if any(tuple(r[f] for f in target_fields[:-1]) == value[:-1] for r in target.rows):
        return None
    first = target_fields[0]
    for fk in target.schema.get("foreignKeys") or []:
        lookup = data.tables.get(fk["reference"].get("resource") or "")
        if list(fk["fields"]) != [first] or lookup is None:
            continue
        codes = vocabulary(lookup, fk["reference"]["fields"][0])
        found = codes.nearest(value[0])
        field = next(
            (
                list(own["fields"])[0]
                for own in table.schema.get("foreignKeys") or []
                if own["reference"].get("resource") == target.name and list(own["reference"]["fields"]) == target_fields
            ),
            None,
        )
        if field is None or not (found.codes or len(codes.names) <= 15):
            return None
        title = next(field_title(f) for f in table.schema["fields"] if f["name"] == field)
        named = "是名称，这里要填编号" if found.by_name and found.codes else f"不是 {Path(lookup.file).name} 中的编号"
        fix = f"改为 {codes.listing(found.codes[:1])}。" if found.codes else f"改用其中之一：{codes.listing(codes.names)}。"
        return Problem(table.file, row.line, field, "foreign-key", f"{title}“{value[0]}”{named}。", fix, found.codes[:1])
    return None


def _missing_record(
    table: Table, row: Row, field: str, target: Table, target_fields: list[str], value: tuple, suggest: bool, known: set[tuple]
) -> Problem:
    titles = {f["name"]: field_title(f) for f in table.schema.get("fields", [])}
    where = Path(target.file).name
    if len(value) > 1:  # a batch of a catalog: (catalog, batch)
        named = {f["name"]: field_title(f) for f in target.schema.get("fields", [])}
        shown = "、".join(f"{named.get(f, f)}“{v}”" for f, v in zip(target_fields, value, strict=True))
        same = [r for r in target.rows if tuple(r[f] for f in target_fields[:-1]) == value[:-1]]
        cause = _cause(target, target_fields[-1], value[-1], known, same)
        codes = Vocabulary(
            {
                r[target_fields[-1]]: [r["name"]] if "name" in r.values else []
                for r in same
                if (target.file, r.line, target_fields[-1]) not in known
            }
        )
        found = codes.nearest(value[-1]).codes if suggest and same else ()
        detail = f"{shown}的组合在 {where} 中不存在。"
        fix = (
            f"改为 {codes.listing(found)}；" if found else ""
        ) + f"如果引用的是一条新记录，先在 {where} 中添加它（可以在同一个拉取请求里）。"
        return Problem(table.file, row.line, field, "foreign-key", detail, fix, found, cause)
    shown = value[0]
    detail = f"{titles.get(field, field)}“{shown}”在 {where} 中不存在。"
    cause = _cause(target, target_fields[0], shown, known)
    if not suggest:
        return Problem(
            table.file,
            row.line,
            field,
            "foreign-key",
            detail,
            f"核对编号；如果引用的是一条新记录，先在 {where} 中添加它（可以在同一个拉取请求里）。",
            (),
            cause,
        )
    codes = vocabulary(target, target_fields[0])
    found = codes.nearest(shown)
    if found.by_name and found.codes:
        detail += f"“{shown}”是名称，这里要填编号。"
    fix = (
        f"改为 {codes.listing(found.codes)}；" if found.codes else "核对编号；"
    ) + f"如果引用的是一条新记录，先在 {where} 中添加它（可以在同一个拉取请求里）。"
    return Problem(table.file, row.line, field, "foreign-key", detail, fix, found.codes, cause)


def _cause(target: Table, field: str, value: str, known: set[tuple], rows: list[Row] | None = None) -> tuple | None:
    """The target row that was meant to be ``value`` but has an error in its key cell, if there is one."""
    place = getattr(known, "suggested", {}).get(value)
    if place and place[0] == target.file and place[2] == field:
        return place
    loose = squash(value)
    for row in target.rows if rows is None else rows:
        if (target.file, row.line, field) in known:
            cell = row[field]
            if cell is None or loose in squash(cell) or difflib.SequenceMatcher(None, loose, squash(cell)).ratio() >= 0.8:
                return (target.file, row.line, field)
    return None
