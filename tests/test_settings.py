"""The site's address and URL style: read from mkdocs.yml as mkdocs reads it, or given for one build
(``--site-url``, ``SITE_URL``), checked with a clear message; page addresses with or without directory URLs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.errors import SettingsError
from generator.opendata.release import Release
from generator.settings import Settings, page_href, site_address
from tests.support import AS_OF, ROOT


@pytest.mark.parametrize(
    ("path", "directory_urls", "href"),
    [
        ("products/P1/", True, "products/P1/"),
        ("", True, ""),
        ("products/P1/", False, "products/P1/index.html"),
        ("", False, "index.html"),
        ("products/P1/#cert-1", False, "products/P1/index.html#cert-1"),
        ("search/?q=岩棉", False, "search/index.html?q=岩棉"),
        ("negative-list/#N2026-001", False, "negative-list/index.html#N2026-001"),
        ("data/products.csv", False, "data/products.csv"),
        ("api/products/P1.json", False, "api/products/P1.json"),
    ],
)
def test_page_addresses_with_and_without_directory_urls(path, directory_urls, href):
    assert page_href(path, directory_urls) == href


def test_a_release_gives_full_page_addresses_in_the_sites_style():
    base = "https://www.example.gov.cn/lsjc/data/"
    assert Release("站", base, "v", AS_OF).page("products/P1/") == base + "products/P1/"
    assert Release("站", base, "v", AS_OF, directory_urls=False).page("") == base + "index.html"


@pytest.mark.parametrize(
    ("given", "address"),
    [
        ("https://www.example.gov.cn/lsjc/data", "https://www.example.gov.cn/lsjc/data/"),
        ("  HTTP://127.0.0.1:8080/lsjc/data//  ", "http://127.0.0.1:8080/lsjc/data/"),
        ("https://data.example.gov.cn", "https://data.example.gov.cn/"),
        ("https://www.example.gov.cn/绿色建材/", "https://www.example.gov.cn/%E7%BB%BF%E8%89%B2%E5%BB%BA%E6%9D%90/"),
    ],
)
def test_a_usable_address_ends_in_one_slash(given, address):
    assert site_address(given, "--site-url") == address


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("", "网站地址为空"),
        ("   ", "网站地址为空"),
        (None, "网站地址为空"),
        ("/lsjc/data/", "相对地址"),
        ("www.example.gov.cn/lsjc/data/", "相对地址"),
        ("localhost:8000/lsjc/", "相对地址"),
        ("ftp://www.example.gov.cn/lsjc/", "ftp: 协议"),
        ("file:///var/www/lsjc/", "file: 协议"),
        ("https:///lsjc/data/", "缺少主机名"),
        ("https://www.example.gov.cn/ls jc/", "空格"),
        ("https://www.example.gov.cn/lsjc/?from=1", "? 或 #"),
        ("https://www.example.gov.cn:99999/", "端口"),
    ],
)
def test_an_unusable_address_is_refused_naming_where_it_came_from(given, says):
    with pytest.raises(SettingsError) as refused:
        site_address(given, "环境变量 SITE_URL")
    message = str(refused.value)
    assert says in message and "环境变量 SITE_URL" in message and "https://" in message


def _config(tmp_path: Path, site_url_line: str, *extra: str) -> Path:
    config = tmp_path / "mkdocs.yml"
    config.write_text("\n".join(["site_name: 测试站", site_url_line, *extra, "nav:", "  - 首页: index.md", ""]), encoding="utf-8")
    return config


def test_mkdocs_env_tag_is_read_as_mkdocs_reads_it(tmp_path):
    config = _config(
        tmp_path, "site_url: !ENV [JL_TEST_VARIABLE_NOBODY_SETS, 'https://a.example.gov.cn/x']", "use_directory_urls: false"
    )
    settings = Settings.load(config)
    assert (settings.site_url, settings.site_path, settings.directory_urls) == ("https://a.example.gov.cn/x/", "/x/", False)


@pytest.mark.parametrize("line", ['site_url: ""', "site_url:", "# no site_url"])
def test_an_empty_site_url_in_mkdocs_yml_is_a_clear_error(tmp_path, line):
    with pytest.raises(SettingsError, match="网站地址为空（mkdocs.yml 的 site_url）"):
        Settings.load(_config(tmp_path, line))
    given = Settings.load(_config(tmp_path, line), site_url="https://b.example.gov.cn/y", origin="--site-url")
    assert given.site_url == "https://b.example.gov.cn/y/"


def test_a_broken_mkdocs_yml_is_a_settings_error_naming_the_file(tmp_path):
    config = _config(tmp_path, "site_url: [unclosed")
    with pytest.raises(SettingsError, match="mkdocs.yml"):
        Settings.load(config)


def _build(tmp_path: Path, *options: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--out", str(tmp_path / "out"), *options],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("options", "env", "says"),
    [
        (("--site-url", ""), {}, "网站地址为空（--site-url）"),
        (("--site-url", "/lsjc/data/"), {}, "（--site-url）是相对地址"),
        ((), {"SITE_URL": ""}, "网站地址为空（环境变量 SITE_URL）"),
        ((), {"SITE_URL": "ftp://www.example.gov.cn/lsjc/"}, "（环境变量 SITE_URL）用的是 ftp: 协议"),
        (("--site-url", "lsjc/data"), {"SITE_URL": "https://www.example.gov.cn/lsjc/data/"}, "（--site-url）是相对地址"),
    ],
)
def test_the_build_refuses_an_unusable_address_before_building(tmp_path, options, env, says):
    done = _build(tmp_path, *options, env=env)
    assert done.returncode == 2
    assert says in done.stderr and "内部错误" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_build_options_reach_the_settings():
    args = cli.parser().parse_args(["build", "--site-url", "https://www.example.gov.cn/lsjc/data", "--directory-urls", "no"])
    settings = cli._settings(args)
    assert (settings.site_url, settings.directory_urls) == ("https://www.example.gov.cn/lsjc/data/", False)
    assert cli._settings(cli.parser().parse_args(["validate"])).site_url == Settings.load().site_url
