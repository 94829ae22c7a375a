"""Model stage: turn validated tables into typed records and the indexes pages need."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from . import labels
from . import model as m
from .model import EXPIRING_DAYS
from .ratio import rules as ratio_rules
from .validation.load import DataSet, Table

_RELATION = {"relation": True}
"""Marks the fields of a ``Catalogue`` that ``relate`` makes from the others."""


@dataclass(frozen=True)
class Catalogue:
    """All records of one build, with lookups by key and by relation."""

    as_of: dt.date
    sample: bool
    """True while any published data package is marked as sample data."""
    regions: dict[str, m.Region]
    categories: dict[str, m.Category]
    scenarios: dict[str, m.Scenario]
    bodies: dict[str, m.CertificationBody]
    reasons: dict[str, m.Reason]
    enterprises: dict[str, m.Enterprise]
    products: dict[str, m.Product]
    certificates: dict[str, m.Certificate]
    test_reports: dict[str, m.TestReport]
    catalogs: dict[str, m.Catalog]
    batches: dict[tuple[str, str], m.CatalogBatch]
    entries: tuple[m.CatalogEntry, ...]
    negative_list: tuple[m.NegativeListEntry, ...]
    projects: dict[str, m.DemoProject]
    policies: dict[str, m.Policy]
    honours: dict[str, tuple[m.Honour, ...]]
    indicators: dict[str, tuple[m.Indicator, ...]]
    project_products: dict[str, tuple[m.ProjectProduct, ...]]
    project_materials: dict[str, tuple[m.ProjectMaterial, ...]]
    rulesets: dict[str, ratio_rules.RatioRuleset]
    search_terms: tuple[m.SearchTerm, ...]
    """The search dictionary: what people type, and the catalogue's own words for it."""
    stop_words: tuple[str, ...]
    """Question and filler words the search ignores (and names)."""
    sources: dict[str, str]
    """Repository path of each table's file, each policy (key ``policy:<id>``) and ruleset (``ratio_rule:<id>``)."""

    # relations: made from the records above by ``relate`` (see ``assemble``), never given by hand
    products_by_enterprise: dict[str, tuple[m.Product, ...]] = field(metadata=_RELATION)
    """Products by their maker's credit code."""
    products_by_category: dict[str, tuple[m.Product, ...]] = field(metadata=_RELATION)
    """Products by category code."""
    certificates_by_product: dict[str, tuple[m.Certificate, ...]] = field(metadata=_RELATION)
    reports_by_product: dict[str, tuple[m.TestReport, ...]] = field(metadata=_RELATION)
    entries_by_product: dict[str, tuple[m.CatalogEntry, ...]] = field(metadata=_RELATION)
    entries_by_batch: dict[tuple[str, str], tuple[m.CatalogEntry, ...]] = field(metadata=_RELATION)
    """Catalog entries by (catalog, batch)."""
    negative_by_product: dict[str, tuple[m.NegativeListEntry, ...]] = field(metadata=_RELATION)
    """Negative-list entries that name a product."""
    negative_by_enterprise: dict[str, tuple[m.NegativeListEntry, ...]] = field(metadata=_RELATION)
    """Negative-list entries that name a maker (with or without one of its products)."""
    enterprises_by_region: dict[str, tuple[m.Enterprise, ...]] = field(metadata=_RELATION)
    projects_by_region: dict[str, tuple[m.DemoProject, ...]] = field(metadata=_RELATION)
    projects_by_product: dict[str, tuple[m.ProjectProduct, ...]] = field(metadata=_RELATION)
    """Demonstration-project uses of each product."""

    def changed(self, **records) -> Catalogue:
        """This catalogue with some records replaced (``products={...}``) and the relations made again."""
        return assemble(**{name: getattr(self, name) for name in _RECORD_FIELDS} | records)

    def search_aliases(self, product: m.Product) -> tuple[str, ...]:
        """Dictionary terms for this product: those with a target in its name, its category's name or a scenario's."""
        names = [product.name, self.categories[product.category].name, *(self.scenarios[s].name for s in product.scenarios)]
        return self._aliases(tuple(names))

    def search_tags(self, product: m.Product) -> tuple[str, ...]:
        """Names a search for this product may use besides its own: category, region, scenarios, dictionary terms."""
        region = self.regions[self.enterprises[product.enterprise].region]
        return (
            self.categories[product.category].name,
            region.name,
            *(self.scenarios[s].name for s in product.scenarios),
            *self.search_aliases(product),
        )

    def category_aliases(self, category: m.Category) -> tuple[str, ...]:
        return self._aliases((category.name,))

    def _aliases(self, names: tuple[str, ...]) -> tuple[str, ...]:
        return terms_naming(self.search_terms, names)

    def product_status(self, product: m.Product) -> str:
        """Status shown on badges and used as a search filter."""
        if self.negative_entries_for(product):
            return "negative"
        certificates = self.certificates_by_product.get(product.id, ())
        if not certificates:
            return "tested"
        return current_certificate(certificates).status

    def negative_entries_for(self, product: m.Product) -> tuple[m.NegativeListEntry, ...]:
        """Entries naming this product, plus entries naming its maker as a whole (no product given)."""
        maker_wide = tuple(n for n in self.negative_by_enterprise.get(product.enterprise, ()) if n.product is None)
        return self.negative_by_product.get(product.id, ()) + maker_wide

    def counts_as_green(self, product: m.Product, certified_only: bool = False) -> tuple[bool, str]:
        """Whether using this product counts as green material now, and why (in Chinese).

        ``certified_only``: the method counts only products holding a valid green-materials
        certificate (the Sichuan 2024 细则), whether or not a catalog lists them.
        """
        status = self.product_status(product)
        if status == "negative":
            return False, "已列入负面清单"
        if status in ("expired", "withdrawn"):
            return False, f"认证证书{labels.STATUS[status]}"
        if certified_only:
            if status == "tested":
                return False, "没有绿色建材认证证书，所选规则只计获证产品"
            return True, f"持有{labels.STATUS[status]}的绿色建材认证证书"
        if not self.active_entries(product.id):
            return False, "目前不在任何目录中"
        return True, "目录在录产品"

    @property
    def default_ruleset(self) -> ratio_rules.RatioRuleset:
        """The default scoring method (demonstration projects, the calculator's first choice)."""
        return next(r for r in self.rulesets.values() if r.default and r.kind != "threshold-table")

    @property
    def threshold_tables(self) -> list[ratio_rules.RatioRuleset]:
        """GB/T 50378 editions, the default (current) edition first."""
        return sorted((r for r in self.rulesets.values() if r.kind == "threshold-table"), key=lambda r: (not r.default, r.id))

    def active_entries(self, product_id: str) -> tuple[m.CatalogEntry, ...]:
        return tuple(e for e in self.entries_by_product.get(product_id, ()) if e.active_on(self.as_of))

    def status_period(self) -> tuple[dt.date | None, dt.date | None]:
        """(first, last) day around ``as_of`` on which every status computed from dates is what it is on
        ``as_of`` (None: no change in that direction). Statuses change on a few days only: a certificate
        becomes 即将到期 ``EXPIRING_DAYS`` before expiry and 已过期 the day after; an entry joins a catalog
        on its listing day and leaves on its removal day. Files that state this period instead of the build
        date stay the same from one build to the next until a status really changes."""
        days = {
            day
            for cert in self.certificates.values()
            if not cert.withdrawn
            for day in (cert.expiry_date - dt.timedelta(days=EXPIRING_DAYS), cert.expiry_date + dt.timedelta(days=1))
        }
        days |= {day for e in self.entries for day in (e.listed_date, e.removed_date) if day}
        first = max((day for day in days if day <= self.as_of), default=None)
        after = min((day for day in days if day > self.as_of), default=None)
        return first, after - dt.timedelta(days=1) if after else None


def relate(records: dict) -> dict:
    """The relation tables of a catalogue, from its records (by field name)."""
    negative = records["negative_list"]
    return {
        name: _group(items, key)
        for name, items, key in (
            ("products_by_enterprise", records["products"].values(), lambda p: p.enterprise),
            ("products_by_category", records["products"].values(), lambda p: p.category),
            ("certificates_by_product", records["certificates"].values(), lambda c: c.product),
            ("reports_by_product", records["test_reports"].values(), lambda r: r.product),
            ("entries_by_product", records["entries"], lambda e: e.product),
            ("entries_by_batch", records["entries"], lambda e: (e.catalog, e.batch)),
            ("negative_by_product", (n for n in negative if n.product), lambda n: n.product),
            ("negative_by_enterprise", (n for n in negative if n.enterprise), lambda n: n.enterprise),
            ("enterprises_by_region", records["enterprises"].values(), lambda e: e.region),
            ("projects_by_region", records["projects"].values(), lambda p: p.region),
            ("projects_by_product", (u for uses in records["project_products"].values() for u in uses), lambda u: u.product),
        )
    }


def assemble(**records) -> Catalogue:
    """A catalogue from its records, with the relations made from them: the one way to make a ``Catalogue``."""
    return Catalogue(**records, **relate(records))


def _group(items, key) -> dict:
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return {k: tuple(v) for k, v in groups.items()}


_RECORD_FIELDS = tuple(f.name for f in fields(Catalogue) if not f.metadata.get("relation"))
"""The fields a catalogue is assembled from."""


@lru_cache(maxsize=4096)
def terms_naming(terms: tuple[m.SearchTerm, ...], names: tuple[str, ...]) -> tuple[str, ...]:
    """The dictionary terms with a target in one of ``names`` (many records share names: computed once each)."""
    return tuple(t.term for t in terms if any(target in name for target in t.targets for name in names))


def current_certificate(certificates) -> m.Certificate:
    """The certificate that speaks for a product now: valid first, then the latest expiry."""
    rank = {"valid": 0, "expiring": 1, "expired": 2, "withdrawn": 3}
    return min(certificates, key=lambda c: (rank[c.status], -c.expiry_date.toordinal(), c.number))


def certificate_status(expiry: dt.date, withdrawn: bool, as_of: dt.date) -> str:
    if withdrawn:
        return "withdrawn"
    if expiry < as_of:
        return "expired"
    return "expiring" if (expiry - as_of).days <= EXPIRING_DAYS else "valid"


def _records(table: Table, cls, **extra) -> list:
    names = {f.name for f in fields(cls)}
    out = []
    for row in table.rows:
        values = {k: v for k, v in row.values.items() if k in names}
        if "line" in names:
            values["line"] = row.line
        values.update({k: f(row) for k, f in extra.items()})
        out.append(cls(**values))
    return out


def build(data: DataSet, as_of: dt.date) -> Catalogue:
    """Build the catalogue from data that passed validation."""
    t = data.tables

    def by(records, key):
        return {getattr(r, key): r for r in records}

    certificates = _records(
        t["certificates"],
        m.Certificate,
        status=lambda r: certificate_status(r["expiry_date"], r["withdrawn"], as_of),
        days_left=lambda r: (r["expiry_date"] - as_of).days,
    )
    grouped = defaultdict(list)
    for record in _records(t["product_indicators"], m.Indicator):
        grouped[record.product].append(record)
    honours = defaultdict(list)
    for record in _records(t["enterprise_honours"], m.Honour):
        honours[record.enterprise].append(record)
    uses, materials = defaultdict(list), defaultdict(list)
    for record in _records(t["demo_project_products"], m.ProjectProduct):
        uses[record.project].append(record)
    for record in _records(t["demo_project_materials"], m.ProjectMaterial):
        materials[record.project].append(record)
    return assemble(
        as_of=as_of,
        sample=any(p.sample for p in data.packages),
        regions=by(_records(t["regions"], m.Region), "id"),
        categories=by(_records(t["categories"], m.Category), "code"),
        scenarios=by(_records(t["scenarios"], m.Scenario), "code"),
        bodies=by(_records(t["certification_bodies"], m.CertificationBody), "id"),
        reasons=by(_records(t["reason_codes"], m.Reason), "code"),
        enterprises=by(_records(t["enterprises"], m.Enterprise), "credit_code"),
        products=by(
            _records(t["products"], m.Product, scenarios=lambda r: tuple(s for s in (r["scenarios"] or "").split(";") if s)), "id"
        ),
        certificates=by(certificates, "number"),
        test_reports=by(_records(t["test_reports"], m.TestReport), "number"),
        catalogs=by(_records(t["catalogs"], m.Catalog), "id"),
        batches={(b.catalog, b.id): b for b in _records(t["catalog_batches"], m.CatalogBatch)},
        entries=tuple(_records(t["catalog_entries"], m.CatalogEntry)),
        negative_list=tuple(_records(t["negative_list"], m.NegativeListEntry)),
        projects=by(_records(t["demo_projects"], m.DemoProject), "id"),
        policies={p.meta["id"]: _policy(p.meta, p.body) for p in data.policies},
        honours={k: tuple(v) for k, v in honours.items()},
        indicators={k: tuple(sorted(v, key=lambda i: m.ATTRIBUTE_ORDER.index(i.attribute))) for k, v in grouped.items()},
        project_products={k: tuple(v) for k, v in uses.items()},
        project_materials={k: tuple(v) for k, v in materials.items()},
        rulesets={r.data["id"]: ratio_rules.build(r.data) for r in data.ratio_rules},
        search_terms=tuple(_records(t["search_terms"], m.SearchTerm, targets=lambda r: tuple(r["targets"].split(";")))),
        stop_words=tuple(r["word"] for r in t["search_stop_words"].rows),
        sources={name: _repo_path(data, t.file) for name, t in data.tables.items()}
        | {f"policy:{p.meta['id']}": _repo_path(data, p.file) for p in data.policies}
        | {f"ratio_rule:{r.data['id']}": _repo_path(data, r.file) for r in data.ratio_rules},
    )


def _repo_path(data: DataSet, file: str) -> str:
    """Where a data file lives in the repository: catalog_data/ plus its path in the data folder."""
    return "catalog_data/" + Path(file).resolve().relative_to(data.root.resolve()).as_posix()


def _policy(meta: dict, body: str) -> m.Policy:
    tasks = tuple(
        m.KeyTask(str(t.get("title", "")), str(t.get("summary", "")), tuple(t.get("departments") or ()))
        for t in meta.get("key_tasks") or ()
    )
    return m.Policy(
        id=meta["id"],
        title=meta["title"],
        document_number=meta["document_number"],
        level=meta["level"],
        issuers=tuple(meta["issuers"]),
        date=str(meta["date"]) if meta.get("date") else None,
        date_note=meta.get("date_note"),
        status=meta["status"],
        source_url=meta["source_url"],
        source_note=meta.get("source_note"),
        rests_on=tuple(meta.get("rests_on") or ()),
        key_tasks=tasks,
        body=body,
        read_at=meta["read_at"],
        points=tuple(m.PolicyPoint(p["text"], p["status"]) for p in meta["points"]),
        title_note=meta.get("title_note"),
    )
