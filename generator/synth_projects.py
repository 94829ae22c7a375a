"""Synthetic demonstration projects for the sample data and benchmarks (synth.py): fictitious projects and
their bills of materials, drawn from the synthetic products whose category maps to a ratio item.
"""

from __future__ import annotations

import math
import random

QUANTITIES = {"t": (5, 300, 1), "个": (10, 300, 1), "件": (10, 300, 1), "台": (1, 30, 1), "套": (1, 6, 1)}
"""(low, high, step) of one product's quantity in a demonstration project, by unit; others (m², m³, m): 200–4000."""
COUNTED = {"个", "件", "台", "套"}
"""Units counted in whole pieces."""


def demo_projects(products: list[dict], ratio_items: dict, rng: random.Random) -> tuple[list[dict], list[dict], list[dict]]:
    """Demonstration projects and their bills of materials, from their own random stream so that
    changing them leaves every other table as it was."""
    plans = [
        ("changchun", "示例市第一人民医院门诊综合楼", "医院", 38500.0, 3, 2025),
        ("jilin", "示例实验学校教学楼", "学校", 16200.0, 2, 2025),
        ("yanbian", "示例超低能耗农房示范村", "农房", 5400.0, 1, 2026),
        ("changbaishan", "示例会展中心", "会展中心", 22800.0, 2, 2026),
    ]
    mapping = ratio_items
    pools: dict[tuple, list[dict]] = {}
    for product in products:
        if product["category"] in mapping:
            item, unit, *kind = mapping[product["category"]]
            pools.setdefault((item, kind[0] if kind else "", unit), []).append(product)
    projects, materials, used = [], [], []
    for n, (region, name, kind, area, star, year) in enumerate(plans):
        pid = f"D{n + 1:03d}"
        projects.append(
            {
                "id": pid,
                "name": name,
                "region": region,
                "building_type": kind,
                "floor_area": area,
                "green_building_star": star,
                "year": year,
                "description": f"虚构的示范工程，用于演示{kind}项目中绿色建材的应用情况。",
            }
        )
        for pool in sorted(rng.sample(sorted(pools), k=min(9, len(pools)))):
            item, product_kind, unit = pool
            chosen = rng.sample(pools[pool], k=min(len(pools[pool]), rng.randint(1, 2)))
            low, high, step = QUANTITIES.get(unit, (20, 400, 10))
            quantities = [float(rng.randint(low, high) * step) for _ in chosen]
            share = rng.choice([0.6, 0.85, 0.95, 1.0, 1.0])
            total = sum(quantities) / share
            materials.append(
                {
                    "project": pid,
                    "item": item,
                    "total": float(math.ceil(total)) if unit in COUNTED else round(total, 1),
                    "unit": unit,
                    "kind": product_kind,
                }
            )
            for product, quantity in zip(chosen, quantities, strict=True):
                used.append(
                    {
                        "project": pid,
                        "product": product["id"],
                        "item": item,
                        "quantity": quantity,
                        "usage": product["name"],
                        "kind": product_kind,
                    }
                )
    return projects, materials, used
