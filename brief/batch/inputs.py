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

from brief import gate
from brief.errors import BriefError, RefusedFile, UsageError
from brief.input.document import read_document
from brief.input.loader import named_files
from brief.input.project import Project, find_project
from brief.model.tables import INPUT_SUFFIXES

MANIFEST_SUFFIX = ".manifest.json"


@dataclass(frozen=True)
class Input:
    """An input to build, the folder its outputs go in (relative to the output folder), and why it is refused, if it is."""

    path: Path
    folder: Path
    refusal: RefusedFile | None = None

    @property
    def place(self) -> str:
        """Where the input sits below the arguments' common base: its outputs' place, and its order in a shard."""
        return (self.folder / self.path.name).as_posix()


@dataclass(frozen=True)
class Found:
    """The inputs a command line means, and the files its folders hold that other inputs name, each with one naming it."""

    inputs: list[Input]
    left_out: dict[Path, Path]


def collect(arguments: Sequence[Path], leave_out: Sequence[Path] = ()) -> Found:
    """The inputs `arguments` mean, in the order given (a folder's in path order); `leave_out` holds folders to skip (--out)."""
    base = _common_base(arguments)
    scan = _Scan(tuple(real(folder) for folder in leave_out))
    inputs: dict[Path, Input] = {}
    for argument in arguments:
        found = scan.inputs_below(argument) if argument.is_dir() else [(argument, None)]
        for path, refusal in found:
            inputs.setdefault(real(path), Input(path, real(path.parent).relative_to(base), refusal))
    return Found(list(inputs.values()), scan.left_out)


def real(path: Path) -> Path:
    """The real path of `path`, links followed as far as they go: a link loop is left for the build to report, not raised here."""
    return Path(os.path.realpath(path))


def _common_base(arguments: Sequence[Path]) -> Path:
    """The deepest folder holding every argument: a folder argument counts as itself, a file as its folder."""
    for argument in arguments:
        if not os.path.lexists(argument):
            raise UsageError(f"{argument}: no such file or folder")
    # A file's folder is the folder it is named in, not the one a link leads to (a link's target may be anywhere).
    folders = [real(argument) if argument.is_dir() else real(argument.parent) for argument in arguments]
    return Path(os.path.commonpath(folders))


class _Scan:
    """One walk over the folders a command line names, finding each folder's project once."""

    def __init__(self, leave_out: tuple[Path, ...]) -> None:
        self.leave_out = leave_out
        self.projects: dict[Path, Project] = {}
        self.left_out: dict[Path, Path] = {}

    def inputs_below(self, folder: Path) -> list[tuple[Path, RefusedFile | None]]:
        """Every input file below `folder` but those other inputs there depend on; a link out of `folder` comes with its refusal."""
        found = sorted(self.candidates(folder), key=lambda path: path.relative_to(folder).parts)
        dependencies = _dependencies({path: self.named(path) for path in found})
        self.left_out |= dependencies
        return [(path, _escape(path, folder)) for path in found if path not in dependencies]

    def candidates(self, folder: Path) -> Iterator[Path]:
        """Input files below `folder`, in path order, skipping what the module's docstring lists (links to folders are not followed)."""
        for root, folders, files in os.walk(folder):
            here = Path(root)
            folders[:] = sorted(name for name in folders if not self.skipped(here / name))
            yield from (here / name for name in sorted(files) if _is_input_name(name))

    def skipped(self, folder: Path) -> bool:
        """Whether a batch leaves out `folder`: hidden, the output folder, or the project's output, templates or exclusions."""
        if folder.name.startswith(".") or folder.name == "__pycache__" or real(folder) in self.leave_out:
            return True
        project = self.project(folder)
        # A project whose output (or templates) folder is its own root keeps its inputs there all the same.
        kept_apart = {project.path("output"), *project.template_roots()} - {project.root and real(project.root)}
        return real(folder) in kept_apart or project.excludes(folder)

    def named(self, path: Path) -> set[Path]:
        """The files an input names, by their paths as the scan found them; none when it cannot be read (its build will say why)."""
        try:
            named = named_files(read_document(path), path, self.project(path.parent))
        except (BriefError, OSError, RuntimeError):  # a link loop raises RuntimeError in Path.resolve
            return set()
        return {real(file) for file in named} - {real(path)}

    def project(self, folder: Path) -> Project:
        """The project a folder is in; a broken brief.toml counts as none here, and its inputs' builds report it."""
        if folder not in self.projects:
            try:
                self.projects[folder] = find_project(folder)
            except BriefError:
                self.projects[folder] = Project()
        return self.projects[folder]


def _dependencies(names: dict[Path, set[Path]]) -> dict[Path, Path]:
    """The files that inputs depend on, each with an input naming it: those reachable from an input no other names.

    Files that only name each other (a names b as its previous version, b names a) have no such
    input above them, so all of them stay inputs, and their builds say what is wrong.
    """
    by_real = {real(path): path for path in names}
    named_by = {real(file): path for path, files in names.items() for file in files if file in by_real}
    waiting = [path for path in names if real(path) not in named_by]
    left_out: dict[Path, Path] = {}
    while waiting:
        naming = waiting.pop()
        for file in names[naming]:
            found = by_real.get(file)
            if found is not None and found not in left_out and real(found) in named_by:
                left_out[found] = naming
                waiting.append(found)
    return left_out


def _escape(path: Path, folder: Path) -> RefusedFile | None:
    """The refusal of a file found in `folder` that is a link to somewhere outside it: a folder is no way to read other files."""
    try:
        gate.real_path(path, gate.INPUT, [folder])
    except RefusedFile as refusal:
        return refusal
    return None


def _is_input_name(name: str) -> bool:
    return name.lower().endswith(INPUT_SUFFIXES) and not name.startswith(".") and not name.endswith(MANIFEST_SUFFIX)
