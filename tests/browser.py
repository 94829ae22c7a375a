"""Serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class _GzipHandler(_QuietHandler):
    """Compress like GitHub Pages: text types go out gzipped to browsers that accept gzip; everything else
    (images, WebAssembly, Pagefind's already gzipped *.pf_* and *.pagefind files) is sent as it is."""

    TEXT = {".html", ".css", ".js", ".mjs", ".json", ".jsonld", ".xml", ".svg", ".txt", ".map"}
    _cache: dict[tuple[str, int], bytes] = {}  # (file, mtime_ns) -> gzipped bytes

    def send_head(self):
        file = self.translate_path(self.path)
        if file.endswith("/") and os.path.isdir(file):
            file += "index.html"
        if (
            os.path.splitext(file)[1].lower() not in self.TEXT
            or not os.path.isfile(file)
            or "gzip" not in self.headers.get("Accept-Encoding", "").lower()
        ):
            return super().send_head()  # redirects, listings, 404s and uncompressed files as before
        stat = os.stat(file)
        key = (file, stat.st_mtime_ns)
        if key not in self._cache:
            with open(file, "rb") as f:
                self._cache[key] = gzip.compress(f.read(), mtime=0)
        body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(file))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(site: Path, gzip: bool = False):
    """Serve ``site`` on a free loopback port; yield the base URL ending in '/'. With ``gzip`` the server
    compresses text responses the way GitHub Pages does, so transferred bytes match the deployed site."""
    handler = functools.partial(_GzipHandler if gzip else _QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def launch():
    """Start headless Chromium from the system, never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class Watched:
    """A page that records console errors, page errors and requests leaving the site."""

    def __init__(self, browser, base: str, width: int = 1280):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.foreign: list[str] = []
        origin = urlsplit(base).netloc
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request",
            lambda r: urlsplit(r.url).netloc not in (origin, "") and not r.url.startswith("data:") and self.foreign.append(r.url),
        )


def search_results(page) -> tuple[int, list[str]]:
    """Wait for the search to settle; show every result; return (count, result URLs)."""
    page.wait_for_function(
        "() => /找到 \\d+ 个结果|没有找到/.test(document.getElementById('jl-status').textContent)", timeout=15000
    )
    status = page.locator("#jl-status").inner_text()
    if "没有找到" in status:
        return 0, []
    count = int(re.search(r"找到 (\d+) 个结果", status).group(1))
    for _ in range(count):
        if page.locator(".jl-result").count() >= count:
            break
        shown = page.locator(".jl-result").count()
        page.locator("#jl-more").click()
        page.wait_for_function("n => document.querySelectorAll('.jl-result').length > n", arg=shown, timeout=10000)
    return count, page.locator(".jl-result-title").evaluate_all("els => els.map(e => e.href)")
