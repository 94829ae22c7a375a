"""Format a validation report for people (text), machines (json) and GitHub (annotations)."""

from __future__ import annotations

import json
from collections import Counter

from .validate import Report

FORMATS = ("text", "json", "github")


def format_report(report: Report, fmt: str) -> str:
    """Render ``report`` in one of FORMATS."""
    return {"text": _text, "json": _json, "github": _github}[fmt](report)


def summary(report: Report) -> str:
    """One line saying whether the data is valid, with counts per code."""
    if report.valid:
        rows = sum(len(t.rows) for t in report.data.tables.values())
        return f"校验通过（valid）：{len(report.data.tables)} 张表，{rows} 行，{len(report.data.policies)} 个政策文件。"
    counts = Counter(p.code for p in report.problems)
    state = "数据无法读取（unusable input）" if report.unusable else "校验未通过（invalid）"
    return f"{state}：共 {len(report.problems)} 个问题 — " + "，".join(f"{c} × {n}" for c, n in sorted(counts.items()))


def _notices(report: Report) -> list[str]:
    return report.data.notices if report.data else []


def _text(report: Report) -> str:
    lines = [f"[{p.code}] {p.message}" for p in report.problems]
    lines += [f"[提示] {n}" for n in _notices(report)]
    return "\n".join([*lines, summary(report)])


def _json(report: Report) -> str:
    body = {"valid": report.valid, "exit_status": report.exit_status, "summary": summary(report),
            "problems": [p.as_dict() for p in report.problems], "notices": _notices(report)}
    return json.dumps(body, ensure_ascii=False, indent=2)


def _escape(value: str, *, prop: bool = False) -> str:
    """Escape workflow-command data (and properties) as GitHub Actions expects."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def _github(report: Report) -> str:
    lines = []
    for p in report.problems:
        props = [f"file={_escape(p.file, prop=True)}"]
        if p.row is not None:
            props.append(f"line={p.row}")
        props.append(f"title={_escape(p.code + ' ' + p.kind.title, prop=True)}")
        lines.append(f"::error {','.join(props)}::{_escape(p.message)}")
    lines += [f"::notice::{_escape(n)}" for n in _notices(report)]
    lines.append(("::notice::" if report.valid else "::error::") + _escape(summary(report)))
    return "\n".join(lines)
