"""Document properties and a byte-for-byte reproducible DOCX file.

python-docx stamps the current time on the core properties and on every zip entry; the
same brief must give the same bytes, so the properties are pinned to the brief's own date
and the zip entries to a fixed instant.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, time

from docx.document import Document
from docx.opc.packuri import PackURI
from docx.opc.phys_pkg import _ZipPkgWriter
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from brief.render.document import Metadata

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def set_properties(document: Document, metadata: Metadata) -> None:
    """Title, authors and language in the core properties, as the rendered head declares them; timestamps from its date."""
    properties = document.core_properties
    stamp = datetime.combine(metadata.created, time(0, 0), tzinfo=UTC)
    properties.title = _property(metadata.title)
    properties.subject = _property(metadata.subject)
    properties.author = _property(metadata.authors)
    properties.language = metadata.language
    properties.created = stamp
    properties.modified = stamp
    properties.last_modified_by = metadata.generator
    properties.revision = 1
    properties.comments = f"Made by {metadata.generator}"
    _set_default_language(document, metadata.language)


PROPERTY_LIMIT = 255  # python-docx, after the OPC core properties schema


def _property(text: str) -> str:
    """A core property within its limit; the full text prints in the document itself."""
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"


# Children of w:settings that follow w:updateFields, in schema order.
AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def update_fields_on_open(document: Document) -> None:
    """Ask Word to refresh fields on opening: page references are only known once it paginates."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    successors = {qn(tag) for tag in AFTER_UPDATE_FIELDS if not tag.startswith("sl:")}
    following = next((child for child in settings if child.tag in successors), None)
    element = OxmlElement("w:updateFields", {qn("w:val"): "true"})
    if following is None:
        settings.append(element)
    else:
        following.addprevious(element)


def _set_default_language(document: Document, language: str) -> None:
    """The proofing language of every style that does not set its own: Word's document language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:  # it comes first in w:docDefaults
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = _child(run_defaults, "w:rPr")
    lang = _child(properties, "w:lang")
    lang.set(qn("w:val"), language)


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    found: BaseOxmlElement | None = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def save(document: Document) -> bytes:
    """The document's bytes, every zip entry dated the same fixed instant.

    This is python-docx's OpcPackage.save with a zip writer of our own: its writer stamps
    each entry with the current time, and rewriting the zip afterwards compressed it twice.
    """
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    stream = io.BytesIO()
    writer = _PinnedZip(stream)
    PackageWriter._write_content_types_stream(writer, package.parts)  # type: ignore[no-untyped-call]
    PackageWriter._write_pkg_rels(writer, package.rels)  # type: ignore[no-untyped-call]
    PackageWriter._write_parts(writer, package.parts)
    writer.close()  # type: ignore[no-untyped-call]
    return stream.getvalue()


class _PinnedZip(_ZipPkgWriter):
    """python-docx's zip package writer, with fixed entry dates and modes."""

    def __new__(cls, stream: io.BytesIO) -> _PinnedZip:  # its factory would make a plain writer
        return object.__new__(cls)

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        """Add one part under its member name."""
        info = zipfile.ZipInfo(pack_uri.membername, ZIP_EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self._zipf.writestr(info, blob)
