"""Sitemaps (sitemaps.org 0.9) of every page of the site, split into files of at most 50,000 URLs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from ..errors import OpenDataError

SITEMAP_LIMIT = 50_000
"""Most URLs one sitemap file may list (sitemaps.org protocol)."""
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _loc(base: str, path: str) -> str:
    return xml_escape(base + quote(path.lstrip("/"), safe="/?:@!$&'()*+,;=-._~%"))


def sitemap(paths: Iterable[str], *, base_url: str, lastmod: dt.date) -> str:
    """A sitemap 0.9 ``urlset`` of the site paths (``""`` is the home page, ``products/P00001/`` a record).

    URLs keep the order given; a repeated path is listed once. More than 50,000 URLs is an error: use ``sitemaps``.
    """
    base, day = _base(base_url), lastmod.isoformat()
    unique = list(dict.fromkeys(p.lstrip("/") for p in paths))
    if len(unique) > SITEMAP_LIMIT:
        raise OpenDataError(f"一个 sitemap 最多 {SITEMAP_LIMIT} 个网址，这里有 {len(unique)} 个；请用 sitemaps() 分成多个文件。")
    lines = [f"<url><loc>{_loc(base, p)}</loc><lastmod>{day}</lastmod></url>" for p in unique]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">\n'
        + "".join(line + "\n" for line in lines)
        + "</urlset>\n"
    )


def sitemaps(paths: Iterable[str], *, base_url: str, lastmod: dt.date, limit: int = SITEMAP_LIMIT) -> dict[str, str]:
    """Sitemap files by site path: ``{"sitemap.xml": ...}`` alone up to ``limit`` URLs; above that,
    ``sitemap.xml`` is a sitemap index of ``sitemap-1.xml``, ``sitemap-2.xml`` … with ``limit`` URLs each."""
    base, day = _base(base_url), lastmod.isoformat()
    unique = list(dict.fromkeys(p.lstrip("/") for p in paths))
    if len(unique) <= limit:
        return {"sitemap.xml": sitemap(unique, base_url=base, lastmod=lastmod)}
    parts = {
        f"sitemap-{n}.xml": sitemap(unique[start : start + limit], base_url=base, lastmod=lastmod)
        for n, start in enumerate(range(0, len(unique), limit), start=1)
    }
    index = "".join(f"<sitemap><loc>{_loc(base, name)}</loc><lastmod>{day}</lastmod></sitemap>\n" for name in parts)
    return {
        "sitemap.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_SITEMAP_NS}">\n{index}</sitemapindex>\n',
        **parts,
    }


def _base(base_url: str) -> str:
    return base_url.rstrip("/") + "/"
