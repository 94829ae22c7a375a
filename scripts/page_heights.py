"""Print the height in CSS pixels of pages of a built site at 1280×900 and 390×844, in Debian's Chromium.

    python scripts/page_heights.py SITE_DIR PATH...      e.g. site data/ catalogs/procurement/ certificates/

Also prints the page's widest sideways overflow (document width minus viewport width), which should be 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import launch, serve  # noqa: E402

SIZES = ((1280, 900), (390, 844))


def main(site: str, *paths: str) -> None:
    with serve(Path(site)) as base, launch() as browser:
        pages = {size: browser.new_page(viewport={"width": size[0], "height": size[1]}) for size in SIZES}
        print(f"{'page':32} " + " ".join(f"{w}×{h} height, overflow".rjust(30) for w, h in SIZES))
        for path in paths:
            cells = []
            for (width, _), page in pages.items():
                page.goto(base + path.lstrip("/"))
                height, scroll = page.evaluate("[document.documentElement.scrollHeight, document.documentElement.scrollWidth]")
                cells.append(f"{height:>12,} px, {scroll - width:>4} px".rjust(30))
            print(f"/{path.lstrip('/'):31} " + " ".join(cells))


if __name__ == "__main__":
    main(*sys.argv[1:])
