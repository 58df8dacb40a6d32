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
from docx.shared import Emu, Inches, Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from brief.render.vocabulary import CONTAINERS, HEAD, INLINES, PARAGRAPHS, ROLE_STYLES, continue_style, list_style
from brief.write.docx.numbering import number
from brief.write.docx.runs import Format, Inlines, bookmark_name
from brief.write.docx.session import Session, classes_of
from brief.write.docx.watermark import add_watermark

WATERMARKS = {"watermark", "copy-watermark"}
WIDTH = re.compile(r"^\s*width\s*:\s*([0-9.]+)%\s*;?\s*$")
LIST_INDENT = Inches(0.25)


class Story:
    """Somewhere paragraphs and tables go: the body, a table cell, the page header or footer."""

    def __init__(self, container: Any, width: int, spare: Paragraph | None = None) -> None:
        self.container = container
        self.width = width
        self._spare = spare  # an empty paragraph Word requires already, used before adding one

    def add_paragraph(self, style_id: str | None) -> Paragraph:
        """A new paragraph at the end of the story, in the style with this id."""
        if self._spare is not None:
            paragraph, self._spare = self._spare, None
        else:
            paragraph = cast(Paragraph, self.container.add_paragraph())
        paragraph._p.style = style_id
        return paragraph

    def add_table(self, rows: int, columns: int) -> Table:
        """A new table at the end of the story, as wide as the story."""
        if isinstance(self.container, Document | _Cell):  # these size the table themselves
            return self.container.add_table(rows, columns)
        return cast(Table, self.container.add_table(rows, columns, Emu(self.width)))


@dataclass
class ListItem:
    """A list item being written: its first paragraph carries the number or bullet."""

    kind: str
    depth: int
    num_id: int | None
    started: bool = False


@dataclass(frozen=True)
class Place:
    """Where blocks are being written, and what plain paragraphs there look like."""

    story: Story
    style: str | None = None  # the name of the Word style for plain paragraphs here
    item: ListItem | None = None
    depth: int = 0


class Blocks:
    """Writes block-level HTML into a Word document."""

    def __init__(self, session: Session, body: Story) -> None:
        self.session = session
        self.body = body
        self.pending_bookmarks: list[str] = []  # ids waiting for the next paragraph to carry them

    def children(self, element: Element, place: Place) -> None:
        """The children of a block container, gathering loose inline content into paragraphs."""
        loose: list[Element | str] = [element.text] if element.text else []
        for child in element:
            if isinstance(child.tag, str) and child.tag in INLINES:
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
        if tag == "header" and "page-header" in classes:
            self.children(element, self._furniture(header=True))
        elif tag == "footer" and "page-footer" in classes:
            self.children(element, self._furniture(header=False))
        elif tag == "div" and WATERMARKS & set(classes):
            self._watermark(element, light="copy-watermark" in classes)
        elif tag == "blockquote":
            self.children(element, replace(place, style=ROLE_STYLES["quote"]))
        elif tag in CONTAINERS:
            self.children(element, place)
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
        if item is not None:
            self._in_list(paragraph, item, style)
        self._bookmark(paragraph)
        return paragraph

    def _bookmark(self, paragraph: Paragraph) -> None:
        """Mark the paragraph with the ids of the elements it begins, so links and page references find it."""
        for anchor in self.pending_bookmarks:
            self.session.bookmarks += 1
            number = str(self.session.bookmarks)
            start = OxmlElement("w:bookmarkStart", {qn("w:id"): number, qn("w:name"): bookmark_name(anchor)})
            paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
            paragraph._p.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): number}))
        self.pending_bookmarks = []

    def _in_list(self, paragraph: Paragraph, item: ListItem, style: str) -> None:
        if not item.started:
            item.started = True
            if item.num_id is not None:
                number(paragraph, item.num_id)
        elif style != continue_style(item.depth):  # a classed paragraph keeps the item's indent
            paragraph.paragraph_format.left_indent = LIST_INDENT * item.depth

    def _loose_paragraph(self, loose: list[Element | str], place: Place) -> None:
        if not any(isinstance(node, Element) or node.strip() for node in loose):
            return
        inlines = Inlines(self.paragraph(place, "p", []), self.session)
        for node in loose:
            if isinstance(node, str):
                inlines.text(node, Format(), inlines.paragraph._p)
            else:
                inlines.inline(node, Format(), inlines.paragraph._p)

    def _list(self, element: Element, place: Place) -> None:
        depth = place.depth + 1
        num_id = self.session.numbering.restart(list_style(element.tag, depth))
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag != "li":
                self.session.check(child)
                self.session.refuse(child, f"cannot stand directly in <{element.tag}>; wrap it in <li>")
            self.session.check(child)
            item = ListItem(element.tag, depth, num_id)
            self.children(child, replace(place, item=item, depth=depth))

    def _table(self, element: Element, place: Place) -> None:
        rows, widths = self._table_parts(element, place)
        if not rows:
            return
        columns = max(sum(_span(cell) for cell in row) for row, _ in rows)
        table = place.story.add_table(0, columns)
        table._tbl.tblStyle_val = self.session.book.table(ROLE_STYLES["table"])
        grid = _grid(table, widths, place.story.width)
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
        column = 0
        for cell_element in row:
            span = _span(cell_element)
            cell = _Cell(_add_cell(tr, grid[column : column + span]), table)
            story = Story(cell, place.story.width, spare=cell.paragraphs[0])
            self.children(cell_element, Place(story, style=ROLE_STYLES[cell_element.tag]))
            column += span
        for width in grid[column:]:  # a short row is filled out with empty cells, as Word expects
            _add_cell(tr, [width])

    def _watermark(self, element: Element, *, light: bool) -> None:
        """Text drawn across every page: in Word, a watermark shape in the page header."""
        text = " ".join("".join(element.itertext()).split())
        place = self._furniture(header=True)
        self.session.watermarks += 1
        font = self.session.font_of("copy-watermark" if light else "watermark")
        add_watermark(place.story.add_paragraph(None), text, self.session.watermarks, light=light, font=font)

    def _furniture(self, *, header: bool) -> Place:
        section = self.session.document.sections[0]
        part = section.header if header else section.footer
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


def _grid(table: Table, widths: list[float], story_width: int) -> list[Length]:
    """The width of each column: the template's <col style="width: N%">, as shares of the story's width, else even."""
    columns = table._tbl.tblGrid.gridCol_lst
    if widths and len(widths) == len(columns) and all(widths):
        table.autofit = False
        total = sum(widths)
        for column, share in zip(columns, widths, strict=True):
            column.w = Emu(int(story_width * share / total))
    return [column.w or Emu(0) for column in columns]  # python-docx gives a new table's columns a width


def _add_cell(tr: CT_Row, widths: list[Length]) -> CT_Tc:
    """A new cell at the end of the row `tr`, spanning as many columns as `widths` has, as wide as they are together."""
    tc = tr.add_tc()
    tc.width = Emu(sum(widths))
    tc.grid_span = len(widths)
    return tc


def body_width(document: Document) -> int:
    """The width between the margins of the document's first section, in EMU."""
    section = document.sections[0]
    return int((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))
