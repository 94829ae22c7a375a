"""The 计算器 page in Chromium: the shared vectors, the same figures and sentences as the Python library,
one number grammar, and the form on a desk (1280×900) and a phone (390×844)."""

from __future__ import annotations

import pytest

from generator.ratio.words import WORDING, fixed, parse_number, plain
from tests.browser import serve
from tests.ratio_vectors import VECTORS, mismatches
from tests.ratio_vectors import outcome as python_outcome

FIELDS = ("used", "share", "score", "max_score", "meets", "shortfall", "shortfall_quantity", "unit", "kinds")
EXAMPLE = (
    "calculator/?ruleset=sichuan-2024&ready-mixed-concrete=12000,11000,&masonry=,,85"
    "&energy-saving-windows=2400,1800,&q1-other=300,300,,t,建筑铝合金模板&q1-other=120,60,,樘,钢质户门"
    "&wall-coatings=5000,4200,&ceramics=2000,800,&led-lighting=1200,1200,&permeable-paving=800,400,"
)
NUMBERS = ["１２", "　３．５ ", "+5", "5.", ".5", "-2", "1_000", "1,000", "1e3", "٣", "八十", "", "1.2.3", "Infinity"]
DECIMALS = [(0.125, 2), (2.5, 0), (11.25, 1), (-0.125, 2), (0.1 + 0.2, 2), (-0.001, 2), (1 / 3, 4), (66.3, 1)]
INTERNAL = [*WORDING["errors"], "items[", "kinds[", "undefined", "NaN", "null"]
"""Codes and words of the program that must never reach a user of the page."""


@pytest.fixture(scope="module")
def site(sample_site):
    with serve(sample_site) as base:
        yield base


@pytest.fixture(scope="module")
def page_outcomes(site, browser):
    errors = []
    page = browser.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(site + "calculator/", wait_until="networkidle")
    page.wait_for_function("() => window.jlRatio !== undefined")
    found = {
        v["name"]: page.evaluate("([id, items]) => window.jlRatio.compute(id, items)", [v["ruleset"], v["items"]])
        for v in VECTORS
    }
    grammar = page.evaluate(
        """async ([numbers, decimals]) => {
        const ratio = await import("../assets/ratio.js");
        const wording = JSON.parse(document.getElementById("jl-ratio-wording").textContent);
        return {numbers: numbers.map((n) => ratio.parseNumber(wording, n)),
                fixed: decimals.map(([v, d]) => ratio.fixed(v, d)), plain: decimals.map(([v]) => ratio.plain(v))};
    }""",
        [NUMBERS, DECIMALS],
    )
    page.close()
    assert errors == []
    return found, grammar


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_page_matches_vector(page_outcomes, vector):
    assert mismatches(vector, page_outcomes[0][vector["name"]]) == []


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_page_and_library_give_identical_figures_and_sentences(page_outcomes, catalogue, vector):
    ours, theirs = python_outcome(catalogue, vector), page_outcomes[0][vector["name"]]
    if "errors" in ours:
        assert theirs["errors"] == ours["errors"]  # field, code and the Chinese sentence
        return
    assert theirs["ratio"] == ours["ratio"]
    assert theirs["short_items"] == ours["short_items"] and theirs["unused_groups"] == ours["unused_groups"]
    for item, mine in ours["items"].items():
        assert {k: theirs["items"][item][k] for k in FIELDS} == {k: mine[k] for k in FIELDS}, item
    for group, mine in ours["groups"].items():
        assert {k: theirs["groups"][group][k] for k in mine} == mine
    for judge, mine in ours["assessments"].items():
        assert theirs["assessments"][judge] == mine


def test_one_number_grammar_and_one_rounding_in_both(page_outcomes):
    grammar = page_outcomes[1]
    assert grammar["numbers"] == [parse_number(n) for n in NUMBERS]
    assert grammar["numbers"][:6] == [12, 3.5, 5, 5, 0.5, -2] and set(grammar["numbers"][6:]) == {None}
    assert (
        grammar["fixed"] == [fixed(v, d) for v, d in DECIMALS] == ["0.13", "3", "11.3", "-0.13", "0.30", "0.00", "0.3333", "66.3"]
    )
    assert grammar["plain"] == [plain(v) for v, _ in DECIMALS]


def _visible_text(page) -> str:
    return page.locator("main").inner_text()


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_form_starts_in_the_first_screen(site, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(site + "calculator/")
    first = page.locator("#jl-r-ready-mixed-concrete-total")
    first.wait_for()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= height, box
    assert page.locator("details.jl-calc-about").get_attribute("open") is None  # the caveats are folded
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_example_in_the_url_gives_the_worked_figures(site, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(site + EXAMPLE)
    assert page.locator(".jl-calc-ratio").inner_text() == "66.3%"
    result = page.locator("#jl-calc-result").inner_text()
    for text in (
        "Q1 主体及围护结构工程用材：33.8 / 45（使用 4 项，达标 3 项）",
        "Q4 室外工程用材：0.0 / 5（使用 1 项，达标 0 项）",
        "GB/T 50378-2019（2024 年版）第 7.2.18 条与表 3.2.8：得 8 分，再提高到 70% 可得 12 分",
        "三星级要求不低于 30%：满足",
        "1 个产品种类达标，各得 11.25 分",
    ):
        assert text in result, text
    assert page.locator("#jl-calc-summary").inner_text() == "绿色建材应用比例 P = 66.3%；2024 年局部修订版：8 分"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


def test_a_bad_row_is_flagged_on_that_row_and_the_rest_still_compute(site, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site + EXAMPLE)
    page.locator("#jl-r-insulation-total").fill("100")
    page.locator("#jl-r-insulation-green").fill("150")
    page.locator("#jl-r-stone-total").fill("300")  # half filled: no green quantity, no share
    note = page.locator("#jl-r-insulation-error")
    assert note.inner_text() == "绿色建材用量：绿色建材用量 150 大于总用量 100，请核对。"
    assert page.locator("#jl-r-insulation-green").get_attribute("aria-invalid") == "true"
    assert page.locator("#jl-r-insulation-green").get_attribute("aria-describedby") == "jl-r-insulation-error"
    assert page.locator("#jl-r-stone-error").inner_text() == WORDING["errors"]["missing-quantity"]
    assert page.locator("#jl-r-ready-mixed-concrete-error").is_hidden()
    # The other rows still give P, said to leave the two rows out.
    assert page.locator(".jl-calc-ratio").inner_text() == "66.3%"
    assert "以下分项有误或没有填完，暂未计入：石材、保温隔热材料。" in page.locator("#jl-calc-result").inner_text()
    assert "insulation=100%2C150%2C" in page.url
    text = _visible_text(page)
    assert [word for word in INTERNAL if word in text] == []
    # Fixing the row brings it into the figures: Q1 now uses 6 items, 4 meeting → 45 × 4/6 = 30.0 → P 62.5.
    page.locator("#jl-r-insulation-green").fill("90")
    page.locator("#jl-r-stone-share").fill("10")
    assert page.locator("#jl-r-insulation-error").is_hidden()
    assert page.locator(".jl-calc-ratio").inner_text() == "62.5%"
    page.close()


def test_number_typed_with_a_chinese_input_method_is_read(site, browser):
    page = browser.new_page()
    page.goto(site + "calculator/")
    page.locator("#jl-r-ready-mixed-concrete-total").fill("１２０００")
    page.locator("#jl-r-ready-mixed-concrete-green").fill("１１４００")
    assert page.locator(".jl-calc-ratio").inner_text() == "45.0%"
    page.locator("#jl-r-ready-mixed-concrete-green").fill("1_000")
    assert page.locator("#jl-r-ready-mixed-concrete-error").inner_text() == (
        "绿色建材用量：“1_000”不是数字：请只填阿拉伯数字和小数点，如 1200 或 85.5（全角数字会自动换算）。"
    )
    page.close()


def test_standard_edition_and_other_kinds_can_be_chosen(site, browser):
    page = browser.new_page()
    page.goto(
        site + "calculator/?ruleset=sichuan-2024&ready-mixed-concrete=,,100&ready-mixed-mortar=,,100&masonry=,,0"
    )  # Q1 2 of 3: 45 × 2/3 = 30.0
    assert page.locator(".jl-calc-ratio").inner_text() == "30.0%"
    assert "第 7.2.18 条与表 3.2.8：得 0 分，再提高到 40% 可得 4 分" in page.locator(".jl-calc-assess").inner_text()
    page.locator("#jl-standard").select_option("gbt50378-2019")
    assert "standard=gbt50378-2019" in page.url
    assessed = page.locator(".jl-calc-assess").inner_text()
    assert "GB/T 50378-2019（修订前）第 7.2.18 条：得 4 分" in assessed and "星级要求" not in assessed
    page.locator("#jl-r-q1-other .jl-calc-add").click()
    assert page.locator("#jl-r-q1-other [data-kind]").count() == 2
    page.locator("#jl-r-q1-other-1-name").fill("建筑铝合金模板")
    page.locator("#jl-r-q1-other-1-share").fill("100")
    assert page.locator(".jl-calc-ratio").inner_text() == "33.8%"  # 45 × 3/4 = 33.75
    page.close()


def test_an_old_link_to_a_removed_ruleset_says_so(site, browser):
    page = browser.new_page()
    page.goto(site + "calculator/?ruleset=sichuan-weighted&exterior-wall=,,90")
    notice = page.locator("#jl-calc-notice")
    notice.wait_for()
    assert "“sichuan-weighted”本站已不再提供" in notice.inner_text()
    assert page.locator("#jl-ruleset").input_value() == "sichuan-2024"
    page.close()


def test_ruleset_pages_cite_their_documents(sample_site):
    page = (sample_site / "calculator/rules/sichuan-2024/index.html").read_text(encoding="utf-8")
    for text in ("四川省住房和城乡建设厅", "2024-11", "igxy2013/GreenScore", "待核实", "机械式停车设备", "m² 或 t"):
        assert text in page, text
    assert page.count("<tr><td>") == 42
    unsourced = (sample_site / "calculator/rules/table-method/index.html").read_text(encoding="utf-8")
    assert "来源不明" in unsourced and "本站读到的地方" not in unsourced
    for edition in ("gbt50378-2019", "gbt50378-2024"):
        assert "本站读到的地方" in (sample_site / f"calculator/rules/{edition}/index.html").read_text(encoding="utf-8")


def test_project_pages_open_in_the_calculator_with_the_same_figures(site, browser, catalogue):
    from generator.ratio.project import demo_project

    page = browser.new_page()
    for project in catalogue.projects:
        page.goto(site + f"projects/{project}/")
        page.get_by_role("link", name="在计算器中打开").click()
        shown = page.locator(".jl-calc-ratio")
        shown.wait_for()
        assert shown.inner_text() == f"{demo_project(catalogue, project).result.ratio:.1f}%", project
    page.close()


def test_the_unsourced_method_says_so_when_chosen(site, browser):
    page = browser.new_page()
    page.goto(site + "calculator/?ruleset=table-method&ready-mixed-concrete=,,90")
    assert page.locator(".jl-calc-ratio").inner_text() == "75.00%"  # 10 + (90 − 80)/(100 − 80) × 10 of 20
    assert "来源不明" in page.locator("#jl-calc-result .admonition.danger").inner_text()
    page.close()
