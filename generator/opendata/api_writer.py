"""Writes the JSON files of the site: the static API (``api.py`` builds its records) and single JSON documents.

JSON files are compact UTF-8 with a final newline, keys in the order the objects were built, so the
same input gives the same bytes. Every path is checked to stay below the output folder, and no two
files may go to the same path.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import OpenDataError
from ..forking import can_fork, fork_map
from ..records import Catalogue
from .api import api_jobs
from .release import Release


def dumps(obj) -> str:
    """Compact JSON text as the site writes it: UTF-8 characters kept, no NaN, a final newline."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def write_json(path: Path, obj) -> None:
    """Write ``obj`` as compact deterministic UTF-8 JSON (see ``dumps``), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(dumps(obj).encode("utf-8"))


def _checked(path: str) -> str:
    parts = path.split("/")
    if not path or path.startswith("/") or "" in parts or ".." in parts or "." in parts or "\\" in path:
        raise OpenDataError(f"JSON 文件路径越出输出目录或不规范：{path}")
    return path


def _write_file(root: str, path: str, obj) -> None:
    fd = os.open(f"{root}/{path}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        data = memoryview(dumps(obj).encode("utf-8"))
        while data:
            data = data[os.write(fd, data):]
    finally:
        os.close(fd)


def _make_folders(root: Path, paths: Iterable[str]) -> None:
    for folder in sorted({path.rpartition("/")[0] for path in paths}):
        (root / folder).mkdir(parents=True, exist_ok=True)


def write_api(root: Path, records: Iterable[tuple[str, object]]) -> int:
    """Write (site-relative path, object) pairs below ``root`` as ``dumps`` does; return the count.

    Refuses a path twice or a path outside ``root``. Takes the pairs one at a time, so with
    ``api.iter_api_records`` only one record is in memory at once.
    """
    seen: set[str] = set()
    folders: set[str] = set()
    for path, obj in records:
        if path in seen:
            raise OpenDataError(f"两个 JSON 文件写到同一路径 {path}（duplicate output path）")
        seen.add(_checked(path))
        folder = path.rpartition("/")[0]
        if folder not in folders:
            _make_folders(root, [path])
            folders.add(folder)
        _write_file(str(root), path, obj)
    return len(seen)


def write_api_files(root: Path, catalogue: Catalogue, release: Release, *, processes: int) -> int:
    """Build and write every API file below ``root``; return the count. Same bytes as ``write_api``.

    Encoding JSON holds the GIL and file creation is mostly system time, so threads do not help. On Linux,
    when no other thread runs, ``processes`` forked processes each build and write every n-th file; elsewhere
    (Windows, macOS, a threaded caller, ``processes=1``) this process writes them all.
    """
    jobs = api_jobs(catalogue, release)
    paths = [_checked(path) for path, _ in jobs]
    if len(set(paths)) != len(paths):
        repeated = next(path for path, count in Counter(paths).items() if count > 1)
        raise OpenDataError(f"两个 JSON 文件写到同一路径 {repeated}（duplicate output path）")
    _make_folders(root, paths)
    workers = max(1, min(processes, len(jobs))) if can_fork() else 1
    fork_map(lambda k: _write_share(str(root), jobs, k, workers), range(workers))
    return len(jobs)


def _write_share(root: str, jobs: list[tuple[str, Callable[[], dict]]], k: int, n: int) -> None:
    for path, build in jobs[k::n]:
        _write_file(root, path, build())
