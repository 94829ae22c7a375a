"""Render stage: a pure function from the catalogue to our pages (see page.py).

Every page is a template's output with autoescaping, so data never reaches Markdown or HTML
unescaped. Record pages are not in the mkdocs nav; listing pages link to them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import model as m
from ..opendata.api import api_endpoints
from ..opendata.charts import headline
from ..opendata.stage import OpenData
from ..opendata.tables import foreign_keys
from ..ratio.project import demo_project
from ..ratio.words import WORDING
from ..records import Catalogue, current_certificate
from ..search.stage import SearchData
from ..settings import Settings
from .listing import split
from .page import RECORD_FOLDERS, Page, url_of
from .templates import environment, render_page, script_json


class _Renderer:
    def __init__(self, catalogue: Catalogue, version: str, od: OpenData, settings: Settings, search: SearchData):
        self.c = catalogue
        self.od = od
        self.search = search
        self.env = environment(settings)
        self.version = version
        self.settings = settings
        self.page_size = settings.page_size
        self.pages: list[Page] = []
        self.negative_pages: dict[str, str] = {}
        """Site path of the negative-list page that holds each entry."""
        self.env.globals["negative_page"] = lambda entry_id: self.negative_pages.get(entry_id, "negative-list/")
        self.env.globals["od"] = od
        self.env.globals["enterprise_pinyin"] = lambda e: search.pinyin.get(e.credit_code, "")

    def page(self, path: str, template: str, **context) -> None:
        self.pages.append(self.make(path, template, **context))

    def make(self, path: str, template: str, **context) -> Page:
        here = url_of(path)
        root, href = "../" * here.count("/"), self.settings.href

        def link(target: str) -> str:
            """Relative link from this page to a site path such as ``products/P1/``, written the way this site
            links pages (``products/P1/index.html`` without directory URLs); a file path stays as it is."""
            return root + href(target) or "./"

        return render_page(
            self.env,
            path,
            template,
            dict(
                c=self.c, link=link, root=root or "./", version=self.version, repo=self.settings.repository, here=here, **context
            ),
        )

    def render(self) -> list[Page]:
        c = self.c
        self.page("catalogs/index.md", "catalogs.md.j2")
        for catalog in c.catalogs.values():
            view = self._catalog_view(catalog)
            self.page(f"catalogs/{catalog.id}.md", "catalog.md.j2", catalog=catalog, view=view)
            if not view["inline_categories"]:
                for category, group in view["by_category"]:
                    self.listing(
                        f"catalogs/{catalog.id}/categories/{category.code}/",
                        "catalog_list.md.j2",
                        group,
                        catalog=catalog,
                        category=category,
                        batch=None,
                    )
            if not view["inline_batches"]:
                for batch, entries, _ in view["batches"]:
                    self.listing(
                        f"catalogs/{catalog.id}/batches/{batch.id}/",
                        "catalog_list.md.j2",
                        entries,
                        catalog=catalog,
                        category=None,
                        batch=batch,
                    )
        self.page("enterprises/index.md", "enterprises.md.j2")
        by_status = {
            s: sorted((cert for cert in c.certificates.values() if cert.status == s), key=lambda x: x.expiry_date)
            for s in ("expiring", "valid", "expired", "withdrawn")
        }
        shown = min(self.settings.overview_rows, self.page_size)
        self.page(
            "certificates/index.md",
            "certificates.md.j2",
            by_status=by_status,
            counts={s: len(certs) for s, certs in by_status.items()},
            shown=shown,
        )
        for status, certs in by_status.items():
            if len(certs) > shown:
                self.listing(f"certificates/{status}/", "certificate_list.md.j2", certs, status=status)
        negative = sorted(c.negative_list, key=lambda n: n.decision_date, reverse=True)
        for rows, url in self.listing("negative-list/", "negative_list.md.j2", negative):
            self.negative_pages.update((n.id, url) for n in rows)
        self.page("categories/index.md", "categories.md.j2")
        for category in c.categories.values():
            if category.level == "item":
                self.listing(
                    f"categories/{category.code}/",
                    "category.md.j2",
                    c.products_by_category.get(category.code, ()),
                    category=category,
                )
        region_products = Counter(c.enterprises[p.enterprise].region for p in c.products.values())
        self.page("regions/index.md", "regions.md.j2", region_products=region_products)
        for region in c.regions.values():
            self.listing(f"regions/{region.id}/", "region.md.j2", c.enterprises_by_region.get(region.id, ()), region=region)
        ratios = {pid: demo_project(c, pid) for pid in c.projects}
        self.page("projects/index.md", "projects.md.j2", ratios=ratios)
        for project in c.projects.values():
            self.page(f"projects/{project.id}.md", "project.md.j2", project=project, ratio=ratios[project.id])
        rulesets = sorted(
            c.rulesets.values(), key=lambda r: (r.kind == "threshold-table", r.status == "unsourced", not r.default, r.id)
        )
        self.page(
            "calculator/index.md",
            "calculator.md.j2",
            rulesets=rulesets,
            rulesets_json=script_json([r.as_json() for r in rulesets], sort_keys=True, compact=False),
            wording_json=script_json(WORDING, sort_keys=True, compact=False),
        )
        for ruleset in rulesets:
            self.page(f"calculator/rules/{ruleset.id}.md", "ratio_rules.md.j2", r=ruleset)
        self.page("policies/index.md", "policies.md.j2")
        for policy in c.policies.values():
            self.page(f"policies/{policy.id}.md", "policy.md.j2", policy=policy)
        self.page("search/index.md", "search.md.j2", search_json=script_json(self.search.page, sort_keys=True))
        self.page("about/index.md", "about.md.j2")
        # Last: these pages list the download files, which a forked process writes meanwhile (opendata.Forked).
        catalog_jsonld = script_json(self.od.catalog_jsonld())
        self.page("index.md", "home.md.j2", stats=headline(c), catalog_jsonld=catalog_jsonld)
        self._open_data(catalog_jsonld)
        return self.pages

    def _open_data(self, catalog_jsonld) -> None:
        """Download, data dictionary, API, statistics and changelog pages; tombstones outside record folders."""
        c, od = self.c, self.od
        self.page("data/index.md", "downloads.md.j2", catalog_jsonld=catalog_jsonld)
        endpoints = api_endpoints(c)
        record_paths = {e["table"]: e["record_path"] for e in endpoints}
        present = [resource["name"] for _, resource in od.resources()]
        for package, resource in od.resources():
            rows = len(od.data.tables[resource["name"]].rows) if resource["name"] in od.data.tables else 0
            source = c.sources.get(resource["name"], resource.get("path", ""))
            self.page(
                f"data/{resource['name']}.md",
                "dataset.md.j2",
                package=package,
                resource=resource,
                rows=rows,
                source=source,
                api=record_paths.get(resource["name"]),
                foreign=foreign_keys(resource["name"], resource.get("schema") or {}, present),
                jsonld=script_json(od.dataset_jsonld(package, resource)),
            )
        first = next(iter(c.products), "P00001")
        examples = {
            "products": c.products,
            "enterprises": c.enterprises,
            "catalogs": c.catalogs,
            "projects": c.projects,
            "regions": c.regions,
            "categories": c.categories,
            "scenarios": c.scenarios,
            "certification-bodies": c.bodies,
            "reason-codes": c.reasons,
            "negative-list": {n.id: n for n in c.negative_list},
        }
        for e in endpoints:  # an example record link where the record's key is also its file name
            found = examples.get(e["name"])
            e["example"] = f"api/{e['name']}/{next(iter(found))}.json" if found else None
        self.page("api/index.md", "api.md.j2", endpoints=endpoints, example_product=first)
        self.page("statistics/index.md", "statistics.md.j2", charts=od.charts)
        self.page("changelog/index.md", "changelog.md.j2", history=od.history)
        for t in od.tombstones:
            if t.source.split("/", 1)[0] not in RECORD_FOLDERS:
                self.page(t.source, "tombstone.md.j2", t=t)

    def listing(self, base: str, template: str, items, **context) -> list[tuple[list, str]]:
        """Render a listing split into pages; return each page's rows with its site path."""
        out = []
        for path, rows, pager in split(items, base, self.page_size):
            self.page(path, template, rows=rows, pager=pager, **context)
            out.append((rows, url_of(path)))
        return out

    def records(self, part: int = 0, parts: int = 1) -> Iterator[Page]:
        """Product and enterprise pages, one at a time (they are filled into a theme shell, see shell.py).

        With ``parts`` > 1, only every ``parts``-th record starting at ``part``: workers share the records.
        """
        c = self.c
        jobs = [
            *((self._product, p) for p in c.products.values()),
            *((self._enterprise, e) for e in c.enterprises.values()),
            *((self._tombstone, t) for t in self.od.tombstones if t.source.split("/", 1)[0] in RECORD_FOLDERS),
        ]
        for make, item in jobs[part::parts]:
            yield make(item)

    def _product(self, product: m.Product) -> Page:
        c = self.c
        certificates = c.certificates_by_product.get(product.id)
        return self.make(
            f"products/{product.id}.md",
            "product.md.j2",
            p=product,
            status=c.product_status(product),
            current=current_certificate(certificates) if certificates else None,
        )

    def _enterprise(self, enterprise: m.Enterprise) -> Page:
        return self.make(f"enterprises/{enterprise.credit_code}.md", "enterprise.md.j2", e=enterprise)

    def _tombstone(self, tombstone) -> Page:
        return self.make(tombstone.source, "tombstone.md.j2", t=tombstone)

    def _catalog_view(self, catalog: m.Catalog) -> dict:
        """Batches with their entries, and the active entries grouped by product category."""
        c = self.c
        batches = [b for b in c.batches.values() if b.catalog == catalog.id]
        batches.sort(key=lambda b: (b.published_date, b.id))
        rows = [(b, c.entries_by_batch.get((b.catalog, b.id), ())) for b in batches]
        active = [e for _, entries in rows for e in entries if e.active_on(c.as_of)]
        groups: dict[str, list] = {}
        for entry in sorted(active, key=lambda e: (c.products[e.product].category, e.product)):
            groups.setdefault(c.products[entry.product].category, []).append(entry)
        return {
            "batches": [(b, entries, sum(1 for e in entries if not e.active_on(c.as_of))) for b, entries in rows],
            "by_category": [(c.categories[code], entries) for code, entries in groups.items()],
            "active": len(active),
            "total": sum(len(entries) for _, entries in rows),
            "inline_categories": len(active) <= self.page_size,
            "inline_batches": sum(len(entries) for _, entries in rows) <= self.page_size,
        }


@dataclass
class RenderedSite:
    """Editorial pages (built by mkdocs) and the record pages (rendered on demand, filled into shells)."""

    pages: list[Page]
    records: Callable[..., Iterator[Page]]
    """``records(part, parts)``: the record pages, or the ``part``-th of ``parts`` shares of them."""

    def all_pages(self) -> list[Page]:
        return [*self.pages, *self.records()]


def render_site(
    catalogue: Catalogue, version: str, od: OpenData, settings: Settings, search: SearchData | None = None
) -> RenderedSite:
    """All pages of one build, in a fixed order. ``od`` feeds the download, dataset, API, statistics and
    changelog pages and the citations; ``settings`` the page size, the edit links and the site's name;
    ``search`` (search/stage.SearchData) what the search page embeds and the enterprises' pinyin."""
    renderer = _Renderer(catalogue, version, od, settings, search or SearchData())
    return RenderedSite(renderer.render(), renderer.records)
