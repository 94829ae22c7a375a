"""Statistics stage: counts from the catalogue, drawn at build time as SVG charts (chart_svg.py).

Each chart carries the numbers behind it (for CSV and an HTML table), the population it counts, stated
in the words of the home page's headline figures (``headline``, labels.yaml ``headline``), and two
drawings: one for a desktop column, which is also the downloadable file, and one for a phone.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..labels import GRADE, HEADLINE, STATUS
from ..records import Catalogue, current_certificate
from .chart_svg import DECLARATION, NO_DATA, Drawing, bars, columns, narrow

__all__ = ["NO_DATA", "Chart", "Headline", "bar_chart", "column_chart", "headline", "statistics"]

CERTIFICATE_STATUSES = ("valid", "expiring", "expired", "withdrawn")


@dataclass(frozen=True)
class Headline:
    """The figures the home page leads with, counted once for the home page and the charts."""

    products: int
    """Every product the site holds, listed in a catalog or not."""
    active_products: int
    """Products with at least one catalog entry in force on the build date: 目录在录产品."""
    enterprises: int
    certificates: int
    valid_certificates: int
    """Certificates valid on the build date, those expiring within 90 days included: 有效认证证书."""
    expiring: int
    negative: int
    projects: int


def headline(c: Catalogue) -> Headline:
    statuses = Counter(cert.status for cert in c.certificates.values())
    return Headline(
        products=len(c.products),
        active_products=sum(1 for p in c.products if c.active_entries(p)),
        enterprises=len(c.enterprises),
        certificates=len(c.certificates),
        valid_certificates=statuses["valid"] + statuses["expiring"],
        expiring=statuses["expiring"],
        negative=len(c.negative_list),
        projects=len(c.projects),
    )


@dataclass(frozen=True)
class Chart:
    """One statistics chart: the numbers behind it, what they count, and the drawings made from them."""

    id: str
    """Stable slug, used for the page anchor and the files ``<id>.svg`` and ``<id>.csv``."""
    title: str
    description: str
    """What is counted (the population first, in the home page's words), how, and as of which date."""
    header: tuple[str, ...]
    """Column names of the CSV and of the data table; the last column is the value drawn."""
    rows: tuple[tuple, ...]
    svg: str
    """Standalone SVG document for a desktop column, XML declaration included: the downloadable file."""
    narrow_svg: str
    """The same chart drawn for a phone (each label over its bar)."""
    population: str = ""
    """What the numbers count and how many there are, e.g. ``目录在录产品 162 项``."""

    def csv_text(self) -> str:
        """The numbers as UTF-8 CSV text (no BOM); cells that a spreadsheet would run as a formula are quoted with '."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows([_csv_cell(cell) for cell in row] for row in self.rows)
        return out.getvalue()

    @property
    def inline_svg(self) -> Markup:
        """The <svg> element for inlining in a page: no XML declaration and no blank line."""
        return Markup(self.svg.removeprefix(DECLARATION).rstrip())  # noqa: S704 - generated here, every text escaped

    @property
    def inline_narrow_svg(self) -> Markup:
        return Markup(self.narrow_svg.removeprefix(DECLARATION).rstrip())  # noqa: S704 - generated here, escaped


def statistics(c: Catalogue) -> list[Chart]:
    """The charts of the 统计 page, in page order."""
    h = headline(c)
    return [
        products_by_category(c, h),
        products_by_region(c, h),
        products_by_grade(c, h),
        entries_by_batch(c, h),
        certificates_by_status(c, h),
        certificates_expiring(c, h),
        negative_by_reason(c, h),
    ]


# populations -------------------------------------------------------------------------------------


def _active_products(h: Headline) -> str:
    name = HEADLINE["active_products"]
    left_out = h.products - h.active_products
    return (
        f"{name} {h.active_products} 项（即首页的“{name}”；本站共有产品 {h.products} 项，"
        f"已移出目录或未被收录的 {left_out} 项不计入）"
    )


def _sentence(population: str, how: str, c: Catalogue) -> str:
    return f"统计对象：{population}。{how}数据截至 {c.as_of.isoformat()}。"


# the charts --------------------------------------------------------------------------------------


def products_by_category(c: Catalogue, h: Headline) -> Chart:
    counts = Counter(p.category for p in c.products.values() if c.active_entries(p.id))
    codes = sorted(counts, key=lambda code: (-counts[code], code))
    rows = [(code, c.categories[code].name, counts[code]) for code in codes]
    population = _active_products(h)
    return bar_chart(
        "products-by-category",
        f"各产品分类的{HEADLINE['active_products']}数",
        _sentence(population, "按产品分类计数，只列出有产品的分类，从多到少排列。", c),
        ("分类代码", "分类名称", f"{HEADLINE['active_products']}数"),
        rows,
        [f"{name}（{code}）" for code, name, _ in rows],
        population,
    )


def products_by_region(c: Catalogue, h: Headline) -> Chart:
    counts = Counter(c.enterprises[p.enterprise].region for p in c.products.values() if c.active_entries(p.id))
    rows = [(r.id, r.name, counts[r.id]) for r in c.regions.values()]
    population = _active_products(h)
    return bar_chart(
        "products-by-region",
        f"各地区的{HEADLINE['active_products']}数",
        _sentence(population, "按生产企业所在地区计数，列出全部地区。", c),
        ("地区编号", "地区名称", f"{HEADLINE['active_products']}数"),
        rows,
        [name for _, name, _ in rows],
        population,
    )


def products_by_grade(c: Catalogue, h: Headline) -> Chart:
    lapsed, uncertified = "证书已过期或撤销", "未认证（需求标准检验）"
    counts: Counter = Counter()
    for product in c.products.values():
        if not c.active_entries(product.id):
            continue
        certificates = c.certificates_by_product.get(product.id)
        if not certificates:
            counts[uncertified] += 1
            continue
        current = current_certificate(certificates)
        counts[lapsed if current.status in ("expired", "withdrawn") else GRADE[current.grade]] += 1
    rows = [(label, counts[label]) for label in (*GRADE.values(), lapsed, uncertified)]
    population = _active_products(h)
    return bar_chart(
        "products-by-grade",
        f"各认证星级的{HEADLINE['active_products']}数",
        _sentence(population, "按当前认证证书的星级计数；当前证书已过期或撤销的、没有认证证书的各算一组。", c),
        ("认证星级", f"{HEADLINE['active_products']}数"),
        rows,
        [label for label, _ in rows],
        population,
    )


def entries_by_batch(c: Catalogue, h: Headline) -> Chart:
    order = {catalog_id: i for i, catalog_id in enumerate(c.catalogs)}
    batches = sorted(c.batches.values(), key=lambda b: (b.published_date, order[b.catalog], b.id))
    rows = [
        (
            b.published_date.isoformat(),
            b.catalog,
            c.catalogs[b.catalog].name,
            b.id,
            b.name,
            len(c.entries_by_batch.get((b.catalog, b.id), ())),
        )
        for b in batches
    ]
    removed = sum(1 for e in c.entries if not e.active_on(c.as_of))
    population = (
        f"目录收录记录 {len(c.entries)} 条（含此后移出的 {removed} 条；一个产品可以被几本目录收录，"
        f"所以收录记录多于首页的“{HEADLINE['active_products']}”{h.active_products} 项）"
    )
    return column_chart(
        "entries-by-batch",
        "各目录每批收录的产品数",
        _sentence(population, "按批次计数，按发布日期排列，颜色和编号表示目录。", c),
        ("发布日期", "目录编号", "目录名称", "批次编号", "批次名称", "收录产品数"),
        rows,
        [(b.name, f"{_marker(order[b.catalog])} {b.published_date.isoformat()}") for b in batches],
        series=[order[b.catalog] for b in batches],
        legend=[f"{_marker(i)} {catalog.name}" for i, catalog in enumerate(c.catalogs.values())],
        population=population,
    )


def certificates_by_status(c: Catalogue, h: Headline) -> Chart:
    counts = Counter(cert.status for cert in c.certificates.values())
    rows = [(status, STATUS[status], counts[status]) for status in CERTIFICATE_STATUSES]
    population = (
        f"认证证书 {h.certificates} 张（其中“有效”和“即将到期”的 {h.valid_certificates} 张"
        f"即首页的“{HEADLINE['valid_certificates']}”）"
    )
    return bar_chart(
        "certificates-by-status",
        "各状态的认证证书数",
        _sentence(population, "按生成日的证书状态计数：剩余有效期不超过 90 天为“即将到期”。", c),
        ("状态代码", "状态", "证书数"),
        rows,
        [label for _, label, _ in rows],
        population,
    )


def certificates_expiring(c: Catalogue, h: Headline) -> Chart:
    months = _months(c.as_of, 12)
    live = [cert.expiry_date for cert in c.certificates.values() if not cert.withdrawn]
    rows = [
        (first.strftime("%Y-%m"), first.isoformat(), last.isoformat(), sum(1 for day in live if first <= day <= last))
        for first, last in months
    ]
    labels = [
        (f"{first.month}月", str(first.year)) if i == 0 or first.month == 1 else (f"{first.month}月",)
        for i, (first, _) in enumerate(months)
    ]
    population = (
        f"{HEADLINE['valid_certificates']} {h.valid_certificates} 张（即首页的“{HEADLINE['valid_certificates']}”），"
        f"其中今后 12 个月内到期的 {sum(row[-1] for row in rows)} 张"
    )
    how = f"按有效期截止日所在月份计数：本月从 {c.as_of.isoformat()} 起，再加此后 12 个月。"
    return column_chart(
        "certificates-expiring",
        "今后 12 个月每月到期的证书数",
        _sentence(population, how, c),
        ("月份", "起始日期", "截止日期", "到期证书数"),
        rows,
        labels,
        population=population,
    )


def negative_by_reason(c: Catalogue, h: Headline) -> Chart:
    counts = Counter(n.reason for n in c.negative_list)
    codes = [code for code, reason in c.reasons.items() if reason.negative or counts[code]]
    rows = [(code, c.reasons[code].name, counts[code]) for code in codes]
    population = f"{HEADLINE['negative']} {h.negative} 条（即首页的“{HEADLINE['negative']}”）"
    return bar_chart(
        "negative-by-reason",
        f"各原因的{HEADLINE['negative']}数",
        _sentence(population, "按列入原因计数，列出全部负面清单原因。", c),
        ("原因代码", "原因", "记录数"),
        rows,
        [name for _, name, _ in rows],
        population,
    )


def _months(as_of: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The rest of the month of ``as_of``, then ``count`` whole months, as (first, last) days."""
    out, first = [], as_of
    for _ in range(count + 1):
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        out.append((first, last))
        first = last + dt.timedelta(days=1)
    return out


def _marker(index: int) -> str:
    markers = "①②③④⑤⑥⑦⑧⑨⑩"
    return markers[index] if index < len(markers) else f"({index + 1})"


# drawing -----------------------------------------------------------------------------------------


def bar_chart(chart_id: str, title: str, description: str, header, rows, labels: Sequence[str], population: str = "") -> Chart:
    """Horizontal bars, one per row (value: the row's last cell), label left and value at the bar end."""
    drawing = Drawing(chart_id, title, description, [[label] for label in labels], [row[-1] for row in rows])
    return _chart(drawing, header, rows, bars(drawing), population)


def column_chart(
    chart_id: str,
    title: str,
    description: str,
    header,
    rows,
    labels: Sequence[Sequence[str]],
    series=None,
    legend=(),
    population: str = "",
) -> Chart:
    """Columns in row order (value: the row's last cell), each labelled below by one or more lines; bars
    instead when the labels do not fit side by side. ``series`` gives each column's index into ``legend``
    and the colours; without it all columns share one colour."""
    drawing = Drawing(chart_id, title, description, labels, [row[-1] for row in rows], series, legend)
    return _chart(drawing, header, rows, columns(drawing) or bars(drawing), population)


def _chart(drawing: Drawing, header, rows, svg: str, population: str) -> Chart:
    return Chart(
        drawing.id,
        drawing.title,
        drawing.description,
        tuple(header),
        tuple(tuple(row) for row in rows),
        svg,
        narrow(drawing),
        population,
    )


def _csv_cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
