"""The import's parts on small inputs: header finding, name matching, cell values, CSV edits, the swap."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from generator.batch_import.batch import BatchOptions, default_name
from generator.batch_import.cells import RowCells
from generator.batch_import.csvedit import edit
from generator.batch_import.match import Entry, Region, find_region, lookup, region_of_code
from generator.batch_import.outcome import ImportFailed
from generator.batch_import.run import import_batch
from generator.batch_import.sheet import Column, SheetRow, read_sheet
from tests.import_sheets import minimal_copy, snapshot
from tests.support import ROOT

REGIONS = [
    Region("changchun", "长春市", "220100"),
    Region("tonghua", "通化市", "220500"),
    Region("meihekou", "梅河口市", "220581"),
    Region("baishan", "白山市", "220600"),
    Region("yanbian", "延边朝鲜族自治州", "222400"),
    Region("changbaishan", "长白山保护开发区管理委员会", ""),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("长春市", ("changchun", True)),
        ("changchun", ("changchun", True)),
        ("220581", ("meihekou", True)),
        ("吉林省长春市", ("changchun", True)),
        ("长春市朝阳区", ("changchun", False)),
        ("长春", ("changchun", False)),
        ("延边州", ("yanbian", False)),
        ("通化市梅河口市", ("meihekou", False)),
        ("长白山池北区", ("changbaishan", False)),
        ("白山市", ("baishan", True)),
        ("长白山管委会", ("changbaishan", False)),
        ("哈尔滨市", (None, False)),
    ],
)
def test_region_names_as_lists_write_them(text, expected):
    found, exact = find_region(text, REGIONS)
    assert (found.id if found else None, exact) == expected


def test_region_from_the_credit_codes_registration_area():
    assert region_of_code("91220581000000202Y", REGIONS).id == "meihekou"
    assert region_of_code("91220104000000001B", REGIONS).id == "changchun"
    assert region_of_code("91110108000000001X", REGIONS) is None


CATEGORIES = [
    Entry("XQ-01-03", "预拌混凝土"),
    Entry("RZ-01-06", "预拌混凝土", preferred=True),
    Entry("RZ-02-01", "建筑门窗及配件"),
    Entry("RZ-02-03", "建筑节能玻璃"),
    Entry("RZ-03-03", "防水涂料"),
    Entry("RZ-03-04", "墙面涂料"),
    Entry("RZ-04-03", "智能坐便器"),
]


@pytest.mark.parametrize(
    ("text", "code", "exact", "ambiguous"),
    [
        ("预拌混凝土", "RZ-01-06", True, False),  # in both schemes: the preferred one
        ("RZ-02-03", "RZ-02-03", True, False),  # a code
        ("ｒｚ-02-03", "RZ-02-03", True, False),  # a code in full-width lower case
        ("建筑门窗及配件（铝合金窗）", "RZ-02-01", True, False),  # a note in brackets
        ("门窗幕墙及装饰装修类-建筑门窗及配件", "RZ-02-01", True, False),  # class and item in one cell
        ("节能玻璃", "RZ-02-03", False, False),  # nearest
        ("涂料", None, False, True),  # two equally near
        ("智能马桶盖", None, False, False),  # unknown
    ],
)
def test_category_lookup(text, code, exact, ambiguous):
    found = lookup(text, CATEGORIES)
    assert (found.entry.code if found.entry else None, found.exact if found.entry else False, found.ambiguous) == (
        code,
        exact,
        ambiguous,
    )


def cells_of(values: dict, fields: dict | None = None) -> RowCells:
    columns = {kind: Column(i, kind) for i, kind in enumerate(values)}
    return RowCells(SheetRow(7, values, columns), fields or {}, Counter())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("三星级", "3"),
        ("3星", "3"),
        ("★★", "2"),
        ("３", "3"),
        (1.0, "1"),
        ("二星", "2"),
        ("Ⅰ级", "1"),
        ("四星级", None),
    ],
)
def test_grades(raw, expected):
    cells = cells_of({"grade": raw})
    assert cells.grade() == expected
    assert bool(cells.problems) == (expected is None)


@pytest.mark.parametrize(
    ("raw", "first", "last"),
    [
        ("2024年1月5日", "2024-01-05", "2024-01-05"),
        ("２０２４年１月５日", "2024-01-05", "2024-01-05"),
        (45296, "2024-01-05", "2024-01-05"),
        ("45296", "2024-01-05", "2024-01-05"),
        (dt.datetime(2024, 1, 5), "2024-01-05", "2024-01-05"),
        ("2024-01-05 00:00:00", "2024-01-05", "2024-01-05"),
        ("2024.1.5", "2024-01-05", "2024-01-05"),
        ("2024.1.5—2029.1.4", "2024-01-05", "2029-01-04"),
        ("2024年1月5日至2029年1月4日", "2024-01-05", "2029-01-04"),
        ("长期", None, None),
        ("2024/2/30", None, None),
    ],
)
def test_dates(raw, first, last):
    cells = cells_of({"expiry_date": raw})
    assert (cells.date("expiry_date"), cells.date("expiry_date", last=True)) == (first, last)


def test_batch_names():
    assert [default_name(b) for b in ("2026-1", "2026-2", "2026-10", "2026-11", "2026-20", "2026-23")] == [
        "2026年第一批",
        "2026年第二批",
        "2026年第十批",
        "2026年第十一批",
        "2026年第二十批",
        "2026年第二十三批",
    ]


def test_header_below_title_rows_with_line_breaks_notes_and_a_repeated_header(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["关于公布第三批推荐目录的通知附件"])
    sheet.append([])
    header = [
        "序 号",
        "生产企业\n名称",
        "统一社会\n信用代码",
        "产品名称",
        "型号",
        "品目",
        "证书编号",
        "有效期至（年/月/日）",
        "联系人",
    ]
    sheet.append(header)
    sheet.append([1, "甲示例公司", "91220104000000001B", "岩棉板", "YM-1", "保温系统材料", "SL-1", "2030-01-01", "张三"])
    sheet.append(["二、需求标准类产品"])
    sheet.append(["序号", "申报单位", "产品名称", "规格型号", "产品分类", "检验报告编号", "检验机构", "报告日期"])
    sheet.append([1, "乙示例公司", "砌块", "QK-2", "砌体材料", "JC-2", "某检验站", "2026-01-02"])
    book.save(tmp_path / "list.xlsx")
    found = read_sheet(tmp_path / "list.xlsx")
    assert found.header_row == 3
    assert {k: (c.letter, c.header) for k, c in found.columns.items()} == {
        "seq": ("A", "序 号"),
        "enterprise_name": ("B", "生产企业名称"),
        "credit_code": ("C", "统一社会信用代码"),
        "product_name": ("D", "产品名称"),
        "model": ("E", "型号"),
        "category": ("F", "品目"),
        "certificate": ("G", "证书编号"),
        "expiry_date": ("H", "有效期至（年/月/日）"),
    }
    assert [c.header for c in found.unused] == ["联系人"]
    assert [r.number for r in found.rows] == [4, 7]
    assert found.skipped == (5,)
    second = found.rows[1]
    assert second.values["report"] == "JC-2" and second.column("report").letter == "F"
    assert "certificate" not in second.columns


def test_named_worksheet_and_the_first_one_with_a_header(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表为示例"])
    for name in ("认证产品", "需求标准产品"):
        ws = book.create_sheet(name)
        ws.append(["企业名称", "产品名称", "规格型号"])
        ws.append([f"{name}企业", "板", "B-1"])
    book.save(tmp_path / "list.xlsx")
    assert read_sheet(tmp_path / "list.xlsx").rows[0].values["enterprise_name"] == "认证产品企业"
    chosen = read_sheet(tmp_path / "list.xlsx", "需求标准产品")
    assert chosen.rows[0].values["enterprise_name"] == "需求标准产品企业"
    assert chosen.label == "list.xlsx 工作表“需求标准产品”"


def test_semicolon_csv_in_gb18030(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("企业名称;产品名称;规格型号\n甲示例公司;岩棉板;YM-1\n".encode("gb18030"))
    assert read_sheet(path).rows[0].values == {"enterprise_name": "甲示例公司", "product_name": "岩棉板", "model": "YM-1"}


def test_csv_edit_keeps_bom_crlf_and_quote_all_and_touches_only_its_records():
    before = b'\xef\xbb\xbf"number","product","grade"\r\n"A-1","P1","2"\r\n"A-2","P2","3"\r\n'
    after, moved, lines = edit(before, {3: {"grade": "1"}}, [{"number": "A-3", "product": "P3", "grade": "2"}])
    assert after == (b'\xef\xbb\xbf"number","product","grade"\r\n"A-1","P1","2"\r\n"A-2","P2","1"\r\n"A-3","P3","2"\r\n')
    assert moved == {3: 3} and lines == [4]


def test_csv_edit_in_gb18030_without_final_newline():
    before = "id,name\nP1,岩棉板".encode("gb18030")
    after, _, lines = edit(before, {}, [{"id": "P2", "name": "石膏板, 纸面"}])
    assert after == 'id,name\nP1,岩棉板\nP2,"石膏板, 纸面"\n'.encode("gb18030")
    assert lines == [3]


def test_csv_edit_counts_lines_of_quoted_line_breaks():
    before = b'id,note\nP1,"two\nlines"\nP2,x\n'
    after, moved, lines = edit(before, {4: {"note": "y"}}, [{"id": "P3", "note": "z"}])
    assert after == b'id,note\nP1,"two\nlines"\nP2,y\nP3,z\n'
    assert moved == {4: 4} and lines == [5]
    assert list(csv.reader(io.StringIO(after.decode()))) == [["id", "note"], ["P1", "two\nlines"], ["P2", "y"], ["P3", "z"]]


@pytest.fixture
def data(tmp_path) -> Path:
    return minimal_copy(tmp_path)


def test_existing_batch_and_certificate_are_corrected_in_place_in_the_files_format(data, tmp_path):
    """Re-listing P00002 into the existing batch procurement 2026-1 with a corrected expiry date and a new
    document number: two records change where they stand, one entry is added; CRLF and BOM stay."""
    certificates = data / "catalog" / "certificates.csv"
    certificates.write_bytes(b"\xef\xbb\xbf" + certificates.read_bytes().replace(b"\n", b"\r\n"))
    before = {p.name: p.read_bytes() for p in (data / "catalog").glob("*.csv")}
    sheet = tmp_path / "list.csv"
    sheet.write_text(
        "企业名称,统一社会信用代码,产品名称,规格型号,证书编号,认证机构,星级,发证日期,有效期至\n"
        "吉林青松示例保温材料有限公司,91220204000000002K,挤塑聚苯板,XPS-320,SL-CTC-2022-00002,中国建材检验认证集团,"
        "3,2022-01-05,2027-01-05\n",
        encoding="utf-8",
    )
    outcome = import_batch(sheet, BatchOptions("procurement", "2026-1", document_number="示例文号〔2026〕30号"), data)
    assert outcome.ok, outcome.lines()
    assert certificates.read_bytes() == before["certificates.csv"].replace(
        b"SL-CTC-2022-00002,P00002,ctc,3,2022-01-05,2027-01-04,false,",
        b"SL-CTC-2022-00002,P00002,ctc,3,2022-01-05,2027-01-05,false,",
    )
    batches = (data / "catalog" / "catalog_batches.csv").read_bytes()
    assert batches == before["catalog_batches.csv"].replace("示例文号〔2026〕3号".encode(), "示例文号〔2026〕30号".encode())
    entries = (data / "catalog" / "catalog_entries.csv").read_bytes()
    assert entries == before["catalog_entries.csv"] + b"procurement,2026-1,P00002,2026-04-10,,\n"
    assert [(c.table, c.kind) for c in outcome.changes] == [
        ("catalog_batches", "changed"),
        ("catalog_entries", "added"),
        ("certificates", "changed"),
    ]
    assert ("record-corrected", 2, "证书编号") in [(n.code, n.row, n.column and n.column.header) for n in outcome.notices]


def test_a_failed_swap_puts_every_file_back(data, tmp_path, monkeypatch):
    sheet = tmp_path / "list.csv"
    sheet.write_text(
        "企业名称,统一社会信用代码,产品名称,规格型号,产品类别,证书编号,认证机构,星级,发证日期,有效期至\n"
        "吉林青松示例保温材料有限公司,91220204000000002K,挤塑聚苯板,XPS-321,保温系统材料,SL-CTC-2026-00009,"
        "中国建材检验认证集团,3,2026-01-05,2031-01-04\n",
        encoding="utf-8",
    )
    before = snapshot(data)
    calls = []
    real_replace = os.replace

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ImportFailed, match="已恢复原有文件"):
        import_batch(sheet, BatchOptions("procurement", "2026-3", published=dt.date(2026, 10, 15)), data)
    assert len(calls) == 3
    assert snapshot(data) == before


def test_guide_explains_every_problem_code_of_the_import():
    source = ROOT / "generator" / "batch_import"
    found = set()
    for path in source.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'\.problem\(\s*[^,()]+,\s*"([a-z-]+)"', text))
        if path.name in {"batch.py", "__init__.py"}:
            found |= set(re.findall(r'Finding\("([a-z-]+)"', text))
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert len(found) > 20
    assert sorted(code for code in found if f"`{code}`" not in guide) == []


def test_the_same_certificate_on_two_rows_must_agree(data, tmp_path):
    sheet = tmp_path / "list.csv"
    sheet.write_text(
        "企业名称,统一社会信用代码,产品名称,规格型号,产品类别,证书编号,认证机构,星级,发证日期,有效期至\n"
        "吉林青松示例保温材料有限公司,91220204000000002K,岩棉条,YT-1,保温系统材料,SL-CTC-2026-00009,中国建材检验认证集团,"
        "3,20260105,20310104\n"
        "吉林青松示例保温材料有限公司,91220204000000002K,岩棉条,YT-1,保温系统材料,SL-CTC-2026-00009,中国建材检验认证集团,"
        "2,20260105,20310104\n",
        encoding="utf-8",
    )
    before = snapshot(data)
    outcome = import_batch(sheet, BatchOptions("procurement", "2026-3", published=dt.date(2026, 10, 15)), data)
    assert [(p.code, p.row, p.column.header) for p in outcome.problems] == [("conflicting-rows", 3, "证书编号")]
    assert "第 2 行" in outcome.problems[0].message
    assert snapshot(data) == before


def test_row_lists_shorten_runs():
    from generator.batch_import.outcome import row_list

    assert row_list([12, 5, 7, 8, 9, 9]) == "5、7–9、12"


def test_two_level_header_repeated_further_down(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for number in (1, 5):
        sheet.append(["企业名称", "产品名称", "规格型号", "认证证书", None])
        sheet.append([None, None, None, "编号", "有效期至"])
        for letter in "ABC":
            sheet.merge_cells(f"{letter}{number}:{letter}{number + 1}")
        sheet.merge_cells(f"D{number}:E{number}")
        sheet.append(["甲示例公司", "岩棉板", f"YM-{number}", f"SL-{number}", "2030-01-01"])
        sheet.append([])
    book.save(tmp_path / "list.xlsx")
    found = read_sheet(tmp_path / "list.xlsx")
    assert [(r.number, r.values["certificate"], r.column("certificate").header) for r in found.rows] == [
        (3, "SL-1", "认证证书编号"),
        (7, "SL-5", "认证证书编号"),
    ]
