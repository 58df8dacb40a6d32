"""Parity between a brief's PDF and its DOCX: the same content, in the same order, as a reader sees each."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from tests.readers import PdfPage, pdf_pages, read_docx, split_pdf_page, squeeze


def assert_same_order(pdf_text: str, docx_text: str) -> None:
    """Equal text, or a failure that shows where the two first differ."""
    if pdf_text != docx_text:
        at = next(index for index, (a, b) in enumerate(zip(pdf_text + "\0", docx_text + "\0", strict=False)) if a != b)
        diff = "\n".join(difflib.ndiff([pdf_text[max(0, at - 80) : at + 80]], [docx_text[max(0, at - 80) : at + 80]]))
        raise AssertionError(f"PDF and DOCX differ at character {at}:\n{diff}")


def compare(pdf: Path, docx: Path, classification: str | None) -> None:
    """Body text (ignoring line breaks and letter case, which styles may change), list labels and footnotes."""
    read = read_docx(docx)
    pages: list[PdfPage] = []
    for text in pdf_pages(pdf):
        pages.append(split_pdf_page(text, classification, read.footnotes, sum(len(page.notes) for page in pages) + 1))
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
