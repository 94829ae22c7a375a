"""Schema check stage: run Frictionless on each data package and translate its errors."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import frictionless

from ..forking import can_fork, fork_map
from ..settings import Settings
from .load import DataPackage, display_path
from .problems import Problem

_HEADER_ERRORS = {"missing-label", "extra-label", "blank-label", "duplicate-label", "incorrect-label", "blank-header"}
_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_BY_CONSTRAINT = {"required": "required-missing", "enum": "enum-mismatch", "pattern": "pattern-mismatch",
                  "unique": "duplicate-key"}


def check_package(package: DataPackage, settings: Settings) -> list[Problem]:
    """Validate one package against its Table Schemas: types, constraints and keys.

    From ``settings.parallel_bytes`` of CSV text on, ``settings.processes`` forked workers share the tables.
    """
    problems = []
    if not isinstance(package.sample, bool):
        problems.append(Problem(package.descriptor_file, None, "sample", "sample-flag",
                                "datapackage.yaml 顶层缺少布尔值 sample。"))
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
            return problems + [Problem(package.descriptor_file, None, None, "package-unreadable",
                                       f"Frictionless 无法读取数据包：{exc.error.message}")]
        try:  # what Package.validate() checks first; the tables are then validated as it would, one by one
            checked.to_descriptor(validate=True)
        except frictionless.FrictionlessException as exc:
            return problems + [_translate(error, package.descriptor_file, ()) for error in exc.to_errors()]
        problems.extend(_resources(checked, package, by_path, settings))
    for table in package.tables.values():
        problems.extend(table.problems)
    return problems


def _resources(checked: frictionless.Package, package: DataPackage, by_path: dict, settings: Settings) -> list[Problem]:
    """Validate every table of the package (foreign keys included), in several processes when the data are large.

    Frictionless validates the tables of a package one after the other; each table's check (with its
    foreign-key lookups) is independent of the others, so forked workers can share them.
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
            file = table.file if table else display_path(package.folder / (task.place or ""))
            found = [_translate(error, file, table.record_lines if table else ()) for error in task.errors]
            problems.extend(_distinct(found))
        problems.extend(_translate(error, package.descriptor_file, ()) for error in report.errors)
    return problems


def _distinct(problems: list[Problem]) -> list[Problem]:
    """One problem per row for what Frictionless reports twice.

    A blank row also breaks the primary key, and a duplicated key is both a
    primary-key and a unique error; the user needs to hear it once.
    """
    blank = {p.row for p in problems if p.code == "blank-row"}
    keyed = {p.row for p in problems if p.code == "duplicate-key" and p.field}
    return [p for p in problems
            if not (p.row in blank and p.code != "blank-row")
            and not (p.code == "duplicate-key" and p.field is None and p.row in keyed)]


def _translate(error: frictionless.Error, file: str, lines: tuple[int, ...]) -> Problem:
    kind = error.type
    row = getattr(error, "row_number", None)
    if row is not None and 0 <= row - 2 < len(lines):
        row = lines[row - 2]  # Frictionless counts records; people count lines
    field = getattr(error, "field_name", None) or ",".join(getattr(error, "field_names", None) or []) or None
    cell = getattr(error, "cell", None)
    if kind in _HEADER_ERRORS:
        label = getattr(error, "label", "")
        return Problem(file, 1, field, "header-mismatch", f"表头“{label}”与表结构不符（{error.note}）。")
    if kind in {"extra-cell", "missing-cell"}:
        return Problem(file, row, field, "row-shape", f"该行{'多出' if kind == 'extra-cell' else '缺少'}单元格。")
    if kind == "blank-row":
        return Problem(file, row, None, "blank-row", "该行为空。")
    if kind == "type-error":
        return Problem(file, row, field, "type-error", f"“{cell}”不是合法的 {error.note.split('/')[0][9:]} 值。")
    if kind == "constraint-error":
        match = _CONSTRAINT.search(error.note)
        code = _BY_CONSTRAINT.get(match.group(1) if match else "", "constraint-violation")
        shown = "（空）" if cell in (None, "") else f"“{cell}”"
        return Problem(file, row, field, code, f"{shown} 不满足约束：{error.note}。")
    if kind in {"unique-error", "primary-key"}:
        return Problem(file, row, field, "duplicate-key", f"主键或唯一字段重复（{error.note}）。")
    if kind == "foreign-key":
        cells = ",".join(str(c) for c in (getattr(error, "cells", None) or []))
        return Problem(file, row, field, "foreign-key", f"“{cells}”在被引用的表中找不到（{error.note}）。")
    return Problem(file, row, field, "package-unreadable", f"{error.title}：{error.message}")
