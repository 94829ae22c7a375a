"""Read spreadsheet-made files the way contributors save them, and say what was changed.

Normalisation only ever changes how a cell is written, never what it means. Documented normalisations
(each reported as a ``normalized`` notice, never silently):
- encoding: UTF-8 with or without BOM; otherwise GB18030 (which covers GBK, as Excel saves it);
- delimiter: a header with semicolons or tabs and no commas is split on that character;
- every cell: zero-width spaces removed and surrounding spaces (also full-width) trimmed; in free text the
  joiners (U+200C, U+200D) stay, since emoji sequences such as 👷‍♀️ and some scripts need them, and spaces
  in front of a leading = + - @ stay, since they keep a spreadsheet from running the cell as a formula;
- codes, numbers, dates and yes/no cells: full-width digits, letters and punctuation (U+FF01–U+FF5E) and the
  ideographic space made half-width, and every zero-width character removed; nothing else is folded (m² stays
  m², so a message quotes the unit as written), and a placeholder such as 待填写（例：certified） is left as
  the skeleton wrote it;
- dates: 2024/1/5, 2024.1.5, 2024-1-5, 2024年1月5日 and Excel serial numbers become 2024-01-05;
- yes/no: 是/否 become true/false.
The source cells are kept as they were (``CsvFile.sources``): the published CSV files are the source, cell
for cell. Control characters and bidirectional overrides are errors (``invalid-character``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import DataError
from .problems import Problem

MAX_BYTES = 64 * 1024 * 1024
MAX_CELL = 65536
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
"""Removed from codes and typed cells."""
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
"""Removed from free text: zero-width spaces, not the joiners that make up emoji sequences and words."""
FORMULA_START = "=+-@"
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]")
DATE_PARTS = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")
"""A year, month and day in the orders spreadsheets write them."""
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_YES_NO = {"是": "true", "否": "false"}
HALF_WIDTH = {0x3000: 0x20} | {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
"""Full-width ASCII forms and the ideographic space → their half-width characters."""
PLACEHOLDER = re.compile(r"待填写|请填写|^(?:todo|tbd|fixme|x{3,}|待定|待补充|待完善|[?？]+)$", re.IGNORECASE)
"""A cell a person still has to fill in (``cells.placeholder`` reports it, quoting it as written)."""


class Unreadable(DataError):
    """The file cannot be read as text at all."""

    def __init__(self, detail: str, line: int | None = None):
        super().__init__(detail)
        self.detail, self.line = detail, line


@dataclass(frozen=True)
class CsvFile:
    """A CSV file after normalisation."""

    header: list[str]
    records: list[tuple[int, list[str]]]
    """(line where the record starts, cells) for every record, blank ones included."""
    text: str
    """The normalised file as comma-separated UTF-8, for Frictionless."""
    notices: list[Problem]
    """What normalisation changed, as ``normalized`` notices."""
    problems: list[Problem]
    sources: dict[int, list[str]] = field(default_factory=dict)
    """The cells as the file has them, by the record's line, for the records normalisation changed."""


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of a file and, if it was not UTF-8, a notice saying how it was read."""
    if len(data) > MAX_BYTES:
        raise Unreadable(f"文件有 {len(data) / 2**20:.0f} MB，超过 {MAX_BYTES // 2**20} MB 的上限；请拆分成几个文件。")
    if b"\x00" in data:
        raise Unreadable("文件含有 NUL 字节，不是文本文件（如果是 Excel 工作簿，请另存为“CSV UTF-8”）。")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "文件不是 UTF-8，已按 GB18030（GBK）编码读取；建议另存为 UTF-8。"
    except UnicodeDecodeError as exc:
        raise Unreadable(f"文件既不是 UTF-8 也不是 GB18030 编码（第 {exc.start} 字节）；请另存为 UTF-8。") from exc


def delimiter_of(text: str) -> str:
    """Comma, or the semicolon or tab a header uses instead of commas."""
    first = text.split("\n", 1)[0]
    if "," in first:
        return ","
    return max(";\t", key=first.count) if (";" in first or "\t" in first) else ","


_UNCHANGED_KINDS = frozenset({"string", "integer", "number"})
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def clean_cell(cell: str, kind: str, strict: bool, counts: Counter) -> str:
    """One cell after the documented normalisations; ``strict`` marks codes and typed values."""
    # Fast path for large files: nothing below changes ASCII text without surrounding spaces, except dates
    # and booleans not yet in their canonical form.
    if (
        cell.isascii()
        and (not cell or (cell[0] > " " and cell[-1] > " "))
        and (kind in _UNCHANGED_KINDS or (kind == "date" and _ISO_DAY.fullmatch(cell)))
    ):
        return cell
    free = kind == "string" and not strict
    value = cell.translate(INVISIBLE if free else ZERO_WIDTH)
    if value != cell:
        counts["去掉零宽字符"] += 1
    stripped = value.strip().strip("\u3000").strip()
    if free and stripped[:1] in FORMULA_START and stripped and not value.startswith(stripped):
        stripped = value.rstrip().rstrip("\u3000").rstrip()  # the leading space protects a formula-like cell
    if stripped != value:
        counts["去掉首尾空格"] += 1
    value = stripped
    if free or PLACEHOLDER.search(value):
        return value  # free text keeps its characters; a placeholder is quoted as the skeleton wrote it
    wide = value.translate(HALF_WIDTH)
    if wide != value:
        counts["全角字符改为半角"] += 1
    value = wide
    if kind == "date" and value:
        value = _date(value, counts)
    if kind == "boolean" and value in _YES_NO:
        counts["是/否改为 true/false"] += 1
        value = _YES_NO[value]
    return value


def _date(value: str, counts: Counter) -> str:
    match = DATE_PARTS.fullmatch(value)
    try:
        if match:
            iso = dt.date(*(int(g) for g in match.groups())).isoformat()
        elif _SERIAL.match(value) and 20000 <= float(value) <= 80000:
            iso = (_EXCEL_EPOCH + dt.timedelta(days=int(float(value)))).isoformat()
        else:
            return value
    except ValueError:
        return value
    if iso != value:
        counts["日期改写为 YYYY-MM-DD"] += 1
    return iso


def read_csv(data: bytes, file: str, fields: list[dict]) -> CsvFile:
    """Decode, split and normalise a CSV file; raise Unreadable when that is impossible."""
    text, encoding_notice = decode(data)
    delimiter = delimiter_of(text)
    kinds = {f["name"]: f.get("type", "string") for f in fields}
    titles = {f["name"]: f.get("title") or f["name"] for f in fields}
    strict = {f["name"] for f in fields if {"pattern", "enum"} & set(f.get("constraints", {}))}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    any_forbidden = FORBIDDEN.search(text) is not None
    try:
        header = [h.translate(ZERO_WIDTH).strip() for h in next(reader, [])]
        records, sources, problems, counts = [], {}, [], Counter()
        start = reader.line_num + 1
        for cells in reader:
            cleaned = []
            for name, cell in zip(header, cells, strict=False):
                if len(cell) > MAX_CELL:
                    raise Unreadable(f"字段 {name} 有单元格超过 {MAX_CELL} 个字符，不像是表格数据；检查引号是否成对。", start)
                if any_forbidden and FORBIDDEN.search(cell):
                    problems.append(_forbidden(file, start, name, titles.get(name, name), cell))
                cleaned.append(clean_cell(cell, kinds.get(name, "string"), name in strict, counts))
            cleaned += cells[len(header) :]
            if cleaned != cells:
                sources[start] = cells
            records.append((start, cleaned))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger" in str(exc):  # the csv module's own limit, when no library has raised it
            raise Unreadable(f"有单元格超过 {MAX_CELL} 个字符，不像是表格数据；检查引号是否成对。", reader.line_num) from exc
        raise Unreadable("CSV 无法解析：检查这一行附近的英文双引号是否成对。", reader.line_num) from exc
    if not header:
        raise Unreadable("文件是空的，没有表头。", 1)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(cells for _, cells in records)
    notices = [encoding_notice] if encoding_notice else []
    if delimiter != ",":
        notices.append(f"分隔符是“{'制表符' if delimiter == chr(9) else delimiter}”，已按逗号处理。")
    notices += [f"{what} {n} 处。" for what, n in sorted(counts.items())]
    return CsvFile(
        header, records, out.getvalue(), [Problem(file, None, None, "normalized", n) for n in notices], problems, sources
    )


def _forbidden(file: str, line: int, name: str, title: str, cell: str) -> Problem:
    """The invalid-character problem of a cell: which character, where, and the cell without it."""
    found = FORBIDDEN.search(cell)
    visible = FORBIDDEN.sub("", cell)
    shown = visible if len(visible) <= 30 else visible[:30] + "…"
    return Problem(
        file,
        line,
        name,
        "invalid-character",
        f"{title}“{shown}”的第 {found.start() + 1} 个字符是看不见的控制符 U+{ord(found.group()):04X}，"
        "显示时可能打乱文字顺序或被程序误读。",
        f"删除这个单元格的内容后重新手工输入“{shown}”。" if visible.strip() else "删除这个字符，重新输入。",
        (visible,) if visible.strip() else (),
    )
