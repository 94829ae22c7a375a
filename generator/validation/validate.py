"""Validate stage: schema check, keys and integrity rules, collected into one report.

One mistake is one problem: a cell gets one problem (one that suggests a value if any does, else the most
basic by the order of ``CODES``), and
problems that follow from another (``cause``) or repeat one mistake (``group``) are counted under it
("另有 N 处引用它") instead of being listed N more times.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..settings import Settings
from . import codes, integrity, keys, schema_check
from .load import DataSet, UnusableInput, load
from .problems import CODES, Known, Problem

_RANK = {code: n for n, code in enumerate(CODES)}


@dataclass(frozen=True)
class Report:
    """The outcome of validating a data directory."""

    problems: tuple[Problem, ...]
    data: DataSet | None
    """The loaded data; None when the input was unusable."""

    @property
    def valid(self) -> bool:
        return self.data is not None and not self.problems

    @property
    def unusable(self) -> bool:
        return self.data is None

    @property
    def exit_status(self) -> int:
        """0 valid, 1 invalid, 2 unusable input."""
        return 2 if self.unusable else int(not self.valid)

    @property
    def notices(self) -> tuple[Problem, ...]:
        """What reading changed and what a spreadsheet might misread; they do not make the data invalid."""
        return tuple(sorted(self.data.notices, key=_order)) if self.data else ()


def validate(root: Path, settings: Settings | None = None) -> Report:
    """Read and check everything under ``root``; never raises for bad data.

    ``settings`` tunes the schema check's worker processes; without it, the project's own (mkdocs.yml).
    """
    settings = settings or Settings.load()
    try:
        data = load(root)
    except UnusableInput as exc:
        return Report(tuple(exc.problems), None)
    missing = [name for name in integrity.REQUIRED_TABLES if name not in data.tables]
    if missing:
        problem = Problem(
            data.packages[0].descriptor_file,
            None,
            None,
            "package-unreadable",
            f"缺少资源：{'、'.join(missing)}。",
            "在 datapackage.yaml 的 resources 中恢复这些表。",
        )
        return Report((problem,), None)
    problems = []
    for package in data.packages:
        problems.extend(schema_check.check_package(package, settings))
    if any(p.kind.unusable for p in problems):
        return Report(tuple(sorted(problems, key=_order)), None)
    known = Known(problems)
    found = keys.check(data, known) + codes.check(data, known)
    found += integrity.check(data, Known(problems + found))
    return Report(tuple(sorted(grouped(problems + found), key=_in_column_order(data))), data)


def grouped(problems: list[Problem]) -> list[Problem]:
    """One problem per mistake: one per cell, knock-on problems counted under their cause, repeats folded."""
    by_cell: dict[tuple, Problem] = {}
    for problem in sorted(set(problems), key=lambda p: (not p.suggestions, _RANK.get(p.code, len(_RANK)), _order(p))):
        cell = problem.field and problem.row is not None  # a table's cell; a YAML key may break two rules
        place = problem.location() if cell else (*problem.location(), problem.code, problem.detail)
        if place not in by_cell:
            by_cell[place] = problem
    shaped = {(p.file, p.row) for p in by_cell.values() if p.code == "row-shape"}  # its cells are in the wrong columns
    headers = {}
    for p in by_cell.values():
        if p.code == "header-mismatch":
            headers.setdefault(p.file, p.location())
    kept = []
    for p in by_cell.values():
        if p.code != "row-shape" and (p.file, p.row) in shaped:
            continue
        kept.append(replace(p, cause=headers[p.file]) if p.code == "row-shape" and p.file in headers else p)
    causes = {p.location(): p for p in kept if p.cause is None}
    extra: dict[tuple, list[str]] = {}
    affects = set()
    standing = []
    for problem in kept:
        cause = causes.get(problem.cause) if problem.cause else None
        if cause is not None and cause is not problem:
            extra.setdefault(cause.location(), []).extend([f"{Path(problem.file).name} 第 {problem.row} 行", *problem.also])
            if problem.code not in {"foreign-key", "reference-missing"}:
                affects.add(cause.location())
        else:
            standing.append(problem)
    return [
        replace(p, also=(*p.also, *extra[p.location()]), affects=p.location() in affects) if p.location() in extra else p
        for p in standing
    ]


def _order(problem: Problem) -> tuple:
    return (problem.file, problem.row or 0, problem.field or "", problem.code, problem.detail)


def _in_column_order(data: DataSet):
    """Sort key: by file and line, and within a line by the columns' order in the file (as a person reads it)."""
    columns = {t.file: {name: n for n, name in enumerate(t.header)} for p in data.packages for t in p.tables.values()}

    def order(problem: Problem) -> tuple:
        column = columns.get(problem.file, {}).get(problem.field or "", -1)
        return (problem.file, problem.row or 0, column, *_order(problem)[2:])

    return order
