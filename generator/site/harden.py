"""Harden stage: a Content-Security-Policy <meta> on every built page.

Only the site's own files may load; the theme's few inline scripts are allowed by
their SHA-256 hashes, computed per page; WebAssembly (Pagefind) may compile.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from ..errors import SiteError

_INLINE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_CHARSET = '<meta charset="utf-8">'
POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)


class HardenFailed(SiteError):
    """A page could not be given its policy."""


def policy_for(html: str) -> str:
    hashes = []
    for match in _INLINE.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or "application/" in attrs:  # data blocks (JSON, JSON-LD) are never run
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode()
        hashes.append(f" 'sha256-{digest}'")
    return POLICY.format(hashes="".join(sorted(set(hashes))))


def add_csp(site_dir: Path) -> int:
    """Insert the policy into every HTML page; return the number of pages."""
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if _CHARSET not in html:
            raise HardenFailed(f"{page} 没有 {_CHARSET}，无法加入内容安全策略。")
        meta = f'{_CHARSET}\n    <meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
        page.write_text(html.replace(_CHARSET, meta, 1), encoding="utf-8")
        count += 1
    return count
