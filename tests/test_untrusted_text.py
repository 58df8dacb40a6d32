"""Untrusted input end to end: markup, template code and hostile links come out as plain text."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest

from brief.build import build
from tests.readers import docx_part, read_docx

HOSTILE = """\
title: "<img src='file:///etc/passwd'> {{ 7 * 7 }}"
date: 2025-03-14
summary: |
  <script>alert(1)</script> [click](javascript:alert(1)) [file](file:///etc/passwd)
  ![pixel](http://tracker.example/p.png) {% include 'base.html' %} <a href="http://evil.example">a</a>
key_judgements:
  - id: KJ1
    statement: "[safe](https://example.org/ok) and <iframe src=x></iframe>"
    likelihood: likely
    confidence: low
    evidence: [E1]
evidence:
  - id: E1
    text: "{{ config.items() }} {% raw %}"
    source: S1
sources:
  - id: S1
    title: "</span><span class='footnote'>injected</span>"
    url: "https://example.org/?q=<b>"
"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.yaml"
    path.write_text(HOSTILE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _no_network)
        result = build(path, folder / "out", ["pdf", "docx", "html"])
    return {output.suffix.lstrip("."): output for output in result.outputs}


def _no_network(*args: Any) -> None:
    raise AssertionError("the build tried to reach the network")


def test_markup_and_template_code_print_literally(outputs: dict[str, Path]) -> None:
    """Markup and template syntax in input appear as the analyst typed them (quotes set curly, as all text is), in PDF and DOCX."""
    pdf_text = straight(" ".join(page.extract_text() for page in pypdf.PdfReader(outputs["pdf"]).pages))
    docx_text = straight(" ".join(read_docx(outputs["docx"]).body))
    for literal in (
        "<img src='file:///etc/passwd'> {{ 7 * 7 }}",
        "<script>alert(1)</script>",
        "{{ config.items() }} {% raw %}",
        "<iframe src=x></iframe>",
    ):
        assert literal in " ".join(pdf_text.split())
        assert literal in docx_text


def test_only_web_links_survive(outputs: dict[str, Path]) -> None:
    """The PDF and DOCX link only to the http(s) addresses the analyst wrote: Markdown links, and sources' addresses (in notes)."""
    pdf_links = set()
    for page in pypdf.PdfReader(outputs["pdf"]).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                pdf_links.add(str(action["/URI"]))
    relationships = list(docx_part(outputs["docx"], "word/_rels/document.xml.rels"))
    hyperlinks = {(rel.get("Target"), rel.get("TargetMode")) for rel in relationships if (rel.get("Type") or "").endswith("/hyperlink")}
    targets = [rel.get("Target") or "" for rel in relationships]
    assert pdf_links == {"https://example.org/ok", "https://example.org/?q=%3Cb%3E"}
    assert hyperlinks == {("https://example.org/ok", "External"), ("https://example.org/?q=<b>", "External")}
    assert [target for target in targets if any(bad in target for bad in ("javascript", "file:", "evil.example"))] == []


def test_injected_markup_does_not_create_elements(outputs: dict[str, Path]) -> None:
    """A source title that closes and opens tags stays text: it creates no extra footnote."""
    notes = read_docx(outputs["docx"]).footnotes
    assert [straight(note) for note in notes] == ["</span><span class='footnote'>injected</span>. https://example.org/?q=<b>"]


def straight(text: str) -> str:
    """Text with the curly quotes typography set turned back into the straight ones typed."""
    return text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))


def test_html_output_has_no_live_markup_from_input(outputs: dict[str, Path]) -> None:
    """The standalone HTML carries the hostile text escaped: no script, image, frame or javascript link."""
    html = outputs["html"].read_text()
    body = html[html.index("<body>") :]
    for live in ("<script", "<img", "<iframe", 'href="javascript', 'href="file', 'http://tracker.example/p.png"'):
        assert live not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_json_input_with_hostile_text(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """The same holds for JSON input."""
    path = write_input(
        '{"title": "<b>t</b>", "date": "2025-03-14", "summary": "{{ x }}", "key_judgements": '
        '[{"id": "KJ1", "statement": "<i>s</i>", "likelihood": "likely", "confidence": "low"}]}',
        "hostile.json",
    )
    result = build(path, tmp_path / "out", ["docx"])
    body = read_docx(result.outputs[0]).body
    assert "<b>t</b>" in body and "{{ x }}" in body and "<i>s</i>" in body
