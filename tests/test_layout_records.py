"""Record pages, statistics, the changelog and 关于 on a 1280×900 desk and a 390×844 phone, measured in
Chromium; every touched page type is screenshotted at both widths into test-artifacts/layout/."""

from __future__ import annotations

import json
import re

import pytest

from generator.records import current_certificate
from generator.settings import Settings
from tests.browser import serve

DESK, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
LISTED_PRODUCTS = 162
"""目录在录产品 of the sample data on the fixed status date, counted by hand from catalog_entries.csv."""


@pytest.fixture(scope="module")
def site(sample_site):
    with serve(sample_site) as base:
        yield base


def certified(catalogue, status: str):
    return next(
        p
        for p in catalogue.products.values()
        if catalogue.certificates_by_product.get(p.id)
        and current_certificate(catalogue.certificates_by_product[p.id]).status == status
    )


# 3. a product's status, certificate and expiry at the top ----------------------------------------


@pytest.mark.parametrize("status", ["valid", "expiring", "expired", "withdrawn"])
def test_a_products_certificate_number_status_and_expiry_are_on_the_first_screen(browser, site, catalogue, status):
    product = certified(catalogue, status)
    current = current_certificate(catalogue.certificates_by_product[product.id])
    for viewport in (DESK, PHONE):
        page = browser.new_page(viewport=viewport)
        page.goto(site + f"products/{product.id}/")
        number = page.locator(".jl-keyfacts .jl-key-certificate code")
        expiry = page.locator(".jl-keyfacts .jl-key-expiry dd")
        badges = page.locator(".jl-keyfacts .jl-key-certificate .jl-badge")
        assert number.inner_text() == current.number
        assert current.expiry_date.isoformat() in expiry.inner_text()
        words = {"valid": "有效", "expiring": "即将到期", "expired": "已过期", "withdrawn": "已撤销"}
        assert badges.inner_text() == words[status]
        for element in (number, expiry, badges):
            box = element.bounding_box()
            assert box["y"] + box["height"] <= viewport["height"], (viewport, status)
        line = page.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)", number.element_handle())
        assert number.bounding_box()["height"] <= 1.5 * line  # the number on one line
        page.close()


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_a_product_without_certificate_says_so_at_the_top(browser, site, viewport, catalogue):
    product = next(p for p in catalogue.products.values() if not catalogue.certificates_by_product.get(p.id))
    page = browser.new_page(viewport=viewport)
    page.goto(site + f"products/{product.id}/")
    fact = page.locator(".jl-keyfacts .jl-key-certificate")
    assert "需求标准" in fact.inner_text() and fact.bounding_box()["y"] < viewport["height"]
    page.close()


# 11. a product's JSON and data dictionary ---------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_record_pages_link_their_json_and_the_data_dictionary(browser, site, viewport, catalogue):
    product = next(iter(catalogue.products.values()))
    maker = catalogue.enterprises[product.enterprise]
    page = browser.new_page(viewport=viewport)
    for path, record, dictionary, table in (
        (f"products/{product.id}/", product.id, "data/products/", "产品"),
        (f"enterprises/{maker.credit_code}/", maker.credit_code, "data/enterprises/", "生产企业"),
    ):
        page.goto(site + path)
        json_link = page.locator("a[type='application/json']")
        response = page.request.get(json_link.evaluate("a => a.href"))
        assert response.ok and json.dumps(response.json(), ensure_ascii=False).count(record) >= 1
        dictionary_link = page.locator(f"a[href$='{dictionary}']").first
        dictionary_link.click()
        page.wait_for_url(f"**/{dictionary}")
        assert page.locator("h1").inner_text().startswith(table)
    page.close()


# 8. enterprise pages and the negative list --------------------------------------------------------


def test_enterprise_pages_state_the_negative_list_both_ways(browser, site, catalogue):
    listed = {n.enterprise for n in catalogue.negative_list}
    clean = next(e for e in catalogue.enterprises.values() if e.credit_code not in listed)
    entry = sorted(catalogue.negative_list, key=lambda n: n.id)[0]
    for viewport in (DESK, PHONE):
        page = browser.new_page(viewport=viewport)
        page.goto(site + f"enterprises/{clean.credit_code}/")
        status = page.locator(".jl-negative-status")
        assert status.inner_text().startswith(f"未列入负面清单（截至 {catalogue.as_of.isoformat()}）")
        assert status.bounding_box()["y"] < viewport["height"]
        page.goto(site + f"enterprises/{entry.enterprise}/")
        status = page.locator(".jl-negative-status")
        assert status.inner_text().startswith(f"已列入负面清单（截至 {catalogue.as_of.isoformat()}）")
        assert entry.id in page.locator(".admonition.jl-negative").inner_text()
        page.close()


# 4. statistics ------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_charts_fill_the_column_with_text_of_12_px_or_more(browser, site, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(site + "statistics/")
    column = page.locator(".jl-page").bounding_box()["width"]
    figures = page.locator("figure.jl-chart")
    assert figures.count() == 7
    for i in range(figures.count()):
        svg = figures.nth(i).locator("svg:visible")
        assert svg.count() == 1  # one drawing shown: the one drawn for this width
        assert svg.bounding_box()["width"] >= 0.9 * column
        sizes = svg.evaluate("""svg => [...svg.querySelectorAll('text')].map(t =>
            parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a)""")
        assert sizes and min(sizes) >= 12, (i, min(sizes))
    page.close()


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_each_chart_states_its_population_as_the_home_page_counts_it(browser, site, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(site)
    card = page.locator(".jl-stats a", has_text="目录在录产品")
    assert card.locator("strong").inner_text() == str(LISTED_PRODUCTS)
    page.goto(site + "statistics/")
    for chart in ("products-by-category", "products-by-region", "products-by-grade"):
        text = page.locator(f"[id='{chart}'] + p").inner_text()
        assert text.startswith(f"统计对象：目录在录产品 {LISTED_PRODUCTS} 项（即首页的“目录在录产品”"), chart
        rows = page.locator(f"[id='{chart}'] ~ details tbody tr").first  # its data table
        assert rows.count() == 1
    for section in page.locator(".jl-chart-section").all():
        assert section.locator("p").first.inner_text().startswith("统计对象：")
        assert section.locator("a[href$='.csv']").count() == 1
        assert section.locator("details.jl-cite summary").inner_text() == "如何引用这张图"
        assert "[DB/OL]" in section.locator(".jl-cite-text").first.text_content()
    page.close()


# 5. the changelog ---------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_changelog_entries_say_in_chinese_what_changed(browser, site, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(site + "changelog/")
    headings = page.locator(".jl-changeset h2").all_inner_texts()
    assert headings
    for heading in headings:
        day, what = heading.split(" · ", 1)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
        assert re.match(
            r"(新增|删除|修改|目录新收录|移出目录|恢复收录|列入负面清单|撤出负面清单|撤销|数据无法读取) ", what
        ) or what.startswith("数据无法读取"), heading
    assert not re.search(r"(新增|删除|修改) 0 ", page.locator(".jl-page").inner_text())
    page.close()


# 11. publisher, contact and feedback --------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_about_names_the_publisher_and_offers_email_beside_github(browser, site, viewport):
    publisher = Settings.load().publisher
    assert publisher.name and publisher.email  # set in mkdocs.yml extra.publisher
    page = browser.new_page(viewport=viewport)
    page.goto(site + "about/")
    facts = page.locator("#publisher + table").inner_text()
    assert publisher.name in facts and publisher.email in facts
    feedback = page.locator("#feedback ~ ul").first
    assert feedback.locator(f"a[href^='mailto:{publisher.email}']").count() == 1
    assert feedback.locator("a[href*='/issues/new']").count() == 1
    assert page.locator("#publisher").bounding_box()["y"] < 2 * viewport["height"]
    page.goto(site + "products/P00001/")
    mail = page.locator(".jl-edit a", has_text="邮件反馈")
    assert mail.get_attribute("href").startswith(f"mailto:{publisher.email}?subject=")
    page.close()


# screenshots of every touched page type ------------------------------------------------------------

SHOTS = {
    "home": "",
    "catalog": "catalogs/procurement/",
    "certificates": "certificates/",
    "negative-list": "negative-list/",
    "regions": "regions/",
    "region": "regions/changchun/",
    "categories": "categories/",
    "category": "categories/RZ-01-05/",
    "enterprises": "enterprises/",
    "enterprise": "enterprises/91220102000000001E/",
    "product": "products/P00001/",
    "statistics": "statistics/",
    "changelog": "changelog/",
    "about": "about/",
}


def test_screenshots_of_every_touched_page_type(browser, site, artifacts):
    folder = artifacts / "layout"
    folder.mkdir(exist_ok=True)
    for viewport, label in ((DESK, "desktop"), (PHONE, "phone")):
        page = browser.new_page(viewport=viewport)
        for name, path in SHOTS.items():
            page.goto(site + path, wait_until="networkidle")
            page.screenshot(path=str(folder / f"{name}-{label}.png"))
            page.screenshot(path=str(folder / f"{name}-{label}-full.png"), full_page=True)
        page.close()
    assert len(list(folder.glob("*.png"))) == 4 * len(SHOTS)
