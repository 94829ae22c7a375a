"""Metadata stage: the static JSON API, schema.org and DCAT descriptions, sitemaps and citations.

Everything here is a pure function of the catalogue or of the data-package descriptors, except
``write_json``, ``write_api`` and ``write_api_files``, which write JSON files. JSON files are compact
UTF-8 with keys in the order the records are built (identity first, metadata last), not sorted:
the order is fixed by this code and the data files, so the same input gives the same bytes.

API paths (site-relative): ``api/index.json``; ``api/products/index.json`` and ``api/products/<id>.json``;
likewise ``enterprises/<credit_code>``, ``certificates/<certificate_api_id(number)>``, ``catalogs/<id>``,
``projects/<id>``; and ``api/negative-list.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, is_dataclass
from functools import partial
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup

from . import model as m
from .forking import can_fork, fork_map
from .ratio.project import demo_project
from .records import Catalogue

PROJECT = "吉林省绿色建材开放数据"
"""The compiler of the data and publisher of the site."""
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SITEMAP_LIMIT = 50_000
"""Most URLs one sitemap file may list (sitemaps.org protocol)."""
ACCESS_DATE = "{access_date}"
"""Placeholder in ``citation(...)["gbt7714_template"]`` for the reader's access date as YYYY-MM-DD."""
ACCESS_DATE_ZH = "{access_date_zh}"
"""Placeholder in ``citation(...)["apa_template"]`` for the reader's access date as 2026年11月25日."""


# --------------------------------------------------------------------------- static JSON API

def certificate_api_id(number: str) -> str:
    """File name (without ``.json``) of a certificate in the API: its number with ``/`` written as ``~``.

    Numbers match ``[A-Za-z0-9][A-Za-z0-9()/_-]{2,63}``; ``/`` cannot be in a file name, and ``~`` is not
    allowed in a number, so the mapping is one-to-one (``number = id.replace("~", "/")``).
    """
    return number.replace("/", "~")


def _base(base_url: str) -> str:
    return base_url.rstrip("/") + "/"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


class _Api:
    """Builds the API records of one catalogue; see ``iter_api_records``.

    Records link to other records by id, name and ``api`` address (index files also give the page ``url``);
    the small linked objects are built once and shared between records, so treat the results as read-only.
    """

    def __init__(self, catalogue: Catalogue, version: str, base_url: str):
        c = self.c = catalogue
        self.base = _base(base_url)
        self.tail = {"version": version, "as_of": c.as_of.isoformat(), "licence": LICENCE, "sample": c.sample}
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
        return {"permalink": self.base + page, **self.tail}

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
                "grade": cert.grade, "grade_label": m.GRADE_LABELS[cert.grade],
                "issue_date": cert.issue_date.isoformat(), "expiry_date": cert.expiry_date.isoformat(),
                "withdrawn": cert.withdrawn, "withdrawn_date": _iso(cert.withdrawn_date),
                "status": cert.status, "status_label": m.STATUS_LABELS[cert.status], "days_left": cert.days_left,
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
            "route": p.route, "route_label": m.ROUTE_LABELS[p.route],
            "status": status, "status_label": m.STATUS_LABELS[status],
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
             "url": f"{base}products/{p.id}/", "api": f"{base}api/products/{p.id}.json"}
            for p in self.c.products.values()], "search/")

    def enterprises_index(self) -> dict:
        base, c = self.base, self.c
        return self.listing("enterprises", [
            {"credit_code": e.credit_code, "name": e.name, "region": e.region,
             "products": len(c.products_by_enterprise.get(e.credit_code, ())),
             "url": f"{base}enterprises/{e.credit_code}/", "api": f"{base}api/enterprises/{e.credit_code}.json"}
            for e in c.enterprises.values()], "enterprises/")

    def certificates_index(self) -> dict:
        return self.listing("certificates", [
            {"number": cert.number, "id": self.certificate(cert)["id"], "product": cert.product, "grade": cert.grade,
             "expiry_date": cert.expiry_date.isoformat(), "status": cert.status,
             "url": self.base + self.anchor(cert), "api": self.certificate(cert)["api"]}
            for cert in self.c.certificates.values()], "certificates/")

    def catalogs_index(self) -> dict:
        c = self.c
        active = Counter(e.catalog for e in c.entries if e.active_on(c.as_of))
        batches = Counter(catalog for catalog, _ in c.batches)
        return self.listing("catalogs", [
            {"id": k.id, "name": k.name, "issuer": k.issuer, "batches": batches[k.id], "active_count": active[k.id],
             "url": f"{self.base}catalogs/{k.id}/", "api": self.api(f"catalogs/{k.id}.json")}
            for k in c.catalogs.values()], "catalogs/")

    def negative_list(self) -> dict:
        return self.listing("negative-list", [self.negative(n) for n in self.c.negative_list], "negative-list/")

    def projects_index(self) -> dict:
        base = self.base
        return self.listing("projects", [
            {"id": p.id, "name": p.name, "region": p.region, "building_type": p.building_type,
             "url": f"{base}projects/{p.id}/", "api": f"{base}api/projects/{p.id}.json"}
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
            return out | {"page": self.base + e["page"]}

        return {
            "title": f"{PROJECT} · 静态 JSON 接口",
            "description": "本站全部记录的 JSON 文件，随网站一同生成；每个文件都注明数据版本、状态日期和许可。"
                           "证书文件名是把证书编号中的“/”改为“~”。",
            "base_url": self.base, "licence_url": LICENCE_URL,
            "docs": self.base + "api/", "downloads": self.base + "data/",
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


def iter_api_records(catalogue: Catalogue, *, version: str, base_url: str) -> Iterator[tuple[str, dict]]:
    """Each API file as (site-relative path, JSON-ready object), one at a time, in a fixed order."""
    return ((path, build()) for path, build in _Api(catalogue, version, base_url).jobs())


def api_records(catalogue: Catalogue, *, version: str, base_url: str) -> dict[str, object]:
    """Every API file by site-relative path (``api/index.json``, ``api/products/P00001.json`` …)."""
    return dict(iter_api_records(catalogue, version=version, base_url=base_url))


def dumps(obj) -> str:
    """Compact JSON text as the site writes it: UTF-8 characters kept, no NaN, a final newline."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def write_json(path: Path, obj) -> None:
    """Write ``obj`` as compact deterministic UTF-8 JSON (see ``dumps``), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(dumps(obj).encode("utf-8"))


def _checked(path: str) -> str:
    parts = path.split("/")
    if not path or path.startswith("/") or "" in parts or ".." in parts or "." in parts or "\\" in path:
        raise ValueError(f"JSON 文件路径越出输出目录或不规范：{path}")
    return path


def _write_file(root: str, path: str, obj) -> None:
    fd = os.open(f"{root}/{path}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        data = memoryview(dumps(obj).encode("utf-8"))
        while data:
            data = data[os.write(fd, data):]
    finally:
        os.close(fd)


def _make_folders(root: Path, paths: Iterable[str]) -> None:
    for folder in sorted({path.rpartition("/")[0] for path in paths}):
        (root / folder).mkdir(parents=True, exist_ok=True)


def write_api(root: Path, records: Iterable[tuple[str, object]]) -> int:
    """Write (site-relative path, object) pairs below ``root`` as ``dumps`` does; return the count.

    Refuses a path twice or a path outside ``root``. Takes the pairs one at a time, so with
    ``iter_api_records`` only one record is in memory at once.
    """
    seen: set[str] = set()
    folders: set[str] = set()
    for path, obj in records:
        if path in seen:
            raise ValueError(f"两个 JSON 文件写到同一路径 {path}（duplicate output path）")
        seen.add(_checked(path))
        folder = path.rpartition("/")[0]
        if folder not in folders:
            _make_folders(root, [path])
            folders.add(folder)
        _write_file(str(root), path, obj)
    return len(seen)


def write_api_files(root: Path, catalogue: Catalogue, *, version: str, base_url: str, processes: int = 2) -> int:
    """Build and write every API file below ``root``; return the count. Same bytes as ``write_api``.

    Encoding JSON holds the GIL and file creation is mostly system time, so threads do not help. On Linux,
    when no other thread runs, ``processes`` forked processes each build and write every n-th file; elsewhere
    (Windows, macOS, a threaded caller, ``processes=1``) this process writes them all.
    """
    jobs = list(_Api(catalogue, version, base_url).jobs())
    paths = [_checked(path) for path, _ in jobs]
    if len(set(paths)) != len(paths):
        repeated = next(path for path, count in Counter(paths).items() if count > 1)
        raise ValueError(f"两个 JSON 文件写到同一路径 {repeated}（duplicate output path）")
    _make_folders(root, paths)
    workers = max(1, min(processes, len(jobs))) if can_fork() else 1
    fork_map(lambda k: _write_share(str(root), jobs, k, workers), range(workers))
    return len(jobs)


def _write_share(root: str, jobs: list[tuple[str, Callable[[], dict]]], k: int, n: int) -> None:
    for path, build in jobs[k::n]:
        _write_file(root, path, build())


# --------------------------------------------------------------------------- schema.org and DCAT

KEYWORDS = ("绿色建材", "吉林省", "绿色建材产品认证", "政府采购", "开放数据")
_PLACE = {"@type": "Place", "name": "吉林省",
          "address": {"@type": "PostalAddress", "addressRegion": "吉林省", "addressCountry": "CN"}}


def _organization(base: str) -> dict:
    return {"@type": "Organization", "name": PROJECT, "url": base,
            "description": "本站是数据的汇编者：数据汇编自吉林省有关部门公开发布的绿色建材目录、产品认证和负面清单等信息，"
                           "并注明来源。"}


def _licence(package: dict) -> str:
    for licence in package.get("licenses") or ():
        if str(licence.get("path", "")).startswith("http"):
            return str(licence["path"])
    return LICENCE_URL


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def _text(value) -> str:
    """One line of text; the space YAML folding puts between two Chinese characters is removed."""
    return _CJK_GAP.sub("", " ".join(str(value or "").split()))


def _downloads(downloads) -> list[dict]:
    """Download descriptions as dicts (``generator.downloads.Download`` objects are accepted too)."""
    return [asdict(d) if is_dataclass(d) else d for d in downloads]


def _download_name(download: dict) -> str:
    return _text(f"{download.get('title') or download['file']} · {download['format']}")


def _download_url(base: str, download: dict) -> str:
    return f"{base}data/{quote(str(download['file']), safe='/')}"


def dataset_jsonld(resource: dict, package: dict, *, downloads: list[dict], base_url: str, version: str, as_of: dt.date,
                   page_path: str) -> dict:
    """schema.org ``Dataset`` of one table, with every download in ``downloads`` as a ``DataDownload``.

    ``downloads`` items have ``file`` (below ``data/``), ``dataset``, ``title``, ``format``, ``media_type``,
    ``bytes``, ``rows`` and ``sha256``; ``page_path`` is the site path of the page that describes the table.
    """
    base = _base(base_url)
    url = base + page_path.lstrip("/")
    title = _text(resource.get("title") or resource["name"])
    sample = "（示例数据）" if package.get("sample") else ""
    description = "。".join(part.rstrip("。") for part in (
        f"{PROJECT}：{title}", _text(resource.get("description")),
        f"本表属于数据包“{_text(package.get('title') or package.get('name'))}”", _text(package.get("description"))) if part)
    fields = (resource.get("schema") or {}).get("fields") or ()
    organization = _organization(base)
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": url + "#dataset",
        "url": url,
        "name": f"{PROJECT} · {title}{sample}",
        "alternateName": resource["name"],
        "identifier": f"{package.get('name')}/{resource['name']}",
        "description": description + "。",
        "license": _licence(package),
        "isAccessibleForFree": True,
        "creator": organization,
        "publisher": organization,
        "creditText": f"{PROJECT}（汇编自有关部门公开发布的目录与公告）",
        "datePublished": as_of.isoformat(),
        "dateModified": as_of.isoformat(),
        "version": version,
        "inLanguage": "zh-CN",
        "keywords": [*KEYWORDS, title],
        "spatialCoverage": _PLACE,
        "includedInDataCatalog": {"@type": "DataCatalog", "@id": base + "#catalog", "name": PROJECT, "url": base},
        "variableMeasured": [
            {"@type": "PropertyValue", "name": _text(f.get("title") or f["name"]), "propertyID": f["name"]}
            | ({"description": _text(f["description"])} if f.get("description") else {})
            for f in fields],
        "distribution": [
            {"@type": "DataDownload", "name": _download_name(d), "encodingFormat": d["media_type"],
             "contentUrl": _download_url(base, d), "contentSize": f"{d['bytes']} B", "sha256": d["sha256"]}
            | ({"description": f"{d['rows']} 行"} if d.get("rows") is not None else {})
            for d in _downloads(downloads)],
    }


def catalog_jsonld(packages: list[dict], datasets_jsonld: list[dict], *, base_url: str, version: str, as_of: dt.date) -> dict:
    """schema.org ``DataCatalog`` for the home page, listing each ``Dataset`` made by ``dataset_jsonld``."""
    base = _base(base_url)
    organization = _organization(base)
    sample = [_text(p.get("title") or p.get("name")) for p in packages if p.get("sample")]
    note = f"其中“{'”“'.join(sample)}”目前是示例数据，内容虚构。" if sample else ""
    return {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "@id": base + "#catalog",
        "url": base,
        "name": PROJECT,
        "description": "吉林省绿色建材目录、生产企业与产品性能指标、认证证书状态、负面清单和示范工程的开放数据，"
                       "依据《吉林省绿色建材高质量发展及推广应用方案》（吉建科〔2024〕13号）汇编。" + note,
        "license": LICENCE_URL,
        "isAccessibleForFree": True,
        "creator": organization,
        "publisher": organization,
        "dateModified": as_of.isoformat(),
        "version": version,
        "inLanguage": "zh-CN",
        "keywords": list(KEYWORDS),
        "spatialCoverage": _PLACE,
        "dataset": [{"@type": "Dataset", "@id": d["@id"], "name": d["name"], "url": d["url"], "license": d["license"],
                     "description": d["description"]} for d in datasets_jsonld],
    }


DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:issued": {"@type": "xsd:date"},
    "dct:modified": {"@type": "xsd:date"},
    "dcat:byteSize": {"@type": "xsd:nonNegativeInteger"},
    "spdx:checksumValue": {"@type": "xsd:hexBinary"},
}
_EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
_FILE_TYPES = {"text/csv": "CSV", "application/json": "JSON", "application/ld+json": "JSON_LD", "application/zip": "ZIP",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX", "application/xml": "XML"}
"""EU file-type authority codes by media type; other formats are named by their label."""
_IANA = "http://www.iana.org/assignments/media-types/"
ALL_DATA = "all"
"""``dataset`` of a download that holds every table (the SQLite database, the data-package zip)."""


def _zh(text: str) -> dict:
    return {"@value": text, "@language": "zh-CN"}


def _distribution(base: str, d: dict, licence: str) -> dict:
    url = _download_url(base, d)
    media_type = str(d["media_type"]).split(";")[0].strip()
    file_type = _FILE_TYPES.get(media_type)
    return {
        "@id": url, "@type": "dcat:Distribution",
        "dct:title": _zh(_download_name(d)),
        "dcat:downloadURL": {"@id": url}, "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {"@id": _IANA + media_type},
        "dct:format": {"@id": _EU_FILE_TYPE + file_type} if file_type else str(d["format"]),
        "dcat:byteSize": d["bytes"],
        "spdx:checksum": {"@type": "spdx:Checksum", "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                          "spdx:checksumValue": d["sha256"]},
        "dct:license": {"@id": licence},
    }


def dcat_catalog(packages: list[dict], *, downloads: list[dict], base_url: str, version: str, as_of: dt.date,
                 landing_pages: dict[str, str] | None = None) -> dict:
    """DCAT-AP style catalogue as JSON-LD (for ``data/catalog.dcat.jsonld``): one ``dcat:Dataset`` per table.

    A download belongs to the table whose resource name (or ``package/resource``) is its ``dataset``; downloads
    whose ``dataset`` is ``all`` (every table in one file) make one more dataset, 全部数据表. ``landing_pages``
    maps a resource name (or ``all``) to its page path; the default is ``data/``.
    """
    base = _base(base_url)
    landing_pages = landing_pages or {}
    publisher = {"@id": base + "#publisher", "@type": "foaf:Agent", "foaf:name": _zh(PROJECT), "foaf:homepage": {"@id": base}}
    common = {"dct:issued": as_of.isoformat(), "dct:modified": as_of.isoformat(), "dcat:version": version,
              "dct:publisher": {"@id": publisher["@id"]}, "dct:creator": {"@id": publisher["@id"]},
              "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ZHO"},
              "dct:spatial": {"@type": "dct:Location", "skos:prefLabel": _zh("吉林省")}}
    by_dataset: dict[str, list[dict]] = {}
    for d in _downloads(downloads):
        by_dataset.setdefault(str(d["dataset"]), []).append(d)
    datasets, used = [], set()

    def dataset(name: str, identifier: str, title: str, description: str, licence: str, keys: tuple[str, ...]) -> dict:
        page = base + landing_pages.get(name, "data/").lstrip("/")
        files = [d for key in keys for d in by_dataset.get(key, ())]
        used.update(keys)
        return {"@id": f"{page}#dataset-{name}", "@type": "dcat:Dataset", "dct:identifier": identifier,
                "dct:title": _zh(title), "dct:description": _zh(description), "dct:license": {"@id": licence},
                "dcat:keyword": [_zh(k) for k in (*KEYWORDS, title)], "dcat:landingPage": {"@id": page}, **common,
                "dcat:distribution": [_distribution(base, d, licence) for d in files]}

    for package in packages:
        licence, package_name = _licence(package), str(package.get("name"))
        package_title = _text(package.get("title") or package_name)
        for resource in package.get("resources") or ():
            name = resource["name"]
            title = _text(resource.get("title") or name)
            description = "。".join(p.rstrip("。") for p in (title, _text(resource.get("description")),
                                                               f"属于数据包“{package_title}”") if p) + "。"
            datasets.append(dataset(name, f"{package_name}/{name}", f"{title}{'（示例数据）' if package.get('sample') else ''}",
                                    description, licence, (name, f"{package_name}/{name}")))
    if ALL_DATA in by_dataset:
        titles = "、".join(_text(p.get("title") or p.get("name")) for p in packages)
        datasets.append(dataset(ALL_DATA, ALL_DATA, f"{PROJECT} · 全部数据表", f"全部数据表合为一个文件：{titles}。",
                                LICENCE_URL, (ALL_DATA,)))
    unknown = sorted(set(by_dataset) - used)
    if unknown:
        raise ValueError(f"下载文件的 dataset 不是任何数据表的名称，也不是 all：{'、'.join(unknown)}")
    return {
        "@context": DCAT_CONTEXT,
        "@id": base + "#catalog",
        "@type": "dcat:Catalog",
        "dct:title": _zh(PROJECT),
        "dct:description": _zh("吉林省绿色建材目录、生产企业与产品性能指标、认证证书状态、负面清单和示范工程的开放数据。"),
        "foaf:homepage": {"@id": base},
        "dct:license": {"@id": LICENCE_URL},
        **common,
        "dct:publisher": publisher,
        "dcat:dataset": datasets,
    }


_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def jsonld_script(obj) -> Markup:
    """JSON text for inside ``<script type="application/ld+json">``, on one line.

    ``<``, ``>`` and ``&`` (and the line separators U+2028/U+2029) are written as ``\\uXXXX`` escapes, which
    JSON parsers read back unchanged, so no data can close the element or open a comment.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in _SCRIPT_ESCAPES:
        text = text.replace(raw, escaped)
    return Markup(text)  # noqa: S704 - every character that could end the element is escaped


# --------------------------------------------------------------------------- sitemaps

_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _loc(base: str, path: str) -> str:
    return xml_escape(base + quote(path.lstrip("/"), safe="/?:@!$&'()*+,;=-._~%"))


def sitemap(paths: Iterable[str], *, base_url: str, lastmod: dt.date) -> str:
    """A sitemap 0.9 ``urlset`` of the site paths (``""`` is the home page, ``products/P00001/`` a record).

    URLs keep the order given; a repeated path is listed once. More than 50,000 URLs is an error: use ``sitemaps``.
    """
    base, day = _base(base_url), lastmod.isoformat()
    unique = list(dict.fromkeys(p.lstrip("/") for p in paths))
    if len(unique) > SITEMAP_LIMIT:
        raise ValueError(f"一个 sitemap 最多 {SITEMAP_LIMIT} 个网址，这里有 {len(unique)} 个；请用 sitemaps() 分成多个文件。")
    lines = [f"<url><loc>{_loc(base, p)}</loc><lastmod>{day}</lastmod></url>" for p in unique]
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">\n' + "".join(
        line + "\n" for line in lines) + "</urlset>\n"


def sitemaps(paths: Iterable[str], *, base_url: str, lastmod: dt.date, limit: int = SITEMAP_LIMIT) -> dict[str, str]:
    """Sitemap files by site path: ``{"sitemap.xml": ...}`` alone up to ``limit`` URLs; above that,
    ``sitemap.xml`` is a sitemap index of ``sitemap-1.xml``, ``sitemap-2.xml`` … with ``limit`` URLs each."""
    base, day = _base(base_url), lastmod.isoformat()
    unique = list(dict.fromkeys(p.lstrip("/") for p in paths))
    if len(unique) <= limit:
        return {"sitemap.xml": sitemap(unique, base_url=base, lastmod=lastmod)}
    parts = {f"sitemap-{n}.xml": sitemap(unique[start:start + limit], base_url=base, lastmod=lastmod)
             for n, start in enumerate(range(0, len(unique), limit), start=1)}
    index = "".join(f"<sitemap><loc>{_loc(base, name)}</loc><lastmod>{day}</lastmod></sitemap>\n" for name in parts)
    return {"sitemap.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_SITEMAP_NS}">\n'
                           f"{index}</sitemapindex>\n", **parts}


# --------------------------------------------------------------------------- citations

def _version_date(version: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(version[:10])
    except ValueError:
        return None


def _zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def citation(*, title: str, permalink: str, version: str, access_date: dt.date, publisher: str = PROJECT,
             year: int | None = None, updated: dt.date | None = None) -> dict[str, str]:
    """How to cite a dataset or a record, in GB/T 7714-2015 and APA 7 (plain text).

    GB/T 7714-2015 electronic resource: 主要责任者. 题名: 其他题名信息[文献类型标识/载体类型标识]. 出版地: 出版者,
    出版年(更新或修改日期)[引用日期]. 获取和访问路径. Here the compiler (``publisher``) is 主要责任者; the data
    version goes with the title as （数据版本 …）; the type mark is [DB/OL] (online database); 出版地 and 出版者
    are left out (the publisher is the 主要责任者 and an online resource has no place); 出版年 is given only when
    ``year`` is; 更新日期 is ``updated``, by default the date at the start of the version (``2026-11-25+abc1234``).

    APA 7 data set: Author. (Year). Title (Version x) [Data set]. Publisher. Retrieved date, from URL — the
    publisher is left out when it is the author (APA 7), and the retrieval date is given because the data change.

    ``gbt7714_template`` and ``apa_template`` hold the placeholders ``{access_date}`` (YYYY-MM-DD) and
    ``{access_date_zh}`` (2026年11月25日) where a script on the page can put the reader's date.
    """
    updated = updated or _version_date(version)
    published = f"{year}" if year else ""
    changed = f"({updated.isoformat()})" if updated else ""
    apa_year = year or (updated.year if updated else "n.d.")

    def gbt(accessed: str) -> str:
        return f"{publisher}. {title}（数据版本 {version}）[DB/OL]. {published}{changed}[{accessed}]. {permalink}."

    def apa(accessed: str) -> str:
        return f"{publisher}. ({apa_year}). {title} (Version {version}) [Data set]. Retrieved {accessed}, from {permalink}"

    return {
        "gbt7714": gbt(access_date.isoformat()),
        "apa": apa(_zh_date(access_date)),
        "gbt7714_template": gbt(ACCESS_DATE),
        "apa_template": apa(ACCESS_DATE_ZH),
        "access_date": access_date.isoformat(),
    }
