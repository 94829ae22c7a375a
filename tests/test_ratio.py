"""The ratio library against the shared vectors, plus rulesets, projects and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator.ratio import ItemInput, RatioInputError, compute
from generator.ratio_project import demo_project, from_project
from tests.ratio_vectors import VECTORS, mismatches, outcome
from tests.support import AS_OF, ROOT


def test_there_are_enough_vectors_including_errors():
    assert len(VECTORS) >= 20
    assert sum("errors" in v for v in VECTORS) >= 6


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_library_matches_vector(catalogue, vector):
    assert mismatches(vector, outcome(catalogue, vector)) == []


def test_error_messages_are_chinese_and_name_the_field(catalogue):
    with pytest.raises(RatioInputError) as failure:
        compute(catalogue.default_ruleset, [ItemInput("insulation", 100, 120)])
    [(field, code, message)] = failure.value.errors
    assert (field, code) == ("items[0].green", "green-exceeds-total")
    assert "items[0].green" in message and "绿色建材用量大于总用量" in message


def test_shipped_rulesets_and_their_status(catalogue):
    assert set(catalogue.rulesets) == {"table-method", "sichuan-weighted", "gbt50378-2019", "gbt50378-2024"}
    assert catalogue.default_ruleset.id == "table-method"
    assert catalogue.rulesets["table-method"].max_score == 100
    assert all(r.status in ("confirmed", "unconfirmed") and r.status_note for r in catalogue.rulesets.values())


def test_products_count_as_green_only_when_listed_and_valid(catalogue):
    expired = next(p for p in catalogue.products.values() if catalogue.product_status(p) == "expired")
    valid = next(p for p in catalogue.products.values()
                 if catalogue.product_status(p) == "valid" and catalogue.active_entries(p.id))
    project = {"items": [{"item": "insulation", "total": 100,
                          "products": [{"product": valid.id, "quantity": 60}, {"product": expired.id, "quantity": 30}]}]}
    result = from_project(project, catalogue)
    [item] = [i for i in result.result.items if i.used]
    assert item.share == pytest.approx(60.0)
    assert [u.green for u in result.uses] == [True, False]


def test_unknown_product_is_an_error(catalogue):
    with pytest.raises(RatioInputError) as failure:
        from_project({"items": [{"item": "insulation", "total": 5, "products": [{"product": "P99999", "quantity": 1}]}]},
                     catalogue)
    assert failure.value.errors[0][:2] == ("items[0].products[0].product", "unknown-product")


def test_every_demo_project_has_a_ratio(catalogue):
    for project in catalogue.projects:
        result = demo_project(catalogue, project).result
        assert 0 <= result.ratio <= 100
        assert any(i.used for i in result.items)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "generator", "ratio", *args, "--as-of", AS_OF.isoformat()],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_text_and_json(tmp_path):
    text = _cli("examples/project.yaml")
    assert text.returncode == 0 and "绿色建材应用比例 P = 61.24%" in text.stdout and "差 5.00 个百分点" in text.stdout
    body = json.loads(_cli("examples/project.yaml", "--format", "json", "--ruleset", "sichuan-weighted").stdout)
    assert body["ruleset"] == "sichuan-weighted" and 0 <= body["ratio"] <= 100


def test_cli_bad_input_exits_1_with_the_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("items:\n  - {item: insulation, total: 10, green: 20}\n", encoding="utf-8")
    result = _cli(str(bad))
    assert result.returncode == 1 and result.stdout == ""
    assert "items[0].green" in result.stderr and "green-exceeds-total" in result.stderr


def _ruleset_problems(data: dict) -> list[str]:
    from generator.ratio_rules import check

    return [p.field for p in check("ratio_rules/x.yaml", {"id": "x", "name": "x", "source": "s", "edition": "e",
                                                           "status": "unconfirmed", "status_note": "n", **data})]


def test_ruleset_checks_catch_disorder_gaps_and_wrong_sums():
    assert _ruleset_problems({"kind": "threshold-table", "points": [{"min_ratio": 50, "points": 8},
                                                                    {"min_ratio": 30, "points": 4}]}) == ["points[1]"]
    assert _ruleset_problems({"kind": "threshold-table", "points": [{"min_ratio": 30, "points": 4}],
                              "star_prerequisites": [{"star": 1, "min_ratio": 10}, {"star": 3, "min_ratio": 30}]}) == [
        "star_prerequisites[1]"]
    groups = [{"id": "Q1", "name": "a", "weight": 60, "items": [{"id": "i", "name": "i"}]},
              {"id": "Q2", "name": "b", "weight": 30, "items": [{"id": "j", "name": "j"}]}]
    assert _ruleset_problems({"kind": "weighted-groups", "item_threshold": 80, "groups": groups}) == ["groups"]
    item = {"id": "i", "name": "i", "threshold": 100, "full_share": 100, "min_score": 1, "max_score": 2}
    assert _ruleset_problems({"kind": "scored-table", "scoring_rule": "linear", "max_score": 2,
                              "groups": [{"id": "Q1", "name": "a", "items": [item]}]}) == ["groups[0].items[0].threshold"]
    assert _ruleset_problems({"kind": "scored-table", "scoring_rule": "linear", "max_score": 3,
                              "groups": [{"id": "Q1", "name": "a", "items": [dict(item, threshold=80)]}]}) == ["max_score"]


@pytest.mark.parametrize("project, field", [({"ruleset": ["a"], "items": []}, "ruleset"),
                                            ({"items": [{"item": "insulation", "total": 5, "products": 5}]},
                                             "items[0].products")])
def test_malformed_project_files_are_errors_not_tracebacks(catalogue, project, field):
    with pytest.raises(RatioInputError) as failure:
        from_project(project, catalogue)
    assert failure.value.errors[0][0] == field


def test_group_without_a_name_is_reported():
    groups = [{"id": "Q1", "weight": 100, "items": [{"id": "i", "name": "i"}]}]
    assert _ruleset_problems({"kind": "weighted-groups", "item_threshold": 80, "groups": groups})[0] == "groups[0]"
