"""Whole-site build: pages, nav, banner, reproducibility and failure safety."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from generator.build import BuildFailed, build
from generator.errors import GeneratorError, OpenDataError
from generator.site.harden import HardenFailed
from generator.site.index import IndexFailed
from generator.site.mkdocs import SiteBuildFailed
from generator.site.shell import ShellFailed
from tests.support import AS_OF, FIXTURES, SAMPLE_DATA, apply_edits


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()
    }


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_record_has_a_page_at_its_stable_url(sample_site, catalogue):
    for product in catalogue.products:
        assert (sample_site / "products" / product / "index.html").is_file()
    for code in catalogue.enterprises:
        assert (sample_site / "enterprises" / code / "index.html").is_file()
    for catalog in catalogue.catalogs:
        assert (sample_site / "catalogs" / catalog / "index.html").is_file()
    for policy in catalogue.policies:
        assert (sample_site / "policies" / policy / "index.html").is_file()
    for page in ("", "certificates", "negative-list", "categories", "regions", "projects", "policies", "search"):
        assert (sample_site / page / "index.html").is_file()


def test_product_page_shows_status_indicators_maker_and_catalogs(sample_site, catalogue):
    product = next(p for p in catalogue.products.values() if catalogue.product_status(p) == "expiring")
    page = html(sample_site, f"products/{product.id}")
    assert '<span class="jl-badge jl-status-expiring">即将到期</span>' in page
    assert catalogue.enterprises[product.enterprise].name in page
    for indicator in catalogue.indicators[product.id]:
        assert indicator.indicator in page
    for entry in catalogue.entries_by_product[product.id]:
        assert catalogue.catalogs[entry.catalog].name in page


def test_negative_listed_product_carries_a_red_warning(sample_site, catalogue):
    listed = [n.product for n in catalogue.negative_list if n.product]
    assert listed
    for product in listed:
        page = html(sample_site, f"products/{product}")
        assert 'class="admonition danger jl-negative" role="alert"' in page
        assert "本产品已列入负面清单" in page
    clean = next(p for p in catalogue.products.values() if catalogue.product_status(p) == "valid")
    assert "jl-negative" not in html(sample_site, f"products/{clean.id}")


def test_record_pages_are_not_in_the_nav(sample_site):
    page = html(sample_site, "catalogs/procurement")
    nav = re.search(r'<nav class="md-nav md-nav--primary[^"]*".*?</nav>', page, re.S).group(0)
    assert "目录" in nav and "负面清单" in nav
    assert "products/" not in nav and "enterprises/9" not in nav
    assert nav.count("<li") < 30


def test_sample_banner_on_every_page(sample_site):
    for page in sample_site.rglob("*.html"):
        assert "jl-sample-banner" in page.read_text(encoding="utf-8"), page


def test_no_banner_when_no_package_is_sample(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    apply_edits(data, [{"file": "catalog/datapackage.yaml", "replace": ["sample: true", "sample: false"]}])
    build(data, tmp_path / "site", as_of=AS_OF)
    assert "jl-sample-banner" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_no_third_party_resources(sample_site):
    for page in sample_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//[^>]*>', text):
            assert 'rel="canonical"' in tag, (page, tag)  # the permalink is not fetched
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_search_index_has_the_filters(sample_site):
    entry = (sample_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"zh' in entry  # Chinese index, segmented by the extended binary
    assert any((sample_site / "pagefind" / "filter").iterdir())


def test_same_input_gives_byte_identical_output(sample_site, tmp_path):
    again = tmp_path / "again"
    build(SAMPLE_DATA, again, as_of=AS_OF)
    assert tree_digest(again) == tree_digest(sample_site)


@pytest.fixture()
def good_site(tmp_path):
    out = tmp_path / "site"
    build(FIXTURES / "minimal", out, as_of=AS_OF)
    return out


def _assert_untouched(out: Path, before: dict) -> None:
    assert tree_digest(out) == before
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_invalid_data_leaves_previous_site(good_site, tmp_path):
    before = tree_digest(good_site)
    data = tmp_path / "broken"
    shutil.copytree(FIXTURES / "minimal", data)
    apply_edits(data, [{"file": "catalog/products.csv", "set": {"line": 2, "field": "route", "value": "x"}}])
    with pytest.raises(BuildFailed) as failure:
        build(data, good_site, as_of=AS_OF)
    assert failure.value.exit_status == 1 and "products.csv 第 2 行" in str(failure.value)
    _assert_untouched(good_site, before)


@pytest.mark.parametrize(
    "stage, error",
    [
        ("generator.site.render.render_site", RuntimeError("渲染失败")),
        ("generator.site.theme.write_docs", OSError("磁盘已满")),
        ("generator.site.theme.build_site", SiteBuildFailed("mkdocs 失败")),
        ("generator.site.harden.add_csp", HardenFailed("安全策略失败")),
        ("generator.site.theme.Shells.write", ShellFailed("外壳失败")),
        ("generator.build.index_site", IndexFailed("Pagefind 失败")),
        ("generator.opendata.stage.publish_files", OSError("磁盘已满")),
        ("generator.build.publish", OSError("无法改名")),
    ],
)
def test_failure_in_a_later_stage_leaves_previous_site(good_site, monkeypatch, stage, error):
    before = tree_digest(good_site)

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(stage, fail)
    if isinstance(error, GeneratorError | OSError):  # a failure the user can act on: reported as such
        with pytest.raises(BuildFailed) as failure:
            build(FIXTURES / "minimal", good_site, as_of=AS_OF)
        assert "原有网站未改动" in str(failure.value)
    else:  # a bug in a stage is not dressed up as a build failure, and costs the last good site nothing either
        with pytest.raises(type(error)):
            build(FIXTURES / "minimal", good_site, as_of=AS_OF)
    _assert_untouched(good_site, before)


def test_demo_projects_show_their_ratio_and_products(sample_site, catalogue):
    from generator.ratio.project import demo_project

    overview = html(sample_site, "projects")
    for project in catalogue.projects:
        ratio = demo_project(catalogue, project)
        page = html(sample_site, f"projects/{project}")
        figure = f"{ratio.result.ratio:.1f}%"
        assert figure in page and figure in overview
        for use in ratio.uses:
            assert f'href="../../products/{use.product}/"' in page
        assert "在计算器中打开" in page and "四川省建筑工程绿色建材应用比例核算技术细则（试行）" in page
    # D004 worked by hand from its bill of materials (demo_project_*.csv): Q1 uses 4 items, 2 meet 80 %
    # (预制混凝土楼梯 1620/5330 and 遮阳 1650/4370 fall short: a withdrawn certificate, a negative-listed
    # product) → 22.5; Q2 卫生洁具 261/261 → 35; Q3 3 of 3 → 15; Q4 5/5 台 → 5; P = 77.5 → 12 points.
    d004 = html(sample_site, "projects/D004")
    assert "77.5%" in d004 and "Q1 主体及围护结构工程用材：22.5 / 45（使用 4 项，达标 2 项）" in d004
    assert "得 12 分" in d004 and "二星级要求不低于 20%：满足（本工程的星级）" in d004
    # D002 uses nothing outdoors: the page says what the site does where the 细则 is silent.
    assert "Q4 室外工程用材：没有使用任何分项。细则没有规定" in html(sample_site, "projects/D002")


def test_publish_puts_the_old_site_back_when_the_swap_fails(tmp_path, monkeypatch):
    import os

    from generator.site import publish as publish_module

    out, new = tmp_path / "site", tmp_path / ".site.new"
    out.mkdir()
    (out / "index.html").write_text("old", encoding="utf-8")
    new.mkdir()
    real = os.rename

    def rename(src, dst):
        if src == new:
            raise OSError("busy")
        real(src, dst)

    monkeypatch.setattr(publish_module.os, "rename", rename)
    with pytest.raises(OSError):
        publish_module.publish(new, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "old"


def test_a_failing_download_writer_in_its_forked_process_leaves_previous_site(good_site, monkeypatch):
    from generator.opendata import stage

    before = tree_digest(good_site)

    def fail(*args, **kwargs):
        raise OpenDataError("下载文件写不出")

    monkeypatch.setattr(stage, "write_downloads", fail)
    with pytest.raises(BuildFailed) as failure:
        build(FIXTURES / "minimal", good_site, as_of=AS_OF)
    assert "下载文件写不出" in str(failure.value) and "原有网站未改动" in str(failure.value)
    _assert_untouched(good_site, before)
