"""Files a writer may read for a brief: a template set's own files or inline data, never the network.

The allowed folders are the template set's (the logo, the one image an input's project adds,
arrives inline as a data: URL). Every writer that follows a URL (WeasyPrint for the PDF, the
HTML writer when it inlines styles and fonts, the DOCX writer for images) comes here, and
every file comes through the gate.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from brief import gate
from brief.errors import RefusedFile, TemplateError

# The kind (and so the size limit) of a set's file, by its suffix; anything else is an image.
KINDS = {".css": gate.STYLESHEET, ".ttf": gate.FONT, ".otf": gate.FONT, ".woff": gate.FONT, ".woff2": gate.FONT}


class RefusedResource(TemplateError):
    """A URL that points outside the allowed folders, at the network, or at nothing."""


@dataclass(frozen=True)
class Resource:
    """A file's bytes and media type."""

    data: bytes
    media_type: str

    def data_url(self) -> str:
        """The resource inline, as a data: URL."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


def read_resource(url: str, allowed: Sequence[Path]) -> Resource:
    """The file a file: URL names, when it lies inside one of the `allowed` folders, or the bytes of a data: URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return _inline(url)
    if scheme != "file" or parts.netloc not in ("", "localhost"):  # file://host/ is another machine's file
        raise RefusedResource(f"{url!r} is refused: a template may only use files inside its own folder")
    path = Path(url2pathname(unquote(parts.path)))
    try:
        data = gate.read_bytes(path, KINDS.get(path.suffix.lower(), gate.IMAGE), allowed)
    except RefusedFile as error:
        raise RefusedResource(f"{url!r} is refused: {error.reason}") from error
    return Resource(data, mimetypes.guess_type(path.name)[0] or "application/octet-stream")


def _inline(url: str) -> Resource:
    """The bytes of a data: URL (RFC 2397)."""
    header, comma, payload = url[5:].partition(",")
    if not comma:
        raise RefusedResource("a data: URL without a comma is not data")
    media_type, _, encoding = header.rpartition(";") if header.endswith(";base64") else (header, "", "")
    try:
        data = base64.b64decode(unquote(payload), validate=True) if encoding else unquote_to_bytes(payload)
    except binascii.Error as error:
        raise RefusedResource(f"a data: URL is not valid base64: {error}") from error
    return Resource(data, media_type.split(";")[0] or "text/plain")
