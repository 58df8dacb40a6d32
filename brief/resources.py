"""Files a writer may read for a brief: only inside the allowed folders, never from the network.

The allowed folders are the template set's and the input's own. Every writer that follows a
URL (WeasyPrint for the PDF, the HTML writer when it inlines styles and fonts) comes here.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname


class RefusedResource(ValueError):
    """A URL that points outside the allowed folders, at the network, or at nothing."""


@dataclass(frozen=True)
class Resource:
    """A file's bytes and media type."""

    data: bytes
    media_type: str


def read_resource(url: str, allowed: Sequence[Path]) -> Resource:
    """The file a file: URL names, when it lies inside one of the `allowed` folders."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise RefusedResource(f"{url!r} is refused: a template may only use files inside its own folder or the input's")
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if not any(path.is_relative_to(folder) for folder in allowed):
        raise RefusedResource(f"{url!r} is refused: it lies outside the template set and the input's folder")
    if not path.is_file():
        raise RefusedResource(f"{path} does not exist")
    return Resource(path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream")
