"""The search page in Chromium: what it says about a query (corrections, ignored words, status words), bad input,
and facets that behave as in Datasette or Algolia, at 1280×900 and 390×844."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import Watched, serve
from tests.browser import search_results as _results

SIZES = [(1280, 900), (390, 844)]


@pytest.fixture(scope="module")
def site(sample_site):
    with serve(sample_site) as base:
        yield base


def _open(browser, site, path, size=(1280, 900)):
    watched = Watched(browser, site, size[0])
    watched.page.set_viewport_size({"width": size[0], "height": size[1]})
    watched.page.goto(site + path)
    return watched


def _notes(page) -> str:
    return page.locator("#jl-notes").inner_text() if page.locator("#jl-notes").is_visible() else ""


def _ids(links):
    return {link.rstrip("/").rsplit("/", 1)[-1] for link in links}


def test_a_typo_is_corrected_and_the_notice_offers_the_word_as_typed(browser, site, catalogue):
    watched = _open(browser, site, "search/?q=岩绵")
    page = watched.page
    count, links = _results(page)
    rock_wool = {p.id for p in catalogue.products.values() if "岩棉" in p.name}
    assert rock_wool <= _ids(links) and count >= len(rock_wool)
    assert "已显示“岩棉”的结果，仍搜索“岩绵”" in _notes(page)
    page.get_by_role("link", name="仍搜索“岩绵”").click()
    page.wait_for_function("() => location.search.includes('exact=1')")
    _results(page)
    assert "已显示" not in _notes(page) and page.locator("#jl-q").input_value() == "岩绵"
    page.go_back()
    page.wait_for_function("() => !location.search.includes('exact=1')")
    _results(page)
    assert "已显示“岩棉”的结果" in _notes(page)
    assert watched.errors == []
    page.close()


def test_ignored_words_are_named(browser, site):
    watched = _open(browser, site, "search/?q=" + "海绵城市用的透水材料 zzqqxx")
    page = watched.page
    count, _ = _results(page)
    notes = _notes(page)
    assert count > 0
    assert re.search(r"已忽略：.*“用”.*“的”.*（提问用词和虚词）", notes), notes
    assert "“zzqqxx”（站内没有这个词）" in notes
    assert "部分匹配" in notes and page.locator(".jl-hit-partial").count() > 0
    assert watched.errors == []
    page.close()


def test_pinyin_traditional_and_full_width_say_how_they_were_read(browser, site):
    for query, said in [
        ("changchun", "“changchun”按拼音理解。已显示“长春”的结果"),
        ("塗料", "已按简体字“涂料”搜索“塗料”"),
        ("ＸＰＳ", ""),
        ("chang chun yan mian", "已显示“岩棉”的结果，仍搜索“yan mian”"),
        ("寶溫板", "已显示“保温板”的结果，仍搜索“寶溫板”"),
    ]:  # traditional and a homophone at once
        watched = _open(browser, site, f"search/?q={query}")
        count, _ = _results(watched.page)
        assert count > 0, query
        assert said in _notes(watched.page), query
        assert watched.errors == []
        watched.page.close()


def test_status_words_filter_by_certificate_status_and_explain_it(browser, site, catalogue):
    watched = _open(browser, site, "search/?q=有效 热泵")
    page = watched.page
    count, links = _results(page)
    expected = {
        p.id
        for p in catalogue.products.values()
        if "热泵" in p.name
        and catalogue.certificates_by_product.get(p.id)
        and min(c.status for c in catalogue.certificates_by_product[p.id]) in ("valid", "expiring")
        and catalogue.product_status(p) in ("valid", "expiring")
    }
    assert expected and expected <= _ids(links)
    assert "“有效”按证书状态筛选：有效、即将到期。即将到期的证书仍然有效" in _notes(page)
    assert watched.errors == []
    page.close()


def test_an_identifier_typed_loosely_finds_its_record_first(browser, site, catalogue):
    product = catalogue.products["P00089"]
    cert = next(c for c in catalogue.certificates.values() if c.product != product.id)
    for query, record in [
        ("p89", "P00089"),
        (product.model.replace("-", "").lower(), "P00089"),
        (cert.number.replace("-", ""), cert.product),
        (cert.number[-7:], cert.product),
    ]:
        watched = _open(browser, site, f"search/?q={query}")
        _, links = _results(watched.page)
        assert links and _ids(links[:1]) == {record}, query
        assert watched.page.locator(".jl-hit-match").first.is_visible()
        watched.page.close()


@pytest.mark.parametrize(
    "query",
    [
        "岩" * 1000,
        "！？。，、；：“”（）……——",
        "的 了 吗 哪些 是多少",
        "😀🏗️👍🏽",
        "\u202e岩棉\u202c\u200f",
        "<script>alert(1)</script>",
        "%00%0a",
        "'\"><img src=x>",
    ],
)
def test_bad_input_ends_in_a_helpful_state_without_errors(browser, site, query):
    watched = _open(browser, site, "search/")
    page = watched.page
    page.wait_for_function("() => document.getElementById('jl-status').textContent.includes('输入搜索词')")
    start = time.monotonic()
    page.locator("#jl-q").fill(query)
    page.locator("#jl-q").press("Enter")
    page.wait_for_function(
        "() => /找到 \\d+ 个结果|没有找到/.test(document.getElementById('jl-status').textContent)", timeout=10000
    )
    assert time.monotonic() - start < 10
    status = page.locator("#jl-status").inner_text()
    assert "找到" in status and ("可以试试" in status or "个结果" in status)
    assert page.locator("img[src=x]").count() == 0 and page.locator("#jl-results script").count() == 0
    assert watched.errors == []
    page.close()


def test_emoji_and_stop_words_are_named_when_nothing_is_left(browser, site):
    watched = _open(browser, site, "search/?q=" + "的 哪些 😀")
    _results(watched.page)
    notes = _notes(watched.page)
    assert "表情符号" in notes and "“的”" in notes and "“哪些”" in notes
    watched.page.close()


def _tick(page, group: str, value: str) -> None:
    box = page.locator("details.jl-filter-group").filter(has=page.locator("summary", has_text=group))
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    before = page.url
    page.locator(f"input[data-filter='{group}'][value='{value}']").check()
    page.wait_for_function("u => location.href !== u", arg=before)
    _results(page)


def _values(page, group: str) -> dict[str, int]:
    rows = page.locator(f"input[data-filter='{group}']")
    labels = (
        page.locator("details.jl-filter-group").filter(has=page.locator("summary", has_text=group)).locator(".jl-filter-label")
    )
    return {rows.nth(i).get_attribute("value"): int(labels.nth(i).locator(".jl-count").inner_text()) for i in range(rows.count())}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_facets_keep_the_other_values_of_a_chosen_group_with_counts(browser, site, catalogue, artifacts, size):
    watched = _open(browser, site, "search/?q=示例", size)
    page = watched.page
    _results(page)
    if page.locator("#jl-filters").get_attribute("open") is None:
        page.locator("#jl-filters > summary").click()
    _tick(page, "地区", "长春市")
    regions = _values(page, "地区")
    assert "长春市" in regions and len(regions) >= 5  # the other regions stay, with their own counts
    by_region = {catalogue.regions[r].name: n for r, n in _region_counts(catalogue).items()}
    assert regions["吉林市"] == by_region["吉林市"]
    _tick(page, "证书状态", "有效")
    statuses = _values(page, "证书状态")
    assert {"有效", "已过期"} <= set(statuses) and "需求标准检验" not in statuses and "负面清单" not in statuses
    assert page.locator("input[data-filter='地区'][value='长春市']").is_checked()
    page.screenshot(path=str(artifacts / f"search-facets-{size[0]}.png"), full_page=True)
    assert watched.errors == []
    page.close()


def _region_counts(catalogue) -> dict[str, int]:
    """Pages the query 示例 finds per region: every product, enterprise and project (all are 示例), the region page."""
    counts = {region: 1 + len(catalogue.projects_by_region.get(region, ())) for region in catalogue.regions}
    for e in catalogue.enterprises.values():
        counts[e.region] += 1 + len(catalogue.products_by_enterprise.get(e.credit_code, ()))
    return counts


def test_route_and_certificate_status_are_separate_facets(browser, site, catalogue):
    watched = _open(browser, site, "search/?q=示例&入选途径=需求标准检验产品")
    page = watched.page
    count, links = _results(page)
    tested = {p.id for p in catalogue.products.values() if p.route == "demand-standard-tested"}
    assert _ids(links) == tested and count == len(tested)
    routes = _values(page, "入选途径")
    assert set(routes) == {"认证产品", "需求标准检验产品"}
    assert "证书状态" not in page.locator("details.jl-filter-group summary").all_inner_texts() or "需求标准检验" not in _values(
        page, "证书状态"
    )
    watched.page.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_filter_change_is_a_history_entry_and_back_restores_it(browser, site, size):
    watched = _open(browser, site, "search/?q=热泵", size)
    page = watched.page
    all_count, _ = _results(page)
    if page.locator("#jl-filters").get_attribute("open") is None:
        page.locator("#jl-filters > summary").click()
    _tick(page, "证书状态", "有效")
    valid_count, _ = _results(page)
    _tick(page, "证书状态", "已过期")
    assert parse_qs(urlsplit(page.url).query)["证书状态"] == ["已过期", "有效"] or sorted(
        parse_qs(urlsplit(page.url).query)["证书状态"]
    ) == ["已过期", "有效"]
    page.go_back()
    page.wait_for_function("() => !decodeURIComponent(location.search).includes('已过期')")
    assert urlsplit(page.url).path.endswith("/search/")
    assert _results(page)[0] == valid_count
    assert page.locator("input[data-filter='证书状态'][value='有效']").is_checked()
    assert not page.locator("input[data-filter='证书状态'][value='已过期']").is_checked()
    page.go_back()
    page.wait_for_function("() => !decodeURIComponent(location.search).includes('证书状态')")
    assert _results(page)[0] == all_count and urlsplit(page.url).path.endswith("/search/")
    page.go_forward()
    page.wait_for_function("() => decodeURIComponent(location.search).includes('有效')")
    assert _results(page)[0] == valid_count
    assert watched.errors == []
    page.close()


def test_query_analysis_in_the_browser(browser, site):
    """search-query.js on its own: terms, stop words, status words, codes, width and case."""
    watched = _open(browser, site, "search/")
    result = watched.page.evaluate("""async () => {
      const q = await import('/assets/search-query.js');
      const data = q.prepareData(JSON.parse(document.getElementById('jl-search-data').textContent));
      const show = (s) => { const a = q.analyse(s, data); return {terms: a.terms, pieces: a.pieces, codes: a.codes,
        status: a.status, ignored: a.ignored.map((i) => i.word), truncated: a.truncated}; };
      return {question: show('岩棉板导热系数是多少'), wide: show('ＸＰＳ　挤塑板'), code: show('YPF 249'),
              status: show('即将到期的热泵'), long: show('岩'.repeat(1000)), rtl: show('\\u202e岩棉\\u202c'),
              mixed: show('PC构件 c50混凝土'),
              fold: q.foldCode('Ｐ０００８９'), bucket: q.codeBucket('YPF249', 3, 7)};
    }""")
    assert result["question"]["terms"] == ["岩棉板导热系数"]
    pieces = result["question"]["pieces"]["岩棉板导热系数"]  # the browser's segmenter's words (its dictionary varies)
    assert len(pieces) >= 2 and "".join(pieces) == "岩棉板导热系数" and pieces[-1] == "系数"
    assert set(result["question"]["ignored"]) == {"是", "多少"}
    assert result["wide"]["terms"] == ["xps", "挤塑板"]
    assert "ypf249" in result["code"]["codes"]
    assert result["status"]["status"] == ["即将到期"] and result["status"]["terms"] == ["热泵"]
    assert result["long"]["truncated"] and len(result["long"]["terms"][0]) == 100
    assert result["rtl"]["terms"] == ["岩棉"]
    assert result["mixed"]["terms"] == ["pc构件", "c50混凝土"]  # whole first, as names write them
    assert result["mixed"]["pieces"]["pc构件"][0] == "pc" and result["mixed"]["pieces"]["c50混凝土"][0] == "c50"
    assert result["fold"] == "P89"
    from generator.search.codes import bucket

    assert result["bucket"] == bucket("YPF249", 7)
    watched.page.close()
