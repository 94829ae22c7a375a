"""Integrity stage: the rules a Table Schema cannot express.

Each rule reads the loaded tables and yields Problems. Cells that failed their own check (``Row.bad``) are
skipped, and a rule does not run on a table whose header is broken: those are reported already, and every
row would otherwise repeat them. When a rule's finding follows from a problem reported elsewhere (entries of
a product whose certificate has a broken date), it names that problem as its ``cause`` and is counted under
it instead of standing alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from . import cells, documents, evidence, vocabulary
from .load import DataSet, Row, Table
from .problems import Known, Problem

REQUIRED_TABLES = (
    "regions",
    "categories",
    "scenarios",
    "certification_bodies",
    "reason_codes",
    "enterprises",
    "enterprise_honours",
    "products",
    "product_indicators",
    "certificates",
    "test_reports",
    "catalogs",
    "catalog_batches",
    "catalog_entries",
    "negative_list",
    "demo_projects",
    "demo_project_materials",
    "demo_project_products",
    "search_terms",
    "search_stop_words",
)


def check(data: DataSet, known: Known | None = None) -> list[Problem]:
    """Run every integrity rule and return all problems found; ``known``: the problems reported before."""
    known = known if known is not None else Known()
    intact = {name for name, t in data.tables.items() if {f["name"] for f in t.schema.get("fields", [])} <= set(t.header or ())}
    rules = (
        (_certificate_dates, {"certificates"}),
        (_indicator_values, {"product_indicators"}),
        (evidence.products, {"products", "certificates", "test_reports", "catalog_entries"}),
        (evidence.entries, {"products", "catalog_batches", "certificates", "test_reports", "catalog_entries"}),
        (_negative_list, {"negative_list", "products", "catalog_entries"}),
        (
            _orphans,
            {
                "enterprises",
                "products",
                "catalog_batches",
                "catalog_entries",
                "catalogs",
                "demo_projects",
                "demo_project_products",
            },
        ),
        (_project_materials, {"demo_project_materials", "demo_projects", "demo_project_products"}),
        (vocabulary.check, vocabulary.TABLES),
    )
    problems: list[Problem] = []
    for rule, tables in rules:  # in order: a later rule knows what an earlier one found (certificate dates → entries)
        if tables <= intact:
            found = list(rule(data, known))
            known.update(p.location() for p in found)
            problems.extend(found)
    problems.extend(documents.policies(data))
    problems.extend(documents.rulesets(data))
    return problems


def _problem(
    table: Table, row: Row, field: str, code: str, detail: str, fix: str = "", suggestions: tuple = (), cause: tuple | None = None
) -> Problem:
    return Problem(table.file, row.line, field, code, detail, fix, suggestions, cause)


def _certificate_dates(data: DataSet, known) -> Iterator[Problem]:
    table = data.tables["certificates"]
    for row in table.rows:
        issued, expiry, withdrawn, when = row["issue_date"], row["expiry_date"], row["withdrawn"], row["withdrawn_date"]
        if issued and expiry and expiry <= issued:
            yield _problem(
                table,
                row,
                "expiry_date",
                "certificate-dates",
                f"有效期至 {expiry} 不晚于发证日期 {issued}：证书不可能在发证之前（或当天）就到期。",
                "照证书核对两个日期，多半是把两者填反了或年份抄错了；绿色建材产品认证证书一般有效期 5 年。",
            )
        if withdrawn is True and when is None and "withdrawn_date" not in row.bad:
            yield _problem(
                table,
                row,
                "withdrawn_date",
                "certificate-dates",
                "已撤销（withdrawn 为 true），但撤销日期是空的。",
                "照撤销公告填写撤销日期（YYYY-MM-DD）；如果证书其实没有撤销，把 withdrawn 改为 false。",
            )
        if withdrawn is False and when is not None:
            yield _problem(
                table,
                row,
                "withdrawn_date",
                "certificate-dates",
                f"未撤销（withdrawn 为 false），却填写了撤销日期 {when}。",
                "证书已撤销的话，把 withdrawn 改为 true；没有撤销的话，清空撤销日期。",
            )
        if when and issued and when < issued:
            yield _problem(
                table,
                row,
                "withdrawn_date",
                "certificate-dates",
                f"撤销日期 {when} 早于发证日期 {issued}。",
                "照撤销公告和证书核对这两个日期。",
            )


def _indicator_values(data: DataSet, known) -> Iterator[Problem]:
    """A performance indicator's value with its unit written in (0.040 W/(m·K)): the unit has its own column."""
    table = data.tables["product_indicators"]
    for row in table.rows:
        found = cells.unit_suffix(row["value"] or "")
        if found:
            number, unit = found
            column = row["unit"]
            where = (
                f"单位 {unit} 已写在 unit 列"
                if column == unit
                else f"把单位 {unit} 写到 unit 列"
                if not column
                else f"核对单位：unit 列写的是 {column}，数值后面写的是 {unit}"
            )
            yield _problem(
                table,
                row,
                "value",
                "value-with-unit",
                f"数值“{row['value']}”在数字后面写了单位“{unit}”。",
                f"value 只写数字 {number}；{where}。",
                (number,),
            )


def _negative_list(data: DataSet, known) -> Iterator[Problem]:
    t = data.tables
    table = t["negative_list"]
    makers = t["products"].first("id", "enterprise")
    broken_makers = {r["enterprise"] for r in t["products"].rows if (t["products"].file, r.line, "enterprise") in known}
    entries = defaultdict(list)
    for row in t["catalog_entries"].rows:
        entries[row["product"]].append(row)
    for row in table.rows:
        product, enterprise, decided = row["product"], row["enterprise"], row["decision_date"]
        if product is None and enterprise is None and not {"product", "enterprise"} & row.bad:
            yield _problem(
                table,
                row,
                "enterprise",
                "negative-list-subject",
                "涉及企业和涉及产品都是空的。",
                "照决定文件至少填写其中一项：企业填统一社会信用代码，产品填产品编号。",
            )
        if (
            product
            and enterprise
            and product in makers
            and makers[product] != enterprise
            and makers[product] not in broken_makers
        ):
            yield _problem(
                table,
                row,
                "enterprise",
                "negative-list-subject",
                f"产品 {product} 的生产企业是 {makers[product]}，不是这里填的 {enterprise}。",
                f"照决定文件核对：产品没错的话，企业改为 {makers[product]}；企业没错的话，改正产品编号。",
                (makers[product],),
            )
        if product is None or decided is None:
            continue
        for entry in entries[product]:
            if entry["removed_date"] is None or entry["removed_date"] > decided:
                state = "仍为收录状态" if entry["removed_date"] is None else f"移出日期 {entry['removed_date']} 晚于决定日期"
                yield _problem(
                    t["catalog_entries"],
                    entry,
                    "removed_date",
                    "negative-listed-active",
                    f"产品 {product} 已于 {decided} 列入负面清单（{row['id']}，negative_list.csv 第 {row.line} 行），"
                    f"但在目录 {entry['catalog']} 批次 {entry['batch']} 中{state}。",
                    f"在这一行填写移出日期（不晚于 {decided}，一般就写 {decided}）和移出原因 {row['reason']}。",
                    (decided.isoformat(),),
                )


def _orphans(data: DataSet, known) -> Iterator[Problem]:
    """Records nothing belongs to. One whose key cell is broken, or whose references another problem suggests
    putting back, follows from that problem and is counted under it."""
    t = data.tables
    checks = (
        (
            "enterprises",
            "credit_code",
            t["products"].values("enterprise"),
            lambda r: r["credit_code"],
            lambda r: f"企业 {r['credit_code']} 没有任何产品。",
            "在 products.csv 中添加它的产品（python -m generator new product 生成骨架，同一个拉取请求里提交），或删除这一行。",
        ),
        (
            "catalog_batches",
            "id",
            {(r["catalog"], r["batch"]) for r in t["catalog_entries"].rows},
            lambda r: (r["catalog"], r["id"]),
            lambda r: f"目录 {r['catalog']} 的批次 {r['id']} 没有任何收录记录。",
            "在 catalog_entries.csv 中为本批每个产品添加一行收录记录（同一个拉取请求里提交），或删除这一行。",
        ),
        (
            "catalogs",
            "id",
            t["catalog_batches"].values("catalog"),
            lambda r: r["id"],
            lambda r: f"目录 {r['id']} 没有任何批次。",
            "在 catalog_batches.csv 中添加它的批次和收录记录，或删除这一行。",
        ),
        (
            "demo_projects",
            "id",
            t["demo_project_products"].values("project"),
            lambda r: r["id"],
            lambda r: f"示范工程 {r['id']} 没有列出使用的产品。",
            "在 demo_project_products.csv 中列出它使用的目录产品，或删除这一行。",
        ),
    )
    suggested = getattr(known, "suggested", {})
    for name, field, used, key, detail, fix in checks:
        table = t[name]
        for row in table.rows:
            value = key(row)
            if row[field] is None or value in used:
                continue
            cause = (table.file, row.line, field) if (table.file, row.line, field) in known else suggested.get(row[field])
            yield _problem(table, row, field, "orphan-record", detail(row), fix, cause=cause)


def _project_materials(data: DataSet, known) -> Iterator[Problem]:
    default = documents.default_ruleset_data(data)
    if default is None:
        return
    items = documents.default_items(default)
    listed = "、".join(sorted(str(i) for i in items))
    t = data.tables
    totals = {}
    for row in t["demo_project_materials"].rows:
        key = (row["project"], row["item"], row["kind"])
        totals[key] = row["total"]
        item = items.get(row["item"])
        if row["item"] and item is None:
            yield _problem(
                t["demo_project_materials"],
                row,
                "item",
                "project-materials",
                f"分项“{row['item']}”不在默认计算规则 {default.get('id')} 中。",
                f"改为规则中的分项：{listed}。",
            )
        elif item is not None and bool(item.get("other")) != bool(row["kind"]):
            yield _problem(
                t["demo_project_materials"],
                row,
                "kind",
                "project-materials",
                f"“{item.get('name')}”是其他类，须在 kind 中写明产品种类（每个种类一行）。"
                if item.get("other")
                else f"只有其他类分项填写 kind；“{item.get('name')}”请把 kind 留空。",
                "其他类分项每个产品种类写一行并填写 kind；其余分项 kind 留空。",
            )
        elif item is not None and item.get("units") and row["unit"] not in item["units"]:
            yield _problem(
                t["demo_project_materials"],
                row,
                "unit",
                "project-materials",
                f"“{item.get('name')}”的计算单位须为 {'或'.join(item['units'])}（默认规则 {default.get('id')}），"
                f"现为“{row['unit']}”。",
                f"单位改为 {'或'.join(item['units'])}，总用量按这个单位换算。",
                tuple(item["units"]),
            )
    for row in t["demo_projects"].rows:
        if row["id"] and not any((total or 0) > 0 for (project, _, _), total in totals.items() if project == row["id"]):
            yield _problem(
                t["demo_projects"],
                row,
                "id",
                "project-materials",
                f"示范工程 {row['id']} 在 demo_project_materials.csv 中没有任何总用量大于 0 的分项，无法计算应用比例。",
                "在 demo_project_materials.csv 中按分项写明这个工程的材料总用量。",
            )
    used = defaultdict(float)
    last = {}
    for row in t["demo_project_products"].rows:
        key = (row["project"], row["item"], row["kind"])
        if row["item"] and row["item"] not in items:
            yield _problem(
                t["demo_project_products"],
                row,
                "item",
                "project-materials",
                f"分项“{row['item']}”不在默认计算规则 {default.get('id')} 中。",
                f"改为规则中的分项：{listed}。",
            )
        elif row["item"] and key not in totals:
            what = f"分项“{row['item']}”" + (f"中产品种类“{row['kind']}”" if row["kind"] else "")
            yield _problem(
                t["demo_project_products"],
                row,
                "kind" if row["kind"] else "item",
                "project-materials",
                f"项目 {row['project']} 没有在 demo_project_materials.csv 中写明{what}的总用量。",
                f"在 demo_project_materials.csv 中为项目 {row['project']} 加一行{what}的总用量和单位。",
            )
        used[key] += row["quantity"] or 0.0
        last[key] = row
    for key, quantity in used.items():
        total = totals.get(key)
        if total is not None and quantity > total + 1e-9:
            yield _problem(
                t["demo_project_products"],
                last[key],
                "quantity",
                "project-materials",
                f"项目 {key[0]} 分项“{key[1]}”的产品用量合计 {quantity:g} 超过总用量 {total:g}。",
                "核对各产品的用量和 demo_project_materials.csv 中的总用量（总用量包括非绿色建材，不能小于产品用量之和）。",
            )
