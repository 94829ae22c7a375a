"""The static JSON API: one JSON record per product, enterprise, certificate, catalog, negative-list entry,
project and reference code (api_reference.py), with an index file per endpoint, all built from the
catalogue (``api_writer`` writes them).

Records keep their keys in the order they are built (identity first, metadata last), not sorted: the
order is fixed by this code and the data files, so the same input gives the same bytes. A record
refers to another by a link object (key, name and ``api`` address, see api_links.py), never a bare id.

Dates: a record carries no build date, version or day count, so it changes only when its content
does; the index files (``api/index.json`` and each endpoint's ``index.json``, see ``INDEX_FILES``) say
which version and day the build is (``version``, ``as_of``), and the certificates index gives each
certificate's ``days_left``. Statuses (a product's, a certificate's, whether an entry is in a catalog)
are computed for the build date and so change on the days a status really changes.

Removed records: a record that had a page and was removed from the data keeps its API file as a
tombstone (``removed: true``, the removal date, the reason from the removing commit and the last
values), as its page does (history.py), and its endpoint's index lists it under ``removed``.

Every file has a JSON Schema (api_schema.py), linked from ``api/index.json``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict
from functools import partial

from .. import labels
from .. import model as m
from ..ratio.project import demo_project
from ..records import Catalogue
from . import api_reference
from .api_indexes import ENDPOINTS, TOMBSTONE_KEYS, IndexFiles, api_endpoints
from .api_links import Links, certificate_api_id
from .api_schema import schema_path, schemas
from .history import Tombstone
from .release import LICENCE, Release

__all__ = ["ENDPOINTS", "api_endpoints", "api_jobs", "api_records", "certificate_api_id", "iter_api_records"]


def _iso(day) -> str | None:
    return day.isoformat() if day else None


class _Api(IndexFiles):
    """Builds the API records of one catalogue; see ``iter_api_records``."""

    def __init__(self, catalogue: Catalogue, release: Release, tombstones: list[Tombstone]):
        c = self.c = catalogue
        self.base, self.publisher, self.page = release.base_url, release.publisher, release.page
        self.tail = {"licence": LICENCE["name"], "sample": c.sample}
        self.dated = {"version": release.version, "as_of": c.as_of.isoformat()}
        self.links = Links(catalogue, release.base_url)
        self.reference = api_reference.ReferenceRecords(catalogue, self.links, self.meta)
        self.tombstones = [t for t in tombstones if t.kind in TOMBSTONE_KEYS]
        self._status: dict[str, str] = {}
        self._certificates: dict[str, dict] = {}

    def status(self, p: m.Product) -> str:
        found = self._status.get(p.id)
        if found is None:
            found = self._status[p.id] = self.c.product_status(p)
        return found

    def meta(self, page: str) -> dict:
        """The last keys of a record: its page, licence and whether it is sample data (no date: see above)."""
        return {"permalink": self.page(page), **self.tail}

    # parts shared by records ------------------------------------------------
    def certificate(self, cert: m.Certificate) -> dict:
        found = self._certificates.get(cert.number)
        if found is None:
            found = self._certificates[cert.number] = {
                "number": cert.number,
                "id": certificate_api_id(cert.number),
                "body": self.links.body(cert.body),
                "grade": cert.grade,
                "grade_label": labels.GRADE[cert.grade],
                "issue_date": cert.issue_date.isoformat(),
                "expiry_date": cert.expiry_date.isoformat(),
                "withdrawn": cert.withdrawn,
                "withdrawn_date": _iso(cert.withdrawn_date),
                "status": cert.status,
                "status_label": labels.STATUS[cert.status],
                "api": self.links.certificate(cert)["api"],
            }
        return found

    def entry(self, e: m.CatalogEntry) -> dict:
        return {
            "catalog": self.links.catalog(e.catalog),
            "batch": {"id": e.batch, "name": self.c.batches[(e.catalog, e.batch)].name},
            "listed_date": e.listed_date.isoformat(),
            "removed_date": _iso(e.removed_date),
            "removal_reason": self.links.reason(e.removal_reason),
            "active": e.active_on(self.c.as_of),
        }

    def negative(self, n: m.NegativeListEntry) -> dict:
        product = self.c.products.get(n.product) if n.product else None
        return {
            "id": n.id,
            "scope": "product" if n.product else "enterprise",
            "enterprise": self.links.enterprise(n.enterprise),
            "product": self.links.product(product) if product else None,
            "reason": self.links.reason(n.reason),
            "decision_date": n.decision_date.isoformat(),
            "department": n.department,
            "document_number": n.document_number,
            "description": n.description,
            "api": self.links.negative(n)["api"],
        }

    # records ------------------------------------------------------------------
    def product(self, p: m.Product) -> dict:
        c, links = self.c, self.links
        status = self.status(p)
        green, why = c.counts_as_green(p)
        enterprise = c.enterprises[p.enterprise]
        return {
            "id": p.id,
            "name": p.name,
            "model": p.model,
            "category": links.category(p.category),
            "enterprise": {**links.enterprise(p.enterprise), "region": links.region(enterprise.region)},
            "route": p.route,
            "route_label": labels.ROUTE[p.route],
            "status": status,
            "status_label": labels.STATUS[status],
            "counts_as_green": green,
            "counts_as_green_reason": why,
            "scenarios": [links.scenario(s) for s in p.scenarios],
            "description": p.description,
            "indicators": [
                {
                    "indicator": i.indicator,
                    "value": i.value,
                    "unit": i.unit,
                    "attribute": i.attribute,
                    "test_report": i.test_report,
                }
                for i in c.indicators.get(p.id, ())
            ],
            "certificates": [self.certificate(cert) for cert in c.certificates_by_product.get(p.id, ())],
            "test_reports": [
                {"number": r.number, "kind": r.kind, "lab": r.lab, "date": r.date.isoformat()}
                for r in c.reports_by_product.get(p.id, ())
            ],
            "catalog_entries": [self.entry(e) for e in c.entries_by_product.get(p.id, ())],
            "negative_list": [self.negative(n) for n in c.negative_entries_for(p)],
            "projects": [
                {**links.project(u.project), "item": u.item, "quantity": u.quantity, "usage": u.usage}
                for u in c.projects_by_product.get(p.id, ())
            ],
            **self.meta(f"products/{p.id}/"),
        }

    def enterprise(self, e: m.Enterprise) -> dict:
        c, links = self.c, self.links
        region = c.regions.get(e.region)
        products = c.products_by_enterprise.get(e.credit_code, ())
        return {
            "credit_code": e.credit_code,
            "name": e.name,
            "short_name": e.short_name,
            "region": {**links.region(e.region), "division_code": region.division_code if region else None},
            "address": e.address,
            "phone": e.phone,
            "email": e.email,
            "website": e.website,
            "profile": e.profile,
            "honours": [{"honour": h.honour, "year": h.year, "issuer": h.issuer} for h in c.honours.get(e.credit_code, ())],
            "products": [
                {**links.product(p), "model": p.model, "category": links.category(p.category), "status": self.status(p)}
                for p in products
            ],
            "certificates": [
                {
                    **links.certificate(cert),
                    "product": links.product(p),
                    "status": cert.status,
                    "expiry_date": cert.expiry_date.isoformat(),
                }
                for p in products
                for cert in c.certificates_by_product.get(p.id, ())
            ],
            "negative_list": [self.negative(n) for n in c.negative_by_enterprise.get(e.credit_code, ())],
            **self.meta(f"enterprises/{e.credit_code}/"),
        }

    def certificate_record(self, cert: m.Certificate) -> dict:
        product = self.c.products[cert.product]
        fields = {k: v for k, v in self.certificate(cert).items() if k != "api"}
        return {
            **fields,
            "product": self.links.product(product),
            "enterprise": self.links.enterprise(product.enterprise),
            **self.meta(f"products/{cert.product}/#{cert.slug}"),
        }

    def catalog(self, catalog: m.Catalog) -> dict:
        c, links = self.c, self.links
        batches = sorted((b for b in c.batches.values() if b.catalog == catalog.id), key=lambda b: (b.published_date, b.id))
        active, removed = [], []
        for batch in batches:
            for e in c.entries_by_batch.get((batch.catalog, batch.id), ()):
                product = c.products[e.product]
                row = {
                    "product": links.product(product),
                    "category": links.category(product.category),
                    "enterprise": links.enterprise(product.enterprise),
                    "batch": {"id": e.batch, "name": batch.name},
                    "listed_date": e.listed_date.isoformat(),
                }
                if e.active_on(c.as_of):
                    active.append(row)
                else:
                    removed.append(row | {"removed_date": _iso(e.removed_date), "removal_reason": links.reason(e.removal_reason)})
        return {
            "id": catalog.id,
            "name": catalog.name,
            "issuer": catalog.issuer,
            "description": catalog.description,
            "batches": [
                {
                    "id": b.id,
                    "name": b.name,
                    "document_number": b.document_number,
                    "published_date": b.published_date.isoformat(),
                    "entries": len(c.entries_by_batch.get((b.catalog, b.id), ())),
                }
                for b in batches
            ],
            "active_count": len(active),
            "active": active,
            "removed": removed,
            **self.meta(f"catalogs/{catalog.id}/"),
        }

    def negative_record(self, n: m.NegativeListEntry) -> dict:
        return {k: v for k, v in self.negative(n).items() if k != "api"} | self.meta(f"negative-list/#{n.id}")

    def project(self, project: m.DemoProject) -> dict:
        c, links = self.c, self.links
        ratio = demo_project(c, project.id)
        return {
            "id": project.id,
            "name": project.name,
            "region": links.region(project.region),
            "building_type": project.building_type,
            "floor_area": project.floor_area,
            "green_building_star": project.green_building_star,
            "year": project.year,
            "description": project.description,
            "materials": [{"item": x.item, "total": x.total, "unit": x.unit} for x in c.project_materials.get(project.id, ())],
            "products": [
                {**links.product(c.products[u.product]), "item": u.item, "quantity": u.quantity, "usage": u.usage}
                for u in c.project_products.get(project.id, ())
            ],
            "ratio": {**asdict(ratio.result), "products": [asdict(u) for u in ratio.uses]},
            **self.meta(f"projects/{project.id}/"),
        }

    def tombstone(self, t: Tombstone) -> dict:
        """A removed record's JSON, where its record was: when, why (the removing commit) and its last values."""
        return {
            TOMBSTONE_KEYS[t.kind]: t.id,
            "name": t.label,
            "removed": True,
            "removed_date": t.removed_on.isoformat(),
            "reason": t.reason,
            "commit": t.commit,
            "last_values": t.last_values,
            **self.meta(t.path),
        }

    def jobs(self) -> Iterator[tuple[str, Callable[[], dict]]]:
        """Every API file as (path, function that builds it): paths are known before anything is built."""
        c = self.c
        yield "api/index.json", self.index
        for name, records, record, index in (
            ("products", c.products.values(), self.product, self.products_index),
            ("enterprises", c.enterprises.values(), self.enterprise, self.enterprises_index),
            ("certificates", c.certificates.values(), self.certificate_record, self.certificates_index),
            ("catalogs", c.catalogs.values(), self.catalog, self.catalogs_index),
            ("negative-list", c.negative_list, self.negative_record, self.negative_index),
            ("projects", c.projects.values(), self.project, self.projects_index),
        ):
            yield f"api/{name}/index.json", index
            for item in records:
                yield f"api/{name}/{_file_key(name, item)}.json", partial(record, item)
        for t in self.tombstones:
            yield f"api/{t.kind}/{t.id}.json", partial(self.tombstone, t)
        for name, (items, record, page) in self.reference.tables().items():
            yield f"api/{name}/index.json", partial(self.listing, name, [self.reference.link(name, x) for x in items], page)
            for item in items:
                yield f"api/{name}/{self.reference.key(name, item)}.json", partial(record, item)
        for name, schema in schemas(self.base).items():
            yield f"api/{schema_path(name)}", partial(dict, schema)


def _file_key(endpoint: str, item) -> str:
    if endpoint == "certificates":
        return certificate_api_id(item.number)
    return item.credit_code if endpoint == "enterprises" else item.id


def api_jobs(catalogue: Catalogue, release: Release, tombstones: list[Tombstone] = ()) -> list[tuple[str, Callable[[], dict]]]:
    """Every API file as (site-relative path, function that builds its record): the paths are known before
    anything is built, so a writer can check them and share the building among processes."""
    return list(_Api(catalogue, release, list(tombstones)).jobs())


def iter_api_records(catalogue: Catalogue, release: Release, tombstones: list[Tombstone] = ()) -> Iterator[tuple[str, dict]]:
    """Each API file as (site-relative path, JSON-ready object), one at a time, in a fixed order."""
    return ((path, build()) for path, build in _Api(catalogue, release, list(tombstones)).jobs())


def api_records(catalogue: Catalogue, release: Release, tombstones: list[Tombstone] = ()) -> dict[str, object]:
    """Every API file by site-relative path (``api/index.json``, ``api/products/P00001.json`` …)."""
    return dict(iter_api_records(catalogue, release, tombstones))
