"""Project inputs for the ratio calculator: YAML project files and demonstration projects.

An item gives ``total`` plus ``green`` (or ``share``), or ``total`` plus the
``products`` used; a listed product counts as green when it is in a catalog
now, not negative-listed and its certificate has not expired or been withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ratio import INPUT_ERRORS, ItemInput, RatioInputError, RatioResult, compute
from .records import Catalogue


@dataclass(frozen=True)
class ProductUse:
    item: str
    product: str
    name: str
    quantity: float
    green: bool
    reason: str


@dataclass(frozen=True)
class ProjectRatio:
    result: RatioResult
    uses: tuple[ProductUse, ...]


def _uses(catalogue: Catalogue, item: str, listed: list, at: str, errors: list) -> list[ProductUse]:
    out = []
    for n, entry in enumerate(listed):
        where = f"{at}.products[{n}]"
        product = catalogue.products.get(str(entry.get("product"))) if isinstance(entry, dict) else None
        if product is None:
            errors.append((f"{where}.product", "unknown-product", f"{where}.product：{INPUT_ERRORS['unknown-product']}。"))
            continue
        quantity = entry.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int | float):
            errors.append((f"{where}.quantity", "not-a-number", f"{where}.quantity：{INPUT_ERRORS['not-a-number']}。"))
            continue
        if quantity < 0:
            errors.append((f"{where}.quantity", "negative-quantity",
                           f"{where}.quantity：{INPUT_ERRORS['negative-quantity']}。"))
            continue
        green, reason = catalogue.counts_as_green(product)
        out.append(ProductUse(item, product.id, product.name, float(quantity), green, reason))
    return out


def from_project(data: dict, catalogue: Catalogue, ruleset_id: str | None = None) -> ProjectRatio:
    """Compute a project file's ratio; raise RatioInputError naming every bad field."""
    wanted = ruleset_id or data.get("ruleset") or catalogue.default_ruleset.id
    ruleset = catalogue.rulesets.get(wanted) if isinstance(wanted, str) else None
    if ruleset is None or ruleset.kind == "threshold-table":
        raise RatioInputError([("ruleset", "unknown-item", f"ruleset：“{ruleset_id or data.get('ruleset')}”不是可计分的规则。")])
    items = data.get("items")
    if not isinstance(items, list):
        raise RatioInputError([("items", "missing-quantity", "items：须是分项列表。")])
    errors: list = []
    inputs, uses = [], []
    for n, entry in enumerate(items):
        at = f"items[{n}]"
        if not isinstance(entry, dict):
            errors.append((at, "missing-quantity", f"{at}：{INPUT_ERRORS['missing-quantity']}。"))
            continue
        green = entry.get("green")
        if "products" in entry:
            listed = entry.get("products") or []
            if not isinstance(listed, list):
                errors.append((f"{at}.products", "missing-quantity", f"{at}.products：须是产品列表。"))
                continue
            found = _uses(catalogue, str(entry.get("item")), listed, at, errors)
            uses.extend(found)
            green = sum(u.quantity for u in found if u.green)
        inputs.append(ItemInput(str(entry.get("item")), entry.get("total"), green, entry.get("share")))
    if errors:
        raise RatioInputError(errors)
    return ProjectRatio(compute(ruleset, inputs, catalogue.threshold_tables), tuple(uses))


def demo_project(catalogue: Catalogue, project_id: str) -> ProjectRatio:
    """A demonstration project's ratio from its bill of materials, with the default ruleset."""
    items = []
    uses = catalogue.project_products.get(project_id, ())
    for material in catalogue.project_materials.get(project_id, ()):
        products = [{"product": u.product, "quantity": u.quantity} for u in uses if u.item == material.item]
        items.append({"item": material.item, "total": material.total, "products": products})
    return from_project({"items": items}, catalogue)
