"""Find the maker of a listed product, or add it when the data does not have it yet.

The way a careful data editor works: the credit code decides; a name is trusted only when it is
exactly a maker's name or short name (and that is reported). A name that is only close to an
existing maker's is never turned into a second record of the same maker: without a credit code the
row is refused and the nearest maker is named, so the contributor decides.
"""

from __future__ import annotations

from .cells import RowCells
from .columns import address_placeholder
from .known import Known, Record
from .match import Similarity, core, find_region, plain, region_of_code

NEAR_MAKER = 0.6
"""Lowest similarity of two makers' names (without 吉林省 and 有限公司) offered as the likely maker of a row."""
SAME_MAKER = 0.85
"""A new credit code whose name is this close to a known maker's is pointed out (a typo in either code?)."""


def _exact(known: Known, name: str) -> list[Record]:
    return known.makers_named(plain(name))


def _nearest(known: Known, name: str, floor: float = NEAR_MAKER) -> Record | None:
    alike = Similarity(core(name))
    best, found = floor, None
    for names, record in known.maker_names():
        score = max(alike(names[0], best), alike(names[1], best))
        if score >= best and (found is None or score > best):
            best, found = score, record
    return found


def _label(record: Record) -> str:
    return f"“{record.values['name']}”（统一社会信用代码 {record.values['credit_code']}）"


def find_maker(cells: RowCells, known: Known) -> str | None:
    """The maker's credit code; adds a new enterprise when the code is not in the data yet."""
    before = len(cells.problems)
    code = cells.credit_code()
    if len(cells.problems) > before:
        return None  # a wrong code has been reported
    name = cells.text("enterprise_name")
    if code is not None:
        existing = known.get("enterprises", code)
        if existing is None:
            return _new_maker(cells, known, code, name)
        if name and plain(name) not in (plain(existing.values["name"]), plain(existing.values.get("short_name", ""))):
            cells.notice(
                "enterprise_name",
                "maker-name-differs",
                f"按统一社会信用代码匹配到已有企业{_label(existing)}，表中写作“{name}”；企业名称未修改，"
                "如企业已更名，请另行修改 enterprises.csv。",
            )
        _warn_negative(cells, known, code)
        return code
    if not name:
        cells.missing(
            "enterprise_name",
            "每一行都要写明生产企业（原表中上下合并的单元格另存为 CSV 后只有第一行有内容，可以直接导入 .xlsx 文件）",
        )
        return None
    same = _exact(known, name)
    if len(same) == 1:
        cells.notice(
            "enterprise_name",
            "maker-by-name",
            f"表中没有统一社会信用代码，按名称与已有企业{_label(same[0])}完全一致匹配；请核对。",
        )
        _warn_negative(cells, known, same[0].values["credit_code"])
        return same[0].values["credit_code"]
    if len(same) > 1:
        cells.problem(
            "credit_code",
            "maker-ambiguous",
            f"数据中有 {len(same)} 家企业名称或简称都是“{name}”：{'、'.join(_label(r) for r in same)}；请填写统一社会信用代码。",
        )
        return None
    near = _nearest(known, name)
    if near is not None:
        code = near.values["credit_code"]
        cells.problem(
            "enterprise_name",
            "maker-name-not-exact",
            f"数据中没有名为“{name}”的企业，名称最接近的是{_label(near)}。如是同一企业，请在“统一社会信用代码”列"
            f"填写 {code}；如不是，请填写这家企业自己的统一社会信用代码，它将作为新企业加入。",
        )
    else:
        cells.problem(
            "credit_code" if cells.has_column("credit_code") else "enterprise_name",
            "maker-needs-credit-code",
            f"数据中没有企业“{name}”：新企业须有统一社会信用代码（18 位，照营业执照），请填写"
            f"{'' if cells.has_column('credit_code') else '（表中没有“统一社会信用代码”列，请加上这一列）'}。",
        )
    return None


def _warn_negative(cells: RowCells, known: Known, code: str) -> None:
    for listed in known.negative:
        if listed.values.get("enterprise") == code and not listed.values.get("product"):
            cells.notice(
                "enterprise_name",
                "maker-negative-listed",
                f"该企业已于 {listed.values['decision_date']} 列入负面清单（{listed.values['id']}）；"
                "请确认公告确实收录了它的产品。",
            )


def _new_maker(cells: RowCells, known: Known, code: str, name: str | None) -> str | None:
    if not name:
        cells.missing("enterprise_name", "这家企业在数据中还没有，新企业需要企业名称")
        return None
    same = [r for r in _exact(known, name) if plain(r.values["name"]) == plain(name)]
    if same:
        cells.problem(
            "credit_code",
            "maker-code-conflict",
            f"数据中已有同名企业{_label(same[0])}，与表中的代码 {code} 不同：同一家企业只有一个统一社会信用代码，"
            "请对照营业执照或国家企业信用信息公示系统核对哪一个正确。",
        )
        return None
    region = _region(cells, known, code)
    if region is None:
        return None
    address = cells.text("address")
    if address is None:
        address = address_placeholder()
        cells.notice("address", "address-placeholder", f"新企业“{name}”没有地址，已写为“{address}”；请在合并前补上企业地址。")
    near = _nearest(known, name, SAME_MAKER)
    if near is not None:
        cells.notice(
            "enterprise_name",
            "maker-similar-name",
            f"数据中有名称相近的企业{_label(near)}，但统一社会信用代码不同，已把“{name}”作为新企业加入；请核对。",
        )
    values = dict.fromkeys(("credit_code", "name", "short_name", "region", "address", "phone", "email", "website", "profile"), "")
    values.update(credit_code=code, name=name, region=region, address=address)
    known.add(
        "enterprises",
        Record(
            values,
            row=cells.row.number,
            columns={"credit_code": "credit_code", "name": "enterprise_name", "region": "region", "address": "address"},
        ),
    )
    return code


def _region(cells: RowCells, known: Known, code: str) -> str | None:
    text = cells.text("region")
    if text is None:
        found = region_of_code(code, known.regions)
        if found is None:
            cells.missing("region", f"新企业需要所在地区（regions.csv 中的市州），代码 {code} 的登记地不在吉林省的市州中")
            return None
        cells.notice(
            "region",
            "region-from-code",
            f"表中没有所在地区，按统一社会信用代码第 3–8 位（登记地 {code[2:8]}）定为 {found.name}（{found.id}）；请核对。",
        )
        return found.id
    found, exact = find_region(text, known.regions)
    if found is None and (by_code := region_of_code(code, known.regions)) is not None:
        cells.notice(
            "region",
            "region-from-code",
            f"“{text}”不在 regions.csv 中（只列市州），按统一社会信用代码的登记地"
            f"（{code[2:8]}）定为 {by_code.name}（{by_code.id}）；请核对。",
        )
        return by_code.id
    if found is None:
        names = "、".join(r.name for r in known.regions)
        cells.problem(
            "region", "unknown-region", f"“{text}”不是 regions.csv 中的地区：请填写企业所在的市（州），即 {names} 之一。"
        )
        return None
    if not exact:
        cells.notice("region", "region-nearest", f"所在地区“{text}”对应为 {found.name}（{found.id}）；请核对。")
    return found.id
