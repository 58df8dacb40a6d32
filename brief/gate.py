"""The gate: every file read on behalf of an input, a project or a template set comes through here.

Such files come from other people, so a name in them is never trusted to mean what it says.
The gate resolves the name to its real path (symlinks followed), refuses it unless that path
lies inside the folder it is allowed in, opens it without blocking (a FIFO cannot hang a
build), refuses anything that is not a regular file (a device, a FIFO, a folder), checks
the size from the file's metadata before reading, and then reads at most the limit for its
kind, so a file that grows while it is read is refused too. A refusal names the file, the
reason and where the file was named.

The person at the keyboard is trusted: a file they name on the command line is read through
the same gate without a folder (`folders=None`), so it still may not be a FIFO or too big.
The remaining race (a folder on the path swapped for a symlink between the check and the
open) needs write access to the set's own folders, which an attacker with that access does
not need; see docs/security.md.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from brief.errors import RefusedFile

MiB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """A kind of file the gate reads, and the most it reads of one."""

    name: str
    limit: int


INPUT = Kind("input", 5_000_000)
PROJECT = Kind("project file (brief.toml)", 256 * 1024)
RECIPIENTS = Kind("recipients file", 5_000_000)
CERTIFICATE = Kind("recipient certificate", 1 * MiB)  # X.509, PEM or DER, named by a recipients CSV
LOGO = Kind("logo", 8 * MiB)
SET_METADATA = Kind("template.toml", 256 * 1024)
TEMPLATE = Kind("template", 1 * MiB)
STYLESHEET = Kind("stylesheet", 2 * MiB)
LOCALE = Kind("translation table", 1 * MiB)
LEXICON = Kind("review lexicon", 1 * MiB)  # the words the wording rules read in one language; package data
FONT = Kind("font", 32 * MiB)
REFERENCE = Kind("reference.docx", 16 * MiB)
IMAGE = Kind("image", 8 * MiB)
SET_FILE = Kind("template set file", 32 * MiB)  # any file of a set, as `templates copy` copies it
ISSUED = Kind("issued brief", 256 * MiB)  # a PDF or DOCX given to verify or extract
MANIFEST = Kind("manifest", 16 * MiB)
TRUST = Kind("trusted certificates", 1 * MiB)  # PEM certificates an office trusts, for `brief verify`
REGISTER = Kind("issue register", 256 * MiB)  # one line per file issued, kept with the outputs
SIGN_KEY = Kind("signing key (PKCS#12)", 1 * MiB)
PRINTED_DOCX = Kind("DOCX printed to PDF by LibreOffice", 256 * MiB)  # for a proof sheet, from a private temp folder
DEPENDENCY = Kind("file a build depends on", 32 * MiB)  # hashed into the build key; each was read through the gate already

_TYPES = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_bytes(path: Path, kind: Kind, folders: Sequence[Path] | None, named_at: str | None = None) -> bytes:
    """The bytes of `path`, which must be a regular file inside one of `folders` and within its kind's limit."""
    real = real_path(path, kind, folders, named_at)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(real, flags)
    except OSError as error:
        raise _refused(path, kind, named_at, _os_reason(error)) from error
    try:
        return _read_regular(descriptor, path, kind, named_at)
    finally:
        os.close(descriptor)


def read_text(path: Path, kind: Kind, folders: Sequence[Path] | None, named_at: str | None = None) -> str:
    """The text of `path`, read through the gate and decoded as UTF-8 (a byte-order mark is dropped)."""
    data = read_bytes(path, kind, folders, named_at)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        reason = f"line {line} is not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start}); save the file as UTF-8"
        raise _refused(path, kind, named_at, reason) from error


def real_path(path: Path, kind: Kind, folders: Sequence[Path] | None, named_at: str | None = None) -> Path:
    """The real path of `path` (symlinks resolved), refused unless it lies inside one of `folders`."""
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError) as error:
        raise _refused(path, kind, named_at, f"cannot resolve it: {error}") from error
    if folders is not None and not any(real.is_relative_to(os.path.realpath(folder)) for folder in folders):
        where = " or ".join(str(folder) for folder in folders)
        raise _refused(path, kind, named_at, f"its real path {real} is outside {where}, the only place {_a(kind)} may come from")
    return real


def check(path: Path, kind: Kind, folders: Sequence[Path] | None, named_at: str | None = None) -> Path:
    """The real path of `path` once it passes the gate's tests, without reading it; for a refusal at the line that names it."""
    real = real_path(path, kind, folders, named_at)
    try:
        status = os.stat(real)
    except OSError as error:
        raise _refused(path, kind, named_at, _os_reason(error)) from error
    _judge(status, path, kind, named_at)
    return real


def present(path: Path) -> bool:
    """Whether anything is at `path`: a file, a folder, or a link (even a broken one), which the gate then judges."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def walk(folder: Path) -> Iterator[Path]:
    """Every entry below `folder` that is not a folder, links included and never followed, sorted."""
    for root, folders, files in os.walk(folder, followlinks=False):
        folders.sort()
        linked = [name for name in folders if os.path.islink(os.path.join(root, name))]
        for name in sorted([*files, *linked]):
            yield Path(root) / name


def _read_regular(descriptor: int, path: Path, kind: Kind, named_at: str | None) -> bytes:
    _judge(os.fstat(descriptor), path, kind, named_at)
    chunks, size = [], 0
    while size <= kind.limit:
        chunk = os.read(descriptor, min(1 * MiB, kind.limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > kind.limit:
        raise _refused(path, kind, named_at, f"it grew past {kind.limit:,} bytes while being read, the most {_a(kind)} may be")
    return b"".join(chunks)


def _judge(status: os.stat_result, path: Path, kind: Kind, named_at: str | None) -> None:
    if not stat.S_ISREG(status.st_mode):
        what = _TYPES.get(stat.S_IFMT(status.st_mode), "not a regular file")
        raise _refused(path, kind, named_at, f"it is {what}; {_a(kind)} must be a regular file")
    if status.st_size > kind.limit:
        raise _refused(path, kind, named_at, _too_big(status.st_size, kind))


def _too_big(size: int, kind: Kind) -> str:
    return f"it is {size:,} bytes; {_a(kind)} may be at most {kind.limit:,} bytes"


def _a(kind: Kind) -> str:
    return f"{'an' if kind.name[0] in 'aeiou' else 'a'} {kind.name}"


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "it does not exist"
    if error.errno is not None and error.errno == getattr(os, "ELOOP", -1):
        return "it is a symbolic link loop"
    return f"cannot read it: {error.strerror or error}"


def _refused(path: Path, kind: Kind, named_at: str | None, reason: str) -> RefusedFile:
    return RefusedFile(str(path), kind.name, reason, named_at)
