"""Record-level differences between two versions of catalog_data/.

A version is a folder, or a git revision of the repository in the working
directory (the data folder is taken from it with ``git archive``). Records are matched by primary key;
policies and ratio rulesets by id.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import DataError
from .git import GitError, git
from .labels import CHANGE
from .validation.load import DataSet, load


@dataclass(frozen=True)
class RecordChange:
    table: str
    key: str
    kind: str
    """added | removed | changed"""
    fields: dict = field(default_factory=dict)
    """For changed records: field -> [old, new]. For added/removed: the record's fields."""
    file: str = ""
    """File of the record in the newer version (older, when removed)."""
    line: int | None = None


def value_text(value) -> str:
    """A converted cell as the text it is compared by (dates in ISO form, empty for None)."""
    return "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)


Snapshot = dict[str, dict[str, tuple[dict, str, int | None]]]
"""table -> key -> (fields as text, file, line); policies and ratio rules are tables too."""


def snapshot(root: Path) -> Snapshot:
    """table -> key -> (fields as text, file, line)."""
    return snapshot_of(load(root))


def snapshot_of(data: DataSet, relative: bool = False) -> Snapshot:
    """The snapshot of data already loaded; with ``relative``, files are relative to the data folder."""

    def where(file: str) -> str:
        return _relative(file, data.root) if relative else file

    out: dict = {}
    for name, table in data.tables.items():
        keys = _key_fields(table.schema)
        file = where(table.file)  # once per table: resolving paths row by row is slow on large tables
        out[name] = {
            "/".join(value_text(row[k]) for k in keys): ({k: value_text(v) for k, v in row.values.items()}, file, row.line)
            for row in table.rows
        }
    out["policies"] = {
        str(p.meta.get("id")): (
            {k: json.dumps(v, ensure_ascii=False, default=str) if not isinstance(v, str) else v for k, v in p.meta.items()}
            | {"body": p.body},
            where(p.file),
            None,
        )
        for p in data.policies
    }
    out["ratio_rules"] = {
        str(r.data.get("id")): (
            {k: json.dumps(v, ensure_ascii=False, default=str) for k, v in r.data.items()},
            where(r.file),
            None,
        )
        for r in data.ratio_rules
        if isinstance(r.data, dict)
    }
    return out


def _key_fields(schema: dict) -> list[str]:
    """The fields that identify a record: the primary key, else the first field (old commits may lack a key)."""
    keys = schema.get("primaryKey") or [f["name"] for f in schema.get("fields", [])[:1]]
    return [k for k in ([keys] if isinstance(keys, str) else keys) if isinstance(k, str)]


def compare(base: Path, head: Path) -> list[RecordChange]:
    return changes_between(snapshot_of(load(base), relative=True), snapshot_of(load(head), relative=True))


def changes_between(old: Snapshot, new: Snapshot) -> list[RecordChange]:
    """Added, removed and changed records, by table and key; files as the snapshots give them."""
    changes = []
    for table in sorted(set(old) | set(new)):
        before, after = old.get(table, {}), new.get(table, {})
        for key in sorted(set(before) | set(after)):
            if key not in before:
                values, file, line = after[key]
                changes.append(RecordChange(table, key, "added", values, file, line))
            elif key not in after:
                values, file, line = before[key]
                changes.append(RecordChange(table, key, "removed", values, file, line))
            else:
                (a, _, _), (b, file, line) = before[key], after[key]
                changed = {f: [a.get(f, ""), b.get(f, "")] for f in sorted(set(a) | set(b)) if a.get(f, "") != b.get(f, "")}
                if changed:
                    changes.append(RecordChange(table, key, "changed", changed, file, line))
    return changes


def _relative(file: str, root: Path) -> str:
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


@contextmanager
def version(spec: str, data_path: str = "catalog_data"):
    """A folder as given, or the data folder of a git revision, extracted to a temporary folder."""
    if Path(spec).is_dir():
        yield Path(spec)
        return
    try:
        archive = git("archive", spec, data_path, text=False)  # of the repository in the working directory
    except GitError as exc:
        raise DataError(f"“{spec}”既不是文件夹，也不是含有 {data_path} 的 git 版本：{exc}") from exc
    with tempfile.TemporaryDirectory(prefix="jl-diff-") as work:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(work, filter="data")
        yield Path(work) / data_path


def summary(changes: list[RecordChange]) -> str:
    """How many records were added, removed and changed, in one sentence."""
    counts = {k: sum(1 for c in changes if c.kind == k) for k in CHANGE}
    return "，".join(f"{CHANGE[k]} {counts[k]} 条" for k in CHANGE) + "记录。"


_SIGNS = {"added": "+", "removed": "-", "changed": "~"}


def as_text(changes: list[RecordChange]) -> str:
    lines = []
    for c in changes:
        where = c.file if c.line is None else f"{c.file} 第 {c.line} 行"
        lines.append(f"{_SIGNS[c.kind]} {CHANGE[c.kind]} {c.table} {c.key}（{where}）")
        if c.kind == "changed":
            lines += [f"    {name}: {old!r} → {new!r}" for name, (old, new) in c.fields.items()]
    return "\n".join([*lines, summary(changes)])


def as_markdown(changes: list[RecordChange]) -> str:
    """A table for a pull request's job summary; every value is escaped (the data is untrusted)."""
    lines = ["### 数据变更（record-level diff）", "", summary(changes), ""]
    if changes:
        lines += ["| 变更 | 表 | 记录 | 字段：原值 → 新值 |", "| --- | --- | --- | --- |"]
    for c in changes:
        detail = (
            "<br>".join(f"{_md(n)}: {_md(o)} → {_md(v)}" for n, (o, v) in c.fields.items())
            if c.kind == "changed"
            else _md(c.fields.get("name") or c.fields.get("title") or "")
        )
        lines.append(f"| {CHANGE[c.kind]} | {_md(c.table)} | {_md(c.key)} | {detail} |")
    return "\n".join(lines)


_MARKDOWN = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()#+-.!|~>@:"} | {"<": "&lt;", "&": "&amp;"})


def _md(value) -> str:
    """Plain text for a Markdown table cell: punctuation escaped, one line, at most 120 characters."""
    text = " ".join(str(value).split())
    return markdown_text(text[:120] + ("…" if len(text) > 120 else ""))


def markdown_text(text: str) -> str:
    """Untrusted text shown as itself in Markdown: every character Markdown or HTML would act on escaped."""
    return text.translate(_MARKDOWN)


def as_json(changes: list[RecordChange]) -> str:
    return json.dumps({"summary": summary(changes), "changes": [asdict(c) for c in changes]}, ensure_ascii=False, indent=2)
