"""Output files: every file a build writes goes to its own path inside its folder.

The page sources, the pages wrapped in shells, the downloads and the API files all go through
``OutputFolder``, so the two ways a writer can go wrong are checked in one place: a path that leaves
the folder (or is not a plain relative path), and two files at one path. A path is claimed in this
process (a set) and created exclusively on disk, so a file written by another forked writer or by
mkdocs is refused too, never overwritten.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import GeneratorError


class OutputFolder:
    """A folder one writer fills; ``error`` is the writer's stage error, ``what`` names its files in messages."""

    def __init__(self, root: Path, error: type[GeneratorError], what: str):
        self.root, self.error, self.what = root, error, what
        self.claimed: set[str] = set()

    def claim(self, path: str) -> Path:
        """Reserve the relative POSIX ``path`` for one file; return where the file goes."""
        parts = path.split("/")
        if not path or path.startswith("/") or "\\" in path or {"", ".", ".."} & set(parts):
            raise self.error(f"{self.what}路径越出输出目录或不规范：{path}")
        if path in self.claimed:
            raise self._duplicate(path)
        self.claimed.add(path)
        return self.root / path

    def write(self, path: str, content: bytes | str) -> Path:
        """Claim ``path``, make its folder and create the file with ``content`` (text as UTF-8)."""
        target = self.claim(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.create(target, content.encode("utf-8") if isinstance(content, str) else content)
        return target

    def create(self, target: Path | str, data: bytes) -> None:
        """Create a file that must not exist yet (its path claimed already, its folder made)."""
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError as exc:
            raise self._duplicate(os.path.relpath(target, self.root).replace(os.sep, "/")) from exc
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def _duplicate(self, path: str) -> GeneratorError:
        return self.error(f"两个{self.what}写到同一路径 {path}（duplicate output path）")
