"""The load stage: an input file on disk becomes a validated Brief.

This is the only place raw parsed data exists; every later stage takes a LoadedBrief. The
files an input may name (a custom scale, the previous version) are read here too, and only
from the input's own folder or below it: an input is never a way to read another file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from brief import gate
from brief.errors import InputError, Problem, RefusedFile
from brief.input.document import Document, read_document
from brief.input.markings import DEFAULT_LADDER, Ladder, Markings, read_ladder, resolve_markings
from brief.input.positions import FieldPath
from brief.input.project import Project, find_project
from brief.input.scale_file import read_scale
from brief.input.settings import Setting, Settings, layer
from brief.input.spellings import settle_spellings
from brief.input.validation import validate
from brief.model.brief import Brief, is_file_reference
from brief.model.scales import SCALES, Scale, normalise
from brief.model.tables import DEFAULT_SCALE


@dataclass(frozen=True)
class Release:
    """A releasable version: the level it is cut to, and the judgements that lost all their evidence."""

    level: str
    flagged: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoadedBrief:
    """A validated brief with its file, where each value was written, its project settings, its scale and its previous version."""

    path: Path
    brief: Brief
    document: Document
    scale: Scale
    project: Project
    settings: Settings
    markings: Markings
    previous: LoadedBrief | None = None
    release: Release | None = None

    def problem(self, path: FieldPath, message: str) -> Problem:
        """A Problem at the line where the field at `path` was written."""
        return self.document.problem(path, message)


def load(path: Path, *, follow_previous: bool = True, project: Project | None = None) -> LoadedBrief:
    """Read, parse and validate one input file; raise InputError listing every problem."""
    return load_document(read_document(path), path, follow_previous=follow_previous, project=project)


def load_document(document: Document, path: Path, *, follow_previous: bool = True, project: Project | None = None) -> LoadedBrief:
    """Validate a parsed input that was read from `path`; raise InputError listing every problem."""
    project = find_project(path.parent) if project is None else project
    document = settle_spellings(document)
    settings = layer(document.data, document.positions, document.file, project)
    scale, problems = _scale(document, path.parent, settings["scale"], project)
    brief = validate(document, scale, problems)
    assert scale is not None  # a scale that failed left problems, and validate raised
    markings = _markings(document, path.parent, settings, project)
    loaded = LoadedBrief(path, brief, document, scale, project, settings, markings)
    if follow_previous and brief.previous:
        loaded = replace(loaded, previous=_previous(loaded, brief.previous))
    return loaded


def _scale(document: Document, folder: Path, setting: Setting, project: Project) -> tuple[Scale | None, list[Problem]]:
    """The scale likelihoods are checked against, and any problem in finding it."""
    value = setting.value or DEFAULT_SCALE
    if not isinstance(document.data.get("scale", ""), str):
        return None, []  # validation reports the type
    problem = _setting_problem(document, setting, project)
    if not is_file_reference(value):
        found = SCALES.get(normalise(value).replace(" ", ""))
        if found is None and setting.from_project:
            return None, [problem(f"{value!r} is not a known scale; accepted: {', '.join(SCALES)}, or the path of a scale file")]
        return found, []  # an unknown name in the input is reported by validation
    try:
        return read_scale(*_setting_file(setting, value, folder, project)), []
    except ValueError as error:
        return None, [problem(str(error))]
    except InputError as error:
        return None, list(error.problems)


def _markings(document: Document, folder: Path, settings: Settings, project: Project) -> Markings:
    """The brief's banner and portion marks; raise InputError for a bad ladder or marking."""
    setting = settings["ladder"]
    ladder = None
    if setting.value is not None:
        try:
            ladder = _ladder(setting, folder, project)
        except ValueError as error:
            raise InputError([_setting_problem(document, setting, project)(str(error))]) from error
    classification = settings["classification"]
    markings, problems = resolve_markings(document.data, document, ladder, (classification.value, classification.from_input))
    if problems:
        raise InputError(problems)
    return markings


def _ladder(setting: Setting, folder: Path, project: Project) -> Ladder:
    value = setting.value or "default"
    if not is_file_reference(value):
        if value.strip().lower() != DEFAULT_LADDER.name:
            raise ValueError(f"{value!r} is not a ladder; accepted: default, or the path of a ladder file (.yaml)")
        return DEFAULT_LADDER
    return read_ladder(*_setting_file(setting, value, folder, project))


def _setting_file(setting: Setting, value: str, folder: Path, project: Project) -> tuple[Path, Path]:
    """The file a setting names and the folder it must be in: the project's when brief.toml gave it, else the input's."""
    base, _ = _named_base(setting, folder, project)
    return named_file(base, value), base


def _setting_problem(document: Document, setting: Setting, project: Project) -> Callable[[str], Problem]:
    """Problems about a setting, pointed at brief.toml or at the input, wherever it was written."""
    if setting.from_project:
        return lambda message: project.problem(setting.name, message)
    return lambda message: document.problem((setting.name,), message)


def _previous(loaded: LoadedBrief, value: str) -> LoadedBrief:
    try:
        path = named_file(loaded.path.parent, value)
    except ValueError as error:
        raise InputError([loaded.problem(("previous",), str(error))]) from error
    if path.resolve() == loaded.path.resolve():
        raise InputError([loaded.problem(("previous",), "names this same file; give the input of the previous version")])
    try:
        document = read_document(path, [loaded.path.parent])
        return load_document(document, path, follow_previous=False, project=loaded.project)
    except InputError as error:
        raise InputError([loaded.problem(("previous",), "the previous version has problems, listed below"), *error.problems]) from error


def named_files(document: Document, path: Path, project: Project) -> tuple[Path, ...]:
    """The files an input names that exist (its previous version, scale and ladder files), whatever else is wrong with it.

    A batch leaves these out of a folder's inputs, and a build's key covers their bytes.
    """
    document = settle_spellings(document)
    settings = layer(document.data, document.positions, document.file, project)
    named = [(path.parent, document.data.get("previous"))]
    named += [_named_base(settings[name], path.parent, project) for name in ("scale", "ladder")]
    found = []
    for base, value in named:
        with contextlib.suppress(ValueError):
            if isinstance(value, str) and value:
                found.append(named_file(base, value))
    return tuple(found)


def _named_base(setting: Setting, folder: Path, project: Project) -> tuple[Path, str | None]:
    return (project.root if setting.from_project and project.root else folder), setting.value


def named_file(folder: Path, value: str) -> Path:
    """A YAML or JSON file an input names, which must be a regular file whose real path is in the input's folder or below."""
    if not is_file_reference(value):
        raise ValueError(f"{value!r} is not a .yaml, .yml or .json file")
    path = folder / value
    try:
        gate.real_path(path, gate.INPUT, [folder])
    except RefusedFile as error:
        raise ValueError(f"{value!r} is outside the input's folder; files an input names must be in its folder or below") from error
    if not gate.present(path):
        raise ValueError(f"{value!r} does not exist in the input's folder")
    try:
        gate.check(path, gate.INPUT, [folder])
    except RefusedFile as error:
        raise ValueError(f"{value!r} is refused: {error.reason}") from error
    return path
