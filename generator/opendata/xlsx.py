"""The Excel download of a table: a minimal SpreadsheetML package written directly.

Sheets 数据 (Chinese column titles, typed cells, a filter and a frozen header), 数据字典 and 说明.
Written by hand because openpyxl is several times slower at 100,000 rows; the package holds inline
strings, one style sheet (bold header, date format, number formats with 1–15 decimals, wrapped text)
and fixed document properties (no build date: the file changes only when its content does).

This is the file the site recommends for spreadsheets, because it survives a double click: codes are
text cells (18-digit credit codes, leading zeros and region codes stay as written), a number shows the
decimals of its source text (0.040), and no cell is ever a formula: every text is an inline string
cell, shown as text even when it starts with = + - or @ (tests/test_spreadsheet.py opens the files
in LibreOffice to check).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from xml.sax.saxutils import escape

from .tables import zip_entry

_EXCEL_MAX = 32767
_XML_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EDGE_SPACE = re.compile(r"\s\n|\n\s")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _content_types(sheets: int) -> str:
    return _HEAD + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, sheets + 1)
        )
        + '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )


_ROOT_RELS = _HEAD + (
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)


def _workbook_rels(sheets: int) -> str:
    return _HEAD + (
        f'<Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>' for n in range(1, sheets + 1)
        )
        + f'<Relationship Id="rId{sheets + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


_MOST_DECIMALS = 15
"""Excel keeps 15 significant digits; a number written with more decimals than this keeps Excel's general format."""
_STYLES = _HEAD + (
    f'<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="{_MOST_DECIMALS + 1}"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    + "".join(f'<numFmt numFmtId="{164 + d}" formatCode="0.{"0" * d}"/>' for d in range(1, _MOST_DECIMALS + 1))
    + "</numFmts>"
    '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    f'<cellXfs count="{4 + _MOST_DECIMALS}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    + "".join(
        f'<xf numFmtId="{164 + d}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for d in range(1, _MOST_DECIMALS + 1)
    )
    + "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_BOLD, _DATE, _WRAP = 1, 2, 3
_DECIMAL_STYLES = {d: f' s="{3 + d}"' for d in range(1, _MOST_DECIMALS + 1)}
"""Cell style attribute showing d decimals, by d."""
_DECIMAL_TEXT = re.compile(r"[+-]?[0-9]*\.([0-9]+)")


def _decimals_style(text: str) -> str:
    """The style attribute of a number cell that shows the decimals its source text has, or none."""
    found = _DECIMAL_TEXT.fullmatch(text)
    return _DECIMAL_STYLES.get(len(found.group(1)), "") if found else ""


@dataclass(frozen=True)
class DataSheet:
    """A sheet of records: a heading row, then one row per record, with a filter and a frozen heading.

    Its XML is made once (``xml``), so workbooks that share a sheet (a 总表 on its own and in the workbook
    of all 总表) share the work."""

    titles: list[str]
    """Column headings."""
    kinds: list[str]
    """Table Schema type of each column: numbers, booleans and dates become typed cells."""
    values: list[list]
    """Typed values (``tables.Resource.values`` conventions: dates as ISO text, inexact numbers as text)."""
    texts: list[list[str]]
    """Cell text of every record: column widths, and the decimals a number cell shows (0.040 stays 0.040)."""

    @cached_property
    def xml(self) -> str:
        last = f"{_column(len(self.titles))}{len(self.values) + 1}"
        return _sheet(
            _rows(self),
            _widths(self.titles, self.texts),
            frozen=True,
            extra=f'<autoFilter ref="A1:{last}"/>',
            dimension=f"A1:{last}",
        )


@dataclass(frozen=True)
class Book:
    """What an .xlsx file holds: sheets of records, then a 数据字典 sheet and a 说明 sheet."""

    title: str
    creator: str
    rights: str
    version: str
    """Document property ``version``: the data's commit, never the build date (see ``Release.commit``)."""
    data: list[tuple[str, DataSheet]]
    """(sheet name, sheet): names of at most 31 characters, none of ``[]:*?/\\``."""
    dictionary: list[list[str]]
    """The 数据字典 sheet, header row first."""
    dictionary_widths: list[int]
    about: list[list[str]]
    """The 说明 sheet: (item, content) rows, header row first."""


def workbook(book: Book) -> bytes:
    """The .xlsx file of ``book``; the first sheet is the one shown on opening."""
    names = [name for name, _ in book.data] + ["数据字典", "说明"]
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"'{escape(name)}'!$A$1:${_column(len(sheet.titles))}${len(sheet.values) + 1}</definedName>"
        for n, (name, sheet) in enumerate(book.data)
    )
    xml = _HEAD + (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews><sheets>'
        + "".join(f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1))
        + f"</sheets><definedNames>{filters}</definedNames></workbook>"
    )
    core = _HEAD + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(book.title)}</dc:title><dc:creator>{escape(book.creator)}</dc:creator>"
        f"<dc:rights>{escape(book.rights)}</dc:rights><cp:version>{escape(book.version)}</cp:version>"
        "</cp:coreProperties>"
    )
    sheets = [sheet.xml for _, sheet in book.data]
    sheets += [
        _sheet(_text_rows(book.dictionary), book.dictionary_widths, frozen=True),
        _sheet(_text_rows(book.about), [12, 100]),
    ]
    parts = {
        "[Content_Types].xml": _content_types(len(sheets)),
        "_rels/.rels": _ROOT_RELS,
        "docProps/core.xml": core,
        "xl/workbook.xml": xml,
        "xl/_rels/workbook.xml.rels": _workbook_rels(len(sheets)),
        "xl/styles.xml": _STYLES,
        **{f"xl/worksheets/sheet{n}.xml": sheet for n, sheet in enumerate(sheets, 1)},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(zip_entry(name), text.encode("utf-8"), compresslevel=1)
    return buffer.getvalue()


def _column(number: int) -> str:
    """Spreadsheet column letters of a 1-based column number."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _widths(titles: list[str], texts: list[list[str]]) -> list[int]:
    """Column widths from the header and the first 100 records (CJK characters count twice)."""
    widths = []
    for i, title in enumerate(titles):
        longest = max([_display_width(title)] + [_display_width(cells[i]) for cells in texts[:100]])
        widths.append(min(max(longest + 2, 8), 60))
    return widths


def _display_width(text: str) -> int:
    return len(text) + sum(1 for c in text if c >= "\u2e80")


def _sheet(rows: Iterable[str], widths: list[int], *, frozen: bool = False, extra: str = "", dimension: str = "") -> str:
    """A worksheet; none is marked selected, so the workbook opens on its first sheet (``activeTab`` 0)."""
    pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' if frozen else ""
    tab = ""
    cols = "".join(f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>' for n, w in enumerate(widths, 1))
    return (
        _HEAD
        + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f'<sheetViews><sheetView{tab} workbookViewId="0">{pane}</sheetView></sheetViews>'
        f"<cols>{cols}</cols><sheetData>" + "".join(rows) + f"</sheetData>{extra}</worksheet>"
    )


def _needs_care(text: str) -> bool:
    """Whether text needs escaping: markup, characters XML forbids, a literal _xHHHH_, or spaces at an edge.

    Also right for the cells of a column joined by newlines (a space next to a newline is a cell's edge).
    """
    return bool(
        _XML_SPECIAL.search(text) or "_x" in text or _EDGE_SPACE.search(text) or text[:1].isspace() or text[-1:].isspace()
    )


def _xml_text(value: str) -> str:
    """An inline string cell body; shown as text by every spreadsheet program, never evaluated."""
    if len(value) > _EXCEL_MAX:
        value = value[: _EXCEL_MAX - 60] + "……（超过 Excel 单元格 32767 字符的上限，已截断；完整内容见 CSV 文件）"
    if not _needs_care(value):
        return f"<is><t>{value}</t></is>"
    value = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", value)  # a literal _xHHHH_ is not an escape
    value = _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    value = escape(value).replace("\r", "&#13;")
    return f'<is><t xml:space="preserve">{value}</t></is>'


def _text_cell(ref: str, value, style: str = "") -> str:
    return f'<c r="{ref}"{style} t="inlineStr">{_xml_text(str(value))}</c>'


def _plain(texts: list[str]) -> bool:
    """True when no cell of a text column needs escaping or truncating, so cells are written as they are."""
    return not texts or (max(map(len, texts)) <= _EXCEL_MAX and not _needs_care("\n".join(texts)))


def _serial(iso_date: str) -> int:
    """Excel's day number of a date."""
    return dt.date.fromisoformat(iso_date).toordinal() - _EXCEL_EPOCH


def _column_cells(letter: str, kind: str, values: list, texts: list[str]) -> list[str]:
    """The cells of one column of the 数据 sheet from row 2 down, built column by column for speed.

    Numbers, booleans and dates are typed cells; everything else is inline text. Empty cells are left out.
    A number written with decimals shows as many as its text has (``0.040``, not ``0.04``).
    """
    rows = enumerate(values, 2)
    if kind == "date":
        return ["" if v is None else f'<c r="{letter}{n}" s="{_DATE}"><v>{_serial(v)}</v></c>' for n, v in rows]
    if kind in ("integer", "number"):
        return [
            ""
            if v is None
            else f'<c r="{letter}{n}"{_decimals_style(text)}><v>{v!r}</v></c>'
            if not isinstance(v, str)
            else _text_cell(f"{letter}{n}", v)
            for (n, v), text in zip(rows, texts, strict=True)
        ]
    if kind == "boolean":
        return [
            ""
            if v is None
            else f'<c r="{letter}{n}" t="b"><v>{int(v)}</v></c>'
            if isinstance(v, bool)
            else _text_cell(f"{letter}{n}", v)
            for n, v in rows
        ]
    if _plain([v for v in values if v is not None]):  # text columns hold str only
        return ["" if v is None else f'<c r="{letter}{n}" t="inlineStr"><is><t>{v}</t></is></c>' for n, v in rows]
    return ["" if v is None else _text_cell(f"{letter}{n}", v) for n, v in rows]


def _rows(sheet: DataSheet) -> Iterable[str]:
    """A sheet of records: Chinese column titles, then one row per record."""
    letters = [_column(n) for n in range(1, len(sheet.titles) + 1)]
    header = "".join(_text_cell(f"{c}1", title, f' s="{_BOLD}"') for c, title in zip(letters, sheet.titles, strict=True))
    yield f'<row r="1">{header}</row>'
    columns = [
        _column_cells(letter, kind, [row[i] for row in sheet.values], [cells[i] for cells in sheet.texts])
        for i, (letter, kind) in enumerate(zip(letters, sheet.kinds, strict=True))
    ]
    for number, cells in enumerate(zip(*columns, strict=True), 2):
        yield f'<row r="{number}">{"".join(cells)}</row>'


def _text_rows(rows: list[list[str]]) -> Iterable[str]:
    """A small sheet of text: bold first row, wrapped text below."""
    for number, row in enumerate(rows, 1):
        style = _BOLD if number == 1 else _WRAP
        yield (
            f'<row r="{number}">'
            + "".join(_text_cell(f"{_column(n)}{number}", v, f' s="{style}"') for n, v in enumerate(row, 1) if v)
            + "</row>"
        )
