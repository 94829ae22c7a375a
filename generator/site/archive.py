"""The built site as one file a department can deploy without Python or Node: ``site.tar.gz`` and its SHA-256.

The publish workflow attaches both to every run; ``nox -s package`` makes them the same way. Packing the same
site folder twice gives the same bytes: members in path order under one top folder ``site/``, owned by root,
modes 644 and 755, a gzip header without a file name or time. Every member is dated with one time, when the
build finished (the newest file of the site): a new build gets a new time, so a server's ``Last-Modified``
and ``ETag`` (nginx makes it from time and size) change even for a file whose size stays the same.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import SiteError

ARCHIVE = "site.tar.gz"
TOP = "site"
"""The folder the archive unpacks into."""


class PackFailed(SiteError):
    """The site folder cannot be packed."""


@dataclass(frozen=True)
class Packed:
    archive: Path
    checksum_file: Path
    sha256: str
    files: int


def pack(site_dir: Path, out_dir: Path) -> Packed:
    """Write ``out_dir/site.tar.gz`` of ``site_dir`` and ``site.tar.gz.sha256`` beside it (``sha256sum -c`` reads it)."""
    if not (site_dir / "index.html").is_file():
        raise PackFailed(f"{site_dir} 不是生成好的网站（没有 index.html）：请先运行 python -m generator build。")
    members = sorted(_members(site_dir))
    stamp = max(int(path.stat().st_mtime) for _, path in members if path.is_file())
    out_dir.mkdir(parents=True, exist_ok=True)
    partial = out_dir / f".{ARCHIVE}.partial"
    with (
        partial.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for name, path in members:
            _add(tar, name, path, stamp)
    digest = hashlib.sha256(partial.read_bytes()).hexdigest()
    archive, checksum = out_dir / ARCHIVE, out_dir / f"{ARCHIVE}.sha256"
    partial.replace(archive)
    checksum.write_text(f"{digest}  {ARCHIVE}\n", encoding="ascii")
    return Packed(archive, checksum, digest, sum(1 for _, path in members if path.is_file()))


def _members(site_dir: Path):
    """(name in the archive, path) of the top folder and of everything below it."""
    yield TOP, site_dir
    for root, dirs, files in os.walk(site_dir):
        dirs.sort()
        for entry in [*dirs, *files]:
            path = Path(root) / entry
            if path.is_symlink():
                raise PackFailed(f"网站中有符号链接 {path}：生成的网站不应含有链接，请重新生成。")
            yield f"{TOP}/{path.relative_to(site_dir).as_posix()}", path


def _add(tar: tarfile.TarFile, name: str, path: Path, stamp: int) -> None:
    info = tarfile.TarInfo(name)
    info.mtime, info.uid, info.gid, info.uname, info.gname = stamp, 0, 0, "root", "root"
    if path.is_dir():
        info.type, info.mode = tarfile.DIRTYPE, 0o755
        tar.addfile(info)
        return
    info.size, info.mode = path.stat().st_size, 0o644
    with path.open("rb") as stream:
        tar.addfile(info, stream)
