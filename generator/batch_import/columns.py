"""Which record field a spreadsheet column fills, read from the header variants in ``columns.yaml``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

VARIANTS = Path(__file__).with_name("columns.yaml")
_IGNORED = re.compile(r"[\s*＊:：]+")
_NOTE = re.compile(r"\([^()]*\)")
KEY_FIELDS = ("enterprise_name", "credit_code", "product_name", "model", "certificate", "report")
"""A row with none of these filled is not a product row (a note, a total, a section title)."""


@dataclass(frozen=True)
class ColumnKind:
    """One kind of column an official list may have."""

    key: str
    """Our name for it, e.g. ``expiry_date``."""
    title: str
    """The usual Chinese header, named in messages when the column is missing."""
    target: str | None
    """``table.field`` the value is written to; None for columns only read (序号, 产品大类)."""
    headers: tuple[str, ...]
    """Accepted header wordings, normalised."""


@cache
def kinds() -> dict[str, ColumnKind]:
    data = yaml.safe_load(VARIANTS.read_text(encoding="utf-8"))
    return {
        key: ColumnKind(key, spec["title"], spec.get("target"), tuple(normalise(h) for h in spec["headers"]))
        for key, spec in data["columns"].items()
    }


@cache
def address_placeholder() -> str:
    return yaml.safe_load(VARIANTS.read_text(encoding="utf-8"))["address_placeholder"]


def normalise(label: str) -> str:
    """A header without spaces, line breaks, asterisks and colons, in half-width form."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", label))


@cache
def _by_header() -> dict[str, str]:
    return {header: kind.key for kind in kinds().values() for header in kind.headers}


def kind_of(label: str) -> str | None:
    """The column kind a header names, trying it as written and then without a bracketed note."""
    text = normalise(label)
    if not text:
        return None
    found = _by_header().get(text)
    if found is None and "(" in text:
        found = _by_header().get(_NOTE.sub("", text))
    return found


def column_kinds(labels: list[list[str]]) -> dict[int, str]:
    """Column index -> kind for one header row.

    ``labels[i]`` lists the texts a column may be known by, most specific first: its own header
    cell, then the upper header joined with it, then the upper header alone. The first column of a
    kind wins; later columns of the same kind are left unused (and reported as such).
    """
    found: dict[int, str] = {}
    for index, candidates in enumerate(labels):
        for label in candidates:
            key = kind_of(label)
            if key is not None:
                if key not in found.values():
                    found[index] = key
                break
    return found
