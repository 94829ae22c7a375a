"""Statistics stage: counts from the catalogue, drawn at build time as standalone SVG charts.

Each chart carries the numbers behind it (for CSV and an HTML table) and its SVG. The SVG reads
without JavaScript, refers to nothing outside itself, writes every value as text, and XML-escapes
every piece of text, since names come from the data. The same catalogue gives the same bytes.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from ..labels import GRADE
from ..records import Catalogue, current_certificate

FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
WIDTH = 760
"""Smallest viewBox width; the SVG scales to the width of the page."""
PAD, ROW, BAR_HEIGHT, PLOT_HEIGHT, LABEL_MAX = 16, 26, 16, 220, 300
INK, MUTED, GRID, AXIS, BAR, PAPER = "#1a1a1a", "#595959", "#e4e4e4", "#8c8c8c", "#2e7d32", "#ffffff"
SERIES = ("#0b63a5", "#a64b00", "#6a3d9a", "#2e7d32", "#a0306e")
"""Column colours of the series, each at least 4.5:1 on white; a marker (①②…) names the series too."""
MARKERS = "①②③④⑤⑥⑦⑧⑨⑩"
NO_DATA = "暂无数据"


@dataclass(frozen=True)
class Chart:
    """One statistics chart: the numbers behind it and the SVG drawn from them."""

    id: str
    """Stable slug, used for the page anchor and the files ``<id>.svg`` and ``<id>.csv``."""
    title: str
    description: str
    """One sentence: what is counted, as of which date."""
    header: tuple[str, ...]
    """Column names of the CSV and of the data table; the last column is the value drawn."""
    rows: tuple[tuple, ...]
    svg: str
    """Standalone SVG document, XML declaration included."""

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


def statistics(c: Catalogue) -> list[Chart]:
    """The charts of the 统计 page, in page order."""
    return [products_by_category(c), products_by_region(c), products_by_grade(c),
            entries_by_batch(c), certificates_expiring(c)]


# the five charts ---------------------------------------------------------------------------------

def products_by_category(c: Catalogue) -> Chart:
    counts = Counter(p.category for p in c.products.values())
    codes = sorted(counts, key=lambda code: (-counts[code], code))
    rows = [(code, c.categories[code].name, counts[code]) for code in codes]
    return bar_chart("products-by-category", "各产品分类的产品数",
                     f"截至 {c.as_of.isoformat()}，本站收录的产品（含已移出目录的）按产品分类计数，"
                     "只列出有产品的分类，按产品数从多到少排列。",
                     ("分类代码", "分类名称", "产品数"), rows, [f"{name}（{code}）" for code, name, _ in rows])


def products_by_region(c: Catalogue) -> Chart:
    counts = Counter(c.enterprises[p.enterprise].region for p in c.products.values())
    rows = [(r.id, r.name, counts[r.id]) for r in c.regions.values()]
    return bar_chart("products-by-region", "各地区的产品数",
                     f"截至 {c.as_of.isoformat()}，本站收录的产品按生产企业所在地区计数，列出全部地区。",
                     ("地区编号", "地区名称", "产品数"), rows, [name for _, name, _ in rows])


def products_by_grade(c: Catalogue) -> Chart:
    lapsed, uncertified = "证书已过期或撤销", "未认证"
    counts: Counter = Counter()
    for product in c.products.values():
        certificates = c.certificates_by_product.get(product.id)
        if not certificates:
            counts[uncertified] += 1
            continue
        current = current_certificate(certificates)
        counts[lapsed if current.status in ("expired", "withdrawn") else GRADE[current.grade]] += 1
    rows = [(label, counts[label]) for label in (*GRADE.values(), lapsed, uncertified)]
    return bar_chart("products-by-grade", "各认证星级的产品数",
                     f"按 {c.as_of.isoformat()} 的证书状态，产品按当前证书的星级计数；"
                     "当前证书已过期或撤销的、没有认证证书的各算一组。",
                     ("认证星级", "产品数"), rows, [label for label, _ in rows])


def entries_by_batch(c: Catalogue) -> Chart:
    order = {catalog_id: i for i, catalog_id in enumerate(c.catalogs)}
    batches = sorted(c.batches.values(), key=lambda b: (b.published_date, order[b.catalog], b.id))
    rows = [(b.published_date.isoformat(), b.catalog, c.catalogs[b.catalog].name, b.id, b.name,
             len(c.entries_by_batch.get((b.catalog, b.id), ()))) for b in batches]
    return column_chart("entries-by-batch", "各目录每批收录的产品数",
                        f"截至 {c.as_of.isoformat()}，各目录每个批次收录的产品数（含此后移出的），"
                        "按发布日期排列，颜色和编号表示目录。",
                        ("发布日期", "目录编号", "目录名称", "批次编号", "批次名称", "收录产品数"), rows,
                        [(f"{_marker(order[b.catalog])} {b.name}", b.published_date.isoformat()) for b in batches],
                        series=[order[b.catalog] for b in batches],
                        legend=[f"{_marker(i)} {catalog.name}" for i, catalog in enumerate(c.catalogs.values())])


def certificates_expiring(c: Catalogue) -> Chart:
    months = _months(c.as_of, 12)
    live = [cert.expiry_date for cert in c.certificates.values() if not cert.withdrawn]
    rows = [(first.strftime("%Y-%m"), first.isoformat(), last.isoformat(), sum(1 for day in live if first <= day <= last))
            for first, last in months]
    labels = [(month,) for month, *_ in rows]
    if c.as_of.day > 1:
        labels[0] = (rows[0][0], f"{c.as_of.day}日起")
    return column_chart("certificates-expiring", "今后 12 个月每月到期的证书数",
                        f"未撤销的认证证书按有效期截止日所在月份计数：本月从 {c.as_of.isoformat()} 起，再加此后 12 个月。",
                        ("月份", "起始日期", "截止日期", "到期证书数"), rows, labels)


def _months(as_of: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The rest of the month of ``as_of``, then ``count`` whole months, as (first, last) days."""
    out, first = [], as_of
    for _ in range(count + 1):
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        out.append((first, last))
        first = last + dt.timedelta(days=1)
    return out


def _marker(index: int) -> str:
    return MARKERS[index] if index < len(MARKERS) else f"({index + 1})"


# drawing -----------------------------------------------------------------------------------------

def bar_chart(chart_id: str, title: str, description: str, header, rows, labels) -> Chart:
    """Horizontal bars, one per row (value: the row's last cell), label left and value at the bar end."""
    svg = _Svg(chart_id, title, description)
    values = [int(row[-1]) for row in rows]
    top = svg.heading(WIDTH)
    if not values or max(values) == 0:
        return _chart(chart_id, title, description, header, rows, svg.no_data(top, WIDTH))
    full = [_clean(label) for label in labels]
    shown = [_fit(label, 13, LABEL_MAX) for label in full]
    x0 = PAD + max(_width(label, 13) for label in shown) + 10
    step, peak = _scale(max(values))
    unit = (WIDTH - PAD - _width(str(max(values)), 12) - 8 - x0) / peak
    bottom = top + len(values) * ROW
    for tick in range(0, peak + 1, step):
        svg.line(x0 + tick * unit, top - 4, x0 + tick * unit, bottom, GRID)
        svg.text(x0 + tick * unit, bottom + 16, str(tick), size=11, fill=MUTED, anchor="middle")
    for i, (label, value) in enumerate(zip(shown, values, strict=True)):
        middle = top + i * ROW + ROW / 2
        svg.text(x0 - 8, middle + 4.5, label, anchor="end")
        svg.bar(x0, middle - BAR_HEIGHT / 2, value * unit, BAR_HEIGHT, BAR, f"{full[i]}：{value}")
        svg.text(x0 + value * unit + 6, middle + 4.5, str(value), size=12, bold=True)
    svg.line(x0, top - 4, x0, bottom, AXIS)
    return _chart(chart_id, title, description, header, rows, svg.document(WIDTH, bottom + 24 + PAD))


def column_chart(chart_id: str, title: str, description: str, header, rows, labels, series=None, legend=()) -> Chart:
    """Columns in row order (value: the row's last cell), each labelled below by one or more lines.

    ``series`` gives each column's index into ``legend`` and the colours; without it all columns share one colour.
    When the labels do not fit side by side, each becomes one line slanted at 45°.
    """
    svg = _Svg(chart_id, title, description)
    values = [int(row[-1]) for row in rows]
    top = svg.heading(WIDTH)
    if legend:
        top = svg.legend(top, [_clean(name) for name in legend])
    if not values or max(values) == 0:
        return _chart(chart_id, title, description, header, rows, svg.no_data(top, WIDTH))
    lines = [[_fit(_clean(line), 12, 160) for line in label] for label in labels]
    step, peak = _scale(max(values))
    left = PAD + _width(str(peak), 11) + 8
    natural = left + len(values) * max(56, max(_width(line, 12) for label in lines for line in label) + 12) + PAD
    slanted = natural > WIDTH * 1.15
    if slanted:
        lines = [[" ".join(label)] for label in lines]
        reach = max(_width(label[0], 12) for label in lines) * 0.71
        left = max(left, PAD + reach - 8)
        width = round(max(WIDTH, left + 24 * len(values) + PAD))
    else:
        width = round(max(WIDTH, natural))
    slot = (width - left - PAD) / len(values)
    column = min(slot * 0.6, 44)
    base = top + 18 + PLOT_HEIGHT
    unit = PLOT_HEIGHT / peak
    for tick in range(0, peak + 1, step):
        svg.line(left, base - tick * unit, width - PAD, base - tick * unit, GRID)
        svg.text(left - 6, base - tick * unit + 4, str(tick), size=11, fill=MUTED, anchor="end")
    for i, (label, value) in enumerate(zip(lines, values, strict=True)):
        middle = left + slot * (i + 0.5)
        colour = SERIES[series[i] % len(SERIES)] if series else BAR
        svg.bar(middle - column / 2, base - value * unit, column, value * unit, colour, f"{' '.join(label)}：{value}")
        svg.text(middle, base - value * unit - 6, str(value), size=12, bold=True, anchor="middle")
        if slanted:
            svg.text(middle + 4, base + 14, label[0], size=12, anchor="end", turn=-45)
        for j, line in enumerate([] if slanted else label):
            svg.text(middle, base + 17 + 15 * j, line, size=12 if j == 0 else 11, fill=INK if j == 0 else MUTED,
                     anchor="middle")
    svg.line(left, base, width - PAD, base, AXIS)
    below = 14 + reach + 12 if slanted else 17 + 15 * (max(len(label) for label in lines) - 1) + 6
    return _chart(chart_id, title, description, header, rows, svg.document(width, base + below + PAD))


def _chart(chart_id, title, description, header, rows, svg: str) -> Chart:
    return Chart(chart_id, title, description, tuple(header), tuple(tuple(row) for row in rows), svg)


class _Svg:
    """The elements of one SVG document, one per line, every text escaped."""

    def __init__(self, chart_id: str, title: str, description: str):
        self.id, self.title, self.description = chart_id, _clean(title), _clean(description)
        self.parts: list[str] = []

    def text(self, x, y, text: str, size=13, fill=INK, anchor="start", bold=False, turn=0) -> None:
        extra = (' font-weight="700"' if bold else "") + ("" if anchor == "start" else f' text-anchor="{anchor}"')
        extra += f' transform="rotate({turn} {_n(x)} {_n(y)})"' if turn else ""
        self.parts.append(f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}"{extra}>{escape(text)}</text>')

    def line(self, x1, y1, x2, y2, stroke) -> None:
        self.parts.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" stroke-width="1"/>')

    def bar(self, x, y, width, height, fill, tip: str) -> None:
        self.parts.append(f'<rect class="bar" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" '
                          f'fill="{fill}"><title>{escape(tip)}</title></rect>')

    def heading(self, width) -> float:
        """Draw the title and the description; return the y where the chart starts."""
        self.text(PAD, PAD + 18, self.title, size=18, bold=True)
        y = PAD + 18
        for line in _wrap(self.description, 12, width - 2 * PAD):
            y += 20
            self.text(PAD, y, line, size=12, fill=MUTED)
        return y + 22

    def legend(self, top, names) -> float:
        x, y = PAD, top + 2
        for i, name in enumerate(names):
            size = 18 + _width(name, 12) + 16
            if x > PAD and x + size > WIDTH - PAD:
                x, y = PAD, y + 20
            self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="12" height="12" fill="{SERIES[i % len(SERIES)]}"/>')
            self.text(x + 18, y + 11, name, size=12)
            x += size
        return y + 30

    def no_data(self, top, width) -> str:
        self.parts.append(f'<rect x="{PAD}" y="{_n(top)}" width="{_n(width - 2 * PAD)}" height="96" fill="none" '
                          f'stroke="{AXIS}" stroke-dasharray="4 4"/>')
        self.text(width / 2, top + 54, NO_DATA, size=16, fill=MUTED, anchor="middle")
        return self.document(width, top + 96 + PAD)

    def document(self, width, height) -> str:
        ref = escape(self.id)
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" width="100%" role="img" '
                f'aria-labelledby="{ref}-title {ref}-desc" font-family="{FONT}">')
        return DECLARATION + "\n".join([
            head, f'<title id="{ref}-title">{escape(self.title)}</title>',
            f'<desc id="{ref}-desc">{escape(self.description)}</desc>',
            f'<rect width="{_n(width)}" height="{_n(height)}" fill="{PAPER}"/>', *self.parts, "</svg>"]) + "\n"


# text and numbers --------------------------------------------------------------------------------

def _clean(text) -> str:
    """One line of text without control characters (which XML cannot hold)."""
    return "".join(ch for ch in " ".join(str(text).split()) if ch >= " ")


def _width(text: str, size: float) -> float:
    """Estimated drawn width: CJK and other wide characters take 1 em, the rest 0.6 em."""
    return size * sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.6 for ch in text)


def _fit(text: str, size: float, room: float) -> str:
    """The text, cut with … when it is wider than ``room``."""
    if _width(text, size) <= room:
        return text
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def _wrap(text: str, size: float, room: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and _width(line + ch, size) > room:
            lines.append(line)
            line = ch.strip()
        else:
            line += ch
    return [*lines, line] if line else lines


def _scale(peak: int) -> tuple[int, int]:
    """A round tick step (1, 2, 5, 10, 20, …) and the axis end for counts up to ``peak``, in at most five steps."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if -(-peak // step) <= 5:
                return step, -(-peak // step) * step
        magnitude *= 10


def _n(value) -> str:
    """A coordinate with at most one decimal, the same text for the same value."""
    return f"{value:.1f}".removesuffix(".0")


def _csv_cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
