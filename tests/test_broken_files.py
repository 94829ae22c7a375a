"""Files broken the ways spreadsheets break them: a clear error or a documented normalisation."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from generator import records
from generator.build import build
from generator.validation.validate import validate
from tests.support import AS_OF, FIXTURES

PRODUCTS = "catalog/products.csv"


@pytest.fixture()
def data(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


def text(data: Path, name: str = PRODUCTS) -> str:
    return (data / name).read_text(encoding="utf-8")


def codes(report) -> list[tuple]:
    return [(p.code, Path(p.file).name, p.row, p.field) for p in report.problems]


def assert_clean_with_notice(data: Path, words: str) -> None:
    report = validate(data)
    assert codes(report) == []
    assert any(words in n.message for n in report.notices), report.notices


def test_gbk_file_is_read_and_says_so(data):
    (data / PRODUCTS).write_bytes(text(data).encode("gb18030"))
    assert_clean_with_notice(data, "GB18030")


def test_bom_and_crlf_are_accepted_silently(data):
    (data / PRODUCTS).write_bytes(b"\xef\xbb\xbf" + text(data).replace("\n", "\r\n").encode("utf-8"))
    report = validate(data)
    assert codes(report) == [] and report.notices == ()


@pytest.mark.parametrize("delimiter, name", [(";", ";"), ("\t", "制表符")])
def test_semicolon_and_tab_delimiters(data, delimiter, name):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text(data))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    (data / PRODUCTS).write_text(out.getvalue(), encoding="utf-8")
    assert_clean_with_notice(data, f"分隔符是“{name}”")


def test_trailing_spaces_in_ids_are_trimmed(data):
    body = text(data).replace("P00001,", "P00001  ,", 1)
    (data / PRODUCTS).write_text(body, encoding="utf-8")
    assert_clean_with_notice(data, "去掉首尾空格")


def test_full_width_digits_in_codes_become_half_width(data):
    body = text(data, "catalog/certificates.csv")
    first = body.splitlines()[1]
    wide = first.replace(",3,", ",３,").replace("SL-", "ＳＬ－", 1)
    (data / "catalog/certificates.csv").write_text(body.replace(first, wide), encoding="utf-8")
    assert_clean_with_notice(data, "全角字符改为半角")


@pytest.mark.parametrize("written", ["2021/9/15", "2021年9月15日", "2021.9.15", "44454"])
def test_spreadsheet_dates_become_iso(data, written):
    body = text(data, "catalog/certificates.csv")
    original = body.splitlines()[1]
    assert ",2021-09-15," in original
    (data / "catalog/certificates.csv").write_text(
        body.replace(original, original.replace("2021-09-15", written)), encoding="utf-8"
    )
    report = validate(data)
    assert codes(report) == []
    first = report.data.tables["certificates"].rows[0]
    assert first["issue_date"].isoformat() == "2021-09-15"


def test_duplicate_header_is_an_error(data):
    (data / PRODUCTS).write_text(text(data).replace("id,name,model,", "id,name,name,", 1), encoding="utf-8")
    assert ("header-mismatch", "products.csv", 1, "model") in codes(validate(data))


def test_missing_column_is_an_error(data):
    lines = [line.split(",", 1)[1] for line in text(data, "catalog/catalogs.csv").splitlines()]
    (data / "catalog/catalogs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = codes(validate(data))
    assert any(c[0] == "header-mismatch" and c[1] == "catalogs.csv" for c in found)


def test_extra_column_is_an_error(data):
    lines = text(data, "catalog/catalogs.csv").splitlines()
    body = "\n".join([lines[0] + ",extra"] + [line + ",x" for line in lines[1:]]) + "\n"
    (data / "catalog/catalogs.csv").write_text(body, encoding="utf-8")
    assert ("header-mismatch", "catalogs.csv", 1, None) in codes(validate(data))


def test_blank_rows_are_reported_where_they_are(data):
    lines = text(data).splitlines()
    (data / PRODUCTS).write_text("\n".join(lines[:3] + [",,,,,,,"] + lines[3:]) + "\n", encoding="utf-8")
    assert codes(validate(data)) == [("blank-row", "products.csv", 4, None)]


def test_multiline_cell_keeps_later_line_numbers(data):
    lines = text(data).splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ',"第一行\n第二行"'
    lines[3] = lines[3].replace(",certified,", ",approved,")
    (data / PRODUCTS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert codes(validate(data)) == [("enum-mismatch", "products.csv", 5, "route")]


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "文件是空的"),
        (b"id,name\x00\n", "NUL"),
        (b"PK\x03\x04\x14\x00\x06\x00", "NUL"),
        (b"\xff\xfe\xfa\xfb" * 10, "既不是 UTF-8"),
    ],
)
def test_unreadable_csv_is_a_clear_error(data, content, words):
    (data / PRODUCTS).write_bytes(content)
    report = validate(data)
    assert report.exit_status == 2
    [problem] = report.problems
    assert problem.file.endswith("products.csv") and words in problem.detail


@pytest.mark.parametrize(
    "yaml_text, words",
    [
        ("name: x\nresources:\n\t- name: a\n", "制表符"),
        ("name: x\nname: y\nresources: []\n", "重复的键"),
        ('a: &a ["x","x","x"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\nd: [*c,*c,*c]\nresources: []\n', "别名"),
    ],
)
def test_broken_yaml_is_a_clear_error(data, yaml_text, words):
    (data / "catalog/datapackage.yaml").write_text(yaml_text, encoding="utf-8")
    started = time.perf_counter()
    report = validate(data)
    assert time.perf_counter() - started < 10
    assert report.exit_status == 2 and words in report.problems[0].detail


def test_huge_files_fail_fast_with_a_fix(data):
    (data / PRODUCTS).write_bytes(b"id,name\n" + b"x" * (50 * 2**20))
    started = time.perf_counter()
    report = validate(data)
    assert report.exit_status == 2 and "有单元格超过" in report.problems[0].detail
    assert report.problems[0].row in (1, 2) and time.perf_counter() - started < 30
    with (data / PRODUCTS).open("wb") as handle:
        handle.truncate(70 * 2**20)
    report = validate(data)
    assert report.exit_status == 2 and "拆分" in report.problems[0].detail


def test_rows_in_equal_pages_out_after_normalisation(data, tmp_path):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text(data))))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    (data / PRODUCTS).write_bytes(out.getvalue().encode("gb18030"))
    site = tmp_path / "site"
    build(data, site, as_of=AS_OF)
    catalogue = records.build(validate(data).data, AS_OF)
    assert len(catalogue.products) == len(rows) - 1
    assert sorted(p.name for p in (site / "products").iterdir()) == sorted(r[0] for r in rows[1:])


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "a\\b", "/etc", "P 1", ".hidden"])
def test_ids_that_would_leave_their_folder_are_rejected(data, bad_id):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text(data))))
    rows[1][0] = bad_id
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (data / PRODUCTS).write_text(out.getvalue(), encoding="utf-8")
    report = validate(data)
    assert ("pattern-mismatch", "products.csv", 2, "id") in codes(report)


def test_nul_inside_an_id_is_rejected(data):
    (data / PRODUCTS).write_bytes(text(data).replace("P00001", "P0\x000001", 1).encode("utf-8"))
    report = validate(data)
    assert report.exit_status == 2 and "NUL" in report.problems[0].detail


def test_project_without_any_quantity_is_reported(data):
    body = text(data, "catalog/demo_project_materials.csv")
    lines = body.splitlines()
    zeroed = [lines[0]] + [
        ",".join(c if i != 2 else "0" for i, c in enumerate(line.split(","))) if line.startswith("D001,") else line
        for line in lines[1:]
    ]
    (data / "catalog/demo_project_materials.csv").write_text("\n".join(zeroed) + "\n", encoding="utf-8")
    assert ("project-materials", "demo_projects.csv", 2, "id") in codes(validate(data))


def test_a_site_built_before_a_batch_is_published_shows_it_as_coming(data, tmp_path):
    import datetime as dt

    build(data, tmp_path / "site", as_of=dt.date(2025, 1, 1))
    page = (tmp_path / "site/catalogs/procurement/index.html").read_text(encoding="utf-8")
    assert "2025-03-20 起收录" in page


@pytest.mark.parametrize(
    "old, new",
    [
        # a schema that is no mapping
        ("    schema:\n      primaryKey: [credit_code]\n", "    schema: 5\n    unused:\n      primaryKey: [credit_code]\n"),
        ("      fields:\n", "      fields: 7\n      old_fields:\n"),  # fields that are no list
        ("- {name: short_name,", "- {name: [short_name],"),  # a field name that is no text
    ],
)
def test_descriptor_of_the_wrong_shape_is_unusable_not_a_crash(data, old, new):
    """A descriptor the loader cannot use is reported against the descriptor (the history also reads old commits
    through this, so a malformed old version gets a note instead of crashing the build)."""
    descriptor = data / "catalog" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    assert old in text
    descriptor.write_text(text.replace(old, new, 1), encoding="utf-8")
    report = validate(data)
    assert report.exit_status == 2
    assert codes(report) == [("package-unreadable", "datapackage.yaml", None, "resources")]
