"""A listed product: found by maker + name + model, or added with its category; then its certificate
(certified route) or type-test report (demand-standard route).

A product listed again in a later batch is the same product record with a new catalog entry, so the
site shows its listing history. Its certificate is found by number; a renewed certificate is a new
record, and dates that differ from the data's for the same number are corrected in place (and shown
in the diff for the reviewers).
"""

from __future__ import annotations

import re

from ..labels import ROUTE
from .cells import RowCells
from .known import Known, Record, product_key
from .match import Entry, Found, core, lookup, plain

CERTIFIED, TESTED = "certified", "demand-standard-tested"
_SCENARIO_SEPARATORS = re.compile(r"[;；、,，/\s]+")


def _names(found: Found) -> str:
    return "、".join(f"{e.code} {e.name}" for e in found.candidates)


def category(cells: RowCells, known: Known, route: str) -> str | None:
    """The category item code for a new product: exact name or code, else the nearest name (noticed)."""
    text = cells.required("category", "新产品需要产品类别（categories.csv 中品目级的分类）")
    if text is None:
        return None
    scheme = "certification" if route == CERTIFIED else "demand-standard"
    items = known.category_items
    upper = cells.text("category_class")
    if upper:
        found = lookup(upper, [Entry(c["code"], c["name"]) for c in known.category_classes])
        if found.entry is not None:
            items = [i for i in items if i["parent"] == found.entry.code] or items
    found = lookup(text, [Entry(i["code"], i["name"], i["scheme"] == scheme) for i in items])
    if found.ambiguous:
        cells.problem(
            "category", "ambiguous-category", f"产品类别“{text}”可能是 {_names(found)}：请改写为其中一个品目的完整名称或代码。"
        )
        return None
    if found.entry is None:
        hint = f"名称相近的有 {_names(found)}；" if found.candidates else ""
        cells.problem(
            "category",
            "unknown-category",
            f"“{text}”不是 catalog_data/reference/categories.csv 中的产品品目：{hint}请改为品目级（level 为 item）"
            "的名称或代码，例如“保温系统材料”或 RZ-01-05。确属新的品目时，先有依据地在分类表中添加。",
        )
        return None
    if not found.exact:
        cells.notice(
            "category",
            "category-nearest",
            f"产品类别“{text}”按最接近的名称对应为 {found.entry.code} {found.entry.name}；请核对。",
        )
    elif not found.entry.preferred:
        usual = "认证目录（RZ-）" if route == CERTIFIED else "需求标准（XQ-）"
        cells.notice(
            "category",
            "category-other-scheme",
            f"产品类别“{text}”对应 {found.entry.code}；{'认证' if route == CERTIFIED else '需求标准途径的'}产品通常用"
            f"{usual}的品目，请核对。",
        )
    return found.entry.code


def scenarios(cells: RowCells, known: Known) -> str | None:
    """Scenario codes separated by semicolons, from names such as 绿色建筑、超低能耗建筑."""
    text = cells.text("scenarios")
    codes = []
    for part in _SCENARIO_SEPARATORS.split(text or ""):
        if not part:
            continue
        found = lookup(part, known.scenarios)
        if found.entry is None:
            names = "、".join(e.name for e in known.scenarios)
            cells.problem(
                "scenarios",
                "unknown-scenario",
                f"应用场景“{part}”不是 scenarios.csv 中的场景：请改为 {names} 中的一个或几个，用顿号分隔。",
            )
            return None
        if not found.exact:
            cells.notice(
                "scenarios", "scenario-nearest", f"应用场景“{part}”对应为 {found.entry.name}（{found.entry.code}）；请核对。"
            )
        codes.append(found.entry.code)
    return ";".join(dict.fromkeys(codes))


def product(cells: RowCells, known: Known, maker: str, name: str, model: str, route: str | None) -> tuple[str, str] | None:
    """(product id, route) of the row's product; adds it when the maker has no product of that name and model."""
    existing_id = known.products_by_key.get(product_key(maker, name, model))
    if existing_id is not None:
        existing = known.get("products", existing_id).values
        if route is None:
            return existing_id, existing["route"]
        if route != existing["route"]:
            column = "certificate" if route == CERTIFIED else "report"
            cells.problem(
                column,
                "route-conflict",
                f"产品 {existing_id}（{name} {model}）在数据中是{ROUTE[existing['route']]}，本行给出的却是"
                f"{'证书编号' if route == CERTIFIED else '检验报告编号'}（{ROUTE[route]}）：同一产品只能有一种"
                "入选途径，以往的收录记录依赖原来的证明材料。请核对公告；确需改变时，先在 products.csv 中处理该产品。",
            )
            return None
        _compare_category(cells, known, existing)
        return existing_id, route
    if route is None:
        cells.problem(
            None,
            "missing-route",
            "证书编号和检验报告编号都为空：已认证的产品请填写证书编号（以及认证机构、星级、"
            "发证日期、有效期至），未认证但经检验满足需求标准的产品请填写检验报告编号"
            "（以及检验机构、报告日期）。",
        )
        return None
    code = category(cells, known, route)
    chosen = scenarios(cells, known)
    if code is None or chosen is None:
        return None
    new_id = known.new_product_id()
    known.add(
        "products",
        Record(
            {
                "id": new_id,
                "name": name,
                "model": model,
                "category": code,
                "enterprise": maker,
                "route": route,
                "scenarios": chosen,
                "description": "",
            },
            row=cells.row.number,
            columns={
                "name": "product_name",
                "model": "model",
                "category": "category",
                "enterprise": "credit_code",
                "scenarios": "scenarios",
                "route": "certificate" if route == CERTIFIED else "report",
            },
        ),
    )
    return new_id, route


def _compare_category(cells: RowCells, known: Known, existing: dict) -> None:
    text = cells.text("category")
    if not text:
        return
    found = lookup(text, [Entry(i["code"], i["name"]) for i in known.category_items])
    if found.entry is not None and found.entry.code != existing["category"]:
        cells.notice(
            "category",
            "category-differs",
            f"产品 {existing['id']} 在数据中的类别是 {existing['category']}，表中的“{text}”对应 {found.entry.code}；"
            "已有产品的类别未修改，如需更正请另行修改 products.csv。",
        )


def body(cells: RowCells, known: Known) -> str | None:
    text = cells.required("body", "证书需要认证机构")
    if text is None:
        return None
    found = lookup(text, known.bodies, key=core)
    if found.ambiguous:
        cells.problem("body", "ambiguous-body", f"认证机构“{text}”可能是 {_names(found)}：请写出机构全称。")
        return None
    if found.entry is None:
        names = "、".join(e.name for e in known.bodies)
        cells.problem(
            "body",
            "unknown-body",
            f"认证机构“{text}”不在 catalog_data/reference/certification_bodies.csv 中（现有：{names}）：请核对名称；"
            "确属新的认证机构时，先在该表中添加一行（见 CONTRIBUTING.md 第 1 节），再导入。",
        )
        return None
    if not found.exact and plain(text) != plain(found.entry.name):
        cells.notice("body", "body-nearest", f"认证机构“{text}”对应为 {found.entry.name}（{found.entry.code}）；请核对。")
    return found.entry.code
