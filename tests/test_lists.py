"""People-shaped downloads: each list page's download has the page's rows and columns (read from the built
sample site's HTML), and the 总表 give names, Chinese labels, region, catalog and batch, certificate, status,
expiry and the negative-list flag (checked on the minimal fixture against values written out by hand)."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from generator import records
from generator.opendata.downloads import write_all
from generator.opendata.release import Release
from generator.validation.validate import validate
from tests.support import AS_OF, FIXTURES

BASE = "https://example.org/"


class _Page(HTMLParser):
    """The tables of a page (header cells, then the text of each body row's cells) and its list items."""

    def __init__(self):
        super().__init__()
        self.tables: list[tuple[list[str], list[list[str]]]] = []
        self.items: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._item: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(([], []))
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        elif tag == "li":
            self._item = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            header, body = self.tables[-1]
            (body if header else header).extend([self._row] if header else self._row)
            self._row = None
        elif tag == "li" and self._item is not None:
            self.items.append("".join(self._item).strip())
            self._item = None

    def handle_data(self, data):
        for part in (self._cell, self._item):
            if part is not None:
                part.append(data)


def page(site: Path, path: str) -> _Page:
    parsed = _Page()
    parsed.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return parsed


def download(site: Path, path: str) -> list[dict[str, str]]:
    """The CSV download of list page ``path``, one dict per row by column title."""
    text = (site / "data" / "lists" / f"{path.strip('/')}.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def rows_of(parsed: _Page, header: list[str]) -> list[dict[str, str]]:
    """Body rows of every table with exactly this header, in page order, as dicts."""
    return [dict(zip(head, row, strict=True)) for head, body in parsed.tables if head == header for row in body]


def columns(rows: list[dict], names: list[str]) -> list[list[str]]:
    return [[row[name] for name in names] for row in rows]


def list_pages(site: Path) -> list[str]:
    """Every list page of the site that has a download."""
    found = ["certificates/", "negative-list/", "enterprises/", "projects/", "regions/", "categories/", "catalogs/"]
    found += [f"certificates/{p.name}/" for p in sorted((site / "certificates").iterdir()) if (p / "index.html").exists()]
    found += [f"catalogs/{p.name}/" for p in sorted((site / "catalogs").iterdir()) if (p / "index.html").exists()]
    found += [f"regions/{p.name}/" for p in sorted((site / "regions").iterdir()) if (p / "index.html").exists()]
    found += [f"categories/{p.name}/" for p in sorted((site / "categories").iterdir()) if (p / "index.html").exists()]
    return found


def test_every_list_page_links_the_download_of_its_list(sample_site):
    pages = list_pages(sample_site)
    assert len(pages) > 60
    for path in pages:
        html = (sample_site / path / "index.html").read_text(encoding="utf-8")
        stem = f"data/lists/{path.strip('/')}"
        assert f"{stem}.xlsx" in html and f"{stem}.csv" in html, path
        assert (sample_site / f"{stem}.xlsx").is_file() and (sample_site / f"{stem}.csv").is_file(), path


def test_catalog_downloads_have_the_rows_of_the_batch_tables(sample_site):
    header = ["产品", "分类", "生产企业", "收录日期", "当前"]
    for catalog in ("procurement", "suitable", "construction"):
        shown = rows_of(page(sample_site, f"catalogs/{catalog}"), header)
        rows = download(sample_site, f"catalogs/{catalog}/")
        assert shown and columns(rows, header) == columns(shown, header), catalog
        active = rows_of(page(sample_site, f"catalogs/{catalog}"), ["产品", "规格型号", "生产企业", "批次", "状态"])
        listed = [row for row in rows if row["当前"] == "在录"]
        assert sorted(columns(listed, ["产品", "规格型号", "批次", "状态"])) == sorted(
            columns(active, ["产品", "规格型号", "批次", "状态"])
        )


def test_the_certificates_download_has_the_page_s_rows_in_its_order(sample_site):
    header = ["证书编号", "产品", "认证机构", "星级", "有效期至"]
    shown = rows_of(page(sample_site, "certificates"), header)  # at most 50 of a status; the rest on its own page
    rows = download(sample_site, "certificates/")  # every certificate, in the page's order
    assert len(rows) == 138 and 0 < len(shown) < 138
    assert {row["状态"] for row in rows} == {"有效", "即将到期", "已过期", "已撤销"}
    statuses = list(dict.fromkeys(row["状态"] for row in rows))
    assert statuses == ["即将到期", "有效", "已过期", "已撤销"]  # the page's section order
    shown_numbers = {row["证书编号"] for row in shown}
    for status in statuses:
        of_status = [row for row in rows if row["状态"] == status]
        first = [row for row in of_status if row["证书编号"] in shown_numbers]
        assert columns(first, header) == columns(of_status[: len(first)], header), status  # the page shows a prefix
    assert columns([row for row in rows if row["证书编号"] in shown_numbers], header) == columns(shown, header)


def test_the_negative_list_download_splits_the_two_line_cells(sample_site):
    shown = rows_of(page(sample_site, "negative-list"), ["对象", "编号", "原因", "决定", "情况说明"])
    rows = download(sample_site, "negative-list/")
    assert [row["编号"] for row in rows] == [row["编号"] for row in shown]
    for got, want in zip(rows, shown, strict=True):
        assert "\n".join(v for v in (got["对象（产品）"], got["对象（企业）"]) if v) == want["对象"]
        assert f"{got['决定日期']} {got['决定部门']}\n{got['决定文号']}" == want["决定"]
        assert (got["原因"], got["情况说明"]) == (want["原因"], want["情况说明"])


def test_region_category_and_enterprise_downloads_match_their_pages(sample_site):
    for region in ("changchun", "yanbian", "changbaishan"):
        shown = [item for item in page(sample_site, f"regions/{region}").items if item.endswith("项产品")]
        rows = download(sample_site, f"regions/{region}/")
        assert [f"{row['生产企业']}：{row['产品数']} 项产品" for row in rows] == shown, region
    header = ["产品", "规格型号", "生产企业", "分类", "状态"]
    for category in ("RZ-01-05", "XQ-02-01"):
        shown = rows_of(page(sample_site, f"categories/{category}"), header)
        assert columns(download(sample_site, f"categories/{category}/"), header) == columns(shown, header), category
    header = ["企业", "统一社会信用代码", "产品数"]
    shown = rows_of(page(sample_site, "enterprises"), header)
    rows = download(sample_site, "enterprises/")
    marked = {row["统一社会信用代码"] for row in shown if row["企业"].endswith(" 负面清单")}
    for row in shown:  # the page marks a maker on the negative list after its name
        row["企业"] = row["企业"].removesuffix(" 负面清单")
    assert len(shown) == 66 and columns(rows, header) == columns(shown, header)
    flagged = {row["统一社会信用代码"] for row in rows if row["列入负面清单"] == "是"}
    assert flagged == marked and len(marked) == 6 and {row["列入负面清单"] for row in rows} == {"是", "否"}


def test_the_index_lists_download_their_tables(sample_site):
    header = [
        "项目",
        "地区",
        "建筑类型",
        "建筑面积（㎡）",
        "绿色建筑星级",
        "使用目录产品",
        "绿色建材应用比例",
        "7.2.18 得分",
        "星级前提",
    ]
    shown = rows_of(page(sample_site, "projects"), header)
    rows = download(sample_site, "projects/")
    assert len(rows) == len(shown) == 4
    for got, want in zip(rows, shown, strict=True):
        assert [got[k] for k in ("项目", "地区", "建筑类型", "绿色建筑星级", "使用目录产品", "7.2.18 得分")] == [
            want[k] for k in ("项目", "地区", "建筑类型", "绿色建筑星级", "使用目录产品", "7.2.18 得分")
        ]
        assert f"{got['绿色建材应用比例（%）']}%" == want["绿色建材应用比例"]
        assert (got["星级前提"] or "—") == want["星级前提"]
        assert f"{float(got['建筑面积（㎡）']):,.0f}" == want["建筑面积（㎡）"]
    shown = rows_of(page(sample_site, "regions"), ["地区", "行政区划代码", "企业", "产品", "示范工程"])
    rows = download(sample_site, "regions/")
    assert [row["地区"] for row in rows] == [row["地区"].split(" ")[0] for row in shown]  # " 通化市代管" follows
    assert columns(rows, ["企业", "产品", "示范工程"]) == columns(shown, ["企业", "产品", "示范工程"])
    assert rows[0]["行政区划代码"] == "220100"  # 长春市, kept as text
    shown = rows_of(page(sample_site, "catalogs"), ["目录", "发布部门", "批次"])
    header = ["目录", "发布部门", "批次"]
    assert columns(download(sample_site, "catalogs/"), header) == columns(shown, header)
    items = page(sample_site, "categories").items
    rows = download(sample_site, "categories/")
    assert [f"{row['品目']} {row['分类代码']} · {row['产品数']} 项" for row in rows] == [i for i in items if i.endswith("项")]


# --------------------------------------------------------------------------- the 总表, on the minimal fixture


@pytest.fixture(scope="module")
def overviews(tmp_path_factory) -> Path:
    report = validate(FIXTURES / "minimal")
    out = tmp_path_factory.mktemp("overviews") / "data"
    write_all(
        report.data, out, Release("吉林省绿色建材开放数据", BASE, "2026-11-25+abc1234", AS_OF), records.build(report.data, AS_OF)
    )
    return out


def sheet(out: Path, name: str) -> dict[str, dict[str, object]]:
    """The 数据 sheet of an .xlsx 总表 by its first column."""
    rows = list(openpyxl.load_workbook(out / f"{name}.xlsx")["数据"].iter_rows(values_only=True))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_the_product_overview_answers_in_one_row(overviews):
    products = sheet(overviews, "products-overview")
    assert products["P00002"] == {
        "产品编号": "P00002",
        "产品名称": "挤塑聚苯板",
        "规格型号": "XPS-320",
        "产品分类": "保温系统材料",
        "分类代码": "RZ-01-05",
        "生产企业": "吉林青松示例保温材料有限公司",
        "统一社会信用代码": "91220204000000002K",
        "所在地区": "吉林市",
        "入选途径": "认证产品",
        "应用场景": "绿色建筑、农房",
        "当前状态": "即将到期",
        "证书编号": "SL-CTC-2022-00002",
        "认证机构": "中国建材检验认证集团",
        "星级": "三星级",
        "有效期至": products["P00002"]["有效期至"],
        "所在目录与批次": "吉林省政府采购绿色建材产品推荐目录（2025年第二批）；吉林省适用绿色建材推广应用目录（2026年第一批）",
        "负面清单": "否",
        "网址": BASE + "products/P00002/",
    }
    assert products["P00002"]["有效期至"].date().isoformat() == "2027-01-04"  # a date cell
    assert products["P00015"]["负面清单"] == "是：弄虚作假" and products["P00003"]["当前状态"] == "负面清单"
    about = dict(openpyxl.load_workbook(overviews / "products-overview.xlsx")["说明"].iter_rows(min_row=2, values_only=True))
    assert about["状态适用日期"].startswith("证书状态、在录状态按生成日期计算，在 2026-11-06 至 2027-01-04 之间的任何一天")


def test_the_certificate_and_enterprise_overviews(overviews):
    certificates = sheet(overviews, "certificates-overview")
    first = certificates["SL-CABR-CC-2021-00001"]
    assert (first["产品名称"], first["所在地区"], first["认证机构"], first["星级"], first["证书状态"]) == (
        "真空绝热板",
        "长春市",
        "中国建筑科学研究院认证中心",
        "三星级",
        "已过期",
    )
    enterprises = sheet(overviews, "enterprises-overview")
    maker = enterprises["912204020000000047"]
    assert maker["统一社会信用代码"] == "912204020000000047" and maker["所在地区"] == "辽源市"
    assert maker["行政区划代码"] == "220400" and maker["负面清单"] == "是：产品与认证信息不符、弄虚作假"
    assert maker["荣誉"] == "绿色工厂（2020）；专精特新“小巨人”企业（2021）"
    csv_rows = list(csv.DictReader(io.StringIO((overviews / "enterprises-overview.csv").read_text(encoding="utf-8-sig"))))
    assert [row["统一社会信用代码"] for row in csv_rows] == list(enterprises)
    book = openpyxl.load_workbook(overviews / "jilin-green-materials-overview.xlsx")
    assert book.sheetnames == ["产品总表", "证书总表", "企业总表", "负面清单", "数据字典", "说明"]
