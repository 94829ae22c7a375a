"""The sample site on a 1280×900 desk and a 390×844 phone: menus, contents, long lists and their filter.

Sizes are measured in Chromium, never taken from the CSS: what the reader gets is what is checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.build import build
from generator.settings import Settings
from tests.browser import serve
from tests.conftest import AS_OF

DESK, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
FIXTURES = Path(__file__).parent / "fixtures"
MAIN_SECTIONS = [
    "",
    "catalogs/",
    "enterprises/",
    "certificates/",
    "negative-list/",
    "categories/",
    "regions/",
    "projects/",
    "calculator/",
    "policies/",
    "search/",
    "data/",
    "api/",
    "statistics/",
    "changelog/",
    "about/",
]
"""Every page of the nav: the sections a reader must reach from any page."""
LISTS = [
    "negative-list/",
    "certificates/",
    "catalogs/procurement/",
    "regions/",
    "categories/RZ-01-05/",
    "enterprises/",
    "regions/changchun/",
    "certificates/valid/",
    "data/",
]


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    """The minimal data with three rows per listing page (the negative list then has two pages)."""
    out = tmp_path_factory.mktemp("paged-lists") / "site"
    build(FIXTURES / "minimal", out, as_of=AS_OF, settings=Settings.load(page_size=3))
    return out


@pytest.fixture(scope="module", autouse=True)
def built_first(paged_site, sample_site):
    """Build both sites before Chromium starts (a build runs Pagefind through asyncio, as Playwright does)."""


@pytest.fixture(scope="module")
def site(sample_site):
    with serve(sample_site) as base:
        yield base


def site_paths(page, site: str, selector: str) -> set[str]:
    hrefs = page.locator(selector).evaluate_all("links => links.filter(a => a.offsetParent !== null).map(a => a.href)")
    return {href.removeprefix(site).split("#")[0] for href in hrefs}


# 1. main sections from every page at every width -------------------------------------------------


@pytest.mark.parametrize("path", ["", "products/P00001/", "catalogs/procurement/"])
def test_the_desk_has_tabs_to_every_section_on_home_record_and_listing_pages(browser, site, path):
    page = browser.new_page(viewport=DESK)
    page.goto(site + path)
    assert page.locator(".md-tabs").is_visible()
    tabs = site_paths(page, site, ".md-tabs__link")
    assert set(MAIN_SECTIONS) - {"api/", "statistics/", "changelog/"} <= tabs  # 开放数据 leads to its four pages
    page.locator(".md-tabs__link", has_text="开放数据").click()
    page.wait_for_url("**/data/")
    assert {"data/", "api/", "statistics/", "changelog/"} <= site_paths(page, site, ".md-sidebar--primary a")
    page.close()


@pytest.mark.parametrize("path", ["", "products/P00001/", "negative-list/"])
def test_the_phone_menu_opens_and_lists_every_section(browser, site, path):
    page = browser.new_page(viewport=PHONE)
    page.goto(site + path)
    menu = page.locator("label.md-header__button[for='__drawer']")
    assert menu.is_visible()
    box = menu.bounding_box()
    assert box["y"] < 150 and box["width"] >= 24  # at the top, big enough to tap
    menu.click()
    page.wait_for_timeout(400)
    page.locator(".md-nav--primary label.md-nav__link", has_text="开放数据").first.click()
    page.wait_for_timeout(400)
    assert set(MAIN_SECTIONS) <= site_paths(page, site, ".md-nav--primary a.md-nav__link")
    page.close()


def test_every_section_link_leads_to_its_page(browser, site, sample_site):
    for path in MAIN_SECTIONS:
        assert (sample_site / path / "index.html").is_file(), path
    page = browser.new_page(viewport=DESK)
    page.goto(site)
    page.locator(".md-tabs__link", has_text="关于数据").click()
    page.wait_for_url("**/about/")
    assert page.locator("h1").inner_text() == "关于数据"
    page.close()


# 2. long pages: contents, jump lists, filter boxes ----------------------------------------------


def test_the_contents_column_links_the_sections_of_a_long_page(browser, site):
    page = browser.new_page(viewport=DESK)
    page.goto(site + "catalogs/procurement/")
    column = page.locator(".md-sidebar--secondary .md-nav__link")
    titles = column.all_inner_texts()
    assert titles[:2] == ["发布批次", "在录产品（按分类）"] and "如何引用" in titles
    assert any("RZ-01-05" in t for t in titles)  # each category of the catalog, nested
    for href in column.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(f"[id='{href[1:]}']").count() == 1, href
    assert page.locator(".jl-contents").is_hidden()  # the column does the job on a desk
    page.close()


def test_on_a_phone_long_pages_open_with_a_jump_list(browser, site):
    page = browser.new_page(viewport=PHONE)
    for path in ("catalogs/procurement/", "products/P00001/", "statistics/", "about/"):
        page.goto(site + path)
        jump = page.locator(".jl-contents")
        assert jump.is_visible(), path
        assert jump.bounding_box()["y"] < PHONE["height"], path
    page.goto(site + "catalogs/procurement/")
    page.locator(".jl-contents a", has_text="如何引用").click()
    page.wait_for_timeout(300)
    assert 0 <= page.locator("#cite").bounding_box()["y"] < PHONE["height"]
    page.close()


def test_on_a_phone_a_catalog_links_each_of_its_categories(browser, site, catalogue):
    codes = sorted(
        {catalogue.products[e.product].category for e in catalogue.entries if e.catalog == "procurement" and e.active_on(AS_OF)}
    )
    page = browser.new_page(viewport=PHONE)
    page.goto(site + "catalogs/procurement/")
    links = page.locator("nav.jl-catjump a")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(h.removeprefix("#cat-") for h in hrefs) == codes
    links.last.click()
    page.wait_for_timeout(300)
    assert 0 <= page.locator(f"[id='{hrefs[-1][1:]}']").bounding_box()["y"] < 200  # the category's heading on top
    page.close()
    page = browser.new_page(viewport=DESK)
    page.goto(site + "catalogs/procurement/")
    assert page.locator("nav.jl-catjump").is_hidden()  # the contents column lists them on a desk
    page.close()


def _table_names() -> list[str]:
    """Every table of the sample data, read from the data packages themselves."""
    data = Path(__file__).parent.parent / "catalog_data"
    return [
        r["name"]
        for f in sorted(data.glob("*/datapackage.yaml"))
        for r in yaml.safe_load(f.read_text(encoding="utf-8"))["resources"]
    ]


@pytest.mark.parametrize("viewport", [DESK, PHONE])
def test_the_data_page_answers_excel_and_csv_on_its_first_screen(browser, site, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(site + "data/")
    first_screen = page.locator(".jl-page a[href]").evaluate_all(f"""links => links
        .filter(a => a.offsetParent !== null && a.getBoundingClientRect().bottom <= {viewport["height"]})
        .map(a => a.getAttribute("href"))""")
    spreadsheet = [h for h in first_screen if h.endswith(".xlsx")]
    table_csv = [h for h in first_screen if h.endswith(".csv")]
    assert spreadsheet and table_csv, first_screen  # "everything in Excel" and "one table as CSV"
    for href in spreadsheet[:1] + table_csv[:1]:
        assert page.request.get(page.url + href).ok, href
    page.close()


@pytest.mark.parametrize("viewport", [DESK, PHONE])
def test_the_data_page_folds_its_checksums_and_stays_short(browser, site, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(site + "data/")
    hashes = page.locator("text=/[0-9a-f]{64}/")
    assert hashes.count() > 0 and all(not h.is_visible() for h in hashes.all())
    assert page.locator("a", has_text="SHA256SUMS").first.is_visible()
    page.locator("summary", has_text="SHA-256").click()
    assert hashes.first.is_visible()
    page.locator("summary", has_text="SHA-256").click()
    assert page.evaluate("document.documentElement.scrollHeight") < 10 * viewport["height"]  # was 35,000 px on a phone
    page.close()


def test_the_data_page_names_the_data_dictionary_of_every_table(browser, site):
    names = _table_names()
    assert len(names) == 20 and "products" in names and "regions" in names and "search_terms" in names  # 18 + search vocabulary
    page = browser.new_page(viewport=PHONE)
    page.goto(site + "data/")
    for name in names:
        link = page.locator(f"a[href$='data/{name}/']")
        assert link.count() == 1 and link.inner_text().endswith("数据字典"), name
    page.locator(f"a[href$='data/{names[0]}/']").click()
    page.wait_for_url(f"**/data/{names[0]}/")
    page.close()


def test_the_filter_box_narrows_a_list_and_says_how_many_are_left(browser, site, catalogue):
    entry = sorted(catalogue.negative_list, key=lambda n: n.id)[0]
    name = catalogue.products[entry.product].name if entry.product else catalogue.enterprises[entry.enterprise].name
    expected = {
        n.id
        for n in catalogue.negative_list
        if name in (catalogue.products[n.product].name if n.product else "") or name in catalogue.enterprises[n.enterprise].name
    }
    for viewport in (DESK, PHONE):
        page = browser.new_page(viewport=viewport)
        page.goto(site + "negative-list/")
        box = page.locator("#jl-filter-q")
        assert box.is_visible() and page.locator("label[for='jl-filter-q']").inner_text() == "筛选本页的负面清单记录"
        box.fill(name)
        shown = page.locator("table[data-jl-items] tbody tr:visible").evaluate_all("rows => rows.map(r => r.id)")
        assert set(shown) == expected
        status = page.locator(".jl-listfilter-status").inner_text()
        assert status == f"显示 {len(expected)} / {len(catalogue.negative_list)} 项。"
        box.fill("没有这样的名称")
        assert page.locator("table[data-jl-items] tbody tr:visible").count() == 0
        assert page.locator(".jl-listfilter-status").inner_text() == "本页没有符合条件的项。"
        box.fill("")
        assert page.locator("table[data-jl-items] tbody tr:visible").count() == len(catalogue.negative_list)
        page.close()


def test_the_filter_box_hides_groups_left_empty(browser, site, catalogue):
    category = catalogue.categories["RZ-01-05"]
    page = browser.new_page(viewport=DESK)
    page.goto(site + "catalogs/procurement/")
    page.locator("#jl-filter-q").fill(category.name)
    sections = page.locator("section[data-jl-group]:visible")
    assert sections.count() >= 1 and category.name in sections.first.inner_text()
    assert all(category.name in t or "保温" in t for t in sections.all_inner_texts())
    page.close()


def test_the_enterprise_list_filters_by_region(browser, site, catalogue):
    region = catalogue.regions["changchun"]
    makers = {e.name for e in catalogue.enterprises.values() if e.region == region.id}
    for viewport in (DESK, PHONE):
        page = browser.new_page(viewport=viewport)
        page.goto(site + "enterprises/")
        page.locator("#jl-filter-group").select_option(label=region.name)
        assert page.locator("section[data-jl-group]:visible h2").all_inner_texts() == [f"{region.name}（{len(makers)}）"]
        shown = page.locator("table[data-jl-items] tbody tr:visible td:first-child a").all_inner_texts()
        assert set(shown) == makers
        page.locator("#jl-filter-group").select_option(label="全部")
        assert page.locator("table[data-jl-items] tbody tr:visible").count() == len(catalogue.enterprises)
        page.close()


def test_a_paginated_listing_filters_its_own_page_and_says_so(paged_site, browser):
    with serve(paged_site) as base:
        page = browser.new_page(viewport=PHONE)
        page.goto(base + "negative-list/page/2/")
        note = page.locator(".jl-listfilter .jl-note").inner_text()
        assert "只在本页的第 4–6 项中筛选" in note and "搜索" in note
        on_page = page.locator("table[data-jl-items] tbody tr").evaluate_all("rows => rows.map(r => r.id)")
        page.goto(base + "negative-list/")
        first_page = page.locator("table[data-jl-items] tbody tr").evaluate_all("rows => rows.map(r => r.id)")
        assert len(on_page) == 3 and not set(on_page) & set(first_page)
        page.locator("#jl-filter-q").fill(on_page[0])
        assert page.locator(".jl-listfilter-status").inner_text() == "本页没有符合条件的项。"  # it is on page 2
        page.close()


def test_without_javascript_the_whole_list_shows_and_no_dead_box(browser, site, catalogue):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "negative-list/")
    assert page.locator(".jl-listfilter").is_hidden()
    assert page.locator("table[data-jl-items] tbody tr:visible").count() == len(catalogue.negative_list)
    context.close()


def test_the_certificates_overview_shows_the_first_50_of_a_status_and_links_the_rest(browser, site, catalogue):
    valid = sorted((c for c in catalogue.certificates.values() if c.status == "valid"), key=lambda c: c.expiry_date)
    assert len(valid) == 118  # the sample data on the fixed status date
    page = browser.new_page(viewport=PHONE)
    page.goto(site + "certificates/")
    shown = page.locator("section:has(#valid) code").all_inner_texts()
    assert shown == [c.number for c in valid[:50]]
    assert "每种状态在本页最多列出 50 张" in page.locator(".jl-listfilter .jl-note").inner_text()
    page.locator("a", has_text="查看全部 118 张有效证书").click()
    page.wait_for_url("**/certificates/valid/")
    assert page.locator("table[data-jl-items] tbody tr").count() == 118
    page.close()


# 3. record lists on a phone ----------------------------------------------------------------------


@pytest.mark.parametrize("path", LISTS)
def test_phone_lists_are_cards_that_never_scroll_sideways(browser, site, path):
    page = browser.new_page(viewport=PHONE)
    page.goto(site + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    cells = page.locator(".jl-page table.jl-table tbody tr:visible > *, .jl-page ul[data-jl-items] > li:visible")
    cells = cells.evaluate_all("""cells => cells.map(c => {
        const box = c.getBoundingClientRect();
        return {left: box.left, right: box.right, width: box.width, first: !c.previousElementSibling || c.tagName === "LI",
                em: parseFloat(getComputedStyle(c).fontSize), text: c.textContent.trim()};
    })""")
    assert cells, path
    for cell in cells:
        assert cell["left"] >= 0 and cell["right"] <= PHONE["width"], (path, cell)
        if cell["first"] and cell["text"]:  # the key column: the name of the record
            assert cell["width"] >= 4 * cell["em"], (path, cell)
    for scroller in page.locator(".jl-page .jl-scroll").evaluate_all("els => els.map(e => e.scrollWidth - e.clientWidth)"):
        assert scroller <= 1, path


def test_on_a_phone_the_negative_list_names_the_product_and_its_maker_on_whole_lines(browser, site, catalogue):
    entry = next(n for n in sorted(catalogue.negative_list, key=lambda n: n.id) if n.product)
    page = browser.new_page(viewport=PHONE)
    page.goto(site + "negative-list/")
    card = page.locator(f"tr[id='{entry.id}']")
    name = card.locator("td").first.locator("a").first
    assert name.inner_text() == catalogue.products[entry.product].name
    line = page.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)", name.element_handle())
    assert name.bounding_box()["height"] <= 2 * line  # not one character per line
    assert card.bounding_box()["width"] >= 0.9 * page.locator(".jl-page").bounding_box()["width"]
    page.close()


@pytest.mark.parametrize("width", [200, 390])
def test_codes_wrap_only_after_their_separators(browser, site, catalogue, width):
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(site + "certificates/")
    codes = page.locator(".jl-page code.jl-code")
    assert codes.count() == 6 + 50 + 7 + 7  # expiring, valid (the first 50 of 118), expired, withdrawn
    breaks = codes.evaluate_all("""codes => codes.slice(0, 40).flatMap(code => {
        const text = code.textContent, out = [];
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        const spots = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) { spots.push([node, i]); }
        }
        let last = null;
        spots.forEach(([node, i], k) => {
            const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
            const top = Math.round(range.getBoundingClientRect().top);
            if (last !== null && top > last + 2) { out.push(text.slice(k - 1, k + 1)); }
            last = top;
        });
        return out;
    })""")
    assert all(pair[0] in "-/_.:·" for pair in breaks), breaks  # a wrap only ever follows a separator
    if width == 390:
        assert breaks == []  # certificate numbers fit on a line of a phone card
    else:
        assert breaks  # too narrow for a whole number: it wraps, at a separator
