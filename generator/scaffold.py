"""Record skeletons: a correctly shaped CSV row with every required field marked 待填写."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import yaml

from .validation.normalize import decode, delimiter_of

TABLES = {"product": "products", "enterprise": "enterprises", "certificate": "certificates"}
TODO = "待填写"
EXAMPLES = {"route": "certified", "withdrawn": "false", "grade": "3", "region": "changchun", "category": "RZ-01-05",
            "body": "cabr-cc", "scenarios": "green-building"}


def _resource(data: Path, kind: str) -> tuple[Path, dict]:
    for descriptor in sorted(data.glob("*/datapackage.yaml")):
        found = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
        for resource in found.get("resources", []) if isinstance(found, dict) else []:
            if isinstance(resource, dict) and resource.get("name") == TABLES[kind]:
                return descriptor.parent / resource["path"], resource["schema"]
    raise FileNotFoundError(f"数据目录 {data} 中没有 {TABLES[kind]} 表")


def _value(field: dict) -> str:
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    if name in EXAMPLES:
        return EXAMPLES[name]
    if kind == "date":
        if not constraints.get("required"):
            return ""
        today = dt.date.today()
        if name == "expiry_date":  # certificates are valid five years
            later = today.replace(year=today.year + 5, day=min(today.day, 28) if today.month == 2 else today.day)
            return (later - dt.timedelta(days=1)).isoformat()
        return today.isoformat()
    if "enum" in constraints:
        return str(constraints["enum"][0])
    if field.get("example") is not None:
        return f"{TODO}（例：{field['example']}）" if kind == "string" and "pattern" not in constraints else str(field["example"])
    return TODO if constraints.get("required") else ""


def _read(path: Path) -> tuple[str, str]:
    """The file's text and delimiter, read as the validator reads it."""
    text = decode(path.read_bytes())[0]
    return text, delimiter_of(text)


def next_product_id(ids) -> str:
    """The next free id in the P00001 style used by the sample data, after the highest one in ``ids``."""
    numbers = [int(i[1:]) for i in ids if (i or "")[:1] == "P" and i[1:].isdigit()]
    return f"P{max(numbers, default=0) + 1:05d}"


def _next_id(path: Path, field: str) -> str:
    text, delimiter = _read(path)
    return next_product_id(r.get(field) for r in csv.DictReader(io.StringIO(text), delimiter=delimiter))


def row(data: Path, kind: str) -> tuple[list[str], list[str]]:
    """(header, skeleton row) for a record kind; a product gets the next free id."""
    return _row(*_resource(data, kind), kind)


def _row(path: Path, schema: dict, kind: str) -> tuple[list[str], list[str]]:
    key = schema["primaryKey"][0]
    values = [(_next_id(path, key) if kind == "product" else TODO) if f["name"] == key else _value(f)
              for f in schema["fields"]]
    return [f["name"] for f in schema["fields"]], values


def skeleton(data: Path, kind: str) -> str:
    """The header and a skeleton row as CSV text, with a note on what to fill in."""
    path, schema = _resource(data, kind)
    header, values = _row(path, schema, kind)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, values])
    required = [f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")]
    return (f"# 追加到 {path} 末尾（只要第二行）。必填字段：{'、'.join(required)}\n"
            f"# 把“{TODO}”和示例值改成真实内容；编号要唯一，引用的企业、产品、地区、分类须已存在。\n" + out.getvalue())


def append(data: Path, kind: str) -> Path:
    """Append a skeleton row to the table's CSV file; return the file."""
    path, schema = _resource(data, kind)
    _, values = _row(path, schema, kind)
    text, delimiter = _read(path)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerow(values)
    path.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(), encoding="utf-8")
    return path
