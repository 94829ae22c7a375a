"""Settings: what a build needs to know besides the data, built once and passed down.

The site's identity (its name, address, the repository that edit links point to and the nav) is
read from mkdocs.yml, the file the theme reads too, so it is written in one place. mkdocs.yml is
read the way mkdocs reads it (its ``!ENV`` tag and ``INHERIT`` work); the address can be given
for one build instead (``--site-url``, ``SITE_URL``: see cli.py) and is checked here. The numbers
below are tuning with a reason each; a test that needs a small page size or an early index shard
builds its own ``Settings`` (``Settings.load(page_size=3)``) instead of patching a module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote, urlsplit, urlunsplit

from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from .errors import SettingsError

ROOT = Path(__file__).resolve().parent.parent
"""The project folder: mkdocs.yml, site_templates/, tools/ and catalog_data/ are below it."""
CONFIG = ROOT / "mkdocs.yml"
TEMPLATES = ROOT / "site_templates"


@dataclass(frozen=True)
class Repository:
    """Where catalog_data/ is edited: 编辑此页, 查看数据源 and 报告问题 links point here."""

    url: str
    """Repository web address without a final slash; empty when there is none (no edit links)."""
    branch: str = "main"


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site and how to reach them: 关于数据 names them and offers the e-mail address
    for feedback beside the repository's issues."""

    name: str
    """The publishing organisation; the site's name when mkdocs.yml names none."""
    email: str = ""
    """Contact address for questions and corrections; empty: no e-mail route is offered."""
    url: str = ""
    """The publisher's own web page, if any."""


@dataclass(frozen=True)
class Settings:
    """Everything a build is told besides its data and its status date."""

    site_name: str
    """``site_name`` of mkdocs.yml: the site's title, and the publisher named in data files and citations."""
    site_url: str
    """The site's address, ending in a slash (``site_url`` of mkdocs.yml unless a build is given another): the
    base of permalinks, citations, sitemaps, the API, the feed and the 404 page's links. Checked by ``site_address``."""
    repository: Repository
    """``extra.repository`` of mkdocs.yml (not mkdocs' ``repo_url``: the theme would call GitHub's API from every page)."""
    nav: frozenset[str]
    """Docs paths of the pages in the mkdocs nav; the theme marks them as current, so mkdocs builds them itself."""
    publisher: Publisher = field(default_factory=lambda: Publisher(""))
    """``extra.publisher`` of mkdocs.yml (name, email, url); without it the site's name and no contact address."""
    theme_extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    """``extra`` of mkdocs.yml as the theme reads it; the build adds ``sample_data`` when mkdocs loads it."""
    config_file: Path = CONFIG
    """The mkdocs.yml that mkdocs builds with."""
    directory_urls: bool = True
    """``use_directory_urls`` of mkdocs.yml. True: links to a page end in its folder (``products/P1/``), which the
    server answers with the folder's ``index.html``; False: they name that file (``products/P1/index.html``), for
    hosts that cannot serve a folder's index (object storage without index documents). The files are the same."""
    page_size: int = 200
    """Rows per listing page; longer listings are split into numbered pages."""
    overview_rows: int = 50
    """Rows each status shows on the certificates overview (a phone screen holds about six cards); the
    rest are one link away, on the status's own listing."""
    shard_pages: int = 13_000
    """Most pages one Pagefind run indexes: about 1.5 GB of memory for product pages (see site/index.py)."""
    parallel_bytes: int = 4 * 2**20
    """From this much CSV text on, a package's tables are validated by forked worker processes."""
    processes: int = 2
    """Forked processes for validating large packages, writing record pages and writing API files."""
    history_limit: int = 100
    """Most data commits the changelog lists; older ones are left out with a note."""

    @classmethod
    def load(
        cls, config_file: Path = CONFIG, *, site_url: str | None = None, origin: str = "--site-url", **overrides
    ) -> Settings:
        """The settings of the project whose mkdocs.yml is ``config_file``, with ``overrides`` (field=value) applied.

        ``site_url`` replaces mkdocs.yml's address; ``origin`` says where it came from (``--site-url``, the
        ``SITE_URL`` environment variable), so an unusable address is reported against what the user wrote.
        """
        config = read_config(config_file)
        extra = config.get("extra") or {}
        found = extra.get("repository") or {}
        publisher = extra.get("publisher") or {}
        if site_url is None:
            site_url, origin = config.get("site_url"), f"{config_file.name} 的 site_url"
        settings = cls(
            site_name=str(config.get("site_name") or ""),
            site_url=site_address(site_url, origin),
            repository=Repository(str(found.get("url", "")).rstrip("/"), str(found.get("branch", "main"))),
            nav=frozenset(_nav_paths(config.get("nav"))),
            publisher=Publisher(
                str(publisher.get("name") or config["site_name"]),
                str(publisher.get("email") or ""),
                str(publisher.get("url") or ""),
            ),
            theme_extra=MappingProxyType(dict(extra)),
            config_file=config_file,
            directory_urls=bool(config.get("use_directory_urls", True)),
        )
        if not settings.site_name:
            raise SettingsError(f"{config_file} 缺少 site_name（网站名称，用在每页标题、数据文件和引用中）。")
        return replace(settings, **overrides)

    @property
    def site_path(self) -> str:
        """The path of the site's address, e.g. ``/lsjc/data/``: where the site sits on its server."""
        return urlsplit(self.site_url).path

    def href(self, path: str) -> str:
        """A site path as a link writes it on this site; see ``page_href``."""
        return page_href(path, self.directory_urls)


def page_href(path: str, directory_urls: bool = True) -> str:
    """A site path as a link writes it: ``products/P1/`` (a page's folder) stays as it is with directory URLs,
    else becomes ``products/P1/index.html``; the home page ``""`` becomes ``index.html``. A query or fragment is
    kept after the file name; a file path (``data/products.csv``) is never changed."""
    if directory_urls:
        return path
    cut = min((i for i in (path.find("?"), path.find("#")) if i >= 0), default=len(path))
    folder, tail = path[:cut], path[cut:]
    return folder + "index.html" + tail if folder == "" or folder.endswith("/") else path


_EXAMPLE = "https://www.example.gov.cn/lsjc/data/"


def site_address(value: object, origin: str) -> str:
    """The site's address as ``origin`` gave it, checked and ending in one slash.

    It must be a whole http(s) address with a host: it becomes every permalink, citation, sitemap entry, feed id
    and API link, and its path the absolute links of the 404 page. A non-ASCII path is percent-encoded and a
    non-ASCII host written in punycode, so every file can carry it as it is.
    """
    text = "" if value is None else str(value).strip()
    fix = f"请写完整的网址，如 {_EXAMPLE}"
    if not text:
        raise SettingsError(f"网站地址为空（{origin}）。{fix}")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        what = f"用的是 {parts.scheme}: 协议" if "://" in text else "是相对地址（缺少 http:// 或 https://）"
        raise SettingsError(f"网站地址 {text!r}（{origin}）{what}，只能用 http:// 或 https:// 开头的完整网址。{fix}")
    if not parts.hostname or any(c.isspace() or c in "<>\"'{}|\\^`" for c in text):
        raise SettingsError(f"网站地址 {text!r}（{origin}）缺少主机名，或含有空格、引号等不能出现在网址中的字符。{fix}")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise SettingsError(f"网站地址 {text!r}（{origin}）不能带 ? 或 # 及其后的部分。{fix}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number from 0 to 65535
        netloc = parts.netloc.encode("idna").decode("ascii") if not parts.netloc.isascii() else parts.netloc
    except ValueError as exc:  # UnicodeError (a host IDNA cannot encode) is a ValueError too
        raise SettingsError(f"网站地址 {text!r}（{origin}）的主机名或端口写得不对（{exc}）。{fix}") from exc
    path = quote(parts.path.rstrip("/"), safe="/%:@!$&'()*+,;=-._~") + "/"
    return urlunsplit((scheme, netloc, path, "", ""))


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as mkdocs reads it: its ``!ENV`` tag (``site_url: !ENV [SITE_URL, 'https://…']``) and
    ``INHERIT`` work; a file that cannot be read or parsed is a SettingsError naming it."""
    try:
        with config_file.open("rb") as stream:
            config = yaml_load(stream)
    except OSError as exc:
        raise SettingsError(f"无法读取网站配置 {config_file}：{exc}") from exc
    except ConfigurationError as exc:
        raise SettingsError(f"网站配置 {config_file} 写得不对：{exc}") from exc
    if not isinstance(config, dict):
        raise SettingsError(f"网站配置 {config_file} 应是键值对（site_name: …），现在是 {type(config).__name__}。")
    return config


def _nav_paths(items) -> list[str]:
    """Every page path of an mkdocs nav, however deeply its sections nest."""
    found = []
    for item in items or ():
        for value in item.values() if isinstance(item, dict) else [item]:
            found += _nav_paths(value) if isinstance(value, list) else [str(value)]
    return found
