"""The index files of the static JSON API (``api/index.json`` and each endpoint's ``index.json``) and the
list of endpoints; the records themselves are built in api.py, whose builder these methods are part of.

Index files are the only API files that carry the build's version and date (``version``, ``as_of``) and day
counts (a certificate's ``days_left``): see api.py's notes on dates.
"""

from __future__ import annotations

from collections import Counter

from ..records import Catalogue
from . import api_reference
from .api_links import certificate_api_id
from .api_schema import REMOVED_KEYS, schema_path
from .release import LICENCE_URL

TOMBSTONE_KEYS = REMOVED_KEYS
"""Record folders whose removed records keep a JSON tombstone, and the key each record is named by."""


ENDPOINTS = (
    # name, Chinese title, catalogue attribute, record key, page, data table, record schema
    ("products", "产品", "products", "id", "search/", "products", "product"),
    ("enterprises", "生产企业", "enterprises", "credit_code", "enterprises/", "enterprises", "enterprise"),
    ("certificates", "认证证书", "certificates", "id", "certificates/", "certificates", "certificate"),
    ("catalogs", "目录", "catalogs", "id", "catalogs/", "catalogs", "catalog"),
    ("negative-list", "负面清单", "negative_list", "id", "negative-list/", "negative_list", "negative-list-entry"),
    ("projects", "示范工程", "projects", "id", "projects/", "demo_projects", "project"),
    *api_reference.ENDPOINTS,
)
"""The API's endpoints: ``api/index.json`` and the API page both list them from here."""


def api_endpoints(catalogue: Catalogue) -> list[dict]:
    """Each endpoint with its record count, site-relative paths and record schema name."""
    return [
        {
            "name": name,
            "title": title,
            "count": len(getattr(catalogue, attribute)),
            "page": page,
            "table": table,
            "index_path": f"api/{name}/index.json",
            "record_path": f"api/{name}/{{{key}}}.json",
            "schema": schema,
        }
        for name, title, attribute, key, page, table, schema in ENDPOINTS
    ]


class IndexFiles:
    """The index-building half of the API builder (api.py's ``_Api``): it uses the builder's catalogue ``c``,
    ``links``, ``page``, ``meta``, ``status``, ``negative``, ``tombstones`` and ``dated``."""

    def listing(self, name: str, items: list, page: str) -> dict:
        removed = [
            {
                TOMBSTONE_KEYS[t.kind]: t.id,
                "name": t.label,
                "removed_date": t.removed_on.isoformat(),
                "api": self.links.api(f"{t.kind}/{t.id}.json"),
            }
            for t in self.tombstones
            if t.kind == name
        ]
        return {
            "name": name,
            "count": len(items),
            "items": items,
            **({"removed": removed} if name in TOMBSTONE_KEYS else {}),
            "schema": self.links.api(schema_path(f"{name}-index")),
            **self.meta(page),
            **self.dated,
        }

    def products_index(self) -> dict:
        links = self.links
        return self.listing(
            "products",
            [
                {
                    **links.product(p),
                    "category": links.category(p.category),
                    "enterprise": links.enterprise(p.enterprise),
                    "status": self.status(p),
                    "url": self.page(f"products/{p.id}/"),
                }
                for p in self.c.products.values()
            ],
            "search/",
        )

    def enterprises_index(self) -> dict:
        c, links = self.c, self.links
        return self.listing(
            "enterprises",
            [
                {
                    **links.enterprise(e.credit_code),
                    "region": links.region(e.region),
                    "products": len(c.products_by_enterprise.get(e.credit_code, ())),
                    "url": self.page(f"enterprises/{e.credit_code}/"),
                }
                for e in c.enterprises.values()
            ],
            "enterprises/",
        )

    def certificates_index(self) -> dict:
        c, links = self.c, self.links
        return self.listing(
            "certificates",
            [
                {
                    **links.certificate(cert),
                    "id": certificate_api_id(cert.number),
                    "product": links.product(c.products[cert.product]),
                    "grade": cert.grade,
                    "expiry_date": cert.expiry_date.isoformat(),
                    "status": cert.status,
                    "days_left": cert.days_left,
                    "url": self.page(f"products/{cert.product}/#{cert.slug}"),
                }
                for cert in c.certificates.values()
            ],
            "certificates/",
        )

    def catalogs_index(self) -> dict:
        c = self.c
        active = Counter(e.catalog for e in c.entries if e.active_on(c.as_of))
        batches = Counter(catalog for catalog, _ in c.batches)
        return self.listing(
            "catalogs",
            [
                {
                    **self.links.catalog(k.id),
                    "issuer": k.issuer,
                    "batches": batches[k.id],
                    "active_count": active[k.id],
                    "url": self.page(f"catalogs/{k.id}/"),
                }
                for k in c.catalogs.values()
            ],
            "catalogs/",
        )

    def negative_index(self) -> dict:
        return self.listing("negative-list", [self.negative(n) for n in self.c.negative_list], "negative-list/")

    def projects_index(self) -> dict:
        links = self.links
        return self.listing(
            "projects",
            [
                {
                    **links.project(p.id),
                    "region": links.region(p.region),
                    "building_type": p.building_type,
                    "url": self.page(f"projects/{p.id}/"),
                }
                for p in self.c.projects.values()
            ],
            "projects/",
        )

    def index(self) -> dict:
        c = self.c

        def endpoint(e: dict) -> dict:
            return {
                "name": e["name"],
                "title": e["title"],
                "count": e["count"],
                "index": self.base + e["index_path"],
                "record": self.base + e["record_path"],
                "record_path": e["record_path"],
                "page": self.page(e["page"]),
                "schema": self.links.api(schema_path(e["schema"])),
                "index_schema": self.links.api(schema_path(f"{e['name']}-index")),
            }

        return {
            "title": f"{self.publisher} · 静态 JSON 接口",
            "description": "本站全部记录的 JSON 文件，随网站一同生成；记录之间用含 api 地址的链接对象相互引用，"
            "每个文件都有 JSON Schema（schema）。记录本身不含生成日期，内容不变时文件不变；"
            "数据版本和状态日期见索引文件（本文件和各端点的 index.json）。证书文件名是把证书编号中的“/”改为“~”。"
            "已删除的记录保留 JSON 文件（removed: true，附删除日期、原因和最后的值），"
            "并列在所属索引的 removed 中。",
            "base_url": self.base,
            "licence_url": LICENCE_URL,
            "docs": self.page("api/"),
            "downloads": self.page("data/"),
            "index_files": ["api/index.json", *(e["index_path"] for e in api_endpoints(c))],
            "counts": {e["name"]: e["count"] for e in api_endpoints(c)},
            "endpoints": [endpoint(e) for e in api_endpoints(c)],
            "schema": self.links.api(schema_path("index")),
            "tombstone_schema": self.links.api(schema_path("tombstone")),
            **self.meta("api/"),
            **self.dated,
        }
