"""Open data on the built site: downloads, data dictionary, API, metadata, citations, statistics, history."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.build import build
from generator.settings import Settings
from tests.browser import launch, serve
from tests.support import AS_OF, FIXTURES, SAMPLE_DATA, commit, drop_product, git, rewrite
from tests.test_lists import download as list_download
from tests.test_lists import page as list_page
from tests.test_lists import rows_of as list_rows

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def descriptors() -> list[dict]:
    return [
        yaml.safe_load((SAMPLE_DATA / part / "datapackage.yaml").read_text(encoding="utf-8")) for part in ("catalog", "reference")
    ]


def resources() -> list[dict]:
    return [r for d in descriptors() for r in d["resources"]]


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def version_of(site: Path) -> str:
    return json.loads((site / "data" / "manifest.json").read_text(encoding="utf-8"))["version"]


def test_every_table_has_every_format_and_the_checksums_hold(sample_site):
    data = sample_site / "data"
    names = {d["file"] for d in json.loads((data / "manifest.json").read_text(encoding="utf-8"))["downloads"]}
    for resource in resources():
        for suffix in (".csv", ".utf8.csv", ".csv-metadata.json", ".json", ".jsonl", ".schema.json", ".xlsx"):
            assert resource["name"] + suffix in names
    assert {"jilin-green-materials.sqlite", "datapackage.zip"} <= names
    listed = {}
    for line in (data / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.lstrip("*")] = digest
    assert names <= set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((data / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("table", ["products", "certificates", "regions", "categories"])
def test_csv_downloads_round_trip_to_the_source_rows(sample_site, table):
    package = "reference" if table in ("regions", "categories") else "catalog"
    source = list(csv.reader(io.StringIO((SAMPLE_DATA / package / f"{table}.csv").read_text(encoding="utf-8-sig"))))
    with_bom = (sample_site / "data" / f"{table}.csv").read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(with_bom.decode("utf-8-sig")))) == source
    plain = (sample_site / "data" / f"{table}.utf8.csv").read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(plain))) == source
    rows = json.loads((sample_site / "data" / f"{table}.json").read_text(encoding="utf-8"))
    assert [str(r[source[0][0]]) for r in rows] == [r[0] for r in source[1:]]


def test_excel_opens_with_chinese_headers_dictionary_and_version(sample_site):
    products = next(r for r in resources() if r["name"] == "products")
    book = openpyxl.load_workbook(sample_site / "data" / "products.xlsx", read_only=True)
    assert book.sheetnames == ["数据", "数据字典", "说明"]
    rows = list(book["数据"].iter_rows(values_only=True))
    assert list(rows[0]) == [f["title"] for f in products["schema"]["fields"]]
    assert len(rows) - 1 == sum(1 for _ in csv.reader(io.StringIO((SAMPLE_DATA / "catalog/products.csv").read_text("utf-8")))) - 1
    dictionary = [r[0] for r in book["数据字典"].iter_rows(min_row=2, values_only=True)]
    assert dictionary == [f["name"] for f in products["schema"]["fields"]]
    about = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True) if len(r) > 1}
    assert about["数据提交"].startswith(version_of(sample_site).split("+")[1]) and "CC-BY-4.0" in str(about["许可"])


def test_sqlite_holds_every_table_with_foreign_keys(sample_site):
    db = sqlite3.connect(sample_site / "data" / "jilin-green-materials.sqlite")
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    count = db.execute("SELECT COUNT(*) FROM products").fetchone()[0]
    assert count == len((SAMPLE_DATA / "catalog/products.csv").read_text("utf-8").splitlines()) - 1
    assert db.execute("SELECT COUNT(*) FROM pragma_foreign_key_list('products')").fetchone()[0] >= 1
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO certificates (number, product, body, grade, issue_date, expiry_date, withdrawn) "
            "VALUES ('SL-X-1', 'NO-SUCH-PRODUCT', 'cabr', 1, '2026-01-01', '2031-01-01', 0)"
        )
    assert dict(db.execute("SELECT key, value FROM _metadata").fetchall())["commit"] == version_of(sample_site).split("+")[1]


def test_dataset_pages_describe_every_field_and_carry_valid_jsonld(sample_site):
    for resource in resources():
        html = page(sample_site, f"data/{resource['name']}")
        for field in resource["schema"]["fields"]:
            assert f'id="field-{field["name"]}"' in html
        blocks = LD_JSON.findall(html)
        assert len(blocks) == 1
        dataset = json.loads(blocks[0])
        assert dataset["@context"].startswith("https://schema.org") and dataset["@type"] == "Dataset"
        for key in ("name", "description", "license", "creator", "dateModified", "version", "distribution"):
            assert dataset.get(key), (resource["name"], key)
        formats = set()
        for download in dataset["distribution"]:
            assert download["@type"] == "DataDownload"
            assert download["contentUrl"].startswith("https://")
            assert (sample_site / "data" / download["contentUrl"].rsplit("/data/", 1)[1]).exists()
            formats.add(download["encodingFormat"])
        assert len(dataset["distribution"]) == 7 and any(f.startswith("text/csv") for f in formats)
        assert "GB/T 7714-2015" in html and "[DB/OL]" in html


def test_home_page_has_a_data_catalog_and_the_dcat_file_lists_the_datasets(sample_site):
    catalog = json.loads(LD_JSON.findall(page(sample_site, ""))[0])
    assert catalog["@type"] == "DataCatalog" and catalog["license"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert len(catalog["dataset"]) == len(resources())
    dcat = json.loads((sample_site / "data" / "catalog.dcat.jsonld").read_text(encoding="utf-8"))
    text = json.dumps(dcat)
    assert "dcat:Catalog" in text and text.count("dcat:downloadURL") >= 4 * len(resources())


def test_sitemap_lists_every_page_including_records(sample_site):
    root = ET.fromstring((sample_site / "sitemap.xml").read_text(encoding="utf-8"))  # noqa: S314 - our own output
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = {u.findtext(f"{ns}loc") for u in root.iter(f"{ns}url")}
    pages = [p for p in sample_site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(urls) == len(pages)
    assert "https://jilin-green-materials.github.io/open-data/products/P00001/" in urls
    assert not (sample_site / "sitemap.xml.gz").exists()


def test_static_api_has_a_file_per_record(sample_site):
    index = json.loads((sample_site / "api" / "products" / "index.json").read_text(encoding="utf-8"))
    ids = [p.name for p in (sample_site / "products").iterdir() if p.is_dir()]
    listed = json.dumps(index, ensure_ascii=False)
    assert index["version"] == version_of(sample_site)
    for pid in ids:
        record = json.loads((sample_site / "api" / "products" / f"{pid}.json").read_text(encoding="utf-8"))
        assert record["id"] == pid and record["permalink"].endswith(f"/products/{pid}/") and pid in listed
    assert "api/products/" in page(sample_site, "api") and "curl" in page(sample_site, "api")


def test_every_page_carries_the_data_version(sample_site):
    version = version_of(sample_site)
    for html in sample_site.rglob("index.html"):
        if "pagefind" not in html.parts:
            assert f"数据版本 {version}" in html.read_text(encoding="utf-8"), html


def test_record_pages_say_how_to_cite_them(sample_site):
    html = page(sample_site, "products/P00001")
    assert "如何引用" in html and "[DB/OL]" in html and "[Data set]" in html
    assert "https://jilin-green-materials.github.io/open-data/products/P00001/" in html
    assert version_of(sample_site) in html and AS_OF.isoformat() in html
    assert (Path(__file__).parent.parent / "CITATION.cff").exists()


def test_statistics_page_inlines_seven_charts_with_their_files(sample_site):
    html = page(sample_site, "statistics")
    assert html.count('<figure class="jl-chart"') == 7
    for chart in re.findall(r'href="([a-z-]+)\.csv"', html):
        assert (sample_site / "statistics" / f"{chart}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        svg = (sample_site / "statistics" / f"{chart}.svg").read_text(encoding="utf-8")
        ET.fromstring(svg)  # noqa: S314 - our own output
        assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


@pytest.mark.parametrize(
    ("zone", "instant", "beijing_day"),
    [
        (
            "America/Los_Angeles",
            "2026-03-11T03:30:00+00:00",
            (2026, 3, 11),
        ),  # 20:30 on the 10th there, 11:30 on the 11th in Beijing
        ("Asia/Tokyo", "2026-03-10T15:30:00+00:00", (2026, 3, 10)),  # 00:30 on the 11th there, 23:30 on the 10th in Beijing
    ],
)
def test_copy_button_and_the_access_date_in_beijing_time(sample_site, zone, instant, beijing_day):
    with serve(sample_site) as base, launch() as browser:
        context = browser.new_context(timezone_id=zone)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        tab = context.new_page()
        tab.clock.set_fixed_time(dt.datetime.fromisoformat(instant))
        tab.goto(base + "products/P00001/")
        year, month, day = beijing_day
        gbt, apa = tab.locator(".jl-cite-text").nth(0), tab.locator(".jl-cite-text").nth(1)
        assert f"[{year}-{month:02d}-{day:02d}]" in gbt.inner_text()
        assert f"Retrieved {year}年{month}月{day}日" in apa.inner_text()
        copy = tab.locator(".jl-cite .jl-copy").first
        assert copy.is_visible()
        copy.click()
        tab.wait_for_timeout(200)
        assert tab.evaluate("navigator.clipboard.readText()") == gbt.inner_text()
        context.close()


def test_without_a_clipboard_the_copy_button_hides_and_a_click_selects_the_citation(sample_site):
    with serve(sample_site) as base, launch() as browser:
        context = browser.new_context()
        context.add_init_script("delete Navigator.prototype.clipboard;")  # as on a plain-HTTP site
        tab = context.new_page()
        tab.goto(base + "products/P00001/")
        assert tab.evaluate("navigator.clipboard") is None
        assert tab.locator(".jl-cite .jl-copy").count() == 2
        assert not tab.locator(".jl-cite .jl-copy").first.is_visible()
        assert not tab.locator(".jl-cite .jl-copy").nth(1).is_visible()
        cite = tab.locator(".jl-cite-text").nth(1)
        cite.click()
        assert tab.evaluate("window.getSelection().toString()") == cite.inner_text()
        context.close()


# --------------------------------------------------------------------------- history and tombstones


@pytest.fixture(scope="module")
def history_site(tmp_path_factory) -> Path:
    """A data folder with two commits, the second removing a product, built into a site."""
    repo = tmp_path_factory.mktemp("open-history") / "repo"
    data = repo / "catalog_data"
    shutil.copytree(FIXTURES / "minimal", data)
    git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "测试"), ("user.email", "test@example.com"), ("commit.gpgsign", "false")):
        git(repo, "config", key, value)
    commit(repo, "首次发布数据", "2026-01-05T09:00:00+08:00")
    drop_product(data, "P00003")
    products = data / "catalog/products.csv"
    rewrite(products, lambda rows: [*rows, ["P90001", "新增示例岩棉板", *rows[2][2:]]])
    rewrite(
        data / "catalog/certificates.csv",  # a certified product comes with its certificate
        lambda rows: [*rows, ["SL-CABR-CC-2025-90001", "P90001", "cabr-cc", "3", "2025-01-05", "2030-01-04", "false", ""]],
    )
    rewrite(products, lambda rows: [[*r[:2], "XPS-321", *r[3:]] if r[0] == "P00002" else r for r in rows])
    commit(repo, "移除 P00003：生产企业申请撤回", "2026-03-01T10:00:00+08:00")
    out = repo.parent / "site"
    build(data, out, as_of=AS_OF)
    return out


def test_a_removed_record_keeps_its_url_with_a_tombstone(history_site):
    html = page(history_site, "products/P00003")
    assert "已移除" in html and "2026-03-01" in html and "生产企业申请撤回" in html
    assert 'name="description"' in html and "<title>已移除" in html
    assert "products/P00003/" in page(history_site, "changelog")
    stone = json.loads((history_site / "api" / "products" / "P00003.json").read_text(encoding="utf-8"))
    assert (stone["id"], stone["removed"], stone["removed_date"]) == ("P00003", True, "2026-03-01")
    assert stone["reason"] == "移除 P00003：生产企业申请撤回" and stone["last_values"]["id"] == "P00003"
    index = json.loads((history_site / "api" / "products" / "index.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in index["removed"]] == ["P00003"]


@pytest.mark.parametrize("form", ["json", "markdown", "text"])
def test_diff_command_compares_two_git_revisions_record_by_record(history_site, form):
    repo = history_site.parent / "repo"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "HEAD~1", "HEAD", "--format", form],
        cwd=repo,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent)),
    )
    assert done.returncode == 0, done.stderr
    if form == "json":
        changes = {(c["table"], c["key"]): c for c in json.loads(done.stdout)["changes"]}
        assert changes[("products", "P90001")]["kind"] == "added"
        assert changes[("products", "P00003")]["kind"] == "removed"
        changed = changes[("products", "P00002")]
        assert changed["kind"] == "changed" and changed["fields"]["model"][1] == "XPS-321"
    else:
        shown = done.stdout.replace("\\-", "-")  # Markdown escapes the hyphen
        for token in ("P90001", "P00003", "P00002", "XPS-320", "XPS-321"):
            assert token in shown


def test_the_atom_feed_lists_the_removal(history_site):
    feed = ET.fromstring((history_site / "changelog" / "feed.xml").read_text(encoding="utf-8"))  # noqa: S314 - our own output
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == [
        "新增 1 个产品，删除 1 个产品，修改 1 个产品等",
        "新增 16 个产品，新增 11 家企业，新增 3 本目录等",
    ]
    content = entries[0].findtext(f"{atom}content")
    assert "删除 1 个产品（预制混凝土叠合梁 DHL-571）" in content and "移除 P00003：生产企业申请撤回" in content


# --------------------------------------------------------------------------- pagination and theme shells


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def paged_sites(tmp_path_factory):
    """The minimal data built with three rows per listing page, with and without theme shells."""
    settings = Settings.load(page_size=3)
    root = tmp_path_factory.mktemp("paged")
    build(FIXTURES / "minimal", root / "shells", as_of=AS_OF, settings=settings)
    build(FIXTURES / "minimal", root / "mkdocs", as_of=AS_OF, settings=settings, shells=False)
    return root / "shells", root / "mkdocs"


def test_record_pages_filled_into_shells_equal_what_mkdocs_writes(paged_sites):
    shells, plain = tree(paged_sites[0]), tree(paged_sites[1])
    assert shells.keys() == plain.keys()
    different = [name for name in shells if shells[name] != plain[name]]
    assert different == []
    assert any(name.startswith("products/") for name in shells)


def test_long_listings_are_split_into_linked_pages(paged_sites):
    site = paged_sites[0]
    html = page(site, "certificates/valid/page/2")
    assert 'aria-current="page">2<' in html and 'rel="prev"' in html and "（第 2 页）" in html
    assert 'rel="next" href="../../certificates/valid/page/2/"' in page(site, "certificates/valid")
    assert "certificates/valid/" in page(site, "certificates")
    assert list(site.glob("catalogs/*/batches/*/page/2/index.html"))


def test_a_certificate_status_list_downloads_that_status_only(paged_sites):
    site = paged_sites[0]
    header = ["证书编号", "产品", "认证机构", "星级", "有效期至"]
    html = page(site, "certificates/valid")
    assert "data/lists/certificates/valid.xlsx" in html and "data/lists/certificates/valid.csv" in html
    shown = []
    numbered = sorted(site.glob("certificates/valid/page/*/index.html"), key=lambda p: int(p.parent.name))
    for path in ["certificates/valid", *(p.parent.relative_to(site).as_posix() for p in numbered)]:
        shown += list_rows(list_page(site, path), header)
    assert len(shown) > 3  # more than one numbered page
    rows = list_download(site, "certificates/valid/")
    assert [[row[k] for k in header] for row in rows] == [[row[k] for k in header] for row in shown]
    assert {row["状态"] for row in rows} == {"有效"}


def test_sample_scale_listings_stay_on_one_page(sample_site):
    assert not list(sample_site.glob("**/page/2/index.html"))
    assert 'class="jl-pager"' not in page(sample_site, "certificates")
