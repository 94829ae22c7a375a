"""Render stage: a pure function from the catalogue to Markdown page sources.

Every page is Markdown with YAML front matter whose body is a raw HTML block
produced by Jinja2 with autoescaping, so data never reaches Markdown or HTML
unescaped. Record pages are not in the mkdocs nav; listing pages link to them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import model as m
from .lexicon import name_words
from .metadata import api_endpoints, jsonld_script
from .ratio_project import demo_project
from .records import Catalogue, current_certificate
from .searchdata import SearchData

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


@dataclass(frozen=True)
class Page:
    """One Markdown source file for mkdocs."""

    path: str
    """Path below docs_dir, e.g. ``products/P00001.md``."""
    text: str


def url_of(path: str) -> str:
    """Directory URL of a docs path: ``products/P1.md`` -> ``products/P1/``."""
    stem = path[:-3]
    if stem == "index":
        return ""
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_one_line,
    )
    env.filters["front"] = lambda value: Markup(json.dumps(str(escape(value)), ensure_ascii=False))  # noqa: S704 - escaped
    env.filters["date"] = lambda day: day.isoformat() if day else "—"
    env.filters["paragraphs"] = _paragraphs
    env.filters["markdown_lite"] = markdown_lite
    env.globals.update(STATUS=m.STATUS_LABELS, GRADE=m.GRADE_LABELS, ROUTE=m.ROUTE_LABELS)
    env.globals["name_words"] = lambda *names, tags=(): name_words(names, tuple(tags))
    env.tests["worded"] = lambda value: any(ch.isalpha() for ch in str(value))  # A1, C30, 合格: worth a search
    return env


def _one_line(value):
    """Data never brings a line break into a page: a blank line would end the raw HTML block
    and hand the rest of the text to Markdown."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return " ".join(value.split()) if ("\n" in value or "\r" in value) else value
    return value


def _paragraphs(text: str | None) -> Markup:
    """Plain text to escaped paragraphs, one per blank-line-separated block, each on one line."""
    blocks = [" ".join(b.split()) for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    return Markup("".join(f"<p>{escape(b)}</p>" for b in blocks))  # noqa: S704 - every block escaped


def markdown_lite(text: str) -> Markup:
    """Render the Markdown subset allowed in policy bodies: ## headings, - lists, paragraphs.

    Everything else is shown literally; no HTML or link from the source survives.
    """
    out, items, para = [], [], []

    def flush():
        if items:
            out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
            items.clear()
        if para:
            out.append(f"<p>{escape(' '.join(para))}</p>")
            para.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            level = min(max(len(line) - len(line.lstrip("#")), 2), 4)
            out.append(f"<h{level}>{escape(line.lstrip('#').strip())}</h{level}>")
        elif line.startswith(("- ", "* ")):
            if para:
                flush()
            items.append(line[2:].strip())
        else:
            if items:
                flush()
            para.append(line)
    flush()
    return Markup("\n".join(out))  # noqa: S704 - built from escaped text only


def json_for_script(value) -> Markup:
    """JSON that is safe inside a <script type="application/json"> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S704


PAGE_SIZE = 200
"""Rows per listing page; longer listings are split into numbered pages."""


@dataclass(frozen=True)
class Pager:
    """Where one page of a split listing sits among its siblings."""

    base: str
    """Site path of the first page, e.g. ``certificates/valid/``."""
    number: int
    count: int
    total: int
    first: int
    """1-based position of the page's first row."""
    last: int

    def url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def window(self) -> list[int | None]:
        """Page numbers to show: the ends and two either side of this page; None marks a gap."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out: list[int | None] = []
        for k in shown:
            if out and k - (out[-1] or 0) > 1:
                out.append(None)
            out.append(k)
        return out


def split(items, base: str, size: int | None = None) -> list[tuple[str, list, Pager]]:
    """Docs path, rows and pager of each page of a listing whose first page is at site path ``base``."""
    items, size = list(items), size or PAGE_SIZE
    count = max(1, -(-len(items) // size))
    out = []
    for number in range(1, count + 1):
        rows = items[(number - 1) * size: number * size]
        pager = Pager(base, number, count, len(items), (number - 1) * size + 1, (number - 1) * size + len(rows))
        path = f"{base}index.md" if number == 1 else f"{base}page/{number}.md"
        out.append((path, rows, pager))
    return out


class _Renderer:
    def __init__(self, catalogue: Catalogue, version: str, repository: dict, od, search: SearchData):
        self.c = catalogue
        self.od = od
        self.search = search
        self.env = environment()
        self.version = version
        self.repository = repository
        self.pages: list[Page] = []
        self.negative_pages: dict[str, str] = {}
        """Site path of the negative-list page that holds each entry."""
        self.env.globals["negative_page"] = lambda entry_id: self.negative_pages.get(entry_id, "negative-list/")
        self.env.globals["PAGE_SIZE"] = PAGE_SIZE
        self.env.globals["od"] = od
        self.env.globals["enterprise_pinyin"] = lambda e: search.pinyin.get(e.credit_code, "")

    def page(self, path: str, template: str, **context) -> None:
        self.pages.append(self.make(path, template, **context))

    def make(self, path: str, template: str, **context) -> Page:
        here = url_of(path)

        def link(target: str) -> str:
            """Relative link from this page to a site path such as ``products/P1/``."""
            return "../" * here.count("/") + target or "./"

        text = self.env.get_template(template).render(
            c=self.c, link=link, version=self.version, repo=self.repository, here=here, **context)
        return Page(path, text)

    def render(self) -> list[Page]:
        c = self.c
        self.page("catalogs/index.md", "catalogs.md.j2")
        for catalog in c.catalogs.values():
            view = self._catalog_view(catalog)
            self.page(f"catalogs/{catalog.id}.md", "catalog.md.j2", catalog=catalog, view=view)
            if not view["inline_categories"]:
                for category, group in view["by_category"]:
                    self.listing(f"catalogs/{catalog.id}/categories/{category.code}/", "catalog_list.md.j2", group,
                                 catalog=catalog, category=category, batch=None)
            if not view["inline_batches"]:
                for batch, entries, _ in view["batches"]:
                    self.listing(f"catalogs/{catalog.id}/batches/{batch.id}/", "catalog_list.md.j2", entries,
                                 catalog=catalog, category=None, batch=batch)
        self.page("enterprises/index.md", "enterprises.md.j2")
        by_status = {s: sorted((cert for cert in c.certificates.values() if cert.status == s), key=lambda x: x.expiry_date)
                     for s in ("expiring", "valid", "expired", "withdrawn")}
        self.page("certificates/index.md", "certificates.md.j2", by_status=by_status,
                  counts={s: len(certs) for s, certs in by_status.items()})
        for status, certs in by_status.items():
            if len(certs) > PAGE_SIZE:
                self.listing(f"certificates/{status}/", "certificate_list.md.j2", certs, status=status)
        negative = sorted(c.negative_list, key=lambda n: n.decision_date, reverse=True)
        for rows, url in self.listing("negative-list/", "negative_list.md.j2", negative):
            self.negative_pages.update((n.id, url) for n in rows)
        self.page("categories/index.md", "categories.md.j2")
        for category in c.categories.values():
            if category.level == "item":
                self.listing(f"categories/{category.code}/", "category.md.j2",
                             c.products_by_category.get(category.code, ()), category=category)
        region_products = Counter(c.enterprises[p.enterprise].region for p in c.products.values())
        self.page("regions/index.md", "regions.md.j2", region_products=region_products)
        for region in c.regions.values():
            self.listing(f"regions/{region.id}/", "region.md.j2", c.enterprises_by_region.get(region.id, ()), region=region)
        ratios = {pid: demo_project(c, pid) for pid in c.projects}
        self.page("projects/index.md", "projects.md.j2", ratios=ratios)
        for project in c.projects.values():
            self.page(f"projects/{project.id}.md", "project.md.j2", project=project, ratio=ratios[project.id])
        rulesets = sorted(c.rulesets.values(), key=lambda r: (not r.default, r.kind == "threshold-table", r.id))
        self.page("calculator/index.md", "calculator.md.j2", rulesets=rulesets,
                  rulesets_json=json_for_script([r.as_json() for r in rulesets]))
        self.page("policies/index.md", "policies.md.j2")
        for policy in c.policies.values():
            self.page(f"policies/{policy.id}.md", "policy.md.j2", policy=policy)
        self.page("search/index.md", "search.md.j2", search_json=json_for_script(self.search.page))
        self.page("about/index.md", "about.md.j2")
        # Last: these pages list the download files, which a forked process writes meanwhile (opendata.Forked).
        catalog_jsonld = jsonld_script(self.od.catalog_jsonld())
        self.page("index.md", "home.md.j2", stats=self._stats(), catalog_jsonld=catalog_jsonld)
        self._open_data(catalog_jsonld)
        return self.pages

    def _open_data(self, catalog_jsonld) -> None:
        """Download, data dictionary, API, statistics and changelog pages; tombstones outside record folders."""
        c, od = self.c, self.od
        self.page("data/index.md", "downloads.md.j2", catalog_jsonld=catalog_jsonld)
        endpoints = api_endpoints(c)
        record_paths = {e["table"]: e["record_path"] or e["index_path"] for e in endpoints}
        for package, resource in od.resources():
            rows = len(od.data.tables[resource["name"]].rows) if resource["name"] in od.data.tables else 0
            source = c.sources.get(resource["name"], resource.get("path", ""))
            self.page(f"data/{resource['name']}.md", "dataset.md.j2", package=package, resource=resource, rows=rows,
                      source=source, api=record_paths.get(resource["name"]),
                      jsonld=jsonld_script(od.dataset_jsonld(package, resource)))
        first = next(iter(c.products), "P00001")
        examples = {"products": c.products, "enterprises": c.enterprises, "catalogs": c.catalogs, "projects": c.projects}
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
        for path, rows, pager in split(items, base):
            self.page(path, template, rows=rows, pager=pager, **context)
            out.append((rows, url_of(path)))
        return out

    def records(self, part: int = 0, parts: int = 1) -> Iterator[Page]:
        """Product and enterprise pages, one at a time (they are filled into a theme shell, see shell.py).

        With ``parts`` > 1, only every ``parts``-th record starting at ``part``: workers share the records.
        """
        c = self.c
        jobs = [*((self._product, p) for p in c.products.values()), *((self._enterprise, e) for e in c.enterprises.values()),
                *((self._tombstone, t) for t in self.od.tombstones if t.source.split("/", 1)[0] in RECORD_FOLDERS)]
        for make, item in jobs[part::parts]:
            yield make(item)

    def _product(self, product: m.Product) -> Page:
        c = self.c
        certificates = c.certificates_by_product.get(product.id)
        return self.make(f"products/{product.id}.md", "product.md.j2", p=product, status=c.product_status(product),
                         current=current_certificate(certificates) if certificates else None)

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
            "inline_categories": len(active) <= PAGE_SIZE,
            "inline_batches": sum(len(entries) for _, entries in rows) <= PAGE_SIZE,
        }

    def _stats(self) -> dict:
        c = self.c
        statuses = Counter(cert.status for cert in c.certificates.values())
        return {
            "products": len(c.products), "enterprises": len(c.enterprises),
            "active_products": sum(1 for p in c.products if c.active_entries(p)),
            "certificates": len(c.certificates), "valid": statuses["valid"] + statuses["expiring"],
            "expiring": statuses["expiring"], "negative": len(c.negative_list), "projects": len(c.projects),
        }


@dataclass
class RenderedSite:
    """Editorial pages (built by mkdocs) and the record pages (rendered on demand, filled into shells)."""

    pages: list[Page]
    records: Callable[..., Iterator[Page]]
    """``records(part, parts)``: the record pages, or the ``part``-th of ``parts`` shares of them."""

    def all_pages(self) -> list[Page]:
        return [*self.pages, *self.records()]


RECORD_FOLDERS = ("products", "enterprises")
"""Folders whose pages are record pages: not built one by one by mkdocs, see shell.py."""


def render_site(catalogue: Catalogue, version: str, repository: dict | None = None, od=None,
                search: SearchData | None = None) -> RenderedSite:
    """All page sources for one build, in a fixed order; ``repository`` feeds the edit links, ``od``
    (opendata.OpenData) the download, dataset, API, statistics and changelog pages and the citations, and
    ``search`` (searchdata.SearchData) what the search page embeds."""
    renderer = _Renderer(catalogue, version, repository or {"url": "", "branch": "main"}, od, search or SearchData())
    return RenderedSite(renderer.render(), renderer.records)
