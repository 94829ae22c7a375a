"""Search in shards: large sites are indexed by several Pagefind runs and merged in the browser.

The sample site is small enough for one run, so these tests index a copy of it in shards of 150
pages and check that search, filter counts and sorts match the single index.
"""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import urlsplit

import pytest

from generator.site.index import MANIFEST, SORTS, bundle_name, index_site, plan_shards, rank_pages, read_fragments
from generator.site.page import RECORD_FOLDERS
from tests.browser import Watched, search_results, serve

SHARD_PAGES = 150


@pytest.fixture(scope="module")
def sharded_site(sample_site, tmp_path_factory):
    copy = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(sample_site, copy, ignore=shutil.ignore_patterns("pagefind*"))
    counts = index_site(copy, shard_pages=SHARD_PAGES)
    return copy, counts


@pytest.fixture(scope="module")
def both(sample_site, sharded_site):
    with serve(sample_site) as single, serve(sharded_site[0]) as sharded:
        yield single, sharded


def _fragments(site, bundles):
    return {fragment["url"]: (result_id, fragment) for bundle in bundles for result_id, fragment in read_fragments(site / bundle)}


def test_every_page_goes_to_exactly_one_shard(sample_site):
    shards = plan_shards(sample_site, SHARD_PAGES)
    pages = sorted(p for shard in shards for p in shard.pages)
    assert len(shards) == 3 and plan_shards(sample_site)[0].glob is None
    assert pages == sorted(set(pages)) == plan_shards(sample_site)[0].pages
    assert all(p.split("/", 1)[0] in RECORD_FOLDERS for shard in shards[1:] for p in shard.pages)
    sizes = [len(shard.pages) for shard in shards]
    assert max(sizes) - min(sizes) < 30  # groups of ids by their last character are dealt out evenly


def test_sharded_index_holds_the_same_pages(sample_site, sharded_site):
    site, counts = sharded_site
    bundles = [bundle_name(n) for n in range(3)]
    assert counts["bundles"] == 3 and [b for b in bundles if (site / b / "pagefind-entry.json").exists()] == bundles
    manifest = json.loads((site / "pagefind" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["bundles"] == ["../pagefind-2/", "../pagefind-3/"]
    single = _fragments(sample_site, ["pagefind"])
    sharded = _fragments(site, bundles)
    assert counts["page_count"] == len(sharded) == len(single)
    assert {url: f["meta"] for url, (_, f) in sharded.items()} == {url: f["meta"] for url, (_, f) in single.items()}
    # each bundle holds exactly the planned pages that Pagefind indexes: its glob read nothing else
    for shard, bundle in zip(plan_shards(site, SHARD_PAGES), bundles, strict=True):
        planned = {"/" + page.removesuffix("index.html") for page in shard.pages}
        urls = set(_fragments(site, [bundle]))
        assert urls and urls <= planned and urls == planned & set(single)


def test_sort_files_rank_every_page_with_a_key(sample_site, catalogue):
    manifest = json.loads((sample_site / "pagefind" / MANIFEST).read_text(encoding="utf-8"))
    pages = _fragments(sample_site, ["pagefind"])
    by_id = dict(pages.values())
    for key in SORTS:
        ranking = json.loads((sample_site / "pagefind" / manifest["sorts"][key]).read_text(encoding="utf-8"))
        keys = [by_id[result_id]["meta"][f"sort_{key}"] for result_id in ranking["ranked"]]
        assert keys == sorted(keys) and ranking["ambiguous"] == {} and len(keys) == ranking["count"]
        assert ranking["count"] == sum(1 for _, f in pages.values() if f["meta"].get(f"sort_{key}"))
    expiry = json.loads((sample_site / "pagefind" / manifest["sorts"]["expiry"]).read_text(encoding="utf-8"))
    assert expiry["count"] == sum(1 for p in catalogue.products.values() if catalogue.certificates_by_product.get(p.id))


def test_ids_shared_by_two_bundles_are_ranked_by_url():
    pages = [
        ("zh_a", "/b/", {"sort_name": "乙"}),
        ("zh_a", "/a/", {"sort_name": "甲"}),
        ("zh_c", "/c/", {"sort_name": "丙"}),
        ("zh_d", "/d/", {}),
        ("zh_e", "/e/", {"sort_name": "乙"}),
    ]
    name = rank_pages(pages)["name"]
    # code point order: 丙 (U+4E19) < 乙 (U+4E59) < 甲 (U+7532); equal keys keep URL order
    assert name["ranked"] == ["zh_c", None, "zh_e", None]
    assert name["ambiguous"] == {"zh_a": {"/b/": 1, "/a/": 3}}
    assert name["count"] == 4
    assert rank_pages(pages)["expiry"] == {"sort": "expiry", "count": 0, "ranked": [], "ambiguous": {}}


def _filter_counts(page, group: str) -> dict[str, str]:
    box = page.locator("details.jl-filter-group").filter(has=page.locator("summary", has_text=group))
    box.locator("summary").click()
    box.locator(".jl-count").first.wait_for()
    labels = box.locator(".jl-filter-label")
    return dict(re.match(r"(.*?)\s*(\d+)$", text.strip(), re.S).groups() for text in labels.all_inner_texts())


@pytest.mark.parametrize("query", ["岩棉", "热泵", "长白", "吉林市"])
def test_sharded_search_finds_what_one_index_finds(both, browser, query):
    counts, found, filters = [], [], []
    for base in both:
        watched = Watched(browser, base)
        watched.page.goto(base + f"search/?q={query}")
        count, links = search_results(watched.page)
        counts.append(count)
        found.append({urlsplit(link).path for link in links})
        filters.append(_filter_counts(watched.page, "类型"))
        assert watched.errors == []
        watched.page.close()
    assert counts[0] == counts[1] > 0
    assert found[0] == found[1]
    assert filters[0] == filters[1] and filters[0]


def _sorted_names(page, base: str) -> list[str]:
    page.goto(base + "search/?q=示例&sort=name")
    count, _ = search_results(page)
    names = page.locator(".jl-result-title").all_inner_texts()
    assert count == len(names) > 10
    return names


def test_sharded_sort_by_name_spans_the_bundles(both, sharded_site, browser):
    site, _ = sharded_site
    watched = Watched(browser, both[1])
    single = Watched(browser, both[0])
    assert _sorted_names(watched.page, both[1]) == _sorted_names(single.page, both[0])
    # an id two bundles share is told apart by URL: make some ids ambiguous and sort again
    manifest = json.loads((site / "pagefind" / MANIFEST).read_text(encoding="utf-8"))
    path = site / "pagefind" / manifest["sorts"]["name"]
    ranking = json.loads(path.read_text(encoding="utf-8"))
    urls = {result_id: fragment["url"] for result_id, fragment in _fragments(site, ["pagefind", "pagefind-2"]).values()}
    moved = [result_id for result_id in ranking["ranked"][::7] if result_id in urls]
    for result_id in moved:
        rank = ranking["ranked"].index(result_id)
        ranking["ranked"][rank] = None
        ranking["ambiguous"][result_id] = {urls[result_id]: rank, "/elsewhere/": 0}
    path.write_text(json.dumps(ranking), encoding="utf-8")
    assert moved and _sorted_names(watched.page, both[1]) == _sorted_names(single.page, both[0])
    assert watched.errors == []
    watched.page.close()
    single.page.close()


def test_first_search_loads_no_filters_or_sort_orders(both, browser):
    base = both[0]
    watched = Watched(browser, base)
    fetched: list[str] = []
    watched.page.on("requestfinished", lambda request: fetched.append(request.url))
    watched.page.goto(base + "search/?q=岩棉")
    search_results(watched.page)
    assert any(".pf_meta" in url for url in fetched) and any(".pf_fragment" in url for url in fetched)
    assert not [url for url in fetched if ".pf_filter" in url or "jl-sort-" in url]
    counts = _filter_counts(watched.page, "证书状态")
    assert counts and any(".pf_filter" in url for url in fetched)
    watched.page.select_option("#jl-sort", "expiry")
    watched.page.wait_for_function("() => location.search.includes('sort=expiry')")
    search_results(watched.page)
    assert [url for url in fetched if "jl-sort-expiry" in url]
    assert not [url for url in fetched if "jl-sort-name" in url]
    assert watched.errors == []
    watched.page.close()


def test_a_missing_sort_file_falls_back_to_relevance(both, browser):
    watched = Watched(browser, both[0])
    watched.page.route("**/jl-sort-*", lambda route: route.fulfill(status=404, body="gone"))
    watched.page.goto(both[0] + "search/?q=岩棉&sort=name")
    count, links = search_results(watched.page)
    assert count == len(links) > 0
    assert "排序数据暂时无法载入" in watched.page.locator("#jl-status").inner_text()
    watched.page.close()
