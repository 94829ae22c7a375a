"""Every error code the validator can report has a case file and a structured expectation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.settings import Settings
from generator.validation.problems import CODES
from generator.validation.validate import validate
from tests.support import FIXTURES, apply_edits, make_case

CASES = sorted((FIXTURES / "errors").glob("*.yaml"))


def _located(problem, data: Path) -> list:
    path = Path(problem.file).resolve()
    return [problem.code, path.relative_to(data.resolve()).as_posix(), problem.row, problem.field]


def test_every_code_has_a_case():
    assert {case.stem for case in CASES} == set(CODES)


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case_reports_exactly_the_expected_problems(case_file, tmp_path):
    data, case = make_case(case_file, tmp_path)
    report = validate(data)
    assert sorted(_located(p, data) for p in report.problems) == sorted(case["expected"])
    assert report.exit_status == case["exit_status"]
    if CODES[case_file.stem].notice:
        assert sorted(_located(n, data) for n in report.notices) == sorted(case["notices"])
    else:
        assert case_file.stem in {p.code for p in report.problems}


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_messages_name_file_row_field_and_fix(case_file, tmp_path):
    data, _ = make_case(case_file, tmp_path)
    report = validate(data)
    for problem in report.problems + report.notices:
        assert problem.file in problem.message
        if problem.row is not None:
            assert f"第 {problem.row} 行" in problem.message
        if problem.field:
            assert problem.field in problem.message
        assert "修改方法：" in problem.message and problem.fix in problem.message
        words = re.sub(r"python -m generator [a-z]+( [a-z]+)?", "", problem.detail + problem.fix)  # commands are fine
        assert not re.search(r"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}", words), problem.message  # no English sentences


def test_minimal_fixture_is_valid():
    report = validate(FIXTURES / "minimal")
    assert report.problems == ()
    assert report.exit_status == 0


def test_all_problems_are_collected_not_just_the_first(tmp_path):
    data, _ = make_case(FIXTURES / "errors" / "type-error.yaml", tmp_path)
    from tests.support import apply_edits

    apply_edits(
        data,
        [
            {"file": "catalog/products.csv", "set": {"line": 3, "field": "route", "value": "x"}},
            {"file": "catalog/enterprises.csv", "set": {"line": 3, "field": "region", "value": "nowhere"}},
        ],
    )
    codes = {p.code for p in validate(data).problems}
    assert {"type-error", "enum-mismatch", "reference-missing"} <= codes


@pytest.mark.parametrize(
    "case_file",
    [c for c in CASES if c.stem in {"foreign-key", "duplicate-key", "type-error", "row-shape", "header-mismatch", "blank-row"}],
    ids=lambda c: c.stem,
)
def test_tables_validated_in_two_processes_give_the_same_problems(case_file, tmp_path, monkeypatch):
    from generator.validation import schema_check

    data, _ = make_case(case_file, tmp_path)
    alone = validate(data).problems
    pools = []
    forked = schema_check.fork_map

    def counted(function, shares):
        pools.append(len(shares))
        return forked(function, shares)

    monkeypatch.setattr(schema_check, "fork_map", counted)  # watched, not changed
    assert validate(data, Settings.load(parallel_bytes=0, processes=3)).problems == alone
    assert pools and pools[0] == 3


def test_a_type_only_frictionless_checks_is_named_in_chinese(tmp_path):
    """A field of a type the cell checks leave to Frictionless (here ``year``) still gets a Chinese sentence."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    descriptor = data / "catalog" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    assert "{name: year, title: 竣工年份, type: integer" in text
    descriptor.write_text(
        text.replace("{name: year, title: 竣工年份, type: integer", "{name: year, title: 竣工年份, type: year"), encoding="utf-8"
    )
    apply_edits(data, [{"file": "catalog/demo_projects.csv", "set": {"line": 2, "field": "year", "value": "二〇二五年"}}])
    report = validate(data)
    assert [(p.code, p.row, p.field) for p in report.problems] == [("type-error", 2, "year")]
    assert report.problems[0].detail == "竣工年份“二〇二五年”不是年份。"
    assert re.search(r"[A-Za-z]{3,}", report.problems[0].detail + report.problems[0].fix) is None  # no library text
