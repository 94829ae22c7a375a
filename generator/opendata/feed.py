"""Atom 1.0 feed of the data history (history.py): one entry per change of the data, newest first.

An entry is titled with what changed in plain Chinese (change_words.py), says it in a sentence, gives
the commit's own explanation when the commit changed only the data, lists new catalog entries, catalog
removals, new negative-list entries, new and removed records, and counts the other changes.

Deterministic: every date comes from a commit, so the same history gives the same bytes.
Every text is XML-escaped; entry content is HTML, escaped once as HTML and once as XML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from markupsafe import escape as html

from ..errors import OpenDataError
from ..labels import CHANGE
from ..settings import page_href
from .history import PAGES, TZ

if TYPE_CHECKING:
    from ..diff import RecordChange
    from .history import Version

LISTED = 50
"""At most this many records per section of an entry; the rest are counted."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _x(text) -> str:
    return escape(_NOT_XML.sub("", str(text)))


def _attr(text) -> str:
    return quoteattr(_NOT_XML.sub("", str(text)))


def _stamp(when: dt.datetime) -> str:
    if when.tzinfo is None:
        raise OpenDataError("Atom 的时间须带时区（timezone-aware datetime）")
    return when.isoformat(timespec="seconds")


def atom_feed(
    versions: Sequence[Version], *, base_url: str, title: str, author: str, as_of: dt.date, directory_urls: bool = True
) -> str:
    """The feed at ``<base_url>changelog/feed.xml``, by ``author``. It was last updated at the newest
    commit; without any (no history), at midnight of the build date ``as_of``. Its links to pages end in
    ``index.html`` without ``directory_urls`` (see ``Settings.directory_urls``)."""
    if not re.fullmatch(r"https?://[^\s<>\"'#?]+", base_url):
        raise OpenDataError(f"Atom 订阅需要网站的完整地址，如 https://example.org/（got {base_url!r}）")
    base = base_url.rstrip("/") + "/"
    folder = base + "changelog/"
    home = base + page_href("changelog/", directory_urls)
    stamp = versions[0].date if versions else dt.datetime.combine(as_of, dt.time(), TZ)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"<id>{_x(folder)}</id>",
        f"<title>{_x(title)}</title>",
        f"<updated>{_stamp(stamp)}</updated>",
        f'<link rel="self" type="application/atom+xml" href={_attr(folder + "feed.xml")}/>',
        f'<link rel="alternate" type="text/html" href={_attr(home)}/>',
        f"<author><name>{_x(author)}</name></author>",
    ]
    for v in versions:
        lines += [
            "<entry>",
            f"<id>{_x(folder)}#{v.commit}</id>",
            f"<title>{_x(v.headline)}</title>",
            f"<updated>{_stamp(v.date)}</updated>",
            f'<link rel="alternate" type="text/html" href={_attr(home + "#" + v.short)}/>',
            f"<summary>{_x(v.sentence)}</summary>",
            f'<content type="html">{_x(_content(v, lambda path: base + page_href(path, directory_urls), home))}</content>',
            "</entry>",
        ]
    return "\n".join([*lines, "</feed>", ""])


def _sections(v: Version) -> list[tuple[str, list[RecordChange]]]:
    entries = [c for c in v.changes if c.table == "catalog_entries"]
    return [
        ("新收录目录", [c for c in entries if c.kind == "added"]),
        ("移出目录", [c for c in entries if c.kind == "changed" and c.fields.get("removed_date", ["x"])[0] == ""]),
        ("新列入负面清单", [c for c in v.changes if c.table == "negative_list" and c.kind == "added"]),
        (CHANGE["added"], [c for c in v.changes if c.kind == "added" and c.table in PAGES]),
        (CHANGE["removed"], [c for c in v.changes if c.kind == "removed"]),
    ]


def _content(v: Version, page: Callable[[str], str], home: str) -> str:
    """HTML: the counts, the notable changes as linked lists, and how many other changes there were."""
    if v.note:
        return f"<p>{html(v.note)}</p>"
    parts, listed = [f"<p>{html(v.sentence)}</p>"], 0
    if v.explanation:
        parts.append(f"<p>修改说明（提交者所写）：{html(v.explanation)}</p>")
    for heading, changes in _sections(v):
        if not changes:
            continue
        listed += len(changes)
        items = []
        for c in changes[:LISTED]:
            kind = f"{html(v.titles.table(c.table))}：" if heading in (CHANGE["added"], CHANGE["removed"]) else ""
            name = html(v.label(c))
            target = v.page(c)
            items.append(f'<li>{kind}<a href="{html(page(target))}">{name}</a></li>' if target else f"<li>{kind}{name}</li>")
        more = f"<li>……另有 {len(changes) - LISTED} 条</li>" if len(changes) > LISTED else ""
        parts.append(f"<h3>{heading}（{len(changes)}）</h3><ul>{''.join(items)}{more}</ul>")
    other = len(v.changes) - listed
    if other:
        parts.append(f'<p>其他变更 {other} 条，见<a href="{html(home + "#" + v.short)}">更新记录</a>。</p>')
    return "".join(parts)
