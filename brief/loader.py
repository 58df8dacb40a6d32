"""The load stage: an input file on disk becomes a validated Brief.

This is the only place raw parsed data exists; every later stage takes a LoadedBrief. The
files an input may name (a custom scale, the previous version) are read here too, and only
from the input's own folder or below it: an input is never a way to read another file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from brief.errors import InputError, Problem
from brief.marks import FieldPath, format_path
from brief.model import Brief, is_file_reference
from brief.scale_file import read_scale
from brief.scales import SCALES, Scale, normalise
from brief.validation import validate
from brief.yaml_reader import Document, read_document


@dataclass(frozen=True)
class LoadedBrief:
    """A validated brief with its file, where each value was written, its scale and its previous version."""

    path: Path
    brief: Brief
    document: Document
    scale: Scale
    previous: LoadedBrief | None = None

    def problem(self, path: FieldPath, message: str) -> Problem:
        """A Problem at the line where the field at `path` was written."""
        position = self.document.marks.locate(path)
        line, column = (position.line, position.column) if position else (None, None)
        return Problem(self.document.file, line, column, format_path(path), message)


def load(path: Path, *, follow_previous: bool = True) -> LoadedBrief:
    """Read, parse and validate one input file; raise InputError listing every problem."""
    return load_document(read_document(path), path, follow_previous=follow_previous)


def load_document(document: Document, path: Path, *, follow_previous: bool = True) -> LoadedBrief:
    """Validate a parsed input that was read from `path`; raise InputError listing every problem."""
    scale, problems = _scale(document, path.parent)
    brief = validate(document, scale, problems)
    assert scale is not None  # a scale that failed left problems, and validate raised
    loaded = LoadedBrief(path, brief, document, scale)
    if follow_previous and brief.previous:
        loaded = LoadedBrief(path, brief, document, scale, _previous(loaded, brief.previous))
    return loaded


def _scale(document: Document, folder: Path) -> tuple[Scale | None, list[Problem]]:
    """The scale likelihoods are checked against, and any problem in finding it."""
    value = document.data.get("scale", "icd203")
    if not isinstance(value, str):
        return None, []  # validation reports the type
    if not is_file_reference(value):
        return SCALES.get(normalise(value).replace(" ", "")), []  # an unknown name is reported by validation
    try:
        return read_scale(named_file(folder, value)), []
    except ValueError as error:
        position = document.marks.locate(("scale",))
        line, column = (position.line, position.column) if position else (None, None)
        return None, [Problem(document.file, line, column, "scale", str(error))]
    except InputError as error:
        return None, list(error.problems)


def _previous(loaded: LoadedBrief, value: str) -> LoadedBrief:
    try:
        path = named_file(loaded.path.parent, value)
    except ValueError as error:
        raise InputError([loaded.problem(("previous",), str(error))]) from error
    if path == loaded.path.resolve():
        raise InputError([loaded.problem(("previous",), "names this same file; give the input of the previous version")])
    try:
        return load(path, follow_previous=False)
    except InputError as error:
        raise InputError([loaded.problem(("previous",), "the previous version has problems, listed below"), *error.problems]) from error


def named_file(folder: Path, value: str) -> Path:
    """A YAML or JSON file an input names, which must lie in the input's folder or below it."""
    path = (folder / value).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise ValueError(f"{value!r} is outside the input's folder; files an input names must be in its folder or below")
    if not is_file_reference(path.name):
        raise ValueError(f"{value!r} is not a .yaml, .yml or .json file")
    if not path.is_file():
        raise ValueError(f"{value!r} does not exist in the input's folder")
    return path
