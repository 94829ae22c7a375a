"""Index stage: build the Pagefind search index of the rendered site.

The binary comes from PAGEFIND_BINARY_PATH, or else from the project's own npm
install in tools/ (the pinned extended build, which segments Chinese).
"""

from __future__ import annotations

import asyncio
import os
import platform
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

TOOLS = Path(__file__).resolve().parent.parent / "tools"
PACKAGES = {("Linux", "x86_64"): "linux-x64", ("Linux", "aarch64"): "linux-arm64",
            ("Darwin", "arm64"): "darwin-arm64", ("Darwin", "x86_64"): "darwin-x64"}
INCLUDE_CHARACTERS = "-_"
"""Kept inside words so certificate numbers and codes stay whole."""


class IndexFailed(Exception):
    """Pagefind could not be found or failed to index the site."""


def pagefind_binary() -> Path:
    """The extended Pagefind binary the build uses."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    package = PACKAGES.get((platform.system(), platform.machine()))
    candidate = TOOLS / "node_modules" / "@pagefind" / (package or "unknown") / "bin" / "pagefind_extended"
    if not candidate.exists():
        raise IndexFailed(f"找不到 Pagefind 扩展版程序 {candidate}；请先运行 `npm ci --prefix tools`"
                          "（或用 PAGEFIND_BINARY_PATH 指定）。")
    return candidate


def index_site(site_dir: Path) -> dict:
    """Index every HTML page of ``site_dir`` into ``site_dir/pagefind``; return Pagefind's counts."""
    binary = pagefind_binary()
    previous = os.environ.get("PAGEFIND_BINARY_PATH")
    os.environ["PAGEFIND_BINARY_PATH"] = str(binary)
    try:
        return asyncio.run(_index(site_dir))
    except Exception as exc:  # the service raises plain exceptions for every failure
        raise IndexFailed(f"Pagefind 建立索引失败（indexing failed）：{exc}") from exc
    finally:
        if previous is None:
            os.environ.pop("PAGEFIND_BINARY_PATH", None)
        else:
            os.environ["PAGEFIND_BINARY_PATH"] = previous


async def _index(site_dir: Path) -> dict:
    config = IndexConfig(output_path=str(site_dir / "pagefind"), include_characters=INCLUDE_CHARACTERS)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir))
    return dict(result)
