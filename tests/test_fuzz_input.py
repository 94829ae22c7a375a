"""Property test: whatever bytes a contributor commits, the validator returns a report."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.validation.validate import validate
from tests.casefiles import FIXTURES

CELLS = st.lists(st.sampled_from(list('P0019,;\t"\n\r 年月日/-：:＃<>&\u202e') + ["岩棉", "true", "2024/1/5"]),
                 max_size=8).map("".join)
CSV = st.lists(st.lists(CELLS, max_size=9), max_size=8).map(lambda rows: "\n".join(",".join(r) for r in rows))
YAML = st.lists(st.sampled_from(list("ab:- \n\t[]{}&*!'\"#|>") + ["resources", "name", "path", "sample"]),
                max_size=40).map("".join)
SETTINGS = settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _run(target: str, content: bytes):
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data"
        shutil.copytree(FIXTURES / "minimal", data)
        (data / target).write_bytes(content)
        report = validate(data)
    assert report.exit_status in (0, 1, 2)
    for problem in report.problems:
        assert problem.file and problem.code and problem.message
    return report


@SETTINGS
@given(CSV, st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]))
def test_generated_csv_always_gives_a_report(body, encoding):
    content = body.encode(encoding, errors="replace")
    report = _run("catalog/products.csv", content)
    assert report.exit_status != 0  # a random header never matches the schema


@SETTINGS
@given(YAML)
def test_generated_yaml_always_gives_a_report(body):
    report = _run("catalog/datapackage.yaml", body.encode("utf-8"))
    assert report.exit_status == 2 or report.problems or report.valid


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_always_give_a_report(content):
    _run("catalog/test_reports.csv", content)
