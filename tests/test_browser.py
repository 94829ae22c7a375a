"""The sample site in headless Chromium: pages load cleanly, search finds and filters."""

from __future__ import annotations

import pytest

from tests.browser import Watched, search_results, serve


@pytest.fixture(scope="module")
def site(sample_site):
    with serve(sample_site) as base:
        yield base


def _key_pages(catalogue) -> dict[str, str]:
    negative = next(n.product for n in catalogue.negative_list if n.product)
    product = next(p.id for p in catalogue.products.values() if catalogue.product_status(p) == "valid")
    return {
        "home": "",
        "catalog": "catalogs/procurement/",
        "product": f"products/{product}/",
        "negative-product": f"products/{negative}/",
        "enterprise": f"enterprises/{next(iter(catalogue.enterprises))}/",
        "negative-list": "negative-list/",
        "search": "search/?q=岩棉",
        "project": "projects/D001/",
        "calculator": "calculator/?ruleset=sichuan-2024&ready-mixed-concrete=1000,900,"
        "&q1-other=10,9,,t,建筑铝合金模板&insulation=100,150,",
    }


def test_key_pages_load_without_errors_or_foreign_requests(browser, site, catalogue, artifacts):
    for width, label in ((1280, "desktop"), (390, "phone")):
        watched = Watched(browser, site, width)
        for name, path in _key_pages(catalogue).items():
            watched.page.goto(site + path, wait_until="networkidle")
            assert watched.page.locator("h1").first.is_visible(), path
            watched.page.screenshot(path=str(artifacts / f"{name}-{label}.png"), full_page=True)
        assert watched.errors == []
        assert watched.foreign == []
        watched.page.close()


def test_product_page_shows_certificate_status(browser, site, catalogue):
    product = next(p for p in catalogue.products.values() if catalogue.product_status(p) == "withdrawn")
    watched = Watched(browser, site)
    watched.page.goto(site + f"products/{product.id}/")
    badges = watched.page.locator(".jl-badges .jl-badge").all_inner_texts()
    assert "已撤销" in badges
    assert watched.page.locator("#certificates ~ div table").first.is_visible()
    watched.page.close()


def _record_id(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_search_finds_a_chinese_product_term(browser, site, catalogue):
    expected = {p.id for p in catalogue.products.values() if "岩棉" in p.name}
    watched = Watched(browser, site)
    watched.page.goto(site + "search/?q=岩棉")
    count, links = search_results(watched.page)
    assert count >= len(expected) > 0
    assert expected <= {_record_id(link) for link in links}
    assert "岩棉" in watched.page.locator(".jl-result-title").first.inner_text()
    first = watched.page.locator(".jl-result").first
    assert first.locator(".jl-badge").count() == 1 and first.locator(".jl-hit-maker").inner_text()
    assert watched.errors == []
    watched.page.close()


def test_a_region_filter_narrows_to_that_region(browser, site, catalogue):
    by_region: dict[str, set] = {}
    for p in catalogue.products.values():
        if "热泵" in p.name:
            by_region.setdefault(catalogue.enterprises[p.enterprise].region, set()).add(p.id)
    region, in_region = max(by_region.items(), key=lambda item: (len(item[1]), item[0]))
    watched = Watched(browser, site)
    page = watched.page
    page.goto(site + "search/?q=热泵")
    before, _ = search_results(page)
    page.locator(".jl-filter-group summary", has_text="地区").click()
    page.locator(".jl-filter-label", has_text=catalogue.regions[region].name).first.click()
    page.wait_for_function(
        "n => !document.getElementById('jl-status').textContent.includes('找到 ' + n + ' 个')", arg=str(before), timeout=15000
    )
    after, links = search_results(page)
    assert 0 < after < before
    ids = {_record_id(link) for link in links}
    products = {i for i in ids if i in catalogue.products}
    assert products == in_region
    others = ids - products  # enterprise and region pages tagged with the same region
    makers_here = {e.credit_code for e in catalogue.enterprises.values() if e.region == region}
    assert others <= makers_here | {region}
    assert "q=" in page.url and "%E5%9C%B0%E5%8C%BA=" in page.url  # 地区= is in the shareable URL
    assert watched.errors == []
    watched.page.close()


@pytest.mark.parametrize("group", ["类型", "类别", "地区", "目录", "星级", "证书状态", "应用场景", "入选途径"])
def test_each_filter_group_narrows_thesearch_results(browser, site, group):
    watched = Watched(browser, site)
    page = watched.page
    page.goto(site + "search/?q=示例")
    before, _ = search_results(page)
    box = page.locator("details.jl-filter-group").filter(has=page.locator("summary", has_text=group))
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    box.locator("input[type=checkbox]").first.check()
    page.wait_for_function(
        "n => !document.getElementById('jl-status').textContent.includes('找到 ' + n + ' 个')", arg=str(before), timeout=15000
    )
    after, _ = search_results(page)
    assert 0 < after < before, group
    assert watched.errors == []
    watched.page.close()


def test_shared_url_restores_query_filters_and_sort(browser, site, catalogue):
    watched = Watched(browser, site)
    page = watched.page
    page.goto(site + "search/?q=热泵&sort=expiry&证书状态=有效")
    count, links = search_results(page)
    assert page.locator("#jl-q").input_value() == "热泵"
    assert page.locator("#jl-sort").input_value() == "expiry"
    assert page.locator("input[data-filter='证书状态'][value='有效']").is_checked()
    expiries = []
    for link in links:
        product = catalogue.products[_record_id(link)]
        certificates = catalogue.certificates_by_product[product.id]
        assert catalogue.product_status(product) == "valid"
        expiries.append(max(c.expiry_date for c in certificates if c.status == "valid"))
    assert count == len(links) > 1 and expiries == sorted(expiries)
    watched.page.close()


def test_typing_updates_the_url(browser, site):
    watched = Watched(browser, site)
    watched.page.goto(site + "search/")
    watched.page.locator("#jl-q").fill("钢结构")
    watched.page.wait_for_function("() => location.search.includes('q=')")
    assert "q=%E9%92%A2%E7%BB%93%E6%9E%84" in watched.page.url
    watched.page.close()


def test_empty_result_says_what_to_try(browser, site):
    watched = Watched(browser, site)
    watched.page.goto(site + "search/?q=zzqqxxyy")
    assert search_results(watched.page) == (0, [])
    status = watched.page.locator("#jl-status").inner_text()
    assert "没有找到" in status and "可以试试" in status
    watched.page.close()


def test_sort_by_name(browser, site):
    watched = Watched(browser, site)
    page = watched.page
    page.goto(site + "search/?q=岩棉&sort=name")
    count, _ = search_results(page)
    names = page.locator(".jl-result-title").all_inner_texts()
    assert count == len(names) > 2
    keys = [n.split(" ")[0] for n in names]  # the sort key is the record name, the title adds the model
    assert keys == sorted(keys)
    page.close()
