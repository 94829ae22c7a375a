"""How the data's history refers to a record of any table: what to call it and which page shows it.

A record is named as it was in the version that had it (its name, or its owner's name and its own key),
so a removed record keeps its last name. Detail tables (a product's certificates, a catalog's batches)
point at their owner's page and the section that shows them.
"""

from __future__ import annotations

import re

from ..diff import Snapshot

PAGES = {
    "products": "products",
    "enterprises": "enterprises",
    "demo_projects": "projects",
    "catalogs": "catalogs",
    "policies": "policies",
}
"""Tables whose records have a page, and the site folder of those pages. Only these get tombstones."""

_OWNERS = {
    "product_indicators": ("product", "products", "#indicators"),
    "certificates": ("product", "products", "#certificates"),
    "test_reports": ("product", "products", "#reports"),
    "catalog_entries": ("product", "products", "#catalogs"),
    "enterprise_honours": ("enterprise", "enterprises", ""),
    "demo_project_materials": ("project", "demo_projects", ""),
    "demo_project_products": ("project", "demo_projects", ""),
    "catalog_batches": ("catalog", "catalogs", ""),
}
"""Detail tables: (field, table) of the record whose page shows them, and the section of that page."""

_INDEX_PAGES = {
    "negative_list": "negative-list/",
    "regions": "regions/",
    "categories": "categories/",
    "ratio_rules": "calculator/",
}
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""Ids that may become a page path; old commits were not necessarily valid, so this is checked."""


def _fields(snap: Snapshot, table: str, key: str) -> dict:
    found = snap.get(table, {}).get(key)
    return found[0] if found else {}


def label(snap: Snapshot, table: str, key: str) -> str:
    """What to call a record: its name (products with their model), or its owner's name and its own key."""
    values = _fields(snap, table, key)
    if table == "products":
        return " ".join(v for v in (values.get("name"), values.get("model")) if v) or key
    if table == "negative_list":
        owner = (
            label(snap, "products", values["product"])
            if values.get("product")
            else label(snap, "enterprises", values.get("enterprise", ""))
        )
        return f"{key} {owner}".strip()
    if table in _OWNERS:
        owner_field, owner_table, _ = _OWNERS[table]
        owner_id = values.get(owner_field, "")
        own = [part for part in key.split("/") if part != owner_id]
        if owner_field != "product" and values.get("product"):
            own = [label(snap, "products", values["product"])]
        if table == "catalog_entries" and len(own) == 2:
            catalog, batch = own
            own = [label(snap, "catalogs", catalog), _fields(snap, "catalog_batches", f"{catalog}/{batch}").get("name", batch)]
        return f"{label(snap, owner_table, owner_id)} · {values.get('name') or ' '.join(own)}"
    return values.get("name") or values.get("title") or key


def page(snap: Snapshot, table: str, key: str) -> str | None:
    """Site path of the page showing a record, or None when it has none."""
    if table in PAGES:
        return f"{PAGES[table]}/{key}/" if SAFE_ID.fullmatch(key) else None
    if table == "negative_list":
        return "negative-list/" + (f"#{key}" if SAFE_ID.fullmatch(key) else "")
    if table in _OWNERS:
        owner_field, owner_table, section = _OWNERS[table]
        owner = page(snap, owner_table, _fields(snap, table, key).get(owner_field, ""))
        return owner + section if owner else None
    return _INDEX_PAGES.get(table)
