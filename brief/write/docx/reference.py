"""reference.docx as a styles source, and nothing more.

A template set comes from a colleague, and so does its reference.docx. Opened as it is,
every part of it would ride along into each brief: properties, comments, macros, images,
embedded files, headers, hidden variables, links that make Word fetch a template from a
server. So the file is read here as a zip with limits (on members, on each part and in all,
checked before inflating and again while inflating), only the parts Word's style sheet is
made of are taken, each parsed without a DTD, entities or network and scrubbed of
relationships and revision history, and a fresh package is built from them. Nothing else of
the file is ever inflated.

Kept: styles, numbering (without picture bullets), theme, font table (without embedded
fonts: the writer embeds the set's declared fonts itself), settings (without the entries
listed in SETTINGS_DROPPED), the footnote separators (footnotes.py keeps a reference's
own), and the page setup of the last section (without header or footer references).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree  # type: ignore[import-untyped]

from brief import gate
from brief.errors import TemplateError
from brief.render.template_set import METADATA, TemplateSet
from brief.write.docx.archive import PARSER, Archive, rels_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
BIBLIOGRAPHY = "http://schemas.openxmlformats.org/officeDocument/2006/bibliography"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
SCHEMA_LIBRARY = "http://schemas.openxmlformats.org/schemaLibrary/2006/main"
THEME = "http://schemas.openxmlformats.org/drawingml/2006/main"

# Revision marks name their authors and dates; the style is what is outside them.
REVISIONS = {f"{{{W}}}{name}" for name in ("ins", "del", "moveFrom", "moveTo", "numberingChange")} | {
    f"{{{W}}}{name}Change" for name in ("rPr", "pPr", "sectPr", "tblPr", "tblPrEx", "trPr", "tcPr", "tblGrid")
}
SETTINGS_DROPPED = {
    f"{{{W}}}attachedTemplate",  # a template Word fetches, from anywhere
    f"{{{W}}}hdrShapeDefaults",  # VML shape defaults, whose fills may name images anywhere
    f"{{{W}}}linkStyles",  # restyles the brief from that template on opening
    f"{{{W}}}docVars",  # hidden values of the colleague's document
    f"{{{W}}}rsids",  # ids of the colleague's editing sessions
    f"{{{W}}}mailMerge",  # a data source, a query, and where to find them
    f"{{{W}}}writeProtection",  # a password hash, and would lock every brief
    f"{{{W}}}documentProtection",
    f"{{{W}}}trackRevisions",  # would record every reader's edits
    f"{{{W}}}updateFields",  # a prompt on opening; the writer asks for it when it needs it
    f"{{{W}}}evenAndOddHeaders",  # the writer fills one header, whose markings must be on every page
    f"{{{W}}}embedTrueTypeFonts",  # the writer says so itself when it embeds the set's fonts
    f"{{{W}}}embedSystemFonts",
    f"{{{W}}}saveThroughXslt",
    f"{{{W}}}useXSLTWhenSaving",
    f"{{{W}}}saveXmlDataOnly",
    f"{{{W}}}attachedSchema",
    f"{{{W}}}smartTagType",
    f"{{{SCHEMA_LIBRARY}}}schemaLibrary",  # schema locations, possibly remote
    f"{{{W14}}}docId",  # identify the colleague's document
    f"{{{W15}}}docId",
}
# The page setup of a section; headers, footers, a first-page header (w:titlePg, which would hide
# the markings on page one), printer settings and revision marks are not page setup.
SECTION_KEPT = {
    f"{{{W}}}{name}"
    for name in (
        "footnotePr",
        "endnotePr",
        "type",
        "pgSz",
        "pgMar",
        "paperSrc",
        "pgBorders",
        "lnNumType",
        "pgNumType",
        "cols",
        "formProt",
        "vAlign",
        "noEndnote",
        "textDirection",
        "bidi",
        "rtlGutter",
        "docGrid",
    )
}
# The namespaces Word declares on a document, so what the writer adds needs no declarations of its own.
DOCUMENT_NAMESPACES = {
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "o": "urn:schemas-microsoft-com:office:office",
    "r": R,
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "v": "urn:schemas-microsoft-com:vml",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "w10": "urn:schemas-microsoft-com:office:word",
    "w": W,
    "w14": W14,
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpi": "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
    "wne": "http://schemas.microsoft.com/office/word/2006/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
# Word's own page when a document has none (US Letter, 1-inch margins).
DEFAULT_SECTION = (
    f'<w:sectPr xmlns:w="{W}"><w:pgSz w:w="12240" w:h="15840"/>'
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>'
    '<w:cols w:space="720"/></w:sectPr>'
)
EMPTY_CORE = f'<cp:coreProperties xmlns:cp="{CORE}" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"/>'
SEPARATORS = {"separator": "-1", "continuationSeparator": "0"}  # the ids Word gives them, below the writer's first note
# Parts every Word document has, which no brief needs: not worth a warning that they are ignored.
BOILERPLATE = {"[content_types].xml", "_rels/.rels", "docprops/core.xml", "docprops/app.xml"} | {
    f"word/{name}" for name in ("websettings.xml", "styleswitheffects.xml", "endnotes.xml")
}
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Kept:
    """A part of the style sheet: how it is related, where it goes, what its root must be, how it is cleaned."""

    reltype: str
    partname: str
    content_type: str
    root: str
    clean: Callable[[Any], None]


def load_reference(template_set: TemplateSet) -> Document:
    """The set's reference.docx, read through the gate and rebuilt from its style sheet alone."""
    return open_reference(reference_bytes(template_set), str(template_set.reference_docx))


def reference_bytes(template_set: TemplateSet) -> bytes:
    """reference.docx's bytes: a regular file within its limit, inside the folder of the set that holds it."""
    path = template_set.reference_docx
    owner = next((member.folder for member in template_set.chain() if member.folder / member.metadata.docx.reference == path), None)
    folder = owner or template_set.folder
    return gate.read_bytes(path, gate.REFERENCE, [folder], str(folder / METADATA))


def open_reference(data: bytes, origin: str) -> Document:
    """A fresh Word document holding only the style sheet of `data`; raise TemplateError naming `origin`."""
    import docx

    archive = Archive(data, origin)
    sources = _sources(archive)
    parts = {kept: _cleaned(archive, kept, name) for kept in KEPT if (name := sources.get(kept.reltype))}
    document = _document(archive.xml(sources[RT.OFFICE_DOCUMENT]))
    try:
        return docx.Document(io.BytesIO(_package(document, parts)))
    except Exception as error:  # python-docx raises several kinds; the parts were checked, so this is unexpected
        raise TemplateError(f"{origin}: cannot open its style sheet as a Word document: {error}") from error


def ignored_parts(data: bytes, origin: str) -> list[str]:
    """The parts of `data` no brief carries, leaving out those every Word document has."""
    archive = Archive(data, origin)
    sources = _sources(archive)
    used = {*sources.values(), rels_of(sources[RT.OFFICE_DOCUMENT])}  # the kept parts' own relationships are not followed
    return sorted(name for name in archive.names.values() if name not in used and not _boilerplate(archive, name))


def _sources(archive: Archive) -> dict[str, str]:
    """The members the style sheet comes from, by relationship type: the main document and the kept parts."""
    main = archive.relations("").get(RT.OFFICE_DOCUMENT)
    if main is None:
        raise archive.refuse("has no main document (_rels/.rels names none); save it from Word as .docx")
    related = archive.relations(main)
    if RT.STYLES not in related:
        raise archive.refuse(f"has no Word styles ({posixpath.dirname(main) or '.'}/styles.xml); save it from Word as .docx")
    return {RT.OFFICE_DOCUMENT: main} | {kept.reltype: related[kept.reltype] for kept in KEPT if kept.reltype in related}


def _cleaned(archive: Archive, kept: Kept, name: str) -> bytes:
    """Member `name` as `kept`, checked to be what it claims and cleaned."""
    root = archive.xml(name)
    if root.tag != kept.root:
        raise archive.refuse(f"{name} is not what Word keeps there (its root is {root.tag}, not {kept.root})")
    kept.clean(root)
    _scrub(root)
    return _serialise(root)


def _scrub(root: Any) -> None:
    """Drop revision marks and every relationship reference: no part of the original package comes along."""
    for element in list(root.iter(etree.Element)):
        if element.tag in REVISIONS:
            element.getparent().remove(element)
            continue
        for attribute in [name for name in element.attrib if name.startswith(f"{{{R}}}")]:
            del element.attrib[attribute]


def _drop(root: Any, tags: set[str]) -> None:
    """Remove every element of `root` whose tag is in `tags`, wherever it is."""
    for element in [element for element in root.iter(etree.Element) if element.tag in tags]:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def _clean_numbering(root: Any) -> None:
    """Picture bullets point at images, which are not kept; those levels fall back to their text bullet."""
    _drop(root, {f"{{{W}}}numPicBullet", f"{{{W}}}lvlPicBulletId"})


def _clean_font_table(root: Any) -> None:
    """Embedded fonts are not kept: the writer embeds the set's declared fonts itself."""
    _drop(root, {f"{{{W}}}{tag}" for tag in ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")})


def _clean_settings(root: Any) -> None:
    """Settings without data, links, locks or history; note references go, as the notes parts are rebuilt."""
    _drop(root, SETTINGS_DROPPED)
    for properties in root.iter(f"{{{W}}}footnotePr", f"{{{W}}}endnotePr"):
        for note in list(properties):
            if note.tag in (f"{{{W}}}footnote", f"{{{W}}}endnote"):
                properties.remove(note)


def _clean_footnotes(root: Any) -> None:
    """Only the separators, holding nothing but their marks and paragraph formatting, with Word's ids."""
    seen: set[str] = set()
    for note in list(root):
        kind = note.get(f"{{{W}}}type")
        if note.tag != f"{{{W}}}footnote" or kind not in SEPARATORS or kind in seen:
            root.remove(note)
            continue
        seen.add(kind)
        note.attrib.clear()
        note.set(f"{{{W}}}type", kind)
        note.set(f"{{{W}}}id", SEPARATORS[kind])
        _clean_separator(note)


def _clean_separator(note: Any) -> None:
    """A separator note's paragraphs, keeping paragraph formatting and runs of marks only."""
    marks = {f"{{{W}}}{tag}" for tag in ("rPr", "separator", "continuationSeparator")}
    for paragraph in list(note):
        if paragraph.tag != f"{{{W}}}p":
            note.remove(paragraph)
            continue
        paragraph.attrib.clear()
        for child in list(paragraph):
            if child.tag == f"{{{W}}}r":
                child.attrib.clear()
                for inner in [inner for inner in child if inner.tag not in marks]:
                    child.remove(inner)
            elif child.tag != f"{{{W}}}pPr":
                paragraph.remove(child)


KEPT = (
    Kept(RT.STYLES, "word/styles.xml", CT.WML_STYLES, f"{{{W}}}styles", lambda root: None),
    Kept(RT.NUMBERING, "word/numbering.xml", CT.WML_NUMBERING, f"{{{W}}}numbering", _clean_numbering),
    Kept(RT.THEME, "word/theme/theme1.xml", CT.OFC_THEME, f"{{{THEME}}}theme", lambda root: None),
    Kept(RT.FONT_TABLE, "word/fontTable.xml", CT.WML_FONT_TABLE, f"{{{W}}}fonts", _clean_font_table),
    Kept(RT.SETTINGS, "word/settings.xml", CT.WML_SETTINGS, f"{{{W}}}settings", _clean_settings),
    Kept(RT.FOOTNOTES, "word/footnotes.xml", CT.WML_FOOTNOTES, f"{{{W}}}footnotes", _clean_footnotes),
)
NUMBERING = next(kept for kept in KEPT if kept.reltype == RT.NUMBERING)


def _document(original: Any) -> bytes:
    """A main document with an empty body and the original's last page setup, cleaned."""
    body = original.find(f"{{{W}}}body")
    last = body[-1] if body is not None and len(body) else None
    section = last if last is not None and last.tag == f"{{{W}}}sectPr" else etree.fromstring(DEFAULT_SECTION, PARSER)
    document = etree.Element(f"{{{W}}}document", nsmap=DOCUMENT_NAMESPACES)
    document.set(f"{{{DOCUMENT_NAMESPACES['mc']}}}Ignorable", "w14 wp14")
    etree.SubElement(document, f"{{{W}}}body").append(_page_setup(section))
    return _serialise(document)


def _page_setup(section: Any) -> Any:
    """A copy of `section` with its page setup only, and nothing outside Word's main namespace."""
    clean = etree.Element(f"{{{W}}}sectPr", nsmap={"w": W})
    for child in list(section):
        if child.tag in SECTION_KEPT:
            clean.append(child)
    for element in clean.iter(etree.Element):
        for name in [name for name in element.attrib if not name.startswith(f"{{{W}}}")]:
            del element.attrib[name]
    _scrub(clean)
    return clean


def _package(document: bytes, parts: dict[Kept, bytes]) -> bytes:
    """A minimal package: the document, the kept parts, empty core properties, and the relationships between them."""
    if NUMBERING not in parts:  # python-docx cannot make one, and the writer asks for it when a list style is numbered
        parts = parts | {NUMBERING: _serialise(etree.Element(NUMBERING.root, nsmap={"w": W}))}
    members = {
        "[Content_Types].xml": _content_types(parts),
        "_rels/.rels": _relationships(
            {"rId1": (RT.OFFICE_DOCUMENT, "word/document.xml"), "rId2": (RT.CORE_PROPERTIES, "docProps/core.xml")}
        ),
        "docProps/core.xml": EMPTY_CORE.encode(),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": _relationships(
            {f"rId{number}": (kept.reltype, posixpath.relpath(kept.partname, "word")) for number, kept in enumerate(parts, 1)}
        ),
    } | {kept.partname: blob for kept, blob in parts.items()}
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED) as package:
        for name, blob in members.items():
            package.writestr(zipfile.ZipInfo(name, ZIP_EPOCH), blob)
    return stream.getvalue()


def _content_types(parts: dict[Kept, bytes]) -> bytes:
    """[Content_Types].xml for the package `_package` builds."""
    types = etree.Element("{http://schemas.openxmlformats.org/package/2006/content-types}Types")
    namespace = types.tag[:-5]
    etree.SubElement(types, f"{namespace}Default", Extension="rels", ContentType=CT.OPC_RELATIONSHIPS)
    etree.SubElement(types, f"{namespace}Default", Extension="xml", ContentType=CT.XML)
    overrides = {"docProps/core.xml": CT.OPC_CORE_PROPERTIES, "word/document.xml": CT.WML_DOCUMENT_MAIN}
    for name, content_type in (overrides | {kept.partname: kept.content_type for kept in parts}).items():
        etree.SubElement(types, f"{namespace}Override", PartName=f"/{name}", ContentType=content_type)
    return _serialise(types)


def _relationships(targets: dict[str, tuple[str, str]]) -> bytes:
    """A relationships part: each id with its type and target, all inside the package."""
    rels = etree.Element(f"{{{PACKAGE_RELS}}}Relationships", nsmap={None: PACKAGE_RELS})
    for rel_id, (reltype, target) in targets.items():
        etree.SubElement(rels, f"{{{PACKAGE_RELS}}}Relationship", Id=rel_id, Type=reltype, Target=target)
    return _serialise(rels)


def _serialise(root: Any) -> bytes:
    """XML bytes as Word writes them."""
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def _boilerplate(archive: Archive, name: str) -> bool:
    """Whether `name` is a part every Word document has and no one expects in a brief."""
    lowered = name.lower()
    if lowered in BOILERPLATE:
        return True
    folder, file = posixpath.split(lowered)
    item = file.removesuffix(".rels").replace("itemprops", "item")
    return folder.startswith("customxml") and archive.has(f"customXml/{item}") and _empty_bibliography(archive, f"customXml/{item}")


def _empty_bibliography(archive: Archive, name: str) -> bool:
    """Whether `name` is Word's empty store of bibliography sources, which nearly every document carries."""
    try:
        root = archive.xml(name)
    except TemplateError:
        return False
    return bool(root.tag == f"{{{BIBLIOGRAPHY}}}Sources" and len(root) == 0)
