"""Read built PDFs and DOCX files back, independently of the code that wrote them.

The DOCX is read from its XML (not through python-docx), and list labels are worked out from
numbering.xml the way a word processor would, so tests see what a reader sees.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pypdf
from PIL import Image
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, PdfObject, StreamObject

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MARKER = re.compile(r"^(\d+\.|•)$")
PAGE_NUMBER = re.compile(r"^\w+ \d+ \w+ \d+$")  # "Page 1 of 4", "Страница 1 из 4"


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, in the order it is drawn."""
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def pdf_dictionary(value: PdfObject | None) -> DictionaryObject:
    """A PDF dictionary, following an indirect reference to it; anything else fails the test."""
    resolved = value.get_object() if value is not None else None
    assert isinstance(resolved, DictionaryObject), f"expected a PDF dictionary, found {resolved!r}"
    return resolved


def pdf_array(value: PdfObject | None) -> ArrayObject:
    """A PDF array, following an indirect reference to it; anything else fails the test."""
    resolved = value.get_object() if value is not None else None
    assert isinstance(resolved, ArrayObject), f"expected a PDF array, found {resolved!r}"
    return resolved


def pdf_catalog(path: Path) -> DictionaryObject:
    """A PDF's document catalog: its structure tree, language, attachments and marking live here."""
    return pdf_dictionary(pypdf.PdfReader(path).trailer["/Root"])


def page_fonts(page: pypdf.PageObject) -> set[str]:
    """The base names of the fonts a page uses, without a subset's "ABCDEF+" prefix."""
    fonts = pdf_dictionary(pdf_dictionary(page["/Resources"]).get("/Font"))
    return {str(pdf_dictionary(font)["/BaseFont"]).split("+")[-1] for font in fonts.values()}


@dataclass(frozen=True)
class PlacedImage:
    """An image a PDF page draws: its pixels, the box it fills (points, from the bottom left), and whether it is an artifact."""

    image: Image.Image
    box: tuple[float, float, float, float]  # left, bottom, right, top
    artifact: bool

    def overlaps(self, other: PlacedImage) -> bool:
        """Whether the two boxes share any area."""
        (a, b, c, d), (e, f, g, h) = self.box, other.box
        return a < g and e < c and b < h and f < d


def pdf_images(page: pypdf.PageObject) -> list[PlacedImage]:
    """Every image the page draws, however deep in form XObjects, where it lands and inside which marked content."""
    found: list[PlacedImage] = []
    _draw_images(page.get_contents(), pdf_dictionary(page["/Resources"]), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], found)
    return found


Matrix = tuple[float, float, float, float, float, float]


def _draw_images(
    content: ContentStream | None, resources: DictionaryObject, ctm: Matrix, tags: list[str], found: list[PlacedImage]
) -> None:
    """Follow q/Q/cm, BMC/BDC/EMC and Do through a content stream, noting every image drawn."""
    saved: list[Matrix] = []
    for operands, operator in content.operations if content is not None else []:
        if operator == b"q":
            saved.append(ctm)
        elif operator == b"Q":
            ctm = saved.pop()
        elif operator == b"cm":
            ctm = _times(tuple(float(value) for value in operands), ctm)  # type: ignore[arg-type]
        elif operator in (b"BMC", b"BDC"):
            tags.append(str(operands[0]))
        elif operator == b"EMC":
            tags.pop()
        elif operator == b"Do":
            xobject = pdf_dictionary(resources["/XObject"])[operands[0]].get_object()
            assert isinstance(xobject, StreamObject)
            if str(xobject["/Subtype"]) == "/Image":
                found.append(PlacedImage(xobject.decode_as_image(), _unit_square(ctm), "/Artifact" in tags))
            else:
                matrix = tuple(float(value) for value in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                inner = pdf_dictionary(xobject["/Resources"]) if "/Resources" in xobject else resources
                _draw_images(ContentStream(xobject, None), inner, _times(matrix, ctm), tags, found)  # type: ignore[arg-type]


def _times(m: Matrix, n: Matrix) -> Matrix:
    """The matrix m then n, as PDF composes them."""
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def _unit_square(ctm: Matrix) -> tuple[float, float, float, float]:
    """Where the unit square an image fills lands on the page."""
    xs = [ctm[0] * x + ctm[2] * y + ctm[4] for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
    ys = [ctm[1] * x + ctm[3] * y + ctm[5] for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass
class PdfPage:
    """A PDF page's text, in the order WeasyPrint draws it: body, list markers, footnotes, margins."""

    body: list[str]
    markers: list[str]
    notes: list[str]
    furniture: list[str]


def split_pdf_page(text: str, classification: str | None, notes: list[str] | None = None, first_note: int = 1) -> PdfPage:
    """Split a page's lines; `notes` are the footnote texts expected, numbered from 1, the page's first being `first_note`."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    furniture: list[str] = []
    while lines and (lines[-1] == classification or PAGE_NUMBER.match(lines[-1])):
        furniture.insert(0, lines.pop())
    page_notes, lines = _take_notes(lines, notes or [], first_note)
    markers = [line for line in lines if MARKER.match(line)]
    return PdfPage([line for line in lines if not MARKER.match(line)], markers, page_notes, furniture)


def _take_notes(lines: list[str], notes: list[str], first: int) -> tuple[list[str], list[str]]:
    """The longest run of expected footnotes ("n. text") that ends the page, and the lines before it."""
    for last in range(len(notes), first - 1, -1):
        expected = [f"{number}. {notes[number - 1]}" for number in range(first, last + 1)]
        wanted = squeeze("".join(expected))
        taken = ""
        for cut in range(len(lines), -1, -1):
            if len(taken) >= len(wanted):
                if taken == wanted:
                    return expected, lines[:cut]
                break
            if cut:
                taken = squeeze(lines[cut - 1]) + taken
    return [], lines


@dataclass
class DocxText:
    """What a reader sees in a DOCX: body paragraphs, list labels, notes, header and footer."""

    body: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # the header of every page but, with a first-page header, page one
    footer: list[str] = field(default_factory=list)
    first_header: list[str] = field(default_factory=list)  # page one's own header and footer (w:titlePg), if any
    first_footer: list[str] = field(default_factory=list)
    heading_rows: list[str] = field(default_factory=list)
    watermarks: list[bytes] = field(default_factory=list)  # the pictures floating in page headers and footers
    body_watermarks: list[bytes] = field(default_factory=list)  # the pictures floating from the body: page one's watermarks


def read_docx(path: Path) -> DocxText:
    """The text of a DOCX, read from its XML."""
    with zipfile.ZipFile(path) as package:
        xml = {name: ElementTree.fromstring(package.read(name)) for name in package.namelist() if name.endswith(".xml")}
    styles = _styles(xml["word/styles.xml"])
    numbering = _Numbering(xml.get("word/numbering.xml"), styles)
    result = DocxText()
    for paragraph in _paragraphs(_child(xml["word/document.xml"], f"{W}body")):
        style_id = _style_id(paragraph)
        result.styles.append(styles[style_id][0] if style_id in styles else "Normal")
        result.body.append(paragraph_text(paragraph))
        label = numbering.label(paragraph, style_id)
        if label:
            result.labels.append(label)
    for row in xml["word/document.xml"].iter(f"{W}tr"):
        if row.find(f"{W}trPr/{W}tblHeader") is not None:
            result.heading_rows.append(" ".join(paragraph_text(p) for p in row.iter(f"{W}p")))
    notes = xml.get("word/footnotes.xml")
    if notes is not None:
        for note in notes.findall(f"{W}footnote"):
            if note.get(f"{W}type") is None:
                result.footnotes.append(" ".join(paragraph_text(p) for p in note.iter(f"{W}p")).strip())
    furniture = _furniture_parts(path, xml["word/document.xml"])
    for name, root in sorted(xml.items()):
        if name in furniture:
            target: list[str] = getattr(result, furniture[name])
            target.extend(text for p in root.iter(f"{W}p") if (text := paragraph_text(p)))
            result.watermarks += _floating_pictures(package_path=path, part=name, root=root)
    result.body_watermarks = _floating_pictures(package_path=path, part="word/document.xml", root=xml["word/document.xml"])
    return result


def _furniture_parts(path: Path, document: ElementTree.Element) -> dict[str, str]:
    """The header and footer parts the document's sections refer to, by name: "header", "footer", "first_header" or "first_footer"."""
    with zipfile.ZipFile(path) as package:
        rels = ElementTree.fromstring(package.read("word/_rels/document.xml.rels"))
    targets = {rel.get("Id"): "word/" + (rel.get("Target") or "").removeprefix("/word/") for rel in rels}
    parts = {}
    for reference in document.iter():
        kind = reference.tag.removeprefix(W).removesuffix("Reference")
        if kind in ("header", "footer"):
            parts[targets[reference.get(f"{R}id")]] = ("first_" if reference.get(f"{W}type") == "first" else "") + kind
    return parts


def _floating_pictures(package_path: Path, part: str, root: ElementTree.Element) -> list[bytes]:
    """The image bytes of every floating (anchored) picture in one part of a DOCX, in order."""
    embeds = [blip.get(f"{R}embed") or "" for anchor in root.iter(f"{WP}anchor") for blip in anchor.iter(f"{A}blip")]
    if not embeds:
        return []
    folder, _, name = part.rpartition("/")
    with zipfile.ZipFile(package_path) as package:
        rels = ElementTree.fromstring(package.read(f"{folder}/_rels/{name}.rels"))
        targets = {rel.get("Id"): rel.get("Target") or "" for rel in rels}
        return [package.read(f"{folder}/{targets[embed]}") for embed in embeds]


def paragraph_text(paragraph: ElementTree.Element) -> str:
    """A paragraph's text; a footnote reference shows as its number, a field as {NAME}."""
    parts = []
    for element in paragraph.iter():
        if element.tag == f"{W}t":
            parts.append(element.text or "")
        elif element.tag == f"{W}br":
            parts.append("\n")
        elif element.tag == f"{W}footnoteReference":
            parts.append(element.get(f"{W}id") or "")
        elif element.tag == f"{W}fldSimple":
            parts.append("{" + (element.get(f"{W}instr") or "").strip() + "}")
    text = "".join(parts)
    return re.sub(r"\{([A-Z]+[^}]*)\}1", r"{\1}", text)  # drop a field's placeholder result


def _paragraphs(container: ElementTree.Element) -> list[ElementTree.Element]:
    """Paragraphs in reading order, table cells row by row."""
    found = []
    for child in container:
        if child.tag == f"{W}p":
            found.append(child)
        elif child.tag == f"{W}tbl":
            for row in child.findall(f"{W}tr"):
                for cell in row.findall(f"{W}tc"):
                    found.extend(_paragraphs(cell))
    return found


def _child(element: ElementTree.Element | None, path: str) -> ElementTree.Element:
    """The element at `path` below `element`, which a well-formed document has."""
    found = element.find(path) if element is not None else None
    assert found is not None, f"the document has no {path}"
    return found


def _value(element: ElementTree.Element | None, name: str = f"{W}val") -> str:
    """An attribute a well-formed document gives."""
    value = element.get(name) if element is not None else None
    assert value is not None, f"the document has no {name}"
    return value


def _style_id(paragraph: ElementTree.Element) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return _value(style) if style is not None else "Normal"


def _styles(root: ElementTree.Element) -> dict[str, tuple[str, str | None, str | None]]:
    """Style id -> (name, based-on id, numbering id)."""
    styles = {}
    for style in root.findall(f"{W}style"):
        name = style.find(f"{W}name")
        based = style.find(f"{W}basedOn")
        num = style.find(f"{W}pPr/{W}numPr/{W}numId")
        styles[_value(style, f"{W}styleId")] = (
            _ui_name(_value(name) if name is not None else ""),
            based.get(f"{W}val") if based is not None else None,
            num.get(f"{W}val") if num is not None else None,
        )
    return styles


def _ui_name(name: str) -> str:
    """Word stores built-in style names in lower case ("heading 1") and shows them capitalised."""
    return name.title() if name.islower() else name


class _Numbering:
    """List labels as a word processor computes them: counters per numbering instance."""

    def __init__(self, root: ElementTree.Element | None, styles: dict[str, tuple[str, str | None, str | None]]) -> None:
        self.styles = styles
        self.counters: dict[str, int] = {}
        self.nums: dict[str, tuple[str, int | None]] = {}
        self.abstracts: dict[str, ElementTree.Element] = {}
        if root is None:
            return
        for abstract in root.findall(f"{W}abstractNum"):
            self.abstracts[_value(abstract, f"{W}abstractNumId")] = abstract
        for num in root.findall(f"{W}num"):
            start = num.find(f"{W}lvlOverride/{W}startOverride")
            self.nums[_value(num, f"{W}numId")] = (
                _value(_child(num, f"{W}abstractNumId")),
                int(_value(start)) if start is not None else None,
            )

    def label(self, paragraph: ElementTree.Element, style_id: str) -> str | None:
        num_id = paragraph.find(f"{W}pPr/{W}numPr/{W}numId")
        value = num_id.get(f"{W}val") if num_id is not None else self._style_num(style_id)
        if value is None or value == "0" or value not in self.nums:
            return None
        abstract_id, start = self.nums[value]
        level = _child(self.abstracts[abstract_id], f"{W}lvl")
        fmt = _value(_child(level, f"{W}numFmt"))
        text = _value(_child(level, f"{W}lvlText"))
        first = start if start is not None else int(_value(_child(level, f"{W}start")))
        self.counters[value] = self.counters.get(value, first - 1) + 1
        return text if fmt == "bullet" else text.replace("%1", str(self.counters[value]))

    def _style_num(self, style_id: str | None) -> str | None:
        while style_id in self.styles:
            _, based, num = self.styles[style_id]
            if num is not None:
                return num
            style_id = based
        return None


def docx_part(path: Path, name: str) -> ElementTree.Element:
    """One XML part of a DOCX package, parsed."""
    with zipfile.ZipFile(path) as package:
        return ElementTree.fromstring(package.read(name))


@dataclass(frozen=True)
class DocxRun:
    """A run of text as Word shows it: the name of its character style, and its colour and shading (its own, else its style's)."""

    text: str
    style: str | None
    colour: str | None
    fill: str | None


def docx_runs(path: Path, part: str = "document") -> list[DocxRun]:
    """The runs of one kind of part ("document", "header", "footer"), every such part in name order."""
    with zipfile.ZipFile(path) as package:
        names = sorted(name for name in package.namelist() if re.fullmatch(rf"word/{part}\d*\.xml", name))
        roots = [ElementTree.fromstring(package.read(name)) for name in names]
        styles = {
            _value(style, f"{W}styleId"): style for style in ElementTree.fromstring(package.read("word/styles.xml")).findall(f"{W}style")
        }
    runs = []
    for root in roots:
        for run in root.iter(f"{W}r"):
            style_id = run.find(f"{W}rPr/{W}rStyle")
            style = styles.get(_value(style_id)) if style_id is not None else None
            name = style.find(f"{W}name") if style is not None else None
            text = "".join(element.text or "" for element in run.iter(f"{W}t"))
            runs.append(
                DocxRun(
                    text,
                    _ui_name(_value(name)) if name is not None else None,
                    _formatting((run, style), "color", "val"),
                    _formatting((run, style), "shd", "fill"),
                )
            )
    return runs


def _formatting(owners: tuple[ElementTree.Element | None, ...], tag: str, attribute: str) -> str | None:
    """A run property from the first of `owners` (the run, then its style) that sets it."""
    for owner in owners:
        found = owner.find(f"{W}rPr/{W}{tag}") if owner is not None else None
        if found is not None:
            return found.get(f"{W}{attribute}")
    return None


def docx_bookmarks(path: Path) -> dict[str, str]:
    """Each bookmark in a DOCX's body, by name, with the text of the paragraph it marks."""
    body = docx_part(path, "word/document.xml")
    return {
        _value(mark, f"{W}name"): paragraph_text(paragraph)
        for paragraph in body.iter(f"{W}p")
        for mark in paragraph.iter(f"{W}bookmarkStart")
    }


@dataclass(frozen=True)
class DocxLink:
    """A link within a DOCX: its text, the bookmark it jumps to, and the bookmark whose page a PAGEREF field beside it shows."""

    text: str
    anchor: str
    page_of: str | None


def docx_internal_links(path: Path) -> list[DocxLink]:
    """The links in a DOCX's body that jump to a place in the document itself, in reading order."""
    links = []
    for paragraph in docx_part(path, "word/document.xml").iter(f"{W}p"):
        instructions = [field.get(f"{W}instr") or "" for field in paragraph.iter(f"{W}fldSimple")]
        instructions += [code.text or "" for code in paragraph.iter(f"{W}instrText")]
        pages = [words[1] for words in map(str.split, instructions) if len(words) > 1 and words[0] == "PAGEREF"]
        for link in paragraph.iter(f"{W}hyperlink"):
            anchor = link.get(f"{W}anchor")
            if anchor is not None:
                text = "".join(element.text or "" for element in link.iter(f"{W}t"))
                links.append(DocxLink(text, anchor, pages[0] if pages else None))
    return links


def squeeze(text: str) -> str:
    """Text with all whitespace removed: line breaks fall differently in each format."""
    return re.sub(r"\s+", "", text)


def visible(folder: Path) -> list[Path]:
    """The outputs a user sees in a folder: not its store of versions (.brief), nor the issue register, a log with times (test_register.py)."""
    return sorted(path for path in folder.iterdir() if not path.name.startswith(".") and path.name != "register.jsonl")
