"""Render stage: a pure function from the catalogue to Markdown page sources.

Every page is Markdown with YAML front matter whose body is a raw HTML block
produced by Jinja2 with autoescaping, so data never reaches Markdown or HTML
unescaped. Record pages are not in the mkdocs nav; listing pages link to them.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import model as m
from .ratio_project import demo_project
from .records import Catalogue, current_certificate

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


class _Renderer:
    def __init__(self, catalogue: Catalogue, version: str, repository: dict):
        self.c = catalogue
        self.env = environment()
        self.version = version
        self.repository = repository
        self.pages: list[Page] = []

    def page(self, path: str, template: str, **context) -> None:
        here = url_of(path)

        def link(target: str) -> str:
            """Relative link from this page to a site path such as ``products/P1/``."""
            return "../" * here.count("/") + target or "./"

        text = self.env.get_template(template).render(
            c=self.c, link=link, version=self.version, repo=self.repository, here=here, **context)
        self.pages.append(Page(path, text))

    def render(self) -> list[Page]:
        c = self.c
        self.page("index.md", "home.md.j2", stats=self._stats())
        self.page("catalogs/index.md", "catalogs.md.j2")
        for catalog in c.catalogs.values():
            self.page(f"catalogs/{catalog.id}.md", "catalog.md.j2", catalog=catalog, view=self._catalog_view(catalog))
        for product in c.products.values():
            self.page(f"products/{product.id}.md", "product.md.j2", p=product,
                      status=c.product_status(product),
                      current=current_certificate(c.certificates_by_product[product.id])
                      if product.id in c.certificates_by_product else None)
        self.page("enterprises/index.md", "enterprises.md.j2")
        for enterprise in c.enterprises.values():
            self.page(f"enterprises/{enterprise.credit_code}.md", "enterprise.md.j2", e=enterprise)
        self.page("certificates/index.md", "certificates.md.j2",
                  counts=Counter(cert.status for cert in c.certificates.values()))
        self.page("negative-list/index.md", "negative_list.md.j2")
        self.page("categories/index.md", "categories.md.j2")
        for category in c.categories.values():
            if category.level == "item":
                self.page(f"categories/{category.code}.md", "category.md.j2", category=category)
        region_products = Counter(c.enterprises[p.enterprise].region for p in c.products.values())
        self.page("regions/index.md", "regions.md.j2", region_products=region_products)
        for region in c.regions.values():
            self.page(f"regions/{region.id}.md", "region.md.j2", region=region)
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
        self.page("search/index.md", "search.md.j2")
        self.page("about/index.md", "about.md.j2")
        return self.pages

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


def render_site(catalogue: Catalogue, version: str, repository: dict | None = None) -> list[Page]:
    """All page sources for one build, in a fixed order; ``repository`` feeds the edit links."""
    return _Renderer(catalogue, version, repository or {"url": "", "branch": "main"}).render()
