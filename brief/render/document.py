"""What the render stage hands every writer: the HTML, the metadata in its head, the input it came from.

Writers see this and nothing else of the brief, so a set that changes the `<title>` changes
the title of the PDF and of the DOCX alike: both read it here, from the rendered head.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element

import tinyhtml5

from brief.render.template_set import TemplateSet
from brief.render.watermarks import NO_WATERMARKS, Watermarks

UNDATED = date(1980, 1, 1)  # the earliest instant a zip entry can hold


@dataclass(frozen=True)
class Metadata:
    """The document properties the rendered head declares, as both formats record them."""

    title: str
    subject: str
    authors: str
    language: str
    created: date  # UNDATED when the head names no date, so the files stay reproducible
    generator: str


@dataclass(frozen=True)
class CarriedFile:
    """One file the outputs carry: its path relative to the folder all carried files share (forward slashes), and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class InputCopy:
    """The input's own bytes, and the files it names, carried inside the outputs so a brief can be rebuilt from them."""

    name: str
    data: bytes
    named: tuple[CarriedFile, ...] = ()  # its previous version, scale and ladder files, at their relative paths
    place: str = ""  # the input's relative path among the carried files, when not its bare name

    @property
    def files(self) -> tuple[CarriedFile, ...]:
        """Every carried file, the input first."""
        return (CarriedFile(self.place or self.name, self.data), *self.named)


@dataclass(frozen=True)
class RenderedDocument:
    """The HTML of one brief, its metadata, its input, and the set whose files it may use."""

    html: str
    metadata: Metadata
    input: InputCopy
    template_set: TemplateSet
    source: str  # the input's path as messages name it
    warnings: tuple[str, ...] = ()
    watermarks: Watermarks = NO_WATERMARKS  # the pictures the HTML's watermark elements show, for a writer to draw

    @property
    def allowed_folders(self) -> tuple[Path, ...]:
        """Where a writer may read files: the template set's folders (the logo comes inline)."""
        return tuple(self.template_set.folders)


def read_metadata(html: str) -> Metadata:
    """The title, description, author, language, creation date and generator the document's head declares."""
    end = html.find("</head>")
    root: Element = tinyhtml5.parse(html[: end + len("</head>")] if end >= 0 else html, namespace_html_elements=False)
    title = root.find(".//title")
    meta = {element.get("name", "").lower(): element.get("content", "") for element in root.iter("meta")}
    return Metadata(
        title=" ".join((title.text or "").split()) if title is not None else "",
        subject=meta.get("description", ""),
        authors=meta.get("author", ""),
        language=root.get("lang", ""),
        created=_date(meta.get("dcterms.created", "")),
        generator=meta.get("generator", "") or "brief",
    )


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return UNDATED
