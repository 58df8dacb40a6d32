"""`brief extract`: the input a PDF carries, given back byte for byte.

Every PDF brief builds embeds the input it was built from (a releasable version embeds its
cut input), so a receiving editor can rebuild or amend a brief from the PDF alone.
"""

from __future__ import annotations

import io
from pathlib import Path

from brief import gate
from brief.errors import BriefError

INPUT_SUFFIXES = (".yaml", ".yml", ".json")


class NoInput(BriefError):
    """A file that is not a PDF, or a PDF that carries no brief input."""


def extract_input(path: Path) -> tuple[str, bytes]:
    """The name and bytes of the input embedded in the PDF at `path`."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    data = gate.read_bytes(path, gate.ISSUED, None)
    try:
        attachments = PdfReader(io.BytesIO(data)).attachments
    except (PdfReadError, OSError, ValueError) as error:
        raise NoInput(f"{path}: cannot read it as a PDF: {error}") from error
    for name, contents in attachments.items():
        if name.lower().endswith(INPUT_SUFFIXES) and contents:
            return name, contents[0]
    raise NoInput(f"{path}: carries no brief input; was it built by brief?")
