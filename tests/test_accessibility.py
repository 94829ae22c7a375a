"""axe-core (installed from npm by the project's set-up) finds no serious or critical violations."""

from __future__ import annotations

import pytest

from tests.browser import launch, serve
from tests.support import ROOT

AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "",
    "catalogs/procurement/",
    "products/P00001/",
    "products/P00065/",
    "enterprises/91220102000000001E/",
    "negative-list/",
    "certificates/",
    "categories/",
    "search/?q=岩棉",
    "search/?q=岩绵 的&证书状态=有效",
    "policies/jilin-2024-13/",
    "calculator/?ruleset=sichuan-2024&ready-mixed-concrete=1000,900,&q1-other=10,9,,t,建筑铝合金模板&insulation=100,150,",
    "calculator/rules/sichuan-2024/",
    "policies/national-gmc-2020-89/",
    "projects/D001/",
    "data/",
    "data/products/",
    "api/",
    "statistics/",
    "changelog/",
    "enterprises/",
    "regions/",
    "regions/changchun/",
    "categories/RZ-01-05/",
    "about/",
    "enterprises/91220403000000015R/",
    "certificates/valid/",
]


@pytest.fixture(scope="module")
def axe_results(sample_site):
    found = {}
    with serve(sample_site) as base, launch() as browser:
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900 if width > 500 else 844}, bypass_csp=True)  # axe
            for path in PAGES:
                page.goto(base + path, wait_until="networkidle")
                if path.startswith("search/"):
                    page.wait_for_selector(".jl-result")
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
                found[(width, path)] = [
                    f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
                    for v in result
                    if v["impact"] in ("serious", "critical")
                ]
            page.close()
    return found


def test_pages_exist_for_the_check(sample_site):
    for path in PAGES:
        assert (sample_site / path.split("?")[0] / "index.html").is_file(), path


def test_no_serious_or_critical_violations(axe_results):
    problems = {f"{width}px /{path}": v for (width, path), v in axe_results.items() if v}
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
