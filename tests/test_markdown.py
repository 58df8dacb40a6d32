"""Markdown fields: the formatting analysts use works, and nothing in them is ever markup."""

from __future__ import annotations

import pytest

from brief.render.markdown import render_markdown


def test_emphasis_links_and_lists() -> None:
    """Emphasis, strong, inline code, links, lists and paragraphs render."""
    html = render_markdown("*a* **b** `c` [d](https://example.org)\n\n- one\n- two\n\n1. first")
    assert html == (
        '<p><em>a</em> <strong>b</strong> <code>c</code> <a href="https://example.org">d</a></p>\n'
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol>\n<li>first</li>\n</ol>"
    )


def test_raw_html_is_literal_text() -> None:
    """Raw HTML is shown as typed, never interpreted."""
    html = render_markdown('<script>alert(1)</script> <img src=x onerror="alert(1)"> <b>bold</b>')
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "vbscript:x", "relative/page.html", "JaVaScRiPt:x"]
)
def test_links_keep_only_web_and_mail_targets(target: str) -> None:
    """A link to anything but http, https or mailto stays the text the analyst typed."""
    html = render_markdown(f"[click]({target})")
    assert "<a" not in html
    assert "[click]" in html


@pytest.mark.parametrize("target", ["http://example.org", "https://example.org/a?b=c", "mailto:desk@example.org"])
def test_web_and_mail_links_are_kept(target: str) -> None:
    """http, https and mailto links become links."""
    assert f'href="{target.replace("&", "&amp;")}"' in render_markdown(f"[x]({target})")


def test_images_are_never_fetched() -> None:
    """An image is shown as the text typed, so no renderer fetches its address."""
    html = render_markdown("![chart](http://tracker.example/pixel.png) ![local](file:///etc/passwd)")
    assert "<img" not in html
    assert "![chart](http://tracker.example/pixel.png)" in html


def test_template_syntax_is_plain_text() -> None:
    """Jinja syntax in a field is text for Markdown too."""
    assert render_markdown("{{ config }} {% include 'x' %}") == "<p>{{ config }} {% include 'x' %}</p>"


def test_headings_and_code_blocks_stay_text() -> None:
    """Headings, rules and code blocks, which templates own, stay literal paragraphs."""
    html = render_markdown("# Heading\n\n---\n\n    indented")
    assert html == "<p># Heading</p>\n<p>---</p>\n<p>indented</p>"
