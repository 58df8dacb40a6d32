"""`brief extract`: the input a PDF or DOCX carries, and the files it names, given back byte for byte.

Every PDF and DOCX brief builds carries the input it was built from (a releasable version
its cut input) and the files the input names (its previous version, scale and ladder files),
so a receiving editor can rebuild or amend a brief from either file alone. What a file is,
is told by its content, not its name: a `%PDF-` header (pdf_attachment) or a zip
(docx_attachment). Writing the carried files into a folder is carried.write_carried.
"""

from __future__ import annotations

from pathlib import Path

from brief import gate
from brief.distribution.carried import NoInput, write_carried
from brief.distribution.docx_attachment import docx_carried
from brief.distribution.pdf_attachment import pdf_carried
from brief.render.document import CarriedFile

__all__ = ["NoInput", "carried_files", "extract_input", "write_carried"]


def carried_files(path: Path) -> tuple[CarriedFile, ...]:
    """Every file the PDF or DOCX at `path` carries, the input first, each judged before it is read."""
    data = gate.read_bytes(path, gate.ISSUED, None)
    if b"%PDF-" in data[:1024]:
        return pdf_carried(path, data)
    if data[:2] == b"PK":
        return docx_carried(path, data)
    raise NoInput(
        f"{path}: is neither a PDF (it has no %PDF- header) nor a DOCX (it is not a zip); brief extract reads the PDFs and DOCX files brief builds"
    )


def extract_input(path: Path) -> tuple[str, bytes]:
    """The name (its path among the carried files) and bytes of the input the PDF or DOCX at `path` carries."""
    carried = carried_files(path)[0]
    return carried.path, carried.data
