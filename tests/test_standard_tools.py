"""The downloads of the sample site, read by the tools data users reach for: Frictionless, pandas, a CSVW
validator, Datasette (through its Python API), sha256sum and jq. Each reads the files as published, with no
help from the generator's code; the expected rows come from the source CSV files."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import math
import shutil
import subprocess
import threading
import warnings
import zipfile
from pathlib import Path

import frictionless
import pandas as pd
import pytest
from csvw import CSVW
from datasette.app import Datasette

from generator.opendata.tables import CROSS_REFERENCES
from generator.validation.validate import validate
from tests.support import SAMPLE_DATA

DATABASE = "jilin-green-materials"


@pytest.fixture(scope="module")
def data(sample_site) -> Path:
    return sample_site / "data"


@pytest.fixture(scope="module")
def source():
    """The validated sample data: each table's typed rows (the validator's reading of the source files)."""
    result = validate(SAMPLE_DATA)
    assert result.valid
    return result.data


def source_texts(table) -> list[list[str]]:
    """A table's source CSV file as the csv module reads it: header first."""
    package = SAMPLE_DATA / ("reference" if (SAMPLE_DATA / "reference" / table.path).exists() else "catalog")
    return list(csv.reader(io.StringIO((package / table.path).read_text(encoding="utf-8-sig"), newline="")))


def typed(value):
    """A value as JSON and a spreadsheet give it back: dates as ISO text, NaN as None, NumPy scalars as Python."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def expected_rows(table) -> list[list]:
    names = [f["name"] for f in table.schema["fields"]]
    return [[typed(row[name]) for name in names] for row in table.rows]


def frame_rows(frame: pd.DataFrame) -> list[list]:
    return [[typed(v) for v in row] for row in frame.astype(object).itertuples(index=False)]


# --------------------------------------------------------------------------- Frictionless


def test_frictionless_validates_every_table_and_key_of_the_site_package(data, source):
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    keys = {
        (r["name"], fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
        for r in descriptor["resources"]
        for fk in r["schema"].get("foreignKeys", [])
    }
    assert set(CROSS_REFERENCES) <= keys and len(CROSS_REFERENCES) == 6
    assert ("regions", "parent", "regions", "id") in keys  # a table's reference to itself, named
    assert all(not r["path"].startswith(("/", "http")) for r in descriptor["resources"])
    report = frictionless.validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert sorted(task.name for task in report.tasks) == sorted(source.tables)
    assert {task.name: task.stats["rows"] for task in report.tasks} == {n: len(t.rows) for n, t in source.tables.items()}


def test_frictionless_validates_the_zip_by_its_datapackage_json(data, source):
    report = frictionless.validate(str(data / "datapackage.zip"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert sorted(task.name for task in report.tasks) == sorted(source.tables)  # tables, not VERSION


def _break_a_key(text: str) -> str:
    """enterprises.csv with the first maker's region changed to a region that does not exist."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows[1][rows[0].index("region")] = "atlantis"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_frictionless_fails_on_a_broken_cross_package_key(data, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for path in [data / "datapackage.json", *data.glob("*.utf8.csv")]:
        shutil.copy(path, folder / path.name)
    broken = folder / "enterprises.utf8.csv"
    broken.write_text(_break_a_key(broken.read_text(encoding="utf-8")), encoding="utf-8")
    report = frictionless.validate(str(folder / "datapackage.json"))
    errors = [(task.name, error.type) for task in report.tasks for error in task.errors]
    assert not report.valid and errors == [("enterprises", "foreign-key")]
    with zipfile.ZipFile(data / "datapackage.zip") as original, zipfile.ZipFile(tmp_path / "broken.zip", "w") as copy:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == "enterprises.utf8.csv":
                content = _break_a_key(content.decode("utf-8")).encode("utf-8")
            copy.writestr(info, content)
    zipped = frictionless.validate(str(tmp_path / "broken.zip"))
    assert [(task.name, error.type) for task in zipped.tasks for error in task.errors] == [("enterprises", "foreign-key")]


# --------------------------------------------------------------------------- pandas


def test_pandas_reads_each_table_to_the_same_rows(data, source):
    for name, table in source.tables.items():
        names = [f["name"] for f in table.schema["fields"]]
        expected = expected_rows(table)
        array = pd.read_json(data / f"{name}.json", dtype=False)
        assert list(array.columns) == names and frame_rows(array) == expected, name
        lines = pd.read_json(data / f"{name}.jsonl", lines=True, dtype=False)
        assert list(lines.columns) == names and frame_rows(lines) == expected, name
        texts = source_texts(table)
        for file in (f"{name}.utf8.csv", f"{name}.csv"):
            frame = pd.read_csv(data / file, dtype=str, keep_default_na=False)
            assert [list(frame.columns), *frame.values.tolist()] == texts, file
        sheet = pd.read_excel(data / f"{name}.xlsx", sheet_name="数据", dtype=object)
        assert list(sheet.columns) == [f["title"] for f in table.schema["fields"]]
        assert frame_rows(sheet) == expected, name


def test_pandas_reads_the_people_shaped_tables(data):
    products = pd.read_excel(data / "products-overview.xlsx", sheet_name="数据", dtype=object)
    from_csv = pd.read_csv(data / "products-overview.csv", dtype=str, keep_default_na=False)
    assert list(products.columns) == list(from_csv.columns) and len(products) == len(from_csv) == 180
    everything = pd.read_excel(data / "jilin-green-materials-overview.xlsx", sheet_name=None, dtype=object)
    assert list(everything) == ["产品总表", "证书总表", "企业总表", "负面清单", "数据字典", "说明"]
    assert everything["产品总表"].equals(products)


# --------------------------------------------------------------------------- CSVW


def csvw_check(metadata: Path) -> tuple[bool, int, list[str]]:
    """What ``csvwvalidate`` does: (valid, number of tables, the problems it reports)."""
    with warnings.catch_warnings():
        warnings.simplefilter("always")  # the package records its findings as warnings
        found = CSVW(str(metadata), validate=True)
        valid = found.is_valid
        return valid, len(found.tables), [str(w.message) for w in found.warnings]


def test_csvw_validator_applies_each_table_schema_and_rejects_a_bad_value(data, tmp_path):
    for name in ("certificates", "enterprises", "demo_projects"):
        assert csvw_check(data / f"{name}.csv-metadata.json") == (True, 2, []), name
    assert csvw_check(data / "csv-metadata.json") == (True, 20, [])  # 20 tables, the two search vocabulary tables included
    for path in (data / "certificates.csv-metadata.json", data / "certificates.csv", data / "certificates.utf8.csv"):
        shutil.copy(path, tmp_path / path.name)
    bad = tmp_path / "certificates.utf8.csv"
    rows = list(csv.reader(io.StringIO(bad.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("grade")] = "5"  # grades are 1-3
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    bad.write_text(out.getvalue(), encoding="utf-8")
    valid, _, problems = csvw_check(tmp_path / "certificates.csv-metadata.json")
    assert not valid and any("must be <= 3" in problem for problem in problems), problems


# --------------------------------------------------------------------------- Datasette


async def _datasette(data: Path, credit_code: str) -> dict:
    metadata = json.loads((data / "metadata.json").read_text(encoding="utf-8"))
    # no thread pool: a thread left running would stop later tests from forking (generator/forking.py)
    ds = Datasette([str(data / f"{DATABASE}.sqlite")], metadata=metadata, settings={"num_sql_threads": 0})
    await ds.invoke_startup()
    search = await ds.client.get(f"/{DATABASE}/products.json", params={"_search": "岩棉板", "_shape": "array", "_size": "max"})
    page = await ds.client.get(f"/{DATABASE}/products")
    table = await ds.client.get(f"/{DATABASE}/enterprises.json", params={"credit_code": credit_code, "_shape": "array"})
    return {
        "search": search.json(),
        "page": page.text,
        "status": (search.status_code, page.status_code),
        "enterprise": table.json()[0],
    }


def test_datasette_serves_the_database_with_the_metadata_and_full_text_search(data, source):
    first = source.tables["enterprises"].rows[0].values
    found = asyncio.run(_datasette(data, first["credit_code"]))
    assert threading.active_count() == 1
    assert found["status"] == (200, 200)
    texts = source_texts(source.tables["products"])
    header = texts[0]
    columns = [header.index(c) for c in ("name", "model", "description")]
    expected = {row[0] for row in texts[1:] if any("岩棉板" in row[i] for i in columns)}
    assert expected and {row["id"] for row in found["search"]} == expected
    page = found["page"]
    assert "产品" in page and "CC BY 4.0" in page and 'name="_search"' in page
    assert "统一社会信用代码" in page  # a column description from metadata.json (生产企业：统一社会信用代码)
    assert (found["enterprise"]["credit_code"], found["enterprise"]["name"]) == (first["credit_code"], first["name"])


# --------------------------------------------------------------------------- sha256sum and jq


def test_sha256sum_checks_every_published_data_file(data):
    listed = {line.split("  ", 1)[1] for line in (data / "SHA256SUMS").read_text(encoding="ascii").splitlines()}
    on_disk = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file() and p.suffix != ".html"}
    assert listed == on_disk - {"SHA256SUMS"}
    assert {"catalog.dcat.jsonld", "manifest.json", "datapackage.json", "metadata.json"} <= listed
    if not shutil.which("sha256sum"):
        pytest.skip("sha256sum is not installed")
    done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=data, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_jq_reads_the_json_array_and_json_lines(data, source):
    if not shutil.which("jq"):
        pytest.skip("jq is not installed (CI installs it)")
    rows = len(source.tables["products"].rows)
    count = subprocess.run(["jq", "length", "products.json"], cwd=data, capture_output=True, text=True, check=True)
    assert count.stdout.strip() == str(rows)
    names = subprocess.run(["jq", "-r", ".name", "products.jsonl"], cwd=data, capture_output=True, text=True, check=True)
    assert names.stdout.splitlines() == [row.values["name"] for row in source.tables["products"].rows]
