"""Identifier lookup for the search page: a record's own code, typed any way, puts that record first.

People type product ids without zero padding (p89 for P00089), model numbers without the hyphen (YPF249), certificate
numbers without separators, or only the end of a long code (the last 6 characters of a credit code read off a
certificate). Pagefind matches word prefixes, so none of these find the record. Here every identifier is folded (upper
case, letters and digits only, a product id without its zero padding) and filed by the last ``KEY_LENGTH`` characters
of its folded form into one of ``buckets`` small JSON files (a hash of those characters picks the file, so every file
exists and each holds about ``PER_FILE`` codes). The search page fetches the one file a query word's own last
characters name, only for words that look like a code, and finds the record by the whole folded code or, for credit
codes, certificate and test report numbers, by any tail of ``SUFFIX_MIN`` or more characters. The same folding and
hash are in ``assets/search-query.js``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable

from ..records import Catalogue
from ..settings import page_href

KEY_LENGTH = 3
SUFFIX_MIN = 6
PER_FILE = 150
PRODUCT_ID = re.compile(r"P0*(\d+)")
KINDS = {"p": "产品编号", "m": "规格型号", "c": "证书编号", "r": "检验报告编号", "e": "统一社会信用代码"}
"""Kind code in the files -> label the search page shows. Tails match only for c, r and e."""


def fold(text: str) -> str:
    """Upper case, full-width folded, letters and digits only, product ids unpadded: ``ypf-249`` -> ``YPF249``,
    ``P00089`` -> ``P89``."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isascii() and ch.isalnum())
    product = PRODUCT_ID.fullmatch(folded)
    return f"P{product.group(1)}" if product else folded


def bucket(folded: str, buckets: int) -> int:
    """The file that holds codes ending like ``folded``."""
    value = 0
    for ch in folded[-KEY_LENGTH:]:
        value = (value * 31 + ord(ch)) % 1_000_003
    return value % buckets


def entries(c: Catalogue, href: Callable[[str], str] = page_href) -> list[tuple[str, str, str, str]]:
    """(code as written, kind, record path, record title) for every identifier of the catalogue; ``href`` writes a
    record's path the way the site links it (``Settings.href``: with or without ``index.html``), which is also the
    URL Pagefind gives the record's page."""
    out = []
    for p in c.products.values():
        path, title = href(f"products/{p.id}/"), f"{p.name} {p.model}"
        out += [(p.id, "p", path, title), (p.model, "m", path, title)]
    for cert in c.certificates.values():
        p = c.products[cert.product]
        out.append((cert.number, "c", href(f"products/{p.id}/"), f"{p.name} {p.model}"))
    for report in c.test_reports.values():
        p = c.products[report.product]
        out.append((report.number, "r", href(f"products/{p.id}/"), f"{p.name} {p.model}"))
    for e in c.enterprises.values():
        out.append((e.credit_code, "e", href(f"enterprises/{e.credit_code}/"), e.name))
    return [entry for entry in out if fold(entry[0])]


def files(c: Catalogue, href: Callable[[str], str] = page_href) -> dict[int, bytes]:
    """Bucket -> JSON list of ``[code, kind, path, title]``; every bucket from 0 to ``buckets - 1`` is there."""
    rows = sorted(set(entries(c, href)))
    buckets = max(1, math.ceil(len(rows) / PER_FILE))
    grouped: dict[int, list] = {n: [] for n in range(buckets)}
    for row in rows:
        grouped[bucket(fold(row[0]), buckets)].append(list(row))
    return {n: json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode() for n, found in grouped.items()}
