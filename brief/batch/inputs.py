"""Which inputs a command line means: the files it names, and every input file in the folders it names.

A folder means every .yaml, .yml and .json file in it and below, except:
- hidden files and folders (a name starting with "."), which hold version control, editor
  state and the output store;
- manifests (*.manifest.json), which builds write;
- the project's output and template folders, and the folders its brief.toml `exclude` names;
- files that other inputs found there name: previous versions, scale and ladder files.
A file named on the command line is always an input. Each input keeps the folder it sits in
relative to the common base of the arguments, which its outputs mirror (plan.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from brief.errors import BriefError, UsageError
from brief.input.document import read_document
from brief.input.loader import named_files
from brief.input.project import Project, find_project
from brief.model.tables import INPUT_SUFFIXES

MANIFEST_SUFFIX = ".manifest.json"


@dataclass(frozen=True)
class Input:
    """An input to build, and the folder its outputs go in, relative to the output folder."""

    path: Path
    folder: Path

    @property
    def place(self) -> str:
        """Where the input sits below the arguments' common base: its outputs' place, and its order in a shard."""
        return (self.folder / self.path.name).as_posix()


def collect(arguments: Sequence[Path], leave_out: Sequence[Path] = ()) -> list[Input]:
    """The inputs `arguments` mean, in the order given (a folder's in path order); `leave_out` holds folders to skip (--out)."""
    base = _common_base(arguments)
    paths: dict[Path, Path] = {}
    for argument in arguments:
        found = _inputs_below(argument, tuple(folder.resolve() for folder in leave_out)) if argument.is_dir() else [argument]
        for path in found:
            paths.setdefault(path.resolve(), path)
    return [Input(path, path.parent.resolve().relative_to(base)) for path in paths.values()]


def _common_base(arguments: Sequence[Path]) -> Path:
    """The deepest folder holding every argument: a folder argument counts as itself, a file as its folder."""
    for argument in arguments:
        if not argument.exists():
            raise UsageError(f"{argument}: no such file or folder")
    # A file's folder is the folder it is named in, not the one a link leads to (a link's target may be anywhere).
    folders = [argument.resolve() if argument.is_dir() else argument.parent.resolve() for argument in arguments]
    return Path(os.path.commonpath(folders))


def _inputs_below(folder: Path, leave_out: tuple[Path, ...]) -> list[Path]:
    """Every input file in `folder` and below that no other input there names."""
    scan = _Scan(leave_out)
    found = sorted(scan.candidates(folder), key=lambda path: path.relative_to(folder).parts)
    named = {named.resolve() for path in found for named in scan.named(path)}
    return [path for path in found if path.resolve() not in named]


class _Scan:
    """One walk over the folders a command line names, finding each folder's project once."""

    def __init__(self, leave_out: tuple[Path, ...]) -> None:
        self.leave_out = leave_out
        self.projects: dict[Path, Project] = {}

    def candidates(self, folder: Path) -> Iterator[Path]:
        """Input files below `folder`, in path order, skipping what the module's docstring lists (links to folders are not followed)."""
        for root, folders, files in os.walk(folder):
            here = Path(root)
            folders[:] = sorted(name for name in folders if not self.skipped(here / name))
            yield from (here / name for name in sorted(files) if _is_input_name(name))

    def skipped(self, folder: Path) -> bool:
        """Whether a batch leaves out `folder`: hidden, the output folder, or the project's output, templates or exclusions."""
        if folder.name.startswith(".") or folder.name == "__pycache__" or folder.resolve() in self.leave_out:
            return True
        project = self.project(folder)
        kept_apart = [project.path("output"), *project.template_roots()]
        return folder.resolve() in kept_apart or project.excludes(folder)

    def named(self, path: Path) -> tuple[Path, ...]:
        """The files an input names; none when it cannot be read (its build will say why)."""
        try:
            return named_files(read_document(path), path, self.project(path.parent))
        except BriefError:
            return ()

    def project(self, folder: Path) -> Project:
        """The project a folder is in; a broken brief.toml counts as none here, and its inputs' builds report it."""
        if folder not in self.projects:
            try:
                self.projects[folder] = find_project(folder)
            except BriefError:
                self.projects[folder] = Project()
        return self.projects[folder]


def _is_input_name(name: str) -> bool:
    return name.lower().endswith(INPUT_SUFFIXES) and not name.startswith(".") and not name.endswith(MANIFEST_SUFFIX)
