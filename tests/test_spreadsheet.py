"""The file the site recommends for spreadsheets (.xlsx) survives a double click: LibreOffice, standing in for
Excel and WPS, opens each workbook and saves what it shows as CSV, and every cell reads as the source wrote it:
18-digit credit codes, leading zeros, region codes, decimals with trailing zeros (0.040, 6733.300), and cells
starting with = + - @, which stay text instead of running as formulas.

(A spreadsheet opening a CSV file directly turns all-digit codes into numbers and drops trailing zeros; only
typed cells survive, which is why the download page sends spreadsheet users to the .xlsx files.)"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import records
from generator.opendata.downloads import write_all
from generator.opendata.release import Release
from generator.validation.validate import validate
from tests.support import AS_OF, FIXTURES, apply_edits

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"
"""LibreOffice's CSV export: comma, double quotes, UTF-8, cell contents saved as shown (token 9)."""
EDGES = {
    ("catalog/products.csv", "P00001", "description"): "=1+1",
    ("catalog/products.csv", "P00002", "description"): '=HYPERLINK("https://evil.example/","点击")',
    ("catalog/products.csv", "P00003", "description"): "+86 431 8888",
    ("catalog/products.csv", "P00004", "description"): "-5",
    ("catalog/products.csv", "P00005", "description"): "@SUM(A1:A2)",
    ("catalog/enterprises.csv", "912204020000000047", "phone"): "04318105875",
    ("catalog/demo_project_materials.csv", "D001", "total"): "6733.300",
    ("catalog/product_indicators.csv", "P00001", "value"): "0.040",
}
"""Cells a spreadsheet would damage, by (file, first cell of the row, field)."""
TABLES = (
    "products",
    "enterprises",
    "demo_project_materials",
    "product_indicators",
    "regions",
    "certificates",
    "catalog_entries",
    "demo_projects",
)


def _edits(data: Path) -> list[dict]:
    edits = []
    for (path, key, field), value in EDGES.items():
        rows = list(csv.reader(io.StringIO((data / path).read_text(encoding="utf-8"), newline="")))
        line = next(n for n, row in enumerate(rows, 1) if row[0] == key)
        edits.append({"file": path, "set": {"line": line, "field": field, "value": value}})
    return edits


@pytest.fixture(scope="module")
def shown(tmp_path_factory) -> tuple[Path, Path]:
    """(downloads folder, folder of what LibreOffice shows of each workbook as CSV)."""
    if not SOFFICE:
        pytest.fail("LibreOffice (soffice) is missing: `nox -s tests` installs Debian's libreoffice-calc when run as root")
    root = tmp_path_factory.mktemp("spreadsheet")
    data = root / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    apply_edits(data, _edits(data))
    report = validate(data)
    assert report.valid, report.problems
    out = root / "downloads"
    write_all(
        report.data,
        out,
        Release("吉林省绿色建材开放数据", "https://example.org/", "2026-11-25+abc1234", AS_OF),
        records.build(report.data, AS_OF),
    )
    books = root / "books"
    books.mkdir()
    for name in TABLES:
        shutil.copy(out / f"{name}.xlsx", books / f"{name}.xlsx")
    for path in ("enterprises-overview", "products-overview", "lists/certificates", "lists/negative-list"):
        shutil.copy(out / f"{path}.xlsx", books / f"{path.replace('/', '-')}.xlsx")
    shutil.copy(out / "enterprises.csv", books / "enterprises-double-clicked.csv")  # the control: a CSV opened directly
    shown = root / "shown"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{root / 'profile'}",
            "--headless",
            "--convert-to",
            AS_SHOWN,
            "--outdir",
            str(shown),
            *sorted(str(p) for p in books.iterdir()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out, shown


def _read(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding=encoding), newline="")))


def test_libreoffice_shows_every_cell_of_the_data_tables_as_written(shown):
    out, seen = shown
    source = validate(out.parent / "data").data
    for name in TABLES:
        table = source.tables[name]
        kinds = [f.get("type", "string") for f in table.schema["fields"]]
        expected = _read(out / f"{name}.utf8.csv")[1:]
        cells = _read(seen / f"{name}.csv")
        assert cells[0] == [f["title"] for f in table.schema["fields"]], name
        for row, want in zip(cells[1:], expected, strict=True):
            got = [v.lower() if kind == "boolean" else v for v, kind in zip(row, kinds, strict=True)]
            assert got == want, name


def test_the_cells_a_spreadsheet_would_damage_come_through(shown):
    _, seen = shown
    shown_text = {name: (seen / f"{name}.csv").read_text(encoding="utf-8") for name in TABLES}
    for (path, _, _), value in EDGES.items():
        table = Path(path).stem
        assert any(value in row for row in _read(seen / f"{table}.csv")), (table, value)
    assert "912204020000000047" in shown_text["enterprises"] and "9.12204" not in shown_text["enterprises"]
    assert "220100" in shown_text["regions"] and "220100.0" not in shown_text["regions"]
    assert "0431-" in shown_text["enterprises"]


def test_the_people_shaped_tables_survive_too(shown):
    out, seen = shown
    for path in ("enterprises-overview", "products-overview", "lists/certificates", "lists/negative-list"):
        expected = _read(out / f"{path}.csv", encoding="utf-8-sig")
        assert _read(seen / f"{path.replace('/', '-')}.csv") == expected, path
    products = _read(seen / "products-overview.csv")
    descriptions = [row[-1] for row in _read(seen / "products.csv")[1:3]]
    assert descriptions == ["=1+1", '=HYPERLINK("https://evil.example/","点击")']
    assert products[0][:3] == ["产品编号", "产品名称", "规格型号"]


def test_the_same_check_catches_what_a_spreadsheet_does_to_a_csv_file(shown):
    """The control: the CSV opened the same way loses the all-digit credit code, so the checks above can fail."""
    out, seen = shown
    codes = [row[0] for row in _read(seen / "enterprises-double-clicked.csv")[1:]]
    assert "912204020000000047" in [row[0] for row in _read(out / "enterprises.utf8.csv")]
    assert "912204020000000047" not in codes and any("E+" in code for code in codes)
