"""The pipeline: validate -> records -> render -> mkdocs -> Pagefind -> publish.

Every stage works in a temporary folder beside the output; the output folder
is only replaced once all stages have succeeded.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from . import records
from .errors import GeneratorError
from .git import GitError, git
from .opendata import stage as opendata
from .opendata.release import Release
from .search import stage as search_stage
from .settings import Settings
from .site import harden, render
from .site.index import index_site
from .site.publish import publish
from .site.theme import Theme
from .validation import report
from .validation.validate import validate


class BuildFailed(GeneratorError):
    """A stage failed; the previous output is untouched."""

    def __init__(self, message: str, exit_status: int = 1):
        super().__init__(message)
        self.exit_status = exit_status


@dataclass
class BuildStats:
    """What a build produced and how long each stage took."""

    out: Path
    as_of: dt.date
    version: str
    pages: int = 0
    records: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    cpu: dict = field(default_factory=dict)
    """CPU seconds per stage, children included."""
    indexed: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)

    def describe(self) -> str:
        stages = "，".join(f"{k} {v:.1f} 秒" for k, v in self.seconds.items())
        counts = "，".join(f"{k} {v}" for k, v in self.records.items())
        bundles = self.indexed.get("bundles", 1)
        return (
            f"网站已生成到 {self.out}（数据版本 {self.version}，状态日期 {self.as_of}）\n"
            f"页面 {self.pages} 个；{counts}\n"
            f"Pagefind 索引页面 {self.indexed.get('page_count', '?')} 个{f'（分 {bundles} 份）' if bundles > 1 else ''}\n"
            f"用时：{stages}，合计 {sum(self.seconds.values()):.1f} 秒"
        )


def default_as_of() -> dt.date:
    """SOURCE_DATE_EPOCH's date when set (reproducible builds), else today in China."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def data_version(data_dir: Path, as_of: dt.date) -> str:
    """Build date plus the short commit id of the data, when it is in a git checkout."""
    try:
        commit = git("log", "-1", "--format=%h", "--", ".", repo=data_dir, timeout=10).strip()
    except (GitError, OSError):  # not a git checkout (OSError: data_dir is no folder git can enter)
        commit = ""
    return f"{as_of.isoformat()}+{commit or 'local'}"


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (mkdocs runs here, Pagefind as a child)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def _timed(stats: BuildStats, stage: str):
    start, cpu = time.perf_counter(), _cpu()
    yield
    stats.seconds[stage] = time.perf_counter() - start
    stats.cpu[stage] = _cpu() - cpu


def build(
    data_dir: Path, out: Path, *, as_of: dt.date | None = None, settings: Settings | None = None, shells: bool = True
) -> BuildStats:
    """Build the whole site from ``data_dir`` into ``out``; raise BuildFailed when a stage fails.

    ``settings`` defaults to the project's own (mkdocs.yml). With ``shells`` (the default) pages outside the
    nav are wrapped in theme shells instead of being built one by one by mkdocs; the output is the same
    (tested), only faster. A bug (any other exception) propagates; either way the previous ``out`` stays.
    """
    settings = settings or Settings.load()
    as_of = as_of or default_as_of()
    out = out.resolve()
    stats = BuildStats(out, as_of, data_version(data_dir, as_of))
    with _timed(stats, "校验"):
        result = validate(data_dir, settings)
    if not result.valid:
        raise BuildFailed(report.format_report(result, "text", settings) + "\n生成中止，原有网站未改动。", result.exit_status)
    release = Release(settings.site_name, settings.site_url, stats.version, as_of, settings.directory_urls)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f".{out.name}.build-", dir=out.parent) as work:
            with _timed(stats, "建模"):
                catalogue = records.build(result.data, as_of)
            stats.records = {
                "产品": len(catalogue.products),
                "企业": len(catalogue.enterprises),
                "证书": len(catalogue.certificates),
                "目录收录": len(catalogue.entries),
            }
            with _timed(stats, "开放数据"):
                od = opendata.prepare(result.data, catalogue, data_dir, Path(work) / "downloads", release, settings)
            with _timed(stats, "搜索数据"):
                search = search_stage.prepare(catalogue, settings.href)
            with _timed(stats, "渲染"):
                rendered = render.render_site(catalogue, stats.version, od, settings, search)
            _write_and_publish(rendered, catalogue, od, search, Path(work), out, settings, stats, shells)
    except (GeneratorError, OSError) as exc:
        raise BuildFailed(f"{exc}\n生成中止，原有网站未改动。") from exc
    return stats


def _write_and_publish(
    rendered: render.RenderedSite,
    catalogue,
    od: opendata.OpenData,
    search: search_stage.SearchData,
    work: Path,
    out: Path,
    settings: Settings,
    stats: BuildStats,
    shells: bool,
) -> None:
    """Wrap the pages in the theme, harden, add the open-data files and index in ``work`` beside ``out``,
    then swap it in."""
    theme = Theme(settings, work)
    with _timed(stats, "写出"):
        wrapped, stats.pages = theme.write_sources(rendered.pages if shells else rendered.all_pages(), shells=shells)
    with _timed(stats, "mkdocs"):
        html = theme.build(sample=catalogue.sample, as_of=stats.as_of)
    with _timed(stats, "安全策略"):
        harden.add_csp(html)
    if shells:
        with _timed(stats, "记录页"):
            theme.open()
            stats.pages += theme.write(wrapped) + theme.write_in_parallel(rendered.records)
    with _timed(stats, "数据文件"):
        stats.files = opendata.publish_files(od, catalogue, html, settings)
        search_stage.write(search, html)
    with _timed(stats, "Pagefind"):
        stats.indexed = index_site(html, settings.shard_pages, keep_index_url=not settings.directory_urls)
    publish(html, out)
