"""The search page's build-time data: dictionary aliases, names metadata, pinyin, OpenCC conversions, identifiers."""

from __future__ import annotations

import json

from generator.search import codes, lexicon
from generator.search import stage as searchdata
from generator.settings import page_href


def test_dictionary_terms_reach_the_products_and_categories_they_name(catalogue):
    concrete = next(p for p in catalogue.products.values() if p.name == "预拌混凝土")
    assert {"商砼", "商混", "商品混凝土", "砼"} <= set(catalogue.search_aliases(concrete))
    xps = next(p for p in catalogue.products.values() if p.name == "挤塑聚苯板")
    assert {"XPS", "挤塑板", "保温板"} <= set(catalogue.search_aliases(xps))
    assert "马桶" not in catalogue.search_aliases(xps)
    assert set(catalogue.category_aliases(catalogue.categories["RZ-01-05"])) == {"保温板", "隔热板", "保温材料"}


def test_name_words_give_every_ending_so_a_part_of_a_name_starts_a_word():
    words = lexicon.name_words(("单晶硅光伏组件",), ("白城市",)).split(" ")
    assert words == ["单晶硅光伏组", "晶硅光伏组件", "硅光伏组件", "光伏组件", "伏组件", "组件", "白城市"]  # at most 6
    mixed = lexicon.name_words(("真空复合Low-E玻璃",)).split(" ")
    assert "Low-E玻" in mixed and "玻璃" in mixed and not any(w.startswith("ow") for w in mixed)


def test_enterprise_pinyin_reads_polyphones_in_context():
    assert lexicon.name_pinyin("长春北辰示例保温材料有限公司", "北辰保温").split(" ") == [
        "changchunbeichenshilibaowencailiaoyouxiangongsi",
        "ccbcslbwclyxgs",
        "beichenbaowen",
        "bcbw",
    ]


def test_lexicon_words_carry_their_pinyin_and_weights(catalogue):
    words = {word: (pinyin, weight) for word, pinyin, weight in json.loads(lexicon.build(catalogue)["lexicon"])["words"]}
    assert words["岩棉板"][0] == "yan mian ban"
    assert words["长春"][0] == "chang chun"  # not zhang chun
    assert words["平板灯"][0] == "ping ban deng"  # LED平板灯: the Chinese run only
    rock_wool_boards = sum(p.name == "岩棉板" for p in catalogue.products.values())
    assert words["岩棉板"][1] == rock_wool_boards > 0
    assert "商砼" in words and "坐便器" in words


def test_traditional_to_simplified_keeps_characters_the_site_writes():
    pairs = lexicon.traditional_to_simplified({"涂", "长", "春", "乾", "干"})
    table = dict(zip(pairs[::2], pairs[1::2], strict=True))
    assert table["塗"] == "涂" and table["長"] == "长"
    assert "乾" not in table  # 乾安 is written so in simplified Chinese too
    assert all(target in {"涂", "长", "春", "乾", "干"} for target in table.values())


def test_traditional_characters_of_common_words_convert_for_typo_correction():
    common = frozenset(lexicon.common_characters())
    pairs = lexicon.traditional_to_simplified({"保", "温", "板", "乾"}, common)
    table = dict(zip(pairs[::2], pairs[1::2], strict=True))
    assert table["寶"] == "宝" and table["溫"] == "温"  # 宝 is no site character, but the hanzi table reads it (bao)
    assert "乾" not in table and "著" not in table  # simplified characters in their own right stay as typed


def test_hanzi_table_reads_common_characters_and_polyphones():
    table = lexicon.hanzi_table(lexicon.common_characters())
    assert len(lexicon.common_characters()) == 3755
    assert "绵" in table["mian"] and "棉" in table["mian"]
    assert "长" in table["chang"] and "长" in table["zhang"]


def test_identifiers_fold_like_people_type_them():
    assert codes.fold("P00089") == codes.fold("p89") == codes.fold("Ｐ００８９") == "P89"
    assert codes.fold("ypf-249") == "YPF249"
    assert codes.fold("SL-CTC-GC-2021-00001") == "SLCTCGC202100001"
    assert codes.bucket("XYZ123", 7) == codes.bucket("ABC123", 7)  # the last three characters pick the file


def test_identifier_files_hold_every_code_once_in_the_file_its_ending_names(catalogue):
    files = codes.files(catalogue)
    buckets = len(files)
    assert sorted(files) == list(range(buckets))
    rows = [row for body in files.values() for row in json.loads(body)]
    for n, body in files.items():
        assert all(codes.bucket(codes.fold(code), buckets) == n for code, *_ in json.loads(body))
    filed = {(code, kind) for code, kind, _, _ in rows}
    assert len(rows) == len(filed)
    assert {(c.number, "c") for c in catalogue.certificates.values()} <= filed
    assert {(e.credit_code, "e") for e in catalogue.enterprises.values()} <= filed
    assert {(p.id, "p") for p in catalogue.products.values()} <= filed
    assert max(len(json.loads(body)) for body in files.values()) < 3 * codes.PER_FILE


def test_identifier_files_link_records_as_the_site_does(catalogue):
    """Without directory URLs (a host with no folder indexes) Pagefind gives a page as …/index.html: so do the files."""
    product = next(iter(catalogue.products.values()))
    for directory_urls, path in [(True, f"products/{product.id}/"), (False, f"products/{product.id}/index.html")]:
        rows = [
            row
            for body in codes.files(catalogue, lambda p, d=directory_urls: page_href(p, d)).values()
            for row in json.loads(body)
        ]
        assert [row[2] for row in rows if row[:2] == [product.id, "p"]] == [path]


def test_search_page_data_names_its_files_by_content(catalogue):
    data = searchdata.prepare(catalogue)
    page = data.page
    assert page["lexicon"] in data.files and page["hanzi"] in data.files
    assert page["lexicon"].startswith("search/lexicon.") and page["ids"].startswith("search/ids-")
    assert f"{page['ids']}0.json" in data.files and page["idBuckets"] == sum(p.startswith(page["ids"]) for p in data.files)
    assert page["status"]["有效"] == ["有效", "即将到期"] and page["status"]["过期"] == ["已过期"]
    assert "哪些" in page["stop"] and "岩棉" not in page["stop"]
    assert searchdata.prepare(catalogue).files == data.files  # deterministic
