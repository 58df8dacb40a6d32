"""A Word body read back as paragraphs of formatted text, each piece knowing the fields it lies in.

The walk is the one reading both the DOCX brief builds (for the snapshot it stores) and a
reviewed one (for `brief absorb`), so an unchanged field reads the same both times. It keeps
what Markdown can say (bold, italic, code, links, line breaks, lists, quotes), which tracked
change a piece belongs to, and where comments are anchored; field_markdown writes the pieces
as Markdown. Page numbers are approximate: a paragraph's page is 1 + the page breaks seen
before it (Word's last rendered page breaks, hard page breaks, "page break before"), which
is as much as a file knows without laying the document out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from brief.write.docx.field_marks import PREFIX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CODE_STYLE = "brief code"  # ROLE_STYLES["code"], as style names are compared: lower case
QUOTE_STYLE = "quote"
LIST_STYLE = re.compile(r"^list (bullet|number|continue)(?: (\d+))?$")
FALSE = {"0", "false", "off", "none"}
TRANSPARENT = {"smartTag", "customXml", "sdt", "sdtContent", "dir", "bdo"}  # their content is the text
# Word fields whose result Word computes (a page number), never a reviewer's words: their result is not read.
HYPERLINK = re.compile(r'^\s*HYPERLINK\s+"([^"\\]+)"', re.IGNORECASE)  # to a web address; one to a place (\l "place") is not
COMPUTED = {"PAGE", "PAGEREF", "NUMPAGES", "SECTIONPAGES", "DATE", "TIME", "SAVEDATE", "PRINTDATE"}
TRACKED = {"ins": "insert", "moveTo": "insert", "del": "delete", "moveFrom": "delete"}


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class Piece:
    """Text of one look, inside one set of fields, maybe inside a tracked change."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    change: str | None = None  # "insert" or "delete"
    fields: frozenset[str] = frozenset()
    is_break: bool = False  # a line break within the paragraph


@dataclass(frozen=True)
class Change:
    """One tracked insertion or deletion: its author, date and the pieces inside it."""

    kind: str
    author: str
    date: str
    pieces: tuple[Piece, ...]


@dataclass
class Paragraph:
    """A body paragraph as read: where it is, what kind of block it is, and its pieces."""

    number: int  # 1-based, among body paragraphs in document order, table cells included
    page: int
    block: str = "p"  # p, quote, or a list paragraph: bullet, number, continue
    depth: int = 1
    list_id: str | None = None
    pieces: list[Piece] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)  # field bookmarks opening in it


@dataclass(frozen=True)
class Anchor:
    """Where a comment's range starts, and the field it lies in, if any."""

    paragraph: int
    page: int
    field: str | None


@dataclass(frozen=True)
class Styles:
    """What the reader needs of styles.xml and numbering.xml: style names and looks, list formats."""

    names: Mapping[str, str]  # style id -> name, lower case
    looks: Mapping[str, tuple[bool, bool]]  # character style id -> (bold, italic)
    bullets: frozenset[str]  # numIds whose first level is a bullet


@dataclass
class Body:
    """The body read: paragraphs, tracked changes, comment anchors, and the bookmarks in order."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    anchors: dict[str, Anchor] = field(default_factory=dict)
    bookmarks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Look:
    """The formatting and context a run inherits from where it stands."""

    link: str | None = None
    change: str | None = None


class Walk:
    """Reads the paragraphs of a document body in order."""

    def __init__(self, styles: Styles, links: Mapping[str, str]) -> None:
        self.styles, self.links = styles, links
        self.body = Body()
        self.open: dict[str, str] = {}  # bookmark w:id -> name, of the field bookmarks open
        self.page = 1
        self.unplaced: list[str] = []  # comments whose range has not met a field yet
        self.paragraph = Paragraph(0, 1)
        self.fields: list[list[str]] = []  # the complex Word fields open: their instruction, and "result" once it shows

    def read(self, root: Any) -> Body:
        """Every paragraph of the document element `root`, outside text boxes."""
        for p in _paragraphs(root):
            self._paragraph(p)
        return self.body

    def _paragraph(self, p: Any) -> None:
        properties = p.find(w("pPr"))
        if properties is not None and _on(properties.find(w("pageBreakBefore"))):
            self.page += 1
        self.paragraph = Paragraph(len(self.body.paragraphs) + 1, self.page)
        self._block(properties)
        self.body.paragraphs.append(self.paragraph)
        self._children(p, Look())

    def _block(self, properties: Any) -> None:
        """The paragraph's kind of block, from its style and numbering."""
        if properties is None:
            return
        style = properties.find(w("pStyle"))
        name = self.styles.names.get(style.get(w("val")) if style is not None else "", "")
        number = properties.find(f"{w('numPr')}/{w('numId')}")
        listed = LIST_STYLE.match(name)
        if listed:
            self.paragraph.depth = int(listed.group(2) or 1)
        if number is not None and number.get(w("val")) not in (None, "0"):
            self.paragraph.list_id = number.get(w("val"))
            self.paragraph.block = "bullet" if self.paragraph.list_id in self.styles.bullets else "number"
        elif listed and listed.group(1) == "continue":
            self.paragraph.block = "continue"
        elif name == QUOTE_STYLE:
            self.paragraph.block = "quote"

    def _children(self, parent: Any, look: Look) -> None:
        for child in parent:
            if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{W}}}"):
                continue
            name = child.tag[len(W) + 2 :]
            if name == "r":
                self._run(child, look)
            elif name in TRACKED:
                self._tracked(child, TRACKED[name], look)
            elif name == "hyperlink":
                url = self.links.get(child.get(f"{{{R}}}id") or "")
                self._children(child, Look(url or look.link, look.change))
            elif name in TRANSPARENT or (name == "fldSimple" and not _computed(child.get(w("instr")))):
                self._children(child, look)
            elif name == "fldSimple":
                continue
            else:
                self._mark(name, child)

    def _mark(self, name: str, element: Any) -> None:
        """A bookmark's or a comment's start or end."""
        if name == "bookmarkStart" and (element.get(w("name")) or "").startswith(PREFIX):
            self._open(element.get(w("id")) or "", element.get(w("name")))
        elif name == "bookmarkEnd":
            self.open.pop(element.get(w("id")) or "", None)
        elif name in ("commentRangeStart", "commentReference") and element.get(w("id")) not in self.body.anchors:
            self._anchor(element.get(w("id")) or "")
        elif name == "commentRangeEnd" and element.get(w("id")) in self.unplaced:
            self.unplaced.remove(element.get(w("id")) or "")

    def _open(self, bookmark_id: str, name: str) -> None:
        """A field's bookmark opens, or goes on where a start of its name is open already."""
        # LibreOffice saves a bookmark across paragraphs as a second start of the same name in the
        # last paragraph, the first never ended: the second continues the first.
        again = [key for key, value in self.open.items() if value == name]
        for key in again:
            del self.open[key]
        self.open[bookmark_id] = name
        if not again:
            self.paragraph.starts.append(name)
            self.body.bookmarks.append(name)

    def _anchor(self, comment: str) -> None:
        """A comment starts here: in the innermost field open, or else the first field its range meets."""
        inner = list(self.open.values())[-1] if self.open else None
        self.body.anchors[comment] = Anchor(self.paragraph.number, self.page, inner)
        if inner is None:
            self.unplaced.append(comment)

    def _tracked(self, element: Any, kind: str, look: Look) -> None:
        before = len(self.paragraph.pieces)
        self._children(element, Look(look.link, kind))
        pieces = tuple(self.paragraph.pieces[before:])
        self.body.changes.append(Change(kind, element.get(w("author")) or "", element.get(w("date")) or "", pieces))

    def _run(self, run: Any, look: Look) -> None:
        bold, italic, code = self._look(run.find(w("rPr")))
        look = Look(self._field_link() or look.link, look.change)
        for child in run:
            name = child.tag[len(W) + 2 :] if isinstance(child.tag, str) and child.tag.startswith(f"{{{W}}}") else ""
            if name in ("fldChar", "instrText"):
                self._field_code(name, child)
            elif self.fields and any(field[1] == "result" and _computed(field[0]) for field in self.fields):
                continue
            elif name in ("t", "delText"):
                self._add(Piece(child.text or "", bold, italic, code, look.link, look.change))
            elif name == "tab":
                self._add(Piece("\t", bold, italic, code, look.link, look.change))
            elif name == "noBreakHyphen":
                self._add(Piece("\u2011", bold, italic, code, look.link, look.change))
            elif name in ("br", "cr") and child.get(w("type")) in (None, "textWrapping"):
                self._add(Piece("\n", change=look.change, is_break=True))
            elif (name == "br" and child.get(w("type")) == "page") or name == "lastRenderedPageBreak":
                self.page += 1
            elif name in ("commentReference",):
                self._mark(name, child)

    def _field_link(self) -> str | None:
        """The address of the HYPERLINK field whose result this is, if any (Word writes some links so)."""
        for instruction, state in reversed(self.fields):
            found = HYPERLINK.match(instruction)
            if state == "result" and found:
                return found.group(1)
        return None

    def _field_code(self, name: str, element: Any) -> None:
        """A complex field's begin, instruction, separator or end (LibreOffice writes PAGE and PAGEREF so)."""
        kind = element.get(w("fldCharType"))
        if name == "instrText" and self.fields:
            self.fields[-1][0] += element.text or ""
        elif kind == "begin":
            self.fields.append(["", "code"])
        elif kind == "separate" and self.fields:
            self.fields[-1][1] = "result"
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _look(self, properties: Any) -> tuple[bool, bool, bool]:
        """Bold, italic and code, from direct formatting over the character style."""
        if properties is None:
            return False, False, False
        style = properties.find(w("rStyle"))
        style_id = style.get(w("val")) if style is not None else ""
        bold, italic = self.styles.looks.get(style_id or "", (False, False))
        direct_bold, direct_italic = properties.find(w("b")), properties.find(w("i"))
        bold = _on(direct_bold) if direct_bold is not None else bold
        italic = _on(direct_italic) if direct_italic is not None else italic
        return bold, italic, self.styles.names.get(style_id or "") == CODE_STYLE

    def _add(self, piece: Piece) -> None:
        fields = frozenset(self.open.values())
        if fields and self.unplaced and piece.text.strip():
            inner = list(self.open.values())[-1]
            for comment in self.unplaced:
                self.body.anchors[comment] = Anchor(self.body.anchors[comment].paragraph, self.body.anchors[comment].page, inner)
            self.unplaced = []
        self.paragraph.pieces.append(replace(piece, fields=fields))


def _paragraphs(root: Any) -> Iterator[Any]:
    """The body's paragraphs in document order, table cells included, text boxes and drawings left out."""
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag == w("p"):
            yield child
        elif child.tag in (w("txbxContent"), w("drawing"), w("pict"), w("sectPr"), w("object")):
            continue
        else:
            yield from _paragraphs(child)


def _computed(instruction: str | None) -> bool:
    """Whether a field's instruction computes its result (a page number)."""
    words = (instruction or "").split()
    return bool(words) and words[0].upper() in COMPUTED


def _on(element: Any) -> bool:
    """Whether a toggle property (w:b, w:i, w:pageBreakBefore) is switched on."""
    return element is not None and (element.get(w("val")) or "true").lower() not in FALSE
