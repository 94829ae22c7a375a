"""Data history from git: versions, record changes, tombstones, the Atom feed and the two pages.

The repository is built in a temporary folder from tests/fixtures/minimal:
1. 初始数据 — the fixture;
2. adds product P90001 (with a catalog entry), changes P00002's model, removes P00003 and its rows;
3. restores the fixture exactly: P90001 is removed, P00003 comes back;
   then a commit that does not touch the data (not a version);
4. removes P00003 again, and a policy.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from generator import records
from generator.diff import RecordChange, snapshot
from generator.errors import OpenDataError
from generator.opendata import history as h
from generator.opendata.feed import atom_feed
from generator.site.page import Page
from generator.validation.validate import validate
from tests.support import AS_OF, FIXTURES, commit, drop_product, git, render_template, rewrite

DATA = "catalog_data"
SUBJECTS = [
    "再次删除 P00003 和一份政策文件",
    "撤回：恢复 P00003，删除 P90001",
    "新增 P90001，修改 P00002 型号，删除 P00003",
    "初始数据",
]
HEADLINES = [
    "删除 1 个产品，删除 2 条目录收录记录，撤出负面清单 1 条等",
    "新增 1 个产品，删除 1 个产品，修改 1 个产品等",
    "新增 1 个产品，删除 1 个产品，修改 1 个产品等",
    "新增 16 个产品，新增 11 家企业，新增 3 本目录等",
]
"""What each version changed, in the words the changelog and the feed use (newest first)."""
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("history") / "repo"
    data = repo / DATA
    shutil.copytree(FIXTURES / "minimal", data)
    git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "测试"), ("user.email", "test@example.com"), ("commit.gpgsign", "false")):
        git(repo, "config", key, value)
    commit(repo, SUBJECTS[3], "2026-01-05T09:00:00+08:00")

    products = data / "catalog/products.csv"
    rewrite(products, lambda rows: [*rows, ["P90001", "新增示例岩棉板", *rows[2][2:]]])
    rewrite(products, lambda rows: [[*r[:2], "XPS-321", *r[3:]] if r[0] == "P00002" else r for r in rows])
    rewrite(data / "catalog/catalog_entries.csv", lambda rows: [*rows, ["procurement", "2026-1", "P90001", "2026-04-10", "", ""]])
    rewrite(data / "catalog/certificates.csv", lambda rows: [*rows, ["SL-CTC-2022-90001", "P90001", *rows[2][2:]]])
    drop_product(data, "P00003")
    report = validate(data)
    assert report.valid, [p.message for p in report.problems]
    commit(repo, SUBJECTS[2], "2026-02-10T23:30:00+00:00")  # 2026-02-11 07:30 in Shanghai

    shutil.rmtree(data)
    shutil.copytree(FIXTURES / "minimal", data)
    commit(repo, SUBJECTS[1], "2026-03-01T10:00:00+08:00")
    (repo / "README.md").write_text("说明\n", encoding="utf-8")
    commit(repo, "只改说明文件", "2026-03-15T10:00:00+08:00")
    drop_product(data, "P00003")
    (data / "policies/standard-gbt-50378.md").unlink()
    commit(repo, SUBJECTS[0], "2026-04-01T10:00:00+08:00")
    return repo


@pytest.fixture(scope="module")
def story(repo) -> h.History:
    return h.history(repo)


def by_key(version: h.Version, table: str) -> dict[str, RecordChange]:
    return {c.key: c for c in version.changes if c.table == table}


def test_versions_are_newest_first_with_subjects_and_dates(story):
    assert story.note == ""
    assert [v.subject for v in story.versions] == SUBJECTS  # the commit without data changes is not a version
    assert [v.day for v in story.versions] == [
        dt.date(2026, 4, 1),
        dt.date(2026, 3, 1),
        dt.date(2026, 2, 11),
        dt.date(2026, 1, 5),
    ]
    second = story.versions[2]
    assert second.date == dt.datetime(2026, 2, 11, 7, 30, tzinfo=h.TZ) and second.date.utcoffset() == dt.timedelta(hours=8)
    assert re.fullmatch(r"[0-9a-f]{40}", second.commit) and second.short == second.commit[:7]
    assert second.parent == story.versions[3].commit and story.versions[3].parent == ""


def test_diff_finds_the_added_removed_and_changed_records(story):
    second = story.versions[2]
    products = by_key(second, "products")
    assert {(c.kind, key) for key, c in products.items()} == {("added", "P90001"), ("changed", "P00002"), ("removed", "P00003")}
    assert products["P00002"].fields == {"model": ["XPS-320", "XPS-321"]}
    assert products["P90001"].fields["name"] == "新增示例岩棉板" and products["P90001"].file == "catalog/products.csv"
    assert products["P00003"].fields["name"] == "预制混凝土叠合梁"
    assert by_key(second, "certificates")["SL-CTC-GC-2023-00003"].kind == "removed"
    assert by_key(second, "negative_list")["N2025-002"].kind == "removed"
    assert by_key(second, "catalog_entries")["procurement/2026-1/P90001"].kind == "added"
    assert second.counts == {"added": 3, "removed": sum(1 for c in second.changes if c.kind == "removed"), "changed": 1}
    assert second.label(products["P90001"]) == "新增示例岩棉板 XPS-320"
    assert second.page(products["P90001"]) == "products/P90001/"
    assert second.page(by_key(second, "certificates")["SL-CTC-GC-2023-00003"]) == "products/P00003/#certificates"
    assert (
        second.label(by_key(second, "catalog_entries")["procurement/2026-1/P90001"])
        == "新增示例岩棉板 XPS-320 · 吉林省政府采购绿色建材产品推荐目录 2026年第一批"
    )
    project_row = by_key(second, "demo_project_products")["D003/P00003"]
    assert second.label(project_row) == "示例超低能耗农房示范村 · 预制混凝土叠合梁 DHL-571"
    assert second.page(project_row) == "projects/D003/"
    assert second.titles.table("products") == "产品" and second.titles.field("products", "model") == "规格型号"


def test_first_commit_is_compared_with_empty_data(story):
    first = story.versions[-1]
    everything = snapshot(FIXTURES / "minimal")
    assert first.counts == {"added": sum(len(rows) for rows in everything.values()), "removed": 0, "changed": 0}


def test_each_snapshot_is_loaded_once(repo, monkeypatch):
    loaded = Counter()
    load = h._History._load

    def counting(self, tree):
        loaded[tree] += 1
        return load(self, tree)

    monkeypatch.setattr(h._History, "_load", counting)
    assert len(h.history(repo).versions) == 4
    assert len(loaded) == 3 and set(loaded.values()) == {1}  # commits 1 and 3 hold the same tree


def test_removed_records_become_tombstones_with_the_latest_removal(repo, story):
    stones = {t.id: t for t in h.tombstones(story.versions, snapshot(repo / DATA))}
    assert set(stones) == {"P90001", "P00003", "standard-gbt-50378"}  # certificates and list entries have no page
    latest = stones["P00003"]
    assert (latest.kind, latest.path, latest.label) == ("products", "products/P00003/", "预制混凝土叠合梁 DHL-571")
    assert (latest.removed_on, latest.reason, latest.commit) == (dt.date(2026, 4, 1), SUBJECTS[0], story.versions[0].commit)
    gone = stones["P90001"]
    assert (gone.removed_on, gone.reason, gone.short) == (dt.date(2026, 3, 1), SUBJECTS[1], story.versions[1].short)
    assert gone.last_values["name"] == "新增示例岩棉板" and gone.last_values["model"] == "XPS-320"
    assert gone.field_titles["name"] == "产品名称" and gone.kind_title == "产品" and gone.source == "products/P90001.md"


def test_a_record_added_again_is_not_a_tombstone(story):
    at_third_commit = snapshot(FIXTURES / "minimal")  # commit 3 restored the fixture
    assert [t.id for t in h.tombstones(story.versions[1:], at_third_commit)] == ["P90001"]


def test_tables_missing_from_the_current_snapshot_are_skipped(repo, story):
    current = snapshot(repo / DATA)
    del current["products"]
    assert [t.kind for t in h.tombstones(story.versions, current)] == ["policies"]


def test_shallow_clone_has_no_history(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True, capture_output=True)
    found = h.history(clone)
    assert found.versions == () and "浅克隆" in found.note and "fetch-depth: 0" in found.note


def test_folder_outside_git_has_no_history(tmp_path):
    shutil.copytree(FIXTURES / "minimal", tmp_path / DATA)
    found = h.history(tmp_path)
    assert found.versions == () and "不在 git 仓库中" in found.note


def test_missing_git_gives_a_note(repo, monkeypatch):
    monkeypatch.setenv("PATH", "")
    found = h.history(repo)
    assert found.versions == () and "找不到 git" in found.note


def test_unreadable_version_gets_a_note_and_the_history_goes_on(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "minimal", repo / DATA)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "测试")
    git(repo, "config", "user.email", "test@example.com")
    commit(repo, "初始数据", "2026-01-05T09:00:00+08:00")
    descriptor = repo / DATA / "catalog/datapackage.yaml"
    good = descriptor.read_text(encoding="utf-8")
    descriptor.write_text("resources: [\n", encoding="utf-8")
    commit(repo, "写坏了", "2026-01-06T09:00:00+08:00")
    descriptor.write_text(good, encoding="utf-8")
    commit(repo, "修好了", "2026-01-07T09:00:00+08:00")
    found = h.history(repo)
    assert [(v.subject, bool(v.note), len(v.changes) > 0) for v in found.versions] == [
        ("修好了", True, False),
        ("写坏了", True, False),
        ("初始数据", False, True),
    ]
    assert "无法读取" in found.versions[1].note
    html = body(render("changelog.md.j2", "changelog/", history=found))
    assert html.count("这一版本的数据无法读取") == 2
    ET.fromstring(atom_feed(found.versions, base_url="https://example.org/", title="x", author="x", as_of=AS_OF).encode())  # noqa: S314


def test_commit_messages_explain_only_data_commits_and_unchanged_records_make_no_entry(tmp_path):
    repo = tmp_path / "repo"
    data = repo / DATA
    shutil.copytree(FIXTURES / "minimal", data)
    git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "测试"), ("user.email", "test@example.com"), ("commit.gpgsign", "false")):
        git(repo, "config", key, value)
    commit(repo, "Initial import", "2026-01-05T09:00:00+08:00")
    products = data / "catalog/products.csv"
    rewrite(products, lambda rows: [[*r[:2], "XPS-321", *r[3:]] if r[0] == "P00002" else r for r in rows])
    (repo / "build.py").write_text("print('code')\n", encoding="utf-8")
    commit(repo, "Refactor the build and fix a model number", "2026-02-01T09:00:00+08:00")  # data and code
    products.write_text(products.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    commit(repo, "Line endings only", "2026-02-02T09:00:00+08:00")  # data files touched, no record changed
    git(repo, "checkout", "-q", "-b", "fix")
    drop_product(data, "P00003")
    commit(repo, "wip", "2026-02-03T09:00:00+08:00")
    git(repo, "checkout", "-q", "main")
    git(
        repo,
        "merge",
        "-q",
        "--no-ff",
        "fix",
        "-m",
        "Merge pull request #7 from maker/fix\n\n移出 P00003：证书已撤销",
        date="2026-02-04T09:00:00+08:00",
    )
    found = h.history(repo)
    assert [(v.day.isoformat(), v.explanation) for v in found.versions] == [
        ("2026-02-04", "移出 P00003：证书已撤销"),  # a merged pull request: its title, from the message body
        ("2026-02-01", ""),  # the commit also changed code: its message is not shown
        ("2026-01-05", "Initial import"),
    ]
    assert found.versions[1].headline == "修改 1 个产品" == found.versions[1].sentence.split("（")[0]
    html = body(render("changelog.md.j2", "changelog/", history=found))
    assert "Refactor" not in html and "Line endings" not in html and "移出 P00003：证书已撤销" in html
    feed = atom_feed(found.versions, base_url="https://example.org/", title="x", author="x", as_of=AS_OF)
    assert "Refactor" not in feed and len(ET.fromstring(feed.encode()).findall(f"{ATOM}entry")) == 3  # noqa: S314


def test_history_is_cut_at_the_limit(repo):
    found = h.history(repo, limit=2)
    assert [v.subject for v in found.versions] == SUBJECTS[:2] and "最近 2 次" in found.note


def test_atom_feed_is_valid_and_lists_the_changes(story):
    feed = atom_feed(story.versions, base_url="https://example.org/", title="更新记录", author="x", as_of=AS_OF)
    again = atom_feed(story.versions, base_url="https://example.org", title="更新记录", author="x", as_of=AS_OF)
    assert feed == again  # deterministic
    root = ET.fromstring(feed.encode("utf-8"))  # noqa: S314 - our own output
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == "https://example.org/changelog/" and root.findtext(f"{ATOM}title") == "更新记录"
    assert root.findtext(f"{ATOM}updated") == story.versions[0].date.isoformat()
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": "https://example.org/changelog/feed.xml", "alternate": "https://example.org/changelog/"}
    assert root.findtext(f"{ATOM}author/{ATOM}name")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == HEADLINES
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 4
    for entry, version in zip(entries, story.versions, strict=True):
        assert entry.findtext(f"{ATOM}updated") == version.date.isoformat()
        assert entry.find(f"{ATOM}link").get("href") == f"https://example.org/changelog/#{version.short}"
        assert entry.findtext(f"{ATOM}summary") == version.sentence and " 0 " not in version.sentence
        assert entry.find(f"{ATOM}content").get("type") == "html"
    content = entries[2].findtext(f"{ATOM}content")
    listed, removed = content.split("<h3>新收录目录（1）</h3>")[1].split("<h3>删除")
    assert '<a href="https://example.org/products/P90001/#catalogs">新增示例岩棉板 XPS-320' in listed
    assert '产品：<a href="https://example.org/products/P00003/">预制混凝土叠合梁 DHL-571</a>' in removed
    assert '<h3>新增（1）</h3><ul><li>产品：<a href="https://example.org/products/P90001/">' in content
    assert "其他变更 2 条" in content  # P90001's certificate and P00002's model


def test_atom_feed_escapes_everything():
    hostile = '<script>alert("x")</script> & ]]>\x01'
    change = RecordChange("products", "P1", "added", {"name": hostile})
    version = h.Version(
        "a" * 40,
        "",
        dt.datetime(2026, 1, 1, tzinfo=h.TZ),
        hostile,
        (change,),
        {("products", "P1"): hostile},
        {("products", "P1"): "products/P1/"},
    )
    feed = atom_feed([version], base_url="https://example.org/", title=hostile, author=hostile, as_of=AS_OF)
    root = ET.fromstring(feed.encode("utf-8"))  # noqa: S314 - our own output
    assert root.findtext(f"{ATOM}title") == hostile.replace("\x01", "")
    assert "<script>" not in root.find(f"{ATOM}entry").findtext(f"{ATOM}content")
    with pytest.raises(OpenDataError):
        atom_feed([version], base_url="/relative/", title="x", author="x", as_of=AS_OF)


def render(template: str, here: str, **context) -> Page:
    catalogue = records.build(validate(FIXTURES / "minimal").data, dt.date(2026, 11, 25))
    return render_template(template, here, catalogue, **context)


def body(page: Page) -> str:
    """The raw HTML block; a blank line in it would hand the rest to Markdown."""
    html = str(page.body)
    assert html.startswith('<div class="jl-page"') and not re.search(r"\n[ \t]*\n", html)
    return html


def test_changelog_page(story):
    page = render("changelog.md.j2", "changelog/", history=story)
    assert page.title == "更新记录"
    html = body(page)
    assert 'href="../changelog/feed.xml"' in html
    places = [html.index(f'id="{v.short}"') for v in story.versions]
    assert places == sorted(places)
    for v in story.versions:
        assert f'href="https://github.com/example/data/commit/{v.commit}"' in html
    second = html.split(f'id="{story.versions[2].short}"')[1].split("</section>")[0]
    assert f"{HEADLINES[2]}</h2>" in second
    assert (
        "新增 1 个产品（新增示例岩棉板 XPS-320），删除 1 个产品（预制混凝土叠合梁 DHL-571），"
        "修改 1 个产品（挤塑聚苯板 XPS-321：规格型号）"
    ) in second
    assert "目录新收录 1 个产品（新增示例岩棉板 XPS-320 · 吉林省政府采购绿色建材产品推荐目录 2026年第一批）" in second
    assert f"修改说明（提交者所写）：{SUBJECTS[2]}" in second  # the commit changed the data folder only
    assert not re.search(r"\b0 条", html)
    assert '新增产品：<a href="../products/P90001/">新增示例岩棉板 XPS-320</a>' in second
    assert '删除产品：<a href="../products/P00003/">预制混凝土叠合梁 DHL-571</a>' in second
    assert '修改产品：<a href="../products/P00002/">挤塑聚苯板 XPS-321</a>（规格型号 “XPS-320” → “XPS-321”）' in second
    assert second.index("产品：") < second.index("目录收录记录：") < second.index("认证证书：")  # records with pages first
    first = html.split(f'id="{story.versions[3].short}"')[1]
    assert first.count("<li ") == 200 and "第一次提交" in first


def test_changelog_page_without_history():
    html = body(render("changelog.md.j2", "changelog/", history=h.History(note=h.SHALLOW)))
    assert "浅克隆" in html and "<section" not in html


def test_tombstone_page(repo, story):
    [stone] = [t for t in h.tombstones(story.versions, snapshot(repo / DATA)) if t.id == "P90001"]
    page = render("tombstone.md.j2", "products/P90001/", t=stone)
    assert page.title == "已移除：新增示例岩棉板 XPS-320"
    html = body(page)
    assert "已于 2026-03-01 删除" in html and SUBJECTS[1] in html
    assert f'href="https://github.com/example/data/commit/{stone.commit}"' in html
    assert f'href="../../changelog/#{stone.short}"' in html and 'href="../../search/?q=' in html
    assert '<tr><th scope="row">产品名称</th><td>新增示例岩棉板</td></tr>' in html


def test_policy_tombstone_page(repo, story):
    [stone] = [t for t in h.tombstones(story.versions, snapshot(repo / DATA)) if t.kind == "policies"]
    assert (stone.path, stone.kind_title, stone.field_titles["title"]) == ("policies/standard-gbt-50378/", "政策文件", "标题")
    html = body(render("tombstone.md.j2", stone.path, t=stone))  # the Markdown body's blank lines do not reach the page
    assert f"<h1>已移除：{stone.label}</h1>" in html and "要点（本站摘要）" in html


def test_tombstone_page_escapes_the_data():
    evil = "<img src=x onerror=alert(1)>\n\n# heading"
    stone = h.Tombstone(
        "products", "P1", "products/P1/", evil, dt.date(2026, 1, 1), "b" * 40, "bbbbbbb", evil, {"name": evil, "model": ""}
    )
    html = body(render("tombstone.md.j2", "products/P1/", t=stone))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
