"""The ratio library against the shared vectors, plus rulesets as the texts say, projects and the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from generator.ratio.compute import ItemInput, RatioInputError, compute
from generator.ratio.project import demo_project, from_project
from generator.ratio.rules import check
from generator.ratio.words import fixed, parse_number
from tests.ratio_vectors import VECTORS, mismatches, outcome
from tests.support import AS_OF, ROOT

EXAMPLE = "examples/sichuan-2024-office.yaml"


def test_there_are_enough_vectors_of_each_kind():
    sichuan = [v for v in VECTORS if v["ruleset"] == "sichuan-2024"]
    assert len(sichuan) >= 40
    assert sum("errors" in v for v in VECTORS) >= 12
    ratios = {v["expect"]["ratio"] for v in sichuan if "expect" in v}
    for level in (10, 20, 30, 40, 50, 70):  # every GB/T threshold exactly, just below and just above
        assert {level - 0.1, level, level + 0.1} <= {round(r, 1) for r in ratios}, level


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_library_matches_vector(catalogue, vector):
    assert mismatches(vector, outcome(catalogue, vector)) == []


def test_error_messages_are_chinese_sentences_naming_the_field(catalogue):
    with pytest.raises(RatioInputError) as failure:
        compute(catalogue.default_ruleset, [ItemInput("insulation", 100, 120)])
    [(field, code, sentence)] = failure.value.errors
    assert (field, code) == ("items[0].green", "green-exceeds-total")
    assert sentence == "绿色建材用量 120 大于总用量 100，请核对。"
    assert str(failure.value) == "items[0].green：绿色建材用量 120 大于总用量 100，请核对。"


# Table 4.3 of the Sichuan 2024 细则, typed from the text: group, points, items with their units.
TABLE_4_3 = [
    (
        "Q1",
        "主体及围护结构工程用材",
        45,
        [
            ("预拌混凝土", ["m³"]),
            ("预拌砂浆", ["m³"]),
            ("砌体材料", ["m³"]),
            ("石材", ["m²"]),
            ("防水密封材料", ["m²", "t"]),
            ("保温隔热材料", ["m³"]),
            ("混凝土构配件", ["m³"]),
            ("钢结构构件", ["t"]),
            ("木结构构件", ["t"]),
            ("轻钢龙骨", ["t"]),
            ("节能门窗", ["m²"]),
            ("遮阳制品", ["m²"]),
            ("建筑幕墙", ["m²"]),
            ("墙板", ["m³"]),
            ("其他类", []),
        ],
    ),
    (
        "Q2",
        "装饰装修工程用材",
        35,
        [
            ("吊顶及配件", ["m²"]),
            ("墙面涂料", ["m²"]),
            ("装配式集成墙面", ["m²"]),
            ("壁纸（布）", ["m²"]),
            ("建筑装饰板", ["m²"]),
            ("装修用木制品", ["m²"]),
            ("石膏装饰材料", ["m²"]),
            ("抗菌净化材料", ["m²"]),
            ("建筑陶瓷制品", ["m²"]),
            ("地坪材料", ["m²"]),
            ("卫生洁具", ["个"]),
            ("其他类", []),
        ],
    ),
    (
        "Q3",
        "机电安装工程用材",
        15,
        [
            ("管材管件", ["m", "件"]),
            ("LED 照明产品", ["个"]),
            ("电线电缆", ["m"]),
            ("新风净化设备及其系统", ["台"]),
            ("采暖空调设备及其系统", ["台"]),
            ("热泵产品及其系统", ["台"]),
            ("辐射供暖供冷设备及其系统", ["台"]),
            ("一体化生活污水处理设备", ["台"]),
            ("太阳能光伏发电系统", ["套"]),
            ("其他类", []),
        ],
    ),
    (
        "Q4",
        "室外工程用材",
        5,
        [
            ("雨水收集回用系统", ["台"]),
            ("透水铺装材料", ["m²"]),
            ("屋顶绿化材料", ["m²"]),
            ("机械式停车设备", ["台"]),
            ("其他类", []),
        ],
    ),
]


def test_sichuan_ruleset_is_table_4_3_of_the_text(catalogue):
    ruleset = catalogue.rulesets["sichuan-2024"]
    shape = [(g.id, g.name, g.weight, [(i.name, list(i.units)) for i in g.items]) for g in ruleset.groups]
    assert shape == TABLE_4_3
    assert sum(len(g.items) for g in ruleset.groups) == 42
    assert [i.other for g in ruleset.groups for i in g.items].count(True) == 4
    assert (ruleset.item_threshold, ruleset.decimals, ruleset.green_products) == (80, 1, "certified")
    assert ruleset.default and ruleset.status == "confirmed"
    assert ruleset.document.issuer == "四川省住房和城乡建设厅" and ruleset.document.date == "2024-11"
    # The silent case is said and marked, and so is the rounding rule the text does not name.
    unconfirmed = " ".join(f.text for f in ruleset.unconfirmed)
    assert "全部没有使用" in unconfirmed and "四舍五入" in unconfirmed
    assert "待核实" in ruleset.unused_groups_note


def test_gbt_editions_as_the_texts_say(catalogue):
    new, old = catalogue.rulesets["gbt50378-2024"], catalogue.rulesets["gbt50378-2019"]
    assert new.points == ((40, 4), (50, 8), (70, 12))
    assert new.star_prerequisites == ((1, 10), (2, 20), (3, 30))
    assert old.points == ((30, 4), (50, 8), (70, 12))
    assert old.star_prerequisites == ()
    assert new.status == old.status == "confirmed" and new.default and not old.default
    assert [r.id for r in catalogue.threshold_tables] == ["gbt50378-2024", "gbt50378-2019"]


def test_every_ruleset_cites_its_document_or_says_it_has_none(catalogue):
    assert set(catalogue.rulesets) == {"sichuan-2024", "table-method", "gbt50378-2019", "gbt50378-2024"}
    assert catalogue.default_ruleset.id == "sichuan-2024"
    for ruleset in catalogue.rulesets.values():
        if ruleset.status == "unsourced":
            assert ruleset.document is None and ruleset.source_note and not ruleset.default
        else:
            d = ruleset.document
            assert d.title and d.issuer and d.date and (d.number or d.number_note) and "igxy2013/GreenScore" in d.read_at
        assert ruleset.facts
    assert catalogue.rulesets["table-method"].status == "unsourced"
    assert "来源不明" in catalogue.rulesets["table-method"].name


@pytest.mark.parametrize(
    "text, number",
    [("１２", 12.0), ("　３．５ ", 3.5), ("+5", 5.0), ("5.", 5.0), (".5", 0.5), ("-2", -2.0), (7, 7.0), (2.5, 2.5)],
)
def test_number_grammar_reads(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    "text", ["1_000", "1,000", "1e3", "٣", "八十", "", " ", "1.2.3", "0x10", "inf", "nan", True, None, float("inf")]
)
def test_number_grammar_refuses(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "value, digits, text",
    [(0.125, 2, "0.13"), (2.5, 0, "3"), (11.25, 1, "11.3"), (-0.125, 2, "-0.13"), (0.1 + 0.2, 2, "0.30"), (-0.001, 2, "0.00")],
)
def test_fixed_rounds_ties_away_from_zero(value, digits, text):
    assert fixed(value, digits) == text


def test_sichuan_counts_only_certified_products(catalogue):
    ruleset = catalogue.rulesets["sichuan-2024"]
    certified = next(p for p in catalogue.products.values() if catalogue.product_status(p) == "valid")
    tested = next(
        p for p in catalogue.products.values() if catalogue.product_status(p) == "tested" and catalogue.active_entries(p.id)
    )
    project = {
        "items": [
            {
                "item": "insulation",
                "total": 100,
                "products": [{"product": certified.id, "quantity": 60}, {"product": tested.id, "quantity": 30}],
            }
        ]
    }
    result = from_project(project, catalogue, ruleset.id)
    assert [u.green for u in result.uses] == [True, False]
    assert "只计获证产品" in result.uses[1].reason
    assert result.result.items[5].share == pytest.approx(60.0)
    # The unsourced table method counts catalogue-listed products, certified or not.
    listed = from_project(project, catalogue, "table-method")
    assert [u.green for u in listed.uses] == [True, True]


def test_expired_and_negative_listed_products_never_count(catalogue):
    expired = next(p for p in catalogue.products.values() if catalogue.product_status(p) == "expired")
    negative = next(p for p in catalogue.products.values() if catalogue.product_status(p) == "negative")
    project = {
        "items": [
            {
                "item": "insulation",
                "total": 100,
                "products": [{"product": expired.id, "quantity": 30}, {"product": negative.id, "quantity": 30}],
            }
        ]
    }
    uses = from_project(project, catalogue).uses
    assert [u.green for u in uses] == [False, False]
    assert uses[0].reason == "认证证书已过期" and uses[1].reason == "已列入负面清单"


def test_unknown_product_is_an_error(catalogue):
    with pytest.raises(RatioInputError) as failure:
        from_project(
            {"items": [{"item": "insulation", "total": 5, "products": [{"product": "P99999", "quantity": 1}]}]}, catalogue
        )
    assert failure.value.errors[0][:2] == ("items[0].products[0].product", "unknown-product")


def test_demo_projects_use_the_default_rules_items_and_units(catalogue):
    ruleset = catalogue.default_ruleset
    kinds = 0
    for project in catalogue.projects:
        for material in catalogue.project_materials[project]:
            _, item = ruleset.items[material.item]
            assert (material.unit in item.units) if not item.other else bool(material.kind)
            kinds += item.other
        result = demo_project(catalogue, project).result
        assert result.ratio == round(sum(g.score for g in result.groups), 1)
    assert kinds >= 1  # at least one 其他类 product kind is shown


def _cli(*args, as_of=True):
    extra = ["--as-of", AS_OF.isoformat()] if as_of else []
    return subprocess.run(
        [sys.executable, "-m", "generator", "ratio", *args, *extra], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_cli_on_the_sichuan_example_gives_the_worked_figures():
    text = _cli(EXAMPLE, as_of=False)  # the file's own 核算日期 (as_of) is used
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "绿色建材应用比例 P = 66.3%"
    for line in (
        "Q1 主体及围护结构工程用材：33.8 / 45（使用 4 项，达标 3 项）",
        "Q2 装饰装修工程用材：17.5 / 35（使用 2 项，达标 1 项）",
        "Q3 机电安装工程用材：15.0 / 15（使用 1 项，达标 1 项）",
        "Q4 室外工程用材：0.0 / 5（使用 1 项，达标 0 项）",
        "GB/T 50378-2019（2024 年版）第 7.2.18 条与表 3.2.8：得 8 分，再提高到 70% 可得 12 分",
        "三星级要求不低于 30%：满足",
        "    P00157 无机矿物涂料 × 800 m²：不计入（没有绿色建材认证证书，所选规则只计获证产品）",
    ):
        assert line in lines, line
    body = json.loads(_cli(EXAMPLE, "--format", "json").stdout)
    assert body["ruleset"] == "sichuan-2024" and body["ratio"] == 66.3
    assert [g["score"] for g in body["groups"]] == [33.8, 17.5, 15.0, 0.0]
    assert [(a["ruleset"], a["points"], a["stars"]) for a in body["assessments"]] == [
        ("gbt50378-2024", 8, [1, 2, 3]),
        ("gbt50378-2019", 8, []),
    ]


def test_cli_bad_input_exits_1_with_field_and_sentence(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("items:\n  - {item: insulation, total: 10, green: 20}\n  - {item: masonry, total: 1_0x}\n", encoding="utf-8")
    result = _cli(str(bad))
    assert result.returncode == 1 and result.stdout == ""
    assert "items[0].green：绿色建材用量 20 大于总用量 10，请核对。" in result.stderr
    assert "items[1].total：“1_0x”不是数字" in result.stderr


def test_cli_unknown_ruleset_names_the_choices(tmp_path):
    result = _cli(EXAMPLE, "--ruleset", "sichuan-weighted")
    assert result.returncode == 1
    assert "“sichuan-weighted”不是可以计算应用比例的规则" in result.stderr and "sichuan-2024" in result.stderr


def _problems(data: dict) -> list[str]:
    base = {
        "id": "x",
        "name": "x",
        "edition": "e",
        "status": "confirmed",
        "document": {"title": "t", "issuer": "i", "date": "2024-11", "number": "n", "read_at": "r"},
        "facts": [{"text": "f", "status": "confirmed"}],
    }
    return [p.field for p in check("ratio_rules/x.yaml", {**base, **data})]


WEIGHTED = {
    "kind": "weighted-groups",
    "item_threshold": 80,
    "rounding": {"decimals": 1, "mode": "half-up"},
    "unused_groups": "zero",
    "unused_groups_note": "n",
    "groups": [
        {"id": "Q1", "name": "a", "weight": 60, "items": [{"id": "i", "name": "i", "units": ["t"]}]},
        {"id": "Q2", "name": "b", "weight": 40, "items": [{"id": "j", "name": "j", "units": ["t"]}]},
    ],
}


def test_ruleset_checks_catch_disorder_gaps_and_wrong_sums():
    assert _problems({"kind": "threshold-table", "points": [{"min_ratio": 50, "points": 8}, {"min_ratio": 30, "points": 4}]}) == [
        "points[1]"
    ]
    assert _problems(
        {
            "kind": "threshold-table",
            "points": [{"min_ratio": 30, "points": 4}],
            "star_prerequisites": [{"star": 1, "min_ratio": 10}, {"star": 3, "min_ratio": 30}],
        }
    ) == ["star_prerequisites[1]"]
    assert _problems(WEIGHTED) == []
    groups = [dict(WEIGHTED["groups"][0], weight=50), WEIGHTED["groups"][1]]
    assert _problems({**WEIGHTED, "groups": groups}) == ["groups"]
    assert _problems({**WEIGHTED, "groups": [dict(WEIGHTED["groups"][0], weight=59.5), WEIGHTED["groups"][1]]}) == [
        "groups[0].weight",
        "groups",
    ]
    assert _problems({**WEIGHTED, "rounding": {"decimals": 1, "mode": "half-even"}}) == ["rounding"]
    assert _problems({**WEIGHTED, "unused_groups": "exclude"}) == ["unused_groups"]
    item = {"id": "i", "name": "i", "threshold": 100, "full_share": 100, "min_score": 1, "max_score": 2}
    assert _problems(
        {"kind": "scored-table", "scoring_rule": "linear", "max_score": 2, "groups": [{"id": "Q1", "name": "a", "items": [item]}]}
    ) == ["groups[0].items[0].threshold"]


def test_ruleset_checks_want_a_source_or_an_unsourced_label():
    assert _problems({**WEIGHTED, "document": None}) == ["document"]
    assert _problems({**WEIGHTED, "document": {"title": "t", "issuer": "i", "date": "2024", "number": None, "read_at": "r"}}) == [
        "document.number"
    ]
    assert _problems({**WEIGHTED, "status": "unsourced"}) == ["document", "source_note"]
    assert _problems({**WEIGHTED, "status": "unsourced", "document": None, "source_note": "s"}) == []
    assert _problems({**WEIGHTED, "facts": [{"text": "f", "status": "maybe"}]}) == ["facts[0]"]


def test_ruleset_checks_units_and_other_items():
    groups = [
        dict(
            WEIGHTED["groups"][0],
            items=[
                {"id": "i", "name": "i"},
                {"id": "o", "name": "其他类", "other": True},
                {"id": "p", "name": "其他类", "other": True, "units": ["t"]},
            ],
        ),
        WEIGHTED["groups"][1],
    ]
    assert _problems({**WEIGHTED, "groups": groups}) == ["groups[0].items[0].units", "groups[0].items[2].other", "groups[0]"]


@pytest.mark.parametrize(
    "project, field",
    [
        ({"ruleset": ["a"], "items": []}, "ruleset"),
        ({"items": [{"item": "insulation", "total": 5, "products": 5}]}, "items[0].products"),
        ({"items": [5, {"item": "masonry", "share": 90}]}, "items[0]"),
        ({"items": [{"item": "q1-other", "kinds": 3}]}, "items[0].kinds"),
    ],
)
def test_malformed_project_files_are_errors_not_tracebacks(catalogue, project, field):
    with pytest.raises(RatioInputError) as failure:
        from_project(project, catalogue)
    assert [e.field for e in failure.value.errors] == [field]


def test_an_unsourced_method_cannot_be_the_default(tmp_path):
    from generator.validation.validate import validate
    from tests.support import FIXTURES, apply_edits

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    apply_edits(
        data,
        [
            {
                "file": "ratio_rules/table-method.yaml",
                "replace": ["\nkind: scored-table\n", "\nkind: scored-table\ndefault: true\n"],
            }
        ],
    )
    found = [(p.file.rsplit("/", 1)[-1], p.field, p.detail) for p in validate(data).problems if p.code == "ratio-ruleset-invalid"]
    assert ("table-method.yaml", "default", "可计分的规则中须恰有一个写 default: true（现有 2 个）。") in found
    assert any(f == "table-method.yaml" and "来源不明" in d for f, _, d in found)
