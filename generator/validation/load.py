"""Load stage: read datapackage descriptors, CSV tables and policy files from disk.

Besides reading, it judges cells one by one (``cells.py``): a placeholder or a cell that does not convert
to its field's type becomes a problem of the table, is left as ``None`` and is listed in ``Row.bad``;
a cell a spreadsheet would run as a formula becomes a notice. Rules across cells and rows come later.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import DataError
from . import cells as cell_check
from . import explain
from .normalize import FORMULA_START, Unreadable, decode, read_csv
from .problems import Problem


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
    notices: tuple[Problem, ...] = ()
    """Notices: what normalisation changed, cells a spreadsheet would run as formulas."""
    problems: tuple[Problem, ...] = ()
    """Problems found while reading, cell by cell (the schema check adds them to its own)."""
    sources: dict = field(default_factory=dict)
    """Line of a record → its cells as the file has them, for the records normalisation changed."""
    header: tuple[str, ...] = ()
    """The header as read (normalised)."""

    def values(self, field: str) -> set:
        """The values the rows hold in ``field`` (empty cells left out)."""
        return {row[field] for row in self.rows if row[field] is not None}

    def first(self, key: str, value: str) -> dict:
        """``key`` → ``value`` of the first row with each key: a duplicated row (reported) does not override it."""
        found: dict = {}
        for row in self.rows:
            found.setdefault(row[key], row[value])
        return found


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
    def notices(self) -> list[Problem]:
        """Notices found while reading (normalisations, formula-like cells), for the report."""
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
            raise yaml.composer.ComposerError(None, None, "不接受 YAML 别名（*name），请把内容直接写出来", event.start_mark)
        return super().compose_node(parent, index)


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"重复的键“{key}”：同一层里每个键只能写一次", key_node.start_mark)
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
        where = f"第 {line} 行第 {mark.column + 1} 列附近" if mark else ""
        reason = _yaml_reason(str(getattr(exc, "problem", "") or ""), text)
        raise UnusableInput([Problem(file, line, None, "package-unreadable", f"YAML 无法解析：{where}{reason}")]) from exc


_YAML_REASONS = (
    ("mapping values are not allowed", "冒号的位置不对：键和值之间写“冒号加空格”，值里有冒号时把整个值用引号括起来。"),
    ("could not find expected ':'", "缺少冒号：每个键后面要有“冒号加空格”。"),
    ("expected ',' or", "方括号或花括号没有成对，或其中的逗号不对。"),
    ("found unexpected end of stream", "引号没有成对。"),
    ("expected <block end>", "缩进不对：同一层的键要对齐。"),
)


def _yaml_reason(problem: str, text: str) -> str:
    """Why YAML could not be parsed, in Chinese (our own loader's reasons are Chinese already)."""
    if "\t" in text:
        return "YAML 缩进只能用空格，不能用制表符（Tab）。"
    if problem and not problem.isascii():
        return problem + "。"
    return next((reason for words, reason in _YAML_REASONS if words in problem), "写法不对：检查缩进、冒号、引号和括号。")


def load(root: Path) -> DataSet:
    """Read every data package below ``root`` and every policy file."""
    if not root.is_dir():
        raise UnusableInput([Problem(display_path(root), None, None, "package-missing", "数据目录不存在。")])
    descriptors = sorted(root.glob("*/datapackage.yaml"))
    if not descriptors:
        raise UnusableInput(
            [Problem(display_path(root), None, None, "package-missing", "数据目录下没有任何 */datapackage.yaml。")]
        )
    packages = tuple(_package(path) for path in descriptors)
    tables: dict[str, Table] = {}
    for package in packages:
        for name, table in package.tables.items():
            if name in tables:
                raise UnusableInput(
                    [Problem(package.descriptor_file, None, None, "package-unreadable", f"资源名 {name} 在多个数据包中重复。")]
                )
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
        raise UnusableInput(
            [Problem(file, None, "resources", "package-unreadable", "datapackage.yaml 须是一个映射，并含 resources 列表。")]
        )
    tables = {}
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict) or not {"name", "path", "schema"} <= set(resource):
            raise UnusableInput([Problem(file, None, "resources", "package-unreadable", "每个资源须有 name、path 和 schema。")])
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
        if not (
            isinstance(found, dict)
            and isinstance(found.get("name"), str)
            and isinstance(found.get("type", ""), str)
            and isinstance(found.get("constraints", {}), dict)
        ):
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
    by_name = {f["name"]: f for f in fields}
    columns = [(name, by_name.get(name), by_name.get(name, {}).get("type", "string")) for name in parsed.header]
    placeholders = cell_check.may_hold_placeholders(parsed.text)
    rows, problems, notices = [], list(parsed.problems), list(parsed.notices)
    width = len(parsed.header)
    for line, cells in parsed.records:
        if not any(cells):
            continue
        if len(cells) != width:
            issue = explain.row_shape(len(cells), width)
            problems.append(Problem(file, line, None, issue.code, issue.detail, issue.fix))
        values, bad = {}, set()
        for (name, found, kind), cell in zip(columns, cells, strict=False):  # row shape: the schema check
            if found is None:
                continue
            issue = cell_check.placeholder(cell, found) if placeholders else None
            if issue is None:
                if kind == "string":
                    values[name] = cell or None
                    if cell[:1] in FORMULA_START and cell_check.formula_like(cell):
                        notices.append(_formula_notice(file, line, found, cell))
                    if name != "credit_code" or not (issue := cell_check.credit_code(cell, found)):
                        continue
                    problems.append(Problem(file, line, name, issue.code, issue.detail, issue.fix))
                    continue  # the code stays: it is what other tables refer to
                values[name], issue = cell_check.convert(cell, found)
                if issue is None:
                    continue
            values[name] = None
            bad.add(name)
            problems.append(Problem(file, line, name, issue.code, issue.detail, issue.fix, issue.suggestions))
        rows.append(Row(line, values, frozenset(bad)))
    return Table(
        resource["name"],
        file,
        resource["schema"],
        tuple(rows),
        str(resource["path"]),
        parsed.text,
        tuple(line for line, _ in parsed.records),
        tuple(notices),
        tuple(problems),
        parsed.sources,
        tuple(parsed.header),
    )


def _formula_notice(file: str, line: int, found: dict, cell: str) -> Problem:
    shown = cell if len(cell) <= 30 else cell[:30] + "…"
    return Problem(
        file,
        line,
        found["name"],
        "formula-like",
        f"{found.get('title') or found['name']}“{shown}”以 {cell[0]} 开头，电子表格软件直接打开 CSV 时"
        "可能把它当作公式计算，显示的就不是这段文字了。",
        "如果这就是要公开的文字，可以不改（用 Excel 查看下载的数据时请用 .xlsx 文件）；"
        "如果是从电子表格里复制来的公式，请改成它要表达的文字或数值。",
    )


def _policy(path: Path) -> PolicyFile:
    file = display_path(path)
    text = _read_text(path, file)
    meta, body = {}, text
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            meta = read_yaml(text[4:end], file) or {}
            body = text[end + 4 :].lstrip("\n")
    return PolicyFile(file, meta if isinstance(meta, dict) else {}, body)
