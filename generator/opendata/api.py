"""The static JSON API: one JSON record per product, enterprise, certificate, catalog and project, with
index files, all built from the catalogue (``api_writer`` writes them).

Records keep their keys in the order they are built (identity first, metadata last), not sorted: the
order is fixed by this code and the data files, so the same input gives the same bytes.

API paths (site-relative): ``api/index.json``; ``api/products/index.json`` and ``api/products/<id>.json``;
likewise ``enterprises/<credit_code>``, ``certificates/<certificate_api_id(number)>``, ``catalogs/<id>``,
``projects/<id>``; and ``api/negative-list.json``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict
from functools import partial

from .. import labels
from .. import model as m
from ..ratio.project import demo_project
from ..records import Catalogue
from .release import LICENCE, LICENCE_URL, Release


def certificate_api_id(number: str) -> str:
    """File name (without ``.json``) of a certificate in the API: its number with ``/`` written as ``~``.

    Numbers match ``[A-Za-z0-9][A-Za-z0-9()/_-]{2,63}``; ``/`` cannot be in a file name, and ``~`` is not
    allowed in a number, so the mapping is one-to-one (``number = id.replace("~", "/")``).
    """
    return number.replace("/", "~")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


class _Api:
    """Builds the API records of one catalogue; see ``iter_api_records``.

    Records link to other records by id, name and ``api`` address (index files also give the page ``url``);
    the small linked objects are built once and shared between records, so treat the results as read-only.
    """

    def __init__(self, catalogue: Catalogue, release: Release):
        c = self.c = catalogue
        self.base, self.publisher, self.page = release.base_url, release.publisher, release.page
        self.tail = {"version": release.version, "as_of": c.as_of.isoformat(), "licence": LICENCE["name"], "sample": c.sample}
        self._status: dict[str, str] = {}
        self.regions = {r.id: {"id": r.id, "name": r.name} for r in c.regions.values()}
        self.categories = {k.code: {"code": k.code, "name": k.name, "scheme": k.scheme} for k in c.categories.values()}
        self.reasons = {r.code: {"code": r.code, "name": r.name} for r in c.reasons.values()}
        self.bodies = {b.id: {"id": b.id, "name": b.name} for b in c.bodies.values()}
        self.scenarios = {s.code: {"code": s.code, "name": s.name} for s in c.scenarios.values()}
        self._enterprises: dict[str, dict] = {}
        self._certificates: dict[str, dict] = {}
        self._anchors: dict[str, str] = {}

    def anchor(self, cert: m.Certificate) -> str:
        """Site path of the certificate's row on its product page."""
        found = self._anchors.get(cert.number)
        if found is None:
            found = self._anchors[cert.number] = f"products/{cert.product}/#{cert.slug}"
        return found

    def status(self, p: m.Product) -> str:
        found = self._status.get(p.id)
        if found is None:
            found = self._status[p.id] = self.c.product_status(p)
        return found

    def meta(self, page: str) -> dict:
        return {"permalink": self.page(page), **self.tail}

    def api(self, path: str) -> str:
        return f"{self.base}api/{path}"

    # linked objects -------------------------------------------------------
    def product_ref(self, p: m.Product) -> dict:
        return {"id": p.id, "name": p.name, "api": f"{self.base}api/products/{p.id}.json"}

    def enterprise_ref(self, credit_code: str) -> dict:
        ref = self._enterprises.get(credit_code)
        if ref is None:
            e = self.c.enterprises[credit_code]
            ref = self._enterprises[credit_code] = {
                "credit_code": credit_code, "name": e.name, "region": self.regions.get(e.region, {"id": e.region}),
                "api": f"{self.base}api/enterprises/{credit_code}.json"}
        return ref

    def certificate(self, cert: m.Certificate) -> dict:
        found = self._certificates.get(cert.number)
        if found is None:
            api_id = certificate_api_id(cert.number)
            found = self._certificates[cert.number] = {
                "number": cert.number, "id": api_id, "body": self.bodies.get(cert.body, {"id": cert.body}),
                "grade": cert.grade, "grade_label": labels.GRADE[cert.grade],
                "issue_date": cert.issue_date.isoformat(), "expiry_date": cert.expiry_date.isoformat(),
                "withdrawn": cert.withdrawn, "withdrawn_date": _iso(cert.withdrawn_date),
                "status": cert.status, "status_label": labels.STATUS[cert.status], "days_left": cert.days_left,
                "api": f"{self.base}api/certificates/{api_id}.json"}
        return found

    def entry(self, e: m.CatalogEntry) -> dict:
        reason = self.reasons.get(e.removal_reason) if e.removal_reason else None
        return {"catalog": e.catalog, "catalog_name": self.c.catalogs[e.catalog].name,
                "batch": e.batch, "batch_name": self.c.batches[(e.catalog, e.batch)].name,
                "listed_date": e.listed_date.isoformat(), "removed_date": _iso(e.removed_date),
                "removal_reason": e.removal_reason, "removal_reason_name": reason["name"] if reason else None,
                "active": e.active_on(self.c.as_of)}

    def negative(self, n: m.NegativeListEntry) -> dict:
        product = self.c.products.get(n.product) if n.product else None
        return {"id": n.id, "scope": "product" if n.product else "enterprise",
                "enterprise": self.enterprise_ref(n.enterprise) if n.enterprise else None,
                "product": self.product_ref(product) if product else None,
                "reason": self.reasons.get(n.reason, {"code": n.reason}), "decision_date": n.decision_date.isoformat(),
                "department": n.department, "document_number": n.document_number, "description": n.description}

    # records --------------------------------------------------------------
    def product(self, p: m.Product) -> dict:
        c = self.c
        status = self.status(p)
        green, why = c.counts_as_green(p)
        return {
            "id": p.id, "name": p.name, "model": p.model,
            "category": self.categories.get(p.category, {"code": p.category}),
            "enterprise": self.enterprise_ref(p.enterprise),
            "route": p.route, "route_label": labels.ROUTE[p.route],
            "status": status, "status_label": labels.STATUS[status],
            "counts_as_green": green, "counts_as_green_reason": why,
            "scenarios": [self.scenarios.get(s, {"code": s}) for s in p.scenarios],
            "description": p.description,
            "indicators": [{"indicator": i.indicator, "value": i.value, "unit": i.unit, "attribute": i.attribute,
                            "test_report": i.test_report} for i in c.indicators.get(p.id, ())],
            "certificates": [self.certificate(cert) for cert in c.certificates_by_product.get(p.id, ())],
            "test_reports": [{"number": r.number, "kind": r.kind, "lab": r.lab, "date": r.date.isoformat()}
                             for r in c.reports_by_product.get(p.id, ())],
            "catalog_entries": [self.entry(e) for e in c.entries_by_product.get(p.id, ())],
            "negative_list": [self.negative(n) for n in c.negative_entries_for(p)],
            "projects": [{"id": u.project, "name": c.projects[u.project].name, "item": u.item, "quantity": u.quantity,
                          "usage": u.usage, "api": self.api(f"projects/{u.project}.json")}
                         for u in c.projects_by_product.get(p.id, ())],
            **self.meta(f"products/{p.id}/"),
        }

    def enterprise(self, e: m.Enterprise) -> dict:
        c = self.c
        region = c.regions.get(e.region)
        products = c.products_by_enterprise.get(e.credit_code, ())
        return {
            "credit_code": e.credit_code, "name": e.name, "short_name": e.short_name,
            "region": {"id": e.region, "name": region.name if region else None,
                       "division_code": region.division_code if region else None},
            "address": e.address, "phone": e.phone, "email": e.email, "website": e.website, "profile": e.profile,
            "honours": [{"honour": h.honour, "year": h.year, "issuer": h.issuer} for h in c.honours.get(e.credit_code, ())],
            "products": [{**self.product_ref(p), "model": p.model, "category": p.category, "status": self.status(p)}
                         for p in products],
            "certificates": [{"number": cert.number, "product": p.id, "status": cert.status,
                              "expiry_date": cert.expiry_date.isoformat(), "api": self.certificate(cert)["api"]}
                             for p in products for cert in c.certificates_by_product.get(p.id, ())],
            "negative_list": [self.negative(n) for n in c.negative_by_enterprise.get(e.credit_code, ())],
            **self.meta(f"enterprises/{e.credit_code}/"),
        }

    def certificate_record(self, cert: m.Certificate) -> dict:
        product = self.c.products[cert.product]
        fields = {k: v for k, v in self.certificate(cert).items() if k != "api"}
        return {**fields, "product": self.product_ref(product), "enterprise": self.enterprise_ref(product.enterprise),
                **self.meta(self.anchor(cert))}

    def catalog(self, catalog: m.Catalog) -> dict:
        c = self.c
        batches = sorted((b for b in c.batches.values() if b.catalog == catalog.id), key=lambda b: (b.published_date, b.id))
        active, removed = [], []
        for batch in batches:
            for e in c.entries_by_batch.get((batch.catalog, batch.id), ()):
                product = c.products[e.product]
                row = {"product": e.product, "name": product.name, "category": product.category,
                       "enterprise": product.enterprise, "batch": e.batch, "listed_date": e.listed_date.isoformat()}
                if e.active_on(c.as_of):
                    active.append(row)
                else:
                    removed.append(row | {"removed_date": _iso(e.removed_date), "removal_reason": e.removal_reason})
        return {
            "id": catalog.id, "name": catalog.name, "issuer": catalog.issuer, "description": catalog.description,
            "batches": [{"id": b.id, "name": b.name, "document_number": b.document_number,
                         "published_date": b.published_date.isoformat(),
                         "entries": len(c.entries_by_batch.get((b.catalog, b.id), ()))} for b in batches],
            "active_count": len(active), "active": active, "removed": removed,
            **self.meta(f"catalogs/{catalog.id}/"),
        }

    def project(self, project: m.DemoProject) -> dict:
        c = self.c
        ratio = demo_project(c, project.id)
        return {
            "id": project.id, "name": project.name, "region": self.regions.get(project.region, {"id": project.region}),
            "building_type": project.building_type, "floor_area": project.floor_area,
            "green_building_star": project.green_building_star, "year": project.year, "description": project.description,
            "materials": [{"item": x.item, "total": x.total, "unit": x.unit} for x in c.project_materials.get(project.id, ())],
            "products": [{**self.product_ref(c.products[u.product]), "item": u.item, "quantity": u.quantity, "usage": u.usage}
                         for u in c.project_products.get(project.id, ())],
            "ratio": {**asdict(ratio.result), "products": [asdict(u) for u in ratio.uses]},
            **self.meta(f"projects/{project.id}/"),
        }

    # indexes --------------------------------------------------------------
    def listing(self, name: str, items: list, page: str) -> dict:
        return {"name": name, "count": len(items), "items": items, **self.meta(page)}

    def products_index(self) -> dict:
        base = self.base
        return self.listing("products", [
            {"id": p.id, "name": p.name, "category": p.category, "enterprise": p.enterprise, "status": self.status(p),
             "url": self.page(f"products/{p.id}/"), "api": f"{base}api/products/{p.id}.json"}
            for p in self.c.products.values()], "search/")

    def enterprises_index(self) -> dict:
        base, c = self.base, self.c
        return self.listing("enterprises", [
            {"credit_code": e.credit_code, "name": e.name, "region": e.region,
             "products": len(c.products_by_enterprise.get(e.credit_code, ())),
             "url": self.page(f"enterprises/{e.credit_code}/"), "api": f"{base}api/enterprises/{e.credit_code}.json"}
            for e in c.enterprises.values()], "enterprises/")

    def certificates_index(self) -> dict:
        return self.listing("certificates", [
            {"number": cert.number, "id": self.certificate(cert)["id"], "product": cert.product, "grade": cert.grade,
             "expiry_date": cert.expiry_date.isoformat(), "status": cert.status,
             "url": self.page(self.anchor(cert)), "api": self.certificate(cert)["api"]}
            for cert in self.c.certificates.values()], "certificates/")

    def catalogs_index(self) -> dict:
        c = self.c
        active = Counter(e.catalog for e in c.entries if e.active_on(c.as_of))
        batches = Counter(catalog for catalog, _ in c.batches)
        return self.listing("catalogs", [
            {"id": k.id, "name": k.name, "issuer": k.issuer, "batches": batches[k.id], "active_count": active[k.id],
             "url": self.page(f"catalogs/{k.id}/"), "api": self.api(f"catalogs/{k.id}.json")}
            for k in c.catalogs.values()], "catalogs/")

    def negative_list(self) -> dict:
        return self.listing("negative-list", [self.negative(n) for n in self.c.negative_list], "negative-list/")

    def projects_index(self) -> dict:
        base = self.base
        return self.listing("projects", [
            {"id": p.id, "name": p.name, "region": p.region, "building_type": p.building_type,
             "url": self.page(f"projects/{p.id}/"), "api": f"{base}api/projects/{p.id}.json"}
            for p in self.c.projects.values()], "projects/")

    def jobs(self) -> Iterator[tuple[str, Callable[[], dict]]]:
        """Every API file as (path, function that builds it): paths are known before anything is built."""
        c = self.c
        yield "api/index.json", self.index
        yield "api/products/index.json", self.products_index
        for p in c.products.values():
            yield f"api/products/{p.id}.json", partial(self.product, p)
        yield "api/enterprises/index.json", self.enterprises_index
        for e in c.enterprises.values():
            yield f"api/enterprises/{e.credit_code}.json", partial(self.enterprise, e)
        yield "api/certificates/index.json", self.certificates_index
        for cert in c.certificates.values():
            yield f"api/certificates/{certificate_api_id(cert.number)}.json", partial(self.certificate_record, cert)
        yield "api/catalogs/index.json", self.catalogs_index
        for catalog in c.catalogs.values():
            yield f"api/catalogs/{catalog.id}.json", partial(self.catalog, catalog)
        yield "api/negative-list.json", self.negative_list
        yield "api/projects/index.json", self.projects_index
        for project in c.projects.values():
            yield f"api/projects/{project.id}.json", partial(self.project, project)

    def index(self) -> dict:
        c = self.c

        def endpoint(e: dict) -> dict:
            out = {"name": e["name"], "title": e["title"], "count": e["count"], "index": self.base + e["index_path"]}
            if e["record_path"]:
                out |= {"record": self.base + e["record_path"], "record_path": e["record_path"]}
            return out | {"page": self.page(e["page"])}

        return {
            "title": f"{self.publisher} · 静态 JSON 接口",
            "description": "本站全部记录的 JSON 文件，随网站一同生成；每个文件都注明数据版本、状态日期和许可。"
                           "证书文件名是把证书编号中的“/”改为“~”。",
            "base_url": self.base, "licence_url": LICENCE_URL,
            "docs": self.page("api/"), "downloads": self.page("data/"),
            "counts": {"products": len(c.products), "enterprises": len(c.enterprises), "certificates": len(c.certificates),
                       "catalogs": len(c.catalogs), "negative_list": len(c.negative_list), "projects": len(c.projects)},
            "endpoints": [endpoint(e) for e in api_endpoints(c)],
            **self.meta("api/"),
        }


ENDPOINTS = (
    # name, Chinese title, catalogue attribute, record key (None: one file for all), page, data table
    ("products", "产品", "products", "id", "search/", "products"),
    ("enterprises", "生产企业", "enterprises", "credit_code", "enterprises/", "enterprises"),
    ("certificates", "认证证书", "certificates", "id", "certificates/", "certificates"),
    ("catalogs", "目录", "catalogs", "id", "catalogs/", "catalogs"),
    ("negative-list", "负面清单", "negative_list", None, "negative-list/", "negative_list"),
    ("projects", "示范工程", "projects", "id", "projects/", "demo_projects"),
)
"""The API's endpoints: ``api/index.json`` and the API page both list them from here."""


def api_endpoints(catalogue: Catalogue) -> list[dict]:
    """Each endpoint with its record count and site-relative paths (``record_path`` None for one-file lists)."""
    out = []
    for name, title, attribute, key, page, table in ENDPOINTS:
        out.append({"name": name, "title": title, "count": len(getattr(catalogue, attribute)), "page": page, "table": table,
                    "index_path": f"api/{name}/index.json" if key else f"api/{name}.json",
                    "record_path": f"api/{name}/{{{key}}}.json" if key else None})
    return out


def api_jobs(catalogue: Catalogue, release: Release) -> list[tuple[str, Callable[[], dict]]]:
    """Every API file as (site-relative path, function that builds its record): the paths are known before
    anything is built, so a writer can check them and share the building among processes."""
    return list(_Api(catalogue, release).jobs())


def iter_api_records(catalogue: Catalogue, release: Release) -> Iterator[tuple[str, dict]]:
    """Each API file as (site-relative path, JSON-ready object), one at a time, in a fixed order."""
    return ((path, build()) for path, build in _Api(catalogue, release).jobs())


def api_records(catalogue: Catalogue, release: Release) -> dict[str, object]:
    """Every API file by site-relative path (``api/index.json``, ``api/products/P00001.json`` …)."""
    return dict(iter_api_records(catalogue, release))
