"""Routes and their evidence: a certificate or type-test report for every product, valid on each listing date.

``products`` asks of every product, listed or not, the evidence its route needs (a certificate for
``certified``, a type-test report for ``demand-standard-tested``); ``entries`` asks it of each catalog listing
on its date, with the listing and removal dates themselves. A product whose certificate or report has a
broken cell is not judged here: its entries are counted under that cell's problem.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from .. import labels
from .load import DataSet, Row
from .problems import Problem


def _described(certificate: Row, day) -> str:
    """Why a certificate was not valid on ``day``, in words."""
    number, issued, expiry, when = (certificate[k] for k in ("number", "issue_date", "expiry_date", "withdrawn_date"))
    if issued and day < issued:
        return f"{number} 于 {issued} 才发证"
    if expiry and day > expiry:
        return f"{number} 已于 {expiry} 到期"
    if certificate["withdrawn"] and when and day >= when:
        return f"{number} 已于 {when} 撤销"
    return f"{number} 已撤销"


def products(data: DataSet, known) -> Iterator[Problem]:
    """Every product has the evidence its route asks for, whether or not it is in a catalog."""
    t = data.tables
    certified = {row["product"] for row in t["certificates"].rows}
    tested = {row["product"] for row in t["test_reports"].rows if row["kind"] == "type-test"}
    broken = _broken_products(data, known)
    entries = defaultdict(list)
    for row in t["catalog_entries"].rows:
        entries[row["product"]].append(f"catalog_entries.csv 第 {row.line} 行")
    for row in t["products"].rows:
        product, route = row["id"], row["route"]
        if product is None or product in broken or (t["products"].file, row.line, "id") in known:
            continue
        cause = known.suggested.get(product)  # a misspelt reference to it elsewhere
        if route == "certified" and product not in certified:
            detail = (
                f"产品 {product} 的入选途径是 certified（{labels.ROUTE['certified']}），但 certificates.csv 中没有它的任何证书。"
            )
            fix = (
                "在 certificates.csv 中添加这个产品的认证证书（python -m generator new certificate 生成骨架）；"
                "产品没有认证的话，把 route 改为 demand-standard-tested 并在 test_reports.csv 中提供型式检验报告。"
            )
        elif route == "demand-standard-tested" and product not in tested:
            detail = (
                f"产品 {product} 的入选途径是 demand-standard-tested（{labels.ROUTE['demand-standard-tested']}），"
                "但 test_reports.csv 中没有它的型式检验（type-test）报告。"
            )
            fix = (
                "在 test_reports.csv 中添加这个产品的型式检验报告（kind 写 type-test）；"
                "产品已获认证的话，把 route 改为 certified 并在 certificates.csv 中添加证书。"
            )
        else:
            continue
        yield Problem(
            t["products"].file,
            row.line,
            "route",
            "product-without-evidence",
            detail,
            fix,
            cause=cause,
            also=tuple(entries[product]),
        )


def _broken_products(data: DataSet, known) -> dict[str, tuple]:
    """Products whose certificate or test report has a broken cell: product → that cell's location."""
    broken = {}
    for name in ("certificates", "test_reports"):
        table = data.tables[name]
        for row in table.rows:
            for field in ("issue_date", "expiry_date", "withdrawn", "withdrawn_date", "date", "kind", "product"):
                if (table.file, row.line, field) in known and row["product"]:
                    broken.setdefault(row["product"], (table.file, row.line, field))
    return broken


def entries(data: DataSet, known) -> Iterator[Problem]:
    t = data.tables
    table = t["catalog_entries"]
    routes = t["products"].first("id", "route")
    published = {(r["catalog"], r["id"]): r["published_date"] for r in t["catalog_batches"].rows}
    broken = _broken_products(data, known)
    certificates, reports = defaultdict(list), defaultdict(list)
    for row in t["certificates"].rows:
        certificates[row["product"]].append(row)
    for row in t["test_reports"].rows:
        reports[row["product"]].append(row)
    for row in table.rows:
        product, listed, removed = row["product"], row["listed_date"], row["removed_date"]
        if listed is None:
            continue
        batch_day = published.get((row["catalog"], row["batch"]))
        if batch_day and listed < batch_day:
            yield Problem(
                table.file,
                row.line,
                "listed_date",
                "entry-dates",
                f"收录日期 {listed} 早于批次 {row['batch']} 的发布日期 {batch_day}。",
                f"照批次公告核对：收录日期一般就是发布日期 {batch_day}，不能更早。",
                (batch_day.isoformat(),),
            )
        if removed and removed < listed:
            yield Problem(
                table.file,
                row.line,
                "removed_date",
                "entry-dates",
                f"移出日期 {removed} 早于收录日期 {listed}。",
                "照移出公告核对移出日期，它不能早于收录日期。",
            )
        if (removed is None) != (row["removal_reason"] is None) and "removed_date" not in row.bad:
            missing = "移出原因" if removed else "移出日期"
            yield Problem(
                table.file,
                row.line,
                "removal_reason" if removed else "removed_date",
                "entry-dates",
                f"填了{'移出日期 ' + str(removed) if removed else '移出原因“' + str(row['removal_reason']) + '”'}，"
                f"却没有{missing}。",
                "移出日期和移出原因要同时填写（产品已移出），或同时留空（产品仍在录）；"
                "原因代码见 reference/reason_codes.csv，如 expired、withdrawn-by-maker。",
            )
        route = routes.get(product)
        if route == "certified" and certificates[product] and not any(_valid_on(c, listed) for c in certificates[product]):
            if product in broken:
                yield Problem(
                    table.file,
                    row.line,
                    "product",
                    "entry-without-certificate",
                    _unjudged(product, broken, listed),
                    cause=broken[product],
                )
                continue
            why = "；".join(_described(c, listed) for c in certificates[product])
            yield Problem(
                table.file,
                row.line,
                "product",
                "entry-without-certificate",
                f"产品 {product} 是认证产品，收录日期 {listed} 当天它没有有效的证书：{why}。",
                "照证书核对证书日期和收录日期；收录时另有有效证书的话，把那张证书也加到 certificates.csv "
                "（换发的新证书另起一行，旧证书的行保留不动）。",
            )
        if (
            route == "demand-standard-tested"
            and any(r["kind"] == "type-test" for r in reports[product])
            and not any(r["kind"] == "type-test" and r["date"] and r["date"] <= listed for r in reports[product])
        ):
            if product in broken:
                yield Problem(
                    table.file,
                    row.line,
                    "product",
                    "entry-without-test-report",
                    _unjudged(product, broken, listed),
                    cause=broken[product],
                )
                continue
            first = min(r["date"] for r in reports[product] if r["kind"] == "type-test" and r["date"])
            yield Problem(
                table.file,
                row.line,
                "product",
                "entry-without-test-report",
                f"产品 {product} 按需求标准检验入选，但它的型式检验报告 {first} 才出具，晚于收录日期 {listed}。",
                "照报告核对报告日期和收录日期；收录前另有型式检验报告的话，把它加到 test_reports.csv。",
            )


def _unjudged(product: str, broken: dict, listed) -> str:
    file, line, _ = broken[product]
    return f"产品 {product} 的证明材料有一格填错了（{Path(file).name} 第 {line} 行），收录日期 {listed} 当天是否有效无法判断。"


def _valid_on(certificate: Row, day) -> bool:
    issued, expiry = certificate["issue_date"], certificate["expiry_date"]
    if issued is None or expiry is None or not issued <= day <= expiry:
        return False
    return not certificate["withdrawn"] or (certificate["withdrawn_date"] is not None and day < certificate["withdrawn_date"])
