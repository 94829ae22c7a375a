"""Write tests/search_queries.yaml: the labelled query set for the sample site.

The labels follow written rules (below), applied once to the sample data and then reviewed and committed; rerun
after the sample data changes. Nothing here asks the search what it returns.

Base rules: a product term is relevant to products, makers and item categories whose name contains it; a maker
name, certificate number, credit code or report number to its one record page (which must come first); a region
to its region page, its makers and their products; a scenario to the products tagged with it and policies named
after it; several terms to the products whose text (name, model, category, maker, region, scenarios, star grade)
holds all of them.

The nine kinds of issue #13, each written from the data:
- full-width: queries of the other kinds with letters, digits and spaces typed full-width; same relevant pages;
- traditional: product, category and region terms in traditional characters (OpenCC's simplified -> traditional
  character table); the relevant pages of the simplified term;
- synonym and abbreviation: an everyday word or a trade abbreviation with its meaning written here as a data rule
  (``MEANINGS``: products whose name or category holds the catalogue's word, and those categories);
- identifier: product ids without padding and in any case, model numbers without separators, certificate numbers
  without separators, the last 6 to 9 characters of credit codes, certificate and report numbers; relevant: every
  record whose code that is (or ends so), first;
- several terms: region + product term, product term + scenario, product term + star grade;
- pinyin: full pinyin (pypinyin) of product terms, regions and categories, initials of product terms, full pinyin
  of enterprises' short names; relevant pages of the Chinese term;
- typo: a product term with one character replaced by a common character (GB 2312 level 1) read the same, the
  first such in the standard's order (a homophone, as a pinyin input method gives); relevant pages of the term;
- question: product, region, indicator and scenario terms in question sentences; relevant pages of those terms.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from pypinyin import Style, lazy_pinyin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import records  # noqa: E402
from generator.search.codes import fold  # noqa: E402
from generator.search.lexicon import common_characters, opencc_table  # noqa: E402
from generator.validation.validate import validate  # noqa: E402
from tests.support import AS_OF, ROOT, SAMPLE_DATA  # noqa: E402

PRODUCT_TERMS = [
    "岩棉",
    "岩棉板",
    "墙板",
    "热泵",
    "叠合楼板",
    "钢结构",
    "防水卷材",
    "聚苯板",
    "光伏组件",
    "纸面石膏板",
    "加气混凝土",
    "新风",
    "砂浆",
    "减水剂",
    "外窗",
    "遮阳",
    "坐便器",
    "水嘴",
    "涂料",
    "中空玻璃",
    "集成墙板",
    "雨水",
    "地源热泵",
    "真空绝热板",
    "砌块",
    "透水混凝土",
    "隔墙条板",
    "Low-E",
    "SBS",
    "LED",
    "空气源热泵",
    "玻璃",
    "石膏板",
]
REGIONS = ["长春市", "吉林市", "延边朝鲜族自治州", "梅河口市", "白城市", "四平市", "长白山"]
PAIRS = [("岩棉", "长春"), ("热泵", "梅河口"), ("防水卷材", "SBS"), ("墙板", "装配式"), ("外窗", "超低能耗")]
MEANINGS = {
    # query: (kind, words the catalogue writes in product names, category codes)
    "马桶": ("synonym", ["坐便器"], []),
    "座便器": ("synonym", ["坐便器"], []),
    "水龙头": ("synonym", ["水嘴"], ["RZ-04-01"]),
    "龙头": ("synonym", ["水嘴"], ["RZ-04-01"]),
    "隔热板": ("synonym", [], ["RZ-01-05", "XQ-02-02"]),
    "保温板": ("synonym", [], ["RZ-01-05", "XQ-02-02"]),
    "地板砖": ("synonym", ["地面砖"], []),
    "地砖": ("synonym", ["地面砖"], []),
    "瓷砖": ("synonym", [], ["RZ-02-08", "XQ-04-02"]),
    "岩板": ("synonym", ["陶瓷薄板"], []),
    "乳胶漆": ("synonym", [], ["RZ-03-04"]),
    "玻璃胶": ("synonym", ["硅酮"], ["XQ-02-10"]),
    "空气能": ("synonym", ["空气源热泵"], ["RZ-05-01"]),
    "光伏板": ("synonym", ["光伏"], ["RZ-05-05"]),
    "太阳能板": ("synonym", ["光伏"], ["RZ-05-05"]),
    "新风机": ("synonym", ["新风"], ["RZ-05-03"]),
    "油毡": ("synonym", ["防水卷材"], ["RZ-03-02", "XQ-02-05"]),
    "被动房": ("synonym", [], []),
    "商品混凝土": ("synonym", ["预拌混凝土"], ["RZ-01-06", "XQ-01-03"]),
    "隔墙板": ("synonym", ["隔墙条板"], ["XQ-03-01"]),
    "XPS": ("abbreviation", ["挤塑聚苯板"], []),
    "挤塑板": ("abbreviation", ["挤塑聚苯板"], []),
    "EPS": ("abbreviation", ["模塑聚苯板"], []),
    "GEPS": ("abbreviation", ["石墨模塑聚苯板"], []),
    "苯板": ("abbreviation", ["聚苯板"], []),
    "ALC": ("abbreviation", ["蒸压加气混凝土墙板"], []),
    "ALC板": ("abbreviation", ["蒸压加气混凝土墙板"], []),
    "AAC": ("abbreviation", ["蒸压加气混凝土"], []),
    "加气块": ("abbreviation", ["蒸压加气混凝土砌块"], []),
    "商砼": ("abbreviation", ["预拌混凝土"], ["RZ-01-06", "XQ-01-03"]),
    "商混": ("abbreviation", ["预拌混凝土"], ["RZ-01-06", "XQ-01-03"]),
    "PC构件": ("abbreviation", [], ["RZ-01-01"]),
    "叠合板": ("abbreviation", ["叠合楼板"], []),
    "断桥铝": ("abbreviation", ["断桥铝合金"], []),
    "LowE": ("abbreviation", ["Low-E"], []),
    "钢构": ("abbreviation", ["钢结构"], ["RZ-01-02", "XQ-01-01"]),
    "BIPV": ("abbreviation", ["光伏建筑一体化"], []),
    "VIP板": ("abbreviation", ["真空绝热板"], []),
    "干粉砂浆": ("abbreviation", ["干混"], []),
}
"""Everyday words and trade abbreviations, with what they mean in the catalogue's own words (products whose name
holds one of the words, products of the categories and those categories). 被动房 means the products tagged
超低能耗建筑 (handled below)."""
TRADITIONAL = [
    "涂料",
    "钢结构",
    "长春",
    "热泵",
    "铝合金",
    "纸面石膏板",
    "叠合楼板",
    "光伏组件",
    "空气源热泵",
    "遮阳",
    "砂浆",
    "减水剂",
    "集成墙板",
    "新风",
    "延边朝鲜族自治州",
    "长白山",
    "节水",
    "加气混凝土",
]
QUESTIONS = [
    ("{t}有哪些", "term", "岩棉"),
    ("哪里有{t}", "term", "叠合楼板"),
    ("请问{t}是什么", "term", "真空绝热板"),
    ("{t}有什么", "term", "光伏组件"),
    ("我想找一下{t}", "term", "纸面石膏板"),
    ("有没有{t}", "term", "中空玻璃"),
    ("哪些企业生产{t}", "makers", "热泵"),
    ("哪家企业有{t}", "makers", "减水剂"),
    ("{t}的生产厂家有哪些", "makers", "砂浆"),
    ("长春有哪些{t}", "region", "长春"),
    ("吉林市的{t}有哪些", "region", "吉林市"),
    ("四平有没有{t}", "region", "四平"),
    ("延边哪里有{t}", "region", "延边"),
    ("岩棉板导热系数是多少", "indicator", ("岩棉板", "导热系数")),
    ("纸面石膏板的断裂荷载是多少", "indicator", ("纸面石膏板", "断裂荷载")),
    ("空气源热泵的制热性能系数是多少", "indicator", ("空气源热泵", "制热性能系数")),
    ("海绵城市用的透水材料", "scenario", ("sponge-city", "透水")),
    ("超低能耗建筑用的外窗有哪些", "scenario", ("ultra-low-energy", "外窗")),
    ("装配式建筑用什么墙板", "scenario", ("prefabricated", "墙板")),
    ("农房用的砂浆有哪些", "scenario", ("rural-housing", "砂浆")),
]
PINYIN_TERMS = [
    "岩棉",
    "岩棉板",
    "热泵",
    "钢结构",
    "防水卷材",
    "涂料",
    "砂浆",
    "外窗",
    "保温",
    "光伏组件",
    "纸面石膏板",
    "水嘴",
    "遮阳",
    "新风",
]
INITIALS = ["岩棉", "岩棉板", "防水卷材", "空气源热泵", "纸面石膏板", "钢结构", "叠合楼板", "光伏组件"]
TYPO_TERMS = [
    "岩棉",
    "保温",
    "热泵",
    "钢结构",
    "防水卷材",
    "纸面石膏板",
    "叠合楼板",
    "减水剂",
    "光伏组件",
    "涂料",
    "砂浆",
    "遮阳",
    "中空玻璃",
    "坐便器",
    "集成墙板",
    "砌块",
    "雨水",
    "新风",
]


def full_width(text: str) -> str:
    return "".join("\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def main() -> None:  # noqa: C901 - one rule after another, in the order of the docstring
    c = records.build(validate(SAMPLE_DATA).data, AS_OF)
    products, enterprises = list(c.products.values()), list(c.enterprises.values())

    def product(p):
        return f"/products/{p.id}/"

    def maker(e):
        return f"/enterprises/{e.credit_code}/"

    def term_pages(term):
        hits = [product(p) for p in products if term.lower() in p.name.lower()]
        hits += [maker(e) for e in enterprises if term.lower() in e.name.lower()]
        return hits + [f"/categories/{k.code}/" for k in c.categories.values() if k.level == "item" and term in k.name]

    def region_pages(name):
        region = next(r for r in c.regions.values() if r.name.startswith(name))
        return (
            [f"/regions/{region.id}/"]
            + [maker(e) for e in enterprises if e.region == region.id]
            + [product(p) for p in products if c.enterprises[p.enterprise].region == region.id]
        )

    def text_of(p):
        current = c.certificates_by_product.get(p.id)
        grade = records.current_certificate(current).grade if current else None
        maker_ = c.enterprises[p.enterprise]
        return " ".join(
            [
                p.name,
                p.model,
                c.categories[p.category].name,
                maker_.name,
                c.regions[maker_.region].name,
                *(c.scenarios[s].name for s in p.scenarios),
                {1: "一星级", 2: "二星级", 3: "三星级"}.get(grade, ""),
            ]
        )

    def all_terms(*terms):
        return [product(p) for p in products if all(t.lower() in text_of(p).lower() for t in terms)]

    def meaning(query):
        _, words, codes = MEANINGS[query]
        if query == "被动房":
            return [product(p) for p in products if "ultra-low-energy" in p.scenarios]
        hits = [product(p) for p in products if any(w.lower() in p.name.lower() for w in words) or p.category in codes]
        return hits + [f"/categories/{code}/" for code in codes]

    queries = []

    def add(query, kind, relevant, first=False):
        assert relevant, (query, kind)
        entry = {"query": query, "kind": kind, "relevant": list(dict.fromkeys(relevant))}
        if first:
            entry["first"] = True
        queries.append(entry)

    for term in PRODUCT_TERMS:
        add(term, "product term", term_pages(term))
    for e in enterprises[:6]:
        add(e.name, "maker name", [maker(e)], first=True)
    for e in enterprises[10:16]:
        if e.short_name:
            add(e.short_name, "maker short name", [maker(x) for x in enterprises if x.short_name == e.short_name])
    for name in REGIONS:
        add(name, "region", region_pages(name))
    add(
        "长白",
        "region or maker",
        ["/regions/changbaishan/"] + [maker(e) for e in enterprises if "长白" in e.name or e.region == "changbaishan"],
    )
    for scenario in c.scenarios.values():
        titled = [f"/policies/{p.id}/" for p in c.policies.values() if scenario.name in p.title]
        add(scenario.name, "scenario", titled + [product(p) for p in products if scenario.code in p.scenarios])
    certificates, reports = list(c.certificates.values()), list(c.test_reports.values())
    for cert in certificates[::17]:
        add(cert.number, "certificate number", [product(c.products[cert.product])], first=True)
    for e in enterprises[::11]:
        add(e.credit_code, "credit code", [maker(e)], first=True)
    for report in reports[::40]:
        add(report.number, "test report number", [product(c.products[report.product])], first=True)
    for a, b in PAIRS:
        add(f"{a} {b}", "two terms", all_terms(a, b))
    add("吉建科〔2024〕13号", "policy", ["/policies/jilin-2024-13/"])
    add("负面清单", "page", ["/negative-list/"])

    # --- full-width -------------------------------------------------------------------------------------------
    for term in ["XPS", "LED", "SBS", "Low-E"]:
        add(full_width(term), "full-width", meaning(term) if term in MEANINGS else term_pages(term))
    for p in products[133::9][:5]:
        add(full_width(p.id), "full-width", [product(p)], first=True)
    unique_models = [p for p in products if sum(q.model == p.model for q in products) == 1]
    for p in unique_models[7::31][:3]:
        add(full_width(p.model), "full-width", [product(p)], first=True)
    for e in enterprises[3::29][:2]:
        add(full_width(e.credit_code), "full-width", [maker(e)], first=True)
    for cert in certificates[5::61][:2]:
        add(full_width(cert.number), "full-width", [product(c.products[cert.product])], first=True)
    add("Ｃ５０混凝土", "full-width", [product(p) for p in products if p.model.startswith("C50") and "混凝土" in p.name])
    add("岩棉　长春", "full-width", all_terms("岩棉", "长春"))

    # --- traditional ------------------------------------------------------------------------------------------
    to_traditional = opencc_table("STCharacters.txt")
    for term in TRADITIONAL:
        written = "".join(to_traditional.get(ch, ch) for ch in term)
        assert written != term, term
        relevant = region_pages(term) if any(r.name.startswith(term) for r in c.regions.values()) else term_pages(term)
        add(written, "traditional", relevant)

    # --- synonyms and abbreviations ---------------------------------------------------------------------------
    for query, (kind, _, _) in MEANINGS.items():
        add(query, kind, meaning(query))

    # --- identifiers, partial ---------------------------------------------------------------------------------
    codes = [(fold(p.id), product(p)) for p in products] + [(fold(p.model), product(p)) for p in products]
    tails = [(fold(x.number), product(c.products[x.product])) for x in certificates + reports]
    tails += [(fold(e.credit_code), maker(e)) for e in enterprises]

    def by_tail(tail):
        return [page for code, page in tails if code.endswith(fold(tail))]

    for p in products[88::23][:4]:
        add(p.id.lower().replace("p000", "p").replace("p00", "p"), "identifier", [product(p)], first=True)
    for p in products[12::41][:2]:
        add("P" + p.id[1:].lstrip("0").rjust(4, "0"), "identifier", [product(p)], first=True)
    for p in unique_models[3::29][:3]:
        add(p.model.replace("-", ""), "identifier", [product(p)], first=True)
    for p in unique_models[11::37][:2]:
        add(p.model.lower(), "identifier", [product(p)], first=True)
    for cert in certificates[9::47][:3]:
        add(cert.number.replace("-", ""), "identifier", [product(c.products[cert.product])], first=True)
    for e in enterprises[2::13][:4]:
        tail = e.credit_code[-7:]
        add(tail.lower(), "identifier", by_tail(tail), first=True)
    for cert in certificates[20::43][:3]:
        tail = cert.number[-9:]
        add(tail, "identifier", by_tail(tail), first=True)
    for report in reports[17::53][:2]:
        tail = report.number[-6:]
        add(tail, "identifier", by_tail(tail), first=True)
    assert all(code for code, _ in codes)

    # --- several terms ----------------------------------------------------------------------------------------
    several = [
        ("长春", "岩棉"),
        ("吉林", "热泵"),
        ("四平", "墙板"),
        ("延边", "防水卷材"),
        ("通化", "涂料"),
        ("松原", "砂浆"),
        ("白城", "外窗"),
        ("辽源", "钢结构"),
        ("岩棉", "超低能耗"),
        ("热泵", "农房"),
        ("墙板", "装配式"),
        ("防水卷材", "海绵城市"),
        ("外窗", "绿色建筑"),
        ("岩棉", "三星级"),
        ("热泵", "二星级"),
        ("长春", "岩棉", "三星级"),
        ("吉林", "防水卷材", "海绵城市"),
        ("梅河口", "钢结构"),
        ("白山", "保温"),
        ("长白山", "砂浆"),
        ("通化", "水嘴"),
        ("延边", "光伏组件"),
        ("叠合楼板", "装配式"),
        ("涂料", "一星级"),
        ("砂浆", "农房", "二星级"),
    ]
    for terms in several:
        if all_terms(*terms):
            add(" ".join(terms), "several terms", all_terms(*terms))

    # --- pinyin -----------------------------------------------------------------------------------------------
    for term in PINYIN_TERMS:
        add("".join(lazy_pinyin(term)), "pinyin", term_pages(term))
    for name in ["长春", "吉林市", "延边"]:
        add("".join(lazy_pinyin(name)), "pinyin", region_pages(name))
    for term in INITIALS:
        add("".join(lazy_pinyin(term, style=Style.FIRST_LETTER)), "pinyin", term_pages(term))
    for e in enterprises[20:24]:
        add("".join(lazy_pinyin(e.short_name)), "pinyin", [maker(x) for x in enterprises if x.short_name == e.short_name])

    # --- typos ------------------------------------------------------------------------------------------------
    common = common_characters()
    names = [p.name for p in products] + [k.name for k in c.categories.values()] + [e.name for e in enterprises]
    for n, term in enumerate(TYPO_TERMS):
        position = n % len(term) if len(term) > 1 else 0
        original = term[position]
        reading = lazy_pinyin(original)[0]
        sounds = [ch for ch in common if ch != original and lazy_pinyin(ch)[0] == reading]
        typo = next(
            term[:position] + ch + term[position + 1 :]
            for ch in sounds
            if not any(term[:position] + ch + term[position + 1 :] in name for name in names)
        )
        add(typo, "typo", term_pages(term))

    # --- questions --------------------------------------------------------------------------------------------
    for template, rule, subject in QUESTIONS:
        if rule == "term":
            add(template.format(t=subject), "question", term_pages(subject))
        elif rule == "makers":
            add(
                template.format(t=subject),
                "question",
                [
                    maker(e)
                    for e in enterprises
                    if any(subject in p.name for p in c.products_by_enterprise.get(e.credit_code, ()))
                ],
            )
        elif rule == "region":  # the first product term made in that region
            term = next(t for t in PRODUCT_TERMS if all_terms(subject, t))
            add(template.format(t=term), "question", all_terms(subject, term))
        elif rule == "indicator":
            name, indicator = subject
            add(
                template,
                "question",
                [
                    product(p)
                    for p in products
                    if name in p.name and any(i.indicator.startswith(indicator) for i in c.indicators.get(p.id, ()))
                ],
            )
        else:
            scenario, word = subject
            add(template, "question", [product(p) for p in products if scenario in p.scenarios and word in p.name])

    header = (
        "# Labelled search queries over the sample site (generated by scripts/label_search_queries.py,\n"
        "# reviewed). relevant: pages that must be returned; first: the first hit must be relevant.\n"
    )
    text = yaml.safe_dump(queries, allow_unicode=True, sort_keys=False, width=200)
    (ROOT / "tests" / "search_queries.yaml").write_text(header + text, encoding="utf-8")
    kinds: dict[str, int] = {}
    for q in queries:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(f"{len(queries)} queries: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))


if __name__ == "__main__":
    main()
