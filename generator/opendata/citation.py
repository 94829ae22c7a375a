"""Citations: how to cite a dataset or a record, in GB/T 7714-2015 and APA 7.

The texts carry the data version (a record changes between versions) and, for pages, placeholders
where a script on the page puts the reader's own access date.
"""

from __future__ import annotations

import datetime as dt

ACCESS_DATE = "{access_date}"
"""Placeholder in ``citation(...)["gbt7714_template"]`` for the reader's access date as YYYY-MM-DD."""
ACCESS_DATE_ZH = "{access_date_zh}"
"""Placeholder in ``citation(...)["apa_template"]`` for the reader's access date as 2026年11月25日."""


def _version_date(version: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(version[:10])
    except ValueError:
        return None


def _zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def citation(
    *,
    title: str,
    permalink: str,
    version: str,
    access_date: dt.date,
    publisher: str,
    year: int | None = None,
    updated: dt.date | None = None,
) -> dict[str, str]:
    """How to cite a dataset or a record, in GB/T 7714-2015 and APA 7 (plain text).

    GB/T 7714-2015 electronic resource: 主要责任者. 题名: 其他题名信息[文献类型标识/载体类型标识]. 出版地: 出版者,
    出版年(更新或修改日期)[引用日期]. 获取和访问路径. Here the compiler (``publisher``) is 主要责任者; the data
    version goes with the title as （数据版本 …）; the type mark is [DB/OL] (online database); 出版地 and 出版者
    are left out (the publisher is the 主要责任者 and an online resource has no place); 出版年 is given only when
    ``year`` is; 更新日期 is ``updated``, by default the date at the start of the version (``2026-11-25+abc1234``).

    APA 7 data set: Author. (Year). Title (Version x) [Data set]. Publisher. Retrieved date, from URL — the
    publisher is left out when it is the author (APA 7), and the retrieval date is given because the data change.

    ``gbt7714_template`` and ``apa_template`` hold the placeholders ``{access_date}`` (YYYY-MM-DD) and
    ``{access_date_zh}`` (2026年11月25日) where a script on the page can put the reader's date.
    """
    updated = updated or _version_date(version)
    published = f"{year}" if year else ""
    changed = f"({updated.isoformat()})" if updated else ""
    apa_year = year or (updated.year if updated else "n.d.")

    def gbt(accessed: str) -> str:
        return f"{publisher}. {title}（数据版本 {version}）[DB/OL]. {published}{changed}[{accessed}]. {permalink}."

    def apa(accessed: str) -> str:
        return f"{publisher}. ({apa_year}). {title} (Version {version}) [Data set]. Retrieved {accessed}, from {permalink}"

    return {
        "gbt7714": gbt(access_date.isoformat()),
        "apa": apa(_zh_date(access_date)),
        "gbt7714_template": gbt(ACCESS_DATE),
        "apa_template": apa(ACCESS_DATE_ZH),
        "access_date": access_date.isoformat(),
    }
