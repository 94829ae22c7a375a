"""What an import found and did, located in the spreadsheet as the contributor sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diff import RecordChange
from ..errors import BatchImportError
from .sheet import Column


def row_list(rows: list[int]) -> str:
    """5、7–9、12: row numbers with runs shortened."""
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


@dataclass(frozen=True)
class Finding:
    """A problem (the row cannot be imported) or a notice (imported; says what was decided and why)."""

    code: str
    """Stable English slug, e.g. ``unknown-category``."""
    message: str
    """What is wrong or what was decided, and what to fill in, in Chinese."""
    row: int | None = None
    """Row number in the spreadsheet; None for the whole sheet or the command."""
    column: Column | None = None
    option: str | None = None
    """The command-line option concerned, for problems with the options rather than the sheet."""

    def where(self, label: str, rows: list[int] | None = None) -> str:
        if self.option is not None:
            return f"命令行参数 {self.option}"
        parts = [label]
        rows = rows or ([self.row] if self.row is not None else [])
        if rows:
            parts.append(f"第 {row_list(rows)} 行")
        if self.column is not None:
            parts.append(f"“{self.column.header}”列（{self.column.letter} 列）")
        return " ".join(parts)

    def describe(self, label: str, rows: list[int] | None = None) -> str:
        return f"[{self.code}] {self.where(label, rows)}：{self.message}"


def grouped(findings: tuple[Finding, ...]) -> list[tuple[Finding, list[int]]]:
    """Findings that say the same about the same column, once, with all their rows (a maker merged over
    ten rows, a column missing from the whole table)."""
    groups: dict[tuple, tuple[Finding, list[int]]] = {}
    for finding in findings:
        key = (finding.code, finding.message, finding.column, finding.option)
        first, rows = groups.setdefault(key, (finding, []))
        if finding.row is not None:
            rows.append(finding.row)
    return list(groups.values())


@dataclass(frozen=True)
class Outcome:
    """The result of planning (and, unless a dry run, writing) one import."""

    label: str
    """The spreadsheet (and worksheet) the findings refer to."""
    problems: tuple[Finding, ...]
    notices: tuple[Finding, ...]
    changes: tuple[RecordChange, ...] = ()
    """Record-level diff of the data folder, as ``generator diff`` reports it."""
    written: tuple[str, ...] = ()
    """Files replaced in the data folder (empty for a dry run, a failure or nothing to do)."""
    summary: dict = field(default_factory=dict)
    """Table name -> (its title in datapackage.yaml, records added), in the package's order."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """Problems first, then notices, one per line."""
        return [p.describe(self.label, rows) for p, rows in grouped(self.problems)] + [
            f"[提示] {n.where(self.label, rows)}：{n.message}" for n, rows in grouped(self.notices)
        ]

    def closing(self, dry_run: bool) -> str:
        """The last line: what happened to the data folder and what to do next."""
        if not self.ok:
            return (
                f"未导入：共 {len(grouped(self.problems))} 个问题，数据目录没有任何改动。请按上面的说明修改表格"
                "（行号和列名都是表格中的），然后重新运行。"
            )
        added = "，".join(f"{title} {count} 条" for title, count in self.summary.values())
        if not self.changes:
            return "数据中已有表中的全部记录，没有需要改动的内容（重复导入同一份表格不会改动数据）。"
        if dry_run:
            return f"试运行（--dry-run）：以上是导入后的逐条记录变更（新增：{added or '无'}），数据目录没有改动。"
        return (
            f"已导入并通过校验（新增：{added or '无'}），改动的文件：{'、'.join(self.written)}。"
            "下一步：检查上面的变更和提示，提交这些文件并发起拉取请求（见 CONTRIBUTING.md 3.8）。"
        )


class ImportFailed(BatchImportError):
    """The spreadsheet or the data folder cannot be read at all (exit status 2); nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
