"""Integrity stage: the rules a Table Schema cannot express.

Each rule reads the loaded tables and yields Problems; rows whose cells failed
type conversion are skipped here, the schema check has reported them already.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .. import creditcode, labels
from ..ratio import rules as ratio_rules
from .load import DataSet, Row, Table, display_path
from .problems import Problem

REQUIRED_TABLES = (
    "regions", "categories", "scenarios", "certification_bodies", "reason_codes", "enterprises",
    "enterprise_honours", "products", "product_indicators", "certificates", "test_reports", "catalogs",
    "catalog_batches", "catalog_entries", "negative_list", "demo_projects", "demo_project_materials",
    "demo_project_products", "search_terms", "search_stop_words",
)
POLICY_KEYS = {"id": str, "title": str, "document_number": str, "level": str, "issuers": list,
               "status": str, "source_url": str, "key_tasks": list, "read_at": str, "points": list}
POLICY_LEVELS = set(labels.POLICY_LEVEL)
POLICY_STATUS = set(labels.POLICY_STATUS)


def check(data: DataSet) -> list[Problem]:
    """Run every integrity rule and return all problems found."""
    problems: list[Problem] = []
    for rule in (_references, _credit_codes, _certificate_dates, _entries, _negative_list, _orphans, _policies,
                 _rulesets, _project_materials, _search_vocabulary):
        problems.extend(rule(data))
    return problems


def _keys(table: Table, field: str) -> set:
    return {row[field] for row in table.rows if row[field] is not None}


def _problem(table: Table, row: Row, field: str, code: str, detail: str) -> Problem:
    return Problem(table.file, row.line, field, code, detail)


def _references(data: DataSet) -> Iterator[Problem]:
    t = data.tables
    regions = _keys(t["regions"], "id")
    items = {r["code"] for r in t["categories"].rows if r["level"] == "item"}
    scenarios = _keys(t["scenarios"], "code")
    bodies = _keys(t["certification_bodies"], "id")
    reasons = _keys(t["reason_codes"], "code")
    negative_reasons = {r["code"] for r in t["reason_codes"].rows if r["negative"]}
    checks = (
        ("enterprises", "region", regions, "regions.csv 的 id"),
        ("demo_projects", "region", regions, "regions.csv 的 id"),
        ("products", "category", items, "categories.csv 中品目级（level=item）的 code"),
        ("certificates", "body", bodies, "certification_bodies.csv 的 id"),
        ("catalog_entries", "removal_reason", reasons, "reason_codes.csv 的 code"),
        ("negative_list", "reason", negative_reasons, "reason_codes.csv 中 negative=true 的 code"),
    )
    for name, field, allowed, where in checks:
        table = t[name]
        for row in table.rows:
            if row[field] is not None and row[field] not in allowed:
                yield _problem(table, row, field, "reference-missing", f"“{row[field]}”不是{where}。")
    for row in t["products"].rows:
        for code in (row["scenarios"] or "").split(";"):
            if code and code not in scenarios:
                yield _problem(t["products"], row, "scenarios", "reference-missing",
                               f"应用场景“{code}”不是 scenarios.csv 的 code。")


def _credit_codes(data: DataSet) -> Iterator[Problem]:
    table = data.tables["enterprises"]
    for row in table.rows:
        code = row["credit_code"]
        if code and len(code) == 18 and not creditcode.is_valid(code):
            expected = creditcode.check_character(code[:17]) if all(c in creditcode.ALPHABET for c in code[:17]) else "?"
            yield _problem(table, row, "credit_code", "credit-code-checksum",
                           f"“{code}”的校验位应为“{expected}”，实际为“{code[17]}”。")


def _certificate_dates(data: DataSet) -> Iterator[Problem]:
    table = data.tables["certificates"]
    for row in table.rows:
        issued, expiry, withdrawn, when = row["issue_date"], row["expiry_date"], row["withdrawn"], row["withdrawn_date"]
        if issued and expiry and expiry <= issued:
            yield _problem(table, row, "expiry_date", "certificate-dates", f"有效期至 {expiry} 不晚于发证日期 {issued}。")
        if withdrawn is True and when is None and "withdrawn_date" not in row.bad:
            yield _problem(table, row, "withdrawn_date", "certificate-dates", "证书已撤销，但没有撤销日期。")
        if withdrawn is False and when is not None:
            yield _problem(table, row, "withdrawn_date", "certificate-dates", "证书未撤销，却填写了撤销日期。")
        if when and issued and when < issued:
            yield _problem(table, row, "withdrawn_date", "certificate-dates", f"撤销日期 {when} 早于发证日期 {issued}。")


def _entries(data: DataSet) -> Iterator[Problem]:
    t = data.tables
    table = t["catalog_entries"]
    routes = {r["id"]: r["route"] for r in t["products"].rows}
    published = {(r["catalog"], r["id"]): r["published_date"] for r in t["catalog_batches"].rows}
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
            yield _problem(table, row, "listed_date", "entry-dates", f"收录日期 {listed} 早于批次发布日期 {batch_day}。")
        if removed and removed < listed:
            yield _problem(table, row, "removed_date", "entry-dates", f"移出日期 {removed} 早于收录日期 {listed}。")
        if (removed is None) != (row["removal_reason"] is None) and "removed_date" not in row.bad:
            yield _problem(table, row, "removal_reason", "entry-dates", "移出日期和移出原因须同时填写或同时留空。")
        if routes.get(product) == "certified" and not any(_valid_on(c, listed) for c in certificates[product]):
            yield _problem(table, row, "product", "entry-without-certificate",
                           f"产品 {product} 的入选途径为 certified，但在收录日期 {listed} 没有有效的认证证书。")
        if routes.get(product) == "demand-standard-tested" and not any(
                r["kind"] == "type-test" and r["date"] and r["date"] <= listed for r in reports[product]):
            yield _problem(table, row, "product", "entry-without-test-report",
                           f"产品 {product} 的入选途径为 demand-standard-tested，但收录日期 {listed} 之前没有型式检验报告。")


def _valid_on(certificate: Row, day) -> bool:
    issued, expiry = certificate["issue_date"], certificate["expiry_date"]
    if issued is None or expiry is None or not issued <= day <= expiry:
        return False
    return not certificate["withdrawn"] or (certificate["withdrawn_date"] is not None and day < certificate["withdrawn_date"])


def _negative_list(data: DataSet) -> Iterator[Problem]:
    t = data.tables
    table = t["negative_list"]
    makers = {r["id"]: r["enterprise"] for r in t["products"].rows}
    entries = defaultdict(list)
    for row in t["catalog_entries"].rows:
        entries[row["product"]].append(row)
    for row in table.rows:
        product, enterprise, decided = row["product"], row["enterprise"], row["decision_date"]
        if product is None and enterprise is None:
            yield _problem(table, row, "enterprise", "negative-list-subject", "企业和产品都没有填写。")
        if product and enterprise and product in makers and makers[product] != enterprise:
            yield _problem(table, row, "enterprise", "negative-list-subject",
                           f"产品 {product} 的生产企业是 {makers[product]}，不是 {enterprise}。")
        if product is None or decided is None:
            continue
        for entry in entries[product]:
            if entry["removed_date"] is None or entry["removed_date"] > decided:
                yield _problem(t["catalog_entries"], entry, "removed_date", "negative-listed-active",
                               f"产品 {product} 已于 {decided} 列入负面清单（{row['id']}），"
                               f"但在目录 {entry['catalog']} 批次 {entry['batch']} 中仍为收录状态。")


def _orphans(data: DataSet) -> Iterator[Problem]:
    t = data.tables
    makers = _keys(t["products"], "enterprise")
    for row in t["enterprises"].rows:
        if row["credit_code"] and row["credit_code"] not in makers:
            yield _problem(t["enterprises"], row, "credit_code", "orphan-record", "该企业没有任何产品。")
    batches = {(r["catalog"], r["batch"]) for r in t["catalog_entries"].rows}
    for row in t["catalog_batches"].rows:
        if (row["catalog"], row["id"]) not in batches:
            yield _problem(t["catalog_batches"], row, "id", "orphan-record", "该批次没有任何收录记录。")
    catalogs = _keys(t["catalog_batches"], "catalog")
    for row in t["catalogs"].rows:
        if row["id"] not in catalogs:
            yield _problem(t["catalogs"], row, "id", "orphan-record", "该目录没有任何批次。")
    used = _keys(t["demo_project_products"], "project")
    for row in t["demo_projects"].rows:
        if row["id"] not in used:
            yield _problem(t["demo_projects"], row, "id", "orphan-record", "该示范工程没有列出使用的产品。")


def _policies(data: DataSet) -> Iterator[Problem]:
    seen = set()
    for policy in data.policies:
        meta = policy.meta
        for key, kind in POLICY_KEYS.items():
            if not isinstance(meta.get(key), kind):
                yield Problem(policy.file, None, key, "policy-invalid", f"缺少字段 {key}，或类型不是 {kind.__name__}。")
        if meta.get("level") not in POLICY_LEVELS:
            yield Problem(policy.file, None, "level", "policy-invalid", f"level 须为 {sorted(POLICY_LEVELS)} 之一。")
        if meta.get("status") not in POLICY_STATUS:
            yield Problem(policy.file, None, "status", "policy-invalid", f"status 须为 {sorted(POLICY_STATUS)} 之一。")
        for n, point in enumerate(meta.get("points") if isinstance(meta.get("points"), list) else []):
            if (not isinstance(point, dict) or not isinstance(point.get("text"), str)
                    or point.get("status") not in ratio_rules.FACT_STATUSES):
                yield Problem(policy.file, None, f"points[{n}]", "policy-invalid",
                              "每条要点须有文字 text 和 status：confirmed（读过原文）、secondary（据转发或报道）"
                              "或 unconfirmed（待核实）。")
        url = meta.get("source_url")
        if isinstance(url, str) and not url.startswith(("http://", "https://")):
            yield Problem(policy.file, None, "source_url", "policy-invalid", "source_url 须以 http:// 或 https:// 开头。")
        pid = meta.get("id")
        if isinstance(pid, str) and (pid in seen or not policy.file.endswith(f"/{pid}.md")):
            yield Problem(policy.file, None, "id", "policy-invalid", f"id “{pid}”须与文件名一致且不重复。")
        seen.add(pid)
    ids = {p.meta.get("id") for p in data.policies}
    for policy in data.policies:
        for ref in policy.meta.get("rests_on") or []:
            if ref not in ids:
                yield Problem(policy.file, None, "rests_on", "policy-invalid", f"rests_on 中的“{ref}”不是已有政策文件的 id。")


def _marked_default(data: DataSet, threshold: bool = False) -> list:
    return [r for r in data.ratio_rules if isinstance(r.data, dict) and r.data.get("default")
            and (r.data.get("kind") == "threshold-table") == threshold]


def default_ruleset_data(data: DataSet) -> dict | None:
    """The scoring ruleset marked ``default: true`` (used for demonstration projects), if exactly one is."""
    marked = _marked_default(data)
    return marked[0].data if len(marked) == 1 else None


def _rulesets(data: DataSet) -> Iterator[Problem]:
    if not data.ratio_rules:
        yield Problem(display_path(data.root / "ratio_rules"), None, None, "ratio-ruleset-invalid",
                      "没有任何绿色建材应用比例规则文件。")
        return
    for rule in data.ratio_rules:
        yield from ratio_rules.check(rule.file, rule.data)
    for threshold, what in ((False, "可计分的规则"), (True, "评价标准得分表（threshold-table）")):
        marked = _marked_default(data, threshold)
        if len(marked) != 1:
            yield Problem((marked[1] if marked else data.ratio_rules[0]).file, None, "default", "ratio-ruleset-invalid",
                          f"{what}中须恰有一个写 default: true（现有 {len(marked)} 个）。")
    for rule in _marked_default(data):
        if rule.data.get("status") == "unsourced":
            yield Problem(rule.file, None, "default", "ratio-ruleset-invalid",
                          "来源不明（unsourced）的规则不能作为默认规则；请把 default: true 写在有原文依据的规则中。")


def _default_items(default: dict) -> dict[str, dict]:
    groups = default.get("groups") if isinstance(default.get("groups"), list) else []
    return {i.get("id"): i for g in groups if isinstance(g, dict) and isinstance(g.get("items"), list)
            for i in g["items"] if isinstance(i, dict)}


def _project_materials(data: DataSet) -> Iterator[Problem]:
    default = default_ruleset_data(data)
    if default is None:
        return
    items = _default_items(default)
    t = data.tables
    totals = {}
    for row in t["demo_project_materials"].rows:
        key = (row["project"], row["item"], row["kind"])
        totals[key] = row["total"]
        item = items.get(row["item"])
        if row["item"] and item is None:
            yield _problem(t["demo_project_materials"], row, "item", "project-materials",
                           f"分项“{row['item']}”不在默认规则 {default.get('id')} 中。")
        elif item is not None and bool(item.get("other")) != bool(row["kind"]):
            yield _problem(t["demo_project_materials"], row, "kind", "project-materials",
                           f"“{item.get('name')}”是其他类，须在 kind 中写明产品种类（每个种类一行）。" if item.get("other")
                           else f"只有其他类分项填写 kind；“{item.get('name')}”请把 kind 留空。")
        elif item is not None and item.get("units") and row["unit"] not in item["units"]:
            yield _problem(t["demo_project_materials"], row, "unit", "project-materials",
                           f"“{item.get('name')}”的计算单位须为 {'或'.join(item['units'])}（默认规则 {default.get('id')}），"
                           f"现为“{row['unit']}”。")
    for row in t["demo_projects"].rows:
        if row["id"] and not any((total or 0) > 0 for (project, _, _), total in totals.items() if project == row["id"]):
            yield _problem(t["demo_projects"], row, "id", "project-materials",
                           "该示范工程在 demo_project_materials.csv 中没有任何总用量大于 0 的分项，无法计算应用比例。")
    used = defaultdict(float)
    last = {}
    for row in t["demo_project_products"].rows:
        key = (row["project"], row["item"], row["kind"])
        if row["item"] and row["item"] not in items:
            yield _problem(t["demo_project_products"], row, "item", "project-materials",
                           f"分项“{row['item']}”不在默认规则 {default.get('id')} 中。")
        elif row["item"] and key not in totals:
            what = f"分项“{row['item']}”" + (f"中产品种类“{row['kind']}”" if row["kind"] else "")
            yield _problem(t["demo_project_products"], row, "kind" if row["kind"] else "item", "project-materials",
                           f"项目 {row['project']} 没有在 demo_project_materials.csv 中写明{what}的总用量。")
        used[key] += row["quantity"] or 0.0
        last[key] = row
    for key, quantity in used.items():
        total = totals.get(key)
        if total is not None and quantity > total + 1e-9:
            yield _problem(t["demo_project_products"], last[key], "quantity", "project-materials",
                           f"项目 {key[0]} 分项“{key[1]}”的产品用量合计 {quantity:g} 超过总用量 {total:g}。")


def _search_vocabulary(data: DataSet) -> Iterator[Problem]:
    """Dictionary targets are written as the catalogue writes them; stop words never hide a catalogue word."""
    t = data.tables
    names = [r["name"] for name in ("products", "categories", "scenarios") for r in t[name].rows if r["name"]]
    terms, stops = t["search_terms"], t["search_stop_words"]
    stop_words = _keys(stops, "word")
    for row in terms.rows:
        term = row["term"]
        for target in (row["targets"] or "").split(";"):
            if target and not any(target in name for name in names):
                yield _problem(terms, row, "targets", "search-vocabulary",
                               f"目标词“{target}”不在任何产品名称、产品分类名称或应用场景名称中，搜索不到它：请检查写法；"
                               "若已没有这样的产品，删去这个目标词（或整行）。")
            elif target and target == term:
                yield _problem(terms, row, "targets", "search-vocabulary", f"目标词“{target}”与常用叫法相同。")
        if term in stop_words:
            yield _problem(terms, row, "term", "search-vocabulary",
                           f"“{term}”同时是停用词（search_stop_words.csv），搜索时会被忽略。")
    catalogue_words = set(names) | _keys(t["regions"], "name")
    for row in stops.rows:
        if row["word"] in catalogue_words:
            yield _problem(stops, row, "word", "search-vocabulary",
                           f"停用词“{row['word']}”是目录中的名称，搜索时不能忽略它。")
