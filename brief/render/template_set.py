"""Template sets: the folder an editor owns that gives a brief its look in both formats.

A set holds Jinja templates, style.css (the PDF's look), reference.docx (the DOCX's Word
styles), its fonts, and template.toml, which names the entry template, the fonts (declared
once, used by both writers) and any extra class-to-Word-style mappings.

A set may extend another (`extends = "policy-brief"`) and hold only what it changes: its
templates are searched first and the parent's after (a template can also name the parent's
explicitly, as "!policy-brief/base.html"), its style.css is added after the parent's, and
reference.docx, fonts and style mappings are inherited unless it has its own.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from brief import gate
from brief.errors import RefusedFile, TemplateError, TemplateNotFound

METADATA = "template.toml"
FACES = ("regular", "bold", "italic", "bold_italic")


class FontFamily(BaseModel):
    """A font family a set ships, with a file per face."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    family: str
    regular: str
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None

    def faces(self) -> dict[str, str]:
        """The face names this family ships, with their file paths relative to the set."""
        return {face: path for face in FACES if (path := getattr(self, face))}


class DocxOptions(BaseModel):
    """How the DOCX writer uses the set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reference: str = "reference.docx"
    embed_fonts: bool = True
    styles: dict[str, str] = Field(default_factory=dict)


class Metadata(BaseModel):
    """The contents of template.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    extends: str | None = None
    entry: str = "brief.html"
    stylesheet: str = "style.css"
    max_pages: int | None = Field(default=None, ge=1, description="Warn when the PDF runs longer.")
    permissions: tuple[Literal["print", "copy"], ...] | None = Field(default=None, description="What a reader of an encrypted copy may do.")
    fonts: tuple[FontFamily, ...] = ()
    docx: DocxOptions = DocxOptions()


@dataclass(frozen=True)
class Font:
    """A font family with the files of its faces, and the folder of the set that declares it (where they must be)."""

    family: str
    faces: dict[str, Path]
    folder: Path

    def read(self, face: str) -> bytes:
        """The bytes of one face's file, through the gate."""
        return gate.read_bytes(self.faces[face], gate.FONT, [self.folder])


@dataclass(frozen=True)
class TemplateSet:
    """A template set on disk, what its template.toml says, and the set it extends."""

    folder: Path
    metadata: Metadata
    parent: TemplateSet | None = None

    @property
    def name(self) -> str:
        """The set's name, as an input or --template gives it."""
        return self.metadata.name

    def chain(self) -> list[TemplateSet]:
        """This set, then the set it extends, and so on."""
        return [self, *(self.parent.chain() if self.parent else [])]

    @property
    def folders(self) -> list[Path]:
        """The folders templates are searched in, this set's first."""
        return [member.folder for member in self.chain()]

    @property
    def reference_docx(self) -> Path:
        """The Word document whose styles, page setup and parts the DOCX starts from."""
        for member in self.chain():
            candidate = member.folder / member.metadata.docx.reference
            if gate.present(candidate):
                return candidate
        return self.folder / self.metadata.docx.reference

    @property
    def stylesheets(self) -> list[Path]:
        """The stylesheets of the chain, the furthest ancestor's first, so a child's rules win."""
        return [path for member in reversed(self.chain()) if gate.present(path := member.folder / member.metadata.stylesheet)]

    @property
    def fonts(self) -> list[Font]:
        """The fonts of the chain; a family declared again by a child replaces the parent's."""
        fonts: dict[str, Font] = {}
        for member in reversed(self.chain()):
            for family in member.metadata.fonts:
                faces = {face: member.folder / path for face, path in family.faces().items()}
                fonts[family.family] = Font(family.family, faces, member.folder)
        return list(fonts.values())

    @property
    def permissions(self) -> tuple[str, ...] | None:
        """What a reader of an encrypted copy may do, from the nearest set of the chain that says; None when none does."""
        return next((member.metadata.permissions for member in self.chain() if member.metadata.permissions is not None), None)

    @property
    def docx_styles(self) -> dict[str, str]:
        """Class-to-Word-style mappings of the chain, a child's winning."""
        styles: dict[str, str] = {}
        for member in reversed(self.chain()):
            styles |= member.metadata.docx.styles
        return styles

    def find_markup(self, tag: str, class_name: str | None) -> str:
        """Where in the set's templates an element is written: "base.html:57", for error messages."""
        pattern = re.compile(rf"<{re.escape(tag)}\b" + (rf"[^>]*class=\"[^\"]*\b{re.escape(class_name)}\b" if class_name else ""))
        return self.find_line(pattern.search) or self.unplaced

    @property
    def unplaced(self) -> str:
        """Where a problem is when no template line holds it."""
        return f"{self.folder} (the rendered document)"

    def find_line(self, matches: Callable[[str], object]) -> str | None:
        """The first template line of the chain that `matches` ("base.html:57"), if any."""
        for folder in self.folders:
            for template in gate.walk(folder):
                if template.suffix != ".html":
                    continue
                try:
                    text = gate.read_text(template, gate.TEMPLATE, [folder])
                except RefusedFile:
                    continue  # only looking for a line to point at; the build refuses the file itself
                for number, line in enumerate(text.splitlines(), 1):
                    if matches(line):
                        return f"{template}:{number}"
        return None


def builtin_root() -> Path:
    """The folder of built-in sets: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).parents[1] / "templates"
    return packaged if packaged.is_dir() else Path(__file__).parents[2] / "templates"


def set_folders(root: Path) -> list[Path]:
    """The template sets directly inside `root`."""
    return sorted(folder for folder in root.iterdir() if gate.present(folder / METADATA)) if root.is_dir() else []


def builtin_names() -> list[str]:
    """Names of the built-in template sets."""
    return [folder.name for folder in set_folders(builtin_root())]


def available_sets(project_roots: Sequence[Path] = ()) -> list[tuple[TemplateSet, str]]:
    """The project's sets and the built-in ones, each with where it comes from."""
    found: dict[Path, tuple[TemplateSet, str]] = {}
    for root, origin in [(builtin_root(), "built-in"), *((root, "project") for root in project_roots)]:
        for folder in set_folders(root):
            found.setdefault(folder.resolve(), (read_template_set(folder, project_roots), origin))
    return list(found.values())


def find_template_set(spec: str, base: Path, project_roots: Sequence[Path] = ()) -> TemplateSet:
    """The set `spec` names: a folder (relative to `base`), a project set's name, or a built-in set's name."""
    for folder in (base / spec, *(root / spec for root in project_roots), builtin_root() / spec):
        if gate.present(folder / METADATA):
            return read_template_set(folder, project_roots)
    raise TemplateNotFound(
        f"no template set {spec!r}: built-in sets are {', '.join(builtin_names())}; a path must be a folder holding {METADATA}"
    )


def read_template_set(folder: Path, project_roots: Sequence[Path] = (), seen: tuple[Path, ...] = ()) -> TemplateSet:
    """Read a set's template.toml and the sets it extends; raise TemplateError naming what is wrong."""
    folder = folder.resolve()
    if folder in seen:
        raise TemplateError(f"{folder / METADATA}: extends itself through {', '.join(map(str, seen))}")
    text = _read_text(folder / METADATA)
    metadata = _parse_metadata(folder / METADATA, text)
    _check_named_files(folder, metadata, text)
    parent = None
    if metadata.extends:
        parent_folder = _parent_folder(metadata.extends, folder, project_roots)
        parent = read_template_set(parent_folder, project_roots, (*seen, folder))
    return TemplateSet(folder, metadata, parent)


def _parent_folder(spec: str, folder: Path, project_roots: Sequence[Path]) -> Path:
    for candidate in (folder / spec, *(root / spec for root in project_roots), builtin_root() / spec):
        if gate.present(candidate / METADATA) and candidate.resolve() != folder:
            return candidate
    raise TemplateError(
        f"{folder / METADATA}: extends {spec!r}, which is not a template set; built-in sets are {', '.join(builtin_names())}"
    )


def _read_text(path: Path) -> str:
    try:
        return gate.read_text(path, gate.SET_METADATA, [path.parent])
    except RefusedFile as error:
        raise TemplateError(str(error)) from error


def _check_named_files(folder: Path, metadata: Metadata, text: str) -> None:
    """Every file template.toml names must lie inside the set: refused at its line before anything reads it."""
    named = [(metadata.entry, gate.TEMPLATE), (metadata.stylesheet, gate.STYLESHEET), (metadata.docx.reference, gate.REFERENCE)]
    named += [(path, gate.FONT) for family in metadata.fonts for path in family.faces().values()]
    lines = text.splitlines()
    for value, kind in named:
        line = next((number for number, written in enumerate(lines, 1) if value in written), 1)
        try:
            gate.real_path(folder / value, kind, [folder], named_at=f"{folder / METADATA}:{line}")
        except RefusedFile as error:
            raise TemplateError(str(error)) from error


def _parse_metadata(path: Path, text: str) -> Metadata:
    try:
        return Metadata.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, RecursionError) as error:  # a thousand nested arrays exhaust tomllib
        raise TemplateError(f"{path}: this is not valid TOML: {error}") from error
    except ValidationError as error:
        reasons = "; ".join(f"{'.'.join(map(str, item['loc']))}: {item['msg']}" for item in error.errors())
        raise TemplateError(f"{path}: {reasons}") from error
