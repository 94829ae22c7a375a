"""Validate stage: schema check plus integrity rules, collected into one report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings
from . import integrity, schema_check
from .load import DataSet, UnusableInput, load
from .problems import Problem


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
        problem = Problem(data.packages[0].descriptor_file, None, None, "package-unreadable",
                          f"缺少资源：{'、'.join(missing)}。")
        return Report((problem,), None)
    problems = []
    for package in data.packages:
        problems.extend(schema_check.check_package(package, settings))
    if any(p.kind.unusable for p in problems):
        return Report(tuple(sorted(problems)), None)
    problems.extend(integrity.check(data))
    return Report(tuple(sorted(set(problems), key=_order)), data)


def _order(problem: Problem) -> tuple:
    return (problem.file, problem.row or 0, problem.field or "", problem.code, problem.detail)
