"""Editing through pull requests: workflows, edit links, guide, scaffold, and a PR on a fixture repo."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import creditcode
from generator.validation.problems import CODES
from tests.support import FIXTURES, ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _sessions() -> set[str]:
    return set(re.findall(r"@nox\.session\s+def (\w+)", (ROOT / "noxfile.py").read_text(encoding="utf-8")))


def test_workflows_parse_and_call_only_existing_nox_sessions():
    assert {w.name for w in WORKFLOWS} >= {"pull-request.yml", "publish.yml"}
    called = set()
    for workflow in WORKFLOWS:
        body = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        for job in body["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.search(r"@[0-9a-f]{40}$", step["uses"]), f"{workflow.name}: {step['uses']} is not pinned"
                for line in step.get("run", "").splitlines():
                    called |= {s for group in re.findall(r"nox -s ((?:\w+ ?)+)", line) for s in group.split()}
                if step.get("with", {}).get("python-version"):
                    assert re.fullmatch(r"\d+\.\d+\.\d+", step["with"]["python-version"])
                    assert step["with"].get("cache") == "pip"
    assert called and called <= _sessions()
    assert {"validate", "diff", "site", "tests"} <= called


def test_publish_runs_on_push_and_daily():
    body = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    triggers = body[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"] and triggers["schedule"][0]["cron"]


def test_guide_covers_every_error_code():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"`{code}`" not in guide] == []
    assert [code for code in CODES if f'<a id="{code}"></a>\n#### `{code}` ' not in guide] == []  # a section each
    for example in ("python -m generator new product", "negative_list.csv", "catalog_batches.csv", "policies/"):
        assert example in guide


def test_templates_and_pre_commit_exist():
    assert (ROOT / ".github/ISSUE_TEMPLATE/data-error.yml").is_file()
    assert (ROOT / ".github/pull_request_template.md").is_file()
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "python -m generator validate"


def test_record_pages_have_edit_and_report_links(sample_site):
    repo = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["repository"]["url"]
    page = (sample_site / "products/P00002/index.html").read_text(encoding="utf-8")
    assert f'href="{repo}/edit/main/catalog_data/catalog/products.csv"' in page
    assert f'href="{repo}/blob/main/catalog_data/catalog/products.csv#L3"' in page
    assert f"{repo}/issues/new?template=data-error.yml" in page and "报告问题" in page
    for record in ("enterprises/91220102000000001E", "policies/jilin-2024-13", "catalogs/procurement", "projects/D001"):
        assert "编辑此页" in (sample_site / record / "index.html").read_text(encoding="utf-8"), record


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(cwd), "-c", "user.name=t", "-c", "user.email=t@example.com", *args], check=True, capture_output=True
    )


@pytest.fixture()
def pull_request(tmp_path) -> Path:
    """A repository whose branch `pr` breaks a credit-code check character and adds a product."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "minimal", repo / "catalog_data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "pr")
    enterprises = repo / "catalog_data/catalog/enterprises.csv"
    lines = enterprises.read_text(encoding="utf-8").splitlines()
    code = lines[4].split(",")[0]
    broken = code[:17] + next(c for c in creditcode.ALPHABET if c != code[17])
    catalog_dir = repo / "catalog_data/catalog"
    for path in catalog_dir.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace(code, broken), encoding="utf-8")
    assert run(["new", "product", "--append", "--data", "catalog_data"], repo).returncode == 0
    products = catalog_dir / "products.csv"
    skeleton = "待填写,待填写,待填写（例：RZ-01-05）,待填写,待填写（例：certified、demand-standard-tested）"
    products.write_text(
        products.read_text(encoding="utf-8").replace(skeleton, f"新增示例岩棉板,YMB-999,RZ-01-05,{broken},certified"),
        encoding="utf-8",
    )
    certificates = catalog_dir / "certificates.csv"  # a certified product comes with its certificate
    certificates.write_text(
        certificates.read_text(encoding="utf-8") + "SL-CABR-CC-2026-00099,P00017,cabr-cc,2,2026-03-02,2031-03-01,false,\n",
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "pr")
    return repo


def test_pull_request_annotations_name_file_and_line(pull_request):
    result = run(["validate", "catalog_data", "--format", "github"], pull_request)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error file=")]
    assert len(errors) == 1
    assert errors[0].startswith("::error file=catalog_data/catalog/enterprises.csv,line=5,")
    assert "credit-code-checksum" in errors[0]


def test_pull_request_diff_names_the_added_product(pull_request):
    result = run(["diff", "main", "pr", "--format", "json"], pull_request)
    assert result.returncode == 0, result.stderr
    changes = json.loads(result.stdout)["changes"]
    added = [c for c in changes if c["kind"] == "added" and c["table"] == "products"]
    assert [c["key"] for c in added] == ["P00017"] and added[0]["fields"]["name"] == "新增示例岩棉板"
    assert added[0]["file"] == "catalog/products.csv" and added[0]["line"] == 18
    changed = {c["table"] for c in changes if c["kind"] == "changed"}
    assert "products" in changed  # the makers' credit code changed in their products too
    markdown = run(["diff", "main", "pr", "--format", "markdown"], pull_request).stdout
    assert "| 新增 | products | P00017 | 新增示例岩棉板 |" in markdown


def _csv_part(printed: str) -> str:
    """The header and the row of a skeleton, without its comment lines."""
    return "\n".join(line for line in printed.splitlines() if not line.startswith("#"))


@pytest.mark.parametrize("kind", ["product", "enterprise", "certificate"])
def test_scaffold_output_validates_once_filled_in(tmp_path, kind):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    first17 = "91220102000000099"
    code = first17 + creditcode.check_character(first17)
    printed = run(["new", kind, "--data", str(data)], tmp_path)
    assert printed.returncode == 0 and "待填写" in printed.stdout
    header, row = list(csv.reader(io.StringIO(_csv_part(printed.stdout))))
    fill = {
        "name": "示例填写",
        "model": "M-1",
        "address": "吉林省长春市（示例地址）",
        "enterprise": code,
        "credit_code": code,
        "number": "SL-NEW-0001",
        "product": "P00001",
        "category": "RZ-01-05",
        "route": "certified",
        "region": "changchun",
        "body": "cabr-cc",
        "grade": "3",
        "issue_date": "2026-03-02",
        "expiry_date": "2031-03-01",
        "withdrawn": "false",
    }
    if kind != "enterprise":
        fill["enterprise"] = "91220104000000001B"
    filled = [fill.get(name, value) if "待填写" in value else value for name, value in zip(header, row, strict=True)]
    table = {"product": "products", "enterprise": "enterprises", "certificate": "certificates"}[kind]
    path = data / "catalog" / f"{table}.csv"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(filled)
    path.write_text(path.read_text(encoding="utf-8") + out.getvalue(), encoding="utf-8")
    if kind == "enterprise":  # an enterprise needs a product, made with the same command
        _, product = list(csv.reader(io.StringIO(_csv_part(run(["new", "product", "--data", str(data)], tmp_path).stdout))))
        product = ["示例" if v == "待填写" else v for v in product]
        product[3], product[4], product[5] = "RZ-01-05", code, "certified"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(product)
        products = data / "catalog/products.csv"
        products.write_text(products.read_text(encoding="utf-8") + out.getvalue(), encoding="utf-8")
    if kind != "certificate":  # a certified product comes with its certificate
        certificates = data / "catalog/certificates.csv"
        certificates.write_text(
            certificates.read_text(encoding="utf-8") + "SL-NEW-0002,P00017,cabr-cc,3,2026-03-02,2031-03-01,false,\n",
            encoding="utf-8",
        )
    result = run(["validate", str(data)], tmp_path)
    assert result.returncode == 0, result.stdout


def test_skeleton_defaults_are_placeholders_until_changed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    assert run(["new", "product", "--append", "--data", str(data)], tmp_path).returncode == 0
    products = data / "catalog/products.csv"
    filled = products.read_text(encoding="utf-8").replace("P00017,待填写,待填写,", "P00017,示例岩棉板,YMB-1,")
    filled = filled.replace(",待填写,待填写（例：certified", ",91220104000000001B,待填写（例：certified")
    products.write_text(filled, encoding="utf-8")
    result = run(["validate", str(data), "--format", "json"], tmp_path)
    located = [(p["code"], p["row"], p["field"]) for p in json.loads(result.stdout)["problems"]]
    assert located == [("placeholder", 18, "category"), ("placeholder", 18, "route")]


@pytest.mark.parametrize(
    ("kind", "table", "line", "fields"),
    [
        ("product", "products", 18, ["name", "model", "category", "enterprise", "route"]),
        ("enterprise", "enterprises", 13, ["credit_code", "name", "region", "address"]),
        ("certificate", "certificates", 14, ["number", "product", "body", "grade", "issue_date", "expiry_date", "withdrawn"]),
    ],
)
def test_untouched_skeleton_gives_one_placeholder_per_required_cell_in_column_order(tmp_path, kind, table, line, fields):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    assert run(["new", kind, "--append", "--data", str(data)], tmp_path).returncode == 0
    skeleton = list(csv.reader(io.StringIO((data / "catalog" / f"{table}.csv").read_text(encoding="utf-8"))))[-1]
    report = json.loads(run(["validate", str(data), "--format", "json"], tmp_path).stdout)
    assert [(p["code"], p["row"], p["field"]) for p in report["problems"]] == [("placeholder", line, f) for f in fields]
    for problem in report["problems"]:  # each quotes its cell as the skeleton wrote it (full-width brackets too)
        cell = next(c for c in skeleton if "待填写" in c and f"“{c}”" in problem["message"])
        assert f"把“{cell}”改成" in problem["fix"]
    assert report["notices"] == []  # the skeleton itself needs no normalising


def test_pull_request_summary_lists_problems_with_fix_and_guide_section(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    products = data / "catalog/products.csv"
    products.write_text(
        products.read_text(encoding="utf-8").replace(
            "P00001,真空绝热板,VIP-867,RZ-01-05,", "P00001,真空绝热板,VIP-867,保温系统材料,"
        ),
        encoding="utf-8",
    )
    result = run(["validate", str(data), "--format", "markdown"], tmp_path)
    repo = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["repository"]["url"]
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "### 数据校验：未通过"
    item = next(n for n, line in enumerate(lines) if line.startswith("1. "))
    assert f"]({repo}/blob/main/CONTRIBUTING.md#reference-missing)" in lines[item]
    assert "products.csv 第 2 行，字段 category" in lines[item].replace("\\", "")
    assert "“保温系统材料”是名称" in lines[item + 1]
    assert lines[item + 2].startswith("   **修改方法**：改为 RZ\\-01\\-05（保温系统材料）")
    workflow = (ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")
    assert '--format markdown >> "$GITHUB_STEP_SUMMARY"' in workflow
    annotation = run(["validate", str(data), "--format", "github"], tmp_path).stdout.splitlines()[0]
    assert annotation.endswith(f"说明：{repo}/blob/main/CONTRIBUTING.md#reference-missing")


def test_markdown_diff_escapes_untrusted_text():
    from generator.diff import RecordChange, as_markdown

    evil = RecordChange("products", "P1", "changed", {"name": ["a", "![x](https://e.example/t.png) @someone `x` | y"]})
    table_row = as_markdown([evil]).splitlines()[-1]
    assert "![x](" not in table_row and "`x`" not in table_row
    assert not re.search(r"(?<!\\)[@`|\[\]()!]", table_row.split(" | ", 3)[3].rstrip(" |"))
    assert table_row.count(" | ") == 3  # the pipe in the value did not add a column
