"""A zip package read with limits: how a reference.docx from someone else is opened without being trusted.

Limits are checked before inflating (the zip directory's size from its end record, each
part's declared size) and again while inflating (a stream read that stops at the limit), so
a zip bomb, a lying header or a directory of a million entries is refused in milliseconds.
XML parts are parsed without a DTD, entities or network.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from brief.errors import BriefError, TemplateError

PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MiB = 1024 * 1024
MAX_MEMBERS = 1000  # Word writes a few dozen; a style sheet needs seven
CUSTOM_PART = re.compile(r"customxml/item\d+\.xml")  # lower case: part names are case-insensitive
MAX_CUSTOM_PARTS = 64  # custom XML parts of any kind; Word adds a few of its own
MAX_DIRECTORY = 512 * 1024  # bytes of zip directory: room for MAX_MEMBERS long names, not for a million entries
PART_LIMIT = 8 * MiB  # inflated, per part read; Word's largest style sheets are well under 1 MiB
TOTAL_LIMIT = 24 * MiB  # inflated, every part read together

# No DTD is loaded, no entity is expanded, nothing is fetched, and libxml2's size limits stay on.
PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True, remove_pis=True, remove_blank_text=True
)


class Archive:
    """A reference document's zip, read with limits: a part is inflated only when asked for, and only so far.

    A subclass reading another kind of package (an issued DOCX) sets its own kind, limits and error.
    """

    kind = "a reference document"
    max_members = MAX_MEMBERS
    part_limit = PART_LIMIT
    total_limit = TOTAL_LIMIT

    def __init__(self, data: bytes, origin: str) -> None:
        self.origin = origin
        self._check_directory(data)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, struct.error) as error:
            raise self.refuse(f"is not a Word document (not a zip archive: {error}); save it from Word as .docx") from error
        members = [info.filename for info in self.zip.infolist()]
        if len(members) > self.max_members:
            raise self.refuse(f"has {len(members):,} parts; {self.kind} may have at most {self.max_members:,}")
        self.names = {name.lower(): name for name in members}  # part names are case-insensitive in a package
        if len(self.names) != len(members):  # which of two same-named parts counts is up to each reader
            raise self.refuse("has two parts with the same name; save it from Word again")
        self.budget = self.total_limit

    def refuse(self, reason: str) -> BriefError:
        """The error for this file."""
        return TemplateError(f"{self.origin}: {reason}")

    def _check_directory(self, data: bytes) -> None:
        """Refuse a zip directory too big for a style sheet before zipfile reads every entry of it."""
        end = _end_record(data)
        if end is None:
            return  # zipfile says it is not a zip
        if data[max(end - 20, 0) : end - 16] == b"PK\x06\x07":
            raise self.refuse(f"is a ZIP64 archive, which {self.kind} never needs to be")
        entries, size = _directory(data, end)
        if entries > self.max_members or size > MAX_DIRECTORY:
            limits = f"at most {self.max_members:,} parts in {MAX_DIRECTORY:,} bytes"
            raise self.refuse(f"its zip directory lists {entries:,} parts in {size:,} bytes; {self.kind} may have {limits}")

    def read(self, name: str) -> bytes:
        """The inflated bytes of member `name`, refused when it is, or turns out to be, over its limit."""
        info = self.zip.getinfo(self.names[name.lower()])
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):  # zipfile inflates the others without a bound
            raise self.refuse(f"{name} is compressed with method {info.compress_type}; Word stores or deflates parts")
        limit = min(self.part_limit, self.budget)
        if info.file_size > limit:
            raise self.refuse(f"{name} inflates to {info.file_size:,} bytes; {self.allowance(limit)}")
        try:
            with self.zip.open(info) as stream:
                data: bytes = stream.read(limit + 1)  # inflates in small steps, and stops here
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError, ValueError) as error:
            raise self.refuse(f"{name} cannot be read: {error}") from error
        if len(data) > limit:
            raise self.refuse(f"{name} inflates beyond {limit:,} bytes; {self.allowance(limit)}")
        self.budget -= len(data)
        return data

    def xml(self, name: str) -> Any:
        """Member `name` parsed as XML, without a DTD, entities or network; refused when it is not plain XML."""
        data = self.read(name)
        dtd = f"{name} declares a DTD (<!DOCTYPE>), which Word never writes; entities are refused"
        try:
            root = etree.fromstring(data, PARSER)
        except etree.XMLSyntaxError as error:  # libxml2 stops at some entity tricks before the DTD check below
            raise self.refuse(dtd if _mentions_dtd(data) else f"{name} is not well-formed XML: {error}") from error
        if root.getroottree().docinfo.doctype:
            raise self.refuse(dtd)
        return root

    def allowance(self, limit: int) -> str:
        """What the package's parts may inflate to, for a refusal at `limit`."""
        if limit == self.part_limit:
            return f"a part of {self.kind} may inflate to at most {self.part_limit:,} bytes"
        return f"the parts read of {self.kind} may inflate to at most {self.total_limit:,} bytes in all"

    def has(self, name: str) -> bool:
        """Whether the zip holds member `name`."""
        return name.lower() in self.names

    def custom_parts(self) -> list[str]:
        """The names of the package's Custom XML data parts (brief keeps its carried files and snapshot there), sorted; refused past MAX_CUSTOM_PARTS."""
        names = sorted(name for name in self.names.values() if CUSTOM_PART.fullmatch(name.lower()))
        if len(names) > MAX_CUSTOM_PARTS:
            raise self.refuse(f"has {len(names):,} custom XML parts; brief reads a DOCX with at most {MAX_CUSTOM_PARTS}")
        return names

    def relations(self, source: str) -> dict[str, str]:
        """The parts `source` relates to inside the package, the first of each type; external targets are left out."""
        rels = rels_of(source)
        if not self.has(rels):
            return {}
        found: dict[str, str] = {}
        for rel in self.xml(rels).iter(f"{{{PACKAGE_RELS}}}Relationship"):
            target = _resolve(source, rel.get("Target") or "")
            if rel.get("TargetMode") != "External" and self.has(target):
                found.setdefault(rel.get("Type") or "", self.names[target.lower()])
        return found


def _end_record(data: bytes) -> int | None:
    """Where the zip's end record is, found the way zipfile finds it."""
    if data[-22:-18] == b"PK\x05\x06" and data[-2:] == b"\0\0":
        return len(data) - 22
    start = data.rfind(b"PK\x05\x06", max(len(data) - 65536 - 22, 0))
    return start if 0 <= start <= len(data) - 22 else None


def _directory(data: bytes, end: int) -> tuple[int, int]:
    """The number of entries and the size in bytes of the zip directory, as its end record states them."""
    entries, size = struct.unpack_from("<HL", data, end + 10)
    return int(entries), int(size)


def _mentions_dtd(data: bytes) -> bool:
    """Whether `data` holds a DOCTYPE, in UTF-8 or UTF-16: only to say why XML that does not parse is refused."""
    return any("<!DOCTYPE".encode(encoding) in data for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def rels_of(source: str) -> str:
    """The member holding the relationships of `source` ("" for the package's own)."""
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolve(source: str, target: str) -> str:
    """The member a relationship of `source` points at."""
    path = target if target.startswith("/") else posixpath.join("/", posixpath.dirname(source), target)
    return posixpath.normpath(path).lstrip("/")
