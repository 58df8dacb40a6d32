"""A checked brief rendered once and drawn page by page in both formats: the PDF as WeasyPrint writes it, the DOCX as LibreOffice prints it.

Both are made in memory from one render, as a build makes them; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from brief.build import writer
from brief.check import Checked
from brief.render.document import RenderedDocument
from brief.render.engine import render_document
from brief.tools.proof.libreoffice import docx_to_pdf, find_soffice
from brief.tools.proof.pages import page_images

NO_LIBREOFFICE = "DOCX not shown: LibreOffice (soffice or libreoffice) is not on PATH; install it to see the DOCX beside the PDF"


@dataclass(frozen=True)
class Renderings:
    """A brief's pages in each format; `docx` is None where LibreOffice is missing, and `notes` say so."""

    name: str
    template: str
    pdf: list[Image.Image]
    docx: list[Image.Image] | None
    notes: tuple[str, ...]
    warnings: tuple[str, ...]


def render_both(checked: Checked) -> Renderings:
    """The brief's PDF pages and, where LibreOffice is installed, its DOCX pages."""
    document = render_document(checked.loaded, checked.template_set)
    pdf, warnings = writer("pdf")(document)
    docx = _docx_pages(document)
    notes = () if docx is not None else (NO_LIBREOFFICE,)
    name = checked.loaded.path.name
    return Renderings(name, checked.template_set.name, page_images(pdf), docx, notes, tuple(dict.fromkeys([*document.warnings, *warnings])))


def _docx_pages(document: RenderedDocument) -> list[Image.Image] | None:
    soffice = find_soffice()
    if soffice is None:
        return None
    docx, _ = writer("docx")(document)
    return page_images(docx_to_pdf(docx, soffice))
