"""Unit checks of status computation, safe text rendering and the writer."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import SiteError
from generator.records import certificate_status
from generator.site.page import Page, url_of
from generator.site.templates import markdown_lite
from generator.site.writer import write_docs
from tests.support import AS_OF


@pytest.mark.parametrize(
    "expiry, withdrawn, status",
    [
        (AS_OF + dt.timedelta(days=91), False, "valid"),
        (AS_OF + dt.timedelta(days=90), False, "expiring"),
        (AS_OF, False, "expiring"),
        (AS_OF - dt.timedelta(days=1), False, "expired"),
        (AS_OF + dt.timedelta(days=900), True, "withdrawn"),
    ],
)
def test_certificate_status_boundaries(expiry, withdrawn, status):
    assert certificate_status(expiry, withdrawn, AS_OF) == status


def test_policy_markdown_subset_is_escaped():
    html = markdown_lite("## 要点\n\n<script>alert(1)</script> [x](javascript:alert(1))\n\n- 一\n- <b>二</b>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<a " not in html and "javascript:alert(1)" in html  # shown as text, never a link
    assert "<h2>要点</h2>" in html and "<li>&lt;b&gt;二&lt;/b&gt;</li>" in html


def test_directory_urls():
    assert url_of("index.md") == ""
    assert url_of("catalogs/index.md") == "catalogs/"
    assert url_of("products/P00001.md") == "products/P00001/"


def test_writer_refuses_duplicate_paths(tmp_path):
    with pytest.raises(SiteError, match="duplicate"):
        write_docs([Page("a.md", "x", "<div><h1>x</h1></div>"), Page("a.md", "y", "<div><h1>y</h1></div>")], tmp_path)


def test_writer_refuses_paths_outside_the_folder(tmp_path):
    with pytest.raises(SiteError, match="越出"):
        write_docs([Page("../escape.md", "x", "<div><h1>x</h1></div>")], tmp_path / "docs")
