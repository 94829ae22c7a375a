"""Write the planned records all at once or not at all.

The edited files are first written into a temporary copy of the data folder and validated there;
only when the copy passes are the files swapped into the data folder, each by an atomic rename, and
if any swap fails the files already swapped are put back. A dry run stops after the diff.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

from ..diff import RecordChange, changes_between, snapshot_of
from ..errors import BatchImportError
from ..settings import Settings
from ..validation.load import DataSet, display_path
from ..validation.validate import validate
from .csvedit import edit
from .known import Known, Record
from .outcome import Finding
from .sheet import Sheet


@dataclasses.dataclass(frozen=True)
class Edit:
    """One CSV file to replace."""

    path: Path
    before: bytes
    after: bytes
    records: dict[int, Record]
    """Line in the new file -> the imported record that starts there."""


def edits(data: DataSet, known: Known) -> list[Edit]:
    """The new content of every CSV file the import touches."""
    out = []
    for name, table in data.tables.items():
        added, changed = known.added.get(name, []), known.changed(name)
        if not added and not changed:
            continue
        path = _package_folder(data, name) / table.path
        before = path.read_bytes()
        after, moved, lines = edit(before, {r.line: r.changed for r in changed}, [r.values for r in added])
        records = {moved[r.line]: r for r in changed if r.line in moved} | dict(zip(lines, added, strict=True))
        out.append(Edit(path, before, after, records))
    return out


def _package_folder(data: DataSet, table: str) -> Path:
    return next(p.folder for p in data.packages if table in p.tables)


def check(data: DataSet, planned: list[Edit], sheet: Sheet, settings: Settings) -> tuple[list[Finding], list[RecordChange]]:
    """Validate a copy of the data folder with the edits applied: (problems located in the sheet, diff)."""
    with tempfile.TemporaryDirectory(prefix="jl-import-") as work:
        copy = Path(work) / "data"
        shutil.copytree(data.root, copy)
        where = {}
        for item in planned:
            target = copy / item.path.relative_to(data.root)
            target.write_bytes(item.after)
            where[display_path(target)] = item
        report = validate(copy, settings)
        if report.data is None:
            return [_unmapped(p, copy, data.root) for p in report.problems], []
        problems = [_locate(p, where, copy, data.root, sheet) for p in report.problems]
        changes = changes_between(snapshot_of(data, relative=True), snapshot_of(report.data, relative=True))
    return problems, changes


def _locate(problem, where: dict, copy: Path, root: Path, sheet: Sheet) -> Finding:
    """The validator's problem, placed on the spreadsheet row (and column) the record came from."""
    item = where.get(problem.file)
    record = item.records.get(problem.row) if item else None
    if record is None or record.row is None:
        return _unmapped(problem, copy, root)
    row = next(r for r in sheet.rows if r.number == record.row)
    column = row.column(record.columns[problem.field]) if problem.field in record.columns else None
    return Finding(
        problem.code,
        f"导入后的数据未通过校验：{problem.kind.title}。{problem.detail}{problem.others}修改方法：{problem.fix}",
        record.row,
        column,
    )


def _unmapped(problem, copy: Path, root: Path) -> Finding:
    """A problem the spreadsheet cannot be blamed for row by row, named in the real data folder."""
    try:
        real = display_path(root / Path(problem.file).resolve().relative_to(copy.resolve()))
    except ValueError:
        real = problem.file
    return Finding(problem.code, "导入后的数据未通过校验：" + dataclasses.replace(problem, file=real).message)


class SwapFailed(BatchImportError):
    """A data file could not be replaced; the files already replaced have been restored."""


def apply(planned: list[Edit]) -> list[str]:
    """Replace the files; all or none. Refuses when a file changed since it was read."""
    for item in planned:
        if item.path.read_bytes() != item.before:
            raise SwapFailed(f"{display_path(item.path)} 在导入期间被修改了：数据没有改动，请重新运行导入。")
    staged, done = [], []
    try:
        for item in planned:  # every new file is complete on disk before the first one is swapped in
            temporary = item.path.with_name(item.path.name + ".import-tmp")
            staged.append(temporary)
            temporary.write_bytes(item.after)
        for item, temporary in zip(planned, staged, strict=True):
            os.replace(temporary, item.path)
            done.append(item)
    except OSError as exc:
        for item in done:
            item.path.write_bytes(item.before)
        raise SwapFailed(f"无法写入 {display_path(planned[len(done)].path)}（{exc}）：已恢复原有文件，数据没有改动。") from exc
    finally:
        for temporary in staged:
            temporary.unlink(missing_ok=True)
    return [display_path(item.path) for item in planned]
