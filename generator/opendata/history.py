"""History of the data from git: what each commit changed, and tombstones for removed records.

One ``Version`` per commit that changed the data folder, newest first, compared record by record
with its first parent (see ``diff``). Only the first-parent line is followed: the history of the
branch the site is published from, where a merged pull request is one version.

Dates: ``Version.date`` is the committer date as a timezone-aware datetime in Asia/Shanghai;
``Version.day`` and ``Tombstone.removed_on`` are calendar dates there. The Atom feed of the versions
is in feed.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tarfile
import tempfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from ..diff import RecordChange, Snapshot, changes_between, snapshot_of
from ..git import GitError, GitMissing, git
from ..settings import Settings
from ..validation.load import UnusableInput, load
from .change_words import describe
from .record_refs import PAGES, SAFE_ID, label, page
from .titles import Titles, field_titles, table_titles

TZ = ZoneInfo("Asia/Shanghai")

KIND_TITLES = {"products": "产品", "enterprises": "企业", "projects": "示范工程", "catalogs": "目录", "policies": "政策文件"}

ORDER = (
    "products",
    "enterprises",
    "catalogs",
    "catalog_batches",
    "catalog_entries",
    "negative_list",
    "certificates",
    "test_reports",
    "product_indicators",
    "enterprise_honours",
    "demo_projects",
    "demo_project_products",
    "demo_project_materials",
    "policies",
    "ratio_rules",
)
"""Order of tables within a version: records with pages and catalog changes first; other tables after, by name."""


@dataclass(frozen=True)
class Version:
    """One commit that changed the data folder."""

    commit: str
    """Full commit id."""
    parent: str
    """Full id of the first parent; empty for the first commit (compared with empty data)."""
    date: dt.datetime
    """Committer date, timezone-aware, in Asia/Shanghai."""
    subject: str
    """First line of the commit message."""
    changes: tuple[RecordChange, ...]
    """Record changes against the parent, by table (in ``ORDER``) and key."""
    labels: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    """(table, key) -> what to call the record, as it was named in that commit (the older one for removals)."""
    pages: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    """(table, key) -> site path showing the record (a tombstone once removed), when there is one."""
    titles: Titles = field(default_factory=Titles, repr=False)
    note: str = ""
    """Why the changes are missing (the data of this commit or its parent could not be read)."""
    explanation: str = ""
    """The commit's own words (a merged pull request's title) when it changed nothing but the data folder;
    empty for a commit that also changed code or documents, whose message is not about the data."""

    @property
    def headline(self) -> str:
        """What changed, in short plain Chinese: ``新增 3 个产品，移出目录 1 个产品``."""
        return describe(self)[0]

    @property
    def sentence(self) -> str:
        """What changed, in plain Chinese with the records named: ``…移出目录 1 个产品（P00003 …：弄虚作假）。``"""
        return describe(self)[1]

    @property
    def short(self) -> str:
        """First 7 characters of the commit id: fixed length, so links and feed entries stay stable."""
        return self.commit[:7]

    @property
    def day(self) -> dt.date:
        return self.date.date()

    @property
    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for c in self.changes if c.kind == kind) for kind in ("added", "removed", "changed")}

    def label(self, change: RecordChange) -> str:
        return self.labels.get((change.table, change.key)) or change.key

    def page(self, change: RecordChange) -> str | None:
        return self.pages.get((change.table, change.key))


@dataclass(frozen=True)
class History:
    """Versions newest first, or none and a note saying why."""

    versions: tuple[Version, ...] = ()
    note: str = ""
    """Shown on the changelog page: why there is no history, or that it is cut at ``limit`` commits."""
    titles: Titles = field(default_factory=Titles)


@dataclass(frozen=True)
class Tombstone:
    """A record that had a page and is gone: its URL keeps a page saying so."""

    kind: str
    """Site folder: products, enterprises, projects, catalogs or policies."""
    id: str
    path: str
    """Site path, e.g. ``products/P00017/``."""
    label: str
    """The record's last known name."""
    removed_on: dt.date
    commit: str
    short: str
    reason: str
    """The removing commit's explanation (see ``Version.explanation``); empty when it has none."""
    last_values: dict[str, str]
    """The record's fields in the last version that had it."""
    table: str = ""
    field_titles: dict[str, str] = field(default_factory=dict)
    """Field name -> Chinese title, for the table of last values."""

    @property
    def kind_title(self) -> str:
        return KIND_TITLES[self.kind]

    @property
    def source(self) -> str:
        """Page source path for the writer, e.g. ``products/P00017.md``."""
        return self.path[:-1] + ".md"


NO_GIT = "找不到 git 命令，无法读取数据的修改历史。"
NOT_GIT = "数据不在 git 仓库中（例如从压缩包生成），没有修改历史。"
SHALLOW = (
    "仓库是浅克隆（shallow clone），缺少较早的提交，无法列出修改历史；"
    "请用完整克隆生成（GitHub Actions 中为 actions/checkout 设置 fetch-depth: 0）。"
)


def history(repo: Path, data_path: str = "catalog_data", limit: int = Settings.history_limit) -> History:
    """The last ``limit`` commits that changed ``data_path`` in the git checkout ``repo``, newest first.

    Never raises for a missing git, a folder outside git or a shallow clone: the history is then
    empty and its note says why.
    """
    try:
        if git("rev-parse", "--is-inside-work-tree", repo=repo).strip() != "true":
            return History(note=NOT_GIT)
    except GitMissing:
        return History(note=NO_GIT)
    except GitError as exc:
        return History(note=NOT_GIT if "not a git repository" in str(exc) else f"{NOT_GIT}（{exc}）")
    try:
        if git("rev-parse", "--is-shallow-repository", repo=repo).strip() == "true":
            return History(note=SHALLOW)
        return _History(repo, data_path.strip("/").removeprefix("./"), limit).build()
    except GitError as exc:
        return History(note=f"无法读取数据的修改历史：{exc}")


class _History:
    """Reads the log, resolves the data folder's tree in every commit, loads each tree once."""

    def __init__(self, repo: Path, data_path: str, limit: int):
        self.repo, self.data_path, self.limit = repo, data_path, limit
        self.prefix = git("rev-parse", "--show-prefix", repo=repo).strip()
        self.cache: OrderedDict[str, tuple[Snapshot | None, str]] = OrderedDict()
        self.titles = Titles()

    def build(self) -> History:
        try:
            log = git(
                "log",
                "--first-parent",
                f"-n{self.limit + 1}",
                "--format=%H%x1f%P%x1f%cI%x1f%s%x1f%b%x1e",
                "--",
                self.data_path,
                repo=self.repo,
            )
        except GitError:
            log = ""  # a repository without commits
        commits = [entry.strip("\n").split("\x1f") for entry in log.split("\x1e") if entry.strip()]
        if not commits:
            return History(note=f"{self.data_path} 还没有提交记录。")
        note = f"只列出最近 {self.limit} 次数据提交。" if len(commits) > self.limit else ""
        commits = commits[: self.limit]
        parents = [parents.split()[0] if parents else "" for _, parents, *_ in commits]
        trees = self._trees([c for c, *_ in commits] + [p for p in parents if p])
        data_only = self._data_only(list(zip([c for c, *_ in commits], parents, strict=True)))
        versions = []
        for (commit, _, date, subject, body), parent in zip(commits, parents, strict=True):
            new, new_error = self._snapshot(trees.get(commit))
            old, old_error = self._snapshot(trees.get(parent)) if parent else ({}, "")
            when = dt.datetime.fromisoformat(date).astimezone(TZ)
            why = _explanation(subject, body) if commit in data_only else ""
            if new is None or old is None:
                versions.append(
                    Version(commit, parent, when, subject, (), titles=self.titles, note=new_error or old_error, explanation=why)
                )
                continue
            changes = tuple(sorted(changes_between(old, new), key=_order))
            if not changes:
                continue  # files touched, no record changed (formatting, comments): not a change of the data
            seen = {(c.table, c.key): old if c.kind == "removed" else new for c in changes}
            labels = {k: label(snap, *k) for k, snap in seen.items()}
            pages = {k: path for k, snap in seen.items() if (path := page(snap, *k))}
            versions.append(Version(commit, parent, when, subject, changes, labels, pages, self.titles, explanation=why))
        return History(tuple(versions), note, self.titles)

    def _data_only(self, pairs: list[tuple[str, str]]) -> set[str]:
        """The commits whose change against their first parent touches nothing outside the data folder."""
        inside = f"{self.prefix}{self.data_path}/"
        out = git(
            "diff-tree",
            "--stdin",
            "-r",
            "--name-only",
            "--root",
            "--always",
            repo=self.repo,
            stdin="".join(f"{commit} {parent}\n" if parent else f"{commit}\n" for commit, parent in pairs),
        )
        files: dict[str, list[str]] = {}
        expected, current = [commit for commit, _ in pairs], None
        for line in out.splitlines():
            if expected and line == expected[0]:
                current = expected.pop(0)
                files[current] = []
            elif current:
                files[current].append(line)
        return {commit for commit, names in files.items() if all(name.startswith(inside) for name in names)}

    def _trees(self, commits: list[str]) -> dict[str, str]:
        """commit -> id of the data folder's tree in it (absent when the commit has no data folder)."""
        specs = "".join(f"{c}:{self.prefix}{self.data_path}\n" for c in commits)
        out = git("cat-file", "--batch-check=%(objectname) %(objecttype)", repo=self.repo, stdin=specs)
        return {c: line.split()[0] for c, line in zip(commits, out.splitlines(), strict=True) if line.endswith(" tree")}

    def _snapshot(self, tree: str | None) -> tuple[Snapshot | None, str]:
        """(snapshot, "") or (None, why); the last few trees are kept, so a linear history loads each once."""
        if tree is None:
            return {}, ""
        if tree not in self.cache:
            self.cache[tree] = self._load(tree)
            while len(self.cache) > 4:
                self.cache.popitem(last=False)
        return self.cache[tree]

    def _load(self, tree: str) -> tuple[Snapshot | None, str]:
        """Extract one tree and snapshot it. Old commits may hold data this version cannot read: that
        version then gets a note instead of changes, and the history goes on."""
        archive = git("archive", "--format=tar", tree, repo=self.repo, text=False)
        with tempfile.TemporaryDirectory(prefix="jl-history-") as work:
            try:
                with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                    tar.extractall(work, filter="data")
                data = load(Path(work))
                found = snapshot_of(data, relative=True)
            except (UnusableInput, tarfile.TarError) as exc:
                return None, f"这一版本的数据无法读取，变更未列出：{exc}"
            if not self.titles.tables:  # the newest readable version names the tables
                self.titles.tables.update(table_titles(data))
                self.titles.fields.update(field_titles(data))
                self.titles.reasons.update(
                    {code: values[0].get("name") or code for code, values in found.get("reason_codes", {}).items()}
                )
            return found, ""


_MERGED_PULL_REQUEST = re.compile(r"Merge pull request #\d+ from \S+")


def _explanation(subject: str, body: str) -> str:
    """What a data commit says about itself: a merged pull request's title (the first line of its
    message body) or the subject; nothing for a bare merge of branches."""
    if _MERGED_PULL_REQUEST.fullmatch(subject.strip()):
        return next((line.strip() for line in body.splitlines() if line.strip()), "")
    return "" if subject.startswith("Merge branch ") else subject.strip()


def _order(change: RecordChange) -> tuple:
    rank = ORDER.index(change.table) if change.table in ORDER else len(ORDER)
    return rank, change.table, change.key


def tombstones(versions: tuple[Version, ...] | list[Version], current: Snapshot) -> list[Tombstone]:
    """Records of page tables removed in ``versions`` (newest first) and absent from ``current``.

    The latest removal counts; a record added again later is not a tombstone. Tables missing from
    ``current`` are skipped, and records removed before the oldest version are not known.
    """
    last: dict[tuple[str, str], tuple[Version, RecordChange] | None] = {}
    for version in reversed(versions):
        for change in version.changes:
            if change.table in PAGES:
                last[(change.table, change.key)] = (version, change) if change.kind == "removed" else None
    out = []
    for (table, key), removal in last.items():
        if removal is None or table not in current or key in current[table] or not SAFE_ID.fullmatch(key):
            continue
        version, change = removal
        out.append(
            Tombstone(
                PAGES[table],
                key,
                f"{PAGES[table]}/{key}/",
                version.label(change),
                version.day,
                version.commit,
                version.short,
                version.explanation,
                dict(change.fields),
                table,
                dict(version.titles.fields.get(table, {})),
            )
        )
    return sorted(out, key=lambda t: (t.kind, t.id))
