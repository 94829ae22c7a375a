"""Importing official batch lists made the way offices make them, end to end on a copy of the minimal data.

Every expectation is written by hand from the spreadsheet and the fixture's records: the lines the
import must append to each CSV file, or the row and column a refusal must name with the data folder
left byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.batch_import.batch import BatchOptions
from generator.batch_import.outcome import ImportFailed
from generator.batch_import.run import import_batch
from generator.validation.validate import validate
from tests.import_sheets import LAB, added_lines, cert_row, minimal_copy, office_workbook, report_row, snapshot
from tests.support import ROOT


@pytest.fixture
def data(tmp_path) -> Path:
    return minimal_copy(tmp_path)


OFFICE_ROWS = [
    # A maker already in the data under a slightly different name, found by its credit code; two products
    # share its merged name and code cells; the name has a trailing space.
    cert_row(
        1,
        "长春北辰保温材料有限公司 ",
        "91220104000000001B",
        "石墨模塑聚苯板",
        "GEPS-272",
        "保温系统材料",
        "SL-CABR-CC-2026-00101",
        "中国建筑科学研究院认证中心",
        "三星级",
        "2026年1月5日",
        47852,
        "长春市",
    ),
    # A re-listed product (P00001, whose certificate expired) with its renewed certificate.
    cert_row(
        2,
        "^",
        "^",
        "真空绝热板",
        "VIP-867",
        "保温系统材料",
        "SL-CABR-CC-2026-00102",
        "中国建筑科学研究院认证中心",
        "3",
        "2026-09-01",
        "2031-08-31",
        "长春市",
        "复审换证",
    ),
    # A new maker: full-width digits in its code and expiry date, a datetime cell, stars for the grade,
    # and the certification body under its full company name.
    cert_row(
        3,
        "梅河口示例新材料有限公司",
        "９１２２０５８１００００００２０２Ｙ",
        "断桥铝合金节能窗",
        "JLC-70",
        "建筑门窗及配件",
        "SL-CTC-2026-00103",
        "中国建材检验认证集团股份有限公司",
        "★★",
        dt.datetime(2026, 2, 10),
        "２０３１年２月９日",
        "梅河口市",
    ),
    # The demand-standard route: a type-test report instead of a certificate; 预拌混凝土 is in both schemes.
    report_row(
        4,
        "松原金川示例混凝土有限公司",
        "912207020000000083",
        "透水混凝土",
        "TC-C25",
        "预拌混凝土",
        "SL-JC-T-000201",
        LAB,
        46204,
        "松原市",
    ),
]

EXPECTED = {
    "enterprises": ["91220581000000202Y,梅河口示例新材料有限公司,,meihekou,待核实,,,,"],
    "products": [
        "P00017,石墨模塑聚苯板,GEPS-272,RZ-01-05,91220104000000001B,certified,,",
        "P00018,断桥铝合金节能窗,JLC-70,RZ-02-01,91220581000000202Y,certified,,",
        "P00019,透水混凝土,TC-C25,XQ-01-03,912207020000000083,demand-standard-tested,,",
    ],
    "certificates": [
        "SL-CABR-CC-2026-00101,P00017,cabr-cc,3,2026-01-05,2031-01-04,false,",
        "SL-CABR-CC-2026-00102,P00001,cabr-cc,3,2026-09-01,2031-08-31,false,",
        "SL-CTC-2026-00103,P00018,ctc,2,2026-02-10,2031-02-09,false,",
    ],
    "test_reports": [f"SL-JC-T-000201,P00019,type-test,{LAB},2026-07-01"],
    "catalog_batches": ["procurement,2026-2,2026年第二批,吉建科〔2026〕9号（示例）,2026-10-15"],
    "catalog_entries": [
        "procurement,2026-2,P00017,2026-10-15,,",
        "procurement,2026-2,P00001,2026-10-15,,",
        "procurement,2026-2,P00018,2026-10-15,,",
        "procurement,2026-2,P00019,2026-10-15,,",
    ],
}
BATCH = BatchOptions("procurement", "2026-2", document_number="吉建科〔2026〕9号（示例）", published=dt.date(2026, 10, 15))


def codes(findings) -> list[tuple]:
    return [(f.code, f.row, f.column.header if f.column else None) for f in findings]


def test_office_workbook_imports_exactly_the_expected_records(data, tmp_path):
    sheet = office_workbook(tmp_path / "第二批.xlsx", OFFICE_ROWS)
    before = snapshot(data)
    outcome = import_batch(sheet, BATCH, data)
    assert outcome.ok, outcome.lines()
    assert added_lines(before, data) == EXPECTED
    assert validate(data).valid
    notices = codes(outcome.notices)
    assert ("maker-name-differs", 5, "企业名称") in notices
    assert ("address-placeholder", 7, None) in notices
    assert ("body-nearest", 7, "认证机构") in notices
    assert any(code == "skipped-rows" for code, _, _ in notices)  # the footnote
    assert outcome.written and {name: count for name, (_, count) in outcome.summary.items()} == {
        "enterprises": 1,
        "products": 3,
        "certificates": 3,
        "test_reports": 1,
        "catalog_batches": 1,
        "catalog_entries": 4,
    }


def test_importing_the_same_file_twice_changes_nothing_the_second_time(data, tmp_path):
    sheet = office_workbook(tmp_path / "第二批.xlsx", OFFICE_ROWS)
    assert import_batch(sheet, BATCH, data).ok
    after_first = snapshot(data)
    second = import_batch(sheet, BATCH, data)
    assert second.ok and not second.changes and not second.written
    assert snapshot(data) == after_first


GBK_CSV = (
    "附件2：吉林省适用绿色建材推广应用目录（2026年第二批）,,,,,,,,,,,\r\n"
    "申报单位,产品名称,型号规格,品目,星级,证书号,发证机构,颁证日期,证书有效期,所在地,统一社会信用代码,序号\r\n"
    "辽源雾凇示例新型墙材有限公司  ,石膏空心条板,GK-90,石膏装饰材料,二星,SL-GJLX-2026-00301,北京国建联信认证中心,2026.3.2,"
    "2026.3.2-2031.3.1,辽源市,９１２２０４０２００００００００４７,1\r\n"
    "鹤鸣钢结,钢结构楼承板,LCB-3,钢结构房屋用钢构件,1,SL-CTC-2026-00302,中国建材检验认证集团,46054,2031年1月31日,梅河口市,,2\r\n"
)


def test_gbk_csv_with_other_column_order_and_variant_headers(data, tmp_path):
    sheet = tmp_path / "适用目录.csv"
    sheet.write_bytes(GBK_CSV.encode("gbk"))
    before = snapshot(data)
    outcome = import_batch(sheet, BatchOptions("suitable", "2026-2", published=dt.date(2026, 11, 2)), data)
    assert outcome.ok, outcome.lines()
    assert added_lines(before, data) == {
        "enterprises": [],
        "products": [
            "P00017,石膏空心条板,GK-90,RZ-02-11,912204020000000047,certified,,",
            "P00018,钢结构楼承板,LCB-3,RZ-01-02,912205810000000060,certified,,",
        ],
        "certificates": [
            "SL-GJLX-2026-00301,P00017,gjlx,2,2026-03-02,2031-03-01,false,",
            "SL-CTC-2026-00302,P00018,ctc,1,2026-02-01,2031-01-31,false,",
        ],
        "test_reports": [],
        "catalog_batches": ["suitable,2026-2,2026年第二批,,2026-11-02"],
        "catalog_entries": ["suitable,2026-2,P00017,2026-11-02,,", "suitable,2026-2,P00018,2026-11-02,,"],
    }
    # 鹤鸣钢结 is the short name of an existing maker: matched by exact name, and said so.
    assert ("maker-by-name", 4, "申报单位") in codes(outcome.notices)
    assert validate(data).valid


def refused(data: Path, sheet: Path, options: BatchOptions = BATCH):
    before = snapshot(data)
    outcome = import_batch(sheet, options, data)
    assert not outcome.ok
    assert snapshot(data) == before, "a refused import changed the data folder"
    return outcome


def test_unknown_category_names_row_and_column(data, tmp_path):
    rows = [
        *OFFICE_ROWS[:2],
        cert_row(
            3,
            "梅河口示例新材料有限公司",
            "91220581000000202Y",
            "智能马桶盖",
            "ZM-1",
            "智能马桶盖",
            "SL-CTC-2026-00104",
            "中国建材检验认证集团",
            "二星级",
            "2026-02-10",
            "2031-02-09",
        ),
    ]
    outcome = refused(
        data,
        office_workbook(tmp_path / "a.xlsx", rows),
    )
    assert codes(outcome.problems) == [("unknown-category", 7, "产品类别")]
    assert outcome.problems[0].column.letter == "F"
    assert "智能坐便器" in outcome.problems[0].message  # the nearest names are offered


def test_maker_with_a_slightly_different_name_and_no_code_is_not_duplicated(data, tmp_path):
    rows = [
        cert_row(
            1,
            "长春北辰保温材料公司",
            None,
            "石墨模塑聚苯板",
            "GEPS-272",
            "保温系统材料",
            "SL-CABR-CC-2026-00101",
            "中国建筑科学研究院认证中心",
            "三星级",
            "2026年1月5日",
            47852,
        )
    ]
    outcome = refused(data, office_workbook(tmp_path / "a.xlsx", rows))
    assert codes(outcome.problems) == [("maker-name-not-exact", 5, "企业名称")]
    assert "长春北辰示例保温材料有限公司" in outcome.problems[0].message
    assert "91220104000000001B" in outcome.problems[0].message


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({2: "91220104000000001C"}, ("credit-code-checksum", 5, "统一社会信用代码")),
        ({2: 9.12201040000000e17}, ("credit-code-as-number", 5, "统一社会信用代码")),
        ({10: "2026年9月30日"}, ("certificate-not-valid", 5, "有效期至")),
        ({9: "2026/13/01"}, ("bad-date", 5, "发证日期")),
        ({8: "四星级"}, ("bad-grade", 5, "星级")),
        ({7: "某某认证有限公司"}, ("unknown-body", 5, "认证机构")),
        ({4: None}, ("missing-value", 5, "规格型号")),
        ({6: None}, ("missing-route", 5, None)),
        ({6: "SL-CTC-2022-00002"}, ("certificate-other-product", 5, "证书编号")),
    ],
)
def test_row_problems_name_row_and_column(data, tmp_path, cells, expected):
    row = list(OFFICE_ROWS[0])
    for index, value in cells.items():
        row[index] = value
    outcome = refused(data, office_workbook(tmp_path / "a.xlsx", [row]))
    assert codes(outcome.problems) == [expected]


def test_negative_listed_product_is_refused(data, tmp_path):
    rows = [
        cert_row(
            1,
            "通化白桦示例装饰材料有限公司",
            "91220503000000005X",
            "集成墙板",
            "JCQ-397",
            "集成墙面",
            "SL-GJLX-2026-00105",
            "北京国建联信认证中心",
            "1",
            "2026-01-10",
            "2031-01-09",
        )
    ]
    outcome = refused(data, office_workbook(tmp_path / "a.xlsx", rows))
    assert codes(outcome.problems) == [("negative-listed", 5, "产品名称")]


def test_validator_problem_is_placed_on_the_spreadsheet_row(data, tmp_path):
    # P00001 is listed again without a certificate: its route stays certified, and its only certificate
    # expired on 2026-09-14, so the validator refuses the new entry; the problem names the sheet's row.
    sheet = tmp_path / "b.csv"
    sheet.write_text(
        "企业名称,统一社会信用代码,产品名称,规格型号\n长春北辰示例保温材料有限公司,91220104000000001B,真空绝热板,VIP-867\n",
        encoding="utf-8",
    )
    outcome = refused(data, sheet)
    assert codes(outcome.problems) == [("entry-without-certificate", 2, "产品名称")]
    assert outcome.problems[0].message.startswith("导入后的数据未通过校验")


def test_command_line_problems(data, tmp_path):
    sheet = office_workbook(tmp_path / "a.xlsx", OFFICE_ROWS[:1])
    outcome = refused(data, sheet, BatchOptions("procurement", "2026-2"))
    assert [(p.code, p.option) for p in outcome.problems] == [("missing-published", "--published")]
    outcome = refused(data, sheet, BatchOptions("green", "2026-2", published=dt.date(2026, 10, 15)))
    assert [(p.code, p.option) for p in outcome.problems] == [("unknown-catalog", "--catalog")]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "另存为"),
        ("<html><body><table><tr><td>企业名称</td></tr></table></body></html>".encode(), "网页"),
        ("名称,数量\n甲,1\n".encode(), "找不到表头行"),
    ],
)
def test_unreadable_spreadsheets_are_refused(data, tmp_path, content, says):
    sheet = tmp_path / "list.xls"
    sheet.write_bytes(content)
    before = snapshot(data)
    with pytest.raises(ImportFailed) as raised:
        import_batch(sheet, BATCH, data)
    assert says in raised.value.message
    assert snapshot(data) == before


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_dry_run_prints_the_diff_generator_diff_prints_and_changes_nothing(data, tmp_path):
    sheet = office_workbook(tmp_path / "第二批.xlsx", OFFICE_ROWS)
    options = [
        "--catalog",
        "procurement",
        "--batch",
        "2026-2",
        "--published",
        "2026-10-15",
        "--document-number",
        "吉建科〔2026〕9号（示例）",
    ]
    before = snapshot(data)
    dry = run("import", str(sheet), *options, "--data", str(data), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert snapshot(data) == before
    assert "试运行" in dry.stderr
    imported = tmp_path / "imported"
    shutil.copytree(data, imported)
    real = run("import", str(sheet), *options, "--data", str(imported))
    assert real.returncode == 0, real.stderr
    diff = run("diff", str(data), str(imported))
    assert dry.stdout == diff.stdout == real.stdout
    assert "+ 新增 products P00017（catalog/products.csv 第 18 行）" in dry.stdout
    assert dry.stdout.rstrip().endswith("新增 13 条，删除 0 条，修改 0 条记录。")


def test_cli_refusal_exits_1_and_names_the_cell(data, tmp_path):
    rows = [
        cert_row(
            1,
            "长春北辰保温材料公司",
            None,
            "石墨模塑聚苯板",
            "GEPS-272",
            "保温系统材料",
            "SL-CABR-CC-2026-00101",
            "中国建筑科学研究院认证中心",
            "三星级",
            "2026年1月5日",
            47852,
        )
    ]
    sheet = office_workbook(tmp_path / "第二批.xlsx", rows)
    result = run(
        "import", str(sheet), "--catalog", "procurement", "--batch", "2026-2", "--published", "2026-10-15", "--data", str(data)
    )
    assert result.returncode == 1
    assert "[maker-name-not-exact] 第二批.xlsx 第 5 行 “企业名称”列（B 列）" in result.stderr
    assert "数据目录没有任何改动" in result.stderr
    unreadable = run(
        "import", str(tmp_path / "missing.xlsx"), "--catalog", "procurement", "--batch", "2026-2", "--data", str(data)
    )
    assert unreadable.returncode == 2 and "无法导入" in unreadable.stderr


CSV_HEADER = "企业名称,统一社会信用代码,产品名称,规格型号,产品类别,证书编号,认证机构,星级,发证日期,有效期至,所在地区\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # P00011 was listed on the demand-standard route; a certificate now is a different route.
        (
            "长白山恒泰示例新型墙材有限公司,91220000000000011D,蒸压加气混凝土墙板,ALC-518,,SL-CTC-2026-00110,中国建材检验认证集团,1,"
            "2026-01-05,2031-01-04,",
            ("route-conflict", 2, "证书编号"),
        ),
        # The name of an existing maker with another code: one of the two codes is wrong.
        (
            "长春北辰示例保温材料有限公司,91220106000000201K,岩棉条,YT-1,保温系统材料,SL-CTC-2026-00111,中国建材检验认证集团,1,"
            "2026-01-05,2031-01-04,长春市",
            ("maker-code-conflict", 2, "统一社会信用代码"),
        ),
        # A new maker with no code at all, and nothing like it in the data.
        (
            "敦化示例新材料有限公司,,岩棉条,YT-1,保温系统材料,SL-CTC-2026-00112,中国建材检验认证集团,1,2026-01-05,2031-01-04,",
            ("maker-needs-credit-code", 2, "统一社会信用代码"),
        ),
        # A maker registered outside Jilin: neither its region nor its code's registration area is a region of the data.
        (
            "哈尔滨示例新材料有限公司,91230102000000201X,岩棉条,YT-1,保温系统材料,SL-CTC-2026-00113,中国建材检验认证集团,1,"
            "2026-01-05,2031-01-04,哈尔滨市",
            ("unknown-region", 2, "所在地区"),
        ),
        (
            "延吉示例新材料有限公司,91222401000000201K,岩棉条,YT-1,RZ-09-09,SL-CTC-2026-00114,中国建材检验认证集团,1,"
            "2026-01-05,2031-01-04,延边州",
            ("unknown-category", 2, "产品类别"),
        ),
    ],
)
def test_csv_rows_refused_with_their_cell(data, tmp_path, line, expected):
    sheet = tmp_path / "list.csv"
    sheet.write_text(CSV_HEADER + line + "\n", encoding="utf-8")
    outcome = refused(data, sheet)
    assert codes(outcome.problems) == [expected]


@pytest.mark.parametrize("region", ["", "延吉市"])
def test_new_maker_without_a_known_region_gets_the_one_of_its_credit_code(data, tmp_path, region):
    """延吉市 is a county-level city: not in regions.csv, but the code's registration area 222401 is in 延边州."""
    sheet = tmp_path / "list.csv"
    sheet.write_text(
        CSV_HEADER + "延边示例新材料有限公司,91222401000000201K,岩棉条,YT-1,保温系统材料,SL-CTC-2026-00115,"
        f"中国建材检验认证集团,1,2026-01-05,2031-01-04,{region}\n",
        encoding="utf-8",
    )
    before = snapshot(data)
    outcome = import_batch(sheet, BATCH, data)
    assert outcome.ok, outcome.lines()
    assert added_lines(before, data)["enterprises"] == ["91222401000000201K,延边示例新材料有限公司,,yanbian,待核实,,,,"]
    assert ("region-from-code", 2, "所在地区") in codes(outcome.notices)
