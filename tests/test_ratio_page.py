"""The 计算器 page in Chromium agrees with the Python library on every test vector."""

from __future__ import annotations

import pytest

from tests.browser import launch, serve
from tests.ratio_vectors import VECTORS, mismatches
from tests.ratio_vectors import outcome as python_outcome

FIELDS = ("used", "share", "score", "max_score", "meets", "shortfall", "shortfall_quantity")


@pytest.fixture(scope="module")
def page_outcomes(sample_site):
    errors = []
    with serve(sample_site) as base, launch() as browser:
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(base + "calculator/", wait_until="networkidle")
        page.wait_for_function("() => window.jlRatio !== undefined")
        found = {v["name"]: page.evaluate("([id, items]) => window.jlRatio.compute(id, items)", [v["ruleset"], v["items"]])
                 for v in VECTORS}
        page.close()
    assert errors == []
    return found


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_page_matches_vector(page_outcomes, vector):
    assert mismatches(vector, page_outcomes[vector["name"]]) == []


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_page_and_library_give_identical_figures(page_outcomes, catalogue, vector):
    ours, theirs = python_outcome(catalogue, vector), page_outcomes[vector["name"]]
    if "errors" in ours:
        assert theirs["errors"] == ours["errors"]
        return
    assert theirs["ratio"] == ours["ratio"]
    assert theirs["short_items"] == ours["short_items"]
    for item, mine in ours["items"].items():
        assert {k: theirs["items"][item][k] for k in FIELDS} == {k: mine[k] for k in FIELDS}, item
    for group, mine in ours["groups"].items():
        assert theirs["groups"][group]["score"] == mine["score"]
    for judge, mine in ours["assessments"].items():
        got = theirs["assessments"][judge]
        assert (got["points"], got["stars"], got["next_level"]) == (mine["points"], mine["stars"], mine["next_level"])


def test_inputs_in_the_url_give_the_breakdown(sample_site):
    with serve(sample_site) as base, launch() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 900})
        page.goto(base + "calculator/?ruleset=table-method&ready-mixed-concrete=1000,900,&partition-wall=,,85")
        assert page.locator(".jl-calc-ratio").inner_text() == "74.11%"  # (15 + 5.75) / (20 + 8)
        page.locator("#jl-r-insulation-total").fill("100")
        page.locator("#jl-r-insulation-green").fill("150")
        alert = page.locator("[role=alert]")
        assert "保温材料 · 绿色建材用量：绿色建材用量大于总用量" in alert.inner_text()
        assert "insulation=100%2C150%2C" in page.url
        assert page.locator(".jl-calc-ratio").count() == 0  # never a wrong number
        page.close()
