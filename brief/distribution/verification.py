"""`brief verify`: whether a file is one the office issued, which copy, to whom, and what proves it.

Nothing that travels with a file is believed because it is there: a manifest is a description
anyone can write, so verify never reads one. It reads two things and says how far each goes:

- the issue register kept with the outputs (register.py), which lists every file ever issued
  from the folder. An unsigned record is labelled "unsigned": whoever can write to the folder
  could have written it. A signed record is checked against the certificates the office trusts.
- the file's own PAdES signature, when it is a signed PDF: it proves who signed it and that
  not a byte changed since, to anyone holding the office's certificate.

Where the office signs (`--trust`, or `trust` in brief.toml), verify vouches only from a trusted
signature, of the file or of its record, and refuses an unsigned or badly signed register.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief import gate
from brief.distribution import register
from brief.distribution.pdf_attachment import UNREADABLE
from brief.distribution.register import Entry, Register
from brief.distribution.trust import Signature, Trust, check_data, check_pdf
from brief.errors import BriefError

UNSIGNED = "unsigned: anyone who can write to its folder could have written this record (sign builds, and verify with --trust)"
MOST_FAULTS = 3  # register faults printed; the rest are counted
# What a register or a certificate may hold but a terminal must not be given: control characters (an escape sequence
# could hide or redraw a verdict) and the marks that reorder text (bidirectional overrides and isolates).
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class NotIssued(BriefError):
    """A file no register vouches for: not issued by brief, changed since, or proven only by what the office does not trust."""


@dataclass(frozen=True)
class Record:
    """A register record of the file, and what its signature proves."""

    entry: Entry
    signature: Signature | None  # None when the record is unsigned

    @property
    def trusted(self) -> bool:
        """Whether a certificate the office trusts signed this record, and it is unchanged since."""
        return self.signature is not None and self.signature.intact and self.signature.trusted

    @property
    def broken(self) -> bool:
        """Whether the record carries a signature that does not hold for it: changed since it was signed, or not a signature."""
        return self.signature is not None and not self.signature.intact


def verify(file: Path, register_path: Path | None, trust: Trust | None) -> list[str]:
    """What proves `file` was issued, as lines for a user; NotIssued saying why when nothing does."""
    data = gate.read_bytes(file, gate.ISSUED, None)
    digest = hashlib.sha256(data).hexdigest()
    signature = _pdf_signature(data, trust)
    found = _register(file, register_path)
    records = [_record(entry, trust) for entry in found.issued(digest)] if found else []
    _refuse_signature(file, signature, trust)
    vouching = [record for record in records if record.trusted or (trust is None and not record.broken)]
    if not vouching and not (signature and signature.trusted):
        raise NotIssued("\n".join(printable([_why_not(file, digest, found, records, trust), *_faults(found)])))
    lines = [_identity(file, vouching[0].entry.record if vouching else None, signature)]
    lines += _register_lines(found, vouching or records, trust) + _signature_lines(signature, trust)
    return printable(lines + _faults(found))


def printable(lines: list[str]) -> list[str]:
    """Lines fit for a terminal: each control or reordering character a register or certificate holds shown as its code."""
    return [UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", line) for line in lines]


def _pdf_signature(data: bytes, trust: Trust | None) -> Signature | None:
    """What a PDF's own signature proves (None for a file that is not a PDF); a PDF crafted to trip the parser is unreadable, not a crash."""
    if b"%PDF-" not in data[:1024]:
        return None
    try:
        return check_pdf(data, trust)
    except UNREADABLE as error:  # pyHanko parses untrusted bytes and, on some malformed files, raises more than its own errors
        return Signature(False, False, "", None, False, f"it cannot be read as a PDF: {type(error).__name__}: {error}")


def _register(file: Path, named: Path | None) -> Register | None:
    """The register named, else the one in the file's folder or a folder above; None when there is none."""
    path = named or register.find(file.parent)
    return register.read(path) if path else None


def _record(entry: Entry, trust: Trust | None) -> Record:
    """A record of the file, with its signature checked when it has one."""
    if not entry.signature:
        return Record(entry, None)
    try:
        return Record(entry, check_data(entry.signed_bytes, entry.signature, trust))
    except UNREADABLE as error:  # a signature crafted to name an algorithm no library knows trips pyHanko itself
        return Record(entry, Signature(False, False, "", None, False, f"the signature cannot be read: {type(error).__name__}: {error}"))


def _refuse_signature(file: Path, signature: Signature | None, trust: Trust | None) -> None:
    """NotIssued for a signed file changed since signing, or, where the office signs, signed by someone it does not trust."""
    if signature is None or not signature.signed:
        return
    if not signature.intact:
        raise NotIssued(
            *printable([f"{file}: changed after it was signed by {signature.signer}; the signature no longer vouches for its content"])
        )
    if trust is not None and not signature.trusted:
        raise NotIssued(*printable([f"{file}: not vouched for: {signature.problem}"]))


def _identity(file: Path, record: dict[str, Any] | None, signature: Signature | None) -> str:
    """The first line: which file of which brief this is, from the record that vouches, else from the file's signature."""
    if record is None:
        assert signature is not None
        return f"{file}: a PDF signed by {signature.signer}{_at(signature)}; no trusted record says which copy it is"
    copy = record.get("copy")
    what = (
        f"copy {copy['number']} of {copy.get('of', '?')}, prepared for {copy['recipient']}"
        if copy
        else f"the {record['format'].upper()} issued"
    )
    release = f", releasable to {record['release_to']}" if record.get("release_to") else ""
    return f"{file}: {what}{release}, of {record['brief']}, issued {_time(record['time'])}"


def _register_lines(found: Register | None, records: list[Record], trust: Trust | None) -> list[str]:
    """What the register says of the file, and how far its records can be believed."""
    if found is None or not records:
        return [f"  register: {'none found beside the file' if found is None else f'{found.path} does not list it'}"]
    first = records[0]
    lines = [f"  register: {found.path}, line {first.entry.line}: {_record_status(first, trust)}"]
    if len(records) > 1:
        lines.append(f"  issued {len(records)} times from this folder (rebuilt with the same bytes); the first is shown")
    return lines


def _record_status(record: Record, trust: Trust | None) -> str:
    """How far one record can be believed."""
    signature = record.signature
    if signature is None:
        return UNSIGNED
    if not signature.intact:
        return f"its signature does not hold: {signature.problem}"
    if trust is None:
        return f"signed by {signature.signer}, not checked: no certificates the office trusts were given (--trust)"
    return f"signed by {signature.signer}, trusted" if record.trusted else f"signed by {signature.signer}, not trusted: {signature.problem}"


def _signature_lines(signature: Signature | None, trust: Trust | None) -> list[str]:
    """What the file's own signature proves."""
    if signature is None:
        return []
    if not signature.signed:
        return [f"  signature: {'not checked: ' + signature.problem if signature.problem else 'none: the PDF is not signed'}"]
    if trust is None:
        return [
            f"  signature: signed by {signature.signer}{_at(signature)}, unchanged since; not checked against trusted certificates (--trust)"
        ]
    return [f"  signature: signed by {signature.signer}{_at(signature)}, unchanged since; trusted"]


def _why_not(file: Path, digest: str, found: Register | None, records: list[Record], trust: Trust | None) -> str:
    """Why nothing vouches for the file, in words a user can act on."""
    if records:
        why = (
            "where the office signs, only a trusted signature vouches"
            if trust
            else "a record whose signature does not hold vouches for nothing"
        )
        return f"{file}: the register {found.path if found else ''} lists it, but {_record_status(records[0], trust)}; {why}"
    if found is None:
        return f"{file}: no issue register found beside it or above it (SHA-256 {digest}); give the register with --register FILE"
    same_name = [entry for entry in found.entries if entry.record["file"] == file.name]
    if same_name:
        entry = same_name[-1]
        return f"{file}: changed since it was issued: {found.path}, line {entry.line}, lists it with SHA-256 {entry.record['sha256']}, and it now has {digest}"
    return f"{file}: {found.path} lists no file with this content (SHA-256 {digest}): it was not issued from there, or it has been changed"


def _faults(found: Register | None) -> list[str]:
    """Warnings about lines of the register that cannot be read or do not follow each other."""
    if found is None or not found.faults:
        return []
    more = len(found.faults) - MOST_FAULTS
    return [f"  warning: {fault}" for fault in found.faults[:MOST_FAULTS]] + ([f"  warning: and {more} more"] if more > 0 else [])


def _at(signature: Signature) -> str:
    """' at <time>' when the signature says when it was made."""
    return f" at {signature.signed_at:%Y-%m-%d %H:%M:%S %Z}" if signature.signed_at else ""


def _time(stamp: str) -> str:
    """A register time (2026-11-26T16:40:03Z) as a person reads it."""
    return stamp.replace("T", " ").replace("Z", " UTC")
