"""Template sets: the folder an editor owns that gives a brief its look in both formats.

A set holds Jinja templates, style.css (the PDF's look), reference.docx (the DOCX's Word
styles), its fonts, and template.toml, which names the entry template, the fonts (declared
once, used by both writers) and any extra class-to-Word-style mappings.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from brief.errors import TemplateError, TemplateNotFound

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
    entry: str = "brief.html"
    fonts: tuple[FontFamily, ...] = ()
    docx: DocxOptions = DocxOptions()


@dataclass(frozen=True)
class TemplateSet:
    """A template set on disk and what its template.toml says."""

    folder: Path
    metadata: Metadata

    @property
    def name(self) -> str:
        """The set's name, as an input or --template gives it."""
        return self.metadata.name

    @property
    def reference_docx(self) -> Path:
        """The Word document whose styles, page setup and parts the DOCX starts from."""
        return self.folder / self.metadata.docx.reference

    def path(self, relative: str) -> Path:
        """A file of the set, by its path relative to the set's folder."""
        return self.folder / relative

    def find_markup(self, tag: str, class_name: str | None) -> str:
        """Where in the set's templates an element is written: "base.html:57", for error messages."""
        pattern = re.compile(rf"<{re.escape(tag)}\b" + (rf"[^>]*class=\"[^\"]*\b{re.escape(class_name)}\b" if class_name else ""))
        for template in sorted(self.folder.rglob("*.html")):
            for number, line in enumerate(template.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if pattern.search(line):
                    return f"{template}:{number}"
        return f"{self.folder} (the rendered document)"


def builtin_root() -> Path:
    """The folder of built-in sets: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).parent / "templates"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "templates"


def builtin_names() -> list[str]:
    """Names of the built-in template sets."""
    return sorted(folder.name for folder in builtin_root().iterdir() if (folder / METADATA).is_file())


def find_template_set(spec: str, base: Path) -> TemplateSet:
    """The set `spec` names: a folder (relative to `base`) or a built-in set's name."""
    for folder in (base / spec, builtin_root() / spec):
        if (folder / METADATA).is_file():
            return read_template_set(folder)
    raise TemplateNotFound(
        f"no template set {spec!r}: built-in sets are {', '.join(builtin_names())}; a path must be a folder holding {METADATA}"
    )


def read_template_set(folder: Path) -> TemplateSet:
    """Read a set's template.toml; raise TemplateError naming what is wrong in it."""
    metadata_file = folder / METADATA
    try:
        raw = tomllib.loads(metadata_file.read_text(encoding="utf-8"))
        return TemplateSet(folder.resolve(), Metadata.model_validate(raw))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TemplateError(f"{metadata_file}: cannot read it: {error}") from error
    except ValidationError as error:
        reasons = "; ".join(f"{'.'.join(map(str, item['loc']))}: {item['msg']}" for item in error.errors())
        raise TemplateError(f"{metadata_file}: {reasons}") from error
