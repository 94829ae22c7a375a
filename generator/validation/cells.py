"""One cell by itself: placeholders, text a spreadsheet would run, and typed values with the reason they fail.

``convert`` turns a normalised cell into its Python value by the field's Table Schema type, or returns an
``Issue``: the problem code, what is wrong in words (quoting the cell) and what to write instead. Dates get
the reason (June has 30 days; ``01/06/2026`` reads two ways; ``2026年6月`` has no day) and the ISO form;
numbers get their grammar checked strictly (no NaN, no infinity, nothing a double cannot hold, no units).
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
import sys

from .. import creditcode
from .dates import YEARS, date_issue, unlikely_year
from .normalize import PLACEHOLDER
from .problems import Issue
from .suggest import chinese_number, enum_vocabulary, field_title

_HINTS = ("待填写", "请填写", "待定", "待补充", "待完善", "?", "？")
_WORD_HINTS = ("todo", "tbd", "fixme", "xxx")
FORMULA_START = frozenset("=+-@")
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
INTEGER = re.compile(r"[+-]?[0-9]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SIGNIFICANT = 15
"""Digits every published format holds exactly (Excel keeps 15; JSON and SQLite doubles more)."""
LARGEST = 9.99999999999999e307
"""The largest number Excel holds; JSON and SQLite hold a little more (1.8e308)."""
_WITH_UNIT = re.compile(r"([+-]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*([^\s0-9.,;+\-−~～].*)")
_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
"""Chinese orders of magnitude written after a number (1.2万 = 12000)."""
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_APPROXIMATE = re.compile(r"(?:约|大约|≈|~|～|≥|≤|>|<|不小于|不大于|大于|小于)\s*([0-9.]+)|([0-9.]+)\s*(?:左右|以上|以下)")
_RANGE = re.compile(r"[0-9.]+\s*(?:-|~|～|—|至|到)\s*[0-9.]+")
_TRUE_WORDS = {"yes", "y", "t", "有", "对", "是的", "已撤销", "√", "✓"}
_FALSE_WORDS = {"no", "n", "f", "无", "没有", "未撤销", "×", "✗"}
TRUE = {"true", "True", "TRUE", "1"}
FALSE = {"false", "False", "FALSE", "0"}


def may_hold_placeholders(text: str) -> bool:
    """Cheap test on a whole file: can any of its cells be a placeholder?"""
    if any(hint in text for hint in _HINTS):
        return True
    lowered = text.lower()
    return any(word in lowered for word in _WORD_HINTS)


def placeholder(cell: str, field: dict) -> Issue | None:
    """An issue when the cell is ``待填写`` (or a skeleton's ``待填写（例：…）``, TODO, 待定 …)."""
    if not cell or not PLACEHOLDER.search(cell):
        return None
    constraints = field.get("constraints") or {}
    example = field.get("example")
    hint = f"，例如 {example}" if example is not None else ""
    where = f"（{field['description']}）" if field.get("description") else ""
    optional = "" if constraints.get("required") else "；这个字段可以留空"
    return Issue(
        "placeholder",
        f"{field_title(field)}还是占位内容“{cell}”。",
        f"把“{cell}”改成这条记录真实的{field_title(field)}{where}{hint}{optional}。",
    )


def credit_code(cell: str, field: dict) -> Issue | None:
    """A unified social credit code whose check character (GB 32100-2015) is wrong; the pattern is checked elsewhere."""
    if len(cell) != 18 or any(c not in creditcode.ALPHABET for c in cell) or creditcode.is_valid(cell):
        return None
    expected = creditcode.check_character(cell[:17])
    return Issue(
        "credit-code-checksum",
        f"{field_title(field)}“{cell}”的第 18 位是校验码，按前 17 位算应为“{expected}”，这里是“{cell[17]}”："
        "18 位中至少有一位抄错了（也可能是相邻两位颠倒）。",
        "对照营业执照或国家企业信用信息公示系统逐位核对这 18 位，改正抄错的那一位；不要只把最后一位改成"
        f"“{expected}”，那样会把抄错的代码变成能通过校验的错误代码。同一代码在 products.csv、negative_list.csv "
        "等文件中出现的地方也要一起改。",
    )


def formula_like(cell: str) -> bool:
    """True when a spreadsheet opening the CSV would take the cell for a formula (not a plain number)."""
    return bool(cell) and cell[0] in FORMULA_START and NUMBER.fullmatch(cell) is None


def convert(cell: str, field: dict) -> tuple[object, Issue | None]:
    """(value, None) for a good cell (None when empty), or (None, issue)."""
    if cell == "":
        return None, None
    kind = field.get("type", "string")
    if kind == "date":
        if ISO_DATE.fullmatch(cell):
            try:
                day = dt.date.fromisoformat(cell)
            except ValueError:
                return None, date_issue(cell, field)
            return (day, None) if YEARS[0] <= day.year <= YEARS[1] else (None, unlikely_year(cell, day, field))
        return None, date_issue(cell, field)
    if kind == "number":
        if NUMBER.fullmatch(cell):
            return _number(cell, field)
        return None, number_issue(cell, field, integer=False)
    if kind == "integer":
        if INTEGER.fullmatch(cell):
            digits = cell.lstrip("+-").lstrip("0")
            if len(digits) > SIGNIFICANT:
                detail = (
                    f"{field_title(field)}“{cell}”有 {len(digits)} 位，超过 {SIGNIFICANT} 位：Excel 和 JSON 下载文件"
                    "存不下这么多位，会悄悄改掉后面的数字。"
                )
                return None, Issue("constraint-violation", detail, f"照原件核对，填写实际的整数{unit_hint(field)}。")
            return int(cell), None
        return None, number_issue(cell, field, integer=True)
    if kind == "boolean":
        if cell in TRUE or cell in FALSE:
            return cell in TRUE, None
        return None, _boolean_issue(cell, field)
    return cell, None


def _number(cell: str, field: dict) -> tuple[object, Issue | None]:
    value = float(cell)
    title = field_title(field)
    if math.isinf(value) or abs(value) > LARGEST:
        return None, Issue(
            "constraint-violation",
            f"{title}“{cell}”太大，超出了下载文件（Excel）能存的范围（约 1e308）。",
            f"填写实际的数值{unit_hint(field)}。",
        )
    mantissa = cell.lstrip("+-").split("e")[0].split("E")[0]
    digits = mantissa.replace(".", "").strip("0")  # zeros at either end say nothing a double cannot hold
    if (value == 0 and digits) or 0 < abs(value) < sys.float_info.min:  # below it doubles lose digits
        return None, Issue(
            "constraint-violation",
            f"{title}“{cell}”太小，读成数字会变成 0。",
            f"填写实际的数值{unit_hint(field)}；确实为 0 时写 0。",
        )
    if len(cell) > SIGNIFICANT and len(digits) > SIGNIFICANT:
        rounded = f"{value:.{SIGNIFICANT}g}"
        return None, Issue(
            "constraint-violation",
            f"{title}“{cell}”有 {len(digits)} 位有效数字，超过 {SIGNIFICANT} 位：Excel、JSON 和 SQLite "
            "下载文件存不下这么多位，会悄悄改掉后面的数字。",
            f"保留 {SIGNIFICANT} 位以内的有效数字，例如写 {rounded}。",
            (rounded,),
        )
    return value, None


def unit_hint(field: dict, with_range: bool = True) -> str:
    """'，不小于 0，单位：平方米': the allowed range and the unit (from a title such as 建筑面积（平方米）), or nothing."""
    rules = field.get("constraints") or {}
    low, high = rules.get("minimum"), rules.get("maximum")
    parts = []
    if with_range and low is not None and high is not None:
        parts.append(f"在 {low}–{high} 之间")
    elif with_range and low is not None:
        parts.append(f"不小于 {low}")
    elif with_range and high is not None:
        parts.append(f"不大于 {high}")
    match = re.search(r"[（(]([^（）()]+)[)）]$", str(field.get("title") or ""))
    if match:
        parts.append(f"单位：{match.group(1)}")
    return "".join(f"，{p}" for p in parts)


def number_issue(cell: str, field: dict, integer: bool) -> Issue:
    """Why a number or integer cell is not one, and what to write."""
    title, lowered = field_title(field), cell.lower().lstrip("+-")
    whole = "整数" if integer else "数字"
    required = (field.get("constraints") or {}).get("required")
    unknown = "这个字段必填，请填写实际的数值" if required else "不知道时留空"
    if lowered in {"nan", "null", "none", "n/a", "na", "#n/a", "#value!", "#div/0!", "#num!"}:
        return Issue(
            "type-error",
            f"{title}“{cell}”不是数值（它表示“没有数值”或电子表格的计算错误）。",
            f"填写实际的数值{unit_hint(field)}；{unknown}。",
        )
    if lowered in {"inf", "infinity", "∞"}:
        return Issue(
            "type-error", f"{title}“{cell}”表示无穷大，不是可以公开的数值。", f"填写实际的数值{unit_hint(field)}；{unknown}。"
        )
    if NUMBER.fullmatch(cell):  # a number in an integer field
        value = float(cell)
        if math.isfinite(value) and value == int(value):
            exact = str(int(value))
            return Issue("type-error", f"{title}“{cell}”须是整数，不带小数点或指数。", f"写成 {exact}。", (exact,))
        return Issue("type-error", f"{title}“{cell}”不是整数。", f"填写整数{unit_hint(field)}。")
    if _THOUSANDS.fullmatch(cell):
        plain = cell.replace(",", "")
        return Issue(
            "type-error", f"{title}“{cell}”中有千位分隔符（逗号）。", f"去掉逗号，写成 {plain}{unit_hint(field)}。", (plain,)
        )
    if re.fullmatch(r"[+-]?[0-9]+,[0-9]+", cell):
        dotted = cell.replace(",", ".")
        return Issue("type-error", f"{title}“{cell}”用逗号作了小数点。", f"小数点用英文句点，写成 {dotted}。", (dotted,))
    if (field.get("constraints") or {}).get("enum"):
        choices = enum_vocabulary(field)
        meant = choices.nearest(cell).codes[:1]
        fix = f"改为 {choices.listing(meant)}。" if meant else ""
        return Issue(
            "enum-mismatch", f"{title}“{cell}”不在允许的值中。", f"{fix}允许的值：{choices.listing(choices.names)}。", meant
        )
    spoken = chinese_number(cell)
    if spoken is not None:
        return Issue(
            "type-error", f"{title}“{cell}”是汉字写的数。", f"用阿拉伯数字写成 {spoken}{unit_hint(field)}。", (str(spoken),)
        )
    approximate = _APPROXIMATE.fullmatch(cell)
    if approximate:
        number = approximate.group(1) or approximate.group(2)
        return Issue("type-error", f"{title}“{cell}”不是一个确定的{whole}。", f"只写数值本身，例如 {number}。", (number,))
    if _RANGE.fullmatch(cell):
        return Issue(
            "type-error", f"{title}“{cell}”是一个范围，这里只能写一个{whole}。", f"填写一个确定的{whole}{unit_hint(field)}。"
        )
    with_unit = _WITH_UNIT.fullmatch(cell)
    if with_unit:
        number, unit = with_unit.group(1).replace(",", ""), with_unit.group(2).strip()
        unit_words = unit_hint(field, with_range=False) or "（单位不写在这一格里）"
        if unit[0] in _SCALES:  # 1.2万 is 12000, not 1.2
            written, number = number, format((decimal.Decimal(number) * _SCALES[unit[0]]).normalize(), "f")
            return Issue(
                "value-with-unit",
                f"{title}“{cell}”用了“{unit[0]}”：{written}{unit[0]}就是 {number}。",
                f"只写数字 {number}{unit_words}。",
                (number,),
            )
        return Issue(
            "value-with-unit", f"{title}“{cell}”在数字后面写了单位“{unit}”。", f"只写数字 {number}{unit_words}。", (number,)
        )
    return Issue(
        "type-error",
        f"{title}“{cell}”不是{whole}。",
        f"只写阿拉伯数字{unit_hint(field)}，例如 {field.get('example') or ('12' if integer else '12.5')}。",
    )


_UNIT = re.compile(
    r"[%‰℃°A-Za-zµμΩ²³·/()（）^\-0-9.㎡㎥㎏㎜㎝㎞]+|[级米克吨升天年月时分秒次个块片根套台件元倍度]"
    r"|平方米|立方米|千克|公斤|毫米|厘米|小时"
)


def unit_suffix(value: str) -> tuple[str, str] | None:
    """(number, unit) of a value written with its unit, such as 0.040 W/(m·K) or 12%; None otherwise."""
    found = _WITH_UNIT.fullmatch(value)
    if not found or _THOUSANDS.fullmatch(value) or not NUMBER.fullmatch(found.group(1)):
        return None
    unit = found.group(2).strip()
    if unit[:1] in "(（" or not _UNIT.fullmatch(unit) or not re.search(r"[^\d.\-]", unit):
        return None
    return found.group(1), unit


def _boolean_issue(cell: str, field: dict) -> Issue:
    title, lowered = field_title(field), cell.lower()
    if lowered in _TRUE_WORDS or lowered in _FALSE_WORDS:
        word = "true" if lowered in _TRUE_WORDS else "false"
        return Issue("type-error", f"{title}“{cell}”须写成 true 或 false。", f"写成 {word}。", (word,))
    return Issue("type-error", f"{title}“{cell}”不是“是”或“否”。", "是写 true，否写 false。")
