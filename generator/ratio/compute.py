"""Compute a project's green building materials application ratio (绿色建材应用比例) P.

The same algorithm runs in the browser (site_templates/static/assets/ratio.js);
tests/ratio_vectors.yaml holds the cases both must agree on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .ratio_rules import RatioRuleset

INPUT_ERRORS = {
    "unknown-item": "分项不在所选计算规则中",
    "duplicate-item": "同一分项填写了两次",
    "not-a-number": "不是数字",
    "negative-quantity": "用量不能为负数",
    "green-exceeds-total": "绿色建材用量大于总用量",
    "share-out-of-range": "占比须在 0% 到 100% 之间",
    "missing-quantity": "须填写总用量和绿色建材用量，或直接填写占比",
    "no-items": "没有任何分项有用量，无法计算",
    "unknown-product": "产品编号不在目录数据中",
}


class RatioInputError(Exception):
    """Bad project input; ``errors`` lists (field, code, message) and no number is produced."""

    def __init__(self, errors: list[tuple[str, str, str]]):
        super().__init__("；".join(f"{f}：{m}" for f, _, m in errors))
        self.errors = errors


@dataclass(frozen=True)
class ItemInput:
    """One item of a project: quantities (any unit, the same for both) or a share in %."""

    item: str
    total: float | None = None
    green: float | None = None
    share: float | None = None


@dataclass
class ItemResult:
    id: str
    name: str
    group: str
    used: bool
    share: float | None
    score: float
    max_score: float
    meets: bool
    """At or above the item's threshold."""
    shortfall: float
    """Percentage points of green share missing to reach the threshold (0 when met)."""
    shortfall_quantity: float | None
    """Green quantity missing to reach the threshold, when quantities were given."""


@dataclass
class GroupResult:
    id: str
    name: str
    score: float
    max_score: float
    used: bool


@dataclass
class Assessment:
    """What P earns under a GB/T 50378 threshold table."""

    ruleset: str
    name: str
    status: str
    points: float
    stars: list[int]
    next_level: float | None
    """Ratio (%) of the next points level, if any."""


@dataclass
class RatioResult:
    ruleset: str
    ratio: float
    """P in %."""
    groups: list[GroupResult]
    items: list[ItemResult]
    assessments: list[Assessment] = field(default_factory=list)

    @property
    def short_items(self) -> list[ItemResult]:
        return [i for i in self.items if i.used and not i.meets]


def _number(value, where: str, errors: list) -> float | None:
    if value is None:
        return None
    number = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        errors.append((where, "not-a-number", f"{where}：“{value}”{INPUT_ERRORS['not-a-number']}。"))
        return None
    return number


def check_inputs(ruleset: RatioRuleset, inputs: list[ItemInput]) -> list[ItemInput]:
    """Return clean inputs or raise RatioInputError naming every bad field."""
    errors: list[tuple[str, str, str]] = []
    known, seen, clean = ruleset.items, set(), []
    for n, given in enumerate(inputs):
        at = f"items[{n}]"
        if given.item not in known:
            errors.append((f"{at}.item", "unknown-item", f"{at}.item：“{given.item}”{INPUT_ERRORS['unknown-item']}。"))
            continue
        if given.item in seen:
            errors.append((f"{at}.item", "duplicate-item", f"{at}.item：“{given.item}”{INPUT_ERRORS['duplicate-item']}。"))
        seen.add(given.item)
        total, green, share = (_number(getattr(given, k), f"{at}.{k}", errors) for k in ("total", "green", "share"))
        for key, value in (("total", total), ("green", green)):
            if value is not None and value < 0:
                errors.append((f"{at}.{key}", "negative-quantity", f"{at}.{key}：{INPUT_ERRORS['negative-quantity']}。"))
        if share is not None and not 0 <= share <= 100:
            errors.append((f"{at}.share", "share-out-of-range",
                           f"{at}.share：{share:g}%，{INPUT_ERRORS['share-out-of-range']}。"))
        if share is None and (total is None or green is None):
            errors.append((f"{at}", "missing-quantity", f"{at}：{INPUT_ERRORS['missing-quantity']}。"))
        if total is not None and green is not None and green > total >= 0:
            errors.append((f"{at}.green", "green-exceeds-total",
                           f"{at}.green：{green:g} {INPUT_ERRORS['green-exceeds-total']} {total:g}。"))
        clean.append(ItemInput(given.item, total, green, share))
    if errors:
        raise RatioInputError(errors)
    return clean


def compute(ruleset: RatioRuleset, inputs: list[ItemInput], judges: list[RatioRuleset] = ()) -> RatioResult:
    """P and its breakdown under ``ruleset``; ``judges`` are threshold tables to assess P against."""
    given = {i.item: i for i in check_inputs(ruleset, inputs)}
    items = [_item(ruleset, group.id, item, given.get(item.id)) for group in ruleset.groups for item in group.items]
    if not any(i.used for i in items):
        raise RatioInputError([("items", "no-items", f"items：{INPUT_ERRORS['no-items']}。")])
    groups = []
    for group in ruleset.groups:
        mine = [i for i in items if i.group == group.id]
        used = [i for i in mine if i.used]
        if ruleset.kind == "weighted-groups":
            score = group.weight * sum(1 for i in used if i.meets) / len(used) if used else 0.0
            groups.append(GroupResult(group.id, group.name, score, group.weight, bool(used)))
        else:
            groups.append(GroupResult(group.id, group.name, sum(i.score for i in used),
                                      sum(i.max_score for i in mine), bool(used)))
    counted = [g for g in groups if g.used or ruleset.unused == "zero"]
    if ruleset.kind == "scored-table":
        possible = sum(i.max_score for i in items if i.used or ruleset.unused == "zero")
    else:
        possible = sum(g.max_score for g in counted)
    ratio = sum(g.score for g in counted) / possible * 100
    return RatioResult(ruleset.id, ratio, groups, items, [assess(judge, ratio) for judge in judges])


def _item(ruleset: RatioRuleset, group: str, item, given: ItemInput | None) -> ItemResult:
    threshold = item.threshold if ruleset.kind == "scored-table" else ruleset.item_threshold
    high = item.max_score if ruleset.kind == "scored-table" else 0.0
    share = None
    if given is not None:
        share = given.share if given.share is not None else (given.green / given.total * 100 if given.total else None)
    if share is None:
        return ItemResult(item.id, item.name, group, False, None, 0.0, high, False, 0.0, None)
    meets = share >= threshold
    score = 0.0
    if ruleset.kind == "scored-table" and meets:
        part = (min(share, item.full_share) - threshold) / (item.full_share - threshold)
        score = item.min_score + part * (item.max_score - item.min_score)
    shortfall = 0.0 if meets else threshold - share
    quantity = None
    if not meets and given.total is not None and given.green is not None:
        quantity = threshold / 100 * given.total - given.green
    return ItemResult(item.id, item.name, group, True, share, score, high, meets, shortfall, quantity)


def assess(judge: RatioRuleset, ratio: float) -> Assessment:
    """Points and star prerequisites that ``ratio`` reaches under a threshold table."""
    points = max((p for r, p in judge.points if ratio >= r), default=0.0)
    following = [r for r, _ in judge.points if ratio < r]
    stars = [star for star, r in judge.star_prerequisites if ratio >= r]
    return Assessment(judge.id, judge.name, judge.status, points, stars, min(following) if following else None)
