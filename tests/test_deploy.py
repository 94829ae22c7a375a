"""Publishing on a department's own server, as DEPLOY.md describes it.

The sample site is built for a two-level sub-path (``--site-url http://127.0.0.1:<port>/lsjc/data/``), served
by Debian's nginx with the shipped server block (deploy/nginx/lsjc-data.conf) and crawled page by page over
plain HTTP; search and the 404 page are checked in Chromium. A second build, whose links end in
``index.html`` (``--directory-urls no``), is served by the same block with folder indexes switched off, as
object storage without index documents behaves.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.crawl import Crawl, fetch
from tests.nginx import SERVER_BLOCK, check_config, free_port, nginx
from tests.support import AS_OF, ROOT, SAMPLE_DATA, SETTINGS

SITE_PATH = "/lsjc/data/"
DEFAULT_HOST = urlsplit(SETTINGS.site_url).hostname
"""mkdocs.yml's own address, of which a build for another address must keep no trace."""
DEFAULT_PATH = urlsplit(SETTINGS.site_url).path
UNKNOWN = ("no-such-page", "a/b/c/no-such-page/")
"""Unknown addresses at depth 1 and 3 below the site."""
TYPES = {
    # extension: (Content-Type nginx must send, whether it arrives gzip-compressed); "" is SHA256SUMS
    "html": ("text/html", True),
    "css": ("text/css", True),
    "js": ("application/javascript", True),
    "json": ("application/json", True),
    "map": ("application/json", True),
    "jsonld": ("application/ld+json", True),
    "jsonl": ("application/x-ndjson", True),
    "xml": ("application/xml", True),
    "svg": ("image/svg+xml", True),
    "csv": ("text/csv", True),
    "": ("text/plain", True),
    "png": ("image/png", False),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
    "zip": ("application/zip", False),
    "sqlite": ("application/vnd.sqlite3", False),
    "pf_fragment": ("application/octet-stream", False),
    "pf_index": ("application/octet-stream", False),
    "pf_filter": ("application/octet-stream", False),
    "pf_meta": ("application/octet-stream", False),
    "pagefind": ("application/octet-stream", False),
}
"""Every kind of file the site holds. A new kind (a new download format) must be added to the server block's
``types`` and here, or this test names it."""


@dataclass
class Served:
    root: str
    """``http://127.0.0.1:<port>/lsjc/data/``"""
    site: Path


def _build(work: Path, port: int, *options: str) -> Path:
    """``python -m generator build --site-url …`` as a deployer runs it (in its own process, so a browser a module
    opened earlier cannot clash with the build's asyncio)."""
    out = work / "site"
    command = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--data",
        str(SAMPLE_DATA),
        "--out",
        str(out),
        "--as-of",
        AS_OF.isoformat(),
        "--site-url",
        f"http://127.0.0.1:{port}{SITE_PATH.rstrip('/')}",
        *options,
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Served:
    work, port = tmp_path_factory.mktemp("deploy"), free_port()
    site = _build(work, port)
    with nginx(site, SITE_PATH, port, work / "nginx"):
        yield Served(f"http://127.0.0.1:{port}{SITE_PATH}", site)


@pytest.fixture(scope="module")
def crawled(served) -> Crawl:
    unknown = {served.root + path: 404 for path in UNKNOWN}
    starts = [served.root, served.root + "sitemap.xml", served.root + "api/index.json", *unknown]
    return Crawl(served.root, expect=unknown).run(starts)


@pytest.fixture(scope="module")
def served_without_folder_indexes(tmp_path_factory) -> Served:
    """The build whose links end in index.html, on a server that answers a folder's address with 404."""
    work, port = tmp_path_factory.mktemp("deploy-files"), free_port()
    site = _build(work, port, "--directory-urls", "no")

    def no_folder_index(block: str) -> str:
        assert "index index.html;" in block
        return block.replace("index index.html;", "index jl-no-folder-index;")

    with nginx(site, SITE_PATH, port, work / "nginx", edit=no_folder_index):
        yield Served(f"http://127.0.0.1:{port}{SITE_PATH}", site)


def _page_urls(served: Served, *, directory_urls: bool = True) -> set[str]:
    """The address of every page of the built site."""
    paths = (path.relative_to(served.site).as_posix() for path in served.site.rglob("index.html"))
    return {served.root + (path.removesuffix("index.html") if directory_urls else path) for path in paths}


# --------------------------------------------------------------------------- the documentation


def test_deploy_md_sed_example_makes_a_config_nginx_accepts(tmp_path):
    guide = (ROOT / "DEPLOY.md").read_text(encoding="utf-8")
    example = re.search(r"```sh\n\s*(sed .*?) \| sudo tee", guide, re.S).group(1)
    made = subprocess.run(["sh", "-c", example], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "lsjc/data" not in made and "/var/www/lsjc-data/" not in made and "www.example.gov.cn" not in made
    for line in (
        "location = /zwgk/lsjc {",
        "return 301 /zwgk/lsjc/;",
        "location /zwgk/lsjc/ {",
        "alias /srv/lsjc-site/;",
        "error_page 404 /zwgk/lsjc/404.html;",
        "server_name zjt.example.gov.cn;",
    ):
        assert line in made
    _, printed = check_config(made.replace("listen 80;", f"listen 127.0.0.1:{free_port()};"), tmp_path)
    assert "[warn]" not in printed and "[emerg]" not in printed


def test_readme_and_contributing_point_to_the_deployment_guide():
    for name in ("README.md", "CONTRIBUTING.md"):
        assert "[DEPLOY.md](DEPLOY.md)" in (ROOT / name).read_text(encoding="utf-8"), name
    guide = (ROOT / "DEPLOY.md").read_text(encoding="utf-8")
    for step in (
        "--site-url",
        "SITE_URL",
        "site.tar.gz.sha256",
        "--directory-urls no",
        "gzip_types",
        "error_page 404",
        "404.html",
        SERVER_BLOCK.relative_to(ROOT).as_posix(),
    ):
        assert step in guide, step


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("setpriv"),
    reason="as root only: run by another user, the tests above already show nginx needs no root",
)
def test_the_server_block_runs_without_root():
    work = Path(tempfile.mkdtemp(prefix="jl-nginx-"))  # pytest's folders are readable by root only
    try:
        work.chmod(0o755)
        site = work / "site"
        site.mkdir(mode=0o755)
        (site / "index.html").write_text("<p>首页</p>", encoding="utf-8")
        (site / "404.html").write_text("<h1>找不到这个页面</h1>", encoding="utf-8")
        port = free_port()
        with nginx(site, SITE_PATH, port, work / "run", as_user="nobody"):
            root = f"http://127.0.0.1:{port}{SITE_PATH}"
            assert fetch(root).status == 200
            unknown = fetch(root + "a/b/c")
            assert unknown.status == 404 and "找不到这个页面" in unknown.body.decode("utf-8")
    finally:
        shutil.rmtree(work)


# --------------------------------------------------------------------------- the crawl


def test_every_page_link_asset_and_anchor_works_below_the_sub_path(crawled, served):
    assert crawled.problems == []
    pages = set(crawled.pages())
    assert _page_urls(served) <= pages
    assert len(pages) > 380
    for folder in ("api", "data", "statistics"):  # every API file, download and chart is linked from somewhere
        files = {
            served.root + p.relative_to(served.site).as_posix()
            for p in (served.site / folder).rglob("*.*")
            if p.name != "index.html"
        }  # pages are fetched at their folder's address
        assert files - set(crawled.responses) == set(), folder
    assert len(crawled.fragments) > 100


def test_links_to_other_hosts_are_external_sites_only(crawled):
    hosts = {urlsplit(url).hostname for url in crawled.external}
    assert DEFAULT_HOST not in hosts
    assert not hosts & {"127.0.0.1", "localhost"}
    assert {"github.com", "creativecommons.org"} <= hosts  # the repository and the licence: declared on every page


def test_unknown_addresses_get_the_sites_own_404_whose_links_work(crawled, served):
    for path in UNKNOWN:
        response = crawled.responses[served.root + path]
        assert response.status == 404
        html = response.body.decode("utf-8")
        assert "<h1>找不到这个页面</h1>" in html and 'name="robots" content="noindex"' in html
        assert f'action="{SITE_PATH}search/"' in html
        assert re.search(rf'href="{SITE_PATH}assets/stylesheets/main\.[0-9a-f]{{8}}\.min\.css"', html)
    # crawled.problems == [] (above) covers every link and asset of the 404 page at both depths


def test_every_kind_of_file_arrives_typed_and_text_gzip_compressed(served):
    by_kind: dict[str, list[Path]] = {}
    for path in served.site.rglob("*"):
        if path.is_file():
            by_kind.setdefault(path.suffix.lstrip("."), []).append(path)
    assert set(by_kind) <= set(TYPES), f"new kinds of file: add them to deploy/nginx/lsjc-data.conf: {set(by_kind) - set(TYPES)}"
    for kind, paths in sorted(by_kind.items()):
        media_type, compressed = TYPES[kind]
        for path in sorted(paths, key=lambda p: -p.stat().st_size)[:2]:
            response = fetch(served.root + path.relative_to(served.site).as_posix())
            assert response.status == 200
            assert response.headers["content-type"].split(";")[0] == media_type, path
            if compressed and path.stat().st_size >= 256:
                assert response.headers.get("content-encoding") == "gzip", path
                assert response.sent_bytes < path.stat().st_size
            if not compressed:
                assert "content-encoding" not in response.headers, path
            assert response.body == path.read_bytes()
    home = fetch(served.root), fetch(served.root, gzip_ok=False)
    print(
        f"home page: {home[0].sent_bytes} bytes gzip-compressed, {home[1].sent_bytes} bytes plain "
        f"({home[1].sent_bytes / home[0].sent_bytes:.1f}×)"
    )
    assert home[1].sent_bytes > 2.5 * home[0].sent_bytes


def test_fingerprinted_files_are_cached_for_good_and_the_rest_briefly(served):
    site = served.site

    def lifetime(path: Path) -> str:
        return fetch(served.root + path.relative_to(site).as_posix()).headers["cache-control"]

    for_good = [
        next(site.glob("assets/javascripts/bundle.*.min.js")),
        next(site.glob("assets/stylesheets/main.*.min.css")),
        next(site.glob("pagefind/fragment/*.pf_fragment")),
        next(site.glob("pagefind/index/*.pf_index")),
        next(site.glob("pagefind/filter/*.pf_filter")),
        next(site.glob("pagefind/*.pf_meta")),
        next(site.glob("pagefind/jl-sort-name.*.json")),
    ]
    briefly = [
        site / "index.html",
        site / "products/P00001/index.html",
        site / "api/index.json",
        site / "pagefind/pagefind-entry.json",
        site / "pagefind/pagefind.js",
        site / "assets/site.css",
        site / "data/products.csv",
        site / "sitemap.xml",
        next(site.glob("pagefind/wasm.*.pagefind")),
    ]
    for path in for_good:
        assert lifetime(path) == "public, max-age=31536000, immutable", path
    for path in briefly:
        assert lifetime(path) == "public, max-age=300", path


def test_the_folder_without_a_slash_and_a_folder_without_index(served):
    bare = fetch(served.root.rstrip("/"))
    assert (bare.status, bare.headers["location"]) == (301, SITE_PATH)  # a path only: right behind any proxy or CDN
    record = fetch(served.root + "products/P00001")
    assert (record.status, record.headers["location"]) == (301, SITE_PATH + "products/P00001/")
    assets = fetch(served.root + "assets/")
    assert assets.status == 404 and "找不到这个页面" in assets.body.decode("utf-8")


# --------------------------------------------------------------------------- no trace of the default address


def _file_texts(site: Path):
    """(name, bytes) of every file, and of every member of a zip (xlsx, the data package) or gzip file (Pagefind's)."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield path.relative_to(site).as_posix(), data
        if data.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    yield f"{path.name}!{member}", archive.read(member)
        elif data.startswith(b"\x1f\x8b"):
            yield f"{path.name}!gunzip", gzip.decompress(data)


def test_the_output_keeps_no_trace_of_the_default_address(served):
    host, old_path = DEFAULT_HOST.encode(), re.compile(rb"""["'(=]""" + re.escape(DEFAULT_PATH.encode()))
    traces = [name for name, data in _file_texts(served.site) if host in data.lower() or old_path.search(data)]
    assert traces == []
    root = served.root.encode()
    with zipfile.ZipFile(served.site / "data/products.xlsx") as workbook:
        assert any(root in workbook.read(member) for member in workbook.namelist())  # the 网址 cell
    database = next((served.site / "data").glob("*.sqlite"))
    with sqlite3.connect(database) as connection:
        cells = {
            str(cell)
            for (table,) in connection.execute("select name from sqlite_master where type = 'table'")
            for row in connection.execute(f'select * from "{table}"')  # noqa: S608 - our own names
            for cell in row
        }
    assert served.root in cells
    for name in (
        "sitemap.xml",
        "changelog/feed.xml",
        "data/catalog.dcat.jsonld",
        "data/manifest.json",
        "api/index.json",
        "products/P00001/index.html",
    ):
        assert root in (served.site / name).read_bytes(), name


# --------------------------------------------------------------------------- in Chromium


def test_search_finds_results_whose_links_open(served, browser):
    tab = browser.new_page()
    tab.goto(served.root + "search/?q=岩棉")
    tab.wait_for_selector("#jl-results li a.jl-result-title")
    links = tab.eval_on_selector_all("#jl-results li a.jl-result-title", "els => els.map(e => e.href)")
    assert len(links) >= 5
    for link in links:
        assert link.startswith(served.root), link
        assert fetch(link).status == 200, link
    title = tab.locator("#jl-results li a.jl-result-title").first.inner_text()
    tab.locator("#jl-results li a.jl-result-title").first.click()
    tab.wait_for_load_state()
    assert tab.url == links[0] and title in tab.title()
    tab.close()


@pytest.mark.parametrize("unknown", UNKNOWN)
def test_the_404_page_is_styled_and_its_search_and_links_work(served, browser, artifacts, unknown):
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    failed = []
    tab.on("response", lambda r: r.status >= 400 and r.url != served.root + unknown and failed.append(f"{r.status} {r.url}"))
    response = tab.goto(served.root + unknown)
    assert response.status == 404
    assert tab.locator("h1").inner_text() == "找不到这个页面"
    header = tab.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(27, 94, 32)"  # the site's green (site.css): the theme's and the site's styles both loaded
    assert failed == []
    if unknown == UNKNOWN[-1]:
        for width, height in ((1280, 900), (390, 844)):
            tab.set_viewport_size({"width": width, "height": height})
            tab.screenshot(path=str(artifacts / f"deploy-404-{width}x{height}.png"))
    tab.fill("#nf-q", "岩棉")
    tab.press("#nf-q", "Enter")
    tab.wait_for_selector("#jl-results li a.jl-result-title")
    assert tab.url.startswith(served.root + "search/?q=")
    tab.go_back()
    with tab.expect_navigation() as navigation:
        tab.get_by_role("link", name="三本绿色建材目录").click()
    assert navigation.value.status == 200 and tab.url == served.root + "catalogs/"
    tab.close()


# --------------------------------------------------------------------------- links that end in index.html


def test_without_directory_urls_every_link_names_a_file(served_without_folder_indexes, browser):
    served = served_without_folder_indexes
    unknown = {served.root + path: 404 for path in UNKNOWN}
    starts = [served.root + "index.html", served.root + "sitemap.xml", served.root + "api/index.json", *unknown]
    crawl = Crawl(served.root, expect=unknown).run(starts)
    assert crawl.problems == []  # a link to a folder would get 404 here, from a page or from the 404 page
    assert _page_urls(served, directory_urls=False) <= set(crawl.pages())
    sitemap = (served.site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") == sitemap.count("/index.html</loc>")
    tab = browser.new_page()
    tab.goto(served.root + "search/index.html?q=岩棉")
    tab.wait_for_selector("#jl-results li a.jl-result-title")
    links = tab.eval_on_selector_all("#jl-results li a.jl-result-title", "els => els.map(e => e.href)")
    assert links and all(link.endswith("/index.html") and fetch(link).status == 200 for link in links)
    tab.close()
