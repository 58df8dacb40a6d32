"""The build: load, validate, render, write. One short function per stage, run in order.

Every output of a build is made in memory first and written only when all are ready, so a
build that fails writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from brief.errors import InputError, TemplateNotFound, UsageError
from brief.loader import LoadedBrief, load
from brief.output import write_files
from brief.render import RenderedDocument, render_document
from brief.template_set import TemplateSet, find_template_set

FORMATS = ("pdf", "docx", "html")
Writer = Callable[[RenderedDocument], tuple[bytes, list[str]]]


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote, and anything a user should look at."""

    input: Path
    outputs: tuple[Path, ...]
    warnings: tuple[str, ...]


def build(path: Path, out_dir: Path, formats: Sequence[str], template: str | None = None) -> BuildResult:
    """Build the brief in `path` into `out_dir`, in each of `formats`."""
    loaded = load(path)
    document = render_document(loaded, choose_template_set(loaded, template))
    files: dict[Path, bytes] = {}
    warnings: list[str] = []
    for name in formats:
        data, messages = writer(name)(document)
        files[output_path(path, out_dir, name)] = data
        warnings += messages
    write_files(files)
    return BuildResult(path, tuple(files), tuple(dict.fromkeys(warnings)))


def check_input(path: Path) -> LoadedBrief:
    """Everything a build would check before rendering: the input, and that its template set exists."""
    loaded = load(path)
    choose_template_set(loaded, None)
    return loaded


def choose_template_set(loaded: LoadedBrief, override: str | None) -> TemplateSet:
    """The set --template names, else the input's own `template`, pointed at its line when missing."""
    if override is not None:
        try:
            return find_template_set(override, Path.cwd())
        except TemplateNotFound as error:
            raise UsageError(f"--template: {error}") from error
    try:
        return find_template_set(loaded.brief.template, loaded.path.parent)
    except TemplateNotFound as error:
        raise InputError([loaded.problem(("template",), str(error))]) from error


def output_path(path: Path, out_dir: Path, format_name: str) -> Path:
    """Where the `format_name` output of the input `path` goes; never the input itself."""
    target = out_dir / f"{path.stem}.{format_name}"
    if target.resolve() == path.resolve():
        raise UsageError(f"{target}: writing it would overwrite the input; choose another --out")
    return target


def writer(format_name: str) -> Writer:
    """The writer for one output format, imported only when that format is asked for."""
    if format_name == "pdf":
        from brief.pdf_writer import write_pdf

        return write_pdf
    if format_name == "docx":
        from brief.docx.writer import write_docx

        return lambda document: (write_docx(document), [])
    if format_name == "html":
        from brief.html_writer import write_html

        return lambda document: (write_html(document), [])
    raise UsageError(f"unknown format {format_name!r}; accepted: {', '.join(FORMATS)}")
