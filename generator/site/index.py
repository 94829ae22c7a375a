"""Index stage: build the Pagefind search index of the rendered site.

The binary comes from PAGEFIND_BINARY_PATH, or else from the project's own npm
install in tools/ (the pinned extended build, which segments Chinese).

Large sites are indexed in shards. Pagefind keeps every page it indexes in memory until it writes
the index (about 110 KB per product page of Chinese text), so one run over 25,000 pages needs about
3 GB. Above ``Settings.shard_pages`` pages the record pages are dealt out to several runs, one after the
other, each reading its share of the pages through a glob and writing its own bundle (``pagefind/``,
``pagefind-2/`` …); the search page merges them in the browser with Pagefind's ``mergeIndex``.
Every extra bundle costs a first search one more index chunk (about 30 KB), so shards are few.

Sorting is ours, not Pagefind's: Pagefind would put every sort order into the metadata file that
each first search downloads (4 bytes per page and sort), and its merged results come back ordered
by score only. Pages carry their sort keys as hidden metadata (``sort_name``, ``sort_expiry``);
after indexing, the keys are read back from the bundles' fragments and written as one ranked list
of result ids per sort, which the search page fetches only when a reader picks that sort.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import math
import os
import platform
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from ..errors import SiteError
from ..settings import ROOT, Settings
from .page import RECORD_FOLDERS

TOOLS = ROOT / "tools"
PACKAGES = {
    ("Linux", "x86_64"): "linux-x64",
    ("Linux", "aarch64"): "linux-arm64",
    ("Darwin", "arm64"): "darwin-arm64",
    ("Darwin", "x86_64"): "darwin-x64",
}
INCLUDE_CHARACTERS = "-_"
"""Kept inside words so certificate numbers and codes stay whole."""
SORTS = ("name", "expiry")
"""Sort keys pages may carry as ``data-pagefind-meta="sort_<key>[value]"``."""
MANIFEST = "jl-search.json"
"""Written into the first bundle: the other bundles and the sort files, for the search page."""
FRAGMENT_MAGIC = b"pagefind_dcd"


class IndexFailed(SiteError):
    """Pagefind could not be found or failed to index the site."""


def pagefind_binary() -> Path:
    """The extended Pagefind binary the build uses."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    package = PACKAGES.get((platform.system(), platform.machine()))
    candidate = TOOLS / "node_modules" / "@pagefind" / (package or "unknown") / "bin" / "pagefind_extended"
    if not candidate.exists():
        raise IndexFailed(
            f"找不到 Pagefind 扩展版程序 {candidate}；请先运行 `npm ci --prefix tools`（或用 PAGEFIND_BINARY_PATH 指定）。"
        )
    return candidate


def bundle_name(shard: int) -> str:
    """Folder of a shard's bundle below the site root: ``pagefind``, ``pagefind-2``, …"""
    return "pagefind" if shard == 0 else f"pagefind-{shard + 1}"


@dataclass
class Shard:
    """The pages of one Pagefind run, and the glob that makes Pagefind read just those."""

    pages: list[str]
    """HTML files, relative to the site."""
    glob: str | None
    """None: the whole site."""


def plan_shards(site_dir: Path, shard_pages: int = Settings.shard_pages) -> list[Shard]:
    """Split the site's HTML files among Pagefind runs; one run holds the whole site when it is small enough.

    Record pages (``products/<id>/index.html``) are grouped by the last character of their id, and the
    groups dealt out so the runs hold about as many pages each: ids end in digits or check characters
    spread evenly, so every run gets a like mix of products and enterprises and their word statistics
    (which Pagefind's scores use) stay alike. A run's glob names its characters, e.g.
    ``products/*[0-4]/index.html``, so Pagefind reads the pages in place. All other pages go to the first.
    """
    pages = sorted(_html_files(site_dir))
    count = max(1, math.ceil(len(pages) / shard_pages))
    if count == 1:
        return [Shard(pages, None)]
    by_end: dict[str, list[str]] = {}
    others = []
    for page in pages:
        parts = page.split("/")
        end = parts[1][-1:] if len(parts) == 3 and parts[0] in RECORD_FOLDERS and parts[2] == "index.html" else ""
        if end.isascii() and end.isalnum():
            by_end.setdefault(end.lower(), []).append(page)  # one group per letter, whatever its case
        else:
            others.append(page)
    loads, ends = [len(others)] + [0] * (count - 1), [[] for _ in range(count)]
    for end in sorted(by_end, key=lambda e: (-len(by_end[e]), e)):
        lightest = min(range(count), key=lambda n: (loads[n], n))
        ends[lightest].append(end)
        loads[lightest] += len(by_end[end])
    shards = []
    for n, chars in enumerate(ends):
        patterns = _other_patterns(others) if n == 0 else []
        both = "".join(sorted(set("".join(chars) + "".join(chars).upper())))
        patterns += [f"{folder}/*[{both}]/index.html" for folder in RECORD_FOLDERS] if chars else []
        members = (others if n == 0 else []) + sorted(p for e in chars for p in by_end[e])
        if members:
            shards.append(Shard(members, "{" + ",".join(patterns) + "}" if len(patterns) > 1 else patterns[0]))
    return shards


def _other_patterns(others: list[str]) -> list[str]:
    """Glob patterns for the pages that are not records: whole top-level folders, and single files."""
    patterns, folders = [], set()
    for page in others:
        top, _, rest = page.partition("/")
        if rest and top not in RECORD_FOLDERS:
            if top not in folders:
                folders.add(top)
                patterns.append(f"{top}/**/*.html")
        else:
            patterns.append(page)
    return patterns


def _html_files(site_dir: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(site_dir):
        rel = os.path.relpath(root, site_dir)
        if rel == ".":
            dirs[:] = [d for d in dirs if not d.startswith("pagefind")]  # earlier bundles
        for name in files:
            if name.endswith(".html"):
                yield name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")


def index_site(site_dir: Path, shard_pages: int = Settings.shard_pages, *, keep_index_url: bool = False) -> dict:
    """Index every HTML page of ``site_dir`` into its Pagefind bundles; return the counts.

    With ``keep_index_url`` result addresses end in ``index.html`` (sites built without directory URLs).

    The counts are ``page_count`` (pages in the index: those with ``data-pagefind-body``), ``bundles``
    and ``sorted`` (pages ranked per sort key).
    """
    binary = pagefind_binary()
    previous = os.environ.get("PAGEFIND_BINARY_PATH")
    os.environ["PAGEFIND_BINARY_PATH"] = str(binary)
    try:
        shards = plan_shards(site_dir, shard_pages)
        bundles = [bundle_name(n) for n in range(len(shards))]
        for shard, bundle in zip(shards, bundles, strict=True):
            asyncio.run(_index(site_dir, shard.glob, site_dir / bundle, keep_index_url))
        pages = [
            (result_id, fragment["url"], fragment.get("meta", {}))
            for bundle in bundles
            for result_id, fragment in read_fragments(site_dir / bundle)
        ]
        sorted_counts = write_sorts(site_dir / bundles[0], bundles, pages)
    except IndexFailed:
        raise
    except Exception as exc:  # the service raises plain exceptions for every failure
        raise IndexFailed(f"Pagefind 建立索引失败（indexing failed）：{exc}") from exc
    finally:
        if previous is None:
            os.environ.pop("PAGEFIND_BINARY_PATH", None)
        else:
            os.environ["PAGEFIND_BINARY_PATH"] = previous
    return {"page_count": len(pages), "bundles": len(bundles), "sorted": sorted_counts}


async def _index(site_dir: Path, glob: str | None, output: Path, keep_index_url: bool) -> dict:
    config = IndexConfig(output_path=str(output), include_characters=INCLUDE_CHARACTERS, keep_index_url=keep_index_url)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir), glob=glob)
    return dict(result)


def read_fragments(bundle: Path) -> Iterator[tuple[str, dict]]:
    """(result id, fragment) for every page of one Pagefind bundle."""
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        if not raw.startswith(FRAGMENT_MAGIC):
            raise IndexFailed(f"无法读取 Pagefind 片段 {path}：格式与 Pagefind 1.6 不同")
        yield path.stem, json.loads(raw[len(FRAGMENT_MAGIC) :])


def rank_pages(pages: list[tuple[str, str, dict]]) -> dict[str, dict]:
    """Per sort key, the result ids in ascending key order, from (result id, url, meta) of every page.

    ``ranked[rank]`` is the id at that rank. A result id is unique within a bundle but two bundles may
    reuse one (it is a short hash): such an id is left out of ``ranked`` (its places hold None) and
    listed in ``ambiguous`` (id -> url -> rank); the search page tells them apart by the result's URL.
    Keys compare as strings, like Pagefind's own sort; equal keys keep URL order.
    """
    seen = Counter(result_id for result_id, _, _ in pages)
    sorts = {}
    for key in SORTS:
        keyed = sorted((meta[f"sort_{key}"], url, result_id) for result_id, url, meta in pages if meta.get(f"sort_{key}"))
        ranked, ambiguous = [], {}
        for rank, (_, url, result_id) in enumerate(keyed):
            shared = seen[result_id] > 1
            if shared:
                ambiguous.setdefault(result_id, {})[url] = rank
            ranked.append(None if shared else result_id)
        sorts[key] = {"sort": key, "count": len(keyed), "ranked": ranked, "ambiguous": ambiguous}
    return sorts


def write_sorts(first: Path, bundles: list[str], pages: list[tuple[str, str, dict]]) -> dict[str, int]:
    """Write one ranked list per sort key and the manifest into the first bundle; return pages per sort.

    The sort files are named by a digest of their content, so browsers may cache them for good.
    """
    manifest = {"bundles": [f"../{b}/" for b in bundles[1:]], "sorts": {}}
    rankings = rank_pages(pages)
    for key, ranking in rankings.items():
        body = json.dumps(ranking, ensure_ascii=False, separators=(",", ":")).encode()
        name = f"jl-sort-{key}.{hashlib.sha256(body).hexdigest()[:12]}.json"
        (first / name).write_bytes(body)
        manifest["sorts"][key] = name
    (first / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {key: ranking["count"] for key, ranking in rankings.items()}
