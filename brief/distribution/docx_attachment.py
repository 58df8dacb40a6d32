"""The files a DOCX carries: its input and the files the input names, given back byte for byte.

brief.write.docx.carried_part stores each as a Custom XML Data part (customXml/itemN.xml),
base64 in an element of brief's namespace; Word and LibreOffice keep such parts when they
save, so a reviewer's DOCX still carries them. The parts are found by that namespace and put
in order by their `index`, not by their names, which a save may change.

The DOCX may come from anyone: the zip is read with limits (brief.write.docx.archive) before
anything is inflated, a part may hold no more than the base64 of an input's largest size, the
base64 must be valid, and a brief carries at most MAX_CARRIED files.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief import gate
from brief.distribution.carried import MAX_CARRIED, NoInput
from brief.render.document import CarriedFile
from brief.write.docx.archive import Archive
from brief.write.docx.carried_part import NAMESPACE


def _base64_size(size: int) -> int:
    """How many characters of base64 `size` bytes become."""
    return 4 * ((size + 2) // 3)


class IssuedPackage(Archive):
    """An issued DOCX, read with limits fit for the files it carries; every refusal a NoInput."""

    kind = "an issued DOCX"
    part_limit = _base64_size(gate.INPUT.limit) + 64 * 1024  # the base64 of the largest input, and its element
    total_limit = (MAX_CARRIED + 1) * part_limit

    def refuse(self, reason: str) -> NoInput:
        """The error for this file."""
        return NoInput(f"{self.origin}: {reason}")


@dataclass(frozen=True)
class Item:
    """One carried file as its part holds it, not yet decoded."""

    part: str
    index: str
    role: str
    path: str
    text: str


def docx_carried(path: Path, data: bytes) -> tuple[CarriedFile, ...]:
    """The input and the files it names that the DOCX `data` (read from `path`) carries, the input first."""
    package = IssuedPackage(data, str(path))
    items = [item for name in package.custom_parts() if (item := _item(name, package.xml(name))) is not None]
    return tuple(CarriedFile(item.path, _decode(path, item)) for item in _ordered(path, items))


def _item(part: str, root: Any) -> Item | None:
    """The carried file a custom XML part holds, or None when the part is not brief's."""
    if root.tag != f"{{{NAMESPACE}}}file":
        return None
    return Item(part, root.get("index") or "", root.get("role") or "", root.get("path") or "", root.text or "")


def _ordered(path: Path, items: list[Item]) -> list[Item]:
    """The items in order, the input first; NoInput when there is none, too many, or they do not number one input and its files."""
    if not items:
        raise NoInput(f"{path}: carries no brief input (no custom XML part of {NAMESPACE}); was it built by brief?")
    if len(items) > MAX_CARRIED:
        raise NoInput(f"{path}: carries {len(items):,} files; a brief carries at most {MAX_CARRIED}")
    indexes = sorted(item.index for item in items)
    inputs = [item for item in items if item.role == "input"]
    if indexes != sorted(str(number) for number in range(len(items))) or len(inputs) != 1 or inputs[0].index != "0":
        raise NoInput(
            f"{path}: its carried files are not numbered as brief numbers them (one input first, then its files); was it altered?"
        )
    return sorted(items, key=lambda item: int(item.index))


def _decode(path: Path, item: Item) -> bytes:
    """The bytes of one carried file; NoInput when its base64 is bad or it is larger than an input may be."""
    where, limit = f"{path}: its carried file {item.path!r} ({item.part})", gate.INPUT.limit
    text = "".join(item.text.split())  # a program that saves the part may wrap the text
    if len(text) > _base64_size(limit):
        raise NoInput(f"{where} is more than {limit:,} bytes; an input may be at most {limit:,} bytes")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise NoInput(f"{where} is damaged: its base64 cannot be decoded ({error})") from error
    if len(data) > limit:
        raise NoInput(f"{where} is {len(data):,} bytes; an input may be at most {limit:,} bytes")
    return data
