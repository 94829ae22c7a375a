"""The /data/ download files: every format reads back to the validated source rows.

The standard tools (Frictionless, pandas, CSVW, Datasette, sha256sum) read them in test_standard_tools.py;
LibreOffice opens the spreadsheets in test_spreadsheet.py; the people-shaped tables are in test_lists.py."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator import records
from generator.errors import OpenDataError
from generator.opendata.downloads import SQLITE_FILE, ZIP_FILE, ZIP_FOLDER, Download, write_all
from generator.opendata.release import Release
from generator.validation.load import load
from generator.validation.validate import validate
from tests.support import AS_OF, MINIMAL, SITE_NAME, SITE_URL, apply_edits

VERSION = "2026-11-25+e17b133"
RELEASE = Release(SITE_NAME, SITE_URL, VERSION, AS_OF)
CITATION = (
    "吉林省绿色建材开放数据. 吉林省绿色建材开放数据（数据版本 e17b133）[DB/OL]. [引用日期]. "
    "https://jilin-green-materials.github.io/open-data/data/."
)
"""What every download states as the way to cite the data (GB/T 7714-2015), written out by hand: the data's
commit as the version and a gap for the reader's access date, no build date."""
TABLE_SUFFIXES = (".csv", ".utf8.csv", ".csv-metadata.json", ".json", ".jsonl", ".schema.json", ".xlsx")
ALL_FILES = {
    SQLITE_FILE,
    ZIP_FILE,
    "metadata.json",
    "datapackage.json",
    "csv-metadata.json",
    "catalog.dcat.jsonld",
    "jilin-green-materials-overview.xlsx",
    "products-overview.xlsx",
    "products-overview.csv",
    "certificates-overview.xlsx",
    "certificates-overview.csv",
    "enterprises-overview.xlsx",
    "enterprises-overview.csv",
}
HOSTILE = {
    ("products", "P00001", "description"): '=HYPERLINK("https://evil.example/","点击查看")',
    ("products", "P00002", "description"): "<script>alert(1)</script> & _x0041_ ]]>",
    ("enterprises", "91220104000000001B", "profile"): "@SUM(1+1)",
    ("catalogs", "procurement", "description"): "+1-1 第二行\n-2",
}


def _write(data_dir: Path, out: Path, release: Release = RELEASE) -> list[Download]:
    report = validate(data_dir)
    assert report.valid, report.problems
    out.mkdir()
    return write_all(report.data, out, release, records.build(report.data, release.as_of))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, list[Download]]:
    out = tmp_path_factory.mktemp("downloads") / "data"
    return out, _write(MINIMAL, out)


@pytest.fixture(scope="module")
def data():
    return load(MINIMAL)


def _source_rows(data, name: str) -> list[list[str]]:
    """The rows of a table's CSV file in the fixture, header first."""
    package = next(p for p in data.packages if name in p.tables)
    path = package.folder / package.tables[name].path
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _json_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def test_file_names_and_manifest(written, data):
    out, downloads = written
    expected = {f"{name}{suffix}" for name in data.tables for suffix in TABLE_SUFFIXES}
    files = {d.file for d in downloads}
    lists = {name for name in files if name.startswith("lists/")}
    assert files == expected | ALL_FILES - {"catalog.dcat.jsonld"} | lists
    assert {
        "lists/certificates.csv",
        "lists/negative-list.xlsx",
        "lists/enterprises.csv",
        "lists/catalogs/procurement.csv",
        "lists/regions/changchun.xlsx",
        "lists/categories/RZ-01-05.csv",
    } <= lists
    top = {p.name for p in out.iterdir()}
    assert top == expected | ALL_FILES | {"lists", "manifest.json", "SHA256SUMS"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["version"], manifest["as_of"], manifest["licence"]["name"]) == (VERSION, "2026-11-25", "CC-BY-4.0")
    assert manifest["commit"] == "e17b133"
    assert manifest["index_files"] == ["data/manifest.json", "data/catalog.dcat.jsonld", "data/SHA256SUMS"]
    assert [d["file"] for d in manifest["downloads"]] == [d.file for d in downloads]
    products = next(d for d in manifest["downloads"] if d["file"] == "products.xlsx")
    assert products["url"] == f"{SITE_URL}data/products.xlsx"
    assert (products["rows"], products["format"], products["title"]) == (len(data.tables["products"].rows), "Excel", "产品")
    for download in downloads:
        assert download.bytes == (out / download.file).stat().st_size


def test_csv_files_round_trip_to_source_rows(written, data):
    out, _ = written
    for name, table in data.tables.items():
        with_bom = (out / f"{name}.csv").read_bytes()
        plain = (out / f"{name}.utf8.csv").read_bytes()
        assert with_bom.startswith(codecs.BOM_UTF8) and with_bom.count(b"\n") == with_bom.count(b"\r\n")
        assert not plain.startswith(codecs.BOM_UTF8) and b"\r" not in plain
        source = _source_rows(data, name)
        assert source[0] == [f["name"] for f in table.schema["fields"]]
        assert list(csv.reader(io.StringIO(with_bom.decode("utf-8-sig"), newline=""))) == source, name
        assert list(csv.reader(io.StringIO(plain.decode("utf-8"), newline=""))) == source, name


def test_json_array_and_json_lines_are_typed_and_equal(written, data):
    out, _ = written
    for name, table in data.tables.items():
        names = [f["name"] for f in table.schema["fields"]]
        expected = [{n: _json_value(row[n]) for n in names} for row in table.rows]
        array = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert array == expected, name
        lines = (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == expected, name
        assert all(list(json.loads(line)) == names for line in lines)  # keys in field order
        schema = json.loads((out / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert [f["name"] for f in schema["fields"]] == names
        assert [f.get("title") for f in schema["fields"]] == [f.get("title") for f in table.schema["fields"]]
    certificate = json.loads((out / "certificates.json").read_text(encoding="utf-8"))[0]
    assert certificate["grade"] == 3 and certificate["withdrawn"] is False and certificate["withdrawn_date"] is None
    assert certificate["issue_date"] == "2021-09-15"
    project = json.loads((out / "demo_projects.json").read_text(encoding="utf-8"))[0]
    assert project["floor_area"] == 38500.0 and isinstance(project["floor_area"], float) and project["year"] == 2025
    enterprises = json.loads((out / "enterprises.schema.json").read_text(encoding="utf-8"))
    assert {"fields": ["region"], "reference": {"resource": "regions", "fields": ["id"]}} in enterprises["foreignKeys"]
    regions = json.loads((out / "regions.schema.json").read_text(encoding="utf-8"))
    assert regions["foreignKeys"] == [{"fields": ["parent"], "reference": {"resource": "regions", "fields": ["id"]}}]


def test_xlsx_has_three_sheets_with_chinese_headers_and_typed_values(written, data):
    out, _ = written
    for name, table in data.tables.items():
        workbook = openpyxl.load_workbook(out / f"{name}.xlsx")
        assert workbook.sheetnames == ["数据", "数据字典", "说明"]
        rows = list(workbook["数据"].iter_rows(values_only=True))
        fields = table.schema["fields"]
        assert list(rows[0]) == [f["title"] for f in fields]
        assert len(rows) == len(table.rows) + 1
        for row, record in zip(rows[1:], table.rows, strict=True):
            cells = [c.date() if isinstance(c, dt.datetime) else c for c in row]
            assert cells == [record[f["name"]] for f in fields], (name, record.line)
        dictionary = list(workbook["数据字典"].iter_rows(values_only=True))
        assert dictionary[0] == ("字段名", "中文名", "类型", "必填", "约束", "说明", "示例")
        assert [r[:2] for r in dictionary[1:]] == [(f["name"], f["title"]) for f in fields]
        about = dict(workbook["说明"].iter_rows(min_row=2, values_only=True))
        assert (about["引用"], about["网址"]) == (CITATION, SITE_URL)
        assert about["数据提交"].startswith("e17b133")
        assert "2026-11-25" not in json.dumps(about, ensure_ascii=False)  # no build date: see test_stable_files.py
        assert "CC-BY-4.0" in about["许可"] and table.name in about["数据集"]
        assert workbook.properties.version == "e17b133"
        with zipfile.ZipFile(out / f"{name}.xlsx") as archive:
            assert "dcterms:" not in archive.read("docProps/core.xml").decode("utf-8")  # no created/modified date
    dictionary = openpyxl.load_workbook(out / "products.xlsx")["数据字典"]
    constraints = {row[0]: row[4] for row in dictionary.iter_rows(min_row=2, values_only=True)}
    assert "引用 categories.code" in constraints["category"]
    assert "主键" in constraints["id"] and "引用 enterprises.credit_code" in constraints["enterprise"]


def test_sqlite_keys_hold_and_dangling_references_fail(written, data):
    out, _ = written
    connection = sqlite3.connect(out / SQLITE_FILE)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        for name, table in data.tables.items():
            assert connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(table.rows)  # noqa: S608
        metadata = dict(connection.execute("SELECT key, value FROM _metadata"))
        assert (metadata["commit"], metadata["citation"]) == ("e17b133", CITATION)
        assert metadata["licence"].startswith("CC-BY-4.0")
        found = connection.execute(
            "SELECT id FROM products WHERE rowid IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?)", ('"挤塑聚苯"',)
        ).fetchall()
        assert found == [("P00002",)]  # full-text search of a Chinese run of 3+ characters
        cross = connection.execute('SELECT "table", "from", "to" FROM pragma_foreign_key_list(\'enterprises\')').fetchall()
        assert cross == [("regions", "region", "id")]
        grade, withdrawn = connection.execute("SELECT grade, withdrawn FROM certificates LIMIT 1").fetchone()
        assert (grade, withdrawn) == (3, 0)
        certificate = ("X-1", "P-MISSING", "ctc", 1, "2024-01-01", "2025-01-01", 0, None)
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("INSERT INTO certificates VALUES (?, ?, ?, ?, ?, ?, ?, ?)", certificate)
        product = ("P-NEW", "名称", "型号", "RZ-99-99", "91220104000000001B", "certified", None, None)
        with pytest.raises(sqlite3.IntegrityError):  # a reference across packages: products.category -> categories.code
            connection.execute("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?)", product)
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("INSERT INTO products (id) VALUES ('P00001')")
    finally:
        connection.close()


def test_sha256sums_verify_every_file(written):
    out, downloads = written
    lines = (out / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert [line.split("  ", 1)[1] for line in lines] == sorted(listed)
    assert set(listed) == {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert {"catalog.dcat.jsonld", "manifest.json", "datapackage.json", "lists/certificates.xlsx"} <= set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    assert all(listed[d.file] == d.sha256 for d in downloads)
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--check", "--quiet", "--strict", "SHA256SUMS"], cwd=out, check=True)


def test_zip_extracts_to_a_valid_data_folder(written, data, tmp_path):
    out, _ = written
    with zipfile.ZipFile(out / ZIP_FILE) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        top = {n for n in names if "/" not in n}
        assert top == {"datapackage.json"} | {f"{name}.utf8.csv" for name in data.tables}
        assert all(n in top or n.startswith(f"{ZIP_FOLDER}/") for n in names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # no build date
        assert archive.read("datapackage.json") == (out / "datapackage.json").read_bytes()
        assert archive.read("products.utf8.csv") == (out / "products.utf8.csv").read_bytes()
        archive.extractall(tmp_path)
    folder = tmp_path / ZIP_FOLDER
    assert (folder / "VERSION").read_text(encoding="utf-8") == "e17b133\n"
    assert {f"{ZIP_FOLDER}/policies/{p.name}" for p in (MINIMAL / "policies").iterdir()} <= set(names)
    assert f"{ZIP_FOLDER}/ratio_rules/table-method.yaml" in names
    report = validate(folder)
    assert report.valid, report.problems


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_on_another_day_changes_only_the_index_files(written, tmp_path):
    out, _ = written
    later = dt.date(2026, 11, 26)
    first, last = records.build(validate(MINIMAL).data, AS_OF).status_period()
    assert first <= AS_OF and later <= last  # no status changes between the two days, so no content changes
    again = tmp_path / "again"
    _write(MINIMAL, again, Release(RELEASE.publisher, SITE_URL, "2026-11-26+e17b133", later))
    one, other = _tree(out), _tree(again)
    assert one.keys() == other.keys()
    assert sorted(name for name in one if one[name] != other[name]) == ["SHA256SUMS", "catalog.dcat.jsonld", "manifest.json"]


def test_two_runs_are_byte_identical(written, tmp_path):
    out, _ = written
    again = tmp_path / "again"
    _write(MINIMAL, again)
    first, second = _tree(out), _tree(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_hostile_cells_are_stored_as_text(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(MINIMAL, data_dir)
    edits = []
    for (table, key, field), value in HOSTILE.items():
        path = f"catalog/{table}.csv"
        keys = [row[0] for row in csv.reader(io.StringIO((data_dir / path).read_text(encoding="utf-8")))]
        edits.append({"file": path, "set": {"line": keys.index(key) + 1, "field": field, "value": value}})
    apply_edits(data_dir, edits)
    out = tmp_path / "out"
    _write(data_dir, out)
    connection = sqlite3.connect(out / SQLITE_FILE)
    try:
        for (table, key, field), value in HOSTILE.items():
            rows = list(csv.DictReader(io.StringIO((out / f"{table}.csv").read_text(encoding="utf-8-sig"), newline="")))
            key_field = next(iter(rows[0]))
            assert next(r for r in rows if r[key_field] == key)[field] == value  # CSV: unchanged, round-trip exact
            records = json.loads((out / f"{table}.json").read_text(encoding="utf-8"))
            assert next(r for r in records if r[key_field] == key)[field] == value
            query = f'SELECT "{field}" FROM "{table}" WHERE "{key_field}" = ?'  # noqa: S608
            assert connection.execute(query, (key,)).fetchone()[0] == value
            sheet = openpyxl.load_workbook(out / f"{table}.xlsx")["数据"]
            column = [c.value for c in sheet[1]].index(_title(data_dir, table, field))
            cell = next(row[column] for row in sheet.iter_rows(min_row=2) if row[0].value == key)
            # Excel reads _xHHHH_ in cell text as an escape, so a literal one is written _x005F_xHHHH_;
            # openpyxl does not decode these escapes in inline strings, Excel does.
            assert (cell.data_type, cell.value.replace("_x005F_", "_")) == ("s", value)
    finally:
        connection.close()
    for table in {t for t, _, _ in HOSTILE}:
        with zipfile.ZipFile(out / f"{table}.xlsx") as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
            assert "<f>" not in sheet and "<f " not in sheet  # no formulas, ever
            assert table != "products" or "&lt;script&gt;alert(1)&lt;/script&gt; &amp; _x005F_x0041_ ]]&gt;" in sheet


def _title(data_dir: Path, table: str, field: str) -> str:
    descriptor = yaml.safe_load((data_dir / "catalog" / "datapackage.yaml").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return next(f["title"] for f in resource["schema"]["fields"] if f["name"] == field)


def test_colliding_file_name_and_non_empty_folder_are_refused(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(MINIMAL, data_dir)
    descriptor = data_dir / "reference" / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("name: scenarios", "name: manifest"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    loaded = load(data_dir)
    catalogue = records.build(validate(MINIMAL).data, AS_OF)
    with pytest.raises(OpenDataError, match="manifest.json"):
        write_all(loaded, out, RELEASE, catalogue)
    with pytest.raises(OpenDataError, match="不是空的"):  # stale files would not be in SHA256SUMS
        write_all(loaded, out, RELEASE, catalogue)


def test_csvw_metadata_gives_each_csv_file_its_schema(written, data):
    out, _ = written
    for name, table in data.tables.items():
        meta = json.loads((out / f"{name}.csv-metadata.json").read_text(encoding="utf-8"))
        assert meta["@context"][0] == "http://www.w3.org/ns/csvw" and meta["schema:version"] == "e17b133"
        assert meta["dc:license"]["@id"].startswith("https://creativecommons.org/licenses/by/4.0")
        assert "tableSchema" not in meta  # on each table, where validators read it
        assert [t["url"] for t in meta["tables"]] == [f"{name}.csv", f"{name}.utf8.csv"]
        header = (out / f"{name}.utf8.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        for csv_table in meta["tables"]:
            columns = csv_table["tableSchema"]["columns"]
            assert [c["name"] for c in columns] == header == [f["name"] for f in table.schema["fields"]]
            assert [c["titles"]["zh"] for c in columns] == [[f["title"]] for f in table.schema["fields"]]
    grade = json.loads((out / "certificates.csv-metadata.json").read_text(encoding="utf-8"))["tables"][0]["tableSchema"]
    grade_type = next(c for c in grade["columns"] if c["name"] == "grade")["datatype"]
    assert grade_type == {"base": "integer", "minimum": 1, "maximum": 3}


def test_normalisation_keeps_meaning_and_the_csv_keeps_the_source(tmp_path):
    """Joiners in emoji, the tab that protects a formula-like text, full-width codes and spreadsheet dates:
    the checked values mean what the cells say, and the CSV downloads hold the cells exactly as written."""
    data_dir = tmp_path / "data"
    shutil.copytree(MINIMAL, data_dir)
    worker, protected, wide = "👷\u200d♀️ 施工示例", "\t=1+1", "ＳＬ－CABR-CC-2021-00001"
    apply_edits(
        data_dir,
        [
            {"file": "catalog/products.csv", "set": {"line": 2, "field": "description", "value": worker}},
            {"file": "catalog/enterprises.csv", "set": {"line": 2, "field": "profile", "value": protected}},
            {"file": "catalog/enterprises.csv", "set": {"line": 3, "field": "profile", "value": "=1+1"}},
            {"file": "catalog/certificates.csv", "set": {"line": 2, "field": "number", "value": wide}},
            {"file": "catalog/certificates.csv", "set": {"line": 2, "field": "issue_date", "value": "2021/9/15"}},
            {"file": "catalog/products.csv", "set": {"line": 3, "field": "name", "value": "  挤塑聚苯板 "}},
        ],
    )
    report = validate(data_dir)
    assert report.valid, [p.message for p in report.problems]
    tables = report.data.tables
    assert tables["products"].rows[0]["description"] == worker  # the zero-width joiner stays
    assert tables["enterprises"].rows[0]["profile"] == protected  # the tab stays in front of =
    assert tables["certificates"].rows[0]["number"] == "SL-CABR-CC-2021-00001"
    assert tables["certificates"].rows[0]["issue_date"] == dt.date(2021, 9, 15)
    assert tables["products"].rows[1]["name"] == "挤塑聚苯板"
    formula = [(n.code, Path(n.file).name, n.row, n.field) for n in report.notices if n.code == "formula-like"]
    assert formula == [("formula-like", "enterprises.csv", 3, "profile")]  # the protected one is not flagged
    out = tmp_path / "out"
    out.mkdir()
    write_all(report.data, out, RELEASE, records.build(report.data, RELEASE.as_of))
    for name in ("products", "enterprises", "certificates"):
        source = _source_rows(report.data, name)
        for suffix, encoding in ((".csv", "utf-8-sig"), (".utf8.csv", "utf-8")):
            published = list(csv.reader(io.StringIO((out / f"{name}{suffix}").read_text(encoding=encoding), newline="")))
            assert published == source, name
    certificates = json.loads((out / "certificates.json").read_text(encoding="utf-8"))
    assert (certificates[0]["number"], certificates[0]["issue_date"]) == ("SL-CABR-CC-2021-00001", "2021-09-15")
    products = json.loads((out / "products.json").read_text(encoding="utf-8"))
    assert products[0]["description"] == worker and products[1]["name"] == "挤塑聚苯板"
