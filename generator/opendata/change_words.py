"""What one version of the data changed, in plain Chinese, for the changelog page and the Atom feed.

``describe(version)`` gives a short headline (``新增 3 个产品，移出目录 1 个产品``) and a sentence that
names the records (``…移出目录 1 个产品（P00003 岩棉板 · 政府采购目录 2025年第一批：弄虚作假）。``), both
made from the record-level diff: never from the commit message, which is code talk as often as not.
A version is anything with ``changes``, ``note``, ``titles`` and ``label(change)`` (history.Version).
"""

from __future__ import annotations

from collections.abc import Callable

NAMED = 3
"""Records named in each part of the sentence; more are counted and ended with 等."""
HEADLINE_PARTS = 3
"""Parts in the headline; more end it with 等."""

NOUNS = {
    "products": ("个", "产品"),
    "enterprises": ("家", "企业"),
    "certificates": ("张", "认证证书"),
    "catalogs": ("本", "目录"),
    "catalog_batches": ("个", "目录批次"),
    "catalog_entries": ("条", "目录收录记录"),
    "negative_list": ("条", "负面清单记录"),
    "test_reports": ("份", "检验报告"),
    "product_indicators": ("项", "产品性能指标"),
    "enterprise_honours": ("项", "企业荣誉"),
    "demo_projects": ("个", "示范工程"),
    "demo_project_products": ("条", "示范工程用到的产品"),
    "demo_project_materials": ("条", "示范工程材料用量"),
    "policies": ("份", "政策文件"),
    "ratio_rules": ("套", "应用比例计算规则"),
    "regions": ("个", "地区"),
    "categories": ("个", "产品分类"),
    "scenarios": ("个", "应用场景"),
    "certification_bodies": ("家", "认证机构"),
    "reason_codes": ("个", "原因代码"),
}
"""Measure word and noun of a record of each table; another table is counted in 条 under its own title."""
NAMED_TABLES = {"products", "enterprises", "demo_projects", "catalogs", "policies"}
"""Tables whose records are named in the sentence (the others are counted only)."""


def describe(version) -> tuple[str, str]:
    """(headline, sentence) of a version: what it changed, in plain Chinese."""
    if version.note:
        return "数据无法读取，变更未列出", version.note
    parts = _parts(version)
    if not parts:
        return "数据没有变化", "数据没有变化。"
    shorts = [short for short, _ in parts]
    headline = "，".join(shorts[:HEADLINE_PARTS]) + ("等" if len(shorts) > HEADLINE_PARTS else "")
    return headline, "，".join(short + (f"（{detail}）" if detail else "") for short, detail in parts) + "。"


def _parts(v) -> list[tuple[str, str]]:
    """(short, detail) for each kind of change, tables in the order the history sorts them."""
    tables: dict[str, dict[str, list]] = {}
    for change in v.changes:
        tables.setdefault(change.table, {}).setdefault(change.kind, []).append(change)
    parts: list[tuple[str, str]] = []
    for table, kinds in tables.items():
        special = _SPECIAL.get(table)
        parts += special(v, kinds) if special else _plain(v, table, kinds)
    return parts


def _noun(v, table: str) -> tuple[str, str]:
    return NOUNS.get(table) or ("条", v.titles.table(table).removesuffix("记录") + "记录")


def _names(v, changes: list, detail: Callable | None = None) -> str:
    """The first few records, named as the history names them, each with its detail; 等 when there are more."""
    named = [v.label(c) + (f"：{found}" if detail and (found := detail(c)) else "") for c in changes[:NAMED]]
    return "；".join(named) + ("等" if len(changes) > NAMED else "")


def _plain(v, table: str, kinds: dict[str, list]) -> list[tuple[str, str]]:
    measure, noun = _noun(v, table)
    named = table in NAMED_TABLES
    out = []
    for kind, verb in (("added", "新增"), ("removed", "删除"), ("changed", "修改")):
        changes = kinds.get(kind, [])
        if changes:
            what = (lambda c: "、".join(v.titles.field(table, name) for name in c.fields)) if kind == "changed" else None
            out.append((f"{verb} {len(changes)} {measure}{noun}", _names(v, changes, what) if named else ""))
    return out


def _reason(v, code: str) -> str:
    return v.titles.reasons.get(code, code) if code else ""


def _new(change, name: str) -> str:
    return (change.fields.get(name) or ["", ""])[1]


def _products(entries: list) -> int:
    """How many products some catalog entries are about (a key is ``catalog/batch/product``)."""
    return len({change.key.rsplit("/", 1)[-1] for change in entries})


def _catalog_entries(v, kinds: dict[str, list]) -> list[tuple[str, str]]:
    changed = kinds.get("changed", [])
    out_of = [c for c in changed if "removed_date" in c.fields and _new(c, "removed_date") and not c.fields["removed_date"][0]]
    back = [c for c in changed if "removed_date" in c.fields and not _new(c, "removed_date")]
    other = [c for c in changed if c not in out_of and c not in back]
    added = kinds.get("added", [])
    found = [
        (f"目录新收录 {_products(added)} 个产品", _names(v, added)) if added else None,
        (f"移出目录 {_products(out_of)} 个产品", _names(v, out_of, lambda c: _reason(v, _new(c, "removal_reason"))))
        if out_of
        else None,
        (f"恢复收录 {_products(back)} 个产品", _names(v, back)) if back else None,
        (f"修改 {len(other)} 条目录收录记录", "") if other else None,
        (f"删除 {len(kinds['removed'])} 条目录收录记录", "") if kinds.get("removed") else None,
    ]
    return [part for part in found if part]


def _negative_list(v, kinds: dict[str, list]) -> list[tuple[str, str]]:
    def why(change) -> str:
        return _reason(v, change.fields.get("reason", ""))

    found = [
        (f"列入负面清单 {len(kinds['added'])} 条", _names(v, kinds["added"], why)) if kinds.get("added") else None,
        (f"撤出负面清单 {len(kinds['removed'])} 条", _names(v, kinds["removed"])) if kinds.get("removed") else None,
        (f"修改 {len(kinds['changed'])} 条负面清单记录", "") if kinds.get("changed") else None,
    ]
    return [part for part in found if part]


def _certificates(v, kinds: dict[str, list]) -> list[tuple[str, str]]:
    changed = kinds.get("changed", [])
    withdrawn = [c for c in changed if _new(c, "withdrawn").lower() == "true" or _new(c, "withdrawn_date")]
    other = [c for c in changed if c not in withdrawn]
    found = [
        (f"新增 {len(kinds['added'])} 张认证证书", "") if kinds.get("added") else None,
        (f"撤销 {len(withdrawn)} 张认证证书", _names(v, withdrawn)) if withdrawn else None,
        (f"修改 {len(other)} 张认证证书", "") if other else None,
        (f"删除 {len(kinds['removed'])} 张认证证书", "") if kinds.get("removed") else None,
    ]
    return [part for part in found if part]


_SPECIAL = {"catalog_entries": _catalog_entries, "negative_list": _negative_list, "certificates": _certificates}
