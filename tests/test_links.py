"""Link check over the built sample site: every internal link and anchor resolves."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.support import SETTINGS


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and tag in {"a", "link", "script", "img"}:
                self.links.append(attrs[name])


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_internal_links_and_anchors_resolve(sample_site):
    root = urlsplit(SETTINGS.site_url).path  # absolute links (the 404 page has them) start with the site's path
    pages = {p: _parse(p) for p in sample_site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("mailto:"):
                continue
            if parts.path.startswith("/") and not parts.path.startswith(root):
                broken.append(f"{page.relative_to(sample_site)} -> {link} (outside the site)")
                continue
            base = sample_site if parts.path.startswith("/") else page.parent
            path = parts.path[len(root) :] if parts.path.startswith("/") else parts.path
            target = (base / unquote(path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(sample_site)} -> {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(sample_site)} -> {link} (anchor)")
    assert broken == []
    assert sum(len(p.links) for p in pages.values()) > 1000
