"""Turn the rows of a batch list into the records to add or correct, row by row, collecting every problem."""

from __future__ import annotations

from collections import Counter

from ..validation.load import DataSet
from .batch import BatchOptions, plan_batch, plan_entry
from .cells import RowCells
from .known import Known
from .makers import find_maker
from .outcome import Finding, row_list
from .products import CERTIFIED, TESTED, product
from .proof import certificate, test_report
from .sheet import Sheet


def plan(data: DataSet, sheet: Sheet, options: BatchOptions) -> tuple[Known, list[Finding], list[Finding]]:
    """(records to write, problems, notices). Any problem means nothing may be written."""
    known = Known(data)
    listed, problems = plan_batch(options, known)
    notices: list[Finding] = []
    counts: Counter = Counter()
    seen: dict[str, int] = {}
    for row in sheet.rows:
        cells = RowCells(row, known.fields, counts)
        _row(cells, known, options, listed, seen)
        problems += cells.problems
        notices += cells.notices
    if sheet.unused:
        notices.append(
            Finding(
                "unused-columns",
                "这些列没有导入（本站没有对应的字段，或列名不认识）："
                + "、".join(f"“{c.header}”（{c.letter} 列）" for c in sheet.unused)
                + "。列名是另一种写法时，请在 generator/batch_import/columns.yaml 中补上。",
            )
        )
    if sheet.skipped:
        notices.append(
            Finding("skipped-rows", f"第 {row_list(list(sheet.skipped))} 行没有企业、产品或证书，当作备注、合计或分组标题跳过。")
        )
    if counts:
        notices.append(Finding("normalised", "读取时" + "，".join(f"{what} {n} 处" for what, n in sorted(counts.items())) + "。"))
    return known, problems, notices


def _row(cells: RowCells, known: Known, options: BatchOptions, listed: str | None, seen: dict[str, int]) -> None:
    maker = find_maker(cells, known)
    name = cells.required("product_name", "每一行都要有产品名称")
    model = cells.required("model", "products.csv 要求填写规格型号，请照公告或证书填写")
    certificate_number = cells.text("certificate")
    report_number = cells.text("report")
    if cells.problems or maker is None or name is None or model is None:
        return
    route = CERTIFIED if certificate_number else TESTED if report_number else None
    if certificate_number and report_number:
        cells.notice("report", "report-not-imported", "本行同时有证书编号和检验报告编号：按认证途径导入，检验报告编号未导入。")
    found = product(cells, known, maker, name, model, route)
    if found is None:
        return
    product_id, route = found
    if product_id in seen:
        cells.notice("product_name", "repeated-product", f"与第 {seen[product_id]} 行是同一产品（{product_id}），只收录一次。")
    seen.setdefault(product_id, cells.row.number)
    for listed_on_negative in known.negative:
        if listed_on_negative.values.get("product") == product_id:
            cells.problem(
                "product_name",
                "negative-listed",
                f"产品 {product_id} 已于 {listed_on_negative.values['decision_date']} 列入负面清单"
                f"（{listed_on_negative.values['id']}），负面清单产品不能收录：请核对公告。",
            )
            return
    if route == CERTIFIED and certificate_number:
        certificate(cells, known, product_id, certificate_number, listed)
    elif route == TESTED and report_number:
        test_report(cells, known, product_id, report_number, listed)
    if listed and not cells.problems:
        plan_entry(options, known, product_id, listed, cells.row.number)
