"""The issue register: an append-only record, kept with the outputs, of every file a build issued.

A manifest describes the set a folder holds now and is replaced by the next build; the
register remembers every build. `output/register.jsonl` holds one JSON object a line, one per
file issued: the brief, its build key and input hash, the file's name, format and SHA-256, the
copy and its recipient, whether it was signed or encrypted, the time, and the build it came
from. So `brief verify` finds any file ever issued from the folder, whatever was built later.

Each record names the SHA-256 of the line before it (`previous`), so a record taken out of the
middle or changed shows as a break in the chain. Where the office signs, each record also
carries a detached CMS signature over its own canonical bytes, so a record is provable on its
own and a line written by hand is not. A build appends under a lock (two builds in one folder
wait for each other) and syncs the file before it counts as done. The register is never
rewritten; deleting it only loses the office's memory of what it issued.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief import gate
from brief.errors import BriefError, OutputError, RefusedFile

NAME = "register.jsonl"
FORMAT = 1
# Fields every record holds, and their JSON types; a line without them is reported, not read.
FIELDS: dict[str, tuple[type, ...]] = {
    "brief": (str,),
    "file": (str,),
    "format": (str,),
    "sha256": (str,),
    "time": (str,),
    "build": (str,),
    "copy": (dict, type(None)),
}
Sign = Callable[[bytes], bytes]
MOST_LINE = 1024 * 1024  # a record with its signature is a few kilobytes; a longer last line is not one brief wrote


class BadRegister(BriefError):
    """A register that cannot be read at all (refused by the gate, or not a register)."""


@dataclass(frozen=True)
class Entry:
    """One record of the register, where it stands, and its signature when it has one."""

    line: int
    record: dict[str, Any]
    signature: bytes | None

    @property
    def signed_bytes(self) -> bytes:
        """The bytes the record's signature covers: the record without its signature, canonical."""
        return canonical(self.record)


@dataclass(frozen=True)
class Register:
    """A register read back: its file, its records in order, and what is wrong with it (bad lines, breaks in the chain)."""

    path: Path
    entries: tuple[Entry, ...]
    faults: tuple[str, ...]

    def issued(self, digest: str) -> list[Entry]:
        """Every record of a file with this SHA-256, earliest first."""
        return [entry for entry in self.entries if entry.record["sha256"] == digest]


def canonical(record: Mapping[str, Any]) -> bytes:
    """A record as the one byte string its signature covers: sorted keys, no spaces, UTF-8."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def records(manifest: Mapping[str, Any], time: str, build: str, notes: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One record per file a manifest lists, at `time`, of build `build`; `notes` adds fields by file name (signer, protection)."""
    shared = {"register": FORMAT, "brief": manifest["input"]["file"], "input_sha256": manifest["input"]["sha256"]}
    shared |= {"build_key": manifest["build_key"], "brief_version": manifest["brief"], "time": time, "build": build}
    return [
        shared | {key: entry[key] for key in ("file", "format", "sha256", "release_to", "copy")} | dict(notes.get(entry["file"], {}))
        for entry in manifest["files"]
    ]


def check(folder: Path) -> None:
    """OutputError, before a build makes anything, when the folder's register is there but is a link or not a regular file."""
    path = folder / NAME
    try:
        status = os.lstat(path)
        if stat.S_ISREG(status.st_mode):
            with _opened(path, os.O_RDONLY) as descriptor:
                _last_line(descriptor, path)  # a last line too long to be a record is refused now, not after publishing
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        raise OutputError(f"{path}: cannot read the issue register: {error.strerror or error}; nothing was written") from error
    if not stat.S_ISREG(status.st_mode):
        what = "a link" if stat.S_ISLNK(status.st_mode) else "not a regular file"
        raise OutputError(f"{path}: is {what}, so it is not an issue register brief keeps; remove it and build again. Nothing was written")


def append(folder: Path, new: list[dict[str, Any]], sign: Sign | None) -> Path:
    """Add records to the folder's register (made when missing), chained to the last, signed when `sign` is given."""
    path = folder / NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)  # a register of its own, written before any output is (tests, tools)
        with _opened(path) as descriptor:
            previous = _digest(_last_line(descriptor, path))
            lines = []
            for record in new:
                line = _line(record | {"previous": previous}, sign)
                lines.append(line)
                previous = _digest(line)
            os.write(descriptor, b"".join(line + b"\n" for line in lines))
            os.fsync(descriptor)
    except OSError as error:
        raise OutputError(f"{path}: cannot add to the issue register: {error.strerror or error}") from error
    return path


def read(path: Path) -> Register:
    """The register at `path`, every good record in order, with a fault for each line it cannot read and each break in the chain."""
    try:
        data = gate.read_bytes(path, gate.REGISTER, None)
    except RefusedFile as error:
        raise BadRegister(f"{path}: cannot read this issue register: {error.reason}") from error
    entries, faults, previous = [], [], None
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        entry, fault = _entry(number, line)
        if fault is None and entry is not None and entry.record.get("previous") != previous:
            fault = f"line {number} does not follow the line before it: a record was removed or changed above it"
        faults += [f"{path}:{fault}"] if fault else []
        entries += [entry] if entry else []
        previous = _digest(line)
    return Register(path, tuple(entries), tuple(faults))


def find(start: Path) -> Path | None:
    """The register of a file's folder: in it, or in the folder above (where a dated folder of an earlier issue sits); no further."""
    for folder in (start.resolve(), *start.resolve().parents[:1]):
        if gate.present(folder / NAME):
            return folder / NAME
    return None


def _entry(number: int, line: bytes) -> tuple[Entry | None, str | None]:
    """One line as a record, or the reason it is not one."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None, f"line {number} is not JSON; a record brief writes is one JSON object a line"
    fault = _fault(record)
    if fault:
        return None, f"line {number} is not a record brief writes: {fault}"
    signature = record.pop("signature", None)
    try:
        return Entry(number, record, base64.b64decode(signature, validate=True) if isinstance(signature, str) else None), None
    except binascii.Error:
        return None, f"line {number} has a signature that is not base64"


def _fault(record: object) -> str | None:
    """What a parsed line lacks to be a record, or None."""
    if not isinstance(record, dict):
        return "it is not an object"
    for key, types in FIELDS.items():
        value = record.get(key)
        if not isinstance(value, types) or isinstance(value, bool):
            return f"its {key!r} is missing or of the wrong type"
    copy = record["copy"]
    if copy is not None and not (_whole(copy.get("number")) and _whole(copy.get("of")) and isinstance(copy.get("recipient"), str)):
        return "its 'copy' has no number, count (of) or recipient"
    return None


def _whole(value: object) -> bool:
    """A JSON whole number: true and false are not, though Python's bools are ints."""
    return isinstance(value, int) and not isinstance(value, bool)


def _line(record: dict[str, Any], sign: Sign | None) -> bytes:
    """A record as it is written: canonical JSON, with its signature when the office signs."""
    if sign is None:
        return canonical(record)
    return canonical(record | {"signature": base64.b64encode(sign(canonical(record))).decode("ascii")})


def _digest(line: bytes | None) -> str | None:
    """The SHA-256 of a line (without its newline), by which the next record names it."""
    return hashlib.sha256(line).hexdigest() if line is not None else None


@contextmanager
def _opened(path: Path, mode: int = os.O_RDWR | os.O_APPEND | os.O_CREAT) -> Iterator[int]:
    """The register open (for appending, unless `mode` says otherwise), locked; never through a link, never anything but a regular file."""
    flags = mode | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags | os.O_NONBLOCK, 0o644)  # non-blocking: a FIFO planted in its place cannot hang a build
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OutputError(f"{path}: is not a regular file, so it is not an issue register brief keeps; remove it and build again")
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield descriptor
    finally:
        os.close(descriptor)


def _last_line(descriptor: int, path: Path) -> bytes | None:
    """The register's last line, read back from its end, or None when it is empty."""
    size = os.fstat(descriptor).st_size
    span = 64 * 1024
    while True:
        start = max(0, size - span)
        tail = os.pread(descriptor, size - start, start).rstrip(b"\n")
        if b"\n" in tail or start == 0:
            return tail.rsplit(b"\n", 1)[-1] or None
        if span > MOST_LINE:
            raise OutputError(f"{path}: its last line is longer than {MOST_LINE:,} bytes, so it is not an issue register brief keeps")
        span *= 4
