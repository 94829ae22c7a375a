"""The pull-request check that a change leaves the built site as it was (scripts/same_site.py)."""

from __future__ import annotations

import importlib.util

from tests.support import ROOT

_spec = importlib.util.spec_from_file_location("same_site", ROOT / "scripts" / "same_site.py")
same_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(same_site)


def test_every_kind_of_difference_is_listed():
    base = {"index.html": "a", "old/index.html": "b", "data/x.csv": "c"}
    head = {"index.html": "a", "new/index.html": "b", "data/x.csv": "d"}
    assert same_site.differences(base, head) == ["- old/index.html", "+ new/index.html", "~ data/x.csv"]
    assert same_site.differences(base, dict(base)) == []


def test_digests_read_every_file(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(b"x")
    (tmp_path / "b.txt").write_bytes(b"")
    found = same_site.digests(tmp_path)
    assert found == {
        "a/index.html": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
        "b.txt": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    }
