"""The load stage: an input file on disk becomes a validated Brief.

This is the only place raw parsed data exists; every later stage takes a LoadedBrief.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from brief.model import Brief
from brief.validation import validate
from brief.yaml_reader import Document, read_document


@dataclass(frozen=True)
class LoadedBrief:
    """A validated brief with the file it came from and where each of its values was written."""

    path: Path
    brief: Brief
    document: Document


def load(path: Path) -> LoadedBrief:
    """Read, parse and validate one input file; raise InputError listing every problem."""
    document = read_document(path)
    return LoadedBrief(path, validate(document), document)
