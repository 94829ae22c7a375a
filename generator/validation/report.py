"""Format a validation report for people (text), machines (json), GitHub (annotations) and pull requests (markdown).

Every problem is told the same way in each format: where (file, line, field), what is wrong quoting the
cell, and how to fix it; the Markdown and GitHub formats link each code to its section of CONTRIBUTING.md.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ..diff import markdown_text
from ..settings import Settings
from .problems import Problem
from .validate import Report

FORMATS = ("text", "json", "github", "markdown")
GUIDE = "CONTRIBUTING.md"


def format_report(report: Report, fmt: str, settings: Settings | None = None) -> str:
    """Render ``report`` in one of FORMATS; ``settings`` gives the repository the guide links point to."""
    guide = guide_link(settings)
    return {"text": _text, "json": _json, "github": _github, "markdown": _markdown}[fmt](report, guide)


def guide_link(settings: Settings | None) -> str:
    """Address of CONTRIBUTING.md, to which a code's anchor is added."""
    repository = settings.repository if settings else None
    if repository and repository.url:
        return f"{repository.url}/blob/{repository.branch}/{GUIDE}"
    return GUIDE


def summary(report: Report) -> str:
    """One line saying whether the data is valid, with counts per code."""
    notices = f"；另有 {len(report.notices)} 条提示" if report.notices else ""
    if report.valid:
        rows = sum(len(t.rows) for t in report.data.tables.values())
        return f"校验通过：{len(report.data.tables)} 张表，{rows} 行，{len(report.data.policies)} 个政策文件{notices}。"
    counts = Counter(p.code for p in report.problems)
    state = "数据无法读取" if report.unusable else "校验未通过"
    return (
        f"{state}：共 {len(report.problems)} 个问题（"
        + "，".join(f"{c} × {n}" for c, n in sorted(counts.items()))
        + f"）{notices}。"
    )


def _text(report: Report, guide: str) -> str:
    lines = [f"[{p.code}] {p.message}" for p in report.problems]
    lines += [f"[{n.code}] 提示：{n.message}" for n in report.notices]
    if report.problems:
        lines.append(f"每个错误代码的说明见 {guide}（第 4 节）。")
    return "\n".join([*lines, summary(report)])


def _json(report: Report, guide: str) -> str:
    body = {
        "valid": report.valid,
        "exit_status": report.exit_status,
        "summary": summary(report),
        "problems": [p.as_dict() | {"help": f"{guide}#{p.code}"} for p in report.problems],
        "notices": [n.as_dict() | {"help": f"{guide}#{n.code}"} for n in report.notices],
    }
    return json.dumps(body, ensure_ascii=False, indent=2)


def _escape(value: str, *, prop: bool = False) -> str:
    """Escape workflow-command data (and properties) as GitHub Actions expects."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def _annotation(level: str, problem: Problem, guide: str) -> str:
    props = [f"file={_escape(problem.file, prop=True)}"]
    if problem.row is not None:
        props.append(f"line={problem.row}")
    props.append(f"title={_escape(problem.code + ' ' + problem.kind.title, prop=True)}")
    return f"::{level} {','.join(props)}::{_escape(problem.message + ' 说明：' + guide + '#' + problem.code)}"


def _github(report: Report, guide: str) -> str:
    lines = [_annotation("error", p, guide) for p in report.problems]
    lines += [_annotation("notice", n, guide) for n in report.notices]
    lines.append(("::notice::" if report.valid else "::error::") + _escape(summary(report)))
    return "\n".join(lines)


def _item(number: int, problem: Problem, guide: str) -> list[str]:
    where = (
        f"{problem.file}"
        + (f" 第 {problem.row} 行" if problem.row is not None else "")
        + (f"，字段 {problem.field}" if problem.field else "")
    )
    return [
        f"{number}. **{markdown_text(where)}** · [`{problem.code}` {problem.kind.title}]({guide}#{problem.code})  ",
        f"   {markdown_text(problem.detail)}{markdown_text(problem.others)}  ",  # two spaces: a line break
        f"   **修改方法**：{markdown_text(problem.fix)}",
    ]


def _markdown(report: Report, guide: str) -> str:
    """The pull request's job summary: every problem with its fix and a link to its section of the guide."""
    head = "### 数据校验：" + ("通过" if report.valid else "无法读取" if report.unusable else "未通过")
    lines = [head, "", summary(report), ""]
    for number, problem in enumerate(report.problems, 1):
        lines += [*_item(number, problem, guide), ""]
    if report.notices:
        lines += [f"<details><summary>提示 {len(report.notices)} 条（不影响校验结果）</summary>", ""]
        for number, notice in enumerate(report.notices, 1):
            lines += [*_item(number, notice, guide), ""]
        lines += ["</details>", ""]
    if report.problems:
        lines.append(f"每个错误代码的含义和改法见 [{Path(GUIDE).name} 第 4 节]({guide}#error-codes)。")
    return "\n".join(lines) + "\n"
