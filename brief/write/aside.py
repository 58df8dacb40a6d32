"""Setting an earlier issue aside: numbered copies a rebuild does not make again move into a dated folder of their own.

    output/
      belarus-copy-01.pdf                      the issue just published
      belarus-issued-20261126T140200Z/         the copies of the issue before it, as they were
        belarus-copy-01.pdf
        belarus.manifest.json                  the manifest of the build that made them

A copy's bytes are what its recipient holds, so a rebuild must neither delete it nor leave it
beside the copies of another issue, where no one could tell which is which. The folder is named
by the UTC time its copies were written, and made whole: its files are hard-linked into a
staging folder in the store, which is renamed into place before the new set is switched in.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from brief.write.durable import sync

ISSUED_COPY = re.compile(r"-copy-\d+\.pdf")  # the names build.py gives numbered copies, after the set's stem


@dataclass(frozen=True)
class Aside:
    """The numbered copies of an earlier issue a build moved out of the way: the dated folder, how many, and when they were issued."""

    folder: Path
    count: int
    issued: str


def set_aside(folder: Path, store: Path, current: Path | None, stem: str, files: Mapping[str, bytes]) -> Aside | None:
    """The numbered copies of the set now published, moved into a dated folder of their own when the new set does not make them again.

    Their bytes are what recipients hold; a rebuild must neither take them away nor leave them
    beside copies of another issue. They are hard-linked into the folder before the switch, so
    a kill at any point leaves them in the old set, in their folder, or both.
    """
    earlier = _earlier_copies(folder, current, stem)
    if not earlier or all(_same(files.get(name), path) for name, path in earlier.items()):
        return None
    issued_at = time.gmtime(min(path.stat().st_mtime for path in earlier.values()))
    target = _dated(folder, f"{stem}-issued-{time.strftime('%Y%m%dT%H%M%SZ', issued_at)}", earlier)
    if not target.exists():
        _link_into(store, target, earlier | _manifest_of(current, stem))
    return Aside(target, len(earlier), time.strftime("%Y-%m-%d %H:%M UTC", issued_at))


def _earlier_copies(folder: Path, current: Path | None, stem: str) -> dict[str, Path]:
    """The set's numbered copies now published (in the current version), and plain copies an older brief left in the folder."""
    pattern = re.compile(re.escape(stem) + ISSUED_COPY.pattern)
    published = {entry.name: entry for entry in current.iterdir() if _regular(entry)} if current else {}
    plain = {entry.name: entry for entry in folder.iterdir() if _regular(entry)}
    return {name: path for name, path in (plain | published).items() if pattern.fullmatch(name)}


def _regular(entry: Path) -> bool:
    """A regular file itself, not a link: an output folder may come with a project, and a link there may point anywhere."""
    return entry.is_file() and not entry.is_symlink()


def _same(data: bytes | None, path: Path) -> bool:
    """Whether the copy at `path` holds `data`: by size first, so a huge file planted in its place is never read whole."""
    return data is not None and path.stat().st_size == len(data) and path.read_bytes() == data


def _dated(folder: Path, name: str, earlier: Mapping[str, Path]) -> Path:
    """The dated folder for an earlier issue: its name, or the one a killed build already filled with these same files."""
    for attempt in range(1, 100):
        target = folder / (name if attempt == 1 else f"{name}-{attempt}")
        if not os.path.lexists(target) or _holds(target, earlier):
            return target
    raise FileExistsError(17, f"{folder / name}: 99 folders of that name exist already", str(folder / name))


def _holds(target: Path, earlier: Mapping[str, Path]) -> bool:
    """Whether a dated folder already holds exactly these files (hard links to them): set aside before a kill."""
    if target.is_symlink() or not target.is_dir():
        return False
    return all((target / name).is_file() and os.path.samefile(target / name, path) for name, path in earlier.items())


def _link_into(store: Path, target: Path, files: Mapping[str, Path]) -> None:
    """Hard-link files into a new folder at `target`, which appears whole (staged in the store, then renamed)."""
    staging = store / f".staging-{os.getpid()}-{secrets.token_hex(6)}"
    staging.mkdir()
    for name, path in files.items():
        os.link(path, staging / name)
    sync(staging)
    os.rename(staging, target)
    sync(target.parent)


def _manifest_of(current: Path | None, stem: str) -> dict[str, Path]:
    """The current version's manifest, which goes with its copies: it says which build they came from."""
    manifest = current / f"{stem}.manifest.json" if current else None
    return {manifest.name: manifest} if manifest and _regular(manifest) else {}


def drop_plain_copies(folder: Path, aside: Aside | None) -> None:
    """Plain copies an older brief left in the folder, once they are in the dated folder."""
    if aside is None:
        return
    for entry in aside.folder.iterdir():
        plain = folder / entry.name
        if plain.is_file() and not plain.is_symlink() and os.path.samefile(plain, entry):
            plain.unlink()
