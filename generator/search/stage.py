"""The search page's own data beside Pagefind's index: what a query needs to be understood.

Written to ``search/`` at the site root, outside the Pagefind bundles (so the index can be rebuilt alone):

- embedded in the search page itself (no request): the stop words, the status words and the names of the files below;
- fetched only by queries that need them: the lexicon and the hanzi table (``lexicon.py``) when a query word
  matches nothing, and one identifier file (``codes.py``) when a query word looks like a code.

Every file name carries a digest of its content, so browsers may cache them for good.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import labels
from ..forking import Forked
from ..records import Catalogue
from ..settings import page_href
from . import codes, lexicon

FOLDER = "search"


@dataclass(frozen=True)
class SearchData:
    files: dict[str, bytes] = field(default_factory=dict)
    """Path below the site root -> content."""
    page: dict = field(default_factory=dict)
    """What the search page embeds as JSON (see ``assets/search-query.js``)."""
    pinyin: dict[str, str] = field(default_factory=dict)
    """Credit code -> the pinyin metadata of that enterprise's page (``lexicon.name_pinyin``)."""


def _with_pinyin(c: Catalogue) -> tuple[dict[str, bytes], dict[str, str]]:
    pinyin = {e.credit_code: lexicon.name_pinyin(e.name, e.short_name) for e in c.enterprises.values()}
    return lexicon.build(c), pinyin


def prepare(c: Catalogue, href: Callable[[str], str] = page_href) -> SearchData:
    """The search data, the pinyin read in a forked process (see lexicon.py); ``href`` writes a record's path as
    the site links it (``Settings.href``)."""
    tables, pinyin = Forked(lambda: _with_pinyin(c)).result()
    files, names = {}, {}
    for key, body in tables.items():
        names[key] = f"{FOLDER}/{key}.{lexicon.digest(body)}.json"
        files[names[key]] = body
    buckets = codes.files(c, href)
    ids = f"{FOLDER}/ids-{lexicon.digest(b''.join(str(n).encode() + body for n, body in sorted(buckets.items())))}/"
    files.update({f"{ids}{n}.json": body for n, body in buckets.items()})
    page = {
        "lexicon": names["lexicon"],
        "hanzi": names["hanzi"],
        "ids": ids,
        "idBuckets": len(buckets),
        "idKey": codes.KEY_LENGTH,
        "idSuffix": codes.SUFFIX_MIN,
        "idKinds": codes.KINDS,
        "stop": list(c.stop_words),
        "status": {word: [labels.STATUS[code] for code in statuses] for word, statuses in labels.STATUS_WORDS.items()},
        "statusHelp": {labels.STATUS[code]: note for code, note in labels.STATUS_HELP.items()},
    }
    return SearchData(files, page, pinyin)


def write(data: SearchData, site: Path) -> int:
    """Write the files below ``site``; return how many."""
    for path, body in data.files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    return len(data.files)
