"""The DOCX writer: the rendered document, element by element, onto the set's reference.docx.

The writer reads the same HTML the PDF is printed from, so both formats carry the same
content in the same order. Word styles come from reference.docx by name, so an editor
restyles the DOCX in Word; a style the template asks for but reference.docx lacks stops the
build with the list of what is missing.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from brief.errors import TemplateError
from brief.render.document import RenderedDocument


def write_docx(document: RenderedDocument) -> bytes:
    """The DOCX of `document`, carrying its input and the files it names."""
    import tinyhtml5

    from brief.write.docx.blocks import Blocks, Place, Story, body_width
    from brief.write.docx.carried_part import carry_files
    from brief.write.docx.field_marks import clear_field_paragraphs
    from brief.write.docx.fonts import embed_fonts
    from brief.write.docx.package import save, set_properties, update_fields_on_open
    from brief.write.docx.reference import load_reference
    from brief.write.docx.session import Session

    template_set = document.template_set
    word = load_reference(template_set)  # its style sheet alone: the file comes from whoever made the set
    _clear_body(word)
    session = Session.start(word, template_set, document.allowed_folders, document.watermarks)
    body = Story(word, body_width(word))
    root: Element = tinyhtml5.parse(document.html, namespace_html_elements=False)
    Blocks(session, body).children(root, Place(body))
    if session.book.missing:
        missing = ", ".join(f"{name!r} ({kind})" for name, kind in sorted(session.book.missing.items()))
        raise TemplateError(f"{template_set.reference_docx}: lacks the Word styles {missing}; add them in Word")
    clear_field_paragraphs(word.element.body)
    set_properties(word, document.metadata)
    carry_files(word, document.input.files)
    _store_snapshot(word, session.fields.made)  # after the carried files, which keep the first custom XML parts
    if session.page_references:
        update_fields_on_open(word)
    if template_set.metadata.docx.embed_fonts:
        embed_fonts(word, template_set)
    return save(word)


def _clear_body(word: object) -> None:
    """Remove the reference document's own content, keeping its page setup (the last sectPr)."""
    from docx.oxml.ns import qn

    body = word.element.body  # type: ignore[attr-defined]
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _store_snapshot(word: Any, made: list[tuple[str, str, int]]) -> None:
    """Store each field's text as built, read back by the reader absorb uses, so an unchanged field reads equal to it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from brief.write.docx.field_snapshot import snapshot_xml, store_snapshot
    from brief.write.docx.field_text import Snapshot, reading, styles_of
    from brief.write.docx.field_walk import Walk

    styles = styles_of(word.styles.element, word.part.numbering_part.element)
    links = {rel.rId: rel.target_ref for rel in word.part.rels.values() if rel.reltype == RT.HYPERLINK}
    depths = {name: depth for name, _, depth in made}
    known = Snapshot({name: (path, "") for name, path, _ in made}, (), depths)
    read = reading(Walk(styles, links).read(word.element), known, None)
    fields = [(field.bookmark, field.path, depths[field.bookmark], field.accepted) for field in read.fields]
    store_snapshot(word, snapshot_xml(fields, [paragraph.accepted for paragraph in read.loose]))
