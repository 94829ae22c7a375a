"""Writes the JSON files of the site: the static API (``api.py`` builds its records) and single JSON documents.

JSON files are compact UTF-8 with a final newline, keys in the order the objects were built, so the
same input gives the same bytes. Every path is checked to stay below the output folder, and no two
files may go to the same path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import OpenDataError
from ..forking import can_fork, fork_map
from ..output import OutputFolder
from ..records import Catalogue
from .api import api_jobs
from .history import Tombstone
from .release import Release


def dumps(obj) -> str:
    """Compact JSON text as the site writes it: UTF-8 characters kept, no NaN, a final newline."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def write_json(path: Path, obj) -> None:
    """Write ``obj`` as compact deterministic UTF-8 JSON (see ``dumps``), creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(dumps(obj).encode("utf-8"))


def _make_folders(output: OutputFolder, paths: Iterable[str]) -> None:
    for folder in sorted({path.rpartition("/")[0] for path in paths}):
        (output.root / folder).mkdir(parents=True, exist_ok=True)


def write_api(root: Path, records: Iterable[tuple[str, object]]) -> int:
    """Write (site-relative path, object) pairs below ``root`` as ``dumps`` does; return the count.

    Refuses a path twice or a path outside ``root``. Takes the pairs one at a time, so with
    ``api.iter_api_records`` only one record is in memory at once.
    """
    output = OutputFolder(root, OpenDataError, "JSON 文件")
    for path, obj in records:
        output.write(path, dumps(obj))
    return len(output.claimed)


def write_api_files(
    root: Path, catalogue: Catalogue, release: Release, *, processes: int, tombstones: list[Tombstone] = ()
) -> int:
    """Build and write every API file below ``root``; return the count. Same bytes as ``write_api``.

    Encoding JSON holds the GIL and file creation is mostly system time, so threads do not help. On Linux,
    when no other thread runs, ``processes`` forked processes each build and write every n-th file; elsewhere
    (Windows, macOS, a threaded caller, ``processes=1``) this process writes them all. Every path is claimed
    here, before any file is built, so a duplicate is found before the work is shared out.
    """
    jobs = api_jobs(catalogue, release, tombstones)
    output = OutputFolder(root, OpenDataError, "JSON 文件")
    targets = [str(output.claim(path)) for path, _ in jobs]
    _make_folders(output, [path for path, _ in jobs])
    workers = max(1, min(processes, len(jobs))) if can_fork() else 1
    fork_map(lambda k: _write_share(output, targets, jobs, k, workers), range(workers))
    return len(jobs)


def _write_share(output: OutputFolder, targets: list[str], jobs: list[tuple[str, Callable[[], dict]]], k: int, n: int) -> None:
    for target, (_, build) in zip(targets[k::n], jobs[k::n], strict=True):
        output.create(target, dumps(build()).encode("utf-8"))
