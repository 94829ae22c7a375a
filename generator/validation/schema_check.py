"""Schema check stage: run Frictionless on each data package and translate its findings into problems.

Frictionless checks what a Table Schema says about the header and each cell (types, required, enum,
pattern, bounds, lengths, blank rows). Keys and references are checked in ``keys.py`` instead, and a
cell that ``load`` has already judged (a placeholder, a bad date, NaN …) is not reported a second time.
Every message is written here and in ``explain.py``: none of Frictionless' own text reaches a person.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import frictionless

from ..forking import can_fork, fork_map
from ..settings import Settings
from . import cells, explain
from .load import DataPackage, Table, display_path
from .problems import Problem

_HEADER_ERRORS = {"missing-label", "extra-label", "blank-label", "duplicate-label", "incorrect-label", "blank-header"}
_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_SHAPE_ERRORS = {"extra-cell", "missing-cell"}
"""Reported by load.py, which knows how many cells the row has."""


def check_package(package: DataPackage, settings: Settings) -> list[Problem]:
    """Validate one package against its Table Schemas: header, types and constraints.

    From ``settings.parallel_bytes`` of CSV text on, ``settings.processes`` forked workers share the tables.
    """
    problems = []
    if not isinstance(package.sample, bool):
        problems.append(
            Problem(package.descriptor_file, None, "sample", "sample-flag", "datapackage.yaml 顶层缺少布尔值 sample。")
        )
    descriptor = {k: v for k, v in package.descriptor.items() if k != "sample"}
    by_path = {t.path: t for t in package.tables.values()}
    with tempfile.TemporaryDirectory(prefix="jl-validate-") as work:
        for table in package.tables.values():  # Frictionless checks the normalised text
            target = Path(work) / table.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(table.text, encoding="utf-8")
        try:
            checked = frictionless.Package(descriptor, basepath=work)
        except frictionless.FrictionlessException as exc:
            return problems + [
                Problem(
                    package.descriptor_file,
                    None,
                    None,
                    "package-unreadable",
                    f"datapackage.yaml 不符合数据包规范（{exc.error.type}，{_pointer(exc.error)}）。",
                    "对照 Frictionless 数据包和 Table Schema 规范检查 resources、schema、fields 的写法。",
                )
            ]
        try:  # what Package.validate() checks first; the tables are then validated as it would, one by one
            checked.to_descriptor(validate=True)
        except frictionless.FrictionlessException as exc:
            return problems + [
                Problem(
                    package.descriptor_file,
                    None,
                    None,
                    "package-unreadable",
                    f"datapackage.yaml 的表结构不符合规范（{error.type}，{_pointer(error)}）。",
                    "对照 Table Schema 规范检查这一处：字段类型只能是 string、integer、number、date、"
                    "boolean 等，constraints 中只能写 required、unique、enum、pattern、minimum 等。",
                )
                for error in exc.to_errors()
            ]
        for resource in checked.resources:  # keys and references: keys.py
            resource.schema.primary_key = []
            resource.schema.foreign_keys = []
            for found in resource.schema.fields:
                found.constraints.pop("unique", None)
        problems.extend(_resources(checked, package, by_path, settings))
    for table in package.tables.values():
        problems.extend(table.problems)
    return problems


def _pointer(error: frictionless.Error) -> str:
    """What the descriptor error is about: the names it quotes (a field type, a property), without its English."""
    quoted = re.findall(r'"([^"]+)"', str(error.note or ""))
    return "涉及“" + "”“".join(quoted) + "”" if quoted else "见数据包描述"


def _resources(checked: frictionless.Package, package: DataPackage, by_path: dict, settings: Settings) -> list[Problem]:
    """Validate every table of the package, in several processes when the data are large.

    Frictionless validates the tables of a package one after the other; each table's check is
    independent of the others, so forked workers can share them.
    """
    names = [resource.name for resource in checked.resources]
    size = sum(len(t.text) for t in package.tables.values())
    workers = settings.processes
    if size < settings.parallel_bytes or len(names) < 2 or workers < 2 or not can_fork():
        return _check_resources(checked, package, by_path, names)
    shares: list[list[str]] = [[] for _ in range(workers)]
    loads = [0] * workers
    sizes = {t.name: len(t.text) for t in package.tables.values()}
    for name in sorted(names, key=lambda n: -sizes.get(n, 0)):  # biggest first, each to the lightest share
        lightest = loads.index(min(loads))
        shares[lightest].append(name)
        loads[lightest] += sizes.get(name, 0)
    found = fork_map(lambda share: _check_resources(checked, package, by_path, share), shares)
    return [p for part in found for p in part]


def _check_resources(checked: frictionless.Package, package: DataPackage, by_path: dict, names: list[str]) -> list[Problem]:
    problems = []
    for name in names:
        report = checked.get_resource(name).validate()
        for task in report.tasks:
            table = by_path.get(task.place)
            if table is None:
                file = display_path(package.folder / (task.place or ""))
                problems.extend(
                    Problem(file, None, None, "package-unreadable", f"表格无法读取（{e.type}）。") for e in task.errors
                )
                continue
            judged = {(p.row, p.field) for p in table.problems}
            found = (_translate(error, table) for error in task.errors if error.type not in _SHAPE_ERRORS)
            problems.extend(p for p in found if p is not None and (p.row, p.field) not in judged)
        problems.extend(
            Problem(package.descriptor_file, None, None, "package-unreadable", f"数据包无法校验（{error.type}）。")
            for error in report.errors
        )
    return problems


_TYPE_WORDS = {
    "number": "数字",
    "integer": "整数",
    "date": "日期",
    "boolean": " true 或 false",
    "year": "年份",
    "datetime": "日期时间",
    "time": "时间",
}
"""A Table Schema type in words, for a value the cell checks let through (other types than theirs)."""


def _translate(error: frictionless.Error, table: Table) -> Problem | None:
    kind, file = error.type, table.file
    fields = table.schema.get("fields", [])
    if kind in _HEADER_ERRORS:
        name = getattr(error, "field_name", None) or None
        issue = explain.header(kind, str(getattr(error, "label", "") or ""), name, getattr(error, "field_number", None), fields)
        return Problem(file, 1, name if kind != "extra-label" else None, issue.code, issue.detail, issue.fix, issue.suggestions)
    row = getattr(error, "row_number", None)
    if row is not None and 0 <= row - 2 < len(table.record_lines):
        row = table.record_lines[row - 2]  # Frictionless counts records; people count lines
    if kind == "blank-row":
        return Problem(file, row, None, "blank-row", "这一行是空的（只有逗号，或什么都没有）。", "删除这一行。")
    name = getattr(error, "field_name", None) or None
    field = next((f for f in fields if f["name"] == name), {"name": name or ""})
    cell = getattr(error, "cell", None)
    if kind == "type-error":
        issue = cells.convert(str(cell or ""), field)[1] or cells.Issue(
            "type-error",
            f"{field.get('title') or name}“{cell}”不是{_TYPE_WORDS.get(field.get('type'), '这个字段要求的值')}。",
            "按网站“开放数据”中这张表的数据字典修改。",
        )
    elif kind == "constraint-error":
        match = _CONSTRAINT.search(error.note)
        issue = explain.constraint(match.group(1) if match else "", field, None if cell is None else str(cell))
    else:
        issue = cells.Issue("package-unreadable", f"表格无法按表结构校验（{kind}）。", "检查这一行的格式。")
    return Problem(file, row, name, issue.code, issue.detail, issue.fix, issue.suggestions)
