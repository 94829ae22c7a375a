"""A page's contents: the headings read from its body, the theme's contents column, the jump list, and
codes that wrap at their separators."""

from __future__ import annotations

import re

from markupsafe import Markup

from generator.site.contents import MARK, NO_LIST, Heading, headings, with_jump_list
from generator.site.mkdocs import source, toc_html
from generator.site.page import Page
from generator.site.templates import breaks

BODY = (
    '<div class="jl-page">\n<h1>目录甲</h1>\n<p>说明</p>\n<h2 id="batches">发布批次</h2>\n'
    '<h2 id="by-category">在录产品</h2>\n'
    '<h3 id="cat-1">保温 <small>RZ-01 · 4 项</small></h3>\n<h3 id="cat-2">门窗 &amp; 幕墙</h3>\n'
    '<h2 id="cite">如何引用</h2>\n<h4 id="deep">不列出</h4><h2>没有 id 的标题</h2>\n</div>'
)


def test_headings_are_the_h2_and_h3_with_an_id_their_text_without_tags():
    assert headings(BODY) == (
        Heading(2, "batches", Markup("发布批次")),
        Heading(2, "by-category", Markup("在录产品")),
        Heading(3, "cat-1", Markup("保温 RZ-01 · 4 项")),
        Heading(3, "cat-2", Markup("门窗 &amp; 幕墙")),
        Heading(2, "cite", Markup("如何引用")),
    )


def test_the_contents_column_nests_h3_under_their_h2():
    html = toc_html(headings(BODY))
    assert html.startswith('<label class="md-nav__title" for="__toc">') and "本页内容" in html
    assert html.count("<li ") == 5 and html.count("<ul") == 2 and html.count("</li>") == 5 and html.count("</ul>") == 2
    nested = html.split('href="#by-category"')[1].split('href="#cite"')[0]
    assert 'href="#cat-1"' in nested and 'href="#cat-2"' in nested and '<nav class="md-nav" aria-label="在录产品">' in nested
    assert "门窗 &amp; 幕墙" in html and toc_html(()) == ""


def test_mkdocs_gets_the_contents_in_the_front_matter():
    page = Page("catalogs/a.md", Markup("目录甲"), Markup(BODY), toc=headings(BODY))  # noqa: S704 - a constant
    front = source(page).split("---")[1]
    assert re.search(r'^jl_toc: ".*md-nav__list.*"$', front, re.M)
    assert "jl_toc" not in source(Page("a/b.md", Markup("x"), Markup("<div><h1>x</h1></div>")))


def test_a_jump_list_goes_under_the_title_or_where_the_page_marks_it():
    toc = headings(BODY)
    listed = with_jump_list(BODY, toc)
    assert listed.index("</h1>") < listed.index('<nav class="jl-contents"') < listed.index("<p>说明</p>")
    assert re.findall(r'href="#([^"]+)"', listed) == ["batches", "by-category", "cite"]  # sections only
    marked = with_jump_list(BODY.replace("<p>说明</p>", f"<p>说明</p>{MARK}"), toc)
    assert marked.index("<p>说明</p>") < marked.index('<nav class="jl-contents"') and MARK not in marked


def test_short_pages_very_long_pages_and_pages_that_ask_get_no_jump_list():
    two = headings(BODY)[:2]
    assert "jl-contents" not in with_jump_list(BODY + MARK, two) and MARK not in with_jump_list(BODY + MARK, two)
    many = tuple(Heading(2, f"s{i}", Markup(f"第 {i} 节")) for i in range(16))  # noqa: S704 - digits
    assert "jl-contents" not in with_jump_list(BODY, many)
    refused = with_jump_list(BODY.replace("<p>说明</p>", NO_LIST), headings(BODY))
    assert "jl-contents" not in refused and NO_LIST not in refused


def test_codes_may_wrap_after_separators_only_and_stay_escaped():
    assert breaks("SL-CTC-GC-2021-00001") == Markup("SL-<wbr>CTC-<wbr>GC-<wbr>2021-<wbr>00001")
    assert breaks("91220102000000001E") == Markup("91220102000000001E")
    assert breaks("示例决定〔2026〕1号/A_1.2") == Markup("示例决定〔2026〕1号/<wbr>A_<wbr>1.<wbr>2")
    assert breaks("<b>-x") == Markup("&lt;b&gt;-<wbr>x") and breaks("末尾-") == Markup("末尾-")
