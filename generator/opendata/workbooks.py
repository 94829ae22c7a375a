"""What the Excel downloads say: the workbook of a data table, of a people-shaped table, and of all the 总表.

``xlsx.py`` writes a workbook; this module decides what is in it: the records under Chinese headings,
the 数据字典 (each field's name, title, type, constraints and references) and the 说明 (what the data
is, its source, licence, the data's commit, how to cite it). No workbook carries the build date, so a
file changes only when its content does; the date and the full data version are in ``manifest.json``.
"""

from __future__ import annotations

from ..labels import FIELD_LIMIT, FIELD_TYPE
from .release import LICENCE, Release, one_line
from .tables import CROSS_REFERENCES, Resource, Sheet
from .xlsx import Book, DataSheet

DICTIONARY_HEADER = ("字段名", "中文名", "类型", "必填", "约束", "说明", "示例")
ABOUT_HEADER = ("项目", "内容")
EVERYTHING = "jilin-green-materials-overview"
"""File stem of the one workbook holding every 总表."""


def table_book(resource: Resource, release: Release, foreign: list[dict]) -> Book:
    """The workbook of a data table: field titles as headings, its data dictionary (``foreign``: its foreign
    keys, see ``tables.foreign_keys``) and what it is."""
    licence = resource.licence
    data = DataSheet([f.get("title") or f["name"] for f in resource.fields], resource.kinds, resource.values, resource.texts)
    return Book(
        resource.title,
        release.publisher,
        licence["title"] or "",
        release.commit,
        [("数据", data)],
        [list(DICTIONARY_HEADER)] + _dictionary(resource, foreign),
        [16, 20, 18, 6, 40, 40, 24],
        [list(ABOUT_HEADER)] + _about(resource, release),
    )


def data_sheet(sheet: Sheet) -> DataSheet:
    """The records of a people-shaped table as a sheet (make it once for workbooks that share it)."""
    texts = [["" if v is None else str(v) for v in row] for row in sheet.rows]
    return DataSheet([c.title for c in sheet.columns], [c.kind for c in sheet.columns], sheet.rows, texts)


def _licence_row() -> list[str]:
    return ["许可", f"{LICENCE['title']}（{LICENCE['name']}）{LICENCE['path']}"]


def sheet_book(sheet: Sheet, release: Release, notes: list[list[str]], data: DataSheet | None = None) -> Book:
    """The workbook of a people-shaped table (``data``: its records as made by ``data_sheet``, or made here);
    ``notes`` are extra 说明 rows (such as when statuses hold)."""
    dictionary = [["列", "类型", "说明"]] + [[c.title, FIELD_TYPE.get(c.kind, c.kind), c.description] for c in sheet.columns]
    about = [
        list(ABOUT_HEADER),
        ["数据集", sheet.title],
        ["说明", sheet.description],
        *notes,
        _licence_row(),
        *release_rows(release),
        ["记录数", str(len(sheet.rows))],
    ]
    return Book(
        sheet.title,
        release.publisher,
        LICENCE["title"],
        release.commit,
        [("数据", data or data_sheet(sheet))],
        dictionary,
        [20, 18, 60],
        about,
    )


def everything_book(sheets: list[tuple[Sheet, DataSheet]], release: Release, notes: list[list[str]]) -> Book:
    """One workbook with a sheet per people-shaped table (the 总表), for "everything in Excel"; each given with
    its records as made by ``data_sheet``."""
    dictionary = [["工作表", "列", "类型", "说明"]] + [
        [s.title, c.title, FIELD_TYPE.get(c.kind, c.kind), c.description] for s, _ in sheets for c in s.columns
    ]
    about = [
        list(ABOUT_HEADER),
        ["内容", "；".join(f"{s.title}：{s.description}" for s, _ in sheets)],
        *notes,
        _licence_row(),
        *release_rows(release),
        *(["记录数（" + s.title + "）", str(len(s.rows))] for s, _ in sheets),
    ]
    return Book(
        f"{release.publisher} · 总表",
        release.publisher,
        LICENCE["title"],
        release.commit,
        [(s.title, data) for s, data in sheets],
        dictionary,
        [12, 20, 18, 60],
        about,
    )


def _dictionary(resource: Resource, foreign: list[dict]) -> list[list[str]]:
    """One 数据字典 row per field: name, title, type, required, constraints, description, example."""
    key = resource.primary_key
    own = {target for table, _, target, _ in CROSS_REFERENCES if table == resource.name}
    references = {}
    for fk in foreign:
        target = fk["reference"]["resource"]
        for mine, theirs in zip(fk["fields"], fk["reference"]["fields"], strict=False):
            references[mine] = f"引用 {target}.{theirs}" + ("（基础代码表）" if target in own else "")
    rows = []
    for f in resource.fields:
        c = f.get("constraints") or {}
        notes = []
        if f["name"] in key:
            notes.append("主键" if len(key) == 1 else f"主键之一（{' + '.join(key)}）")
        if c.get("unique") and key != [f["name"]]:
            notes.append("唯一")
        if "enum" in c:
            notes.append("取值：" + "、".join(str(v) for v in c["enum"]))
        if "pattern" in c:
            notes.append(f"格式（正则表达式）：{c['pattern']}")
        notes += [f"{label} {c[word]}" for word, label in FIELD_LIMIT.items() if word in c]
        if f["name"] in references:
            notes.append(references[f["name"]])
        kind = f.get("type", "string")
        rows.append(
            [
                f["name"],
                f.get("title") or "",
                FIELD_TYPE.get(kind, kind),
                "是" if c.get("required") else "否",
                "；".join(notes),
                str(f.get("description") or ""),
                str(f.get("example") or ""),
            ]
        )
    return rows


def _about(resource: Resource, release: Release) -> list[list[str]]:
    """The 说明 sheet: what the data is, where it comes from, its licence, version and citation."""
    package = resource.package.descriptor
    licence = resource.licence
    return [
        ["数据集", f"{resource.title}（{resource.name}）"],
        ["说明", one_line(resource.descriptor.get("description"))],
        ["来源", f"{one_line(package.get('title'))}。{one_line(package.get('description'))}"],
        ["示例数据", "是：内容为虚构，仅用于演示" if resource.package.sample else "否"],
        ["许可", f"{licence['title'] or licence['name']}（{licence['name']}）{licence['path'] or ''}"],
        *release_rows(release),
        ["记录数", str(len(resource.values))],
    ]


def release_rows(release: Release) -> list[list[str]]:
    """The 说明 rows every workbook shares: the data's commit, where the build date is, how to cite, the address.

    No build date: a file changes only when its content does; the date and the full data version are in
    ``manifest.json`` and on the download page.
    """
    return [
        ["数据提交", f"{release.commit}（数据所在 git 提交的短编号；内容不变时本文件逐字节不变）"],
        ["数据版本与日期", f"见 {release.base_url}data/manifest.json 中的 version 和 as_of"],
        ["引用", release.file_citation],
        ["网址", release.page("")],
    ]
