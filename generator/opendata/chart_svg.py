"""Drawing the statistics charts (charts.py) as standalone SVG documents.

Each chart is drawn twice: ``wide`` for a desktop column (the file offered for download) and ``narrow``
for a phone, where every row becomes a label line over its bar. Both are drawn at the width they are
shown at (``WIDE``, ``NARROW``), with no text under 13 units, so text is never drawn smaller than about
12 px on screen; the page shows the one that fits its column. Every value is written as text, every
piece of text XML-escaped (names come from the data), nothing outside the document is referred to,
and the same numbers give the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from html import escape

FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
WIDE, NARROW = 720, 360
"""viewBox widths of the two drawings, in units drawn about 1:1 on screen."""
TEXT, SMALL, TITLE = 14, 13, 18
"""Font sizes: labels and values, ticks and notes, the title. Nothing is smaller than SMALL."""
PAD, ROW, BAR_HEIGHT, PLOT_HEIGHT, LABEL_MAX = 16, 28, 17, 220, 300
INK, MUTED, GRID, AXIS, BAR, PAPER = "#1a1a1a", "#595959", "#e4e4e4", "#8c8c8c", "#2e7d32", "#ffffff"
SERIES = ("#0b63a5", "#a64b00", "#6a3d9a", "#2e7d32", "#a0306e")
"""Column colours of the series, each at least 4.5:1 on white; a marker (①②…) names the series too."""
NO_DATA = "暂无数据"


class Drawing:
    """The data of one chart, ready to draw: a label (one or more lines) and a value per row."""

    def __init__(
        self,
        chart_id: str,
        title: str,
        description: str,
        labels: Sequence[Sequence[str]],
        values: Sequence[int],
        series: Sequence[int] | None = None,
        legend: Sequence[str] = (),
    ):
        self.id, self.title, self.description = chart_id, clean(title), clean(description)
        self.labels = [[clean(line) for line in label] for label in labels]
        self.values = [int(v) for v in values]
        self.series, self.legend = series, [clean(name) for name in legend]

    def colour(self, i: int) -> str:
        return SERIES[self.series[i] % len(SERIES)] if self.series else BAR

    def tip(self, i: int) -> str:
        return f"{' '.join(self.labels[i])}：{self.values[i]}"

    @property
    def empty(self) -> bool:
        return not self.values or max(self.values) == 0


def bars(d: Drawing) -> str:
    """Horizontal bars, one per row, label left and value at the bar's end, at the wide width."""
    svg = _Svg(d.id, d.title, d.description)
    top = svg.legend(svg.heading(WIDE), d.legend, WIDE)
    if d.empty:
        return svg.no_data(top, WIDE)
    shown = [_fit(" ".join(label), TEXT, LABEL_MAX) for label in d.labels]
    x0 = PAD + max(width(label, TEXT) for label in shown) + 10
    step, peak = _scale(max(d.values))
    unit = (WIDE - PAD - width(str(max(d.values)), TEXT) - 8 - x0) / peak
    bottom = top + len(d.values) * ROW
    for tick in range(0, peak + 1, step):
        svg.line(x0 + tick * unit, top - 4, x0 + tick * unit, bottom, GRID)
        svg.text(x0 + tick * unit, bottom + 18, str(tick), size=SMALL, fill=MUTED, anchor="middle")
    for i, (label, value) in enumerate(zip(shown, d.values, strict=True)):
        middle = top + i * ROW + ROW / 2
        svg.text(x0 - 8, middle + 5, label, anchor="end")
        svg.bar(x0, middle - BAR_HEIGHT / 2, value * unit, BAR_HEIGHT, d.colour(i), d.tip(i))
        svg.text(x0 + value * unit + 6, middle + 5, str(value), bold=True)
    svg.line(x0, top - 4, x0, bottom, AXIS)
    return svg.document(WIDE, bottom + 26 + PAD)


def columns(d: Drawing) -> str | None:
    """Columns in row order, each labelled below by its lines, at the wide width; None when the labels
    do not fit side by side (draw ``bars`` instead: slanted labels are hard to read)."""
    step, peak = _scale(max(d.values)) if not d.empty else (1, 1)
    left = PAD + width(str(peak), SMALL) + 8
    slot = (WIDE - left - PAD) / max(1, len(d.values))
    if any(width(line, TEXT if j == 0 else SMALL) + 8 > slot for label in d.labels for j, line in enumerate(label)):
        return None
    svg = _Svg(d.id, d.title, d.description)
    top = svg.legend(svg.heading(WIDE), d.legend, WIDE)
    if d.empty:
        return svg.no_data(top, WIDE)
    column, base, unit = min(slot * 0.6, 44), top + 20 + PLOT_HEIGHT, PLOT_HEIGHT / peak
    for tick in range(0, peak + 1, step):
        svg.line(left, base - tick * unit, WIDE - PAD, base - tick * unit, GRID)
        svg.text(left - 6, base - tick * unit + 5, str(tick), size=SMALL, fill=MUTED, anchor="end")
    for i, (label, value) in enumerate(zip(d.labels, d.values, strict=True)):
        middle = left + slot * (i + 0.5)
        svg.bar(middle - column / 2, base - value * unit, column, value * unit, d.colour(i), d.tip(i))
        svg.text(middle, base - value * unit - 6, str(value), bold=True, anchor="middle")
        for j, line in enumerate(label):
            svg.text(
                middle, base + 19 + 17 * j, line, size=TEXT if j == 0 else SMALL, fill=INK if j == 0 else MUTED, anchor="middle"
            )
    svg.line(left, base, WIDE - PAD, base, AXIS)
    return svg.document(WIDE, base + 19 + 17 * (max(len(label) for label in d.labels) - 1) + 8 + PAD)


def narrow(d: Drawing) -> str:
    """The phone drawing: each row's label on a line of its own, its bar and value under it."""
    svg = _Svg(d.id + "-narrow", d.title, d.description)
    top = svg.legend(svg.heading(NARROW), d.legend, NARROW)
    if d.empty:
        return svg.no_data(top, NARROW)
    room = NARROW - 2 * PAD
    unit = (room - width(str(max(d.values)), TEXT) - 8) / max(d.values)
    y = top - 6
    for i, (label, value) in enumerate(zip(d.labels, d.values, strict=True)):
        svg.text(PAD, y + 14, _fit(" ".join(label), TEXT, room))
        svg.bar(PAD, y + 21, max(value * unit, 1 if value else 0), BAR_HEIGHT, d.colour(i), d.tip(i))
        svg.text(PAD + value * unit + 6, y + 21 + BAR_HEIGHT - 3, str(value), bold=True)
        y += 48
    return svg.document(NARROW, y + PAD)


class _Svg:
    """The elements of one SVG document, one per line, every text escaped."""

    def __init__(self, ref: str, title: str, description: str):
        self.ref, self.title, self.description = ref, title, description
        self.parts: list[str] = []

    def text(self, x, y, text: str, size=TEXT, fill=INK, anchor="start", bold=False) -> None:
        extra = (' font-weight="700"' if bold else "") + ("" if anchor == "start" else f' text-anchor="{anchor}"')
        self.parts.append(f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}"{extra}>{escape(text)}</text>')

    def line(self, x1, y1, x2, y2, stroke) -> None:
        self.parts.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" stroke-width="1"/>')

    def bar(self, x, y, w, h, fill, tip: str) -> None:
        self.parts.append(
            f'<rect class="bar" x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" '
            f'fill="{fill}"><title>{escape(tip)}</title></rect>'
        )

    def heading(self, full: float) -> float:
        """Draw the title and the description, wrapped to the width; return the y where the chart starts."""
        y = PAD
        for line in _wrap(self.title, TITLE, full - 2 * PAD):
            y += TITLE + 4
            self.text(PAD, y, line, size=TITLE, bold=True)
        for line in _wrap(self.description, SMALL, full - 2 * PAD):
            y += SMALL + 7
            self.text(PAD, y, line, size=SMALL, fill=MUTED)
        return y + 24

    def legend(self, top: float, names: Sequence[str], full: float) -> float:
        if not names:
            return top
        x, y = PAD, top
        for i, name in enumerate(names):
            name = _fit(name, SMALL, full - 2 * PAD - 18)
            size = 18 + width(name, SMALL) + 16
            if x > PAD and x + size > full - PAD:
                x, y = PAD, y + 22
            self.parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="12" height="12" fill="{SERIES[i % len(SERIES)]}"/>')
            self.text(x + 18, y + 11, name, size=SMALL)
            x += size
        return y + 34

    def no_data(self, top: float, full: float) -> str:
        self.parts.append(
            f'<rect x="{PAD}" y="{_n(top)}" width="{_n(full - 2 * PAD)}" height="96" fill="none" '
            f'stroke="{AXIS}" stroke-dasharray="4 4"/>'
        )
        self.text(full / 2, top + 54, NO_DATA, size=16, fill=MUTED, anchor="middle")
        return self.document(full, top + 96 + PAD)

    def document(self, full: float, height: float) -> str:
        ref = escape(self.ref)
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(full)} {_n(height)}" width="100%" role="img" '
            f'aria-labelledby="{ref}-title {ref}-desc" font-family="{FONT}">'
        )
        return (
            DECLARATION
            + "\n".join(
                [
                    head,
                    f'<title id="{ref}-title">{escape(self.title)}</title>',
                    f'<desc id="{ref}-desc">{escape(self.description)}</desc>',
                    f'<rect width="{_n(full)}" height="{_n(height)}" fill="{PAPER}"/>',
                    *self.parts,
                    "</svg>",
                ]
            )
            + "\n"
        )


# text and numbers --------------------------------------------------------------------------------


def clean(text) -> str:
    """One line of text without control characters (which XML cannot hold)."""
    return "".join(ch for ch in " ".join(str(text).split()) if ch >= " ")


def width(text: str, size: float) -> float:
    """Estimated drawn width: CJK and other wide characters take 1 em, the rest 0.6 em."""
    return size * sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.6 for ch in text)


def _fit(text: str, size: float, room: float) -> str:
    """The text, cut with … when it is wider than ``room``."""
    if width(text, size) <= room:
        return text
    while text and width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


_WORD = re.compile(r"[A-Za-z0-9.:/+\-]+[，。；、）)]?|.", re.S)
"""What a line may not break inside: a run of Latin letters, digits and their punctuation (a date, a code)
with the punctuation that follows it, or else one character."""


def _wrap(text: str, size: float, room: float) -> list[str]:
    lines, line = [], ""
    for word in _WORD.findall(text):
        if line and width(line + word, size) > room:
            lines.append(line)
            line = word.strip()
        else:
            line += word
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
