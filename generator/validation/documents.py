"""The rules of the YAML documents: policy files (``policies/``, front matter) and the ratio rulesets
(``ratio_rules/``), including which ruleset is the default; the tables' rules are in integrity.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .. import labels
from ..ratio import rules as ratio_rules
from .load import DataSet, display_path
from .problems import Problem

POLICY_KEYS = {
    "id": str,
    "title": str,
    "document_number": str,
    "level": str,
    "issuers": list,
    "status": str,
    "source_url": str,
    "key_tasks": list,
    "read_at": str,
    "points": list,
}
POLICY_LEVELS = set(labels.POLICY_LEVEL)
POLICY_STATUS = set(labels.POLICY_STATUS)
_KIND_WORDS = {str: "文字", list: "列表"}


def policies(data: DataSet) -> Iterator[Problem]:
    seen = set()
    for policy in data.policies:
        meta = policy.meta
        for key, kind in POLICY_KEYS.items():
            if not isinstance(meta.get(key), kind):
                yield Problem(
                    policy.file,
                    None,
                    key,
                    "policy-invalid",
                    f"缺少 {key}，或它不是{_KIND_WORDS[kind]}（现在是“{meta.get(key)}”）。",
                )
        if meta.get("level") not in POLICY_LEVELS:
            yield Problem(
                policy.file,
                None,
                "level",
                "policy-invalid",
                f"level “{meta.get('level')}”不是允许的值。",
                f"改为 {'、'.join(f'{k}（{v}）' for k, v in labels.POLICY_LEVEL.items())} 之一。",
            )
        if meta.get("status") not in POLICY_STATUS:
            yield Problem(
                policy.file,
                None,
                "status",
                "policy-invalid",
                f"status “{meta.get('status')}”不是允许的值。",
                f"改为 {'、'.join(f'{k}（{v}）' for k, v in labels.POLICY_STATUS.items())} 之一。",
            )
        for n, point in enumerate(meta.get("points") if isinstance(meta.get("points"), list) else []):
            if (
                not isinstance(point, dict)
                or not isinstance(point.get("text"), str)
                or point.get("status") not in ratio_rules.FACT_STATUSES
            ):
                yield Problem(
                    policy.file,
                    None,
                    f"points[{n}]",
                    "policy-invalid",
                    "每条要点须有文字 text 和 status：confirmed（读过原文）、secondary（据转发或报道）或 unconfirmed（待核实）。",
                )
        url = meta.get("source_url")
        if isinstance(url, str) and not url.startswith(("http://", "https://")):
            yield Problem(
                policy.file,
                None,
                "source_url",
                "policy-invalid",
                f"source_url “{url}”不是网址。",
                "填写官方原文的网址，以 http:// 或 https:// 开头。",
            )
        pid = meta.get("id")
        if isinstance(pid, str) and (pid in seen or not policy.file.endswith(f"/{pid}.md")):
            yield Problem(
                policy.file,
                None,
                "id",
                "policy-invalid",
                f"id “{pid}”与文件名不一致，或与另一个政策文件重复。",
                f"id 写成文件名（不含 .md）：{Path(policy.file).stem}。",
                (Path(policy.file).stem,),
            )
        seen.add(pid)
    ids = {p.meta.get("id") for p in data.policies}
    for policy in data.policies:
        for ref in policy.meta.get("rests_on") or []:
            if ref not in ids:
                yield Problem(
                    policy.file,
                    None,
                    "rests_on",
                    "policy-invalid",
                    f"rests_on 中的“{ref}”不是已有政策文件的 id。",
                    "改为 catalog_data/policies/ 中某个文件的 id，或先添加那个政策文件。",
                )


def _marked_default(data: DataSet, threshold: bool = False) -> list:
    return [
        r
        for r in data.ratio_rules
        if isinstance(r.data, dict) and r.data.get("default") and (r.data.get("kind") == "threshold-table") == threshold
    ]


def default_ruleset_data(data: DataSet) -> dict | None:
    """The scoring ruleset marked ``default: true`` (used for demonstration projects), if exactly one is."""
    marked = _marked_default(data)
    return marked[0].data if len(marked) == 1 else None


def rulesets(data: DataSet) -> Iterator[Problem]:
    if not data.ratio_rules:
        yield Problem(
            display_path(data.root / "ratio_rules"), None, None, "ratio-ruleset-invalid", "没有任何绿色建材应用比例规则文件。"
        )
        return
    for rule in data.ratio_rules:
        yield from ratio_rules.check(rule.file, rule.data)
    for threshold, what in ((False, "可计分的规则"), (True, "评价标准得分表（threshold-table）")):
        marked = _marked_default(data, threshold)
        if len(marked) != 1:
            yield Problem(
                (marked[1] if marked else data.ratio_rules[0]).file,
                None,
                "default",
                "ratio-ruleset-invalid",
                f"{what}中须恰有一个写 default: true（现有 {len(marked)} 个）。",
            )
    for rule in _marked_default(data):
        if rule.data.get("status") == "unsourced":
            yield Problem(
                rule.file,
                None,
                "default",
                "ratio-ruleset-invalid",
                "来源不明（unsourced）的规则不能作为默认规则；请把 default: true 写在有原文依据的规则中。",
            )


def default_items(default: dict) -> dict[str, dict]:
    groups = default.get("groups") if isinstance(default.get("groups"), list) else []
    return {
        i.get("id"): i
        for g in groups
        if isinstance(g, dict) and isinstance(g.get("items"), list)
        for i in g["items"]
        if isinstance(i, dict)
    }
