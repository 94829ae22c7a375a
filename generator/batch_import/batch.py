"""The catalog batch a list is imported into, and each product's entry in it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .known import Known, Record
from .outcome import Finding

_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class BatchOptions:
    """What the command line says about the batch."""

    catalog: str
    batch: str
    name: str | None = None
    document_number: str | None = None
    published: dt.date | None = None


def ordinal(number: int) -> str:
    """一, 二, … 十, 十一, … 二十 … 九十九 (batch names are written 2026年第二批)."""
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])


def default_name(batch: str) -> str:
    year, number = batch.split("-")
    return f"{year}年第{ordinal(int(number))}批"


def plan_batch(options: BatchOptions, known: Known) -> tuple[str | None, list[Finding]]:
    """The batch's publication date (the entries' listing date) and the problems with the options.

    A new batch is added; an existing one keeps its values unless an option gives a different one,
    and its entries listed on the old publication date move with it.
    """
    problems = []
    catalogs = list(known.records["catalogs"])
    if options.catalog not in catalogs:
        problems.append(
            Finding(
                "unknown-catalog",
                f"目录“{options.catalog}”不在 catalogs.csv 中：--catalog 请用 {'、'.join(catalogs)} 之一。",
                option="--catalog",
            )
        )
    pattern = known.fields["catalog_batches.id"].get("constraints", {}).get("pattern", ".*")
    if not re.fullmatch(pattern, options.batch):
        problems.append(Finding("bad-batch-id", f"批次编号“{options.batch}”须写成“年份-序号”，如 2026-2。", option="--batch"))
    if problems:
        return None, problems
    published = options.published.isoformat() if options.published else None
    wanted = {"name": options.name, "document_number": options.document_number, "published_date": published}
    wanted = {k: v for k, v in wanted.items() if v is not None}
    existing = known.get("catalog_batches", options.catalog, options.batch)
    if existing is None:
        if published is None:
            return None, [
                Finding(
                    "missing-published",
                    f"批次 {options.catalog} {options.batch} 是新批次：请用 --published "
                    "YYYY-MM-DD 给出公告的发布日期（也是本批产品的收录日期）。",
                    option="--published",
                )
            ]
        known.add(
            "catalog_batches",
            Record(
                {
                    "catalog": options.catalog,
                    "id": options.batch,
                    "name": options.name or default_name(options.batch),
                    "document_number": options.document_number or "",
                    "published_date": published,
                }
            ),
        )
        return published, []
    old_day = existing.values["published_date"]
    known.change(existing, wanted, None, {})
    if published and published != old_day:
        for entry in known.records["catalog_entries"].values():
            v = entry.values
            if (v["catalog"], v["batch"], v["listed_date"]) == (options.catalog, options.batch, old_day):
                known.change(entry, {"listed_date": published}, None, {})
    return existing.values["published_date"], []


def plan_entry(options: BatchOptions, known: Known, product_id: str, listed: str, row: int) -> None:
    """The product's entry in the batch, unless it is there already (importing twice changes nothing)."""
    if known.get("catalog_entries", options.catalog, options.batch, product_id) is None:
        known.add(
            "catalog_entries",
            Record(
                {
                    "catalog": options.catalog,
                    "batch": options.batch,
                    "product": product_id,
                    "listed_date": listed,
                    "removed_date": "",
                    "removal_reason": "",
                },
                row=row,
                columns={"product": "product_name"},
            ),
        )
