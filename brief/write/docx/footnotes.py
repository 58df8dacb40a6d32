"""Real Word footnotes: a footnotes part, and a reference mark in the text for each note.

python-docx has no footnotes, so this module adds the part itself. A footnotes part that
reference.docx already has is replaced, keeping its separators, so an editor's Word-made
reference document works as it is.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.story import StoryPart
from docx.text.paragraph import Paragraph

EMPTY = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


class FootnotesPart(StoryPart):
    """The footnotes of a document: a story part, so notes can hold styled runs and links."""


class _Story:
    """What a Paragraph needs of its parent: the part its styles and links belong to."""

    def __init__(self, part: StoryPart) -> None:
        self.part = part


class Footnotes:
    """Adds footnotes to one document, creating its footnotes part on first use."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._part: FootnotesPart | None = None
        self._next_id = 1

    def add(self, text_style: str | None, mark_style: str | None) -> tuple[int, Paragraph]:
        """A new footnote's id, and its paragraph (already carrying the note's number); styles by id."""
        part = self._footnotes_part()
        note = OxmlElement("w:footnote", {qn("w:id"): str(self._next_id)})
        part.element.append(note)
        paragraph = Paragraph(OxmlElement("w:p"), _Story(part))
        note.append(paragraph._p)
        paragraph._p.style = text_style
        mark = paragraph.add_run()
        mark._r.style = mark_style
        mark._r.append(OxmlElement("w:footnoteRef"))
        paragraph.add_run(" ")
        self._next_id += 1
        return self._next_id - 1, paragraph

    def _footnotes_part(self) -> FootnotesPart:
        if self._part is None:
            self._part = self._replace_part()
        return self._part

    def _replace_part(self) -> FootnotesPart:
        document_part = self.document.part
        element = parse_xml(EMPTY)
        for rel_id, rel in list(document_part.rels.items()):
            if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES:
                element = _separators_of(rel.target_part.blob)
                document_part.drop_rel(rel_id)
        part = FootnotesPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, element, document_part.package)
        document_part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        return part


def _separators_of(blob: bytes) -> BaseOxmlElement:
    """An existing footnotes part with its real notes removed and its separators kept."""
    element = parse_xml(blob)
    for note in element.findall(qn("w:footnote")):
        if note.get(qn("w:type")) not in ("separator", "continuationSeparator"):
            element.remove(note)
    return element
