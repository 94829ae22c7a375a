"""Property: ``validate`` never passes a dataset that ``build`` then fails on, and a number it passes is held
exactly in every published format (the oracle is Python's Decimal of the cell as written).

Each example writes one generated number into a numeric cell and one generated text into a text cell of the
minimal fixture. Few examples, since each valid one builds a whole site (without the Pagefind index, which
only reads the finished pages).
"""

from __future__ import annotations

import csv
import decimal
import io
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import generator.build as build_module
from generator.build import BuildFailed, build
from generator.validation.validate import validate
from tests.support import AS_OF, MINIMAL, apply_edits

NUMBER_CELLS = [
    ("demo_projects", 2, "floor_area"),
    ("demo_project_materials", 3, "total"),
    ("demo_project_products", 2, "quantity"),
]
TEXT_CELLS = [
    ("products", 2, "name"),
    ("products", 3, "description"),
    ("enterprises", 2, "profile"),
    ("product_indicators", 2, "value"),
    ("products", 4, "model"),
]
SPECIAL_NUMBERS = [
    "1e400",
    "inf",
    "Infinity",
    "-inf",
    "NaN",
    "nan",
    "1e309",
    "-1e309",
    "1e-400",
    "0.1234567890123456789",
    "1E5",
    "+5",
    ".5",
    "5.",
    "1_000",
    "٣",
    "１２",
    " 12 ",
    "0x10",
    "12e",
    "—",
    "38,500",
    "3.0e2",
    "123456789012345",
    "1234567890123456",
    "0.000000000000000000001",
    "-0",
    "1e-300",
    "9" * 30,
    "1e308",
    "1.23e-320",
    "5e-324",
]
SPECIAL_TEXTS = [
    "👷\u200d♀️",
    "\t=1+1",
    "=1+1",
    "@SUM(A1)",
    "-2+3",
    "+86 431",
    "a\u200bb",
    "\u202eabc",
    " 待填写 ",
    "0.040 W/(m·K)",
    "x\ny",
    '"quoted"',
    "<b>x</b>",
    "{{ 1 }}",
    "a,b",
    "🇨🇳",
    "e\u0301",
]
NUMBERS = st.one_of(
    st.sampled_from(SPECIAL_NUMBERS),
    st.floats().map(repr),
    st.integers().map(str),
    st.floats(min_value=0, allow_infinity=False).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.text(alphabet="0123456789.eE+- ,", min_size=1, max_size=10),
)
TEXTS = st.one_of(st.sampled_from(SPECIAL_TEXTS), st.text(min_size=1, max_size=20))
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "16"))
"""Kept small for CI (each valid example builds a site); PROPERTY_EXAMPLES=200 for a deeper run."""


def _line_key(data: Path, table: str, line: int) -> tuple[str, list[str]]:
    rows = list(csv.reader(io.StringIO((data / "catalog" / f"{table}.csv").read_text(encoding="utf-8"), newline="")))
    return rows[0][0], rows[line - 1]


def _exact(value, cell: str) -> bool:
    """True when a published number is the number the cell says (every digit kept)."""
    if isinstance(value, str):
        return decimal.Decimal(value) == decimal.Decimal(cell.strip())
    return decimal.Decimal(repr(value)) == decimal.Decimal(cell.strip())


@pytest.fixture(autouse=True)
def _no_search_index(monkeypatch):
    monkeypatch.setattr(build_module, "index_site", lambda html, shard, **options: {"page_count": 0})


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(number=NUMBERS, number_cell=st.sampled_from(NUMBER_CELLS), text=TEXTS, text_cell=st.sampled_from(TEXT_CELLS))
@example(number="1e400", number_cell=NUMBER_CELLS[0], text="👷\u200d♀️", text_cell=TEXT_CELLS[0])
@example(number="12345.6789", number_cell=NUMBER_CELLS[0], text="\t=1+1", text_cell=TEXT_CELLS[2])
def test_what_validates_builds_and_keeps_its_digits(number, number_cell, text, text_cell):
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data"
        shutil.copytree(MINIMAL, data)
        edits = [
            {"file": f"catalog/{t}.csv", "set": {"line": line, "field": f, "value": v}}
            for (t, line, f), v in ((number_cell, number), (text_cell, text))
        ]
        apply_edits(data, edits)
        report = validate(data)
        event("valid" if report.valid else "invalid")
        if report.exit_status != 0:
            assert report.problems and all(p.code and p.fix for p in report.problems)
            return
        out = Path(work) / "site"
        try:
            build(data, out, as_of=AS_OF)
        except BuildFailed as exc:  # a build failure the validator let through
            pytest.fail(f"validate passed, build failed: {exc}")
        table, line, field = number_cell
        _, source = _line_key(data, table, line)
        downloads = out / "data"
        published = list(csv.DictReader(io.StringIO((downloads / f"{table}.utf8.csv").read_text(encoding="utf-8"), newline="")))[
            line - 2
        ]
        assert published[field] == number  # the CSV cell is the source cell, character for character
        record = json.loads((downloads / f"{table}.json").read_text(encoding="utf-8"))[line - 2]
        assert _exact(record[field], number), (record[field], number)
        connection = sqlite3.connect(downloads / "jilin-green-materials.sqlite")
        try:
            stored = connection.execute(f'SELECT "{field}" FROM "{table}" LIMIT 1 OFFSET {line - 2}').fetchone()[0]  # noqa: S608
        finally:
            connection.close()
        assert _exact(stored, number), (stored, number)
        book = openpyxl.load_workbook(downloads / f"{table}.xlsx", read_only=True)
        try:
            cells = next(book["数据"].iter_rows(min_row=line, max_row=line, values_only=True))
        finally:
            book.close()
        names = [f["name"] for f in json.loads((downloads / f"{table}.schema.json").read_text(encoding="utf-8"))["fields"]]
        assert _exact(cells[names.index(field)], number)
        if table == "demo_projects":
            api = json.loads((out / "api" / "projects" / f"{source[0]}.json").read_text(encoding="utf-8"))
            assert _exact(api[field], number)
        text_table, text_line, text_field = text_cell
        text_rows = list(csv.reader(io.StringIO((downloads / f"{text_table}.utf8.csv").read_text(encoding="utf-8"), newline="")))
        header = text_rows[0]
        assert text_rows[text_line - 1][header.index(text_field)] == text  # kept exactly, joiners and spaces too
