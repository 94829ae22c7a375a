"""site.tar.gz: the built site as one file with its SHA-256, the same bytes every time the same site is packed."""

from __future__ import annotations

import filecmp
import hashlib
import re
import subprocess
import tarfile

import pytest

from generator import cli
from tests.support import ROOT


@pytest.fixture(scope="module")
def packed(sample_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("package")
    assert cli.main(["package", str(sample_site), "--out", str(out)]) == 0
    return out


def test_the_archive_unpacks_with_tar_into_the_same_site(packed, sample_site, tmp_path):
    subprocess.run(["tar", "-xzf", str(packed / "site.tar.gz"), "-C", str(tmp_path)], check=True)
    unpacked = tmp_path / "site"
    left = sorted(p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*"))
    right = sorted(p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*"))
    assert left == right
    files = [name for name in left if (sample_site / name).is_file()]
    _, mismatched, errors = filecmp.cmpfiles(sample_site, unpacked, files, shallow=False)
    assert (mismatched, errors) == ([], [])


def test_the_checksum_file_is_what_sha256sum_checks(packed):
    line = (packed / "site.tar.gz.sha256").read_text(encoding="ascii")
    assert re.fullmatch(r"[0-9a-f]{64}  site\.tar\.gz\n", line)
    assert line.split()[0] == hashlib.sha256((packed / "site.tar.gz").read_bytes()).hexdigest()
    subprocess.run(["sha256sum", "--check", "--status", "site.tar.gz.sha256"], cwd=packed, check=True)


def test_the_same_site_packs_into_the_same_bytes(packed, sample_site, tmp_path):
    assert cli.main(["package", str(sample_site), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "site.tar.gz").read_bytes() == (packed / "site.tar.gz").read_bytes()
    with tarfile.open(packed / "site.tar.gz") as archive:
        members = archive.getmembers()
    newest = max(int(p.stat().st_mtime) for p in sample_site.rglob("*") if p.is_file())
    assert {m.mtime for m in members} == {newest}  # one time: when the build finished
    assert {(m.uid, m.gid, m.uname) for m in members} == {(0, 0, "root")}
    assert {m.mode for m in members if m.isfile()} == {0o644} and {m.mode for m in members if m.isdir()} == {0o755}
    assert all(m.name == "site" or m.name.startswith("site/") for m in members)


def test_packing_a_folder_that_is_not_a_site_fails_clearly(tmp_path, capsys):
    assert cli.main(["package", str(tmp_path), "--out", str(tmp_path / "dist")]) == 2
    assert "不是生成好的网站" in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()


def test_the_publish_workflow_attaches_what_nox_package_makes():
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert "nox -s package" in workflow and "actions/upload-artifact@" in workflow
    assert "dist/site.tar.gz\n" in workflow and "dist/site.tar.gz.sha256" in workflow
    assert re.search(r"def package\(session.*?\"package\", \"site\", \"--out\", \"dist\"", noxfile, re.S)
