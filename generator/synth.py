"""Deterministic synthetic catalog data: the sample dataset and benchmark inputs.

Everything written here is fictitious: enterprise names contain 示例, credit
codes have an organization-code part starting with 0000, certificate and
report numbers start with SL (示例).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import creditcode
from .synth_projects import demo_projects

TEMPLATES = Path(__file__).with_name("synth_templates.yaml")
PROJECT_DATA = Path(__file__).resolve().parent.parent / "catalog_data"
CATALOGS = [
    (
        "procurement",
        "吉林省政府采购绿色建材产品推荐目录",
        "吉林省住房和城乡建设厅、吉林省财政厅（示例）",
        "收录满足政府采购需求标准的绿色建材，含已认证产品和经检验满足需求标准的未认证产品。",
        [
            ("2025-1", "2025年第一批", dt.date(2025, 3, 20)),
            ("2025-2", "2025年第二批", dt.date(2025, 9, 15)),
            ("2026-1", "2026年第一批", dt.date(2026, 4, 10)),
        ],
    ),
    (
        "suitable",
        "吉林省适用绿色建材推广应用目录",
        "吉林省住房和城乡建设厅、吉林省工业和信息化厅（示例）",
        "适合吉林省气候与资源条件、面向不同应用场景推广的绿色建材。",
        [("2025-1", "2025年第一批", dt.date(2025, 5, 8)), ("2026-1", "2026年第一批", dt.date(2026, 6, 1))],
    ),
    (
        "construction",
        "吉林省建设工程材料应用目录",
        "吉林省住房和城乡建设厅（示例）",
        "建设工程中推荐使用的材料。",
        [("2025-1", "2025年第一批", dt.date(2025, 7, 1))],
    ),
]
NEGATIVE_REASONS = ["fraud", "improper-certification", "quality-safety-defect", "mismatch"]
DEPARTMENTS = ["吉林省住房和城乡建设厅（示例）", "吉林省市场监督管理厅（示例）", "吉林省工业和信息化厅（示例）"]


@dataclass(frozen=True)
class SynthOptions:
    """What to generate."""

    products: int
    """Number of products."""
    enterprises: int
    """Number of enterprises; every region gets at least one."""
    seed: int
    """Random seed: the same options give the same files."""
    as_of: dt.date
    """Date the certificate statuses are spread around."""


def write_dataset(options: SynthOptions, out: Path) -> dict[str, int]:
    """Write a complete data folder (reference, catalog, policies) into ``out``.

    Returns the number of rows written per table.
    """
    out.mkdir(parents=True, exist_ok=True)
    for part in ("reference", "policies", "ratio_rules"):
        if (out / part).resolve() != (PROJECT_DATA / part).resolve():
            shutil.copytree(PROJECT_DATA / part, out / part, dirs_exist_ok=True)
    catalog_dir = out / "catalog"
    catalog_dir.mkdir(exist_ok=True)
    descriptor = PROJECT_DATA / "catalog" / "datapackage.yaml"
    if (catalog_dir / "datapackage.yaml").resolve() != descriptor.resolve():
        shutil.copyfile(descriptor, catalog_dir / "datapackage.yaml")
    tables = _Synth(options).tables()
    for name, rows in tables.items():
        _write_csv(catalog_dir / f"{name}.csv", rows)
    return {name: len(rows) for name, rows in tables.items()}


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


class _Synth:
    """Builds all catalog tables from one random stream."""

    def __init__(self, options: SynthOptions):
        self.opt = options
        self.rng = random.Random(options.seed)  # noqa: S311 - fictitious data, not security
        self.spec = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))
        self.reports: list[dict] = []
        self.certificates: list[dict] = []

    def tables(self) -> dict[str, list[dict]]:
        enterprises, trades = self._enterprises()
        products, indicators = self._products(enterprises, trades)
        entries, batches = self._entries(products)
        negative = self._negative_list(products, entries)
        projects, materials, used = demo_projects(products, self.spec["ratio_items"], random.Random(f"{self.opt.seed}-projects"))  # noqa: S311
        return {
            "enterprises": enterprises,
            "enterprise_honours": self._honours(enterprises),
            "products": products,
            "product_indicators": indicators,
            "certificates": self.certificates,
            "test_reports": self.reports,
            "catalogs": [{"id": c[0], "name": c[1], "issuer": c[2], "description": c[3]} for c in CATALOGS],
            "catalog_batches": batches,
            "catalog_entries": entries,
            "negative_list": negative,
            "demo_projects": projects,
            "demo_project_materials": materials,
            "demo_project_products": used,
        }

    # enterprises ---------------------------------------------------------
    def _enterprises(self) -> tuple[list[dict], list[list[dict]]]:
        regions = list(self.spec["regions"])
        brands = self.spec["brands"]
        templates = self.spec["templates"]
        rows, trades = [], []
        for i in range(self.opt.enterprises):
            region = regions[i % len(regions)] if i < 3 * len(regions) else self.rng.choice(regions[:3] + regions)
            info = self.spec["regions"][region]
            first = templates[i % len(templates)]
            own = [t for t in templates if t["trade"] == first["trade"]]
            n = len(brands)
            brand = brands[i] if i < n else brands[i % n][0] + brands[(i * 7 + i // n) % n][1]
            area = self.rng.choice(info["area"])
            org = f"0000{i + 1:05d}"
            first17 = f"91{area}{org}"
            code = first17 + creditcode.check_character(first17)
            name = f"{info['prefix']}{brand}示例{first['trade']}有限公司"
            rows.append(
                {
                    "credit_code": code,
                    "name": name,
                    "short_name": f"{brand}{first['trade'][:2]}",
                    "region": region,
                    "address": "吉林省{}{}{}号（示例地址）".format(
                        info["prefix"], self.rng.choice(info["streets"]), self.rng.randint(1, 3999)
                    ),
                    "phone": f"0431-8{self.rng.randint(0, 9999999):07d}",
                    "email": f"contact{i + 1}@example.com",
                    "website": f"https://example.com/enterprise-{i + 1}" if i % 3 else "",
                    "profile": (
                        f"{name}为本站虚构的示例企业，主要生产{'、'.join(sorted({n for t in own for n in t['names']})[:4])}"
                        f"等产品，产品用于{self._scenario_words(first['scenarios'])}等场景。"
                    ),
                }
            )
            trades.append(own)
        return rows, trades

    def _honours(self, enterprises: list[dict]) -> list[dict]:
        rows = []
        for i, ent in enumerate(enterprises):
            if i % 3 == 0:
                for honour, issuer in self.rng.sample(self.spec["honours"], k=1 + i % 2):
                    rows.append(
                        {
                            "enterprise": ent["credit_code"],
                            "honour": honour,
                            "year": self.rng.randint(2019, 2025),
                            "issuer": issuer,
                        }
                    )
        return rows

    @staticmethod
    def _scenario_words(codes: list[str]) -> str:
        names = {
            "green-building": "绿色建筑",
            "ultra-low-energy": "超低能耗建筑",
            "prefabricated": "装配式建筑",
            "sponge-city": "海绵城市",
            "rural-housing": "农房",
        }
        return "、".join(names[c] for c in codes)

    # products, certificates, test reports ---------------------------------
    def _products(self, enterprises: list[dict], trades: list[list[dict]]) -> tuple[list[dict], list[dict]]:
        products, indicators = [], []
        for i in range(self.opt.products):
            owner = i % len(enterprises)
            template = trades[owner][(i // len(enterprises)) % len(trades[owner])]
            pick = self.rng.randrange(len(template["names"]))
            name = template["names"][pick]
            pid = f"P{i + 1:05d}"
            scenarios = sorted(self.rng.sample(template["scenarios"], k=self.rng.randint(1, len(template["scenarios"]))))
            model = f"{template['model'][pick]}-{self.rng.randint(10, 990)}"
            products.append(
                {
                    "id": pid,
                    "name": name,
                    "model": model,
                    "category": template["category"],
                    "enterprise": enterprises[owner]["credit_code"],
                    "route": template["route"],
                    "scenarios": ";".join(scenarios),
                    "description": f"示例产品：{name}（{model}），适用于{self._scenario_words(scenarios)}。",
                }
            )
            reports = self._certify(pid, i) if template["route"] == "certified" else self._test(pid, i)
            for name_, unit, low, high, decimals, attribute in template["indicators"]:
                indicators.append(
                    {
                        "product": pid,
                        "indicator": name_,
                        "value": self._value(low, high, decimals),
                        "unit": unit,
                        "attribute": attribute,
                        "test_report": reports.get(attribute, ""),
                    }
                )
        return products, indicators

    def _value(self, low, high, decimals: int) -> str:
        if isinstance(low, str):
            return self.rng.choice([low, high])
        return f"{self.rng.uniform(low, high):.{decimals}f}"

    def _certify(self, pid: str, i: int) -> dict[str, str]:
        as_of, kind = self.opt.as_of, i % 20
        if kind == 0:  # expired
            issue = _years_before(as_of, 5) - dt.timedelta(days=self.rng.randint(20, 300))
        elif kind == 1:  # expiring within 90 days
            issue = _years_before(as_of, 5) + dt.timedelta(days=self.rng.randint(5, 80))
        else:
            issue = as_of - dt.timedelta(days=self.rng.randint(640, 1700))
        expiry = _years_before(issue, -5) - dt.timedelta(days=1)
        withdrawn = kind == 2
        body = self.rng.choice(["ctc-gc", "cabr-cc", "gjlx", "ctc"])
        self.certificates.append(
            {
                "number": f"SL-{body.upper()}-{issue.year}-{len(self.certificates) + 1:05d}",
                "product": pid,
                "body": body,
                "grade": self.rng.choice([1, 2, 2, 3, 3, 3]),
                "issue_date": issue.isoformat(),
                "expiry_date": expiry.isoformat(),
                "withdrawn": "true" if withdrawn else "false",
                "withdrawn_date": (as_of - dt.timedelta(days=self.rng.randint(30, 400))).isoformat() if withdrawn else "",
            }
        )
        return {}

    def _test(self, pid: str, i: int) -> dict[str, str]:
        lab = self.rng.choice(self.spec["labs"])
        numbers = {}
        for kind, attribute in (("type-test", None), ("quality", "品质属性"), ("green", "绿色属性")):
            number = f"SL-JC-{kind[0].upper()}-{len(self.reports) + 1:06d}"
            day = dt.date(2024, 6, 1) + dt.timedelta(days=self.rng.randint(0, 250))
            self.reports.append({"number": number, "product": pid, "kind": kind, "lab": lab, "date": day.isoformat()})
            if attribute:
                numbers[attribute] = number
        return numbers

    # catalogs, negative list, demonstration projects ----------------------
    def _entries(self, products: list[dict]) -> tuple[list[dict], list[dict]]:
        batches = [
            {
                "catalog": cid,
                "id": bid,
                "name": bname,
                "document_number": f"示例文号〔{bdate.year}〕{n + 1}号",
                "published_date": bdate.isoformat(),
            }
            for cid, _, _, _, blist in CATALOGS
            for n, (bid, bname, bdate) in enumerate(blist)
        ]
        certs = {c["product"]: c for c in self.certificates}
        entries = []
        for i, product in enumerate(products):
            cert = certs.get(product["id"])
            wanted = [
                c for c, share in (("procurement", 0.8), ("suitable", 0.5), ("construction", 0.3)) if self.rng.random() < share
            ] or ["procurement"]
            for cid, _, _, _, blist in CATALOGS:
                if cid not in wanted:
                    continue
                fits = [(bid, bdate) for bid, _, bdate in blist if _covers(cert, bdate)]
                if not fits:
                    continue
                bid, bdate = self.rng.choice(fits)
                entry = {
                    "catalog": cid,
                    "batch": bid,
                    "product": product["id"],
                    "listed_date": bdate.isoformat(),
                    "removed_date": "",
                    "removal_reason": "",
                }
                ended = _ended(cert)
                if ended and ended <= self.opt.as_of and i % 2 == 0:
                    entry["removed_date"] = max(ended, bdate).isoformat()
                    entry["removal_reason"] = "expired" if cert["withdrawn"] == "false" else "withdrawn-by-maker"
                entries.append(entry)
        return entries, batches

    def _negative_list(self, products: list[dict], entries: list[dict]) -> list[dict]:
        count = max(6, len(products) // 30)
        listed = {e["product"] for e in entries}
        chosen = self.rng.sample(sorted(listed), k=min(count - 1, len(listed)))
        by_id = {p["id"]: p for p in products}
        by_product: dict[str, list[dict]] = {}
        for entry in entries:
            by_product.setdefault(entry["product"], []).append(entry)
        rows = []
        for n, pid in enumerate(chosen):
            product = by_id[pid]
            reason = NEGATIVE_REASONS[n % len(NEGATIVE_REASONS)]
            mine = by_product[pid]
            decided = max(dt.date.fromisoformat(e["listed_date"]) for e in mine) + dt.timedelta(days=self.rng.randint(20, 200))
            decided = min(decided, self.opt.as_of)
            for entry in mine:
                if not entry["removed_date"] or dt.date.fromisoformat(entry["removed_date"]) > decided:
                    entry["removed_date"], entry["removal_reason"] = decided.isoformat(), reason
            rows.append(
                self._negative_row(
                    len(rows),
                    product["enterprise"],
                    pid,
                    reason,
                    decided,
                    f"示例情况：抽查发现{product['name']}（{product['model']}）存在问题，列入负面清单。",
                )
            )
        maker = products[-1]["enterprise"]
        rows.append(
            self._negative_row(
                len(rows),
                maker,
                "",
                "fraud",
                self.opt.as_of - dt.timedelta(days=45),
                "示例情况：企业在目录申报中提供虚假检验报告，企业列入负面清单。",
            )
        )
        return rows

    def _negative_row(self, n: int, enterprise: str, product: str, reason: str, decided: dt.date, text: str) -> dict:
        return {
            "id": f"N{decided.year}-{n + 1:03d}",
            "enterprise": enterprise,
            "product": product,
            "reason": reason,
            "decision_date": decided.isoformat(),
            "department": DEPARTMENTS[n % len(DEPARTMENTS)],
            "document_number": f"示例决定〔{decided.year}〕{n + 1}号",
            "description": text,
        }


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _ended(cert: dict | None) -> dt.date | None:
    """The day a certificate stopped being valid: withdrawal or expiry."""
    if cert is None:
        return None
    if cert["withdrawn"] == "true":
        return dt.date.fromisoformat(cert["withdrawn_date"])
    return dt.date.fromisoformat(cert["expiry_date"])


def _covers(cert: dict | None, day: dt.date) -> bool:
    """True when there is no certificate to check, or it was valid on ``day``."""
    if cert is None:
        return True
    return dt.date.fromisoformat(cert["issue_date"]) <= day < _ended(cert)
