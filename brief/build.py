"""The build: load, validate, review, render, write. One short function per stage, in order.

Every output of a build is made in memory first and written only when all are ready, so a
build that fails (bad input, a failed review, a broken template) writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from brief.checks.report import Report, review_brief
from brief.errors import InputError, ReviewFailed, TemplateNotFound, UsageError
from brief.loader import LoadedBrief, load
from brief.output import write_files
from brief.render import RenderedDocument, render_document
from brief.template_set import TemplateSet, find_template_set

FORMATS = ("pdf", "docx", "html")
Writer = Callable[[RenderedDocument], tuple[bytes, list[str]]]


@dataclass(frozen=True)
class Checked:
    """An input that loaded, the template set it will use, and its tradecraft review."""

    loaded: LoadedBrief
    template_set: TemplateSet
    report: Report


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote, and anything a user should look at."""

    input: Path
    outputs: tuple[Path, ...]
    warnings: tuple[str, ...]
    report: Report


def build(path: Path, out_dir: Path, formats: Sequence[str], template: str | None = None, *, strict: bool = False) -> BuildResult:
    """Build the brief in `path` into `out_dir`, in each of `formats`; `strict` fails on review warnings."""
    checked = check_input(path, template)
    if checked.report.fails(strict):
        raise ReviewFailed(checked.report)
    document = render_document(checked.loaded, checked.template_set)
    files: dict[Path, bytes] = {}
    warnings: list[str] = []
    for name in formats:
        data, messages = writer(name)(document)
        files[output_path(path, out_dir, name)] = data
        warnings += messages
    write_files(files)
    return BuildResult(path, tuple(files), tuple(dict.fromkeys(warnings)), checked.report)


def check_input(path: Path, template: str | None = None) -> Checked:
    """Everything a build checks before rendering: the input, its template set, and the tradecraft review."""
    loaded = load(path)
    return Checked(loaded, choose_template_set(loaded, template), review_brief(loaded))


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
