"""The Jinja2 environment the page templates render in, and the filters they use.

Autoescape and ``StrictUndefined`` are on; ``finalize`` keeps any line break in data out of a page
(a blank line would end the raw HTML block mkdocs reads and hand the rest to Markdown). Data reaches
a page only through these: escaped text, escaped paragraphs, the Markdown subset of policy bodies and
JSON for script elements.
"""

from __future__ import annotations

import json
import re

import jinja2
from markupsafe import Markup, escape

from .. import labels
from ..ratio.report import item_state
from ..ratio.words import WORDING, fixed, plain, say
from ..search.lexicon import name_words
from ..settings import TEMPLATES, Settings
from .contents import headings, with_jump_list
from .page import Page


def environment(settings: Settings) -> jinja2.Environment:
    """The environment of one build: the page templates, their filters, and the labels and settings they read."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_one_line,
    )
    env.filters["date"] = lambda day: day.isoformat() if day else "—"
    env.filters["paragraphs"] = _paragraphs
    env.filters["breaks"] = breaks
    env.filters["markdown_lite"] = markdown_lite
    env.filters["fixed"] = fixed
    env.filters["plain"] = plain
    env.globals.update(labels.template_globals(), settings=settings, PAGE_SIZE=settings.page_size)
    env.globals.update(words=WORDING, say=say, item_state=item_state)  # the ratio's sentences (ratio/wording.yaml)
    env.globals["name_words"] = lambda *names, tags=(): name_words(names, tuple(tags))
    env.tests["worded"] = lambda value: any(ch.isalpha() for ch in str(value))  # A1, C30, 合格: worth a search
    return env


def render_page(env: jinja2.Environment, path: str, template: str, context: dict) -> Page:
    """Render one page template into a ``Page``.

    The template's output is the body (``_base.md.j2`` lays it out); its ``title`` block gives the title,
    and its optional ``description`` and ``hide`` blocks (space-separated parts of the chrome) the rest.
    The blocks are rendered in the same context after the body, so they see what the template imported.
    The body's section headings become the page's contents, and a page with several sections gets a jump
    list under its title (contents.py).
    """
    found = env.get_template(template)
    state = found.new_context(context)
    body = Markup(env.concat(found.root_render_func(state)).rstrip("\n"))  # noqa: S704 - autoescaped template output

    def block(name: str) -> Markup:
        functions = state.blocks.get(name)
        return Markup(env.concat(functions[0](state)).strip()) if functions else Markup("")  # noqa: S704 - autoescaped

    toc = headings(body)
    body = Markup(with_jump_list(body, toc))  # noqa: S704 - links to the body's own escaped headings
    return Page(path, block("title"), body, block("description") or None, tuple(block("hide").split()), toc)


_SEPARATORS = re.compile(r"([-/_.:·])(?=.)")


def breaks(code: str) -> Markup:
    """A code (certificate number, document number) that may wrap after its separators, never inside a
    run of letters or digits: ``<wbr>`` after each ``-/_.:·`` (search indexes read it as nothing)."""
    return Markup(_SEPARATORS.sub(r"\1<wbr>", str(escape(code))))  # noqa: S704 - escaped first


def _one_line(value):
    """Data never brings a line break into a page: a blank line would end the raw HTML block
    and hand the rest of the text to Markdown."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return " ".join(value.split()) if ("\n" in value or "\r" in value) else value
    return value


def _paragraphs(text: str | None) -> Markup:
    """Plain text to escaped paragraphs, one per blank-line-separated block, each on one line."""
    blocks = [" ".join(b.split()) for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    return Markup("".join(f"<p>{escape(b)}</p>" for b in blocks))  # noqa: S704 - every block escaped


def markdown_lite(text: str) -> Markup:
    """Render the Markdown subset allowed in policy bodies: ## headings, - lists, paragraphs.

    Everything else is shown literally; no HTML or link from the source survives.
    """
    out, items, para = [], [], []

    def flush():
        if items:
            out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
            items.clear()
        if para:
            out.append(f"<p>{escape(' '.join(para))}</p>")
            para.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            level = min(max(len(line) - len(line.lstrip("#")), 2), 4)
            out.append(f"<h{level}>{escape(line.lstrip('#').strip())}</h{level}>")
        elif line.startswith(("- ", "* ")):
            if para:
                flush()
            items.append(line[2:].strip())
        else:
            if items:
                flush()
            para.append(line)
    flush()
    return Markup("\n".join(out))  # noqa: S704 - built from escaped text only


_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(value, *, sort_keys: bool = False, compact: bool = True) -> Markup:
    """JSON text for inside a ``<script type="application/json">`` or ``application/ld+json`` element, on one line.

    ``<``, ``>`` and ``&`` (and the line separators U+2028/U+2029, which end a line in older JavaScript) are
    written as ``\\uXXXX`` escapes, which JSON parsers read back unchanged, so no data can close the element
    or open a comment. ``compact`` leaves out the spaces after separators.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, allow_nan=False, separators=(",", ":") if compact else None)
    for raw, escaped in _SCRIPT_ESCAPES:
        text = text.replace(raw, escaped)
    return Markup(text)  # noqa: S704 - every character that could end the element is escaped
