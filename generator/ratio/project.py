"""Project inputs for the ratio calculator: YAML project files and demonstration projects.

An item gives ``total`` plus ``green`` (or ``share``), or ``total`` plus the ``products``
used; a 其他类 item gives ``kinds``, each with a name, its own total and unit, and green
quantity or products. A listed product counts as green as the ruleset says: holding a valid
certificate (``green_products: certified``) or listed in a catalog now; never when it is
negative-listed or its certificate expired or was withdrawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..records import Catalogue
from .compute import InputError, ItemInput, KindInput, RatioInputError, RatioResult, compute
from .rules import RatioRuleset
from .words import parse_number, say


@dataclass(frozen=True)
class ProductUse:
    item: str
    kind: str | None
    product: str
    name: str
    quantity: float
    unit: str | None
    green: bool
    reason: str


@dataclass(frozen=True)
class ProjectRatio:
    result: RatioResult
    uses: tuple[ProductUse, ...]


def _error(errors: list, where: str, code: str, **values) -> None:
    errors.append(InputError(where, code, say("errors", code, **values)))


def scoring_ruleset(catalogue: Catalogue, wanted) -> RatioRuleset:
    """The scoring ruleset a project asks for (or the default); RatioInputError when there is none."""
    ruleset = catalogue.rulesets.get(wanted) if isinstance(wanted, str) else None
    if wanted is None:
        ruleset = catalogue.default_ruleset
    if ruleset is None or ruleset.kind == "threshold-table":
        choices = "、".join(r.id for r in catalogue.rulesets.values() if r.kind != "threshold-table")
        raise RatioInputError(
            [InputError("ruleset", "unknown-ruleset", say("errors", "unknown-ruleset", value=wanted, choices=choices))]
        )
    return ruleset


def assessed_on(data: dict) -> dt.date | None:
    """The project's 核算日期 (``as_of``), by which product certificates are judged."""
    value = data.get("as_of")
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RatioInputError([InputError("as_of", "bad-date", say("errors", "bad-date", value=value))]) from None


def _uses(
    catalogue: Catalogue, ruleset: RatioRuleset, item: str, kind: str | None, unit, listed, at: str, found: _Found
) -> float:
    """Green quantity of the products listed for one item or kind; their uses are recorded in ``found``."""
    if not isinstance(listed, list):
        _error(found.errors, f"{at}.products", "not-a-list")
        return 0.0
    green = 0.0
    for n, entry in enumerate(listed):
        where = f"{at}.products[{n}]"
        wanted = entry.get("product") if isinstance(entry, dict) else entry
        product = catalogue.products.get(str(wanted)) if isinstance(entry, dict) else None
        if product is None:
            _error(found.errors, f"{where}.product", "unknown-product", value=wanted)
            continue
        quantity = parse_number(entry.get("quantity"))
        if quantity is None:
            _error(found.errors, f"{where}.quantity", "not-a-number", value=entry.get("quantity"))
            continue
        if quantity < 0:
            _error(found.errors, f"{where}.quantity", "negative-quantity")
            continue
        counts, reason = catalogue.counts_as_green(product, ruleset.green_products == "certified")
        found.uses.append(ProductUse(item, kind, product.id, product.name, quantity, unit, counts, reason))
        green += quantity if counts else 0.0
    return green


@dataclass
class _Found:
    errors: list[InputError]
    uses: list[ProductUse]


def _row(catalogue, ruleset, entry: dict, item: str, kind: str | None, at: str, found: _Found) -> dict:
    """total/green/share/unit of an item or kind, green summed from its products when it lists them."""
    values = {k: entry.get(k) for k in ("total", "green", "share", "unit")}
    if "products" in entry:
        known = ruleset.items.get(item)
        unit = values["unit"] if isinstance(values["unit"], str) else None
        if unit is None and kind is None and known and len(known[1].units) == 1:
            unit = known[1].units[0]
        values["green"] = _uses(catalogue, ruleset, item, kind, unit, entry.get("products"), at, found)
    return values


def _item(catalogue, ruleset, entry, at: str, found: _Found) -> ItemInput | None:
    """One entry of ``items`` as input, or None (with an error) when it is not an item at all."""
    if not isinstance(entry, dict):
        _error(found.errors, at, "missing-quantity")
        return None
    item = str(entry.get("item"))
    kinds = None
    if "kinds" in entry:
        listed = entry.get("kinds")
        if not isinstance(listed, list):
            _error(found.errors, f"{at}.kinds", "not-a-list")
            return None
        kinds = tuple(
            KindInput(k.get("name"), **_row(catalogue, ruleset, k, item, str(k.get("name")), f"{at}.kinds[{j}]", found))
            if isinstance(k, dict)
            else None
            for j, k in enumerate(listed)
        )
    return ItemInput(item, kinds=kinds, **_row(catalogue, ruleset, entry, item, None, at, found))


def from_project(data: dict, catalogue: Catalogue, ruleset_id: str | None = None) -> ProjectRatio:
    """Compute a project file's ratio; raise RatioInputError naming every bad field."""
    ruleset = scoring_ruleset(catalogue, ruleset_id or data.get("ruleset"))
    items = data.get("items")
    if not isinstance(items, list):
        raise RatioInputError([InputError("items", "not-a-list", say("errors", "not-a-list"))])
    found = _Found([], [])
    inputs = [_item(catalogue, ruleset, entry, f"items[{n}]", found) for n, entry in enumerate(items)]
    skipped = {f"items[{n}]" for n, given in enumerate(inputs) if given is None}
    try:
        result = compute(ruleset, [given or ItemInput("") for given in inputs], catalogue.threshold_tables)
    except RatioInputError as exc:
        found.errors += [e for e in exc.errors if e.field.split(".")[0] not in skipped]
    if found.errors:
        raise RatioInputError(found.errors)
    return ProjectRatio(result, tuple(found.uses))


def demo_project(catalogue: Catalogue, project_id: str) -> ProjectRatio:
    """A demonstration project's ratio from its bill of materials, with the default ruleset."""
    uses = catalogue.project_products.get(project_id, ())
    items: dict[str, dict] = {}
    for material in catalogue.project_materials.get(project_id, ()):
        products = [
            {"product": u.product, "quantity": u.quantity} for u in uses if u.item == material.item and u.kind == material.kind
        ]
        row = {"total": material.total, "unit": material.unit, "products": products}
        if material.kind is None:
            items[material.item] = {"item": material.item, **row}
        else:
            items.setdefault(material.item, {"item": material.item, "kinds": []})["kinds"].append({"name": material.kind, **row})
    return from_project({"items": list(items.values())}, catalogue)
