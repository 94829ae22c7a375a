"""The sample site in headless Chromium: pages load cleanly, search finds and filters."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from generator import records
from generator.validate import validate
from tests.browser import launch, serve
from tests.conftest import AS_OF, SAMPLE_DATA


@pytest.fixture(scope="module")
def catalogue():
    return records.build(validate(SAMPLE_DATA).data, AS_OF)


@pytest.fixture(scope="module")
def site(sample_site):
    with serve(sample_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with launch() as chromium:
        yield chromium


class Watched:
    """A page that records console errors, page errors and requests leaving the site."""

    def __init__(self, browser, base: str, width: int = 1280):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.foreign: list[str] = []
        origin = urlsplit(base).netloc
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: urlsplit(r.url).netloc not in (origin, "")
                     and not r.url.startswith("data:") and self.foreign.append(r.url))


def _key_pages(catalogue) -> dict[str, str]:
    negative = next(n.product for n in catalogue.negative_list if n.product)
    product = next(p.id for p in catalogue.products.values() if catalogue.product_status(p) == "valid")
    return {"home": "", "catalog": "catalogs/procurement/", "product": f"products/{product}/",
            "negative-product": f"products/{negative}/",
            "enterprise": f"enterprises/{next(iter(catalogue.enterprises))}/",
            "negative-list": "negative-list/", "search": "search/?q=岩棉"}


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


def _results(page) -> tuple[int, list[str]]:
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    page.wait_for_timeout(300)
    message = page.locator(".pagefind-ui__message").inner_text()
    count = int(re.search(r"\d+", message).group(0))
    more = page.locator(".pagefind-ui__button")
    for _ in range(count):
        if not more.count() or page.locator(".pagefind-ui__result").count() >= count:
            break
        more.first.click()
        page.wait_for_timeout(300)
    return count, page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.href)")


def test_search_finds_a_chinese_product_term(browser, site, catalogue):
    expected = {f"products/{p.id}/" for p in catalogue.products.values() if "岩棉" in p.name}
    watched = Watched(browser, site)
    watched.page.goto(site + "search/?q=岩棉")
    count, links = _results(watched.page)
    assert count >= len(expected) > 0
    assert any(link.endswith(path) for link in links for path in expected)
    first = watched.page.locator(".pagefind-ui__result-title").first.inner_text()
    assert "岩棉" in first
    assert watched.errors == []
    watched.page.close()


def test_a_filter_narrows_the_results(browser, site, catalogue):
    by_region: dict[str, set] = {}
    for p in catalogue.products.values():
        if "热泵" in p.name:
            by_region.setdefault(catalogue.enterprises[p.enterprise].region, set()).add(p.id)
    region, in_region = max(by_region.items(), key=lambda item: (len(item[1]), item[0]))
    watched = Watched(browser, site)
    page = watched.page
    page.goto(site + "search/?q=热泵")
    before, _ = _results(page)
    page.locator("summary.pagefind-ui__filter-name", has_text="地区").click()
    page.locator("label.pagefind-ui__filter-label", has_text=catalogue.regions[region].name).first.click()
    page.wait_for_function(
        "n => { const m = document.querySelector('.pagefind-ui__message'); return m && !m.textContent.includes(n + ' ') }",
        arg=str(before), timeout=15000)
    after, links = _results(page)
    assert 0 < after < before
    ids = {link.rstrip("/").rsplit("/", 1)[-1] for link in links}
    products = {i for i in ids if i in catalogue.products}
    assert products == in_region
    others = ids - products  # enterprise and region pages tagged with the same region
    makers_here = {e.credit_code for e in catalogue.enterprises.values() if e.region == region}
    assert others <= makers_here | {region}
    watched.page.close()


def test_query_is_kept_in_the_url(browser, site):
    watched = Watched(browser, site)
    watched.page.goto(site + "search/")
    watched.page.locator(".pagefind-ui__search-input").fill("钢结构")
    watched.page.wait_for_function("() => location.search.includes('q=')")
    assert "q=%E9%92%A2%E7%BB%93%E6%9E%84" in watched.page.url
    watched.page.close()
