"""`brief extract`: the input a PDF carries, given back byte for byte.

Every PDF brief builds embeds the input it was built from (a releasable version embeds its
cut input), so a receiving editor can rebuild or amend a brief from the PDF alone.

The PDF may come from anyone, so its embedded file is judged before it is inflated: its
declared size (`/Params /Size`) and its stored length must fit an input, its encoding must be
FlateDecode or none (what brief and other writers use), and it is inflated at most one byte
past the input limit, so a decompression bomb is refused after a few megabytes of work.
"""

from __future__ import annotations

import io
import logging
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief import gate
from brief.errors import BriefError
from brief.model.tables import INPUT_SUFFIXES

FLATE = "/FlateDecode"
# A name tree is a tree of nodes; brief writes one. A budget keeps a loop or a fan-out finite.
MOST_NODES = 1000
# pypdf parses untrusted bytes; on a malformed file it raises more than its own errors.
UNREADABLE: tuple[type[BaseException], ...] = (
    ArithmeticError,
    AssertionError,
    AttributeError,
    LookupError,
    OSError,
    RecursionError,
    TypeError,
    ValueError,
    zlib.error,
)


class NoInput(BriefError):
    """A file that is not a PDF, or a PDF that carries no brief input it can give back."""


@dataclass(frozen=True)
class Embedded:
    """An embedded file as the PDF stores it: still compressed, with what it says of itself."""

    name: str
    filters: tuple[str, ...]
    parameters: bool  # a /DecodeParms entry (a predictor), which brief never writes
    size: object  # the declared /Params /Size, None when absent
    raw: bytes


def extract_input(path: Path) -> tuple[str, bytes]:
    """The name and bytes of the input embedded in the PDF at `path`."""
    data = gate.read_bytes(path, gate.ISSUED, None)
    if b"%PDF-" not in data[:1024]:
        raise NoInput(f"{path}: is not a PDF (it has no %PDF- header); brief extract reads the PDFs brief builds")
    embedded = _embedded_input(path, data)
    _judge(path, embedded)
    return embedded.name, _inflate(path, embedded)


def _embedded_input(path: Path, data: bytes) -> Embedded:
    """The first embedded file named like an input; NoInput when the PDF cannot be read or has none."""
    from pypdf.errors import PyPdfError

    unreadable: tuple[type[BaseException], ...] = (PyPdfError, *UNREADABLE)
    try:
        with _quiet_pypdf():
            files = _embedded_files(data)
    except unreadable as error:
        raise NoInput(f"{path}: cannot read it as a PDF (is it damaged or cut short?): {error}") from error
    inputs = [file for file in files if file.name.lower().endswith(INPUT_SUFFIXES)]
    if inputs:
        return inputs[0]
    if not files:
        raise NoInput(f"{path}: carries no embedded file, so no brief input; was it built by brief?")
    names = ", ".join(repr(file.name) for file in files)
    raise NoInput(f"{path}: carries no brief input: its embedded files ({names}) are not .yaml, .yml or .json files")


def _embedded_files(data: bytes) -> list[Embedded]:
    """Every embedded file of a PDF with a stream, in name-tree order; all parsing by pypdf happens here."""
    from pypdf import PdfReader

    catalog = _dictionary(PdfReader(io.BytesIO(data)).trailer.get("/Root"))
    if catalog is None:
        raise ValueError("it has no document catalog (/Root)")
    names = _dictionary(catalog.get("/Names"))
    tree = _dictionary(names.get("/EmbeddedFiles")) if names else None
    found = []
    for key, spec in _leaves(tree) if tree else ():
        stream = _stream(spec)
        if stream is not None:
            found.append(_describe(_name(key, spec), stream))
    return found


def _leaves(root: Any) -> Iterator[tuple[Any, Any]]:
    """The (name, file spec) pairs of a name tree, depth first, within MOST_NODES nodes."""
    pending, visited = [root], 0
    while pending:
        node = pending.pop()
        visited += 1
        if visited > MOST_NODES:
            raise ValueError(f"its embedded files' name tree has more than {MOST_NODES} nodes")
        pairs = _array(node.get("/Names"))
        yield from zip(pairs[0::2], pairs[1::2], strict=False)
        kids = [_dictionary(kid) for kid in _array(node.get("/Kids"))]
        pending.extend(reversed([kid for kid in kids if kid is not None]))


def _stream(spec: Any) -> Any:
    """The embedded file stream of a file spec (its /EF /UF, else /EF /F), or None."""
    from pypdf.generic import StreamObject

    spec = _dictionary(spec)
    files = _dictionary(spec.get("/EF")) if spec is not None else None
    if files is None:
        return None
    stream = next((files[key] for key in ("/UF", "/F") if key in files), None)  # indexing resolves a reference
    return stream if isinstance(stream, StreamObject) else None


def _describe(name: str, stream: Any) -> Embedded:
    """What an embedded file stream says of itself, and its bytes as stored, none of it decoded."""
    from pypdf.generic import StreamObject

    filters = stream.get("/Filter")
    filters = filters.get_object() if filters is not None else None
    names = () if filters is None else tuple(str(item) for item in (filters if isinstance(filters, list) else [filters]))
    params = _dictionary(stream.get("/Params"))
    size = params.get("/Size") if params else None
    # StreamObject.get_data is the stored bytes; the subclass's override would inflate them.
    raw = StreamObject.get_data(stream)
    return Embedded(name, names, stream.get("/DecodeParms") is not None, size.get_object() if size is not None else None, raw)


def _name(key: Any, spec: Any) -> str:
    """The embedded file's name: its key in the name tree, else its file spec's /UF or /F."""
    names = [key, *(spec.get_object().get(entry) for entry in ("/UF", "/F"))]
    texts = [str(name.get_object()) for name in names if name is not None]
    return next((text for text in texts if text.lower().endswith(INPUT_SUFFIXES)), texts[0] if texts else "")


def _dictionary(value: Any) -> Any:
    """`value` resolved, when it is a PDF dictionary; else None."""
    from pypdf.generic import DictionaryObject

    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else None


def _array(value: Any) -> list[Any]:
    """`value` resolved, when it is a PDF array; else an empty list."""
    value = value.get_object() if value is not None else None
    return list(value) if isinstance(value, list) else []


def _judge(path: Path, embedded: Embedded) -> None:
    """Refuse an embedded input whose encoding, declared size or stored length cannot be an input's."""
    where, limit = f"{path}: its embedded input {embedded.name!r}", gate.INPUT.limit
    if embedded.filters not in ((), (FLATE,)) or embedded.parameters:
        encoding = " ".join([*embedded.filters, *(["with /DecodeParms"] if embedded.parameters else [])])
        raise NoInput(f"{where} is encoded with {encoding}; brief reads an input stored with FlateDecode or no filter only")
    size = embedded.size
    if size is not None and (not isinstance(size, int) or size < 0):
        raise NoInput(f"{where} declares its size (/Params /Size) as {size!r}, not a number of bytes")
    if size is not None and size > limit:
        raise NoInput(f"{where} declares {size:,} bytes (/Params /Size); an input may be at most {limit:,} bytes")
    stored = len(embedded.raw)
    if not embedded.filters and stored > limit:
        raise NoInput(f"{where} is {stored:,} bytes; an input may be at most {limit:,} bytes")
    if stored > _deflate_bound(limit):
        raise NoInput(f"{where} is {stored:,} bytes compressed, more than any input of at most {limit:,} bytes compresses to")


def _deflate_bound(size: int) -> int:
    """The most zlib's deflate can produce from `size` bytes (zlib's compressBound)."""
    return size + (size >> 12) + (size >> 14) + (size >> 25) + 13


def _inflate(path: Path, embedded: Embedded) -> bytes:
    """The embedded input's bytes, inflated at most one byte past the input limit."""
    if not embedded.filters:
        return embedded.raw
    where, limit = f"{path}: its embedded input {embedded.name!r}", gate.INPUT.limit
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(embedded.raw, limit + 1)
    except zlib.error as error:
        raise NoInput(f"{where} is damaged: its FlateDecode data cannot be inflated ({error})") from error
    if len(data) > limit:
        raise NoInput(
            f"{where} inflates to more than {limit:,} bytes; an input may be at most {limit:,} bytes (refused without inflating the rest)"
        )
    if not inflater.eof:
        raise NoInput(f"{where} is damaged: its FlateDecode data ends before its end marker")
    return data


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs (and may warn of) each repair it makes to a damaged file; brief says what is wrong itself, once.

    Its records stop at its own logger, so no handler above (a host's, logging's last resort)
    prints them; its warnings are caught here, only for the call.
    """
    logger, handler = logging.getLogger("pypdf"), logging.NullHandler()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.propagate = propagate
        logger.removeHandler(handler)
