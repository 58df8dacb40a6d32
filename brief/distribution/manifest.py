"""Manifests: what a build issued, so a copy can be proved to be one it issued.

Each build writes <name>.manifest.json beside its outputs: every file with its SHA-256 (and,
for a numbered copy, its number and recipient), the input's hash, the template set's hash,
the version of brief and the build key (build_key.py), by which a later build of the same
brief knows it has nothing to do. It holds no timestamp, so the same build gives the same manifest.
A manifest proves nothing (anyone can write one), so `brief verify` never reads it: it reads
the issue register (register.py). A later build reads it, with the local record of builds
(build_record.py), to know it is up to date.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, cast

from brief import __version__, gate
from brief.distribution.build_key import template_digest
from brief.distribution.build_record import remembers
from brief.errors import RefusedFile
from brief.render.template_set import TemplateSet

SUFFIX = ".manifest.json"


def sha256(data: bytes) -> str:
    """The SHA-256 of some bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def manifest(
    files: dict[Path, bytes],
    copies: dict[Path, dict[str, Any]],
    input_name: str,
    input_bytes: bytes,
    template_set: TemplateSet,
    release_to: str | None,
    build_key: str,
) -> bytes:
    """The manifest of one build, as JSON bytes."""
    entries = [
        {
            "file": path.name,
            "format": path.suffix.lstrip("."),
            "sha256": sha256(data),
            "release_to": release_to,
            "copy": copies.get(path),
        }
        for path, data in files.items()
    ]
    document = {
        "brief": __version__,
        "build_key": build_key,
        "input": {"file": input_name, "sha256": sha256(input_bytes)},
        "template_set": {"name": template_set.name, "sha256": template_digest(template_set)},
        "release_to": release_to,
        "files": entries,
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def is_current(path: Path, build_key: str) -> bool:
    """Whether the manifest at `path` is one a build here wrote, holds `build_key`, and lists files all beside it as they were.

    Anything wrong with the manifest (missing, unreadable, another shape, not in the local
    record) means the build is not current; its files are read only from its own folder.
    """
    try:
        data = gate.read_bytes(path, gate.MANIFEST, [path.parent])
    except RefusedFile:
        return False
    if not remembers(data):
        return False
    document = _parse(path, data)
    if document is None or document.get("build_key") != build_key:
        return False
    listed = {Path(entry["file"]).name: entry["sha256"] for entry in document["files"]}
    return all(_holds(path.parent / name, digest) for name, digest in listed.items())


def _parse(path: Path, data: bytes) -> dict[str, Any] | None:
    """A manifest's bytes parsed and checked, or None."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return None if _fault(document) else cast(dict[str, Any], document)


def _holds(file: Path, digest: str) -> bool:
    """Whether `file` is in its folder (a link may lead only into it) with the content whose SHA-256 is `digest`."""
    try:
        return sha256(gate.read_bytes(file, gate.ISSUED, [file.parent])) == digest
    except RefusedFile:
        return False


# What a build reads of a manifest, and the JSON types each may be; other fields are not read, so not checked.
# A key in OPTIONAL may be left out, meaning null.
MANIFEST_FIELDS: dict[str, tuple[type, ...]] = {"input": (dict,), "files": (list,)}
INPUT_FIELDS: dict[str, tuple[type, ...]] = {"file": (str,)}
ENTRY_FIELDS: dict[str, tuple[type, ...]] = {
    "file": (str,),
    "format": (str,),
    "sha256": (str,),
    "release_to": (str, type(None)),
    "copy": (dict, type(None)),
}
COPY_FIELDS: dict[str, tuple[type, ...]] = {"number": (int,), "of": (int,), "recipient": (str,)}
OPTIONAL = {"release_to", "copy"}
JSON_TYPES = {dict: "an object", list: "a list", str: "a string", int: "a whole number", float: "a number", bool: "true or false"}


def _fault(document: object) -> str | None:
    """What is wrong with a parsed manifest, or None when verify can read all it needs of it."""
    fault = _fields("", document, MANIFEST_FIELDS)
    if fault is not None or not isinstance(document, dict):
        return fault
    return _fields("input", document["input"], INPUT_FIELDS) or next(
        (fault for index, entry in enumerate(document["files"]) if (fault := _entry_fault(f"files[{index}]", entry))), None
    )


def _entry_fault(where: str, entry: object) -> str | None:
    """What is wrong with one entry of `files`, or None."""
    fault = _fields(where, entry, ENTRY_FIELDS)
    if fault is not None or not isinstance(entry, dict) or entry.get("copy") is None:
        return fault
    return _fields(f"{where}.copy", entry["copy"], COPY_FIELDS)


def _fields(where: str, value: object, fields: dict[str, tuple[type, ...]]) -> str | None:
    """What is wrong with `value` (at path `where`, "" for the whole) as an object holding `fields` of their types, or None."""
    if not isinstance(value, dict):
        return f"{where or 'the manifest'} is {_json_type(value)}, not an object"
    for key, types in fields.items():
        if key not in value and key not in OPTIONAL:
            return f"{where or 'the manifest'} has no {key!r}"
        field, name = value.get(key), f"{where}.{key}" if where else key
        if _json_type(field) not in map(_json_type_name, types):
            return f"{name} is {_json_type(field)}, not {' or '.join(map(_json_type_name, types))}"
    return None


def _json_type(value: object) -> str:
    """The JSON type of a parsed value, for a message; true and false are not numbers, though Python's bools are ints."""
    kind = bool if isinstance(value, bool) else next((kind for kind in JSON_TYPES if isinstance(value, kind)), type(None))
    return _json_type_name(kind)


def _json_type_name(kind: type) -> str:
    """The name of a JSON type, for a message."""
    return JSON_TYPES.get(kind, "null")
