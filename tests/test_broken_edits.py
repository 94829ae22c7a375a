"""Typical broken edits, one per mistake people make: each gives one problem with the code, file, line, field,
suggested values and fix written by hand in tests/broken_edits.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.validation.validate import validate
from tests.support import MINIMAL, apply_edits


class _TextDates(yaml.SafeLoader):
    """Dates stay text: the table holds impossible ones (2026-06-31) as typed."""


_TextDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CASES = yaml.load((Path(__file__).parent / "broken_edits.yaml").read_text(encoding="utf-8"), Loader=_TextDates)  # noqa: S506


def test_the_table_covers_at_least_forty_mistakes_and_every_kind():
    assert len(CASES) >= 40
    assert len({case["name"] for case in CASES}) == len(CASES)
    kinds = {case["expect"][0] for case in CASES}
    assert {
        "placeholder",
        "reference-missing",
        "duplicate-key",
        "type-error",
        "certificate-dates",
        "value-with-unit",
        "constraint-violation",
        "formula-like",
        "credit-code-checksum",
        "header-mismatch",
        "required-missing",
        "foreign-key",
        "product-without-evidence",
    } <= kinds


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_broken_edit_gives_one_problem_with_its_fix(case, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    apply_edits(data, case["edits"])
    report = validate(data)
    code, file, line, field, suggestions, fix = case["expect"]
    found = report.notices if case.get("notice") else report.problems
    located = [
        (p.code, Path(p.file).resolve().relative_to(data.resolve()).as_posix(), p.row, p.field)
        for p in found
        if not case.get("notice") or p.code == code
    ]
    assert located == [(code, file, line, field)], [p.message for p in found]
    problem = next(p for p in found if p.code == code)
    assert list(problem.suggestions) == [str(s) for s in suggestions]
    assert fix in problem.fix, problem.fix
    assert case.get("detail", "") in problem.message, problem.message
    for value in problem.suggestions:
        assert value in problem.fix, problem.fix  # the fix names what to write
    assert report.exit_status == (0 if case.get("notice") else 1)
