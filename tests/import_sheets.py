"""Spreadsheets made the way offices make them, and a throw-away copy of the minimal data, for the import tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from tests.support import FIXTURES

CATALOG = ("enterprises", "products", "certificates", "test_reports", "catalog_batches", "catalog_entries")
TITLE = "吉林省政府采购绿色建材产品推荐目录（2026年第二批）"
LAB = "吉林省建筑材料产品质量监督检验站（示例）"


def minimal_copy(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/minimal to import into (never catalog_data/ itself)."""
    copy = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", copy)
    return copy


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder and its bytes, to prove a refused or repeated import changed nothing."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def added_lines(before: dict[str, bytes], after: Path) -> dict[str, list[str]]:
    """Per catalog table, the lines after the old content; asserts the old content is untouched."""
    out = {}
    for name in CATALOG:
        key = f"catalog/{name}.csv"
        new = (after / key).read_bytes()
        assert new.startswith(before[key]), f"{key}: existing lines were changed"
        out[name] = new[len(before[key]) :].decode("utf-8").splitlines()
    return out


def office_workbook(path: Path, rows: list[list], *, extra_title: str | None = "发布日期：2026年10月15日") -> Path:
    """A list laid out as offices publish it: a merged title, a merged two-level header, notes below.

    Header: 序号 | 企业名称 | 统一社会信用代码 | 产品名称 | 规格型号 | 产品类别 | 认证证书{证书编号 认证机构 星级 发证日期
    有效期至} | 检验报告{编号 检验机构 报告日期} | 所在地区 | 备注 (columns A to Q). ``rows`` start at
    row 3 + (1 if extra_title), each a list of 17 cells; a cell ``"^"`` merges it with the cell above.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "附件1"
    sheet.append([TITLE])
    sheet.merge_cells("A1:Q1")
    if extra_title:
        sheet.append([extra_title])
        sheet.merge_cells("A2:Q2")
    top = sheet.max_row + 1
    upper = [
        "序号",
        "企业名称",
        "统一社会信用代码",
        "产品名称",
        "规格型号",
        "产品类别",
        "认证证书",
        None,
        None,
        None,
        None,
        "检验报告",
        None,
        None,
        "所在地区",
        "备注",
        None,
    ]
    lower = [None] * 6 + ["证书编号", "认证机构", "星级", "发证日期", "有效期至", "编号", "检验机构", "报告日期"] + [None] * 3
    sheet.append(upper)
    sheet.append(lower)
    for letter in "ABCDEFOP":
        sheet.merge_cells(f"{letter}{top}:{letter}{top + 1}")
    sheet.merge_cells(f"G{top}:K{top}")
    sheet.merge_cells(f"L{top}:N{top}")
    for cells in rows:
        number = sheet.max_row + 1
        sheet.append([None if c == "^" else c for c in cells])
        for index in (i for i, cell in enumerate(cells) if cell == "^"):
            start = number - 1
            for merged in list(sheet.merged_cells.ranges):
                if merged.min_col == merged.max_col == index + 1 and merged.max_row == number - 1:
                    start = merged.min_row
                    sheet.unmerge_cells(str(merged))
            letter = openpyxl.utils.get_column_letter(index + 1)
            sheet.merge_cells(f"{letter}{start}:{letter}{number}")
    footnote = sheet.max_row + 1
    sheet.append(["注：本表按企业排列，证书信息以认证机构公布的为准。"])
    sheet.merge_cells(f"A{footnote}:Q{footnote}")
    book.save(path)
    return path


def cert_row(seq, maker, code, product, model, category, number, body, grade, issued, expiry, region="", note=""):
    return [seq, maker, code, product, model, category, number, body, grade, issued, expiry, None, None, None, region, note, None]


def report_row(seq, maker, code, product, model, category, number, lab, day, region=""):
    return [seq, maker, code, product, model, category, None, None, None, None, None, number, lab, day, region, None, None]
