"""Text and JSON output of a ratio computation (CLI)."""

from __future__ import annotations

import json
from dataclasses import asdict

from .ratio_project import ProjectRatio
from .ratio_rules import RatioRuleset

STATUS = {"confirmed": "已确认", "unconfirmed": "待核实"}


def as_json(project: ProjectRatio, ruleset: RatioRuleset) -> str:
    body = asdict(project.result)
    body["ruleset_name"], body["ruleset_status"] = ruleset.name, ruleset.status
    body["short_items"] = [i.id for i in project.result.short_items]
    body["products"] = [asdict(u) for u in project.uses]
    return json.dumps(body, ensure_ascii=False, indent=2)


def as_text(project: ProjectRatio, ruleset: RatioRuleset) -> str:
    r = project.result
    lines = [f"计算规则：{ruleset.name}（{ruleset.edition}，{STATUS[ruleset.status]}）",
             f"绿色建材应用比例 P = {r.ratio:.2f}%", ""]
    for group in r.groups:
        state = "" if group.used else "（未使用）"
        lines.append(f"{group.id} {group.name}{state}：{group.score:.2f} / {group.max_score:g}")
        for item in (i for i in r.items if i.group == group.id):
            if not item.used:
                lines.append(f"    {item.name}：未使用，不计入")
                continue
            mark = "达标" if item.meets else f"未达标，差 {item.shortfall:.2f} 个百分点"
            if item.shortfall_quantity is not None:
                mark += f"（还需绿色建材 {item.shortfall_quantity:g}）"
            score = f"，得分 {item.score:.2f} / {item.max_score:g}" if ruleset.kind == "scored-table" else ""
            lines.append(f"    {item.name}：占比 {item.share:.2f}%{score}，{mark}")
    if project.uses:
        lines += ["", "所用产品："]
        lines += [f"    {u.product} {u.name} × {u.quantity:g}：{'计入' if u.green else '不计入'}（{u.reason}）"
                  for u in project.uses]
    lines.append("")
    for a in r.assessments:
        stars = "、".join("一二三"[s - 1] + "星" for s in a.stars)
        text = f"{a.name}（{STATUS[a.status]}）：得 {a.points:g} 分"
        if a.next_level is not None:
            text += f"，下一档需 {a.next_level:g}%"
        if stars:
            text += f"；满足{stars}前提"
        lines.append(text)
    return "\n".join(lines)
