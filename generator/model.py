"""Typed records: frozen dataclasses built once from validated data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EXPIRING_DAYS = 90
"""A certificate with this many days or fewer left is 即将到期."""

ATTRIBUTE_ORDER = ("品质属性", "绿色属性")


@dataclass(frozen=True)
class Region:
    """A Jilin division, or 长白山管委会 which has no GB/T 2260 code."""

    id: str
    name: str
    division_code: str | None
    parent: str | None
    kind: str
    note: str | None
    line: int = 0
    """Line of the record in its CSV file."""


@dataclass(frozen=True)
class Category:
    """A class or item of the demand standard (XQ-) or the certification catalogue (RZ-)."""

    code: str
    scheme: str
    level: str
    parent: str | None
    name: str
    source: str
    line: int = 0
    """Line of the record in its CSV file."""


@dataclass(frozen=True)
class Scenario:
    """An application scenario such as 超低能耗建筑."""

    code: str
    name: str
    description: str | None


@dataclass(frozen=True)
class CertificationBody:
    id: str
    name: str
    note: str | None


@dataclass(frozen=True)
class Reason:
    """Why a record left a catalog or entered the negative list."""

    code: str
    name: str
    negative: bool
    description: str | None


@dataclass(frozen=True)
class Honour:
    enterprise: str
    honour: str
    year: int
    issuer: str | None


@dataclass(frozen=True)
class Enterprise:
    """A manufacturer, keyed by its unified social credit code."""

    credit_code: str
    name: str
    short_name: str | None
    region: str
    address: str
    phone: str | None
    email: str | None
    website: str | None
    profile: str | None
    line: int
    """Line of the record in enterprises.csv."""


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    model: str
    category: str
    enterprise: str
    route: str
    scenarios: tuple[str, ...]
    description: str | None
    line: int


@dataclass(frozen=True)
class Indicator:
    """One main performance indicator of a product."""

    product: str
    indicator: str
    value: str
    unit: str | None
    attribute: str
    test_report: str | None


@dataclass(frozen=True)
class Certificate:
    number: str
    product: str
    body: str
    grade: int
    issue_date: dt.date
    expiry_date: dt.date
    withdrawn: bool
    withdrawn_date: dt.date | None
    status: str
    """valid | expiring | expired | withdrawn, computed for the build date."""
    days_left: int
    """Days from the build date to expiry (negative once expired)."""

    @property
    def slug(self) -> str:
        return "cert-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in self.number)


@dataclass(frozen=True)
class TestReport:
    number: str
    product: str
    kind: str
    lab: str
    date: dt.date


@dataclass(frozen=True)
class Catalog:
    """One of the three catalogs named in 吉建科〔2024〕13号."""

    id: str
    name: str
    issuer: str
    description: str | None
    line: int = 0
    """Line of the record in its CSV file."""


@dataclass(frozen=True)
class CatalogBatch:
    catalog: str
    id: str
    name: str
    document_number: str | None
    published_date: dt.date


@dataclass(frozen=True)
class CatalogEntry:
    """A product's listing in a batch of a catalog."""

    catalog: str
    batch: str
    product: str
    listed_date: dt.date
    removed_date: dt.date | None
    removal_reason: str | None

    def active_on(self, day: dt.date) -> bool:
        return self.listed_date <= day and (self.removed_date is None or self.removed_date > day)


@dataclass(frozen=True)
class NegativeListEntry:
    id: str
    enterprise: str | None
    product: str | None
    reason: str
    decision_date: dt.date
    department: str
    document_number: str
    description: str


@dataclass(frozen=True)
class ProjectProduct:
    project: str
    product: str
    item: str
    """Ratio item (of the default ruleset) the product counts toward."""
    quantity: float
    usage: str | None
    kind: str | None = None
    """Product kind within a 其他类 item (matches a ProjectMaterial's kind)."""


@dataclass(frozen=True)
class ProjectMaterial:
    """Total quantity of one ratio item in a demonstration project, green or not."""

    project: str
    item: str
    total: float
    unit: str
    kind: str | None = None
    """Product kind, for a 其他类 item: each kind has its own total and unit."""


@dataclass(frozen=True)
class DemoProject:
    """A 绿色建材应用示范工程."""

    id: str
    name: str
    region: str
    building_type: str
    floor_area: float
    green_building_star: int
    year: int | None
    description: str | None
    line: int = 0
    """Line of the record in its CSV file."""


@dataclass(frozen=True)
class KeyTask:
    title: str
    summary: str
    departments: tuple[str, ...]


@dataclass(frozen=True)
class PolicyPoint:
    """One statement about a policy and its status: confirmed (read in the text), secondary, unconfirmed."""

    text: str
    status: str


@dataclass(frozen=True)
class Policy:
    """A policy document with its key tasks; the body is a plain-Markdown summary."""

    id: str
    title: str
    document_number: str
    level: str
    issuers: tuple[str, ...]
    date: str | None
    date_note: str | None
    status: str
    source_url: str
    source_note: str | None
    rests_on: tuple[str, ...]
    key_tasks: tuple[KeyTask, ...]
    body: str
    read_at: str = ""
    """Where this site read the document (or what it read instead)."""
    points: tuple[PolicyPoint, ...] = ()
    """What the page states, each with how far the site has confirmed it."""
    title_note: str | None = None
    """Set when the title is the site's own description, not the document's."""
