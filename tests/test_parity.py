"""Parity: the PDF and the DOCX of a brief carry the same content in the same order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pytest

from brief.build import build
from tests.parity import compare
from tests.readers import pdf_catalog
from tests.samples import BUILT_IN_SETS, EARLIER_EXAMPLE, EXAMPLE


def test_example_pdf_and_docx_match(example_outputs: dict[str, Path]) -> None:
    """The example's body text, list numbers and footnotes are the same, in the same order, in both files."""
    compare(example_outputs["pdf"], example_outputs["docx"], "UNCLASSIFIED")


@pytest.mark.parametrize("example", [EXAMPLE, EARLIER_EXAMPLE], ids=["belarus", "belarus-2026-09"])
@pytest.mark.parametrize("name", BUILT_IN_SETS)
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
    assert (reader.metadata.title, reader.metadata.author, str(pdf_catalog(pdf)["/Lang"])) == ("Два автора", "Jane Roe; Doe, John", "ru")
    assert (properties.title, properties.author, properties.language) == ("Два автора", "Jane Roe; Doe, John", "ru")
