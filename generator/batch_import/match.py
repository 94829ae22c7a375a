"""Names in a spreadsheet to codes in the data: exactly first, then the nearest name (the caller reports it).

Similarity is difflib's ratio, raised when one name contains the other (建筑门窗及配件 / 门窗), compared on
the names' cores (without 吉林省 in front and 有限公司 behind) for organisations.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

NEAR = 0.6
"""Lowest similarity accepted as the nearest name."""
TIE = 0.05
"""Candidates this close to the best one make the choice ambiguous."""
_PREFIX = re.compile(r"^吉林省")
_LEGAL_FORM = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团公司|公司|厂)$")
_NOTE = re.compile(r"\([^()]*\)")
_PARTS = re.compile(r"[-/|·—>]+")


def plain(text: str) -> str:
    """Half-width, no spaces: the form two spellings of one name share."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def core(name: str) -> str:
    """An organisation's name without 吉林省 in front and its legal form behind."""
    text = _PREFIX.sub("", plain(name))
    return _LEGAL_FORM.sub("", text) or text


class Similarity:
    """How alike other names are to one name, 0 to 1.

    difflib caches what it learns about the second sequence, so the name searched for is set once and
    compared with many (thousands of makers); below ``floor`` the exact figure is not worked out.
    """

    def __init__(self, wanted: str):
        self.wanted = wanted
        self._matcher = SequenceMatcher(None, autojunk=False)
        self._matcher.set_seq2(wanted)

    def __call__(self, other: str, floor: float = 0.0) -> float:
        if not self.wanted or not other:
            return 0.0
        if other == self.wanted:
            return 1.0
        short, long = sorted((self.wanted, other), key=len)
        contained = 0.6 + 0.4 * len(short) / len(long) if short in long else 0.0
        matcher = self._matcher
        matcher.set_seq1(other)
        if contained < floor and (matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor):
            return 0.0
        return max(contained, matcher.ratio())


@dataclass(frozen=True)
class Entry:
    """One code of a reference table and the names it is known by."""

    code: str
    name: str
    preferred: bool = False
    """Wins ties (the certification scheme's categories for a certified product, and so on)."""


@dataclass(frozen=True)
class Found:
    """The outcome of a lookup: one entry, or the candidates that made it ambiguous."""

    entry: Entry | None
    exact: bool = False
    score: float = 0.0
    candidates: tuple[Entry, ...] = ()
    """The entries that tie (ambiguous), or the nearest few below the threshold (not found)."""
    ambiguous: bool = False


def variants(text: str) -> list[str]:
    """The text, without a bracketed note, and its parts around - / | (大类-品目 written in one cell)."""
    base = plain(text)
    out = [base, _NOTE.sub("", base)]
    parts = [p for p in _PARTS.split(out[1]) if p]
    if len(parts) > 1:
        out += reversed(parts)
    return list(dict.fromkeys(v for v in out if v))


def lookup(text: str, entries: list[Entry], key=plain) -> Found:
    """An entry whose code or name equals the text, else the nearest name; ambiguity is reported, not guessed."""
    forms = variants(text)
    for form in forms:
        exact = [e for e in entries if form.upper() == plain(e.code).upper() or form in (key(e.name), plain(e.name))]
        if exact:
            return _choose(exact, 1.0, True)
    measures = [Similarity(key(form)) for form in forms]
    scored = sorted(((max(measure(key(e.name)) for measure in measures), e) for e in entries), key=lambda pair: -pair[0])
    if not scored or scored[0][0] < NEAR:
        return Found(None, candidates=tuple(e for s, e in scored[:3] if s >= NEAR / 2))
    best = scored[0][0]
    return _choose([e for s, e in scored if s >= best - TIE], best, False)


def _choose(entries: list[Entry], score: float, exact: bool) -> Found:
    codes = list(dict.fromkeys(e.code for e in entries))
    if len(codes) == 1:
        return Found(entries[0], exact, score)
    preferred = [e for e in entries if e.preferred]
    if len({e.code for e in preferred}) == 1:
        return Found(preferred[0], exact, score)
    return Found(None, exact, score, tuple({e.code: e for e in entries}.values()), ambiguous=True)


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    division_code: str


_REGION_SUFFIX = re.compile(r"(朝鲜族自治州|自治州|保护开发区管理委员会|管理委员会|管委会|市|州|县|区)$")


def find_region(text: str, regions: list[Region]) -> tuple[Region | None, bool]:
    """(region, exact?) for 长春市, changchun, 220100, 吉林省长春市朝阳区, 延边州, 长白山管委会 and the like.

    A place written with its district (长春市朝阳区) is the prefecture; a county-level city written with
    its prefecture (通化市梅河口市) is the county-level city, which comes later in the text.
    """
    value = plain(text)
    for region in regions:
        if value in (region.id, region.name, region.division_code):
            return region, True
    value = _PREFIX.sub("", value) or value
    hits = []
    for region in regions:
        stem = _REGION_SUFFIX.sub("", region.name) or region.name
        for form in dict.fromkeys((region.name, stem)):
            at = value.find(form)
            if at >= 0:
                hits.append((at, at + len(form), region))
    hits = [h for h in hits if not any(o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0]) for o in hits)]
    if not hits:
        return None, False
    at, _, region = max(hits, key=lambda h: (h[0], h[1] - h[0]))
    return region, value == region.name


def region_of_code(credit_code: str, regions: list[Region]) -> Region | None:
    """The region of a credit code's registration area (characters 3–8, GB/T 2260), when it is in Jilin."""
    area = credit_code[2:8]
    for wanted in (area, area[:4] + "00"):
        for region in regions:
            if region.division_code and region.division_code == wanted:
                return region
    return None
