"""Parity: the PDF and the DOCX of a brief carry the same content in the same order."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pytest

from brief.build import build
from tests.conftest import EXAMPLE
from tests.readers import pdf_pages, read_docx, split_pdf_page, squeeze


def assert_same_order(pdf_text: str, docx_text: str) -> None:
    """Equal text, or a failure that shows where the two first differ."""
    if pdf_text != docx_text:
        at = next(index for index, (a, b) in enumerate(zip(pdf_text + "\0", docx_text + "\0", strict=False)) if a != b)
        diff = "\n".join(difflib.ndiff([pdf_text[max(0, at - 80) : at + 80]], [docx_text[max(0, at - 80) : at + 80]]))
        raise AssertionError(f"PDF and DOCX differ at character {at}:\n{diff}")


def compare(pdf: Path, docx: Path, classification: str | None) -> None:
    """Body text (ignoring line breaks and letter case, which styles may change), list labels and footnotes."""
    read = read_docx(docx)
    pages = []
    for text in pdf_pages(pdf):
        pages.append(split_pdf_page(text, classification, read.footnotes, sum(len(page.notes) for page in pages) + 1, read.watermarks))
    seen = ""
    for page in pages:  # a table's heading row repeats on each page it runs onto: drawn, not content
        first = squeeze(page.body[0]) if page.body else ""
        if first in map(squeeze, read.heading_rows) and first in seen:
            page.body.pop(0)
        seen += squeeze("".join(page.body))
    # Page numbers in a table of contents are drawn by CSS in the PDF and are PAGEREF fields in Word.
    pdf_body = re.sub(r"\.{4,}\d+", "", squeeze("".join("".join(page.body) for page in pages))).casefold()
    docx_body = re.sub(r"\{PAGEREF[^}]*\}", "", squeeze("".join(read.body))).casefold()
    assert_same_order(pdf_body, docx_body)
    assert [marker for page in pages for marker in page.markers] == read.labels
    assert [note for page in pages for note in page.notes] == [f"{n}. {note}" for n, note in enumerate(read.footnotes, 1)]


def test_example_pdf_and_docx_match(example_outputs: dict[str, Path]) -> None:
    """The example's body text, list numbers and footnotes are the same, in the same order, in both files."""
    compare(example_outputs["pdf"], example_outputs["docx"], "UNCLASSIFIED")


@pytest.mark.parametrize("example", [EXAMPLE, EXAMPLE.parent / "archive" / "belarus-2026-09.yaml"], ids=["belarus", "belarus-2026-09"])
@pytest.mark.parametrize("name", ["policy-brief", "memo", "assessment"])
def test_every_built_in_set_keeps_parity(tmp_path: Path, name: str, example: Path) -> None:
    """Each built-in set builds each example input in both formats, with the same content in the same order."""
    result = build(example, tmp_path, ["pdf", "docx"], template=name)
    pdf, docx_path = result.output("pdf"), result.output("docx")
    compare(pdf, docx_path, "UNCLASSIFIED")


def test_markdown_rich_brief_matches(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """Emphasis, links, nested lists, quotes and literal markup come out the same in both formats."""
    path = write_input(
        """\
        title: "Formatting <b>check</b> {{ x }}"
        date: 2025-03-14
        summary: |
          A *summary* with **strong** text, `code`, a [link](https://example.org/a_b) and
          a hard break\\
          here. Raw <i>HTML</i> & entities &amp; stay text.

          > A quoted line.

          1. first
             - nested bullet
          2. second
        key_judgements:
          - id: KJ1
            statement: One.
            likelihood: almost certain
            confidence: high
          - id: KJ2
            statement: "Two, with a list:\\n\\n- a\\n- b"
            likelihood: almost no chance
            confidence: low
        sections:
          - heading: A section
            body: "Text with a non-breaking\\u00a0space."
        """
    )
    result = build(path, tmp_path / "out", ["pdf", "docx"])
    pdf, docx = result.output("pdf"), result.output("docx")
    compare(pdf, docx, None)


def test_document_properties_match(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """Title, authors and language are the same in the PDF's and the DOCX's properties."""
    path = write_input(
        "title: Два автора\ndate: 2025-03-14\nsummary: S\nlanguage: ru\nauthors: [Jane Roe, 'Doe, John']\n"
        "key_judgements:\n  - {id: KJ1, statement: X, likelihood: likely, confidence: low}\n"
    )
    result = build(path, tmp_path / "out", ["pdf", "docx"])
    pdf, docx_path = result.output("pdf"), result.output("docx")
    reader = pypdf.PdfReader(pdf)
    properties = docx.Document(str(docx_path)).core_properties
    assert reader.metadata is not None
    assert (reader.metadata.title, reader.metadata.author, reader.trailer["/Root"]["/Lang"]) == ("Два автора", "Jane Roe; Doe, John", "ru")
    assert (properties.title, properties.author, properties.language) == ("Два автора", "Jane Roe; Doe, John", "ru")
