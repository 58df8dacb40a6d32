"""Manifests: what a build issued, so a copy can be proved to be one it issued.

Each build writes <name>.manifest.json beside its outputs: every file with its SHA-256 (and,
for a numbered copy, its number and recipient), the input's hash, the template set's hash
and the version of brief. It holds no timestamp, so the same build gives the same manifest.
`brief verify FILE` finds the manifests beside FILE and says whether one lists its content.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief import __version__, gate
from brief.errors import BriefError, RefusedFile
from brief.template_set import TemplateSet

SUFFIX = ".manifest.json"


class NotIssued(BriefError):
    """A file no manifest lists: it was not issued by brief, or it has been changed since."""


@dataclass(frozen=True)
class Issued:
    """A file a manifest lists, and what the manifest says of it."""

    file: Path
    manifest: Path
    entry: dict[str, Any]
    input: str

    def describe(self) -> str:
        """One line for a user: which file of which build this is."""
        copy = self.entry.get("copy")
        what = (
            f"copy {copy['number']} of {copy['of']}, prepared for {copy['recipient']}"
            if copy
            else f"the {self.entry['format'].upper()} issued"
        )
        release = self.entry.get("release_to")
        return f"{self.file}: {what}{f', releasable to {release}' if release else ''}, of {self.input} (listed in {self.manifest})"


def sha256(data: bytes) -> str:
    """The SHA-256 of some bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def template_digest(template_set: TemplateSet) -> str:
    """A hash of every file of a template set and the sets it extends."""
    digest = hashlib.sha256()
    for folder in template_set.folders:
        for path in gate.walk(folder):
            if "__pycache__" not in path.parts:
                data = gate.read_bytes(path, gate.SET_FILE, [folder])
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def manifest(
    files: dict[Path, bytes],
    copies: dict[Path, dict[str, Any]],
    input_name: str,
    input_bytes: bytes,
    template_set: TemplateSet,
    release_to: str | None,
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
        "input": {"file": input_name, "sha256": sha256(input_bytes)},
        "template_set": {"name": template_set.name, "sha256": template_digest(template_set)},
        "release_to": release_to,
        "files": entries,
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def verify(file: Path, manifests: list[Path] | None = None) -> Issued:
    """The manifest entry listing `file`'s exact content; raise NotIssued naming what differs."""
    digest = sha256(gate.read_bytes(file, gate.ISSUED, None))
    candidates = manifests if manifests is not None else sorted(file.parent.glob("*" + SUFFIX))
    same_name = None
    for path in candidates:
        document = _read(path)
        for entry in document.get("files", []):
            if entry.get("sha256") == digest:
                return Issued(file, path, entry, str(document.get("input", {}).get("file")))
            if entry.get("file") == file.name:
                same_name = (path, entry)
    if same_name:
        path, entry = same_name
        raise NotIssued(f"{file}: changed since it was issued: {path} lists it with SHA-256 {entry.get('sha256')}, and it now has {digest}")
    where = ", ".join(map(str, candidates)) or f"no manifest beside it in {file.parent}"
    raise NotIssued(
        f"{file}: no manifest lists this content (SHA-256 {digest}; looked in {where}): it was not issued by brief, or it has been changed"
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(gate.read_text(path, gate.MANIFEST, None))
    except (RefusedFile, json.JSONDecodeError) as error:
        raise NotIssued(f"{path}: cannot read this manifest: {error}") from error
    return document if isinstance(document, dict) else {}
