"""The DOCX writer: the rendered document, element by element, onto the set's reference.docx.

The writer reads the same HTML the PDF is printed from, so both formats carry the same
content in the same order. Word styles come from reference.docx by name, so an editor
restyles the DOCX in Word; a style the template asks for but reference.docx lacks stops the
build with the list of what is missing.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from brief.errors import TemplateError
from brief.render.document import RenderedDocument


def write_docx(document: RenderedDocument) -> bytes:
    """The DOCX of `document`, carrying its input and the files it names."""
    import tinyhtml5

    from brief.write.docx.blocks import Blocks, Place, Story, body_width
    from brief.write.docx.carried_part import carry_files
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
    set_properties(word, document.metadata)
    carry_files(word, document.input.files)
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
