"""Import an official batch list (目录批次公告的附表) from a spreadsheet into the catalog data package.

Stages, one module each: ``sheet`` reads the .xlsx or CSV and finds its header (variants in
``columns.yaml``); ``cells`` cleans and checks each value; ``makers``, ``products``, ``proof`` and
``batch`` (driven by ``plan``) match the rows against the records already in the data (``known``) and
decide what to add or correct; ``csvedit`` writes the changes in each CSV file's own format; ``commit``
validates the result in a temporary copy and swaps the files in only when it passes.
"""

from __future__ import annotations

from pathlib import Path

from ..normalize import Unreadable
from ..validate import validate
from .batch import BatchOptions
from .commit import SwapFailed, apply, check, edits
from .outcome import Finding, ImportFailed, Outcome
from .plan import plan
from .sheet import read_sheet

__all__ = ["BatchOptions", "ImportFailed", "Outcome", "import_batch"]


def import_batch(spreadsheet: Path, options: BatchOptions, data_root: Path, *, sheet_name: str | None = None,
                 dry_run: bool = False) -> Outcome:
    """Plan, check and (unless ``dry_run``) write the import; the data folder changes only when it all passes.

    Raises ImportFailed when the spreadsheet or the data folder cannot be read at all.
    """
    try:
        sheet = read_sheet(spreadsheet, sheet_name)
    except Unreadable as exc:
        raise ImportFailed(exc.detail) from exc
    report = validate(data_root)
    if report.unusable:
        raise ImportFailed("数据目录无法读取：" + "；".join(p.message for p in report.problems))
    if not report.valid:
        found = [Finding("data-invalid", "导入前数据目录本身未通过校验，请先修正：" + p.message) for p in report.problems]
        return Outcome(sheet.label, tuple(found), ())
    known, problems, notices = plan(report.data, sheet, options)
    if problems:
        return Outcome(sheet.label, tuple(problems), tuple(notices))
    planned = edits(report.data, known)
    if not planned:
        return Outcome(sheet.label, (), tuple(notices))
    problems, changes = check(report.data, planned, sheet)
    counts = {name: len(records) for name, records in known.added.items()}
    if problems or dry_run:
        return Outcome(sheet.label, tuple(problems), tuple(notices), tuple(changes), (), counts)
    try:
        written = apply(planned)
    except SwapFailed as exc:
        raise ImportFailed(str(exc)) from exc
    return Outcome(sheet.label, (), tuple(notices), tuple(changes), tuple(written), counts)
