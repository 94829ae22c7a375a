"""What a broken header, row or constraint means, in Chinese, with the value to write instead.

The schema check hands Frictionless' findings here as (kind, field, cell); nothing of Frictionless' own
English text reaches a message. Enum values are matched by code and by their Chinese names (from
``labels.yaml`` and the field's description); a cell that breaks a pattern is tried in the forms people
usually meant (without spaces, upper case, semicolons between codes, with https://) and the first that fits
is suggested.
"""

from __future__ import annotations

import re

from .. import creditcode
from .cells import Issue, unit_hint
from .suggest import chinese_number, enum_vocabulary, field_title


def header(kind: str, label: str, name: str | None, number: int | None, fields: list[dict]) -> Issue:
    """A header cell that does not match the schema's field list."""
    column = f"第 {number} 列" if number else "表头中"
    by_title = {str(f.get("title")): f["name"] for f in fields if f.get("title")}
    names = "、".join(f["name"] for f in fields)
    order = f"表头应为（按顺序）：{names}。"
    if kind == "extra-label":
        return Issue(
            "header-mismatch",
            f"{column}表头“{label}”不是这张表的字段。",
            f"删除这一列（表头和每一行中的这一格）；这张表没有“{label}”这个字段，需要新字段请在拉取请求中说明。{order}",
        )
    if kind == "missing-label":
        title = next((field_title(f) for f in fields if f["name"] == name), name)
        return Issue(
            "header-mismatch",
            f"表头缺少字段“{name}”（{title}）。",
            f"在{column}补上表头“{name}”，并在每一行的这个位置填写{title}。{order}",
        )
    if kind == "duplicate-label":
        return Issue(
            "header-mismatch", f"{column}表头“{label}”与前面的一列重复。", f"删除重复的一列，或改回应有的字段名。{order}"
        )
    if kind in {"blank-label", "blank-header"}:
        return Issue("header-mismatch", f"{column}表头是空的。", f"填上字段名，或删除这一列。{order}")
    if label in by_title:
        return Issue(
            "header-mismatch",
            f"{column}表头“{label}”是中文名，表头要写英文字段名。",
            f"把“{label}”改为“{by_title[label]}”。{order}",
            (by_title[label],),
        )
    return Issue(
        "header-mismatch",
        f"{column}表头是“{label}”，应为“{name}”。",
        f"把“{label}”改为“{name}”。{order}",
        (name,) if name else (),
    )


def row_shape(count: int, expected: int) -> Issue:
    """A record with more or fewer cells than the header has columns."""
    if count > expected:
        return Issue(
            "row-shape",
            f"这一行有 {count} 格，表头只有 {expected} 列，多了 {count - expected} 格。",
            '多半是某一格的内容里有英文逗号：把这一格整个用英文双引号括起来（如 "保温、隔声,A级"），'
            "或把逗号改成中文逗号“，”；也可能是多打了一个逗号，删掉即可。",
        )
    return Issue(
        "row-shape",
        f"这一行只有 {count} 格，表头有 {expected} 列，少了 {expected - count} 格。",
        "按表头补齐逗号：没有内容的字段也要留出位置（两个逗号之间什么都不写）。",
    )


def constraint(name: str, field: dict, cell: str | None) -> Issue:
    """A cell breaking the field's ``name`` constraint (required, enum, pattern, minimum …)."""
    title = field_title(field)
    rules = field.get("constraints") or {}
    if name == "required" or cell in (None, ""):
        return _required(field)
    if name == "enum":
        return _enum(field, cell)
    if name == "pattern":
        return _pattern(field, cell)
    if name in {"minimum", "maximum"}:
        low, high = rules.get("minimum"), rules.get("maximum")
        span = (
            f" {low}–{high} 之间"
            if low is not None and high is not None
            else (f"不小于 {low} " if low is not None else f"不大于 {high} ")
        )
        side = f"小于最小值 {low}" if name == "minimum" else f"大于最大值 {high}"
        return Issue("constraint-violation", f"{title}“{cell}”{side}。", f"填写{span}的数{unit_hint(field, with_range=False)}。")
    if name in {"maxLength", "minLength"}:
        limit = rules.get(name)
        shown = cell if len(cell) <= 20 else cell[:20] + "…"
        if name == "maxLength":
            return Issue(
                "constraint-violation",
                f"{title}“{shown}”有 {len(cell)} 个字，超过上限 {limit} 个字。",
                f"删减到 {limit} 个字以内。",
            )
        return Issue("constraint-violation", f"{title}“{shown}”只有 {len(cell)} 个字，至少要 {limit} 个字。", "照原件填写完整。")
    return Issue("constraint-violation", f"{title}“{cell}”不符合字段的限制（{name}）。", "按数据字典中该字段的说明修改。")


def _required(field: dict) -> Issue:
    title = field_title(field)
    hint = f"（{field['description']}）" if field.get("description") else ""
    example = f"，例如 {field['example']}" if field.get("example") is not None else ""
    enum = (field.get("constraints") or {}).get("enum")
    choices = f"，可选：{'、'.join(map(str, enum))}" if enum else ""
    return Issue("required-missing", f"{title}是必填项，这一格是空的。", f"填写{title}{hint}{choices}{example}。")


def _enum(field: dict, cell: str) -> Issue:
    title = field_title(field)
    choices = enum_vocabulary(field)
    found = choices.nearest(cell)
    every = f"允许的值：{choices.listing(choices.names)}。"
    if found.codes:
        why = "是中文名称，这里要写代码" if found.by_name and not cell.isascii() else "不在允许的值中"
        return Issue(
            "enum-mismatch", f"{title}“{cell}”{why}。", f"改为 {choices.listing(found.codes[:1])}。{every}", found.codes[:1]
        )
    return Issue("enum-mismatch", f"{title}“{cell}”不在允许的值中。", f"从这些值中选一个：{every}")


def _pattern(field: dict, cell: str) -> Issue:
    title, name = field_title(field), field["name"]
    pattern = re.compile((field.get("constraints") or {}).get("pattern", ".*"))
    example = f"，例如 {field['example']}" if field.get("example") is not None else ""
    if name == "credit_code" or "统一社会信用代码" in title:
        return _credit_code(field, cell, pattern)
    for candidate, how in _candidates(cell, name):
        if candidate != cell and pattern.fullmatch(candidate):
            return Issue("pattern-mismatch", f"{title}“{cell}”{how}。", f"写成 {candidate}。", (candidate,))
    reasons = []
    if "@" in pattern.pattern and "@" not in cell:
        reasons.append("缺少 @")
    if re.search(r"\s", cell):
        reasons.append("含有空格")
    if re.search(r"[^\x00-\x7f]", cell) and pattern.pattern.isascii():
        reasons.append("含有中文或全角字符")
    why = "，".join(reasons) or "不符合格式"
    return Issue("pattern-mismatch", f"{title}“{cell}”{why}。", f"按格式填写{title}{example}。")


def _candidates(cell: str, name: str) -> list[tuple[str, str]]:
    """Forms people usually meant, with what was wrong: (candidate, reason)."""
    found = [
        (re.sub(r"\s+", "", cell), "含有空格"),
        (cell.upper(), "要用大写字母"),
        (cell.lower(), "要用小写字母"),
        (re.sub(r"\s*[,，、；;/|]\s*|\s+", ";", cell).strip(";"), "多个代码之间要用英文分号 ; 分隔，不加空格"),
        (re.sub(r"[^\x00-\x7f]+", "", cell).strip(), "含有中文或全角字符"),
    ]
    if re.fullmatch(r"(www\.)?[\w.-]+\.[a-z]{2,}(/\S*)?", cell, re.IGNORECASE):
        found.append(("https://" + cell, "缺少 http:// 或 https:// 开头"))
    batch = re.fullmatch(r"([0-9]{4})\s*年?\s*第?\s*([0-9一二三四五六七八九十]+)\s*批?", cell)
    if batch:
        number = batch.group(2) if batch.group(2).isdigit() else chinese_number(batch.group(2))
        found.append((f"{batch.group(1)}-{number}", "要写成“年份-序号”"))
    return found


def _credit_code(field: dict, cell: str, pattern: re.Pattern) -> Issue:
    title = field_title(field)
    code = re.sub(r"\s+", "", cell).upper()
    if len(code) != 18:
        return Issue(
            "pattern-mismatch",
            f"{title}“{cell}”有 {len(code)} 位，统一社会信用代码是 18 位。",
            "照营业执照或国家企业信用信息公示系统逐位核对，补上漏掉的或删去多余的字符。",
        )
    swapped = code.translate(str.maketrans("OISZV", "01520"))
    if pattern.fullmatch(swapped) and creditcode.is_valid(swapped):
        wrong = "、".join(sorted({c for c in code if c in "OISZV"}))
        return Issue(
            "pattern-mismatch",
            f"{title}“{cell}”含有字母 {wrong}：统一社会信用代码不用字母 I、O、S、V、Z，多半是把数字看成了字母。",
            f"写成 {swapped}（已核对校验位），并对照营业执照确认。",
            (swapped,),
        )
    if code != cell and pattern.fullmatch(code):
        return Issue("pattern-mismatch", f"{title}“{cell}”含有空格或小写字母。", f"写成 {code}。", (code,))
    return Issue(
        "pattern-mismatch",
        f"{title}“{cell}”含有统一社会信用代码不用的字符（只用数字和除 I、O、S、V、Z 外的大写字母）。",
        "照营业执照或国家企业信用信息公示系统逐位核对。",
    )
