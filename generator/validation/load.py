"""Load stage: read datapackage descriptors, CSV tables and policy files from disk.

Nothing here judges the data; it only reads it and converts cells to Python
values by the field types of the Table Schema. Cells that do not convert are
left as ``None`` and listed in ``Row.bad`` (the schema check reports them).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import DataError
from .normalize import Unreadable, decode, read_csv
from .problems import Problem

TRUE = {"true", "True", "TRUE", "1"}
FALSE = {"false", "False", "FALSE", "0"}


class UnusableInput(DataError):
    """The data cannot be read at all; carries the problems that say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    """One CSV record."""

    line: int
    """Line number where the record starts (the header is line 1)."""
    values: dict
    """Field name to converted value; empty cells are None."""
    bad: frozenset = frozenset()
    """Fields whose cell did not convert to the field's type."""

    def __getitem__(self, name: str):
        return self.values.get(name)


@dataclass(frozen=True)
class Table:
    """One tabular resource of a data package."""

    name: str
    file: str
    """Display path of the CSV file."""
    schema: dict
    rows: tuple[Row, ...]
    """Non-blank records, converted."""
    path: str = ""
    """The resource's path inside its package."""
    text: str = ""
    """The normalised CSV (what the schema check validates)."""
    record_lines: tuple[int, ...] = ()
    """Starting line of every record, blank ones included, in file order."""
    notices: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class DataPackage:
    """A folder with a datapackage.yaml."""

    folder: Path
    descriptor_file: str
    descriptor: dict
    tables: dict[str, Table]

    @property
    def sample(self):
        return self.descriptor.get("sample")


@dataclass(frozen=True)
class PolicyFile:
    """A Markdown policy document with YAML front matter."""

    file: str
    meta: dict
    body: str


@dataclass(frozen=True)
class RuleFile:
    """A YAML ratio ruleset as read from catalog_data/ratio_rules/."""

    file: str
    data: object


@dataclass(frozen=True)
class DataSet:
    """Everything read from a data directory."""

    root: Path
    packages: tuple[DataPackage, ...]
    policies: tuple[PolicyFile, ...]
    tables: dict[str, Table] = field(default_factory=dict)
    """All tables of all packages by resource name."""
    ratio_rules: tuple[RuleFile, ...] = ()

    @property
    def notices(self) -> list[str]:
        """Normalisations applied while reading, for the report."""
        return [n for t in self.tables.values() for n in t.notices]


def display_path(path: Path) -> str:
    """Path relative to the working directory when below it, POSIX style."""
    relative = os.path.relpath(path)
    return path.resolve().as_posix() if relative.startswith("..") else Path(relative).as_posix()


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys and aliases (no billion laughs)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "不接受 YAML 别名（*name）；请把内容直接写出来", event.start_mark)
        return super().compose_node(parent, index)


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"重复的键 {key!r}（duplicate key）", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(text: str, file: str):
    """Parse YAML safely; raise UnusableInput naming the file and line."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        hint = "YAML 缩进只能用空格，不能用制表符（Tab）。" if "\t" in text else ""
        raise UnusableInput([Problem(file, line, None, "package-unreadable", f"YAML 无法解析：{hint}{exc}")]) from exc


def load(root: Path) -> DataSet:
    """Read every data package below ``root`` and every policy file."""
    if not root.is_dir():
        raise UnusableInput([Problem(display_path(root), None, None, "package-missing", "数据目录不存在。")])
    descriptors = sorted(root.glob("*/datapackage.yaml"))
    if not descriptors:
        raise UnusableInput([Problem(display_path(root), None, None, "package-missing",
                                     "数据目录下没有任何 */datapackage.yaml。")])
    packages = tuple(_package(path) for path in descriptors)
    tables: dict[str, Table] = {}
    for package in packages:
        for name, table in package.tables.items():
            if name in tables:
                raise UnusableInput([Problem(package.descriptor_file, None, None, "package-unreadable",
                                             f"资源名 {name} 在多个数据包中重复。")])
            tables[name] = table
    policies = tuple(_policy(path) for path in sorted((root / "policies").glob("*.md")))
    rules = tuple(_rule_file(path) for path in sorted((root / "ratio_rules").glob("*.yaml")))
    return DataSet(root, packages, policies, tables, rules)


def _rule_file(path: Path) -> RuleFile:
    file = display_path(path)
    return RuleFile(file, read_yaml(_read_text(path, file), file))


def _package(path: Path) -> DataPackage:
    file = display_path(path)
    descriptor = read_yaml(_read_text(path, file), file)
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise UnusableInput([Problem(file, None, "resources", "package-unreadable",
                                     "datapackage.yaml 须是一个映射，并含 resources 列表。")])
    tables = {}
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict) or not {"name", "path", "schema"} <= set(resource):
            raise UnusableInput([Problem(file, None, "resources", "package-unreadable",
                                         "每个资源须有 name、path 和 schema。")])
        unreadable = _shape_problem(resource)
        if unreadable:
            raise UnusableInput([Problem(file, None, "resources", "package-unreadable", unreadable)])
        tables[resource["name"]] = _table(path.parent, resource)
    return DataPackage(path.parent, file, descriptor, tables)


def _shape_problem(resource: dict) -> str | None:
    """Why a resource entry cannot be read at all, or None. Frictionless judges the rest of the schema;
    these are the shapes this module itself relies on (an old commit in the history may have any shape)."""
    if not isinstance(resource["name"], str) or not isinstance(resource["path"], str):
        return f"资源 {resource['name']!r} 的 name 和 path 须是文字。"
    schema = resource["schema"]
    if not isinstance(schema, dict) or not isinstance(schema.get("fields", []), list):
        return f"资源 {resource['name']} 的 schema 须是映射，其中 fields 须是列表。"
    for found in schema.get("fields", []):
        if not (isinstance(found, dict) and isinstance(found.get("name"), str) and isinstance(found.get("type", ""), str)
                and isinstance(found.get("constraints", {}), dict)):
            return f"资源 {resource['name']} 的每个字段须是映射，name 和 type 是文字，constraints 是映射。"
    return None


def _read_bytes(path: Path, file: str) -> bytes:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise UnusableInput([Problem(file, None, None, "package-unreadable", "文件不存在。")]) from exc


def _read_text(path: Path, file: str) -> str:
    try:
        return decode(_read_bytes(path, file))[0]
    except Unreadable as exc:
        raise UnusableInput([Problem(file, exc.line, None, "package-unreadable", exc.detail)]) from exc


def _table(folder: Path, resource: dict) -> Table:
    path = folder / resource["path"]
    file = display_path(path)
    fields = resource["schema"].get("fields", [])
    try:
        parsed = read_csv(_read_bytes(path, file), file, fields)
    except Unreadable as exc:
        raise UnusableInput([Problem(file, exc.line, None, "package-unreadable", exc.detail)]) from exc
    types = {f["name"]: f.get("type", "string") for f in fields}
    kinds = [types.get(name) for name in parsed.header]
    rows = []
    for line, cells in parsed.records:
        if any(cells):
            values, bad = {}, set()
            for name, kind, cell in zip(parsed.header, kinds, cells, strict=False):  # row shape: the schema check
                if kind == "string":
                    values[name] = cell or None
                elif kind is not None:
                    ok, values[name] = convert(cell, kind)
                    if not ok:
                        bad.add(name)
            rows.append(Row(line, values, frozenset(bad)))
    return Table(resource["name"], file, resource["schema"], tuple(rows), str(resource["path"]), parsed.text,
                 tuple(line for line, _ in parsed.records), tuple(parsed.notices), tuple(parsed.problems))


def convert(cell: str, kind: str) -> tuple[bool, object]:
    """Convert one CSV cell by its Table Schema type: (converted?, value)."""
    if cell == "":
        return True, None
    try:
        if kind == "integer":
            return True, int(cell)
        if kind == "number":
            return True, float(cell)
        if kind == "date":
            return True, dt.date.fromisoformat(cell)
        if kind == "boolean":
            if cell in TRUE or cell in FALSE:
                return True, cell in TRUE
            return False, None
    except ValueError:
        return False, None
    return True, cell


def _policy(path: Path) -> PolicyFile:
    file = display_path(path)
    text = _read_text(path, file)
    meta, body = {}, text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            meta = read_yaml(text[4:end], file) or {}
            body = text[end + 4:].lstrip("\n")
    return PolicyFile(file, meta if isinstance(meta, dict) else {}, body)
