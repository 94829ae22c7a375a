"""Keys: duplicate ids, references to records that do not exist, and codes missing from the reference tables.

Frictionless could check primary and foreign keys too, but it names a duplicate's twin by its position
among the records and quotes a missing reference with the whole row in English. Here a duplicate names the
other row's line and the next free id (what ``generator new`` would give); a missing reference names the
value, the nearest valid codes by code and by name, and is reported once however many rows use it
("另有 N 处引用它"), under the broken record itself when that record has an error of its own.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .load import DataSet, Row, Table
from .problems import Problem
from .suggest import Vocabulary, field_title, next_free_id, squash

NAME_FIELDS = ("name", "short_name", "division_code")
"""Fields whose values name a record: a reference written as one of these gets the record's code suggested."""
SUGGESTED = 200
"""Missing references that get nearest-code suggestions at most (each looks through the whole target table)."""
MAINTAINED = {"regions", "categories", "scenarios", "reason_codes"}
"""Reference tables only the maintainers change (CONTRIBUTING, section 1): never invite a new code there."""


@dataclass(frozen=True)
class CodeReference:
    """A field holding codes of a reference table in another data package (integrity, not Table Schema)."""

    table: str
    field: str
    target: str
    target_field: str
    allowed: Callable[[Row], bool] | None = None
    """Which target rows may be referenced (categories: items only)."""
    separator: str | None = None
    """Several codes in one cell, split by this."""


CODE_REFERENCES = (
    CodeReference("enterprises", "region", "regions", "id"),
    CodeReference("demo_projects", "region", "regions", "id"),
    CodeReference("products", "category", "categories", "code", lambda r: r["level"] == "item"),
    CodeReference("products", "scenarios", "scenarios", "code", separator=";"),
    CodeReference("certificates", "body", "certification_bodies", "id"),
    CodeReference("catalog_entries", "removal_reason", "reason_codes", "code"),
    CodeReference("negative_list", "reason", "reason_codes", "code", lambda r: r["negative"] is True),
)


def check(data: DataSet, known: set[tuple]) -> list[Problem]:
    """Duplicates, missing references and missing codes; ``known`` holds the locations already reported."""
    usable = {name: t for name, t in data.tables.items() if _has(t, [f["name"] for f in t.schema.get("fields", [])])}
    problems = [p for table in usable.values() for p in _duplicates(table)]
    problems += _foreign_keys(data, usable, known)
    problems += _code_references(usable, known)
    return problems


def _has(table: Table, fields: list[str]) -> bool:
    """True when the table's header has these fields (a broken header is reported once, as itself)."""
    return set(fields) <= set(table.header or fields)


def _key_fields(table: Table) -> list[str]:
    key = table.schema.get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def _duplicates(table: Table) -> Iterator[Problem]:
    titles = {f["name"]: field_title(f) for f in table.schema.get("fields", [])}
    key = _key_fields(table)
    unique = [[f["name"]] for f in table.schema.get("fields", []) if (f.get("constraints") or {}).get("unique")
              and [f["name"]] != key]
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
            return Problem(table.file, row.line, fields[0], "duplicate-key", detail,
                           f"如果这是一条新记录，改用没用过的编号 {free}；如果和第 {line} 行是同一条记录，删除其中一行。",
                           (free,))
        return Problem(table.file, row.line, fields[0], "duplicate-key", detail,
                       f"换一个没用过的{titles[fields[0]]}；如果和第 {line} 行是同一条记录，删除其中一行。")
    shown = "、".join(f"{titles[f]}“{v}”" for f, v in zip(fields, value, strict=True))
    return Problem(table.file, row.line, fields[-1], "duplicate-key", f"{shown}的组合在第 {line} 行已经有了。",
                   f"同一条记录只写一行：删除这一行或第 {line} 行；两行内容不同时，核对原件后保留正确的一行。")


def vocabulary(table: Table, field: str, allowed: Callable[[Row], bool] | None = None) -> Vocabulary:
    """The valid values of ``table.field`` with the names of their records, for suggestions."""
    names = [f["name"] for f in table.schema.get("fields", []) if f["name"] in NAME_FIELDS]
    return Vocabulary({row[field]: [row[n] for n in names] for row in table.rows
                       if row[field] is not None and (allowed is None or allowed(row))})


class _Missing:
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
            yield Problem(problem.file, problem.row, problem.field, problem.code, problem.detail, problem.fix_text,
                          problem.suggestions, problem.cause, ("reference", *key), also)


def _foreign_keys(data: DataSet, usable: dict, known: set[tuple]) -> list[Problem]:
    missing = _Missing()
    targets: dict[tuple, set] = {}
    sources: dict[tuple, list] = defaultdict(list)
    """(table, fields) referencing each (target table, target fields)."""
    for table in usable.values():
        for fk in table.schema.get("foreignKeys") or []:
            fields, reference = list(fk["fields"]), fk["reference"]
            target = usable.get(reference.get("resource") or table.name)
            where = (target.name if target else "", tuple(reference["fields"]))
            if target is None or not _has(table, fields) or not _has(target, list(where[1])):
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
    return Problem(target.file, row.line, field, "foreign-key",
                   f"{title}“{meant}”没有被任何记录引用，而其他表引用的“{value}”在 {Path(target.file).name} 中不存在："
                   f"多半是把“{value}”改成了“{meant}”。",
                   f"把编号改回 {value}（已发布的编号不要修改）；如果确实要改编号，引用它的每一行也要一起改。", (value,))


def _unknown_part(data: DataSet, table: Table, row: Row, target: Table, target_fields: list[str],
                  value: tuple) -> Problem | None:
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
        field = next((list(own["fields"])[0] for own in table.schema.get("foreignKeys") or []
                      if own["reference"].get("resource") == target.name
                      and list(own["reference"]["fields"]) == target_fields), None)
        if field is None or not (found.codes or len(codes.names) <= 15):
            return None
        title = next(field_title(f) for f in table.schema["fields"] if f["name"] == field)
        named = "是名称，这里要填编号" if found.by_name and found.codes else f"不是 {Path(lookup.file).name} 中的编号"
        fix = f"改为 {codes.listing(found.codes[:1])}。" if found.codes else f"改用其中之一：{codes.listing(codes.names)}。"
        return Problem(table.file, row.line, field, "foreign-key", f"{title}“{value[0]}”{named}。", fix,
                       found.codes[:1])
    return None


def _missing_record(table: Table, row: Row, field: str, target: Table, target_fields: list[str], value: tuple,
                    suggest: bool, known: set[tuple]) -> Problem:
    titles = {f["name"]: field_title(f) for f in table.schema.get("fields", [])}
    where = Path(target.file).name
    if len(value) > 1:  # a batch of a catalog: (catalog, batch)
        named = {f["name"]: field_title(f) for f in target.schema.get("fields", [])}
        shown = "、".join(f"{named.get(f, f)}“{v}”" for f, v in zip(target_fields, value, strict=True))
        same = [r for r in target.rows if tuple(r[f] for f in target_fields[:-1]) == value[:-1]]
        cause = _cause(target, target_fields[-1], value[-1], known, same)
        codes = Vocabulary({r[target_fields[-1]]: [r["name"]] if "name" in r.values else [] for r in same
                            if (target.file, r.line, target_fields[-1]) not in known})
        found = codes.nearest(value[-1]).codes if suggest and same else ()
        detail = f"{shown}的组合在 {where} 中不存在。"
        fix = (f"改为 {codes.listing(found)}；" if found else "") + \
            f"如果引用的是一条新记录，先在 {where} 中添加它（可以在同一个拉取请求里）。"
        return Problem(table.file, row.line, field, "foreign-key", detail, fix, found, cause)
    shown = value[0]
    detail = f"{titles.get(field, field)}“{shown}”在 {where} 中不存在。"
    cause = _cause(target, target_fields[0], shown, known)
    if not suggest:
        return Problem(table.file, row.line, field, "foreign-key", detail,
                       f"核对编号；如果引用的是一条新记录，先在 {where} 中添加它（可以在同一个拉取请求里）。", (), cause)
    codes = vocabulary(target, target_fields[0])
    found = codes.nearest(shown)
    if found.by_name and found.codes:
        detail += f"“{shown}”是名称，这里要填编号。"
    fix = (f"改为 {codes.listing(found.codes)}；" if found.codes else "核对编号；") + \
        f"如果引用的是一条新记录，先在 {where} 中添加它（可以在同一个拉取请求里）。"
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


def _code_references(usable: dict, known: set[tuple]) -> list[Problem]:
    missing = _Missing()
    for ref in CODE_REFERENCES:
        table, target = usable.get(ref.table), usable.get(ref.target)
        if table is None or target is None or not _has(table, [ref.field]):
            continue
        allowed = {r[ref.target_field] for r in target.rows if ref.allowed is None or ref.allowed(r)}
        for row in table.rows:
            cell = row[ref.field]
            if cell is None or ref.field in row.bad:
                continue
            wrong = any(part not in allowed for part in _parts(cell)) if ref.separator else cell not in allowed
            if wrong:
                missing.add((ref.table, ref.field, cell), table, row, ref.field)

    def describe(key: tuple, table: Table, row: Row, field: str, suggest: bool) -> Problem:
        ref = next(r for r in CODE_REFERENCES if (r.table, r.field) == key[:2])
        if ref.separator:
            return _missing_codes(table, row, ref, usable[ref.target], key[2])
        return _missing_code(table, row, ref, usable[ref.target], key[2])

    return list(missing.problems(describe))


def _parts(cell: str) -> list[str]:
    """The codes of a several-codes cell, however they were separated."""
    return [part for part in re.split(r"[;,，、；\s]+", cell) if part]


def _missing_codes(table: Table, row: Row, ref: CodeReference, target: Table, cell: str) -> Problem:
    """A cell of several codes (green-building;rural-housing) with unknown ones: the whole cell, corrected."""
    title = next((field_title(f) for f in table.schema.get("fields", []) if f["name"] == ref.field), ref.field)
    codes = vocabulary(target, ref.target_field, ref.allowed)
    parts = _parts(cell)
    wrong = [part for part in parts if part not in codes]
    meant = [part if part in codes else next(iter(codes.nearest(part).codes), None) for part in parts]
    detail = f"{title}“{cell}”中的“{'”“'.join(wrong)}”不是 {Path(target.file).name} 中的代码。"
    if None not in meant:
        fixed = ";".join(dict.fromkeys(meant))
        return Problem(table.file, row.line, ref.field, "reference-missing", detail,
                       f"写成 {fixed}（{codes.listing(dict.fromkeys(meant))}；多个代码之间用英文分号 ; 分隔，不加空格）。",
                       (fixed,))
    return Problem(table.file, row.line, ref.field, "reference-missing", detail,
                   f"从这些代码中选择，多个用英文分号 ; 分隔：{codes.listing(codes.names)}。")


def _missing_code(table: Table, row: Row, ref: CodeReference, target: Table, code: str) -> Problem:
    titles = {f["name"]: field_title(f) for f in table.schema.get("fields", [])}
    title, where = titles.get(ref.field, ref.field), Path(target.file).name
    codes = vocabulary(target, ref.target_field, ref.allowed)
    every = vocabulary(target, ref.target_field)
    if ref.target in MAINTAINED:
        last = f"{where} 由维护者管理，不要自己添加代码；确实没有合适的，请在拉取请求的说明中写明，由维护者处理。"
    else:
        last = f"如果是尚未收录的{title}，先在 {where} 中添加（见 CONTRIBUTING.md 第 1 节）。"
    meant = every.nearest(code)
    exact = meant.codes[0] if meant.codes and (meant.by_name or squash(meant.codes[0]) == squash(code)) else None
    if exact is not None and exact not in codes:  # a real code, but not one allowed here
        return _not_allowed(table, row, ref, target, code, exact, codes, title)
    found = codes.nearest(code)
    detail = f"{title}“{code}”不是 {where} 中的代码。"
    if found.by_name and found.codes:
        detail = f"{title}“{code}”是名称，这里要填 {where} 中的代码。"
    every_code = f"：{codes.listing(codes.names)}" if len(codes.names) <= 15 else ""
    fix = (f"改为 {codes.listing(found.codes)}。" if found.codes else f"改用 {where} 中已有的代码{every_code}。") + last
    return Problem(table.file, row.line, ref.field, "reference-missing", detail, fix, found.codes)


def _not_allowed(table: Table, row: Row, ref: CodeReference, target: Table, code: str, exact: str,
                 codes: Vocabulary, title: str) -> Problem:
    """A code that exists but may not be used here: a category class instead of an item, a non-negative reason."""
    record = next(r for r in target.rows if r[ref.target_field] == exact)
    named = f"“{code}”" if code == exact else f"“{code}”（即 {exact}）"
    if ref.target == "categories":
        children = [r["code"] for r in target.rows if r["parent"] == exact and r["code"] in codes]
        detail = f"{title}{named}是大类“{record['name']}”，产品要填品目（level 为 item）的代码。"
        fix = f"从“{record['name']}”下的品目中选一个：{codes.listing(children)}。" if children else \
            "改用 categories.csv 中 level 为 item 的品目代码。"
        return Problem(table.file, row.line, ref.field, "reference-missing", detail, fix, tuple(children))
    detail = f"{title}{named}（{record['name']}）不能用在这里。"
    if ref.target == "reason_codes":
        detail = f"{title}{named}（{record['name']}）是常规移出的原因，不能作为列入负面清单的原因。"
    fix = f"负面清单原因只能是：{codes.listing(codes.names)}。" if ref.target == "reason_codes" else \
        f"改为 {codes.listing(codes.names)} 之一。"
    return Problem(table.file, row.line, ref.field, "reference-missing", detail, fix, tuple(codes.names))
