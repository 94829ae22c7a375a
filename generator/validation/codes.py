"""Code cells: a region, category, scenario, certification body or reason written in a catalog table must be a
code of its reference table (in another data package, so Table Schema cannot check it). A wrong code gets the
nearest codes by code and by name; a reference table only the maintainers change is never offered as a place
to add a code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .keys import Missing, has_fields, usable_tables, vocabulary
from .load import DataSet, Row, Table
from .problems import Problem
from .suggest import Vocabulary, field_title, squash

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
    """Code cells whose codes are not in their reference table (or not allowed there)."""
    usable = usable_tables(data)
    missing = Missing()
    for ref in CODE_REFERENCES:
        table, target = usable.get(ref.table), usable.get(ref.target)
        if table is None or target is None or not has_fields(table, [ref.field]):
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
        return Problem(
            table.file,
            row.line,
            ref.field,
            "reference-missing",
            detail,
            f"写成 {fixed}（{codes.listing(dict.fromkeys(meant))}；多个代码之间用英文分号 ; 分隔，不加空格）。",
            (fixed,),
        )
    return Problem(
        table.file,
        row.line,
        ref.field,
        "reference-missing",
        detail,
        f"从这些代码中选择，多个用英文分号 ; 分隔：{codes.listing(codes.names)}。",
    )


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


def _not_allowed(
    table: Table, row: Row, ref: CodeReference, target: Table, code: str, exact: str, codes: Vocabulary, title: str
) -> Problem:
    """A code that exists but may not be used here: a category class instead of an item, a non-negative reason."""
    record = next(r for r in target.rows if r[ref.target_field] == exact)
    named = f"“{code}”" if code == exact else f"“{code}”（即 {exact}）"
    if ref.target == "categories":
        children = [r["code"] for r in target.rows if r["parent"] == exact and r["code"] in codes]
        detail = f"{title}{named}是大类“{record['name']}”，产品要填品目（level 为 item）的代码。"
        fix = (
            f"从“{record['name']}”下的品目中选一个：{codes.listing(children)}。"
            if children
            else "改用 categories.csv 中 level 为 item 的品目代码。"
        )
        return Problem(table.file, row.line, ref.field, "reference-missing", detail, fix, tuple(children))
    detail = f"{title}{named}（{record['name']}）不能用在这里。"
    if ref.target == "reason_codes":
        detail = f"{title}{named}（{record['name']}）是常规移出的原因，不能作为列入负面清单的原因。"
    fix = (
        f"负面清单原因只能是：{codes.listing(codes.names)}。"
        if ref.target == "reason_codes"
        else f"改为 {codes.listing(codes.names)} 之一。"
    )
    return Problem(table.file, row.line, ref.field, "reference-missing", detail, fix, tuple(codes.names))
