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

Values: both CSV files hold the source files' cells character for character (normalisation only
changes how the validator reads them), so they read back to exactly the source rows. The other formats
hold typed values (dates as ISO text in JSON and SQLite, as date cells in Excel). The validator rejects
non-finite numbers and decimals of more than 15 significant digits, so every number is held exactly; an
integer of 16 or more digits is written as its text everywhere, since JSON, JavaScript and Excel cannot.

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
import gc
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import OpenDataError
from ..output import OutputFolder
from ..validation.load import DataSet
from .release import ALL_DATA, LICENCE, Release, one_line
from .sqlite import write_database
from .tables import Resource, prepare, zip_entry
from .xlsx import workbook

SQLITE_FILE = "jilin-green-materials.sqlite"
ZIP_FILE = "datapackage.zip"
ZIP_FOLDER = "catalog_data"
"""Top folder inside datapackage.zip; it extracts to a data folder the validator accepts."""


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


def write_downloads(data: DataSet, out: Path, release: Release) -> list[Download]:
    """Write every download file into the empty folder ``out`` (made if missing); return them in page order.

    The returned list is what ``manifest.json`` lists: the data files, not the manifest and SHA256SUMS.
    """
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise OpenDataError(f"下载文件夹 {out} 不是空的（download folder not empty）")
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
    resources = [prepare(package, table) for package in data.packages for table in package.tables.values()]
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
        folder.add(f"{resource.name}.xlsx", workbook(resource, release), resource.name, title, "Excel",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", count)
    write_database(folder.output.claim(SQLITE_FILE), resources, release)
    folder.add(SQLITE_FILE, None, ALL_DATA, "全部数据表（SQLite 数据库）", "SQLite", "application/vnd.sqlite3",
               sum(len(r.values) for r in resources))
    folder.add(ZIP_FILE, _zip_package(data, release), ALL_DATA, "完整数据包（源文件）", "ZIP", "application/zip", None)
    downloads = list(folder.downloads)
    manifest = {"version": version, "as_of": as_of.isoformat(), "sample": any(p.sample for p in data.packages),
                "licence": LICENCE, "citation": citation, "base_url": release.base_url,
                "downloads": [{**asdict(d), "url": f"{release.base_url}data/{d.file}"} for d in downloads]}
    folder.add("manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode(), ALL_DATA,
               "下载文件清单", "JSON", "application/json", None)
    sums = "".join(f"{d.sha256}  {d.file}\n" for d in sorted(folder.downloads, key=lambda d: d.file))
    folder.output.write("SHA256SUMS", sums.encode("ascii"))
    return downloads


class _Folder:
    """Writes each download file once and remembers its size and digest."""

    def __init__(self, out: Path):
        self.output = OutputFolder(out, OpenDataError, "下载文件")
        self.downloads: list[Download] = []

    def add(self, file: str, content: bytes | None, dataset: str, title: str, kind: str, media_type: str,
            rows: int | None) -> None:
        """Write ``content`` to ``file``, or describe ``file`` (claimed and written already) when content is None."""
        if content is None:
            content = (self.output.root / file).read_bytes()
        else:
            self.output.write(file, content)
        self.downloads.append(Download(file, dataset, title, kind, media_type, len(content), rows,
                                       hashlib.sha256(content).hexdigest()))


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
                **({"dc:description": one_line(f["description"])} if f.get("description") else {})} for f in resource.fields]
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
            archive.writestr(zip_entry(name, release.as_of), entries[name])
    return buffer.getvalue()
