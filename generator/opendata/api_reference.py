"""API records of the reference tables: regions, product categories, application scenarios, certification
bodies and reason codes, each with links to the records that use it.

A program that meets a link such as ``{"code": "RZ-01-05", "name": "保温系统材料", "api": ...}`` in a
product follows ``api`` to the category's record: its scheme, level, parent and children, its source
and the products in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from .. import model as m
from ..records import Catalogue
from .api_links import Links

ENDPOINTS = (
    # name, Chinese title, catalogue attribute, record key, page, data table, record schema (as in api.ENDPOINTS)
    ("regions", "地区", "regions", "id", "regions/", "regions", "region"),
    ("categories", "产品分类", "categories", "code", "categories/", "categories", "category"),
    ("scenarios", "应用场景", "scenarios", "code", "data/scenarios/", "scenarios", "scenario"),
    (
        "certification-bodies",
        "认证机构",
        "bodies",
        "id",
        "data/certification_bodies/",
        "certification_bodies",
        "certification-body",
    ),
    ("reason-codes", "移出及负面清单原因", "reasons", "code", "data/reason_codes/", "reason_codes", "reason-code"),
)


class ReferenceRecords:
    """Builds the reference records of one catalogue; ``meta(page)`` gives a record's last keys."""

    def __init__(self, catalogue: Catalogue, links: Links, meta: Callable[[str], dict]):
        self.c, self.links, self.meta = catalogue, links, meta
        c = catalogue
        self.children: dict[str, list[m.Category]] = defaultdict(list)
        for category in c.categories.values():
            if category.parent:
                self.children[category.parent].append(category)
        self.by_scenario: dict[str, list[m.Product]] = defaultdict(list)
        for product in c.products.values():
            for code in product.scenarios:
                self.by_scenario[code].append(product)
        self.by_body: dict[str, list[m.Certificate]] = defaultdict(list)
        for cert in c.certificates.values():
            self.by_body[cert.body].append(cert)
        self.removals = defaultdict(int)
        for entry in c.entries:
            if entry.removal_reason:
                self.removals[entry.removal_reason] += 1

    def tables(self) -> dict[str, tuple[list, Callable[[object], dict], str]]:
        """Endpoint name -> (records, function making a record's JSON, page of the list)."""
        c = self.c
        return {
            "regions": (list(c.regions.values()), self.region, "regions/"),
            "categories": (list(c.categories.values()), self.category, "categories/"),
            "scenarios": (list(c.scenarios.values()), self.scenario, "data/scenarios/"),
            "certification-bodies": (list(c.bodies.values()), self.body, "data/certification_bodies/"),
            "reason-codes": (list(c.reasons.values()), self.reason, "data/reason_codes/"),
        }

    def key(self, name: str, item) -> str:
        return item.id if name in ("regions", "certification-bodies") else item.code

    def link(self, name: str, item) -> dict:
        """The link object of a reference record, as records use it."""
        links = self.links
        make = {
            "regions": links.region,
            "categories": links.category,
            "scenarios": links.scenario,
            "certification-bodies": links.body,
            "reason-codes": links.reason,
        }[name]
        return make(self.key(name, item))

    def region(self, r: m.Region) -> dict:
        c, links = self.c, self.links
        return {
            "id": r.id,
            "name": r.name,
            "division_code": r.division_code,
            "parent": links.region(r.parent),
            "kind": r.kind,
            "note": r.note,
            "enterprises": [links.enterprise(e.credit_code) for e in c.enterprises_by_region.get(r.id, ())],
            "projects": [links.project(p.id) for p in c.projects_by_region.get(r.id, ())],
            **self.meta(f"regions/{r.id}/"),
        }

    def category(self, k: m.Category) -> dict:
        links = self.links
        page = f"categories/{k.code}/" if k.level == "item" else f"categories/#{k.code}"
        return {
            "code": k.code,
            "name": k.name,
            "scheme": k.scheme,
            "level": k.level,
            "parent": links.category(k.parent),
            "children": [links.category(child.code) for child in self.children.get(k.code, ())],
            "source": k.source,
            "products": [links.product(p) for p in self.c.products_by_category.get(k.code, ())],
            **self.meta(page),
        }

    def scenario(self, s: m.Scenario) -> dict:
        return {
            "code": s.code,
            "name": s.name,
            "description": s.description,
            "products": [self.links.product(p) for p in self.by_scenario.get(s.code, ())],
            **self.meta("data/scenarios/"),
        }

    def body(self, b: m.CertificationBody) -> dict:
        return {
            "id": b.id,
            "name": b.name,
            "note": b.note,
            "certificates": [self.links.certificate(cert) for cert in self.by_body.get(b.id, ())],
            **self.meta("data/certification_bodies/"),
        }

    def reason(self, r: m.Reason) -> dict:
        return {
            "code": r.code,
            "name": r.name,
            "negative": r.negative,
            "description": r.description,
            "negative_list": [self.links.negative(n) for n in self.c.negative_list if n.reason == r.code],
            "catalog_removals": self.removals.get(r.code, 0),
            **self.meta("data/reason_codes/"),
        }
