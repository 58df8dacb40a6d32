"""How `brief build` signs and encrypts: the office's key found and unlocked once, before any brief is built.

The key is the PKCS#12 file `--sign-key` names, else `sign_key` in the brief.toml of the first
input's project. Its password comes from the environment (BRIEF_SIGN_PASSWORD) or, at a
terminal, a prompt: never from a file in the project, which other people may have written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from brief import gate
from brief.distribution.encryption import Permissions
from brief.distribution.issuing import NO_PROTECTION, Protection
from brief.distribution.signing import Signer, load_signer
from brief.errors import RefusedFile, SigningError, UsageError
from brief.input.project import find_project

PASSWORD = "BRIEF_SIGN_PASSWORD"
ALLOWED = ("print", "copy")


def protection(sign_key: Path | None, encrypt: bool, secrets: Path | None, allow: str | None, first_input: Path | None) -> Protection:
    """What the options ask to protect, with the signer loaded and checked; UsageError or SigningError when it cannot be."""
    permissions = _permissions(allow)
    key, folders = _key_file(sign_key, first_input)
    signer = _signer(key, folders) if key else None
    if signer is None and not encrypt:
        return NO_PROTECTION
    return Protection(signer, encrypt, secrets, permissions)


def _permissions(allow: str | None) -> Permissions | None:
    """--allow as permissions: a comma-separated list of print and copy, or none; None when not given (the set decides)."""
    if allow is None:
        return None
    words = {word.strip().lower() for word in allow.split(",") if word.strip()} - {"none"}
    unknown = sorted(words - set(ALLOWED))
    if unknown:
        raise UsageError(f"--allow {allow!r}: {', '.join(unknown)} is not a permission; accepted: print, copy, or none")
    return Permissions(print="print" in words, copy="copy" in words)


def _key_file(named: Path | None, first_input: Path | None) -> tuple[Path | None, list[Path] | None]:
    """The key file and the folders it may be read from: the one named (anywhere), else brief.toml's (inside its project)."""
    if named is not None:
        return named, None
    project = find_project(first_input.parent if first_input else Path.cwd())
    key = project.path("sign_key")
    return key, [project.root] if key and project.root else None


def _signer(key: Path, folders: list[Path] | None) -> Signer:
    """The signer in the key file, unlocked with the password from the environment or a prompt."""
    try:
        data = gate.read_bytes(key, gate.SIGN_KEY, folders)
    except RefusedFile as error:
        raise UsageError(f"{key}: cannot read the signing key: {error.reason}") from error
    password = _password(key)
    try:
        return load_signer(data, password, str(key))
    except SigningError as error:
        hint = f"; set {PASSWORD}, or run brief at a terminal to be asked" if password is None else ""
        raise SigningError(f"{error}{hint}") from error


def _password(key: Path) -> str | None:
    """The key's password: BRIEF_SIGN_PASSWORD, else asked at a terminal; None (no password) when neither is there."""
    if PASSWORD in os.environ:
        return os.environ[PASSWORD]
    if sys.stdin.isatty():
        return str(typer.prompt(f"Password for {key}", hide_input=True, default="", show_default=False))
    return None
