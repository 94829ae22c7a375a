"""Apply the edits of a YAML case file to a copy of a fixture data folder."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import yaml

FIXTURES = Path(__file__).parent / "fixtures"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _save(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def apply_edits(root: Path, edits: list[dict]) -> None:
    """Each edit names a file below ``root`` and one operation."""
    for edit in edits:
        path = root / edit["file"] if "file" in edit else None
        if "set" in edit:  # {line, field, value}: change one CSV cell
            rows = _rows(path)
            change = edit["set"]
            rows[change["line"] - 1][rows[0].index(change["field"])] = str(change["value"])
            _save(path, rows)
        elif "append" in edit:  # {field: value}: add a CSV record, other cells empty
            rows = _rows(path)
            rows.append([str(edit["append"].get(name, "")) for name in rows[0]])
            _save(path, rows)
        elif "append_text" in edit:
            path.write_text(path.read_text(encoding="utf-8") + edit["append_text"], encoding="utf-8")
        elif "replace" in edit:  # [old, new] in one file
            old, new = edit["replace"]
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {path}"
            path.write_text(text.replace(old, new), encoding="utf-8")
        elif "replace_everywhere" in edit:  # [old, new] in every CSV of the folder
            old, new = edit["replace_everywhere"]
            for csv_path in root.rglob("*.csv"):
                csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        elif "write" in edit:
            path.write_text(edit["write"], encoding="utf-8")
        elif "delete" in edit:
            path.unlink()
        else:
            raise ValueError(f"unknown edit {edit}")


def make_case(case_file: Path, tmp: Path) -> tuple[Path, dict]:
    """Copy the case's base fixture into ``tmp`` and apply its edits; return (data dir, case)."""
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    data = tmp / "data"
    shutil.copytree(FIXTURES / case.get("base", "minimal"), data)
    apply_edits(data, case.get("edits", []))
    return data, case
