"""Downloads stage: the open-data files of the site's ``/data/`` folder.

For every tabular resource ``<name>`` of every data package:

- ``<name>.csv``: UTF-8 with BOM and CRLF line ends, so that Excel shows Chinese correctly;
- ``<name>.utf8.csv``: plain UTF-8 without BOM, LF line ends, for programs;
- ``<name>.json``: metadata, the Table Schema fields and one object per record with typed values;
- ``<name>.xlsx``: sheets 数据 (Chinese column titles, typed cells), 数据字典 and 说明.

For all of them together: ``jilin-green-materials.sqlite`` (every table with primary and foreign keys,
plus ``_metadata`` and ``_fields``) and ``datapackage.zip`` (the source data folder with a ``VERSION``
file). ``manifest.json`` lists the downloads with version, size and SHA-256; ``SHA256SUMS``
(``sha256sum -c`` format) covers every other file of the folder, ``manifest.json`` included.

Values: both CSV files hold the normalised cell text the validator checked, unchanged, so they read
back to exactly the source rows. The other formats hold typed values (dates as ISO text in JSON and
SQLite, as date cells in Excel). An integer of 16 or more digits or a non-finite number (NaN, ±Inf)
is written as its text everywhere, since JSON, JavaScript and Excel cannot hold it exactly.

Formula injection: cells that start with ``=``, ``+``, ``-`` or ``@`` are written unchanged to the CSV
files (changing them would break the round trip); a spreadsheet program that opens such a CSV file
directly may take them for formulas, so the download page should point Excel users to the .xlsx file.
The .xlsx files never contain formulas: every text is an inline string cell, shown as text.

Determinism: entries are written in a fixed order with timestamps taken from ``as_of``, so the same
input, version and date give byte-identical files.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import io
import json
import math
import re
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..validation.load import DataPackage, DataSet, Table

SQLITE_FILE = "jilin-green-materials.sqlite"
ZIP_FILE = "datapackage.zip"
ZIP_FOLDER = "catalog_data"
"""Top folder inside datapackage.zip; it extracts to a data folder the validator accepts."""
LICENCE = {"name": "CC-BY-4.0", "title": "知识共享署名 4.0 国际", "path": "https://creativecommons.org/licenses/by/4.0/"}
"""Used when a data package names no licence."""
CROSS_REFERENCES = (
    ("enterprises", "region", "regions", "id"),
    ("demo_projects", "region", "regions", "id"),
    ("products", "category", "categories", "code"),
    ("certificates", "body", "certification_bodies", "id"),
    ("catalog_entries", "removal_reason", "reason_codes", "code"),
    ("negative_list", "reason", "reason_codes", "code"),
)
"""References between packages that integrity.py checks; the SQLite database declares them as foreign keys."""
TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数值", "date": "日期（YYYY-MM-DD）",
              "boolean": "是/否（true/false）"}
LIMIT_NAMES = {"minimum": "最小值", "maximum": "最大值", "minLength": "最短字符数", "maxLength": "最长字符数"}
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
EXACT = 10**15
"""Integers at least this large are written as text (Excel keeps 15 significant digits)."""
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_EXCEL_MAX = 32767
_XML_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EDGE_SPACE = re.compile(r"\s\n|\n\s")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()


@dataclass(frozen=True)
class Download:
    """One file of the download folder."""

    file: str
    """File name relative to the download folder."""
    dataset: str
    """Resource name, or ``all`` for the database and the data package."""
    title: str
    """Chinese title of the dataset."""
    format: str
    """Format label shown to people, such as ``CSV（UTF-8 BOM）``."""
    media_type: str
    bytes: int
    """File size."""
    rows: int | None
    """Number of records; None for the data package."""
    sha256: str


@dataclass(frozen=True)
class Release:
    """What every download says about the data it holds."""

    version: str
    as_of: dt.date
    base_url: str
    citation: str

    @property
    def stamp(self) -> tuple[int, int, int, int, int, int]:
        """Zip entry timestamp: midnight of ``as_of`` (not before 1980, the zip format's epoch)."""
        day = max(self.as_of, dt.date(1980, 1, 1))
        return (day.year, day.month, day.day, 0, 0, 0)


@dataclass(frozen=True)
class Resource:
    """A validated table prepared for writing."""

    table: Table
    package: DataPackage
    descriptor: dict
    """The resource's entry in datapackage.yaml."""
    fields: list[dict]
    texts: list[list[str]]
    """Normalised cell text of every record, in field order."""
    values: list[list]
    """Portable typed values: dates as ISO text; inexact numbers as their text."""

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def title(self) -> str:
        return _one_line(self.descriptor.get("title")) or self.name

    @property
    def names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def kinds(self) -> list[str]:
        return [f.get("type", "string") for f in self.fields]

    @property
    def licence(self) -> dict:
        licences = self.package.descriptor.get("licenses") or [LICENCE]
        return {key: licences[0].get(key) for key in ("name", "title", "path")}


def write_downloads(data: DataSet, out: Path, *, version: str, as_of: dt.date, base_url: str,
                    citation: str) -> list[Download]:
    """Write every download file into the empty folder ``out`` (made if missing); return them in page order.

    The returned list is what ``manifest.json`` lists: the data files, not the manifest and SHA256SUMS.
    """
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise ValueError(f"下载文件夹 {out} 不是空的（download folder not empty）")
    release = Release(version, as_of, base_url if base_url.endswith("/") else base_url + "/", citation)
    with _collector_paused():
        return _write(data, out, release)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while rows are built (they make no cycles).

    Otherwise it walks the whole validated data set several times: about 0.7 s at 20,000 products.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write(data: DataSet, out: Path, release: Release) -> list[Download]:
    version, as_of, citation = release.version, release.as_of, release.citation
    folder = _Folder(out)
    resources = [_prepare(package, table) for package in data.packages for table in package.tables.values()]
    for resource in resources:
        count, title = len(resource.values), resource.title
        folder.add(f"{resource.name}.csv", _csv(resource, "\r\n").encode("utf-8-sig"), resource.name, title,
                   "CSV（UTF-8 BOM）", "text/csv; charset=utf-8", count)
        folder.add(f"{resource.name}.utf8.csv", _csv(resource, "\n").encode("utf-8"), resource.name, title,
                   "CSV（UTF-8）", "text/csv; charset=utf-8", count)
        folder.add(f"{resource.name}.csv-metadata.json", _csvw(resource, release), resource.name, title,
                   "CSVW 元数据（版本、许可、字段）", "application/csvm+json", None)
        folder.add(f"{resource.name}.json", _json(resource, release), resource.name, title, "JSON", "application/json",
                   count)
        folder.add(f"{resource.name}.xlsx", _xlsx(resource, release), resource.name, title, "Excel",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", count)
    _sqlite(out / SQLITE_FILE, resources, release)
    folder.add(SQLITE_FILE, None, "all", "全部数据表（SQLite 数据库）", "SQLite", "application/vnd.sqlite3",
               sum(len(r.values) for r in resources))
    folder.add(ZIP_FILE, _zip_package(data, release), "all", "完整数据包（源文件）", "ZIP", "application/zip", None)
    downloads = list(folder.downloads)
    manifest = {"version": version, "as_of": as_of.isoformat(), "sample": any(p.sample for p in data.packages),
                "licence": LICENCE, "citation": citation, "base_url": release.base_url,
                "downloads": [{**asdict(d), "url": f"{release.base_url}data/{d.file}"} for d in downloads]}
    folder.add("manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode(), "all",
               "下载文件清单", "JSON", "application/json", None)
    sums = "".join(f"{d.sha256}  {d.file}\n" for d in sorted(folder.downloads, key=lambda d: d.file))
    (out / "SHA256SUMS").write_text(sums, encoding="ascii", newline="\n")
    return downloads


class _Folder:
    """Writes each download file once and remembers its size and digest."""

    def __init__(self, out: Path):
        self.out = out
        self.downloads: list[Download] = []
        self.written = {"SHA256SUMS"}

    def add(self, file: str, content: bytes | None, dataset: str, title: str, kind: str, media_type: str,
            rows: int | None) -> None:
        """Write ``content`` to ``file``, or describe ``file`` already written when content is None."""
        if file in self.written:
            raise ValueError(f"两个下载文件写到同一路径 {file}（duplicate download path）")
        self.written.add(file)
        path = self.out / file
        if content is None:
            content = path.read_bytes()
        else:
            path.write_bytes(content)
        self.downloads.append(Download(file, dataset, title, kind, media_type, len(content), rows,
                                       hashlib.sha256(content).hexdigest()))


def _prepare(package: DataPackage, table: Table) -> Resource:
    """Cell texts and portable values of a validated table, in field order, blank records left out."""
    if not _NAME.fullmatch(table.name):
        raise ValueError(f"资源名 {table.name!r} 不能用作文件名（resource name unusable as a file name）")
    fields = table.schema.get("fields", [])
    reader = csv.reader(io.StringIO(table.text, newline=""))
    header = next(reader, [])
    missing = [f["name"] for f in fields if f["name"] not in header]
    if missing:
        raise ValueError(f"{table.file}：表头缺少字段 {'、'.join(missing)}，数据未经校验？（table not validated）")
    positions = [header.index(f["name"]) for f in fields]
    if positions == list(range(len(header))):  # the usual case: the header is the schema's field list
        texts = [cells for cells in reader if any(cells)]
    else:
        texts = [[cells[i] if i < len(cells) else "" for i in positions] for cells in reader if any(cells)]
    if len(texts) != len(table.rows):
        raise ValueError(f"{table.file}：记录数与已读取的不同，数据未经校验？（table not validated）")
    names = [f["name"] for f in fields]
    values = [[row.values.get(name) for name in names] for row in table.rows]
    for i, f in enumerate(fields):
        kind = f.get("type", "string")
        if kind == "date":
            for row in values:
                if row[i] is not None:
                    row[i] = row[i].isoformat()
        elif kind in ("integer", "number"):
            for row, cells in zip(values, texts, strict=True):
                if row[i] is not None and not _exact(row[i]):
                    row[i] = cells[i]
    resource = next(r for r in package.descriptor["resources"] if r["name"] == table.name)
    return Resource(table, package, resource, fields, texts, values)


def _exact(number: float) -> bool:
    return -EXACT < number < EXACT if isinstance(number, int) else math.isfinite(number)


def _csv(resource: Resource, newline: str) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=newline)
    writer.writerow(resource.names)
    writer.writerows(resource.texts)
    return text.getvalue()


_CSVW_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "date": "date"}


def _csvw(resource: Resource, release: Release) -> bytes:
    """W3C CSV on the Web metadata for both CSV files of a table: the version, licence, citation and columns.

    A CSV file cannot carry these itself without breaking the round trip; ``<name>.csv-metadata.json`` is
    where CSVW tools look for them (the standard's "metadata file next to the CSV" convention).
    """
    columns = [{"name": f["name"], "titles": {"zh": f.get("title") or f["name"]},
                "datatype": _CSVW_TYPES.get(f.get("type", "string"), "string"),
                "required": bool((f.get("constraints") or {}).get("required")),
                **({"dc:description": _one_line(f["description"])} if f.get("description") else {})} for f in resource.fields]
    schema = {"columns": columns}
    if resource.table.schema.get("primaryKey"):
        schema["primaryKey"] = list(resource.table.schema["primaryKey"])
    document = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "zh"}],
        "dc:title": resource.title, "dc:license": {"@id": resource.licence.get("path") or LICENCE["path"]},
        "schema:version": release.version, "dc:modified": {"@value": release.as_of.isoformat(), "@type": "xsd:date"},
        "dc:bibliographicCitation": release.citation,
        "tables": [{"url": f"{resource.name}.csv", "dialect": {"encoding": "utf-8", "lineTerminators": ["\r\n"]}},
                   {"url": f"{resource.name}.utf8.csv", "dialect": {"encoding": "utf-8", "lineTerminators": ["\n"]}}],
        "tableSchema": schema,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _json(resource: Resource, release: Release) -> bytes:
    """Metadata and fields one per line, then one record per line, so the file reads and diffs well."""
    head = {"name": resource.name, "title": resource.title, "version": release.version,
            "as_of": release.as_of.isoformat(), "sample": bool(resource.package.sample), "licence": resource.licence,
            "citation": release.citation, "fields": resource.fields}
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    names = resource.names
    rows = ",\n".join("  " + encode(dict(zip(names, row, strict=True))) for row in resource.values)
    lines = [f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False, default=str)}," for key, value in head.items()]
    return ("{\n" + "\n".join(lines) + f'\n "rows": [\n{rows}\n ]\n}}\n').encode("utf-8")


def _one_line(text: object) -> str:
    """Text on one line; the spaces YAML folding leaves between Chinese characters are dropped."""
    return _CJK_GAP.sub("", " ".join(str(text or "").split()))


# --- Excel ---------------------------------------------------------------------------------------------------
# A minimal SpreadsheetML package written directly (openpyxl is several times slower at 100,000 rows):
# inline strings, one style sheet (bold header, date format, wrapped text) and fixed document properties.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEETS = ("数据", "数据字典", "说明")
_CONTENT_TYPES = _HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
              for n in range(1, len(_SHEETS) + 1))
    + '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>")
_ROOT_RELS = _HEAD + (
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>")
_WORKBOOK_RELS = _HEAD + (
    f'<Relationships xmlns="{_PKG_REL}">'
    + "".join(f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
              for n in range(1, len(_SHEETS) + 1))
    + f'<Relationship Id="rId{len(_SHEETS) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>")
_STYLES = _HEAD + (
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>")
_BOLD, _DATE, _WRAP = 1, 2, 3


def _xlsx(resource: Resource, release: Release) -> bytes:
    names, count = resource.names, len(resource.values)
    last = f"{_column(len(names))}{count + 1}"
    workbook = _HEAD + (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews><sheets>'
        + "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(_SHEETS, 1))
        + '</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"'{_SHEETS[0]}'!$A$1:${_column(len(names))}${count + 1}</definedName></definedNames></workbook>")
    core = _HEAD + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(resource.title)}</dc:title><dc:creator>吉林省绿色建材开放数据</dc:creator>"
        f"<dc:rights>{escape(resource.licence['title'] or '')}</dc:rights><cp:version>{escape(release.version)}</cp:version>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{release.as_of.isoformat()}T00:00:00Z</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{release.as_of.isoformat()}T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>")
    titles = [f.get("title") or f["name"] for f in resource.fields]
    data_sheet = _sheet(_rows(resource), _widths(titles, resource.texts), frozen=True, selected=True,
                        extra=f'<autoFilter ref="A1:{last}"/>', dimension=f"A1:{last}")
    dictionary = [["字段名", "中文名", "类型", "必填", "约束", "说明", "示例"]] + _dictionary(resource)
    about = [["项目", "内容"]] + _about(resource, release)
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "docProps/core.xml": core,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/styles.xml": _STYLES,
        "xl/worksheets/sheet1.xml": data_sheet,
        "xl/worksheets/sheet2.xml": _sheet(_text_rows(dictionary), [16, 20, 18, 6, 40, 40, 24], frozen=True),
        "xl/worksheets/sheet3.xml": _sheet(_text_rows(about), [12, 100]),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(_entry(name, release), text.encode("utf-8"), compresslevel=1)
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


def _sheet(rows: Iterable[str], widths: list[int], *, frozen: bool = False, selected: bool = False, extra: str = "",
           dimension: str = "") -> str:
    pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' if frozen else ""
    tab = ' tabSelected="1"' if selected else ""
    cols = "".join(f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>' for n, w in enumerate(widths, 1))
    return (_HEAD + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            + (f'<dimension ref="{dimension}"/>' if dimension else "")
            + f'<sheetViews><sheetView{tab} workbookViewId="0">{pane}</sheetView></sheetViews>'
            f"<cols>{cols}</cols><sheetData>" + "".join(rows) + f"</sheetData>{extra}</worksheet>")


def _needs_care(text: str) -> bool:
    """Whether text needs escaping: markup, characters XML forbids, a literal _xHHHH_, or spaces at an edge.

    Also right for the cells of a column joined by newlines (a space next to a newline is a cell's edge).
    """
    return bool(_XML_SPECIAL.search(text) or "_x" in text or _EDGE_SPACE.search(text)
                or text[:1].isspace() or text[-1:].isspace())


def _xml_text(value: str) -> str:
    """An inline string cell body; shown as text by every spreadsheet program, never evaluated."""
    if len(value) > _EXCEL_MAX:
        value = value[:_EXCEL_MAX - 60] + "……（超过 Excel 单元格 32767 字符的上限，已截断；完整内容见 CSV 文件）"
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


def _column_cells(letter: str, kind: str, values: list) -> list[str]:
    """The cells of one column of the 数据 sheet from row 2 down, built column by column for speed.

    Numbers, booleans and dates are typed cells; everything else is inline text. Empty cells are left out.
    """
    rows = enumerate(values, 2)
    if kind == "date":
        return ["" if v is None else f'<c r="{letter}{n}" s="{_DATE}"><v>{_serial(v)}</v></c>' for n, v in rows]
    if kind in ("integer", "number"):
        return ["" if v is None else f'<c r="{letter}{n}"><v>{v!r}</v></c>' if not isinstance(v, str)
                else _text_cell(f"{letter}{n}", v) for n, v in rows]
    if kind == "boolean":
        return ["" if v is None else f'<c r="{letter}{n}" t="b"><v>{int(v)}</v></c>' if isinstance(v, bool)
                else _text_cell(f"{letter}{n}", v) for n, v in rows]
    if _plain([v for v in values if v is not None]):  # text columns hold str only
        return ["" if v is None else f'<c r="{letter}{n}" t="inlineStr"><is><t>{v}</t></is></c>' for n, v in rows]
    return ["" if v is None else _text_cell(f"{letter}{n}", v) for n, v in rows]


def _rows(resource: Resource) -> Iterable[str]:
    """The 数据 sheet: Chinese column titles, then one row per record."""
    letters = [_column(n) for n in range(1, len(resource.fields) + 1)]
    titles = [f.get("title") or f["name"] for f in resource.fields]
    header = "".join(_text_cell(f"{c}1", title, f' s="{_BOLD}"') for c, title in zip(letters, titles, strict=True))
    yield f'<row r="1">{header}</row>'
    columns = [_column_cells(letter, kind, [row[i] for row in resource.values])
               for i, (letter, kind) in enumerate(zip(letters, resource.kinds, strict=True))]
    for number, cells in enumerate(zip(*columns, strict=True), 2):
        yield f'<row r="{number}">{"".join(cells)}</row>'


def _text_rows(rows: list[list[str]]) -> Iterable[str]:
    """A small sheet of text: bold first row, wrapped text below."""
    for number, row in enumerate(rows, 1):
        style = _BOLD if number == 1 else _WRAP
        yield f'<row r="{number}">' + "".join(
            _text_cell(f"{_column(n)}{number}", v, f' s="{style}"')
            for n, v in enumerate(row, 1) if v) + "</row>"


def _dictionary(resource: Resource) -> list[list[str]]:
    """One 数据字典 row per field: name, title, type, required, constraints, description, example."""
    schema = resource.table.schema
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
    references = {}
    for fk in schema.get("foreignKeys") or []:
        target = fk["reference"].get("resource") or resource.name
        for mine, theirs in zip(fk["fields"], fk["reference"]["fields"], strict=False):
            references[mine] = f"引用 {target}.{theirs}"
    for table, field, target, column in CROSS_REFERENCES:
        if table == resource.name:
            references[field] = f"引用 {target}.{column}（基础代码表）"
    rows = []
    for f in resource.fields:
        c = f.get("constraints") or {}
        notes = []
        if f["name"] in key:
            notes.append("主键" if len(key) == 1 else f"主键之一（{' + '.join(key)}）")
        if c.get("unique") and key != [f["name"]]:
            notes.append("唯一")
        if "enum" in c:
            notes.append("取值：" + "、".join(str(v) for v in c["enum"]))
        if "pattern" in c:
            notes.append(f"格式（正则表达式）：{c['pattern']}")
        notes += [f"{label} {c[word]}" for word, label in LIMIT_NAMES.items() if word in c]
        if f["name"] in references:
            notes.append(references[f["name"]])
        kind = f.get("type", "string")
        rows.append([f["name"], f.get("title") or "", TYPE_NAMES.get(kind, kind), "是" if c.get("required") else "否",
                     "；".join(notes), str(f.get("description") or ""), str(f.get("example") or "")])
    return rows


def _about(resource: Resource, release: Release) -> list[list[str]]:
    """The 说明 sheet: what the data is, where it comes from, its licence, version and citation."""
    package = resource.package.descriptor
    licence = resource.licence
    return [
        ["数据集", f"{resource.title}（{resource.name}）"],
        ["说明", _one_line(resource.descriptor.get("description"))],
        ["来源", f"{_one_line(package.get('title'))}。{_one_line(package.get('description'))}"],
        ["示例数据", "是：内容为虚构，仅用于演示" if resource.package.sample else "否"],
        ["许可", f"{licence['title'] or licence['name']}（{licence['name']}）{licence['path'] or ''}"],
        ["数据版本", release.version],
        ["生成日期", release.as_of.isoformat()],
        ["记录数", str(len(resource.values))],
        ["引用", release.citation],
        ["网址", release.base_url],
    ]


# --- SQLite --------------------------------------------------------------------------------------------------

def _sqlite(path: Path, resources: list[Resource], release: Release) -> None:
    """One database with every table; rows inserted in file order so the file is the same every time."""
    present = {r.name for r in resources}
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        with connection:
            for resource in resources:
                cross = [(f, t, c) for table, f, t, c in CROSS_REFERENCES if table == resource.name and t in present]
                connection.execute(_create_table(resource, cross))
                marks = ", ".join("?" * len(resource.fields))
                insert = f"INSERT INTO {_quote(resource.name)} VALUES ({marks})"  # noqa: S608 - quoted names, values bound
                connection.executemany(insert, resource.values)
            connection.execute("CREATE TABLE _metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL) -- 数据版本、许可与引用")
            connection.executemany("INSERT INTO _metadata VALUES (?, ?)", [
                ("version", release.version), ("as_of", release.as_of.isoformat()),
                ("licence", f"{LICENCE['name']} {LICENCE['path']}"), ("citation", release.citation),
                ("source", release.base_url)])
            connection.execute("CREATE TABLE _fields (table_name TEXT NOT NULL, field TEXT NOT NULL, title TEXT, "
                               "type TEXT NOT NULL, required INTEGER NOT NULL, description TEXT, "
                               "PRIMARY KEY (table_name, field)) -- 数据字典")
            connection.executemany("INSERT INTO _fields VALUES (?, ?, ?, ?, ?, ?)", [
                (r.name, f["name"], _one_line(f.get("title")), f.get("type", "string"),
                 int(bool((f.get("constraints") or {}).get("required"))), str(f.get("description") or "") or None)
                for r in resources for f in r.fields])
    finally:
        connection.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_table(resource: Resource, cross: list[tuple[str, str, str]]) -> str:
    """CREATE TABLE with typed columns, NOT NULL, UNIQUE, the primary key and foreign keys; titles as comments."""
    schema = resource.table.schema
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
    items = []  # (definition, comment)
    for f in resource.fields:
        c = f.get("constraints") or {}
        kind = f.get("type", "string")
        column = f"{_quote(f['name'])} {SQL_TYPES.get(kind, 'TEXT')}"
        if c.get("required"):
            column += " NOT NULL"
        if c.get("unique") and key != [f["name"]]:
            column += " UNIQUE"
        if kind == "boolean":
            column += f" CHECK ({_quote(f['name'])} IN (0, 1))"
        items.append((column, _one_line(f.get("title"))))
    if key:
        items.append((f"PRIMARY KEY ({', '.join(map(_quote, key))})", ""))
    for fk in schema.get("foreignKeys") or []:
        target = fk["reference"].get("resource") or resource.name
        items.append((f"FOREIGN KEY ({', '.join(map(_quote, fk['fields']))}) "
                      f"REFERENCES {_quote(target)} ({', '.join(map(_quote, fk['reference']['fields']))})", ""))
    items += [(f"FOREIGN KEY ({_quote(f)}) REFERENCES {_quote(t)} ({_quote(c)})", "基础代码表") for f, t, c in cross]
    lines = [definition + ("," if n < len(items) else "") + (f" -- {comment}" if comment else "")
             for n, (definition, comment) in enumerate(items, 1)]
    return f"CREATE TABLE {_quote(resource.name)} ( -- {_one_line(resource.title)}\n  " + "\n  ".join(lines) + "\n)"


# --- Data package zip ----------------------------------------------------------------------------------------

def _entry(name: str, release: Release) -> zipfile.ZipInfo:
    """A zip entry with a fixed date and permissions, so archives are byte-identical."""
    info = zipfile.ZipInfo(name, date_time=release.stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def _zip_package(data: DataSet, release: Release) -> bytes:
    """The source data folder: descriptors, CSV files, policies and ratio rules, plus VERSION."""
    root = data.root.resolve()
    files = []
    for package in data.packages:
        folder = package.folder.resolve()
        files.append(folder / "datapackage.yaml")
        files.extend(folder / resource["path"] for resource in package.descriptor["resources"])
    files += sorted((root / "policies").glob("*.md")) + sorted((root / "ratio_rules").glob("*.yaml"))
    entries = {f"{ZIP_FOLDER}/{path.resolve().relative_to(root).as_posix()}": path.read_bytes() for path in files}
    entries[f"{ZIP_FOLDER}/VERSION"] = f"{release.version}\n".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            archive.writestr(_entry(name, release), entries[name])
    return buffer.getvalue()
