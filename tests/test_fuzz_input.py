"""Property test: whatever bytes a contributor commits, the validator returns a report."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.validation.problems import CODES
from generator.validation.validate import Report, validate
from tests.support import FIXTURES

CELLS = st.lists(st.sampled_from(list('P0019,;\t"\n\r 年月日/-：:＃<>&\u202e') + ["岩棉", "true", "2024/1/5"]), max_size=8).map(
    "".join
)
CSV = st.lists(st.lists(CELLS, max_size=9), max_size=8).map(lambda rows: "\n".join(",".join(r) for r in rows))
YAML = st.lists(st.sampled_from(list("ab:- \n\t[]{}&*!'\"#|>") + ["resources", "name", "path", "sample"]), max_size=40).map(
    "".join
)
SETTINGS = settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _run(target: str, content: bytes) -> tuple[Report, Path]:
    """Validate the minimal data with ``target`` replaced by ``content``; check what every report must say.

    The exit status follows the problem table (2 exactly when a problem's code is marked unusable), and
    every problem points into the data folder, at a line the file has, and names that file and line.
    """
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data"
        shutil.copytree(FIXTURES / "minimal", data)
        (data / target).write_bytes(content)
        report = validate(data)
        for problem in report.problems:
            path = Path(problem.file).resolve()
            assert path == data.resolve() or data.resolve() in path.parents, problem
            if problem.row is not None:
                assert 1 <= problem.row <= _lines(path), problem
                assert f"第 {problem.row} 行" in problem.message
            assert problem.message.startswith(problem.file) and problem.code in CODES
            assert problem.fix and f"修改方法：{problem.fix.strip().rstrip('。')}" in problem.message  # its own or the code's
    unusable = any(CODES[p.code].unusable for p in report.problems)
    assert report.exit_status == (2 if unusable else 1 if report.problems else 0)
    return report, data / target


def _lines(path: Path) -> int:
    """Lines of a file as a CSV reader counts them: CRLF, CR or LF ends a line, and a last line without one counts."""
    text = path.read_bytes() if path.is_file() else b""
    return len(re.findall(rb"\r\n|\r|\n", text)) + (not text.endswith((b"\n", b"\r")))


@SETTINGS
@given(CSV, st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]))
def test_generated_csv_always_gives_a_report(body, encoding):
    content = body.encode(encoding, errors="replace")
    report, _ = _run("catalog/products.csv", content)
    assert report.exit_status != 0  # a random header never matches the schema


@SETTINGS
@given(YAML)
def test_generated_yaml_always_gives_a_report(body):
    """No descriptor made of these pieces names a table with a schema, so the data cannot be read at all,
    and the descriptor is what every problem points at."""
    report, descriptor = _run("catalog/datapackage.yaml", body.encode("utf-8"))
    assert report.exit_status == 2 and report.problems
    assert {(Path(p.file).name, p.code) for p in report.problems} == {(descriptor.name, "package-unreadable")}


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_always_give_a_report(content):
    _run("catalog/test_reports.csv", content)
