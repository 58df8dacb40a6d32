"""What the set's print CSS gives blocks that no Word style stands for, written as Word formatting.

Fonts, sizes, colours, spacing and heading rules live in reference.docx's styles, where an
editor changes them in Word. A box drawn round one container (the summary, the estimative
language), a particular list's indent, a particular table's width, a page break before one
section and rows kept whole are properties of one element's class, not of a Word style, so
they are read from the set's stylesheets at build time: change style.css and both formats follow.
See "What the DOCX takes from style.css" in docs/templates.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from brief.render.stylesheets import SIDES, PrintStyle

POINTS = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0, "em": 10.5, "": 1.0}
LENGTH = re.compile(r"^(-?[0-9]*\.?[0-9]+)(pt|px|mm|cm|in|em|)$")
PERCENT = re.compile(r"^([0-9]*\.?[0-9]+)%$")
COLOUR = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
PAGE_BREAKS = {"page", "left", "right", "recto", "verso"}
HANGING = Pt(18)  # the room a list marker gets in its item's first line, as Word's own list styles give it
# Word's order of a paragraph's and a table's properties: each is inserted before the first of these it finds.
AFTER_BORDER: tuple[str, ...] = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct"),
    *("w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind"),
    *("w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment"),
    *("w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)
AFTER_TABLE_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
WORD_SIDES = ("top", "left", "bottom", "right")  # the order Word keeps them in
LINE_HEIGHT, CHARACTER_WIDTH = 15.0, 5.5  # points: a generous guess of how much room text takes
MIN_LETTERS, MAX_LETTERS = 4.0, 40.0  # a column's share of a table without widths: its longest text, in these bounds


@dataclass(frozen=True)
class Side:
    """One side of a CSS box: its border line (points, "RRGGBB") and its padding (points)."""

    line: float
    colour: str
    padding: float


@dataclass(frozen=True)
class Box:
    """A container's background and border: the summary's shaded box, the estimative language's frame."""

    fill: str | None
    sides: dict[str, Side]
    whole: bool  # break-inside: avoid

    def inset(self, side: str) -> int:
        """From the box's edge to its content on `side`, in EMU: the border and the padding."""
        return int(Pt(self.sides[side].line + self.sides[side].padding))


class Layout:
    """What the set's print rules give the containers, lists, tables and rows the DOCX writer draws."""

    def __init__(self, style: PrintStyle) -> None:
        self.style = style
        self._boxes: dict[tuple[str, tuple[str, ...]], Box | None] = {}
        self.rows_whole = style.value("tr", [], "break-inside") in ("avoid", "avoid-page")

    def box(self, tag: str, classes: Iterable[str]) -> Box | None:
        """The element's box, if the CSS gives it a background or a border; read once per tag and classes."""
        key = (tag, tuple(classes))
        if key not in self._boxes:
            self._boxes[key] = self._box(*key)
        return self._boxes[key]

    def breaks_before(self, tag: str, classes: Iterable[str]) -> bool:
        """Whether the CSS starts the element on a new page (break-before or page-break-before)."""
        names = list(classes)
        return bool({self.style.value(tag, names, "break-before"), self.style.value(tag, names, "page-break-before")} & PAGE_BREAKS)

    def list_indent(self, tag: str, classes: Iterable[str]) -> int:
        """How far a list's items stand in from what holds it, in EMU: its left margin and padding."""
        names = list(classes)
        return int(Pt(sum(_points(self.style.value(tag, names, f"{kind}-left")) for kind in ("margin", "padding"))))

    def table_share(self, classes: Iterable[str]) -> float:
        """The share of the text width a table takes: its width in per cent, else its min-width, else all."""
        names = list(classes)
        for name in ("width", "min-width"):
            if match := PERCENT.match(self.style.value("table", names, name) or ""):
                return min(float(match.group(1)) / 100, 1.0)
        return 1.0

    def _box(self, tag: str, classes: tuple[str, ...]) -> Box | None:
        fill = _colour(self.style.value(tag, classes, "background-color"))
        sides = {side: self._side(tag, classes, side) for side in SIDES}
        if fill is None and not any(side.line for side in sides.values()):
            return None
        return Box(fill, sides, self.style.value(tag, classes, "break-inside") in ("avoid", "avoid-page"))

    def _side(self, tag: str, classes: tuple[str, ...], side: str) -> Side:
        words = (self.style.value(tag, classes, f"border-{side}") or "none").split()
        line = 0.0 if {"none", "hidden"} & set(words) else next((_points(word) for word in words if LENGTH.match(word)), 0.75)
        return Side(line, _colour(" ".join(words)) or "000000", _points(self.style.value(tag, classes, f"padding-{side}")))


def draw_box(paragraph: Paragraph, box: Box) -> None:
    """Shade and border one paragraph of a box; Word draws neighbours with the same borders as one box."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in WORD_SIDES:
        borders.append(_border(side, box.sides[side], box.fill))
    properties.insert_element_before(borders, *AFTER_BORDER)
    if box.fill:
        properties.insert_element_before(_shading(box.fill), *AFTER_BORDER[1:])
    paragraph.paragraph_format.right_indent = Emu(box.inset("right"))


def draw_frame(table: Table, box: Box, width: int) -> _Cell:
    """Make a one-cell `table` `width` EMU wide into the box's frame; its cell, to write the box's content in."""
    set_width(table, width)
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in WORD_SIDES:
        borders.append(_border(side, box.sides[side], None))
    properties.insert_element_before(borders, *AFTER_TABLE_BORDERS)
    margins = OxmlElement("w:tblCellMar")
    for side in WORD_SIDES:
        margins.append(_element(f"w:{side}", w=str(_twips(Pt(box.sides[side].padding))), type="dxa"))
    properties.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    tc = table._tbl.tr_lst[0].tc_lst[0]
    tc.width = Emu(width)
    if box.fill:
        tc.get_or_add_tcPr().append(_shading(box.fill))
    return _Cell(tc, table)


def set_width(table: Table, width: int) -> None:
    """Give the table a fixed preferred width of `width` EMU, rather than Word's "as wide as the page"."""
    preferred = table._tbl.tblPr.find(qn("w:tblW"))
    if preferred is None:
        preferred = OxmlElement("w:tblW")
        table._tbl.tblPr.insert_element_before(preferred, "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", *AFTER_TABLE_BORDERS)
    preferred.set(qn("w:type"), "dxa")
    preferred.set(qn("w:w"), str(_twips(width)))


def break_before(paragraph: Paragraph) -> None:
    """Start the paragraph on a new page, where the CSS breaks before the element it begins."""
    paragraph.paragraph_format.page_break_before = True


def keep_whole(tr: Any) -> None:
    """Keep a table row on one page (Word's "allow row to break across pages" off), as break-inside: avoid does."""
    tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))  # first: Word's order puts it before tblHeader


def estimated_height(element: Element, width: int) -> int:
    """A generous guess at the height, in EMU, of `element`'s content set `width` EMU wide."""
    per_line = max(1, int(width / Pt(CHARACTER_WIDTH)))
    blocks = sum(1 for child in element.iter() if child.tag in ("p", "li", "tr", "h2", "h3", "h4", "br"))
    return int(Pt((math.ceil(len("".join(element.itertext())) / per_line) + blocks + 1) * LINE_HEIGHT))


def content_shares(rows: list[list[Element]], columns: int) -> list[float]:
    """Column shares for a table without <col> widths, by the longest text of each column's own cells,
    as CSS's automatic table layout widens a column to its content (and keeps each at least a few letters wide)."""
    shares = [MIN_LETTERS] * columns
    for row in rows:
        if len(row) == columns:  # a row with a spanning cell says nothing of single columns
            for index, cell in enumerate(row):
                shares[index] = max(shares[index], min(MAX_LETTERS, len("".join(cell.itertext()).strip())))
    return shares


def _border(side: str, line: Side, fill: str | None) -> Any:
    """A side of a box: its line; or, with no line but a shade, a hairline in the shade, so the shading covers the padding."""
    space = str(min(31, round(line.padding)))
    if line.line:
        return _element(f"w:{side}", val="single", sz=str(max(2, min(96, round(line.line * 8)))), space=space, color=line.colour)
    if fill:
        return _element(f"w:{side}", val="single", sz="2", space=space, color=fill)
    return _element(f"w:{side}", val="nil")


def _shading(fill: str) -> Any:
    return _element("w:shd", val="clear", color="auto", fill=fill)


def _element(tag: str, **attributes: str) -> Any:
    return OxmlElement(tag, {qn(f"w:{name}"): value for name, value in attributes.items()})


def _points(value: str | None) -> float:
    match = LENGTH.match((value or "").strip())
    return float(match.group(1)) * POINTS[match.group(2)] if match else 0.0


def _colour(value: str | None) -> str | None:
    """A CSS hex colour as Word writes it ("EEF2F6"); None for none, transparent or anything else."""
    match = COLOUR.search(value or "")
    if match is None:
        return None
    digits = match.group(1)
    return (digits if len(digits) == 6 else "".join(digit * 2 for digit in digits)).upper()


def _twips(length: int) -> int:
    return round(length / 635)
