"""The build key: one hash of everything a build's outputs depend on, so an unchanged brief need not be built again.

It covers the input's bytes, every file the input names (its previous version, scale and
ladder files, and those its previous version names), the project's brief.toml and logo, every
file of the template set and the sets it extends, the version of brief, and the options that
change what is written (formats, release level, copies, the recipients a file lists but never
their passwords, signer and permissions, PDF/A, strictness).
It does not cover the output folder, nor the system's fonts and libraries (WeasyPrint, Pango,
HarfBuzz): after upgrading those, build with --force. Each build writes its key in its
manifest; `brief build` skips a brief whose manifest holds the key it would write now and
whose files are all there as the manifest lists them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brief import __version__, gate
from brief.input.loader import LoadedBrief, named_files
from brief.render.template_set import TemplateSet

# A template set's digest, by the names, sizes and change times of its files: a batch hashes a set's fonts once, not per brief.
_DIGESTS: dict[tuple[tuple[str, int, int], ...], str] = {}


def build_key(loaded: LoadedBrief, template_set: TemplateSet, options: Mapping[str, Any]) -> str:
    """The key of building `loaded` with `template_set` and `options` (JSON-ready values; a Path is hashed by its bytes)."""
    digest = hashlib.sha256()
    for part in _parts(loaded, template_set, options):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def template_digest(template_set: TemplateSet) -> str:
    """A hash of every file of a template set and the sets it extends."""
    files = [(folder, path) for folder in template_set.folders for path in gate.walk(folder) if "__pycache__" not in path.parts]
    signature = tuple(_signature(path) for _, path in files)
    if signature not in _DIGESTS:
        digest = hashlib.sha256()
        for folder, path in files:
            data = gate.read_bytes(path, gate.SET_FILE, [folder])
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + data + b"\0")
        _DIGESTS[signature] = digest.hexdigest()
    return _DIGESTS[signature]


def _parts(loaded: LoadedBrief, template_set: TemplateSet, options: Mapping[str, Any]) -> list[bytes]:
    """Each thing the key covers, as bytes, in a fixed order."""
    settings = {name: option for name, option in options.items() if not isinstance(option, Path)}
    files = [option for option in options.values() if isinstance(option, Path)]
    files += [*_named(loaded), *_project_files(loaded)]
    parts = [__version__.encode(), json.dumps(settings, sort_keys=True).encode(), loaded.document.raw]
    parts += [template_digest(template_set).encode()]
    return parts + [_file_part(path) for path in files]


def _named(loaded: LoadedBrief) -> list[Path]:
    """The files the input names, and those its previous version names."""
    named = list(named_files(loaded.document, loaded.path, loaded.project))
    if loaded.previous is not None:
        named += named_files(loaded.previous.document, loaded.previous.path, loaded.project)
    return named


def _project_files(loaded: LoadedBrief) -> list[Path]:
    logo = loaded.project.path("logo")
    return [path for path in (loaded.project.file, logo) if path is not None]


def _file_part(path: Path) -> bytes:
    """A named file's bytes, read through the gate again: it may have been swapped for a FIFO since it was loaded."""
    return gate.read_bytes(path, gate.DEPENDENCY, None)


def _signature(path: Path) -> tuple[str, int, int]:
    status = os.lstat(path)
    return str(path), status.st_size, status.st_mtime_ns
