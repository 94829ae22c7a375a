"""``import_batch()``: read the list, plan, check in a temporary copy and (unless a dry run) swap the files in."""

from __future__ import annotations

from pathlib import Path

from ..settings import Settings
from ..validation.normalize import Unreadable
from ..validation.validate import validate
from .batch import BatchOptions
from .commit import SwapFailed, apply, check, edits
from .outcome import Finding, ImportFailed, Outcome
from .plan import plan
from .sheet import read_sheet


def import_batch(
    spreadsheet: Path,
    options: BatchOptions,
    data_root: Path,
    *,
    sheet_name: str | None = None,
    dry_run: bool = False,
    settings: Settings | None = None,
) -> Outcome:
    """Plan, check and (unless ``dry_run``) write the import; the data folder changes only when it all passes.

    ``settings`` is handed to the validator (both runs). Raises ImportFailed when the spreadsheet or the
    data folder cannot be read at all.
    """
    settings = settings or Settings.load()
    try:
        sheet = read_sheet(spreadsheet, sheet_name)
    except Unreadable as exc:
        raise ImportFailed(exc.detail) from exc
    report = validate(data_root, settings)
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
    problems, changes = check(report.data, planned, sheet, settings)
    counts = {
        r["name"]: (r.get("title", r["name"]), len(known.added[r["name"]]))
        for package in report.data.packages
        for r in package.descriptor["resources"]
        if known.added.get(r["name"])
    }
    if problems or dry_run:
        return Outcome(sheet.label, tuple(problems), tuple(notices), tuple(changes), (), counts)
    try:
        written = apply(planned)
    except SwapFailed as exc:
        raise ImportFailed(str(exc)) from exc
    return Outcome(sheet.label, (), tuple(notices), tuple(changes), tuple(written), counts)
