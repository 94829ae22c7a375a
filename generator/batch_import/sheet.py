"""Read an official batch list: .xlsx (Excel or WPS) or CSV, find its header row, and yield product rows.

Official tables put a title row (often merged across the width) and sometimes a two-level header
(证书信息 merged above 证书编号 / 发证日期 / 有效期至) above the data, and merge a maker's cells down the
rows of its products. The header row is the row whose cells name the most known columns
(``columns.yaml``); a maker's merged cells fill every row they span. A header repeated further down
(a page break, or a second table for the demand-standard route) starts a new column mapping.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..validation.normalize import MAX_BYTES, Unreadable, decode
from .columns import KEY_FIELDS, column_kinds, kind_of

SCAN_ROWS = 30
"""The header row is looked for among this many rows at the top of a sheet."""
_LINE_BREAK = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class Column:
    """One column of the spreadsheet, as the contributor sees it."""

    index: int
    """0-based position."""
    header: str
    """Header text as written (line breaks inside the cell removed)."""

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass(frozen=True)
class SheetRow:
    """One row below the header."""

    number: int
    """Row number as Excel, WPS or a text editor shows it."""
    values: dict[str, object]
    """Column kind -> cell value (str, int, float, datetime) for the filled cells."""
    columns: dict[str, Column]
    """Column kind -> column, for the table this row belongs to."""

    def column(self, kind: str) -> Column | None:
        return self.columns.get(kind)


@dataclass(frozen=True)
class Sheet:
    """The product rows of one worksheet and how its columns were understood."""

    label: str
    """The file (and worksheet) named in messages."""
    header_row: int
    columns: dict[str, Column]
    unused: tuple[Column, ...]
    """Columns with a header that names no known kind."""
    rows: tuple[SheetRow, ...]
    skipped: tuple[int, ...] = field(default=())
    """Rows with text but no product (notes, totals, section titles)."""


@dataclass(frozen=True)
class _Grid:
    label: str
    rows: tuple[tuple[int, tuple], ...]
    merges: tuple[tuple[int, int, int, int], ...] = ()
    """(first row, first column, last row, last column), 1-based."""


def read_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """The product rows of the first worksheet (or ``sheet_name``) that has a recognisable header."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"无法读取文件 {path}：{exc.strerror or exc}。") from exc
    if len(data) > MAX_BYTES:
        raise Unreadable(f"文件超过 {MAX_BYTES // 2**20} MB，不像是一份批次名单。")
    grids = _workbook(data, path.name, sheet_name) if data[:4] == b"PK\x03\x04" else [_csv(data, path.name)]
    tables = [found for found in map(_table, grids) if found is not None]
    for found in tables:
        if found.rows:
            return found
    if tables:
        raise Unreadable(
            f"{tables[0].label} 第 {tables[0].header_row} 行是表头，但下面没有产品行：请检查是否选对了文件或工作表。"
        )
    names = "、".join(f"“{kind}”" for kind in ("企业名称", "产品名称", "规格型号", "产品类别", "证书编号"))
    raise Unreadable(
        f"{'、'.join(g.label for g in grids)}：前 {SCAN_ROWS} 行中找不到表头行。表头行应有{names}等列名"
        "（常见的不同写法见 generator/batch_import/columns.yaml）；请检查是否选对了文件或工作表（--sheet）。"
    )


def _workbook(data: bytes, name: str, sheet_name: str | None) -> list[_Grid]:
    try:
        with warnings.catch_warnings():  # WPS and older Excel files make openpyxl warn about styles it ignores
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise Unreadable(f"{name} 不是可以读取的 .xlsx 工作簿（{exc}）：请用 Excel 或 WPS 打开后另存为 .xlsx。") from exc
    if sheet_name is not None:
        if sheet_name not in book.sheetnames:
            raise Unreadable(f"{name} 中没有名为“{sheet_name}”的工作表；现有：{'、'.join(book.sheetnames)}。")
        sheets = [book[sheet_name]]
    else:
        sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    grids = []
    for ws in sheets:
        rows = tuple((number, cells) for number, cells in enumerate(ws.iter_rows(values_only=True), start=1))
        merges = tuple((r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges)
        label = name if len(book.sheetnames) == 1 else f"{name} 工作表“{ws.title}”"
        grids.append(_Grid(label, rows, merges))
    return grids


def _csv(data: bytes, name: str) -> _Grid:
    head = data[:512].lstrip().lower()
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise Unreadable(
            f"{name} 是旧版 Excel（.xls）或 WPS（.et）格式：请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再导入。"
        )
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        raise Unreadable(
            f"{name} 其实是网页（HTML/XML）格式，常见于网站“导出 Excel”：请用 Excel 或 WPS 打开，"
            "“另存为”Excel 工作簿（.xlsx）后再导入。"
        )
    text = decode(data)[0]
    delimiter = max(",;\t", key=lambda d: max((line.count(d) for line in text.splitlines()[:SCAN_ROWS]), default=0))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, start = [], 1
    try:
        for cells in reader:
            rows.append((start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise Unreadable(f"{name} 第 {reader.line_num} 行无法按 CSV 解析（{exc}）：检查引号是否成对。") from exc
    return _Grid(name, tuple(rows))


def cell_text(value) -> str:
    """A header cell as one line of text."""
    return "" if value is None else _LINE_BREAK.sub("", str(value)).strip()


def _filled(grid: _Grid, single_column_only: bool) -> dict[int, list]:
    """Row number -> cells, with merged cells holding the value of their range's first cell."""
    rows = {number: list(cells) for number, cells in grid.rows}
    for first_row, first_col, last_row, last_col in grid.merges:
        if single_column_only and first_col != last_col:
            continue
        top = rows.get(first_row, [])
        value = top[first_col - 1] if first_col <= len(top) else None
        for number in range(first_row, last_row + 1):
            cells = rows.setdefault(number, [])
            cells.extend([None] * (last_col - len(cells)))
            for col in range(first_col, last_col + 1):
                if (number, col) != (first_row, first_col):
                    cells[col - 1] = value
    return rows


def _labels(cells: list, upper: list) -> list[list[str]]:
    """For each column: its own header, the upper header joined with it, the upper header alone."""
    out = []
    for index in range(max(len(cells), len(upper))):
        own = cell_text(cells[index]) if index < len(cells) else ""
        above = cell_text(upper[index]) if index < len(upper) else ""
        if own and above and above != own:
            out.append([own, above + own])
        else:
            out.append([own or above] if own or above else [])
    return out


def _as_header(cells: list, upper: list) -> dict[int, str] | None:
    """Column index -> kind when this row is a header row, else None."""
    own = sum(1 for c in cells if kind_of(cell_text(c)) is not None)
    kinds = column_kinds(_labels(cells, upper))
    found = set(kinds.values())
    if own < 2 or "product_name" not in found or not found & {"enterprise_name", "credit_code"}:
        return None
    return kinds


def _table(grid: _Grid) -> Sheet | None:
    header_cells = _filled(grid, single_column_only=False)
    numbers = [number for number, _ in grid.rows]
    best: tuple[int, dict[int, str]] | None = None
    for position, number in enumerate(numbers[:SCAN_ROWS]):
        upper = header_cells[numbers[position - 1]] if position else []
        kinds = _as_header(header_cells[number], upper)
        if kinds and (
            best is None or len(kinds) > len(best[1]) or (len(kinds) == len(best[1]) and numbers.index(best[0]) == position - 1)
        ):
            best = (number, kinds)
    if best is None:
        return None
    header_row, kinds = best
    position = numbers.index(header_row)
    upper = header_cells[numbers[position - 1]] if position else []
    columns, unused = _columns(header_cells[header_row], upper, kinds)
    data_cells = _filled(grid, single_column_only=True)
    rows, skipped, active, previous = [], [], columns, header_cells[header_row]
    for number in numbers[position + 1 :]:
        cells, above, previous = data_cells[number], previous, data_cells[number]
        repeated = _as_header(cells, above)
        if repeated is not None:  # a header repeated after a page break, or a second table with its own columns
            active = _columns(cells, above, repeated)[0]
            continue
        values = {
            kind: cells[col.index]
            for kind, col in active.items()
            if col.index < len(cells) and cells[col.index] not in (None, "")
        }
        if any(_filled_value(values.get(kind)) for kind in KEY_FIELDS):
            rows.append(SheetRow(number, values, active))
        elif any(_filled_value(c) for c in cells):
            skipped.append(number)
    return Sheet(grid.label, header_row, columns, tuple(unused), tuple(rows), tuple(skipped))


def _filled_value(value) -> bool:
    return value is not None and str(value).strip() != ""


def _columns(cells: list, upper: list, kinds: dict[int, str]) -> tuple[dict[str, Column], list[Column]]:
    labels = _labels(cells, upper)
    columns = {
        kind: Column(index, next(label for label in labels[index] if kind_of(label) == kind)) for index, kind in kinds.items()
    }
    unused = [Column(index, cell_text(cell)) for index, cell in enumerate(cells) if cell_text(cell) and index not in kinds]
    return columns, unused
