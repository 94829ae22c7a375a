"""Record skeletons: a correctly shaped CSV row with every required field marked 待填写.

A field with an example or a usual value shows it as ``待填写（例：RZ-01-05）``: the validator reports every
cell still holding 待填写 as a ``placeholder``, so no default passes unnoticed until a person has chosen the
value. Optional fields are left empty; the key of a product is the next free id, as the validator suggests
for a duplicated one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import yaml

from .validation.normalize import decode, delimiter_of
from .validation.suggest import next_free_id

TABLES = {"product": "products", "enterprise": "enterprises", "certificate": "certificates"}
TODO = "待填写"
EXAMPLES = {"withdrawn": "false", "region": "changchun", "category": "RZ-01-05", "body": "cabr-cc", "scenarios": "green-building"}
"""Usual values, shown as examples in the placeholder of required fields."""


def _resource(data: Path, kind: str) -> tuple[Path, dict]:
    for descriptor in sorted(data.glob("*/datapackage.yaml")):
        found = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
        for resource in found.get("resources", []) if isinstance(found, dict) else []:
            if isinstance(resource, dict) and resource.get("name") == TABLES[kind]:
                return descriptor.parent / resource["path"], resource["schema"]
    raise FileNotFoundError(f"数据目录 {data} 中没有 {TABLES[kind]} 表")


def _value(field: dict) -> str:
    """The skeleton's cell: empty for an optional field, else 待填写 with an example when there is one."""
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    if not constraints.get("required"):
        return ""
    example = EXAMPLES.get(name)
    if example is None and kind == "date":
        today = dt.date.today()
        if name == "expiry_date":  # certificates are valid five years
            later = today.replace(year=today.year + 5, day=min(today.day, 28) if today.month == 2 else today.day)
            example = (later - dt.timedelta(days=1)).isoformat()
        else:
            example = today.isoformat()
    if example is None and "enum" in constraints:
        example = "、".join(map(str, constraints["enum"]))
    if example is None and field.get("example") is not None:
        example = str(field["example"])
    return f"{TODO}（例：{example}）" if example else TODO


def _read(path: Path) -> tuple[str, str]:
    """The file's text and delimiter, read as the validator reads it."""
    text = decode(path.read_bytes())[0]
    return text, delimiter_of(text)


def next_product_id(ids) -> str:
    """The next free id in the P00001 style used by the sample data, after the highest one in ``ids``."""
    return next_free_id(ids, "P00001")


def _next_id(path: Path, field: str) -> str:
    text, delimiter = _read(path)
    return next_product_id(r.get(field) for r in csv.DictReader(io.StringIO(text), delimiter=delimiter))


def row(data: Path, kind: str) -> tuple[list[str], list[str]]:
    """(header, skeleton row) for a record kind; a product gets the next free id."""
    return _row(*_resource(data, kind), kind)


def _row(path: Path, schema: dict, kind: str) -> tuple[list[str], list[str]]:
    key = schema["primaryKey"][0]
    values = [(_next_id(path, key) if kind == "product" else TODO) if f["name"] == key else _value(f) for f in schema["fields"]]
    return [f["name"] for f in schema["fields"]], values


def skeleton(data: Path, kind: str) -> str:
    """The header and a skeleton row as CSV text, with a note on what to fill in."""
    path, schema = _resource(data, kind)
    header, values = _row(path, schema, kind)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, values])
    required = [f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")]
    return (
        f"# 追加到 {path} 末尾（只要第二行）。必填字段：{'、'.join(required)}\n"
        f"# 把每个“{TODO}（例：…）”整格改成真实内容（例子只是参考，不要照抄）；可选字段留空或填写。\n"
        f"# 编号要唯一，引用的企业、产品、地区、分类须已存在；改完运行 python -m generator validate。\n" + out.getvalue()
    )


def append(data: Path, kind: str) -> Path:
    """Append a skeleton row to the table's CSV file; return the file."""
    path, schema = _resource(data, kind)
    _, values = _row(path, schema, kind)
    text, delimiter = _read(path)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerow(values)
    path.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(), encoding="utf-8")
    return path
