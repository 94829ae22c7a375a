"""Text and JSON output of a ratio computation (CLI), worded from wording.yaml like the calculator page."""

from __future__ import annotations

import json
from dataclasses import asdict

from .compute import Assessment, ItemResult, KindResult
from .project import ProjectRatio
from .rules import RatioRuleset
from .words import WORDING, fixed, label, plain, say


def as_json(project: ProjectRatio, ruleset: RatioRuleset) -> str:
    body = asdict(project.result)
    body["ruleset_name"], body["ruleset_status"] = ruleset.name, ruleset.status
    body["short_items"] = [i.id for i in project.result.short_items]
    body["products"] = [asdict(u) for u in project.uses]
    return json.dumps(body, ensure_ascii=False, indent=2)


def spaced(unit: str | None) -> str:
    """A unit after a number: `` m³``, or nothing."""
    return f" {unit}" if unit else ""


def ratio_text(ruleset: RatioRuleset, ratio: float) -> str:
    """P as the method gives it: to the decimals it rounds to, else two."""
    return fixed(ratio, ruleset.decimals if ruleset.decimals is not None else 2)


def item_state(item: ItemResult | KindResult, unit: str | None = None) -> str:
    """达标 / 未达标 … / 未使用 for one item, in the calculator's words."""
    if not item.used:
        return label("result", "unused")
    if item.meets:
        text = label("result", "meets")
        qualifying = [k for k in getattr(item, "kinds", ()) if k.meets]
        if qualifying:
            text += "；" + say("result", "kinds_met", n=len(qualifying), score=fixed(qualifying[0].score, 2))
        return text
    text = say("result", "short", gap=fixed(item.shortfall, 2))
    if item.shortfall_quantity is not None:
        text += say("result", "short_quantity", quantity=plain(item.shortfall_quantity), unit=spaced(unit))
    return text


def assessment_lines(judge: RatioRuleset, a: Assessment) -> list[str]:
    """Points, the next level and each star prerequisite under one GB/T edition."""
    text = say("result", "points", name=judge.name, points=plain(a.points))
    if a.next_level is not None:
        text += say("result", "next_level", ratio=plain(a.next_level), points=plain(a.next_points))
    stars = WORDING["result"]["stars"]
    return [text] + [
        say(
            "result",
            "star",
            star=stars[star - 1],
            ratio=plain(minimum),
            verdict=label("result", "star_met" if star in a.stars else "star_not_met"),
        )
        for star, minimum in judge.star_prerequisites
    ]


def as_text(project: ProjectRatio, ruleset: RatioRuleset, judges: dict[str, RatioRuleset]) -> str:
    r = project.result
    lines = [
        say("result", "headline", ratio=ratio_text(ruleset, r.ratio)),
        say("result", "ruleset", name=ruleset.name, edition=ruleset.edition, status=WORDING["status"][ruleset.status]),
        "",
    ]
    weighted = ruleset.kind == "weighted-groups"
    for group in r.groups:
        if not group.used and weighted:
            lines.append(say("result", "group_unused", id=group.id, name=group.name, note=ruleset.unused_groups_note))
            continue
        score = fixed(group.score, ruleset.decimals if weighted else 2)
        lines.append(
            say("result", "group", id=group.id, name=group.name, score=score, max=plain(group.max_score))
            + say("result", "group_counts", used=group.used_items, met=group.met_items)
        )
        for item in (i for i in r.items if i.group == group.id and i.used):
            unit = item.unit or (ruleset.items[item.id][1].units or ("",))[0]
            share = "" if item.share is None else f"{fixed(item.share, 2)}%，"
            lines.append(f"    {item.name}：{share}{item_state(item, unit)}")
            for kind in (k for k in item.kinds if k.used):
                lines.append(f"        {kind.name}：{fixed(kind.share, 2)}%，{item_state(kind, kind.unit)}")
    if project.uses:
        lines += ["", label("result", "products") + "："]
        lines += [
            "    "
            + say(
                "result",
                "product",
                id=u.product,
                name=u.name,
                quantity=plain(u.quantity),
                unit=spaced(u.unit),
                verdict=label("result", "counted" if u.green else "not_counted"),
                reason=u.reason,
            )
            for u in project.uses
        ]
    lines.append("")
    for a in r.assessments:
        lines += assessment_lines(judges[a.ruleset], a)
    return "\n".join(lines)
