"""The one path by which user text becomes HTML (manifesto/text.py)."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string
from markupsafe import Markup

from manifesto.text import excerpt, render_text

TAG = re.compile(r"<\s*/?\s*([a-zA-Z0-9]+)")


def html(value: str | None) -> str:
    return str(render_text(value))


def tags_in(markup: str) -> set[str]:
    return {name.lower() for name in TAG.findall(markup)}


# --- escaping ----------------------------------------------------------------

@pytest.mark.parametrize(
    "payload",
    [
        '<script>alert("x")</script>',
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">click</a>',
        "<b>bold</b> <i>it</i> <iframe src=frame></iframe>",
        "<svg/onload=alert(1)>",
        '"><script>alert(1)</script>',
        "<style>body{display:none}</style>",
        "<!-- comment --><p onclick=alert(1)>x</p>",
    ],
)
def test_markup_typed_by_people_is_shown_as_text(payload):
    out = html(payload)
    assert tags_in(out) <= {"p", "br"}
    assert "<script" not in out and "<img" not in out and "<svg" not in out
    assert "&lt;" in out  # what was typed is still visible, as text


def test_plain_text_is_escaped_and_kept_verbatim():
    assert html("Fish & chips < 5 > 3 'quoted' \"double\"") == (
        "<p>Fish &amp; chips &lt; 5 &gt; 3 &#39;quoted&#39; &#34;double&#34;</p>"
    )


def test_result_is_markup_so_jinja_does_not_escape_it_twice(app):
    assert isinstance(render_text("x"), Markup)
    rendered = render_template_string("{{ value|usertext }}", value="a & b\nc")
    assert rendered == "<p>a &amp; b<br>c</p>"


def test_empty_or_blank_text_renders_nothing():
    assert html(None) == "" and html("") == "" and html("  \n\n \t ") == ""


# --- paragraphs and line breaks ------------------------------------------------

def test_blank_lines_make_paragraphs_and_single_newlines_make_breaks():
    assert html("First line\nsecond line\n\nNew paragraph") == (
        "<p>First line<br>second line</p><p>New paragraph</p>"
    )


def test_windows_and_old_mac_line_endings_and_extra_blank_lines():
    assert html("a\r\nb\r\n\r\n\r\nc\rd") == "<p>a<br>b</p><p>c<br>d</p>"
    assert html("\n\n  a  \n \n\n b \n\n") == "<p>a</p><p>b</p>"


# --- links -----------------------------------------------------------------------

def test_bare_urls_become_links_marked_nofollow_ugc_noopener():
    out = html("See https://example.org/report?a=1&b=2 for details")
    assert out == (
        '<p>See <a href="https://example.org/report?a=1&amp;b=2" rel="nofollow ugc noopener">'
        "https://example.org/report?a=1&amp;b=2</a> for details</p>"
    )


def test_www_addresses_link_over_http_and_trailing_punctuation_stays_outside():
    out = html("Try www.example.org, or http://a.example.org.")
    assert '<a href="http://www.example.org" rel="nofollow ugc noopener">www.example.org</a>,' in out
    assert '<a href="http://a.example.org" rel="nofollow ugc noopener">http://a.example.org</a>.' in out


def test_every_link_gets_the_rel_even_several_in_one_text():
    out = html("https://one.example.org\n\nhttps://two.example.org and https://three.example.org")
    assert out.count("<a ") == 3
    assert out.count('rel="nofollow ugc noopener"') == 3


@pytest.mark.parametrize(
    "payload",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "java\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_no_javascript_or_data_links(payload):
    out = html(payload).lower()
    assert "<a" not in out
    assert 'href="javascript' not in out and 'href="data' not in out


def test_links_with_other_schemes_stay_plain_text_not_empty_anchors():
    out = html("ftp://files.example.org/a and irc://chat.example.org")
    assert "<a" not in out
    assert "ftp://files.example.org/a" in out


def test_a_quote_inside_a_url_cannot_break_out_of_the_attribute():
    out = html('http://example.org/"onmouseover="alert(1)')
    assert 'onmouseover="' not in out
    assert tags_in(out) <= {"p", "a"}
    for tag in re.findall(r"<a [^>]*>", out):
        assert set(re.findall(r'\s([a-z-]+)=', tag)) <= {"href", "rel"}


def test_only_paragraphs_breaks_and_links_survive_the_allowlist():
    mixed = (
        "Intro <em>x</em>\n<div>block</div>\n\nhttps://example.org/<b>bold</b>\n"
        "<a href=https://example.org title=t>typed link</a>"
    )
    assert tags_in(html(mixed)) <= {"p", "br", "a"}


# --- excerpt -----------------------------------------------------------------------

def test_excerpt_flattens_whitespace_and_keeps_short_text_whole():
    assert excerpt("  Hello   there\n\nworld\t! ") == "Hello there world !"
    assert excerpt(None) == "" and excerpt("") == ""


def test_excerpt_cuts_at_a_word_boundary_with_an_ellipsis():
    text = "Publish every public contract over ten thousand pounds as open data"
    cut = excerpt(text, 30)
    assert cut.endswith("…")
    assert len(cut) <= 31
    assert text.startswith(cut[:-1])
    assert cut[:-1].split()[-1] in text.split()  # no half word


def test_excerpt_of_exactly_the_limit_is_not_cut():
    assert excerpt("a" * 200) == "a" * 200
    assert excerpt("word " * 100, 200).endswith("…")


def test_excerpt_is_plain_text_so_jinja_escapes_it(app):
    value = excerpt("<script>alert(1)</script> " * 20, 50)
    assert not isinstance(value, Markup)
    rendered = render_template_string("{{ value|excerpt(30) }}", value="<b>x</b> & more")
    assert rendered == "&lt;b&gt;x&lt;/b&gt; &amp; more"
