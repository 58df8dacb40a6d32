"""Block-level HTML into Word: paragraphs, lists, tables, and the page header and footer.

Inline content sitting directly in a block (text in a table cell or a list item) forms a
paragraph of its own, as CSS's anonymous blocks do, so a template may write either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, cast
from xml.etree.ElementTree import Element

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tc
from docx.parts.document import DocumentPart
from docx.section import _Footer, _Header
from docx.shared import Emu, Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from brief.render.stylesheets import print_style
from brief.render.vocabulary import CONTAINERS, HEAD, INLINES, PARAGRAPHS, ROLE_STYLES, continue_style, list_style
from brief.render.watermarks import Watermark
from brief.write.docx.field_marks import marker
from brief.write.docx.layout import (
    HANGING,
    Box,
    Layout,
    break_before,
    content_shares,
    draw_box,
    draw_frame,
    estimated_height,
    keep_whole,
    set_width,
)
from brief.write.docx.numbering import number
from brief.write.docx.runs import Format, Inlines, bookmark_name
from brief.write.docx.session import Session, classes_of
from brief.write.docx.watermark import add_watermark

WATERMARKS = {"watermark", "copy-watermark"}
WIDTH = re.compile(r"^\s*width\s*:\s*([0-9.]+)%\s*;?\s*$")


class Story:
    """Somewhere paragraphs and tables go: the body, a table cell, the page header or footer."""

    def __init__(self, container: Any, width: int, spare: Paragraph | None = None) -> None:
        self.container = container
        self.width = width
        self._spare = spare  # an empty paragraph Word requires already, used before adding one
        self._after_table = False  # two tables with nothing between them would become one in Word

    def add_paragraph(self, style_id: str | None) -> Paragraph:
        """A new paragraph at the end of the story, in the style with this id."""
        if self._spare is not None:
            paragraph, self._spare = self._spare, None
        else:
            paragraph = cast(Paragraph, self.container.add_paragraph())
        paragraph._p.style = style_id
        self._after_table = False
        return paragraph

    def finish(self, style_id: str | None) -> None:
        """Style the empty paragraph Word requires, if nothing used it, so an empty cell is as tall as a full one."""
        if self._spare is not None:
            self._spare._p.style = style_id

    def add_table(self, rows: int, columns: int) -> Table:
        """A new table at the end of the story, as wide as the story; after another table, a paragraph keeps them apart."""
        if self._after_table:
            self.add_paragraph(None)
        self._after_table = True
        if isinstance(self.container, _Cell):  # which adds the paragraph Word requires after a table in a cell
            table = self.container.add_table(rows, columns)
            self._spare = self.container.paragraphs[-1]
            return table
        if isinstance(self.container, Document):  # which sizes the table itself
            return cast(Table, self.container.add_table(rows, columns))
        return cast(Table, self.container.add_table(rows, columns, Emu(self.width)))


@dataclass
class ListItem:
    """A list item being written: its first paragraph carries the number or bullet."""

    kind: str
    depth: int
    num_id: int | None
    indent: int  # EMU from the story's edge to the item's text, as the CSS indents the list
    hanging: int  # EMU the first line starts left of the text, where the marker goes
    started: bool = False


@dataclass(frozen=True)
class Place:
    """Where blocks are being written, and what plain paragraphs there look like."""

    story: Story
    style: str | None = None  # the name of the Word style for plain paragraphs here
    item: ListItem | None = None
    depth: int = 0
    box: Box | None = None  # the CSS box the paragraphs here are drawn in
    indent: int = 0  # EMU from the story's edge to the text: the box's border and padding


class Blocks:
    """Writes block-level HTML into a Word document."""

    def __init__(self, session: Session, body: Story) -> None:
        self.session = session
        self.body = body
        self.pending_bookmarks: list[str] = []  # ids waiting for the next paragraph to carry them
        self.pending_break = False  # the CSS breaks the page before the element the next paragraph begins
        self.layout = Layout(print_style(session.template_set))
        self.page_height = body_height(session.document)
        self.first_page: list[Watermark] = []  # watermarks waiting for the body's first paragraph to float them over page one

    def children(self, element: Element, place: Place) -> None:
        """The children of a block container, gathering loose inline content into paragraphs."""
        loose: list[Element | str] = [element.text] if element.text else []
        for child in element:
            if (isinstance(child.tag, str) and child.tag in INLINES) or marker(child) is not None:
                loose.append(child)
            else:
                self._loose_paragraph(loose, place)
                self.block(child, place)
                loose = []
            if child.tail:
                loose.append(child.tail)
        self._loose_paragraph(loose, place)

    def block(self, element: Element, place: Place) -> None:
        """One block element, in the place it belongs."""
        if not isinstance(element.tag, str):
            return  # a comment
        self.session.check(element)
        tag, classes = element.tag, classes_of(element)
        if tag in HEAD:
            return
        if element.get("id"):
            self.pending_bookmarks.append(element.get("id") or "")
        self.pending_break = self.pending_break or self.layout.breaks_before(tag, classes)
        if tag in ("header", "footer") and f"page-{tag}" in classes:
            for furniture in self._furniture(header=tag == "header"):
                self.children(element, furniture)
        elif tag == "div" and WATERMARKS & set(classes):
            self._watermark(element, light="copy-watermark" in classes)
        elif tag == "blockquote":
            self.children(element, replace(place, style=ROLE_STYLES["quote"]))
        elif tag in CONTAINERS:
            self._container(element, place, self.layout.box(tag, classes))
        elif tag in PARAGRAPHS:
            Inlines(self.paragraph(place, tag, classes), self.session).content(element, Format())
        elif tag in ("ul", "ol"):
            self._list(element, place)
        elif tag == "table":
            self._table(element, place)
        else:
            self.session.refuse(element, "cannot stand here; see the vocabulary for where it may")

    def paragraph(self, place: Place, tag: str, classes: list[str]) -> Paragraph:
        """A new paragraph in `place`, styled by class, list, place or element, in that order."""
        item = place.item
        style = self.session.vocabulary.class_style(tag, classes)
        if style is None and item is not None:
            style = list_style(item.kind, item.depth) if not item.started else continue_style(item.depth)
        if style is None:
            style = place.style if tag == "p" and place.style else PARAGRAPHS[tag]
        paragraph = place.story.add_paragraph(self.session.book.paragraph(style))
        if self.first_page and isinstance(paragraph.part, DocumentPart):
            self._float_on_first_page(paragraph)
        if item is not None:
            self._in_list(paragraph, item)
        elif place.box is not None:
            paragraph.paragraph_format.left_indent = Emu(place.indent)
        if place.box is not None:
            draw_box(paragraph, place.box)
        if self.pending_break:
            break_before(paragraph)
            self.pending_break = False
        self._bookmark(paragraph)
        self.session.fields.paragraph(paragraph._p, place.depth)
        return paragraph

    def _container(self, element: Element, place: Place, box: Box | None) -> None:
        """A container's content; in its CSS box, if it has one: a frame when it holds a table, which paragraph borders cannot surround."""
        if box is None:
            self.children(element, place)
        elif element.find(".//table") is None:
            self.children(element, replace(place, box=box, indent=place.indent + box.inset("left")))
        else:
            table = place.story.add_table(1, 1)
            cell = draw_frame(table, box, place.story.width)
            inner = place.story.width - box.inset("left") - box.inset("right")
            if box.whole and estimated_height(element, inner) < self.page_height:
                keep_whole(table._tbl.tr_lst[0])
            self.children(element, Place(Story(cell, inner, spare=cell.paragraphs[0])))

    def _bookmark(self, paragraph: Paragraph) -> None:
        """Mark the paragraph with the ids of the elements it begins, so links and page references find it."""
        for anchor in self.pending_bookmarks:
            number = self.session.next_bookmark_id()
            start = OxmlElement("w:bookmarkStart", {qn("w:id"): number, qn("w:name"): bookmark_name(anchor)})
            paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
            paragraph._p.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): number}))
        self.pending_bookmarks = []

    def _in_list(self, paragraph: Paragraph, item: ListItem) -> None:
        """Indent every paragraph of the item as the CSS indents its list; number the first, whose marker hangs."""
        paragraph.paragraph_format.left_indent = Emu(item.indent)
        if not item.started:
            item.started = True
            paragraph.paragraph_format.first_line_indent = Emu(-item.hanging)
            if item.num_id is not None:
                number(paragraph, item.num_id)

    def _loose_paragraph(self, loose: list[Element | str], place: Place) -> None:
        if not any(node.strip() if isinstance(node, str) else marker(node) is None for node in loose):
            for node in loose:  # field markers alone, between blocks
                if isinstance(node, Element):
                    self.session.fields.between_blocks(node, place.depth)
            return
        inlines = Inlines(self.paragraph(place, "p", []), self.session)
        for node in loose:
            if isinstance(node, str):
                inlines.text(node, Format(), inlines.paragraph._p)
            elif marker(node) is not None:
                self.session.fields.inline(node, inlines.paragraph._p)
            else:
                inlines.inline(node, Format(), inlines.paragraph._p)

    def _list(self, element: Element, place: Place) -> None:
        depth = place.depth + 1
        own = self.layout.list_indent(element.tag, classes_of(element))
        indent = (place.item.indent if place.item else place.indent) + own
        num_id = self.session.numbering.restart(list_style(element.tag, depth), indent, min(own, HANGING))
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag != "li":
                self.session.check(child)
                self.session.refuse(child, f"cannot stand directly in <{element.tag}>; wrap it in <li>")
            self.session.check(child)
            item = ListItem(element.tag, depth, num_id, indent, min(own, HANGING))
            if child.get("id"):  # a link target (a source in the sources list): the item's first paragraph carries the bookmark
                self.pending_bookmarks.append(child.get("id") or "")
            self.children(child, replace(place, item=item, depth=depth))

    def _table(self, element: Element, place: Place) -> None:
        rows, widths = self._table_parts(element, place)
        if not rows:
            return
        columns = max(sum(_span(cell) for cell in row) for row, _ in rows)
        table = place.story.add_table(0, columns)
        table._tbl.tblStyle_val = self.session.book.table(ROLE_STYLES["table"])
        width = int(place.story.width * self.layout.table_share(classes_of(element)))
        set_width(table, width)
        grid = _grid(table, widths or content_shares([row for row, _ in rows], columns), width)
        for row, heading in rows:
            self._row(table, grid, row, heading, place)

    def _table_parts(self, element: Element, place: Place) -> tuple[list[tuple[list[Element], bool]], list[float]]:
        rows: list[tuple[list[Element], bool]] = []
        widths: list[float] = []
        for part in element:
            if not isinstance(part.tag, str):
                continue
            self.session.check(part)
            if part.tag == "caption":
                Inlines(place.story.add_paragraph(self.session.book.paragraph(ROLE_STYLES["caption"])), self.session).content(
                    part, Format()
                )
            elif part.tag == "colgroup":
                widths += [_width(col) for col in part if isinstance(col.tag, str)]
            elif part.tag in ("thead", "tbody", "tfoot"):
                rows += [(self._cells(row), part.tag == "thead") for row in part if isinstance(row.tag, str)]
            elif part.tag == "tr":
                rows.append((self._cells(part), False))
            else:
                self.session.refuse(part, "cannot stand directly in <table>")
        return rows, widths

    def _cells(self, row: Element) -> list[Element]:
        self.session.check(row)
        if row.tag != "tr":
            self.session.refuse(row, "cannot stand here; a table section holds <tr> rows")
        cells = [cell for cell in row if isinstance(cell.tag, str)]
        for cell in cells:
            self.session.check(cell)
            if cell.tag not in ("td", "th"):
                self.session.refuse(cell, "cannot stand directly in <tr>")
            if cell.get("rowspan") not in (None, "1"):
                self.session.refuse(cell, "has a rowspan, which the DOCX writer does not support")
        return cells

    def _row(self, table: Table, grid: list[Length], row: list[Element], heading: bool, place: Place) -> None:
        """One row, built cell by cell: looking cells up through the table rescans it, and made long tables quadratic."""
        tr = table._tbl.add_tr()
        if heading:
            tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        column, tallest = 0, 0
        for cell_element in row:
            span = _span(cell_element)
            cell = _Cell(_add_cell(tr, grid[column : column + span]), table)
            story = Story(cell, place.story.width, spare=cell.paragraphs[0])
            if cell_element.get("id"):  # a link target (an evidence row): the cell's first paragraph carries the bookmark
                self.pending_bookmarks.append(cell_element.get("id") or "")
            self.children(cell_element, Place(story, style=ROLE_STYLES[cell_element.tag]))
            story.finish(self.session.book.paragraph(ROLE_STYLES[cell_element.tag]))
            tallest = max(tallest, estimated_height(cell_element, sum(grid[column : column + span])))
            column += span
        if self.layout.rows_whole and tallest < self.page_height:  # a row taller than a page must split
            keep_whole(tr)
        for width in grid[column:]:  # a short row is filled out with empty cells, as Word expects
            _add_cell(tr, [width])

    def _watermark(self, element: Element, *, light: bool) -> None:
        """The element's picture over every page: floating in the page header, the story every page repeats, but page one's."""
        watermark = self.session.pictures.recipient if light else self.session.pictures.draft
        if watermark is None:
            return  # the element without its picture (a set's own markup): the PDF shows nothing either
        section = self.session.document.sections[0]
        section.header.is_linked_to_previous = False
        section.different_first_page_header_footer = True
        self.session.watermarks += 1
        # In the header's first paragraph, not one of its own: a floating picture takes no room, an empty line would.
        add_watermark(section.header.paragraphs[0], watermark, self.session.watermarks, section)
        # Word and LibreOffice draw a header beneath the body, whose shaded bottom line would cover the picture:
        # page one has a header without it (see _furniture) and floats it from the body instead.
        self.first_page.append(watermark)

    def _float_on_first_page(self, paragraph: Paragraph) -> None:
        """Float the waiting watermarks from the body's first paragraph, at the place the header's take on other pages."""
        for watermark in self.first_page:
            self.session.watermarks += 1
            add_watermark(paragraph, watermark, self.session.watermarks, self.session.document.sections[0])
        self.first_page = []

    def _furniture(self, *, header: bool) -> list[Place]:
        """Where the page header's or footer's content goes: on a watermarked brief, page one's own header and footer too."""
        section = self.session.document.sections[0]
        parts = [section.header if header else section.footer]
        if self.session.pictures.draft or self.session.pictures.recipient:  # page one floats its watermark from the body
            section.different_first_page_header_footer = True
            parts.append(section.first_page_header if header else section.first_page_footer)
        return [self._furniture_place(part, header) for part in parts]

    def _furniture_place(self, part: _Header | _Footer, header: bool) -> Place:
        part.is_linked_to_previous = False
        spare = part.paragraphs[0] if part.paragraphs and not part.paragraphs[0].text else None
        return Place(Story(part, self.body.width, spare), style=ROLE_STYLES["page-header" if header else "page-footer"])


def _span(cell: Element) -> int:
    try:
        return max(1, int(cell.get("colspan") or 1))
    except ValueError:
        return 1


def _width(col: Element) -> float:
    match = WIDTH.match(col.get("style") or "")
    return float(match.group(1)) if match else 0.0


def _grid(table: Table, widths: list[float], table_width: int) -> list[Length]:
    """The width of each column: the template's <col style="width: N%">, as shares of the table's width, else even."""
    columns = table._tbl.tblGrid.gridCol_lst
    table.autofit = False
    if not (widths and len(widths) == len(columns) and all(widths)):
        widths = [1.0] * len(columns)
    total = sum(widths)
    for column, share in zip(columns, widths, strict=True):
        column.w = Emu(int(table_width * share / total))
    return [column.w or Emu(0) for column in columns]


def _add_cell(tr: CT_Row, widths: list[Length]) -> CT_Tc:
    """A new cell at the end of the row `tr`, spanning as many columns as `widths` has, as wide as they are together."""
    tc = tr.add_tc()
    tc.width = Emu(sum(widths))
    tc.grid_span = len(widths)
    return tc


def body_height(document: Document) -> int:
    """The height between the top and bottom margins of the document's first section, in EMU."""
    section = document.sections[0]
    return int((section.page_height or 0) - (section.top_margin or 0) - (section.bottom_margin or 0))


def body_width(document: Document) -> int:
    """The width between the margins of the document's first section, in EMU."""
    section = document.sections[0]
    return int((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))
