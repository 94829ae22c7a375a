"""Crawl a served site over plain HTTP, the way a reader's browser and a harvester would follow it.

Every page, asset and open-data file reachable from the start addresses is fetched once (a thread pool,
gzip accepted, redirects not followed): links in HTML (``href``, ``src``, form ``action``), ``url(...)`` in
CSS, and the site's own absolute addresses in JSON, JSON-LD and XML (sitemap, feed, API, DCAT, manifest).
A problem is a response that is not the expected status, a link that leaves the site's path on its own
host, or a ``#fragment`` that names no element of its page.
"""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

_LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src", "form": "action"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_MACHINE_TYPES = ("json", "xml")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    """Decompressed when the server sent it gzip-compressed."""
    sent_bytes: int


def fetch(url: str, *, gzip_ok: bool = True) -> Response:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with _OPENER.open(request, timeout=30) as answer:
            status, headers, raw = answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        status, headers, raw = error.code, error.headers, error.read()
    sent = len(raw)
    if headers.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return Response(url, status, {k.lower(): v for k, v in headers.items()}, raw, sent)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        target = attrs.get(_LINKING.get(tag, ""))
        if target:
            self.links.append(target)


@dataclass
class Crawl:
    root: str
    """The site's address, ending in a slash: links on its host must stay below its path."""
    expect: dict[str, int] = field(default_factory=dict)
    """Status expected of some addresses (an unknown address: 404); every other one must give 200."""
    responses: dict[str, Response] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    external: dict[str, str] = field(default_factory=dict)
    """Links to other hosts -> a page that has it."""
    fragments: list[tuple[str, str, str]] = field(default_factory=list)
    """(target page, fragment, linking page)."""
    referrers: dict[str, str] = field(default_factory=dict)
    """Address -> the first page found linking to it (named in problems)."""

    def run(self, starts: list[str], workers: int = 8) -> Crawl:
        seen = set(starts)
        with ThreadPoolExecutor(workers) as pool:
            pending = {pool.submit(fetch, url) for url in starts}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    for url in self._take(future.result()):
                        if url not in seen:
                            seen.add(url)
                            pending.add(pool.submit(fetch, url))
        for target, fragment, source in self.fragments:
            if target in self.ids and unquote(fragment) not in self.ids[target]:
                self.problems.append(f"{source} -> {target}#{fragment}: no element has this id")
        return self

    def pages(self) -> list[str]:
        return [url for url, r in self.responses.items() if r.headers.get("content-type", "").startswith("text/html")]

    def _take(self, response: Response) -> list[str]:
        """Record one response; return the addresses it links to."""
        self.responses[response.url] = response
        expected = self.expect.get(response.url, 200)
        if response.status != expected:
            where = response.headers.get("location", "")
            source = self.referrers.get(response.url, "a start address")
            self.problems.append(f"{response.url}: {response.status} {where}".rstrip() + f" (expected {expected}; from {source})")
            return []
        kind = response.headers.get("content-type", "")
        text = response.body.decode("utf-8", "replace")
        if kind.startswith("text/html"):
            parsed = _Page()
            parsed.feed(text)
            self.ids[response.url] = parsed.ids
            links = parsed.links + self._addresses(text)  # JSON-LD and the citations' stable links too
        elif kind.startswith("text/css"):
            links = [u for u in _CSS_URL.findall(text) if not u.startswith("data:")]
        elif any(word in kind for word in _MACHINE_TYPES):
            links = self._addresses(text)
        else:
            return []
        return [url for link in links if (url := self._follow(response.url, link))]

    def _addresses(self, text: str) -> list[str]:
        """The site's own addresses in a JSON or XML file (or in a page's text and JSON-LD). Where a reader follows
        one (a JSON ``url`` or ``permalink``, an XML ``href`` or ``<loc>``) its fragment must exist; elsewhere (a
        JSON-LD ``@id``, an Atom ``<id>``) a fragment only names a thing, so just the document must. URI templates
        (``api/products/{id}.json``) are not addresses; a full stop ending a citation is not part of one."""
        origin = re.escape("{0.scheme}://{0.netloc}".format(urlsplit(self.root)))
        address = origin + r"[^\s\"'<>\\&]*"
        # A base to build addresses on and an Atom id are names, not links: a reader never opens them.
        text = re.sub(rf'"base_url": ?"{address}"|<id>{address}</id>', "", text)
        followed = re.findall(rf'"(?:url|permalink)": ?"({address})"|href="({address})"|<loc>({address})</loc>', text)
        anchored = {found for group in followed for found in group if found}
        found = (match.rstrip(".,;:)") for match in re.findall(address, text) if "{" not in match)
        return [url if url in anchored else url.partition("#")[0] for url in found]

    def _follow(self, page: str, link: str) -> str | None:
        """The address to fetch for one link on ``page``, or None (external, or only a fragment of this page)."""
        if link.startswith(("mailto:", "tel:")):
            return None
        absolute = urljoin(page, link)
        parts = urlsplit(absolute)
        root = urlsplit(self.root)
        if parts.scheme not in ("http", "https"):
            self.problems.append(f"{page}: link {link!r} is neither http(s), mailto nor tel")
            return None
        if parts.netloc != root.netloc:
            self.external.setdefault(absolute, page)
            return None
        if not parts.path.startswith(root.path):
            self.problems.append(f"{page}: link {link!r} leaves the site's path {root.path}")
            return None
        target = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
        self.referrers.setdefault(target, page)
        if parts.fragment:
            self.fragments.append((target, parts.fragment, page))
        return target
