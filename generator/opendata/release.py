"""The release a build publishes, and the words every description of it shares.

Every open-data file (a download, an API record, a JSON-LD or DCAT description, the feed) says who
publishes the data, where, which version and as of which day; ``Release`` carries those four, built
once from the settings and the data version. The rest of this module is what the descriptions
have in common: the licence, the keywords, the place, how a download is named and addressed, and
how a descriptor's text is put on one line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, is_dataclass
from urllib.parse import quote

from ..errors import OpenDataError
from ..settings import page_href
from .citation import ACCESS_DATE, citation

LICENCE = {"name": "CC-BY-4.0", "title": "知识共享署名 4.0 国际", "path": "https://creativecommons.org/licenses/by/4.0/"}
"""The compilation's licence, and a table's when its data package names none."""
LICENCE_URL = LICENCE["path"]
KEYWORDS = ("绿色建材", "吉林省", "绿色建材产品认证", "政府采购", "开放数据")
PLACE = {
    "@type": "Place",
    "name": "吉林省",
    "address": {"@type": "PostalAddress", "addressRegion": "吉林省", "addressCountry": "CN"},
}
"""schema.org ``spatialCoverage`` of every dataset."""
ALL_DATA = "all"
"""``dataset`` of a download that holds every table (the SQLite database, the data-package zip)."""


@dataclass(frozen=True)
class Release:
    """Who publishes which version of the data, where, as of which day."""

    publisher: str
    """The site's name (``site_name``): the compiler of the data, named in files and citations."""
    base_url: str
    """The site's address, ending in a slash."""
    version: str
    """Build date plus the data's short commit id, e.g. ``2026-11-25+e17b133``."""
    as_of: dt.date
    """The status date of the build."""
    directory_urls: bool = True
    """Whether page addresses end in the page's folder or in its ``index.html`` (see ``Settings.directory_urls``)."""

    def __post_init__(self):
        if not self.base_url.endswith("/"):
            raise OpenDataError(f"网站地址须以 / 结尾（got {self.base_url!r}）")

    def page(self, path: str) -> str:
        """The full address of the page at site path ``path`` (``products/P1/``, ``products/P1/#cert``)."""
        return self.base_url + page_href(path, self.directory_urls)

    @property
    def commit(self) -> str:
        """The data's short commit id (``local`` outside git): what the data files say about their version.

        Files other than the manifest and the index files name only this, not the build date, so that a
        file changes only when its content does (see ``opendata/downloads.py``).
        """
        return self.version.partition("+")[2] or "local"

    @property
    def citation(self) -> str:
        """How to cite the whole data set (GB/T 7714), as every download states it."""
        return citation(
            title=self.publisher,
            permalink=self.page("data/"),
            version=self.version,
            access_date=self.as_of,
            publisher=self.publisher,
        )["gbt7714"]

    @property
    def file_citation(self) -> str:
        """How to cite the data set as a data file states it: the data's commit for the version and a gap
        for the reader's access date, so that the file need not change every day."""
        template = citation(
            title=self.publisher,
            permalink=self.page("data/"),
            version=self.commit,
            access_date=self.as_of,
            publisher=self.publisher,
        )["gbt7714_template"]
        return template.replace(ACCESS_DATE, "引用日期")


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")
"""A space between two CJK characters or CJK punctuation: what YAML line folding leaves in Chinese text."""


def one_line(value: object) -> str:
    """Descriptor text on one line: whitespace runs become one space, and a space between two Chinese
    characters (left by folding a long YAML line) is dropped; None is the empty text."""
    return _CJK_GAP.sub("", " ".join(str(value or "").split()))


def licence_url(package: dict) -> str:
    """The web address of a data package's licence, or the compilation's."""
    for licence in package.get("licenses") or ():
        if str(licence.get("path", "")).startswith("http"):
            return str(licence["path"])
    return LICENCE_URL


def download_dicts(downloads) -> list[dict]:
    """Download descriptions as dicts (``opendata.downloads.Download`` objects are accepted too)."""
    return [asdict(d) if is_dataclass(d) else d for d in downloads]


def download_name(download: dict) -> str:
    return one_line(f"{download.get('title') or download['file']} · {download['format']}")


def download_url(base: str, download: dict) -> str:
    return f"{base}data/{quote(str(download['file']), safe='/')}"
