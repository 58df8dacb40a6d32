"""Writing the files a brief carries into a folder, for `brief extract --all DIR`.

The names come from a PDF or DOCX a stranger may have made, so every name is judged before
anything is written: a relative path with forward slashes, no `..`, no backslash, NUL or other
control character, named like an input (.yaml, .yml, .json). No file may be written through a
symbolic link in DIR (a link there could point anywhere), the file extract reads is never
overwritten, and files already in DIR are refused, all of them listed, unless forced. All of it
is judged before the first file is written, so a refusal leaves DIR as it was.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from brief.errors import BriefError, OutputError
from brief.model.tables import INPUT_SUFFIXES
from brief.render.document import CarriedFile
from brief.write.output import write_file

MAX_CARRIED = 8  # an input, its previous version, a scale and a ladder: four at most; room for more, not for a flood
DRIVE = re.compile(r"[A-Za-z]:")
MOST_STEP, MOST_NAME = (
    200,
    1024,
)  # bytes: a name (and its temporary name) inside the 255 most file systems hold; a path well inside PATH_MAX


class NoInput(BriefError):
    """A file that is not a PDF or a DOCX, or one that carries no brief input (or carried files) it can give back."""


def check_names(origin: Path, files: Sequence[CarriedFile]) -> None:
    """NoInput when a carried file's name could not be written safely below a folder, or two name the same file."""
    for carried in files:
        fault = name_fault(carried.path)
        if fault:
            raise NoInput(f"{origin}: carries a file named {carried.path!r}, refused: {fault}")
    seen: set[str] = set()
    for carried in files:
        if carried.path.casefold() in seen:  # one file on a case-insensitive disk
            raise NoInput(f"{origin}: carries two files named {carried.path!r}; it was not made by brief, or it was altered")
        seen.add(carried.path.casefold())


def name_fault(name: str) -> str:
    """Why `name` cannot be a carried file's path below a folder; "" when it can."""
    parts = name.split("/")
    faults = (
        (not name, "it is empty"),
        (any(ord(character) < 32 or character == "\x7f" for character in name), "it holds a NUL or another control character"),
        ("\\" in name, "it holds a backslash; carried files are named with forward slashes"),
        (name.startswith("/") or bool(DRIVE.match(name)), "it is an absolute path"),
        (".." in parts, "it climbs out of the folder (..)"),
        (any(part in ("", ".") for part in parts), "it has an empty or '.' step"),
        (not name.lower().endswith(INPUT_SUFFIXES), "it is not a .yaml, .yml or .json file"),
        (not _encodable(name), "it is not Unicode text (it holds half of a surrogate pair)"),
        (_too_long(parts), f"it is too long for a file name (more than {MOST_STEP} bytes a step, or {MOST_NAME} in all)"),
    )
    return next((reason for bad, reason in faults if bad), "")


def _encodable(name: str) -> bool:
    """Whether `name` is text a file system can be given (no lone surrogate)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _too_long(parts: list[str]) -> bool:
    """Whether a step, or the whole, is longer than a file system holds: judged now, so no file is written before the refusal."""
    sizes = [len(part.encode("utf-8", "surrogatepass")) for part in parts]
    return max(sizes) > MOST_STEP or sum(sizes) + len(sizes) > MOST_NAME


def write_carried(origin: Path, files: Sequence[CarriedFile], folder: Path, *, force: bool = False) -> list[Path]:
    """Write `files`, read from `origin`, below `folder` at their relative paths; the paths written, the input's first."""
    check_names(origin, files)
    targets = [folder.joinpath(*carried.path.split("/")) for carried in files]
    for target in targets:
        _refuse_links(folder, target)
    existing = [str(target.relative_to(folder)) for target in targets if os.path.lexists(target)]
    if existing and not force:
        raise OutputError(f"{folder}: already holds {', '.join(existing)}; pass --force to replace them (nothing was written)")
    try:
        for carried, target in zip(files, targets, strict=True):
            write_file(target, carried.data, keep=(origin,))
    except OSError as error:  # a folder for a file could not be made: the disk is full, or DIR was changed meanwhile
        raise OutputError(f"{folder}: cannot write the carried files: {error.strerror or error}") from error
    return targets


def _refuse_links(folder: Path, target: Path) -> None:
    """OutputError when a step of `target` below `folder` (or the file itself) is a symbolic link, or is not a folder where one must be."""
    steps = target.relative_to(folder).parts
    for count in range(1, len(steps) + 1):
        step = folder.joinpath(*steps[:count])
        if os.path.islink(step):
            raise OutputError(f"{step}: is a symbolic link; brief extract does not write through links (nothing was written)")
        if count < len(steps) and os.path.lexists(step) and not os.path.isdir(step):
            raise OutputError(f"{step}: is a file, not a folder, so {target} cannot be written (nothing was written)")
