"""A data file changes only when its content does: two builds on different days with unchanged data (and no
status changing between the two days) differ only in the index files, which say which version and day a
build is. The index files are listed explicitly (``INDEX_FILES``) and by the site itself (``manifest.json``
and ``api/index.json`` name them)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator import records
from generator.build import build
from generator.validation.validate import validate
from tests.support import FIXTURES

DAYS = (dt.date(2026, 11, 25), dt.date(2026, 11, 27))
INDEX_FILES = {
    "data/manifest.json",
    "data/SHA256SUMS",
    "data/catalog.dcat.jsonld",
    "api/index.json",
    *(
        f"api/{name}/index.json"
        for name in (
            "products",
            "enterprises",
            "certificates",
            "catalogs",
            "negative-list",
            "projects",
            "regions",
            "categories",
            "scenarios",
            "certification-bodies",
            "reason-codes",
        )
    ),
}
"""The files that change with every build: the download manifest, checksums and DCAT catalogue, and the API's
indexes. Everything else in ``data/`` and ``api/`` holds no build date, version or day count."""


def files(site: Path) -> dict[str, bytes]:
    """Every published data file (not the HTML pages) below ``data/`` and ``api/``, by site path."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for folder in ("data", "api")
        for p in (site / folder).rglob("*")
        if p.is_file() and p.suffix != ".html"
    }


@pytest.fixture(scope="module")
def two_days(tmp_path_factory) -> tuple[Path, Path]:
    first, last = records.build(validate(FIXTURES / "minimal").data, DAYS[0]).status_period()
    assert first <= DAYS[0] and DAYS[1] <= last, "pick two days between which no status changes"
    root = tmp_path_factory.mktemp("days")
    for day in DAYS:
        build(FIXTURES / "minimal", root / day.isoformat(), as_of=day)
    return root / DAYS[0].isoformat(), root / DAYS[1].isoformat()


def test_two_builds_on_different_days_differ_only_in_the_index_files(two_days):
    one, other = files(two_days[0]), files(two_days[1])
    assert one.keys() == other.keys()
    assert len(one) > 500
    changed = {name for name in one if one[name] != other[name]}
    assert changed == INDEX_FILES


def test_the_site_names_its_index_files(two_days):
    site = two_days[0]
    manifest = json.loads((site / "data" / "manifest.json").read_text(encoding="utf-8"))
    api = json.loads((site / "api" / "index.json").read_text(encoding="utf-8"))
    assert {*manifest["index_files"], *api["index_files"]} == INDEX_FILES
    assert (manifest["as_of"], api["as_of"]) == ("2026-11-25", "2026-11-25")
    certificates = json.loads((site / "api" / "certificates" / "index.json").read_text(encoding="utf-8"))
    later = json.loads((two_days[1] / "api" / "certificates" / "index.json").read_text(encoding="utf-8"))
    assert [c["days_left"] - 2 for c in certificates["items"]] == [c["days_left"] for c in later["items"]]
