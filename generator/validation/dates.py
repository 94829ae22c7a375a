"""Date cells that are not ISO dates: why, in words, and the ISO form(s) to write (June has 30 days;
``01/06/2026`` reads two ways; ``2026年6月`` has no day; ``二〇二六年六月一日`` is a date written out)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .normalize import DATE_PARTS
from .problems import Issue
from .suggest import chinese_number, field_title

YEARS = (1900, 2100)
"""Years a date in this data can have; outside them it was mistyped (and Excel cannot show years before 1900)."""


def date_issue(cell: str, field: dict) -> Issue:
    """Why a date cell is not a date, in words, and the ISO form(s) to write."""
    title = field_title(field)
    parts = DATE_PARTS.fullmatch(cell)
    if parts:
        return _impossible_date(cell, title, *(int(p) for p in parts.groups()))
    timed = re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{1,2}:[0-9]{2}.*", cell)
    if timed:
        day = timed.group(1)
        return Issue("type-error", f"{title}“{cell}”带了时间，这里只写日期。", f"写成 {day}。", (day,))
    written = re.fullmatch(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})", cell)
    if written:
        return _day_month_year(cell, title, *(int(p) for p in written.groups()))
    month = re.fullmatch(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*月?", cell)
    if month and 1 <= int(month.group(2)) <= 12:
        start = f"{month.group(1)}-{int(month.group(2)):02d}"
        return Issue(
            "type-error",
            f"{title}“{cell}”只有年和月，缺少日：这里需要完整的日期（年、月、日）。",
            f"照原件补上是哪一天，写成 {start}-DD（例如 {start}-01）。",
        )
    if re.fullmatch(r"[0-9]{4}\s*年?", cell):
        return Issue(
            "type-error",
            f"{title}“{cell}”只有年份：这里需要完整的日期（年、月、日）。",
            f"照原件写成 {cell[:4]}-MM-DD（例如 {cell[:4]}-06-01）。",
        )
    compact = re.fullmatch(r"([0-9]{4})([0-9]{2})([0-9]{2})", cell)
    short = re.fullmatch(r"([0-9]{2})[-.]([0-9]{1,2})[-.]([0-9]{1,2})", cell)
    spoken = _spoken_date(cell)
    for found, note in ((compact, "中间没有连字符"), (short, "年份只写了两位"), (spoken, "是汉字写的日期")):
        if found:
            year, month_, day = (int(g) for g in (found.groups() if not isinstance(found, tuple) else found))
            year += 2000 if year < 100 else 0
            try:
                iso = dt.date(year, month_, day).isoformat()
            except ValueError:
                break
            return Issue("type-error", f"{title}“{cell}”{note}。", f"写成 {iso}。", (iso,))
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", cell):
        return Issue(
            "type-error",
            f"{title}“{cell}”是一个数，不是日期（也不在电子表格日期序号的范围内）。",
            "写成 YYYY-MM-DD，例如 2026-06-01；从电子表格复制时，先把单元格格式设为日期。",
        )
    return Issue("type-error", f"{title}“{cell}”不是日期。", "写成 YYYY-MM-DD（年-月-日，四位年份），例如 2026-06-01。")


def unlikely_year(cell: str, day: dt.date, field: dict) -> Issue:
    meant = ()
    if day.year < 100:
        try:
            meant = (day.replace(year=2000 + day.year).isoformat(),)
        except ValueError:
            meant = ()
    fix = f"照原件核对年份{'，多半是 ' + meant[0] if meant else ''}。"
    return Issue(
        "constraint-violation", f"{field_title(field)}“{cell}”的年份是 {day.year}，不在 {YEARS[0]}–{YEARS[1]} 之间。", fix, meant
    )


def _impossible_date(cell: str, title: str, year: int, month: int, day: int) -> Issue:
    if not 1 <= month <= 12:
        if 1 <= day <= 12:
            swapped = f"{year:04d}-{day:02d}-{month:02d}"
            return Issue(
                "type-error",
                f"{title}“{cell}”的月份是 {month}，一年只有 12 个月：多半是把月和日写反了。",
                f"照原件核对；如果是 {year} 年 {day} 月 {month} 日，写成 {swapped}。",
                (swapped,),
            )
        return Issue("type-error", f"{title}“{cell}”的月份是 {month}，一年只有 12 个月。", "照原件改正月份，写成 YYYY-MM-DD。")
    last = calendar.monthrange(year, month)[1]
    end = f"{year:04d}-{month:02d}-{last:02d}"
    if month == 2 and day == 29:
        reason = f"{year} 年不是闰年，2 月只有 28 天"
    elif day == 0:
        reason = "日期里没有 0 日"
    else:
        reason = f"{month} 月只有 {last} 天" if day > last else "这个日期不存在"
    return Issue(
        "type-error",
        f"{title}“{cell}”不存在：{reason}。",
        f"照原件核对是哪一天；如果是 {month} 月的最后一天，写成 {end}。",
        (end,),
    )


def _day_month_year(cell: str, title: str, first: int, second: int, year: int) -> Issue:
    readings = []
    for day, month, how in ((first, second, "日/月/年"), (second, first, "月/日/年")):
        try:
            iso = dt.date(year, month, day).isoformat()
        except ValueError:
            continue
        if iso not in [r[0] for r in readings]:
            readings.append((iso, how, f"{year} 年 {month} 月 {day} 日"))
    if not readings:  # 06/31/2026: whichever number can be the month, the day does not exist in it
        month, day = (first, second) if 1 <= first <= 12 else (second, first)
        return _impossible_date(cell, title, year, month, day)
    if len(readings) == 1:
        iso, how, words = readings[0]
        return Issue("type-error", f"{title}“{cell}”只能读作 {words}（{how}），写法不对。", f"写成 {iso}。", (iso,))
    (first_iso, first_how, first_words), (second_iso, second_how, second_words) = readings
    return Issue(
        "type-error",
        f"{title}“{cell}”有两种读法：{first_words}（{first_how}），或 {second_words}（{second_how}）。",
        f"照原件确认是哪一天：前者写成 {first_iso}，后者写成 {second_iso}。",
        (first_iso, second_iso),
    )


_HAN_DIGITS = dict(zip("〇零一二三四五六七八九", [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], strict=True))


def _spoken_date(cell: str) -> tuple[int, int, int] | None:
    """(year, month, day) of 二〇二六年六月一日, or None."""
    match = re.fullmatch(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", cell)
    if not match:
        return None
    year = int("".join(str(_HAN_DIGITS[c]) for c in match.group(1)))
    month, day = chinese_number(match.group(2)), chinese_number(match.group(3))
    return (year, month, day) if month and day else None
