"""What a listed product's route rests on: its certificate (certified) or its type-test report
(demand-standard-tested), checked against the batch's publication date the way the validator will."""

from __future__ import annotations

from .cells import RowCells
from .known import Known, Record
from .products import body


def _owner(known: Known, product_id: str) -> str:
    values = known.get("products", product_id).values
    return f"{product_id}（{values['name']} {values['model']}）"


def certificate(cells: RowCells, known: Known, product_id: str, number: str, listed: str | None) -> None:
    """Add the certificate, or correct the data's copy of it when the list's dates or grade differ."""
    issuer = body(cells, known)
    grade = cells.grade()
    if grade is None and not cells.row.values.get("grade"):
        cells.missing("grade", "证书需要星级")
    issued = cells.date("issue_date")
    expiry = cells.date("expiry_date", last=True)
    if issued is None and not cells.row.values.get("issue_date") and (span := cells.date_range("expiry_date")):
        issued = span[0]
        cells.notice("expiry_date", "issue-date-from-range", f"发证日期取自有效期“{span[0]} 至 {span[1]}”的起始日期。")
    for kind, value, title in (("issue_date", issued, "发证日期"), ("expiry_date", expiry, "有效期至")):
        if value is None and not cells.row.values.get(kind):
            cells.missing(kind, f"证书需要{title}")
    if None in (issuer, grade, issued, expiry):
        return
    if expiry <= issued:
        cells.problem("expiry_date", "certificate-dates", f"有效期至 {expiry} 不晚于发证日期 {issued}：请照证书填写这两个日期。")
        return
    if listed and not issued <= listed <= expiry:
        late = listed < issued
        when = f"在批次发布日期 {listed} 之后才发证" if late else f"已于 {expiry} 到期，早于批次发布日期 {listed}"
        cells.problem(
            "issue_date" if late else "expiry_date",
            "certificate-not-valid",
            f"证书 {number} {when}：认证途径的产品在收录当天须有有效证书。请核对证书日期和 --published 给出的发布日期。",
        )
        return
    values = {"body": issuer, "grade": grade, "issue_date": issued, "expiry_date": expiry}
    columns = {
        "body": "body",
        "grade": "grade",
        "issue_date": "issue_date",
        "expiry_date": "expiry_date",
        "number": "certificate",
        "product": "product_name",
    }
    existing = known.get("certificates", number)
    if existing is None:
        known.add(
            "certificates",
            Record(
                {"number": number, "product": product_id, **values, "withdrawn": "false", "withdrawn_date": ""},
                row=cells.row.number,
                columns=columns,
            ),
        )
    elif existing.values["product"] != product_id:
        cells.problem(
            "certificate",
            "certificate-other-product",
            f"证书 {number} 在数据中属于产品 {_owner(known, existing.values['product'])}，不是本行的产品："
            "请核对证书编号，或本行的企业、产品名称和规格型号。",
        )
    else:
        _corrected(cells, known, existing, values, columns, f"证书 {number}")


def test_report(cells: RowCells, known: Known, product_id: str, number: str, listed: str | None) -> None:
    """Add the type-test report the demand-standard route rests on, or correct the data's copy of it."""
    lab = cells.required("lab", "检验报告需要检验机构")
    day = cells.date("report_date")
    if day is None and not cells.row.values.get("report_date"):
        cells.missing("report_date", "检验报告需要报告日期")
    if lab is None or day is None:
        return
    if listed and day > listed:
        cells.problem(
            "report_date",
            "report-after-listing",
            f"报告日期 {day} 晚于批次发布日期 {listed}：需求标准途径的产品须有收录前出具的型式检验报告，请核对报告日期。",
        )
        return
    columns = {"number": "report", "lab": "lab", "date": "report_date", "product": "product_name"}
    existing = known.get("test_reports", number)
    if existing is None:
        known.add(
            "test_reports",
            Record(
                {"number": number, "product": product_id, "kind": "type-test", "lab": lab, "date": day},
                row=cells.row.number,
                columns=columns,
            ),
        )
    elif existing.values["product"] != product_id:
        cells.problem(
            "report",
            "report-other-product",
            f"检验报告 {number} 在数据中属于产品 {_owner(known, existing.values['product'])}，不是本行的产品："
            "请核对报告编号，或本行的企业、产品名称和规格型号。",
        )
    else:
        _corrected(cells, known, existing, {"lab": lab, "date": day}, columns, f"检验报告 {number}")


def _corrected(cells: RowCells, known: Known, existing: Record, values: dict, columns: dict, what: str) -> None:
    """Correct a record the data already holds; a record an earlier row of the list added must agree."""
    column = "certificate" if what.startswith("证书") else "report"
    different = {k: (existing.values.get(k, ""), v) for k, v in values.items() if existing.values.get(k, "") != v}
    if not different:
        return
    listed = "；".join(f"{field} {old or '（空）'} 与 {new}" for field, (old, new) in different.items())
    if existing.line is None:
        cells.problem(
            column,
            "conflicting-rows",
            f"{what} 在第 {existing.row} 行已出现，信息与本行不同（{listed}）：同一证书或报告只能有一组日期和星级，请核对。",
        )
        return
    known.change(existing, values, cells.row.number, columns)
    listed = "；".join(f"{field} 由 {old or '（空）'} 改为 {new}" for field, (old, new) in different.items())
    cells.notice(column, "record-corrected", f"{what} 已在数据中，按本表更正：{listed}。请在拉取请求中说明依据。")
