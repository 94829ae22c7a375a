"""Every free-text field carries HTML, Markdown, Jinja and Unicode payloads: the site shows
them as text and runs nothing (checked in Chromium, under the site's Content-Security-Policy)."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
import yaml

from generator.build import build
from generator.validation.validate import validate
from tests.browser import launch, serve
from tests.support import AS_OF, FIXTURES

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="window.__pwned=1;alert(2)">',
    '[x](javascript:alert(3)) <a href="javascript:alert(4)">y</a>',
    "{{ 7*7 }} {% if true %}jinja{% endif %} {#- c -#}",
    '<div markdown="1">**b**</div>\n\n# 标题\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[z](javascript:alert(5))',
    '!!! danger "x"\n\n    admonition\n\n<iframe src="data:text/html,<script>alert(6)</script>"></iframe>',
    '"><svg onload=alert(7)>{: onclick="alert(8)" }',
    "zero\u200bwidth and a quote '; alert(9); //",
    "<![CDATA[x]]><!-- c --><style>body{display:none}</style>",
    "&lt;script&gt;alert(10)&lt;/script&gt; &amp; ",
]
REFERENCES = {
    "region",
    "category",
    "body",
    "reason",
    "removal_reason",
    "scenarios",
    "item",
    "enterprise",
    "product",
    "project",
    "catalog",
    "batch",
    "test_report",
    "parent",
    "kind",
    "level",
    "scheme",
    "unit",
    "lab",
}
HOSTILE_RECORDS = [
    "products/P00001/",
    "products/P00015/",
    "enterprises/91220104000000001B/",
    "catalogs/procurement/",
    "negative-list/",
    "certificates/",
    "categories/",
    "regions/changchun/",
    "projects/D001/",
    "projects/",
    "policies/jilin-2024-13/",
    "calculator/",
    "calculator/rules/sichuan-2024/",
    "calculator/rules/table-method/",
    "search/?q=script",
    "about/",
    "",
    "data/",
    "data/products/",
    "statistics/",
    "api/",
]


def _free_text_fields(schema: dict) -> dict[str, int]:
    """Free-text field names with their maximum length."""
    keys = set(schema.get("primaryKey", []))
    for fk in schema.get("foreignKeys", []):
        keys |= set(fk["fields"])
    return {
        f["name"]: f.get("constraints", {}).get("maxLength", 10**6)
        for f in schema["fields"]
        if f.get("type", "string") == "string"
        and f["name"] not in keys
        and f["name"] not in REFERENCES
        and not {"pattern", "enum"} & set(f.get("constraints", {}))
    }


def poison(data) -> tuple[int, set[str], set[str]]:
    """Put payloads into every free-text cell of every table, policy and ruleset.

    Returns (cells changed, free-text fields that exist, free-text fields that got a payload).
    """
    count, fields, touched = 0, set(), set()
    for descriptor in data.glob("*/datapackage.yaml"):
        for resource in yaml.safe_load(descriptor.read_text(encoding="utf-8"))["resources"]:
            path = descriptor.parent / resource["path"]
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
            fields |= {f"{resource['name']}.{name}" for name in _free_text_fields(resource["schema"])}
            for n, row in enumerate(rows):
                for name, longest in _free_text_fields(resource["schema"]).items():
                    touched.add(f"{resource['name']}.{name}")
                    original = row[name] or "x"
                    fitting = [p for p in PAYLOADS if len(p) + 1 + len(original) <= longest]
                    row[name] = fitting[(n + count) % len(fitting)] + " " + original
                    count += 1
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            path.write_text(out.getvalue(), encoding="utf-8")
    for policy in (data / "policies").glob("*.md"):
        _, front, body = policy.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        meta["title"] = PAYLOADS[0] + meta["title"]
        meta["issuers"] = [PAYLOADS[1]] + meta["issuers"]
        for task in meta["key_tasks"]:
            task["summary"] = PAYLOADS[4] + task["summary"]
        meta["read_at"] = PAYLOADS[2] + meta["read_at"]
        meta["points"][0]["text"] = PAYLOADS[3] + meta["points"][0]["text"]
        policy.write_text(
            "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + "\n\n".join(PAYLOADS) + body, encoding="utf-8"
        )
        count += 6
    for rule in (data / "ratio_rules").glob("*.yaml"):
        text = rule.read_text(encoding="utf-8")
        meta = yaml.safe_load(text)
        meta["name"] = PAYLOADS[6] + meta["name"]
        meta["facts"][0]["text"] = PAYLOADS[1] + meta["facts"][0]["text"]
        if meta.get("document"):
            meta["document"]["read_at"] = PAYLOADS[0] + meta["document"]["read_at"]
        else:
            meta["source_note"] = PAYLOADS[0] + meta["source_note"]
        rule.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        count += 3
    return count, fields, touched


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    poisoned = poison(data)
    report = validate(data)
    assert report.valid, [p.message for p in report.problems]
    site = data.parent / "site"
    build(data, site, as_of=AS_OF)
    return site, poisoned


def test_a_payload_reached_every_free_text_field(hostile_site):
    _, (count, fields, touched) = hostile_site
    assert count > 400 and len(fields) > 25
    assert touched == fields


def test_payloads_are_text_not_markup(hostile_site):
    site, _ = hostile_site
    page = (site / "enterprises/91220104000000001B/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page or "&lt;img src=x" in page
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text and "<iframe" not in text, html
        assert 'href="javascript:' not in text and "<svg onload" not in text, html


def test_nothing_runs_in_the_browser(hostile_site):
    site, _ = hostile_site
    with serve(site) as base, launch() as browser:
        page = browser.new_page()
        dialogs, errors = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        for path in HOSTILE_RECORDS:
            page.goto(base + path, wait_until="networkidle")
            if path.startswith("search/"):
                page.wait_for_function("() => /找到|没有找到/.test(document.getElementById('jl-status').textContent)")
            found = page.evaluate("""() => ({
                pwned: window.__pwned === 1,
                javascript: document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]').length,
                data: document.querySelectorAll('a[href^="data:" i], iframe, object, embed').length,
                injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onclick], [onload]').length,
                scripts: [...document.scripts].filter((s) => !s.src && s.type !== 'application/json'
                                                       && /alert/.test(s.textContent)).length,
            })""")
            assert found == {"pwned": False, "javascript": 0, "data": 0, "injected": 0, "scripts": 0}, path
        assert "alert(1)" in page.goto(base + "enterprises/91220104000000001B/").text()
        page.close()
    assert dialogs == [] and errors == []
