"""What to write instead: the nearest valid codes (by code and by name), the next free id, numbers in words.

``nearest`` is what every enum and reference message uses: a value that is a known code written another way
(case, spaces, full stops), a known name (保温系统材料 → RZ-01-05), part of a name, or a near miss of a code
(RZ-01-5 → RZ-01-05). ``next_free_id`` is also what ``generator new`` gives a new product.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import labels

ENUM_LABELS = {"route": labels.ROUTE, "grade": labels.GRADE, "green_building_star": labels.STAR}
"""Fields whose enum values have labels in labels.yaml."""
_DESCRIBED = re.compile(r"([\w-]+)\s*=\s*([^；;，,]+)")
_SQUASH = re.compile(r"[\s\-_.·/、，,；;：:（）()]+")
_TRAILING_NUMBER = re.compile(r"(.*?)([0-9]+)")
LIMIT = 3
"""Suggestions offered at most."""


def field_title(field: dict) -> str:
    """The field's Chinese title (its name when it has none)."""
    return str(field.get("title") or field.get("name") or "")


def squash(text: str) -> str:
    """Text compared loosely: case, spaces and punctuation ignored."""
    return _SQUASH.sub("", text).casefold()


def shape(text: str) -> str:
    """Text compared by its parts: RZ-01-5 and RZ-01-05 alike (numbers without their leading zeros)."""
    return "/".join(str(int(p)) if p.isdigit() else p.casefold() for p in re.findall(r"[0-9]+|[^\W\d_]+", text))


@dataclass(frozen=True)
class Match:
    """Codes a value may have meant, and how they were found."""

    codes: tuple[str, ...]
    by_name: bool
    """True when the value is (part of) a name, False when it resembles a code."""


class Vocabulary:
    """Valid codes with their names (a code may have several: 长春市 and 220100 for changchun)."""

    def __init__(self, names: dict[str, Iterable[str]]):
        self.names = {code: [n for n in found if n] for code, found in names.items()}
        self.loose_codes, self.shapes = {}, {}
        for code in self.names:
            self.loose_codes.setdefault(squash(code), code)
            self.shapes.setdefault(shape(code), code)
        self.loose_names: dict[str, str] = {}
        for code, found in self.names.items():
            for name in found:
                self.loose_names.setdefault(squash(name), code)
        self._folded: list[str] | None = None

    def __contains__(self, code: str) -> bool:
        return code in self.names

    def label(self, code: str) -> str:
        """The code with its first name: RZ-01-05（保温系统材料）."""
        name = next((n for n in self.names.get(code, ()) if n != code), "")
        return f"{code}（{name}）" if name else code

    def listing(self, codes: Iterable[str]) -> str:
        return "、".join(self.label(c) for c in codes)

    def nearest(self, value: str, limit: int = LIMIT) -> Match:
        """Codes that ``value`` probably meant, best first."""
        loose = squash(value)
        if not loose:
            return Match((), False)
        if loose in self.loose_codes:
            return Match((self.loose_codes[loose],), False)
        if shape(value) in self.shapes:
            return Match((self.shapes[shape(value)],), False)
        if loose in self.loose_names:
            return Match((self.loose_names[loose],), True)
        if len(loose) >= 2 and not loose.isascii():
            part = [code for name, code in self.loose_names.items() if loose in name or (len(name) >= 2 and name in loose)]
            if part:
                return Match(tuple(dict.fromkeys(part))[:limit], True)
        if value.isascii():
            if self._folded is None:
                self._folded = list(self.loose_codes)
            close = difflib.get_close_matches(loose, self._folded, n=limit, cutoff=0.75)
            if close:
                return Match(tuple(self.loose_codes[c] for c in close), False)
        close = difflib.get_close_matches(loose, list(self.loose_names), n=limit, cutoff=0.5)
        return Match(tuple(dict.fromkeys(self.loose_names[c] for c in close)), True)


def enum_vocabulary(field: dict) -> Vocabulary:
    """The field's allowed values with their Chinese names."""
    allowed = [str(v) for v in (field.get("constraints") or {}).get("enum") or []]
    names: dict[str, list[str]] = {v: [] for v in allowed}
    for code, label in (ENUM_LABELS.get(field["name"]) or {}).items():
        if str(code) in names:
            names[str(code)].append(label)
    for code, label in _DESCRIBED.findall(str(field.get("description") or "")):
        if code in names:
            names[code].append(label.strip())
    return Vocabulary(names)


def next_free_id(keys: Iterable[str | None], like: str) -> str | None:
    """The id after the highest one shaped like ``like`` (same text before its trailing number, same width).

    ``P00180`` among P00001…P00180 gives ``P00181``; ``SL-CTC-2022-00002`` gives the next number of that
    body and year. None when ``like`` does not end in a number.
    """
    shape = _TRAILING_NUMBER.fullmatch(like or "")
    if not shape:
        return None
    prefix, width = shape.group(1), len(shape.group(2))
    numbers = []
    for key in keys:
        if key and key.startswith(prefix):
            rest = key[len(prefix) :]
            if rest.isascii() and rest.isdigit():
                numbers.append(int(rest))
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


_DIGITS = dict(zip("〇零一二两三四五六七八九", [0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9], strict=True))
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}


def chinese_number(text: str) -> int | None:
    """三万八千 → 38000, 十二 → 12; None when the text is not a whole number in Chinese numerals."""
    if not text or any(c not in _DIGITS and c not in _UNITS and c not in _BIG for c in text):
        return None
    if all(c in _DIGITS for c in text):  # 二〇二六: digit by digit
        return int("".join(str(_DIGITS[c]) for c in text))
    total, section, digit = 0, 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            total += (section + (digit or 0)) * _BIG[char]
            section, digit = 0, None
    return total + section + (digit or 0)
