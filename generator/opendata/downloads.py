"""Downloads stage: the open-data files of the site's ``/data/`` folder.

For every tabular resource ``<name>`` of every data package (the data tables, for programs):

- ``<name>.utf8.csv``: plain UTF-8, LF line ends, the field names as header: the CSV for programs;
- ``<name>.csv``: the same cells in UTF-8 with BOM and CRLF line ends (for tools that want them);
- ``<name>.json``: a JSON array of records and ``<name>.jsonl`` JSON Lines, typed values (formats.py);
- ``<name>.schema.json``: the table's Table Schema (field titles, types, constraints, keys) beside them;
- ``<name>.csv-metadata.json``: CSVW metadata of both CSV files (csvw.py);
- ``<name>.xlsx``: sheets 数据 (Chinese headings, typed cells), 数据字典 and 说明 (workbooks.py).

For people (names and Chinese labels instead of codes, see overviews.py and lists.py): the 总表
``products-overview``, ``certificates-overview`` and ``enterprises-overview`` as .xlsx and .csv, all of
them in one workbook ``jilin-green-materials-overview.xlsx``, and ``lists/<page>.xlsx``/``.csv`` for
every list page of the site. For spreadsheets the site recommends the .xlsx files: a spreadsheet that
opens a CSV file turns 18-digit codes into numbers, drops trailing zeros and runs cells starting
with = as formulas; the .xlsx files keep every cell as written (see xlsx.py).

For all tables together: ``jilin-green-materials.sqlite`` (keys and full-text search, sqlite.py) with
Datasette's ``metadata.json`` (datasette.py), ``datapackage.json`` and ``datapackage.zip``
(datapackage.py), ``csv-metadata.json`` (CSVW, all tables with their foreign keys).

Index files (``INDEX_FILES``): ``manifest.json`` lists every file with its size and SHA-256 and says
which version and day the build is; ``catalog.dcat.jsonld`` is the DCAT catalogue; ``SHA256SUMS``
(``sha256sum -c`` format) covers every other file of the folder. They are the only files that carry
the build date: every other file is byte-identical from one build to the next until its content
changes, so mirrors and caches fetch only what changed.

Values: both CSV files hold the source files' cells character for character (normalisation only
changes how the validator reads them), so they read back to exactly the source rows. The other formats
hold typed values (``tables.prepare``: dates as ISO text in JSON and SQLite, as date cells in Excel). The
validator rejects non-finite numbers and decimals of more than 15 significant digits, so every number is
held exactly; an integer of 16 or more digits is written as its text everywhere, since JSON, JavaScript
and Excel cannot.

Formula injection: cells that start with ``=``, ``+``, ``-`` or ``@`` are written unchanged to the CSV
files (changing them would break the round trip); a spreadsheet program that opens such a CSV file
directly may take them for formulas, which is why the download page points spreadsheet users to the
.xlsx files. The .xlsx files never contain formulas: every text is an inline string cell, shown as text.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import OpenDataError
from ..output import OutputFolder
from ..records import Catalogue
from ..validation.load import DataSet
from . import csvw, datapackage, datasette, formats
from .dcat import dcat_catalog
from .lists import list_sheets, negative_list
from .overviews import Names, overviews, period_note
from .release import ALL_DATA, LICENCE, Release
from .sqlite import write_database
from .tables import Resource, Sheet, foreign_keys, prepare
from .workbooks import EVERYTHING, data_sheet, everything_book, sheet_book, table_book
from .xlsx import DataSheet, workbook

SQLITE_FILE = "jilin-green-materials.sqlite"
ZIP_FILE = datapackage.ZIP_FILE
ZIP_FOLDER = datapackage.ZIP_FOLDER
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
DCAT_FILE = "catalog.dcat.jsonld"
INDEX_FILES = (MANIFEST, DCAT_FILE, SUMS)
"""The files of ``data/`` that change with every build (they state the build's version and date)."""
OVERVIEW = "overview"
"""``dataset`` of the people-shaped 总表 files."""
LIST = "lists"
"""``dataset`` of the list-page downloads."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Download:
    """One file of the download folder."""

    file: str
    """File name relative to the download folder."""
    dataset: str
    """Resource name; ``all`` for files of every table; ``overview`` for the 总表; ``lists`` for list pages."""
    title: str
    """Chinese title of the dataset."""
    format: str
    """Format label shown to people, such as ``CSV（UTF-8）``."""
    media_type: str
    bytes: int
    """File size."""
    rows: int | None
    """Number of records; None for descriptions and the data package."""
    sha256: str


def write_all(data: DataSet, out: Path, release: Release, catalogue: Catalogue) -> list[Download]:
    """Every file of the download folder into the empty folder ``out`` (made if missing), one writer after
    the other: the files a build writes, which runs the first two writers in forked processes (stage.py).
    Returns the data files in page order (what ``manifest.json`` lists)."""
    check_empty(out)
    downloads = write_downloads(data, out, release, catalogue) + write_lists(out, release, catalogue)
    write_index_files(out, release, data, catalogue, downloads)
    return downloads


def check_empty(out: Path) -> None:
    """Make ``out`` if missing; refuse it if it holds anything (stale files would not be in SHA256SUMS)."""
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise OpenDataError(f"下载文件夹 {out} 不是空的（download folder not empty）")


def write_downloads(data: DataSet, out: Path, release: Release, catalogue: Catalogue) -> list[Download]:
    """The data tables, the 总表 and the files of all tables (the ones the download page lists), into ``out``."""
    with _collector_paused():
        return _write(data, _Folder(out), release, catalogue)


def write_lists(out: Path, release: Release, catalogue: Catalogue) -> list[Download]:
    """The download of every list page, below ``out/lists/``; no page needs them, so a build writes them meanwhile."""
    folder = _Folder(out)
    with _collector_paused():
        notes = period_note(catalogue)
        for sheet in list_sheets(catalogue, release.page):
            _sheet_files(folder, sheet, LIST, release, notes)
    return folder.downloads


def write_index_files(out: Path, release: Release, data: DataSet, catalogue: Catalogue, downloads: list[Download]) -> None:
    """The index files, last: the DCAT catalogue and the manifest of ``downloads``, and SHA256SUMS of them all."""
    folder = _Folder(out)
    landing = {name: f"data/{name}/" for name in data.tables}
    dcat = dcat_catalog(
        release,
        [p.descriptor for p in data.packages],
        landing_pages=landing,
        downloads=[asdict(d) for d in downloads if d.dataset != LIST],
        extra={OVERVIEW: ("总表", "产品总表、证书总表和企业总表：名称、中文标签、状态和证书，供人阅读。")},
    )
    folder.add(DCAT_FILE, _json_bytes(dcat, indent=None), ALL_DATA, "DCAT 数据目录", "DCAT JSON-LD", "application/ld+json", None)
    manifest = {
        "version": release.version,
        "as_of": release.as_of.isoformat(),
        "commit": release.commit,
        "sample": any(p.sample for p in data.packages),
        "status_period": [d.isoformat() if d else None for d in catalogue.status_period()],
        "licence": LICENCE,
        "citation": release.citation,
        "base_url": release.base_url,
        "index_files": [f"data/{name}" for name in INDEX_FILES],
        "downloads": [{**asdict(d), "url": f"{release.base_url}data/{d.file}"} for d in downloads],
    }
    folder.add(MANIFEST, _json_bytes(manifest, indent=2), ALL_DATA, "下载文件清单", "JSON", "application/json", None)
    every = sorted([*downloads, *folder.downloads], key=lambda d: d.file)
    folder.output.write(SUMS, "".join(f"{d.sha256}  {d.file}\n" for d in every).encode("ascii"))


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


def _write(data: DataSet, folder: _Folder, release: Release, catalogue: Catalogue) -> list[Download]:
    resources = [prepare(package, table) for package in data.packages for table in package.tables.values()]
    present = [r.name for r in resources]
    foreign = {r.name: foreign_keys(r.name, r.table.schema, present) for r in resources}
    programs = {}
    for resource in resources:
        programs[f"{resource.name}.utf8.csv"] = _table_files(folder, resource, foreign[resource.name], release)
    notes = period_note(catalogue)
    people = [(sheet, data_sheet(sheet)) for sheet in overviews(catalogue, release.page)]
    negative = negative_list(catalogue, Names(catalogue, release.page))
    everything = [*people, (negative, data_sheet(negative))]
    folder.add(
        f"{EVERYTHING}.xlsx",
        workbook(everything_book(everything, release, notes)),
        OVERVIEW,
        "全部总表（一个 Excel 文件）",
        "Excel",
        XLSX,
        sum(len(s.rows) for s, _ in everything),
    )
    for sheet, records in people:
        _sheet_files(folder, sheet, OVERVIEW, release, notes, records)
    write_database(folder.output.claim(SQLITE_FILE), resources, release, foreign)
    folder.add(
        SQLITE_FILE,
        None,
        ALL_DATA,
        "全部数据表（SQLite 数据库）",
        "SQLite",
        "application/vnd.sqlite3",
        sum(len(r.values) for r in resources),
    )
    folder.add(
        "metadata.json",
        datasette.metadata(resources, release, SQLITE_FILE),
        ALL_DATA,
        "Datasette 元数据（配合 SQLite 数据库）",
        "Datasette metadata.json",
        "application/json",
        None,
    )
    sample = any(p.sample for p in data.packages)
    document = datapackage.descriptor_bytes(datapackage.descriptor(resources, foreign, release, sample))
    folder.add(
        datapackage.DESCRIPTOR,
        document,
        ALL_DATA,
        "数据包描述（全部数据表与外键）",
        "Frictionless datapackage.json",
        "application/json",
        None,
    )
    folder.add(
        csvw.GROUP_FILE,
        csvw.group_metadata(resources, foreign, release, LICENCE["path"]),
        ALL_DATA,
        "CSVW 元数据（全部数据表与外键）",
        "CSVW 元数据",
        "application/csvm+json",
        None,
    )
    folder.add(
        ZIP_FILE,
        datapackage.package_zip(data, release, document, programs),
        ALL_DATA,
        "完整数据包（datapackage.json、CSV 和源文件）",
        "ZIP",
        "application/zip",
        None,
    )
    return folder.downloads


def _table_files(folder: _Folder, resource: Resource, foreign: list[dict], release: Release) -> bytes:
    """Write the files of one data table; return its ``.utf8.csv`` bytes (the data package holds them too)."""
    name, title, count = resource.name, resource.title, len(resource.values)
    program_csv = formats.csv_text(resource, "\n").encode("utf-8")
    folder.add(f"{name}.utf8.csv", program_csv, name, title, "CSV（UTF-8）", CSV, count)
    folder.add(f"{name}.csv", formats.csv_text(resource, "\r\n").encode("utf-8-sig"), name, title, "CSV（UTF-8 BOM）", CSV, count)
    records = formats.json_records(resource)
    folder.add(f"{name}.json", formats.json_array(records), name, title, "JSON（记录数组）", "application/json", count)
    folder.add(f"{name}.jsonl", formats.json_lines(records), name, title, "JSON Lines", "application/jsonl", count)
    folder.add(
        f"{name}.schema.json",
        formats.schema_file(resource, foreign),
        name,
        title,
        "Table Schema（字段说明）",
        "application/json",
        None,
    )
    folder.add(
        f"{name}.csv-metadata.json",
        csvw.table_metadata(resource, release),
        name,
        title,
        "CSVW 元数据",
        "application/csvm+json",
        None,
    )
    folder.add(f"{name}.xlsx", workbook(table_book(resource, release, foreign)), name, title, "Excel", XLSX, count)
    return program_csv


def _sheet_files(
    folder: _Folder, sheet: Sheet, dataset: str, release: Release, notes: list[list[str]], data: DataSheet | None = None
) -> None:
    folder.add(
        f"{sheet.file}.xlsx",
        workbook(sheet_book(sheet, release, notes, data)),
        dataset,
        sheet.title,
        "Excel",
        XLSX,
        len(sheet.rows),
    )
    folder.add(f"{sheet.file}.csv", formats.sheet_csv(sheet), dataset, sheet.title, "CSV（UTF-8 BOM）", CSV, len(sheet.rows))


def _json_bytes(obj, indent: int | None) -> bytes:
    separators = None if indent else (",", ":")
    return (json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators) + "\n").encode("utf-8")


class _Folder:
    """Writes each download file once, below its root (``output.OutputFolder`` refuses a path twice, also one
    another forked writer made), and remembers its size and digest."""

    def __init__(self, out: Path):
        self.output = OutputFolder(out, OpenDataError, "下载文件")
        self.downloads: list[Download] = []

    def add(
        self, file: str, content: bytes | None, dataset: str, title: str, kind: str, media_type: str, rows: int | None
    ) -> None:
        """Write ``content`` to ``file``, or describe ``file`` (claimed and written already) when content is None."""
        if file == SUMS:
            raise self.output.error(f"下载文件不能叫 {SUMS}（duplicate output path）")
        if content is None:
            content = (self.output.root / file).read_bytes()
        else:
            self.output.write(file, content)
        self.downloads.append(
            Download(file, dataset, title, kind, media_type, len(content), rows, hashlib.sha256(content).hexdigest())
        )
