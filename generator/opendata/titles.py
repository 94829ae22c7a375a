"""Chinese titles of the data's tables and fields, as the changelog and the Atom feed name them (history.py):
from the data packages' descriptors, and for policies and ratio rules (YAML files without a schema) from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..validation.load import DataSet


@dataclass(frozen=True)
class Titles:
    """Chinese titles of tables and fields, from the data packages' descriptors."""

    tables: dict[str, str] = field(default_factory=dict)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    """table -> field name -> title."""
    reasons: dict[str, str] = field(default_factory=dict)
    """Reason code -> its Chinese name (reason_codes), for removals and negative-list entries."""

    def table(self, name: str) -> str:
        return self.tables.get(name) or name

    def field(self, table: str, name: str) -> str:
        return self.fields.get(table, {}).get(name) or name


def table_titles(data: DataSet) -> dict[str, str]:
    titles = {r["name"]: str(r.get("title") or r["name"]) for p in data.packages for r in p.descriptor["resources"]}
    return titles | {"policies": "政策文件", "ratio_rules": "应用比例计算规则"}


YAML_FIELDS = {
    "policies": {
        "id": "编号",
        "title": "标题",
        "document_number": "文号",
        "level": "级别",
        "issuers": "发文机关",
        "date": "日期",
        "date_note": "日期说明",
        "status": "状态",
        "source_url": "官方来源",
        "source_note": "来源说明",
        "rests_on": "依据文件",
        "key_tasks": "重点任务",
        "body": "要点（本站摘要）",
        "read_at": "本站读到的地方",
        "points": "核实情况",
        "title_note": "标题说明",
    },
    "ratio_rules": {
        "id": "编号",
        "name": "名称",
        "kind": "计算方法",
        "source": "来源",
        "edition": "版本",
        "status": "状态",
        "status_note": "状态说明",
        "document": "依据文件",
        "facts": "要点与核实情况",
        "source_note": "来源说明",
        "groups": "分组和分项",
        "points": "得分档",
        "star_prerequisites": "星级前提",
        "default": "默认规则",
    },
}
"""Titles of the front-matter and YAML fields of policies and ratio rules (they have no schema)."""


def field_titles(data: DataSet) -> dict[str, dict[str, str]]:
    tables = {
        name: {f["name"]: str(f.get("title") or f["name"]) for f in t.schema.get("fields", []) if isinstance(f, dict)}
        for name, t in data.tables.items()
    }
    return tables | YAML_FIELDS
