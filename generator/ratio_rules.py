"""Green building materials application ratio rulesets: read from YAML, checked, typed.

Three kinds: ``scored-table`` (items scored by their green share), ``weighted-groups``
(items meet a share threshold; groups carry weights) and ``threshold-table``
(GB/T 50378 points and star prerequisites for a ratio P).
"""

from __future__ import annotations

from dataclasses import dataclass

from .validation.problems import Problem

KINDS = ("scored-table", "weighted-groups", "threshold-table")
STATUSES = ("confirmed", "unconfirmed")


@dataclass(frozen=True)
class RatioItem:
    id: str
    name: str
    threshold: float | None = None
    """Green share (%) from which the item scores (scored-table)."""
    full_share: float | None = None
    """Green share (%) that earns the full score (scored-table)."""
    min_score: float | None = None
    max_score: float | None = None


@dataclass(frozen=True)
class RatioGroup:
    id: str
    name: str
    items: tuple[RatioItem, ...]
    weight: float | None = None
    """Share of P this group carries (weighted-groups)."""


@dataclass(frozen=True)
class RatioRuleset:
    """One method of computing, or of judging, a project's green materials application ratio."""

    id: str
    name: str
    kind: str
    source: str
    edition: str
    status: str
    status_note: str
    default: bool = False
    groups: tuple[RatioGroup, ...] = ()
    max_score: float | None = None
    unused: str = "exclude"
    """What an item (scored-table) or group (weighted-groups) nobody used does: exclude | zero."""
    item_threshold: float | None = None
    points: tuple[tuple[float, float], ...] = ()
    """(minimum ratio %, points) levels, ascending (threshold-table)."""
    star_prerequisites: tuple[tuple[int, float], ...] = ()
    """(star, minimum ratio %) (threshold-table)."""

    @property
    def items(self) -> dict[str, tuple[RatioGroup, RatioItem]]:
        return {item.id: (group, item) for group in self.groups for item in group.items}

    def as_json(self) -> dict:
        """Plain data for the client-side calculator."""
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "status": self.status, "edition": self.edition,
            "max_score": self.max_score, "unused": self.unused, "item_threshold": self.item_threshold,
            "groups": [{"id": g.id, "name": g.name, "weight": g.weight,
                        "items": [vars(i) for i in g.items]} for g in self.groups],
            "points": [list(p) for p in self.points], "star_prerequisites": [list(s) for s in self.star_prerequisites],
        }


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check(file: str, data) -> list[Problem]:
    """Every problem of one ruleset file (code ``ratio-ruleset-invalid``)."""
    out: list[Problem] = []

    def bad(field: str, detail: str) -> None:
        out.append(Problem(file, None, field, "ratio-ruleset-invalid", detail))

    if not isinstance(data, dict):
        bad("", "规则文件须是一个 YAML 映射。")
        return out
    for key in ("id", "name", "kind", "source", "edition", "status", "status_note"):
        if not isinstance(data.get(key), str) or not data.get(key):
            bad(key, f"缺少文字字段 {key}。")
    if data.get("kind") not in KINDS:
        bad("kind", f"kind 须为 {'、'.join(KINDS)} 之一。")
    if data.get("status") not in STATUSES:
        bad("status", "status 须为 confirmed 或 unconfirmed。")
    if isinstance(data.get("id"), str) and not file.endswith(f"/{data['id']}.yaml"):
        bad("id", f"id “{data['id']}”须与文件名一致。")
    kind = data.get("kind")
    if kind == "threshold-table":
        _check_thresholds(data, bad)
    elif kind in ("scored-table", "weighted-groups"):
        _check_groups(data, kind, bad)
    return out


def _check_groups(data: dict, kind: str, bad) -> None:
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        bad("groups", "须列出至少一个分组。")
        return
    if data.get("unused_items" if kind == "scored-table" else "unused_groups", "exclude") not in ("exclude", "zero"):
        bad("unused_items" if kind == "scored-table" else "unused_groups", "须为 exclude 或 zero。")
    seen_groups, seen_items, total = set(), set(), 0.0
    for g, group in enumerate(groups):
        where = f"groups[{g}]"
        if (not isinstance(group, dict) or not isinstance(group.get("items"), list) or not group["items"]
                or not isinstance(group.get("id"), str) or not isinstance(group.get("name"), str)):
            bad(where, "分组须有文字 id、name 和至少一个分项 items。")
            continue
        if group.get("id") in seen_groups:
            bad(f"{where}.id", f"分组 id “{group.get('id')}”重复。")
        seen_groups.add(group.get("id"))
        if kind == "weighted-groups":
            if not _number(group.get("weight")) or group["weight"] <= 0:
                bad(f"{where}.weight", "分组权重须为正数。")
            else:
                total += group["weight"]
        for i, item in enumerate(group["items"]):
            at = f"{where}.items[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("name"), str):
                bad(at, "分项须有 id 和 name。")
                continue
            if item["id"] in seen_items:
                bad(f"{at}.id", f"分项 id “{item['id']}”重复。")
            seen_items.add(item["id"])
            if kind == "scored-table":
                total += _check_scored_item(item, at, bad)
    if kind == "scored-table":
        if data.get("scoring_rule") != "linear":
            bad("scoring_rule", "目前只支持 linear（区间内线性换算）。")
        if not _number(data.get("max_score")):
            bad("max_score", "须给出满分 max_score。")
        elif abs(total - data["max_score"]) > 1e-9:
            bad("max_score", f"各分项满分之和为 {total:g}，与 max_score {data['max_score']:g} 不符。")
    else:
        threshold = data.get("item_threshold")
        if not _number(threshold) or not 0 < threshold <= 100:
            bad("item_threshold", "达标占比须在 0 到 100 之间。")
        if abs(total - 100) > 1e-9:
            bad("groups", f"分组权重之和为 {total:g}，须为 100。")


def _check_scored_item(item: dict, at: str, bad) -> float:
    values = [item.get(k) for k in ("threshold", "full_share", "min_score", "max_score")]
    if not all(_number(v) for v in values):
        bad(at, "分项须有数值 threshold、full_share、min_score、max_score。")
        return 0.0
    threshold, full, low, high = values
    if not 0 <= threshold < full <= 100:
        bad(f"{at}.threshold", f"须满足 0 ≤ threshold < full_share ≤ 100（现为 {threshold:g} 与 {full:g}）。")
    if not 0 <= low <= high or high <= 0:
        bad(f"{at}.min_score", f"须满足 0 ≤ min_score ≤ max_score 且 max_score > 0（现为 {low:g} 与 {high:g}）。")
    return float(high)


def _check_thresholds(data: dict, bad) -> None:
    levels = data.get("points")
    if not isinstance(levels, list) or not levels:
        bad("points", "须列出至少一个得分档。")
        return
    previous = (0.0, 0.0)
    for n, level in enumerate(levels):
        ratio, points = (level.get("min_ratio"), level.get("points")) if isinstance(level, dict) else (None, None)
        if not (_number(ratio) and _number(points)):
            bad(f"points[{n}]", "得分档须有数值 min_ratio 和 points。")
            continue
        if not (previous[0] < ratio <= 100 and points > previous[1]):
            bad(f"points[{n}]", "得分档须按比例从低到高排列，比例和分值都逐档增加，比例不超过 100。")
        previous = (ratio, points)
    stars = data.get("star_prerequisites", [])
    if not isinstance(stars, list):
        bad("star_prerequisites", "须为列表。")
        return
    last = 0.0
    for n, entry in enumerate(stars):
        if not isinstance(entry, dict) or entry.get("star") != n + 1 or not _number(entry.get("min_ratio")):
            bad(f"star_prerequisites[{n}]", "星级前提须从一星起逐级列出，且给出 min_ratio，中间不能缺级。")
            continue
        if not last <= entry["min_ratio"] <= 100:
            bad(f"star_prerequisites[{n}]", "星级越高，比例要求不能越低，且不超过 100。")
        last = entry["min_ratio"]


def build(data: dict) -> RatioRuleset:
    """Typed ruleset from a file that passed ``check``."""
    groups = tuple(
        RatioGroup(g["id"], g["name"], tuple(RatioItem(**{k: i[k] for k in i if k in RatioItem.__dataclass_fields__})
                                             for i in g["items"]), g.get("weight"))
        for g in data.get("groups", ()))
    return RatioRuleset(
        id=data["id"], name=data["name"], kind=data["kind"], source=data["source"], edition=str(data["edition"]),
        status=data["status"], status_note=data["status_note"], default=bool(data.get("default")), groups=groups,
        max_score=data.get("max_score"),
        unused=data.get("unused_items" if data["kind"] == "scored-table" else "unused_groups", "exclude"),
        item_threshold=data.get("item_threshold"),
        points=tuple((p["min_ratio"], p["points"]) for p in data.get("points", ())),
        star_prerequisites=tuple((s["star"], s["min_ratio"]) for s in data.get("star_prerequisites", ())))
