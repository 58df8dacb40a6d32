"""The files a PDF carries: its input and the files the input names, given back byte for byte.

Every PDF brief builds embeds the input it was built from (a releasable version embeds its
cut input), described as "brief input", and after it the files the input names (its previous
version, scale and ladder files) at their paths relative to the folder they share, so a
receiving editor can rebuild or amend a brief from the PDF alone. A PDF from elsewhere (or an
older brief) whose files carry no description gives its first input-named file as the input.

The PDF may come from anyone, so each embedded file is judged before it is inflated: its
declared size (`/Params /Size`) and its stored length must fit an input, its encoding must be
FlateDecode or none (what brief and other writers use), and it is inflated at most one byte
past the input limit, so a decompression bomb is refused after a few megabytes of work.
Embedded files not named like an input (.yaml, .yml, .json) are left where they are.
"""

from __future__ import annotations

import io
import logging
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from brief import gate
from brief.distribution.carried import MAX_CARRIED, NoInput
from brief.model.tables import INPUT_SUFFIXES
from brief.render.document import CarriedFile

INPUT_DESCRIPTION = "brief input"  # what brief.write.pdf describes the input as

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


@dataclass(frozen=True)
class Embedded:
    """An embedded file as the PDF stores it: still compressed, with what it says of itself."""

    name: str
    description: str  # the file spec's /Desc: INPUT_DESCRIPTION marks the input
    filters: tuple[str, ...]
    parameters: bool  # a /DecodeParms entry (a predictor), which brief never writes
    size: object  # the declared /Params /Size, None when absent
    raw: bytes


def pdf_carried(path: Path, data: bytes) -> tuple[CarriedFile, ...]:
    """The input and the files it names that the PDF `data` (read from `path`) embeds, the input first, each judged and inflated."""
    carried = _carried(path, data)
    for embedded in carried:
        _judge(path, embedded)
    return tuple(CarriedFile(embedded.name, _inflate(path, embedded)) for embedded in carried)


def _carried(path: Path, data: bytes) -> list[Embedded]:
    """The embedded files named like inputs, the input first; NoInput when the PDF cannot be read or has none."""
    from pypdf.errors import PyPdfError

    unreadable: tuple[type[BaseException], ...] = (PyPdfError, *UNREADABLE)
    try:
        with _quiet_pypdf():
            files = _embedded_files(data)
    except unreadable as error:
        raise NoInput(f"{path}: cannot read it as a PDF (is it damaged or cut short?): {error}") from error
    inputs = [file for file in files if file.name.lower().endswith(INPUT_SUFFIXES)]
    if len(inputs) > MAX_CARRIED:
        raise NoInput(f"{path}: embeds {len(inputs):,} input files; a brief carries at most {MAX_CARRIED}")
    if inputs:
        first = next((file for file in inputs if file.description == INPUT_DESCRIPTION), inputs[0])
        return [replace(first, description=INPUT_DESCRIPTION), *(file for file in inputs if file is not first)]
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
            found.append(_describe(_name(key, spec), _description(spec), stream))
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


def _describe(name: str, description: str, stream: Any) -> Embedded:
    """What an embedded file stream says of itself, and its bytes as stored, none of it decoded."""
    from pypdf.generic import StreamObject

    filters = stream.get("/Filter")
    filters = filters.get_object() if filters is not None else None
    names = () if filters is None else tuple(str(item) for item in (filters if isinstance(filters, list) else [filters]))
    params = _dictionary(stream.get("/Params"))
    size = params.get("/Size") if params else None
    # StreamObject.get_data is the stored bytes; the subclass's override would inflate them.
    raw = StreamObject.get_data(stream)
    declared = size.get_object() if size is not None else None
    return Embedded(name, description, names, stream.get("/DecodeParms") is not None, declared, raw)


def _name(key: Any, spec: Any) -> str:
    """The embedded file's name: its key in the name tree, else its file spec's /UF or /F."""
    names = [key, *(spec.get_object().get(entry) for entry in ("/UF", "/F"))]
    texts = [str(name.get_object()) for name in names if name is not None]
    return next((text for text in texts if text.lower().endswith(INPUT_SUFFIXES)), texts[0] if texts else "")


def _description(spec: Any) -> str:
    """The file spec's /Desc, "" when it has none."""
    description = _dictionary(spec).get("/Desc")
    return str(description.get_object()) if description is not None else ""


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
    where, limit = _where(path, embedded), gate.INPUT.limit
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


def _where(path: Path, embedded: Embedded) -> str:
    """The embedded file, as a message names it."""
    return f"{path}: its embedded {'input' if embedded.description == INPUT_DESCRIPTION else 'file'} {embedded.name!r}"


def _deflate_bound(size: int) -> int:
    """The most zlib's deflate can produce from `size` bytes (zlib's compressBound)."""
    return size + (size >> 12) + (size >> 14) + (size >> 25) + 13


def _inflate(path: Path, embedded: Embedded) -> bytes:
    """The embedded input's bytes, inflated at most one byte past the input limit."""
    if not embedded.filters:
        return embedded.raw
    where, limit = _where(path, embedded), gate.INPUT.limit
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
