"""Open-data stage: what a build publishes besides pages, and what the pages need to describe it.

``prepare`` runs before rendering (the download page lists sizes and checksums; the changelog and the
tombstones come from git history) and starts two forked writers: the downloads the pages describe, and
the list-page downloads no page waits for. ``publish_files`` puts the files into the built site
afterwards: ``data/`` (the downloads, then the index files of all of them: DCAT, manifest, checksums),
``api/`` (static JSON), ``statistics/`` (SVG and CSV of each chart), ``changelog/feed.xml`` and the sitemaps.
"""

from __future__ import annotations

import dataclasses
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..diff import snapshot_of
from ..forking import Forked
from ..git import top_of
from ..records import Catalogue
from ..settings import Settings
from ..validation.load import DataSet
from . import charts, history
from .api_writer import write_api_files
from .citation import citation
from .downloads import check_empty, write_downloads, write_index_files, write_lists
from .feed import atom_feed
from .jsonld import catalog_jsonld, dataset_jsonld
from .release import Release
from .sitemap import sitemaps


@dataclass
class OpenData:
    """Everything the open-data pages and files are made from."""

    release: Release
    data: DataSet
    written: Forked
    """The download files being written (in a forked process while pages render)."""
    lists: Forked
    """The list-page downloads being written (in another forked process; only ``publish_files`` waits for them)."""
    staged: Path
    """Folder holding the written download files until they are moved into the site."""
    history: history.History
    tombstones: list[history.Tombstone]
    charts: list[charts.Chart]

    @cached_property
    def downloads(self) -> list[dict]:
        """Each download file as a dict (see downloads.Download), in the order the download page lists them."""
        return [dataclasses.asdict(f) for f in self.written.result()]

    def packages(self) -> list[dict]:
        """Data-package descriptors, catalog first."""
        return [package.descriptor for package in self.data.packages]

    def resources(self) -> list[tuple[dict, dict]]:
        """(package descriptor, resource descriptor) of every table, in download order."""
        return [
            (package.descriptor, resource)
            for package in self.data.packages
            for resource in package.descriptor.get("resources", [])
        ]

    def files_of(self, resource: str) -> list[dict]:
        return [d for d in self.downloads if d["dataset"] == resource]

    def file(self, name: str) -> dict | None:
        """The download file ``name`` (relative to ``data/``), or None."""
        return self._by_file.get(name)

    @cached_property
    def _by_file(self) -> dict[str, dict]:
        return {d["file"]: d for d in self.downloads}

    def citation(self, title: str, path: str) -> dict[str, str]:
        """GB/T 7714 and APA citations of the page at site path ``path``."""
        release = self.release
        return citation(
            title=title,
            permalink=release.page(path),
            version=release.version,
            access_date=release.as_of,
            publisher=release.publisher,
        )

    def dataset_jsonld(self, package: dict, resource: dict) -> dict:
        return dataset_jsonld(
            self.release, package, resource, downloads=self.files_of(resource["name"]), page_path=f"data/{resource['name']}/"
        )

    def catalog_jsonld(self) -> dict:
        datasets = [self.dataset_jsonld(package, resource) for package, resource in self.resources()]
        return catalog_jsonld(self.release, self.packages(), datasets)


def prepare(data: DataSet, catalogue: Catalogue, data_dir: Path, staging: Path, release: Release, settings: Settings) -> OpenData:
    """Start writing the downloads into ``staging`` (in a forked process) and gather the history, tombstones
    and charts."""
    check_empty(staging)
    written = Forked(lambda: write_downloads(data, staging, release, catalogue))
    lists = Forked(lambda: write_lists(staging, release, catalogue))
    repo, data_path = top_of(data_dir) or (data_dir, ".")
    found = history.history(repo, data_path, settings.history_limit)
    stones = list(history.tombstones(found.versions, snapshot_of(data)))
    return OpenData(release, data, written, lists, staging, found, stones, charts.statistics(catalogue))


def publish_files(od: OpenData, catalogue: Catalogue, site_dir: Path, settings: Settings) -> dict[str, int]:
    """Write the index files of the downloads, move them into ``site_dir/data`` and write the API, chart files,
    feed and sitemaps."""
    release = od.release
    write_index_files(od.staged, release, od.data, catalogue, od.written.result() + od.lists.result())
    for item in sorted(od.staged.iterdir()):
        shutil.move(str(item), site_dir / "data" / item.name)
    api = write_api_files(site_dir, catalogue, release, processes=settings.processes, tombstones=od.tombstones)
    for chart in od.charts:
        (site_dir / "statistics" / f"{chart.id}.svg").write_text(chart.svg, encoding="utf-8")
        (site_dir / "statistics" / f"{chart.id}.csv").write_text("\ufeff" + chart.csv_text(), encoding="utf-8")
    feed = atom_feed(
        od.history.versions,
        base_url=release.base_url,
        title=f"{release.publisher} · 更新记录",
        author=release.publisher,
        as_of=release.as_of,
        directory_urls=release.directory_urls,
    )
    (site_dir / "changelog" / "feed.xml").write_text(feed, encoding="utf-8")
    pages = sorted(_page_paths(site_dir))
    for old in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / old).unlink(missing_ok=True)
    hrefs = [settings.href(page) for page in pages]
    for name, text in sitemaps(hrefs, base_url=release.base_url, lastmod=release.as_of).items():
        (site_dir / name).write_text(text, encoding="utf-8")
    return {"api": api, "pages_in_sitemap": len(pages)}


def _page_paths(site_dir: Path):
    """Site path of every HTML page worth listing in a sitemap."""
    for page in site_dir.rglob("index.html"):
        relative = page.parent.relative_to(site_dir).as_posix()
        if not relative.startswith(("pagefind", "assets")):
            yield "" if relative == "." else relative + "/"
