"""Project configuration: a brief.toml at a project's root sets defaults its inputs inherit.

    template = "policy-brief"          # a set name (project or built-in) or a path
    templates = "templates"            # the folder of the project's own template sets
    output = "output"                  # where builds go
    organisation = "Eastern Europe Analysis Unit"
    logo = "assets/logo.svg"           # PNG or SVG, on every brief's title block
    footer_line = "Not for onward release"  # in every page's footer
    classification = "UNCLASSIFIED"
    scale = "icd203"                   # or the path of a scale file
    exclude = ["archive", "*/old"]     # folders `brief build FOLDER` leaves out (glob patterns)
    sign_key = "keys/office.p12"       # sign every PDF a build issues (password: BRIEF_SIGN_PASSWORD or a prompt)
    trust = "keys/office-ca.pem"       # the certificates `brief verify` trusts, run in this project

The project of an input is the nearest folder above it (or its own) holding brief.toml.
Paths in brief.toml are relative to that folder and must stay inside it.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

from brief import gate
from brief.errors import InputError, Problem, RefusedFile
from brief.input.images import image_problem
from brief.input.markings import DEFAULT_LADDER
from brief.input.suggestion import suggest
from brief.model.brief import is_file_reference
from brief.model.scales import SCALES, normalise
from brief.model.tables import INPUT_SUFFIXES

CONFIG = "brief.toml"
LOGO_SUFFIXES = (".png", ".svg")


class ProjectFile(BaseModel):
    """The settings brief.toml may hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    template: str | None = None
    templates: str | None = None
    output: str | None = None
    organisation: str | None = None
    logo: str | None = None
    footer_line: str | None = None  # a house line in every page's footer, both formats
    classification: str | None = None
    scale: str | None = None
    ladder: str | None = None
    exclude: tuple[str, ...] = ()  # folders (or glob patterns) below the project that batch builds leave out
    sign_key: str | None = None  # the office's PKCS#12 key and certificate; its password never comes from a file
    trust: str | None = None  # PEM certificates `brief verify` trusts, run in this project


@dataclass(frozen=True)
class Project:
    """The brief.toml an input falls under, if any, and its settings."""

    file: Path | None = None
    settings: ProjectFile = field(default_factory=ProjectFile)
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def root(self) -> Path | None:
        """The project's folder."""
        return self.file.parent if self.file else None

    def problem(self, key: str, message: str) -> Problem:
        """A Problem at the line of brief.toml where `key` was written."""
        return _problem(self.file or Path(CONFIG), self.lines, key, message)

    def origin(self, key: str) -> str:
        """Where a setting was written: brief.toml:4."""
        return f"{self.file}:{self.lines.get(key, 1)}"

    def template_roots(self, input_folder: Path | None = None) -> list[Path]:
        """Folders holding the project's template sets: the configured one, or templates/ beside the inputs."""
        roots = []
        if self.root is not None:
            roots.append(self.root / (self.settings.templates or "templates"))
        if input_folder is not None:
            roots.append(input_folder / "templates")
        return [root.resolve() for root in dict.fromkeys(roots) if root.is_dir()]

    def excludes(self, path: Path) -> bool:
        """Whether `path` (a folder or file) is in, or below, a folder brief.toml's `exclude` names."""
        if self.root is None or not path.resolve().is_relative_to(self.root.resolve()):
            return False
        relative = path.resolve().relative_to(self.root.resolve())
        folders = [relative, *relative.parents][:-1]  # the last parent is ".", the project itself
        return any(_matches(folder.parts, pattern) for folder in folders for pattern in self.settings.exclude)

    def path(self, key: str) -> Path | None:
        """A path setting, resolved against the project's folder."""
        value = getattr(self.settings, key)
        return (self.root / value).resolve() if value and self.root else None


def _matches(parts: tuple[str, ...], pattern: str) -> bool:
    """Whether a path (by its parts) matches a glob pattern part by part, so `*` never crosses a `/`."""
    wanted = [part for part in pattern.split("/") if part]
    return len(parts) == len(wanted) and all(fnmatch.fnmatchcase(part, glob) for part, glob in zip(parts, wanted, strict=True))


def find_project(start: Path) -> Project:
    """The project whose brief.toml is in `start` or the nearest folder above it."""
    for folder in (start.resolve(), *start.resolve().parents):
        if gate.present(folder / CONFIG):
            return read_project(folder / CONFIG)
    return Project()


def read_project(file: Path) -> Project:
    """Read and check a brief.toml; raise InputError at the lines of what is wrong."""
    try:
        text = gate.read_text(file, gate.PROJECT, [file.parent])
    except RefusedFile as error:
        raise InputError([Problem(str(file), None, None, "", f"refused: {error.reason}")]) from error
    lines = {match.group(1): number for number, line in enumerate(text.splitlines(), 1) if (match := re.match(r"\s*([\w-]+)\s*=", line))}
    try:
        settings = ProjectFile.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, RecursionError) as error:  # a thousand nested arrays exhaust tomllib
        raise InputError([Problem(str(file), None, None, "", f"this is not valid TOML: {error}")]) from error
    except ValidationError as error:
        problems = [_problem(file, lines, str(item["loc"][0]) if item["loc"] else "", _message(item)) for item in error.errors()]
        raise InputError(problems) from error
    project = Project(file.resolve(), settings, lines)
    _check_paths(project)
    return project


def _check_paths(project: Project) -> None:
    assert project.root is not None and project.file is not None
    problems = []
    for key in ("logo", "templates", "output", "scale", "ladder", "sign_key", "trust"):
        path = project.path(key)
        if path is None or (key in ("scale", "ladder") and not str(getattr(project.settings, key)).lower().endswith(INPUT_SUFFIXES)):
            continue
        if not path.is_relative_to(project.root.resolve()):
            problems.append(
                _problem(project.file, project.lines, key, f"{getattr(project.settings, key)!r} is outside the project's folder")
            )
        elif key == "logo" and (reason := _logo_problem(project.root, path)):
            problems.append(_problem(project.file, project.lines, key, f"{project.settings.logo!r} {reason}"))
    problems += _name_problems(project)
    if problems:
        raise InputError(problems)


def _message(item: ErrorDetails) -> str:
    """Pydantic's message, but for an unknown key the nearest setting and all of them, as an input's unknown field gets."""
    if item["type"] != "extra_forbidden":
        return item["msg"]
    name, accepted = str(item["loc"][0]), list(ProjectFile.model_fields)
    return f"unknown setting {name!r}; {suggest(name, accepted)}accepted: {', '.join(accepted)}"


def _name_problems(project: Project) -> list[Problem]:
    """A built-in scale or ladder name misspelt, with the nearest name; here, so it is reported at brief.toml's line with the rest."""
    assert project.file is not None
    problems = []
    for key, names in (("scale", tuple(SCALES)), ("ladder", (DEFAULT_LADDER.name,))):
        value = getattr(project.settings, key)
        if value is None or is_file_reference(value) or (name := normalise(value).replace(" ", "")) in names:
            continue
        message = f"{value!r} is not a known {key}; {suggest(name, names)}accepted: {', '.join(names)}, or the path of a {key} file (.yaml)"
        problems.append(_problem(project.file, project.lines, key, message))
    return problems


def _logo_problem(root: Path, path: Path) -> str | None:
    """Why the logo cannot be used, or None."""
    if path.suffix.lower() not in LOGO_SUFFIXES:
        return "is not a PNG or SVG file"
    try:
        data = gate.read_bytes(path, gate.LOGO, [root])
    except RefusedFile as error:
        return f"is refused: {error.reason}"
    return image_problem(data, path.suffix.lower())


def _problem(file: Path, lines: dict[str, int], key: str, message: str) -> Problem:
    return Problem(str(file), lines.get(key), None, key, message)
