"""Screenshot pages of a built site in Debian's Chromium: python scripts/screenshot.py SITE_DIR OUT_DIR PATH..."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import launch, serve  # noqa: E402


def main(site: str, out: str, *paths: str) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    with serve(Path(site)) as base, launch() as browser:
        for width, height, label in ((1280, 900, "desktop"), (390, 844, "phone")):
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in paths:
                page.goto(base + path)
                page.wait_for_timeout(800)
                name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "_") or "home"
                page.screenshot(path=f"{out}/{name}-{label}.png", full_page=True)
            page.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
