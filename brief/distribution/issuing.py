"""Issuing a build's files: every PDF signed when the office signs, each numbered copy encrypted for its recipient when asked.

The writers make reproducible, unsigned files; this stage turns them into what is issued. A
signature is an incremental update on the reproducible file (signing.py). A copy is encrypted
with its recipient's password (from the recipients file, else generated), or for the
certificate the recipients file names (encryption.py). Generated passwords go to a secrets
file the user names, never into the register, the manifest or the output folder; it is made
readable by its owner only and appended to under a lock, so a batch's briefs share it.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from brief.distribution.encryption import Permissions, new_password, protect
from brief.distribution.recipients import NO_KEY, CopyKey
from brief.distribution.signing import Signer, sign_data, sign_pdf
from brief.errors import OutputError, UsageError

SECRETS_HEADER = ["brief", "file", "copy", "recipient", "password"]


@dataclass(frozen=True)
class Protection:
    """How a build protects what it issues: who signs, whether copies are encrypted, where generated passwords go, what readers may do."""

    signer: Signer | None = None
    encrypt: bool = False
    secrets: Path | None = None
    permissions: Permissions | None = None  # None: the template set's, else printing only

    def with_set_permissions(self, allowed: tuple[str, ...] | None) -> Protection:
        """These options with the permissions the set names filling in where the options name none."""
        if self.permissions is not None or not self.encrypt:
            return self
        words = set(allowed) if allowed is not None else {"print"}
        return replace(self, permissions=Permissions(print="print" in words, copy="copy" in words))

    def key_options(self) -> dict[str, Any]:
        """What the build key covers of it: who signs and how copies are locked, never a password or key."""
        signer = self.signer.subject if self.signer else None
        permissions = self.permissions
        return {"signed_by": signer, "encrypt": self.encrypt, "permissions": [permissions.print, permissions.copy] if permissions else None}

    def sign(self, data: bytes) -> bytes:
        """A detached signature over a register record, by the office's key."""
        assert self.signer is not None
        return sign_data(data, self.signer)


NO_PROTECTION = Protection()


@dataclass(frozen=True)
class Issue:
    """A build's files as issued, what the register notes of each, and the passwords made for copies."""

    files: dict[Path, bytes]
    notes: dict[str, dict[str, Any]]
    passwords: list[list[str]]  # generated passwords, as rows of the secrets file


def issue(
    files: Mapping[Path, bytes], copies: Mapping[Path, Mapping[str, Any]], keys: Sequence[CopyKey], protection: Protection, brief: str
) -> Issue:
    """Sign every PDF and encrypt each copy as `protection` asks; the copies' keys are in recipient order."""
    done = Issue(dict(files), {}, [])
    for path, data in files.items():
        if path.suffix == ".pdf" and (protection.signer or (protection.encrypt and path in copies)):
            _issue_one(done, path, data, copies.get(path) if protection.encrypt else None, keys, protection, brief)
    return done


def _issue_one(
    done: Issue, path: Path, data: bytes, copy: Mapping[str, Any] | None, keys: Sequence[CopyKey], protection: Protection, brief: str
) -> None:
    """One PDF protected into `done`: signed, and for a copy to encrypt, encrypted with a password kept when it was made here."""
    key = _key(keys, copy["number"]) if copy else None
    password = _password(key) if key is not None else None
    done.files[path] = _protected(data, protection, key, password)
    done.notes[path.name] = _note(protection, key)
    if copy and key is not None and password and not key.password:
        done.passwords.append([brief, path.name, str(copy["number"]), copy["recipient"], password])


def check(protection: Protection, copies: bool, pdf_a: bool, folder: Path) -> None:
    """UsageError for what cannot be asked together: encryption without copies, with PDF/A, or a secrets file among the outputs."""
    if not protection.encrypt:
        return
    if not copies:
        raise UsageError("--encrypt protects numbered copies: add --copies")
    if pdf_a:
        raise UsageError("--pdf-a and --encrypt cannot be combined: PDF/A forbids encryption, so an encrypted copy is never PDF/A")
    secrets = protection.secrets
    if secrets is not None and secrets.resolve().is_relative_to(folder.resolve()):
        raise UsageError(
            f"{secrets}: the secrets file must not be among the outputs ({folder}): whoever gets a copy could get its password"
        )


def write_passwords(path: Path | None, rows: list[list[str]]) -> None:
    """Append generated passwords to the secrets file (owner-only, made when missing); UsageError when there is nowhere to put them."""
    if not rows:
        return
    if path is None:
        raise UsageError(
            "--encrypt made passwords for recipients the recipients file gives none: name a file to keep them with --secrets FILE"
        )
    try:
        _append(path, rows)
    except OSError as error:
        raise OutputError(f"{path}: cannot write the copies' passwords: {error.strerror or error}; nothing was issued") from error


def _key(keys: Sequence[CopyKey], number: int) -> CopyKey:
    """The key of copy `number` (numbered from 1 in recipient order); none when the list gives none."""
    return keys[number - 1] if number <= len(keys) else NO_KEY


def _password(key: CopyKey) -> str | None:
    """The password a copy opens with: the recipients file's, a new one, or none when it is encrypted for a certificate."""
    return None if key.certificate else key.password or new_password()


def _protected(data: bytes, protection: Protection, key: CopyKey | None, password: str | None) -> bytes:
    """One PDF signed and, for a copy to encrypt, encrypted."""
    if key is None:
        assert protection.signer is not None
        return sign_pdf(data, protection.signer)
    return protect(
        data, signer=protection.signer, password=password, certificate=key.certificate, permissions=protection.permissions or Permissions()
    )


def _note(protection: Protection, key: CopyKey | None) -> dict[str, Any]:
    """What the register records of how a file was protected: the signer, and how it is encrypted (never the password)."""
    encrypted = None if key is None else ("certificate" if key.certificate else "password")
    return {"signed_by": protection.signer.subject if protection.signer else None, "encrypted": encrypted}


def _append(path: Path, rows: list[list[str]]) -> None:
    """Rows added to the CSV at `path` under a lock, with its header when new; the file readable by its owner only."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags | os.O_NONBLOCK, 0o600)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OutputError(f"{path}: is not a regular file; the secrets file must be one")
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.fchmod(descriptor, 0o600)
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(([SECRETS_HEADER] if os.fstat(descriptor).st_size == 0 else []) + rows)
        os.write(descriptor, text.getvalue().encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
