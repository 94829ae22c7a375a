"""Every writer's one check: a file at a new path inside its folder (generator/output.py)."""

from __future__ import annotations

import pytest

from generator.errors import SiteError
from generator.output import OutputFolder


def test_a_path_is_written_once(tmp_path):
    output = OutputFolder(tmp_path, SiteError, "页面")
    output.write("a/b.html", "一")
    assert (tmp_path / "a" / "b.html").read_text(encoding="utf-8") == "一"
    with pytest.raises(SiteError, match="两个页面写到同一路径 a/b.html"):
        output.write("a/b.html", "二")
    assert (tmp_path / "a" / "b.html").read_text(encoding="utf-8") == "一"


def test_a_file_already_on_disk_is_never_overwritten(tmp_path):
    (tmp_path / "index.html").write_text("mkdocs", encoding="utf-8")  # e.g. written by mkdocs or another process
    with pytest.raises(SiteError, match="duplicate output path"):
        OutputFolder(tmp_path, SiteError, "页面").write("index.html", "ours")
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "mkdocs"


@pytest.mark.parametrize("path", ["../a.html", "/etc/a.html", "a//b.html", "a/./b.html", "a\\b.html", ""])
def test_paths_outside_the_folder_are_refused(tmp_path, path):
    with pytest.raises(SiteError, match="越出"):
        OutputFolder(tmp_path / "out", SiteError, "页面").write(path, "x")
    assert not (tmp_path / "a.html").exists()
