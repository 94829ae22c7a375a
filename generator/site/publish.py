"""Publish stage: swap a finished build into place, or leave the last good site alone."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def publish(new_site: Path, out: Path) -> None:
    """Replace ``out`` by ``new_site`` with renames on one file system.

    ``new_site`` must be a sibling of ``out`` (same parent). If the final rename
    fails, the previous ``out`` is put back.
    """
    backup = out.with_name(f".{out.name}.previous")
    if backup.exists():
        shutil.rmtree(backup)
    had_previous = out.exists()
    if had_previous:
        os.rename(out, backup)
    try:
        os.rename(new_site, out)
    except OSError:
        if had_previous:
            os.rename(backup, out)
        raise
    if had_previous:
        shutil.rmtree(backup)
