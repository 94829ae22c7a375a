"""Compute a project's green building materials application ratio (绿色建材应用比例) P.

The same algorithm runs in the browser (site_templates/static/assets/ratio.js), step by step
in the same order of arithmetic; tests/ratio_vectors.yaml holds the cases both must agree on.

Weighted groups (the Sichuan 2024 细则): an item meets the method when its green share is at
least the threshold; a 其他类 item is entered as product kinds, each judged on its own, and
meets when at least one kind does (the n kinds that meet share the item's score). A group
scores Qn = weight × items meeting / items used, rounded half up, computed in integers so
that 11.25 is exactly 11.3 on both sides; P = ΣQn / 100 × 100 %.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import RatioError
from .rules import RatioItem, RatioRuleset
from .words import parse_number, plain, say


class InputError(NamedTuple):
    field: str
    """Where in the input, e.g. ``items[1].green``."""
    code: str
    sentence: str
    """What is wrong and how to fix it, in Chinese (from wording.yaml)."""


class RatioInputError(RatioError):
    """Bad project input: every problem found, and no number produced."""

    def __init__(self, errors: list[InputError]):
        super().__init__("；".join(f"{e.field}：{e.sentence}" for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class KindInput:
    """One product kind of a 其他类 item: quantities in its own unit, or a share in %."""

    name: object
    total: object = None
    green: object = None
    share: object = None
    unit: object = None


@dataclass(frozen=True)
class ItemInput:
    """One item of a project: quantities (in the item's unit) or a share in %, or kinds for 其他类."""

    item: str
    total: object = None
    green: object = None
    share: object = None
    unit: object = None
    kinds: tuple[KindInput, ...] | None = None


@dataclass(frozen=True)
class _Clean:
    total: float | None
    green: float | None
    share: float | None
    unit: str | None
    name: str = ""
    kinds: tuple[_Clean, ...] = ()


@dataclass
class KindResult:
    name: str
    used: bool
    share: float | None
    meets: bool
    score: float
    shortfall: float
    shortfall_quantity: float | None
    unit: str | None


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
    """At or above the threshold (其他类: at least one kind is)."""
    shortfall: float
    """Percentage points of green share missing to reach the threshold (0 when met)."""
    shortfall_quantity: float | None
    """Green quantity missing to reach the threshold, when quantities were given."""
    unit: str | None = None
    kinds: list[KindResult] = field(default_factory=list)


@dataclass
class GroupResult:
    id: str
    name: str
    score: float
    max_score: float
    used: bool
    used_items: int
    """N: items of the group the project uses."""
    met_items: int
    """N绿: those of them that meet the threshold."""


@dataclass
class Assessment:
    """What P earns under a GB/T 50378 threshold table."""

    ruleset: str
    name: str
    status: str
    points: float
    stars: list[int]
    """Star levels whose ratio prerequisite P meets."""
    next_level: float | None
    """Ratio (%) of the next points level, if any."""
    next_points: float | None


@dataclass
class RatioResult:
    ruleset: str
    ratio: float
    """P in %."""
    groups: list[GroupResult]
    items: list[ItemResult]
    assessments: list[Assessment] = field(default_factory=list)
    unused_groups: list[str] = field(default_factory=list)
    """Groups nobody used, where the method is silent (weighted-groups)."""

    @property
    def short_items(self) -> list[ItemResult]:
        return [i for i in self.items if i.used and not i.meets]


def _error(errors: list, where: str, code: str, **values) -> None:
    errors.append(InputError(where, code, say("errors", code, **values)))


def _quantities(given, at: str, errors: list) -> tuple[float | None, float | None, float | None]:
    """Total, green and share of one row, each checked; problems go to ``errors``."""
    before = len(errors)
    parsed = []
    for key in ("total", "green", "share"):
        raw = getattr(given, key)
        number = None if raw is None else parse_number(raw)
        if raw is not None and number is None:
            _error(errors, f"{at}.{key}", "not-a-number", value=raw)
        parsed.append(number)
    total, green, share = parsed
    for key, value in (("total", total), ("green", green)):
        if value is not None and value < 0:
            _error(errors, f"{at}.{key}", "negative-quantity")
    if share is not None and not 0 <= share <= 100:
        _error(errors, f"{at}.share", "share-out-of-range", share=plain(share))
    if len(errors) == before and share is None and (total is None or green is None):
        _error(errors, at, "missing-quantity")
    if total is not None and green is not None and green > total >= 0:
        _error(errors, f"{at}.green", "green-exceeds-total", green=plain(green), total=plain(total))
    return total, green, share


def _unit(given, item: RatioItem | None, at: str, errors: list) -> str | None:
    unit = given.unit
    if unit is None:
        return None
    if not isinstance(unit, str) or (item is not None and item.units and unit not in item.units):
        _error(
            errors,
            f"{at}.unit",
            "bad-unit",
            value=unit,
            name=item.name if item else "",
            units="、".join(item.units) if item and item.units else "—",
        )
        return None
    return unit


def _kinds(given: ItemInput, at: str, errors: list) -> tuple[_Clean, ...]:
    out = []
    for k, kind in enumerate(given.kinds or ()):
        where = f"{at}.kinds[{k}]"
        if not isinstance(kind, KindInput):
            _error(errors, where, "missing-quantity")
            continue
        name = kind.name.strip() if isinstance(kind.name, str) else ""
        if not name:
            _error(errors, f"{where}.name", "kind-name-missing")
        total, green, share = _quantities(kind, where, errors)
        out.append(_Clean(total, green, share, _unit(kind, None, where, errors), name))
    return tuple(out)


def check_inputs(ruleset: RatioRuleset, inputs: list[ItemInput]) -> dict[str, _Clean]:
    """Clean inputs by item id, or raise RatioInputError naming every bad field."""
    errors: list[InputError] = []
    known, clean = ruleset.items, {}
    for n, given in enumerate(inputs):
        at = f"items[{n}]"
        if given.item not in known:
            _error(errors, f"{at}.item", "unknown-item", value=given.item, ruleset=ruleset.name)
            continue
        item = known[given.item][1]
        if given.item in clean:
            _error(errors, f"{at}.item", "duplicate-item", name=item.name)
        if item.other:
            if given.kinds is None or any(getattr(given, k) is not None for k in ("total", "green", "share")):
                _error(errors, at, "kinds-required")
                continue
            clean[given.item] = _Clean(None, None, None, None, kinds=_kinds(given, at, errors))
        elif given.kinds is not None:
            _error(errors, f"{at}.kinds", "kinds-not-allowed", name=item.name)
        else:
            total, green, share = _quantities(given, at, errors)
            clean[given.item] = _Clean(total, green, share, _unit(given, item, at, errors))
    if errors:
        raise RatioInputError(errors)
    return clean


def _state(threshold: float, given: _Clean | None) -> tuple:
    """(used, share, meets, shortfall, shortfall quantity) of one item or kind."""
    share = None
    if given is not None:
        share = given.share if given.share is not None else (given.green / given.total * 100 if given.total else None)
    if share is None:
        return False, None, False, 0.0, None
    meets = share >= threshold
    quantity = None
    if not meets and given.total is not None and given.green is not None:
        quantity = threshold / 100 * given.total - given.green
    return True, share, meets, 0.0 if meets else threshold - share, quantity


def _weighted_item(ruleset: RatioRuleset, group: str, item: RatioItem, given: _Clean | None) -> ItemResult:
    threshold = ruleset.item_threshold
    if not item.other:
        used, share, meets, shortfall, quantity = _state(threshold, given)
        return ItemResult(
            item.id, item.name, group, used, share, 0.0, 0.0, meets, shortfall, quantity, given.unit if given else None
        )
    kinds = []
    for kind in given.kinds if given else ():
        used, share, meets, shortfall, quantity = _state(threshold, kind)
        kinds.append(KindResult(kind.name, used, share, meets, 0.0, shortfall, quantity, kind.unit))
    used = [k for k in kinds if k.used]
    meets = any(k.meets for k in used)
    closest = None if meets or not used else min(used, key=lambda k: k.shortfall)
    return ItemResult(
        item.id,
        item.name,
        group,
        bool(used),
        None,
        0.0,
        0.0,
        meets,
        closest.shortfall if closest else 0.0,
        closest.shortfall_quantity if closest else None,
        None,
        kinds,
    )


def _weighted(ruleset: RatioRuleset, given: dict[str, _Clean]) -> tuple[float, list, list]:
    scale = 10**ruleset.decimals
    items, groups, units = [], [], 0
    for group in ruleset.groups:
        mine = [_weighted_item(ruleset, group.id, item, given.get(item.id)) for item in group.items]
        used = [i for i in mine if i.used]
        met = sum(1 for i in used if i.meets)
        for i in used:
            i.max_score = group.weight / len(used)
            i.score = i.max_score if i.meets else 0.0
            qualifying = [k for k in i.kinds if k.meets]
            for k in qualifying:
                k.score = i.max_score / len(qualifying)
        # Qn = weight × met / used, rounded half up to `decimals`, in integer steps of 1/scale.
        steps = (2 * group.weight * met * scale + len(used)) // (2 * len(used)) if used else 0
        units += steps
        groups.append(GroupResult(group.id, group.name, steps / scale, group.weight, bool(used), len(used), met))
        items += mine
    return units / scale, groups, items


def _scored_item(group: str, item: RatioItem, given: _Clean | None) -> ItemResult:
    used, share, meets, shortfall, quantity = _state(item.threshold, given)
    score = 0.0
    if meets:
        part = (min(share, item.full_share) - item.threshold) / (item.full_share - item.threshold)
        score = item.min_score + part * (item.max_score - item.min_score)
    return ItemResult(
        item.id, item.name, group, used, share, score, item.max_score, meets, shortfall, quantity, given.unit if given else None
    )


def _scored(ruleset: RatioRuleset, given: dict[str, _Clean]) -> tuple[float, list, list]:
    items, groups = [], []
    for group in ruleset.groups:
        mine = [_scored_item(group.id, item, given.get(item.id)) for item in group.items]
        used = [i for i in mine if i.used]
        groups.append(
            GroupResult(
                group.id,
                group.name,
                sum(i.score for i in used),
                sum(i.max_score for i in mine),
                bool(used),
                len(used),
                sum(1 for i in used if i.meets),
            )
        )
        items += mine
    possible = sum(i.max_score for i in items if i.used or ruleset.unused == "zero")
    return sum(g.score for g in groups if g.used) / possible * 100, groups, items


def compute(ruleset: RatioRuleset, inputs: list[ItemInput], judges: list[RatioRuleset] = ()) -> RatioResult:
    """P and its breakdown under ``ruleset``; ``judges`` are threshold tables to assess P against."""
    given = check_inputs(ruleset, inputs)
    if not any(_used(ruleset, item_id, clean) for item_id, clean in given.items()):
        raise RatioInputError([InputError("items", "no-items", say("errors", "no-items"))])
    ratio, groups, items = (_weighted if ruleset.kind == "weighted-groups" else _scored)(ruleset, given)
    unused = [g.id for g in groups if not g.used] if ruleset.kind == "weighted-groups" else []
    return RatioResult(ruleset.id, ratio, groups, items, [assess(judge, ratio) for judge in judges], unused)


def _used(ruleset: RatioRuleset, item_id: str, clean: _Clean) -> bool:
    threshold = ruleset.item_threshold or 0.0
    rows = clean.kinds if ruleset.items[item_id][1].other else (clean,)
    return any(_state(threshold, row)[0] for row in rows)


def assess(judge: RatioRuleset, ratio: float) -> Assessment:
    """Points and star prerequisites that ``ratio`` reaches under a threshold table."""
    points = max((p for r, p in judge.points if ratio >= r), default=0.0)
    following = [(r, p) for r, p in judge.points if ratio < r]
    stars = [star for star, r in judge.star_prerequisites if ratio >= r]
    after = min(following) if following else (None, None)
    return Assessment(judge.id, judge.name, judge.status, points, stars, after[0], after[1])
