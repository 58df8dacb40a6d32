"""The inline content of one Word paragraph: text, emphasis, links, fields and footnotes.

Text follows HTML's whitespace rules (runs of spaces and newlines are one space, none at the
start or end of a line), so the Word text matches what the PDF prints.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from xml.etree.ElementTree import Element

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from brief.model.markdown import ALLOWED_LINK
from brief.render.resources import RefusedResource, read_resource
from brief.render.vocabulary import INLINES, ROLE_STYLES
from brief.write.docx.field_marks import marker
from brief.write.docx.lengths import css_length
from brief.write.docx.session import Session, classes_of

HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not \s: a no-break space must stay
FIELDS = {"page-counter": "PAGE", "pages-counter": "NUMPAGES"}


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name for an HTML id: a letter first, then letters, digits and underscores."""
    return ("ref_" + re.sub(r"[^A-Za-z0-9_]", "_", anchor))[:40]


@dataclass(frozen=True)
class Format:
    """How a run looks: what its enclosing inline elements ask for."""

    bold: bool = False
    italic: bool = False
    style: str | None = None  # a character style's id
    vertical: str | None = None


EMPHASIS = {
    "em": {"italic": True},
    "i": {"italic": True},
    "strong": {"bold": True},
    "b": {"bold": True},
    "sup": {"vertical": "superscript"},
    "sub": {"vertical": "subscript"},
}


class Inlines:
    """Writes inline HTML into one paragraph."""

    def __init__(self, paragraph: Paragraph, session: Session, *, in_note: bool = False) -> None:
        self.paragraph = paragraph
        self.session = session
        self.in_note = in_note
        self.pending_space = False
        self.at_line_start = True

    def content(self, element: Element, fmt: Format, target: BaseOxmlElement | None = None) -> None:
        """The text and inline children of `element`, each child followed by its tail."""
        target = self.paragraph._p if target is None else target
        self.text(element.text, fmt, target)
        for child in element:
            if isinstance(child.tag, str):
                self.inline(child, fmt, target)
            elif marker(child) is not None:  # the comments that mark a field's text
                self.session.fields.inline(child, target)
            self.text(child.tail, fmt, target)

    def inline(self, element: Element, fmt: Format, target: BaseOxmlElement) -> None:
        """One inline element (not its tail)."""
        self.session.check(element)
        tag, classes = element.tag, classes_of(element)
        if tag not in INLINES:
            self.session.refuse(element, "is a block inside an inline element; close the inline element first")
        if tag == "br":
            self._run(fmt, target).add_break()
            self.at_line_start, self.pending_space = True, False
        elif tag == "span" and "footnote" in classes:
            self._footnote(element, target)
        elif tag == "span" and FIELDS.keys() & set(classes):
            self._field(FIELDS[next(name for name in classes if name in FIELDS)], fmt, target)
        elif tag == "a":
            self._link(element, fmt, target)
        elif tag == "img":
            self._picture(element, target)
        else:
            self.content(element, self._format(element, fmt), target)

    def text(self, text: str | None, fmt: Format, target: BaseOxmlElement) -> None:
        """Text with HTML whitespace collapsed; a space is written only before more content."""
        if not text:
            return
        collapsed = HTML_SPACE.sub(" ", text)
        words = collapsed.strip(" ")
        if collapsed.startswith(" "):
            self.pending_space = True
        if not words:
            return
        if self.pending_space and not self.at_line_start:
            words = " " + words
        self._run(fmt, target).text = words
        self.at_line_start = False
        self.pending_space = collapsed.endswith(" ")

    def _format(self, element: Element, fmt: Format) -> Format:
        changed = replace(fmt, **EMPHASIS.get(element.tag, {}))  # type: ignore[arg-type]
        if element.tag == "code":
            changed = replace(changed, style=self.session.book.character(ROLE_STYLES["code"]))
        style = self.session.vocabulary.class_style(element.tag, classes_of(element))
        return replace(changed, style=self.session.book.character(style)) if style else changed

    def _run(self, fmt: Format, target: BaseOxmlElement) -> Run:
        element = OxmlElement("w:r")
        target.append(element)
        run = Run(element, self.paragraph)
        if fmt.style:
            element.style = fmt.style
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if fmt.vertical == "superscript":
            run.font.superscript = True
        elif fmt.vertical == "subscript":
            run.font.subscript = True
        return run

    def _flush_space(self, fmt: Format, target: BaseOxmlElement) -> None:
        if self.pending_space and not self.at_line_start:
            self._run(fmt, target).text = " "
        self.pending_space = False

    def _link(self, element: Element, fmt: Format, target: BaseOxmlElement) -> None:
        href = (element.get("href") or "").strip()
        if href.startswith("#") and len(href) > 1:
            self._internal_link(element, href[1:], fmt, target)
            return
        if not ALLOWED_LINK.match(href):  # not a web or mail address: its text, without a link
            self.content(element, fmt, target)
            return
        self._flush_space(fmt, target)
        rel_id = self.paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink", {qn("r:id"): rel_id})
        target.append(link)
        self.content(element, replace(fmt, style=self.session.book.character(ROLE_STYLES["hyperlink"])), link)

    def _internal_link(self, element: Element, anchor: str, fmt: Format, target: BaseOxmlElement) -> None:
        """A jump to a place in the brief; a page-link also prints that place's page number."""
        self._flush_space(fmt, target)
        link = OxmlElement("w:hyperlink", {qn("w:anchor"): bookmark_name(anchor)})
        target.append(link)
        contents = "page-link" in classes_of(element)  # a contents entry reads as text; a link to evidence or a source as a link
        style = fmt if contents else replace(fmt, style=self.session.book.character(ROLE_STYLES["hyperlink"]))
        self.content(element, style, link)
        if contents:
            self.session.page_references = True
            self._run(fmt, target).add_tab()
            self._field(f"PAGEREF {bookmark_name(anchor)} \\h", fmt, target)

    def _picture(self, element: Element, target: BaseOxmlElement) -> None:
        """An image from an allowed folder, sized as its style says; SVG becomes a sharp PNG."""
        self._flush_space(Format(), target)
        try:
            resource = read_resource(element.get("src") or "", self.session.allowed)
        except RefusedResource as error:
            self.session.refuse(element, f"cannot be shown: {error}")
        data = resource.data
        if resource.media_type == "image/svg+xml":
            import cairosvg  # only when a brief has an SVG image

            try:
                data = cairosvg.svg2png(bytestring=data, output_width=1200, unsafe=False)
            except Exception as error:  # cairosvg raises many kinds for a drawing it cannot make
                self.session.refuse(element, f"cannot be drawn: {type(error).__name__}: {error}")
        width, height = (css_length(element, side) for side in ("width", "height"))
        element_run = OxmlElement("w:r")
        target.append(element_run)
        Run(element_run, self.paragraph).add_picture(io.BytesIO(data), width=width, height=height)
        self.at_line_start = False

    def _field(self, instruction: str, fmt: Format, target: BaseOxmlElement) -> None:
        """A Word field (PAGE, NUMPAGES) that Word fills in on every page."""
        self._flush_space(fmt, target)
        field = OxmlElement("w:fldSimple", {qn("w:instr"): f" {instruction} "})
        target.append(field)
        self._run(fmt, field).text = "1"
        self.at_line_start = False

    def _footnote(self, element: Element, target: BaseOxmlElement) -> None:
        if self.in_note:
            self.session.refuse(element, "is a footnote inside a footnote")
        book = self.session.book
        note_id, note = self.session.footnotes.add(
            book.paragraph(ROLE_STYLES["footnote-text"]), book.character(ROLE_STYLES["footnote-reference"])
        )
        Inlines(note, self.session, in_note=True).content(element, Format())
        self._flush_space(Format(), target)
        mark = self._run(Format(style=book.character(ROLE_STYLES["footnote-reference"])), target)
        mark._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(note_id)}))
        self.at_line_start = False
