"""Green building materials application ratio rulesets: read from YAML, checked, typed.

Three kinds: ``weighted-groups`` (items meet a share threshold; groups carry weights; the
Sichuan 2024 细则), ``scored-table`` (items scored by their green share; the unsourced
table method) and ``threshold-table`` (GB/T 50378 points and star prerequisites for P).
Every ruleset either cites the document it follows (title, issuer, date, number, where the
site read it) or says it has no known source (status ``unsourced``), and lists its points
with a status each.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..validation.problems import Problem

KINDS = ("scored-table", "weighted-groups", "threshold-table")
STATUSES = ("confirmed", "unconfirmed", "unsourced")
FACT_STATUSES = ("confirmed", "secondary", "unconfirmed")
"""Read in the document itself; read in forwarded copies or reports; not confirmed."""
GREEN_PRODUCTS = ("certified", "listed")
"""Which catalogue products count as green: holding a valid certificate, or listed in a catalog now."""


@dataclass(frozen=True)
class RatioItem:
    id: str
    name: str
    units: tuple[str, ...] = ()
    """Units the method's table sets for this item (any one of them); empty: not fixed."""
    other: bool = False
    """A 其他类 item: entered as several product kinds, counted as one item."""
    includes: str | None = None
    """What the method says the item covers."""
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
    weight: int | None = None
    """Points of the 100 this group carries (weighted-groups)."""


@dataclass(frozen=True)
class SourceDocument:
    """The published text a ruleset follows, and where this site read it."""

    title: str
    issuer: str
    date: str
    number: str | None
    read_at: str
    date_note: str | None = None
    number_note: str | None = None


@dataclass(frozen=True)
class RuleFact:
    """One point of a method, with whether the site has confirmed it in the text."""

    text: str
    status: str


@dataclass(frozen=True)
class RatioRuleset:
    """One method of computing, or of judging, a project's green materials application ratio."""

    id: str
    name: str
    kind: str
    edition: str
    status: str
    document: SourceDocument | None
    facts: tuple[RuleFact, ...]
    source_note: str | None = None
    """Why there is no document (status unsourced)."""
    default: bool = False
    """The default scoring method, or the default (current) GB/T edition among threshold tables."""
    groups: tuple[RatioGroup, ...] = ()
    max_score: float | None = None
    unused: str = "exclude"
    """What an unused item does (scored-table): exclude | zero."""
    unused_groups_note: str | None = None
    """What the site does with a wholly unused group (weighted-groups), and that it is unconfirmed."""
    item_threshold: float | None = None
    decimals: int | None = None
    """Group scores rounded half up to this many decimals (weighted-groups)."""
    green_products: str = "listed"
    points: tuple[tuple[float, float], ...] = ()
    """(minimum ratio %, points) levels, ascending (threshold-table)."""
    star_prerequisites: tuple[tuple[int, float], ...] = ()
    """(star, minimum ratio %) (threshold-table)."""

    @property
    def items(self) -> dict[str, tuple[RatioGroup, RatioItem]]:
        return {item.id: (group, item) for group in self.groups for item in group.items}

    @property
    def unconfirmed(self) -> tuple[RuleFact, ...]:
        return tuple(f for f in self.facts if f.status == "unconfirmed")

    def as_json(self) -> dict:
        """Plain data for the client-side calculator."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "status": self.status,
            "edition": self.edition,
            "source_note": self.source_note,
            "default": self.default,
            "max_score": self.max_score,
            "unused": self.unused,
            "unused_groups_note": self.unused_groups_note,
            "item_threshold": self.item_threshold,
            "decimals": self.decimals,
            "groups": [
                {"id": g.id, "name": g.name, "weight": g.weight, "items": [asdict(i) for i in g.items]} for g in self.groups
            ],
            "points": [list(p) for p in self.points],
            "star_prerequisites": [list(s) for s in self.star_prerequisites],
        }


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check(file: str, data) -> list[Problem]:
    """Every problem of one ruleset file (code ``ratio-ruleset-invalid``)."""
    out: list[Problem] = []

    def bad(field: str, detail: str) -> None:
        out.append(Problem(file, None, field, "ratio-ruleset-invalid", detail))

    if not isinstance(data, dict):
        bad("", "规则文件须是一个 YAML 映射。")
        return out
    for key in ("id", "name", "kind", "edition", "status"):
        if not _text(data.get(key)):
            bad(key, f"缺少文字字段 {key}。")
    if data.get("kind") not in KINDS:
        bad("kind", f"kind 须为 {'、'.join(KINDS)} 之一。")
    if data.get("status") not in STATUSES:
        bad("status", "status 须为 confirmed（已按原文核对）、unconfirmed（有原文但未核对）或 unsourced（来源不明）。")
    if isinstance(data.get("id"), str) and not file.endswith(f"/{data['id']}.yaml"):
        bad("id", f"id “{data['id']}”须与文件名一致。")
    _check_source(data, bad)
    kind = data.get("kind")
    if kind == "threshold-table":
        _check_thresholds(data, bad)
    elif kind in ("scored-table", "weighted-groups"):
        _check_groups(data, kind, bad)
    return out


def _check_source(data: dict, bad) -> None:
    """A ruleset cites its document, or says plainly that it has none."""
    document = data.get("document")
    if data.get("status") == "unsourced":
        if document is not None:
            bad("document", "来源不明（status: unsourced）的规则不能写 document；找到原文后改 status 并写明文件。")
        if not _text(data.get("source_note")):
            bad("source_note", "来源不明的规则须在 source_note 中说明在哪里见到它、为什么找不到原文。")
    elif not isinstance(document, dict):
        bad(
            "document",
            "须写明依据的文件 document：title（标题）、issuer（发布机关）、date（日期）、"
            "number（文号或标准号，没有时写 null 并在 number_note 中说明）和 read_at（本站在哪里读到）。",
        )
    else:
        for key in ("title", "issuer", "read_at"):
            if not _text(document.get(key)):
                bad(f"document.{key}", f"document 缺少文字字段 {key}。")
        if not _text(str(document.get("date") or "")):
            bad("document.date", "document 缺少日期 date（如 2024-11）。")
        if document.get("number") is None and not _text(document.get("number_note")):
            bad("document.number", "没有文号时须在 document.number_note 中说明。")
        elif document.get("number") is not None and not _text(document.get("number")):
            bad("document.number", "文号须是文字，或写 null 并在 number_note 中说明。")
    facts = data.get("facts")
    if not isinstance(facts, list) or not facts:
        bad("facts", "须在 facts 中逐条列出规则的要点，每条写 text 和 status（confirmed、secondary 或 unconfirmed）。")
        return
    for n, fact in enumerate(facts):
        if not isinstance(fact, dict) or not _text(fact.get("text")) or fact.get("status") not in FACT_STATUSES:
            bad(
                f"facts[{n}]",
                "每条要点须有文字 text 和 status：confirmed（读过原文）、secondary（据转发或报道）或 unconfirmed（待核实）。",
            )


def _check_groups(data: dict, kind: str, bad) -> None:
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        bad("groups", "须列出至少一个分组。")
        return
    if data.get("unused_items", "exclude") not in ("exclude", "zero"):
        bad("unused_items", "须为 exclude 或 zero。")
    if data.get("green_products", "listed") not in GREEN_PRODUCTS:
        bad("green_products", "须为 certified（只计持有效认证证书的产品）或 listed（计目录在录产品）。")
    seen_groups, seen_items, total = set(), set(), 0
    for g, group in enumerate(groups):
        where = f"groups[{g}]"
        if (
            not isinstance(group, dict)
            or not isinstance(group.get("items"), list)
            or not group["items"]
            or not isinstance(group.get("id"), str)
            or not isinstance(group.get("name"), str)
        ):
            bad(where, "分组须有文字 id、name 和至少一个分项 items。")
            continue
        if group.get("id") in seen_groups:
            bad(f"{where}.id", f"分组 id “{group.get('id')}”重复。")
        seen_groups.add(group.get("id"))
        if kind == "weighted-groups":
            weight = group.get("weight")
            if not isinstance(weight, int) or isinstance(weight, bool) or weight <= 0:
                bad(f"{where}.weight", "分组分值须为正整数（如 45）。")
            else:
                total += weight
        others = 0
        for i, item in enumerate(group["items"]):
            at = f"{where}.items[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("name"), str):
                bad(at, "分项须有 id 和 name。")
                continue
            if item["id"] in seen_items:
                bad(f"{at}.id", f"分项 id “{item['id']}”重复。")
            seen_items.add(item["id"])
            others += item.get("other") is True
            _check_item(item, at, kind, bad)
            if kind == "scored-table":
                total += _check_scored_item(item, at, bad)
        if others > 1:
            bad(where, "每个分组最多一个“其他类”分项（other: true）。")
    if kind == "scored-table":
        if data.get("scoring_rule") != "linear":
            bad("scoring_rule", "目前只支持 linear（区间内线性换算）。")
        if not _number(data.get("max_score")):
            bad("max_score", "须给出满分 max_score。")
        elif abs(total - data["max_score"]) > 1e-9:
            bad("max_score", f"各分项满分之和为 {total:g}，与 max_score {data['max_score']:g} 不符。")
        return
    threshold = data.get("item_threshold")
    if not _number(threshold) or not 0 < threshold <= 100:
        bad("item_threshold", "达标占比须在 0 到 100 之间。")
    if total != 100:
        bad("groups", f"分组分值之和为 {total:g}，须为 100。")
    rounding = data.get("rounding")
    if (
        not isinstance(rounding, dict)
        or rounding.get("mode") != "half-up"
        or not isinstance(rounding.get("decimals"), int)
        or isinstance(rounding.get("decimals"), bool)
        or not 0 <= rounding["decimals"] <= 4
    ):
        bad("rounding", "须写明分组得分的修约：rounding: {decimals: 1, mode: half-up}（decimals 为 0–4，目前只支持四舍五入）。")
    if data.get("unused_groups") != "zero":
        bad("unused_groups", "目前只支持 zero：整组未使用时该组得 0 分，P 仍除以 100。")
    if not _text(data.get("unused_groups_note")):
        bad("unused_groups_note", "须说明整组未使用时本站怎样计算，以及这一点是否已确认。")


def _check_item(item: dict, at: str, kind: str, bad) -> None:
    units = item.get("units", [])
    if not isinstance(units, list) or not all(_text(u) for u in units):
        bad(f"{at}.units", "units 须是计算单位的列表，如 [m³] 或 [m², t]。")
    if item.get("other", False) not in (True, False):
        bad(f"{at}.other", "other 须为 true 或 false。")
    elif item.get("other") and (kind != "weighted-groups" or units):
        bad(f"{at}.other", "“其他类”（other: true）只用于分组加权法，且不设统一单位（各产品种类自带单位）。")
    elif kind == "weighted-groups" and not item.get("other") and not units:
        bad(f"{at}.units", "分组加权法的每个分项须写明计算单位 units。")
    if "includes" in item and not _text(item.get("includes")):
        bad(f"{at}.includes", "includes 须是文字。")


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


def _item(data: dict) -> RatioItem:
    known = {k: data[k] for k in ("threshold", "full_share", "min_score", "max_score", "includes") if k in data}
    return RatioItem(data["id"], data["name"], tuple(data.get("units") or ()), bool(data.get("other")), **known)


def build(data: dict) -> RatioRuleset:
    """Typed ruleset from a file that passed ``check``."""
    groups = tuple(
        RatioGroup(g["id"], g["name"], tuple(_item(i) for i in g["items"]), g.get("weight")) for g in data.get("groups", ())
    )
    doc = data.get("document")
    document = (
        None
        if doc is None
        else SourceDocument(
            title=doc["title"],
            issuer=doc["issuer"],
            date=str(doc["date"]),
            number=doc.get("number"),
            read_at=doc["read_at"],
            date_note=doc.get("date_note"),
            number_note=doc.get("number_note"),
        )
    )
    return RatioRuleset(
        id=data["id"],
        name=data["name"],
        kind=data["kind"],
        edition=str(data["edition"]),
        status=data["status"],
        document=document,
        facts=tuple(RuleFact(f["text"], f["status"]) for f in data["facts"]),
        source_note=data.get("source_note"),
        default=bool(data.get("default")),
        groups=groups,
        max_score=data.get("max_score"),
        unused=data.get("unused_items", "exclude"),
        unused_groups_note=data.get("unused_groups_note"),
        item_threshold=data.get("item_threshold"),
        decimals=(data.get("rounding") or {}).get("decimals"),
        green_products=data.get("green_products", "listed"),
        points=tuple((p["min_ratio"], p["points"]) for p in data.get("points", ())),
        star_prerequisites=tuple((s["star"], s["min_ratio"]) for s in data.get("star_prerequisites", ())),
    )
