"""Listings split into numbered pages: which rows each page holds and how it links to its siblings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pager:
    """Where one page of a split listing sits among its siblings."""

    base: str
    """Site path of the first page, e.g. ``certificates/valid/``."""
    number: int
    count: int
    total: int
    first: int
    """1-based position of the page's first row."""
    last: int

    def url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def window(self) -> list[int | None]:
        """Page numbers to show: the ends and two either side of this page; None marks a gap."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out: list[int | None] = []
        for k in shown:
            if out and k - (out[-1] or 0) > 1:
                out.append(None)
            out.append(k)
        return out


def split(items, base: str, size: int) -> list[tuple[str, list, Pager]]:
    """Docs path, rows and pager of each page of a listing whose first page is at site path ``base``,
    ``size`` rows a page."""
    items = list(items)
    count = max(1, -(-len(items) // size))
    out = []
    for number in range(1, count + 1):
        rows = items[(number - 1) * size : number * size]
        pager = Pager(base, number, count, len(items), (number - 1) * size + 1, (number - 1) * size + len(rows))
        path = f"{base}index.md" if number == 1 else f"{base}page/{number}.md"
        out.append((path, rows, pager))
    return out
