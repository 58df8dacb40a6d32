"""The build: load, validate, review, render, write. One short function per stage, in order.

Every output of a build is made in memory first and written only when all are ready, so a
build that fails (bad input, a failed review, a broken template) writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from brief.checks.report import Report, review_brief
from brief.errors import InputError, Problem, ReviewFailed, TemplateNotFound, UsageError
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
    notes: tuple[str, ...] = ()


def build(path: Path, out_dir: Path | None, formats: Sequence[str], template: str | None = None, *, strict: bool = False) -> BuildResult:
    """Build the brief in `path` into `out_dir` (else the project's output folder), in each of `formats`.

    `strict` fails the build on review warnings as well as errors.
    """
    checked = check_input(path, template)
    if checked.report.fails(strict):
        raise ReviewFailed(checked.report)
    document = render_document(checked.loaded, checked.template_set)
    folder = out_dir or output_folder(checked.loaded)
    files: dict[Path, bytes] = {}
    warnings: list[str] = list(document.warnings)
    for name in formats:
        data, messages = writer(name)(document)
        files[output_path(path, folder, name)] = data
        warnings += messages
    write_files(files)
    return BuildResult(path, tuple(files), tuple(dict.fromkeys(warnings)), checked.report, checked.loaded.settings.notes)


def output_folder(loaded: LoadedBrief) -> Path:
    """The project's output folder, else ./output."""
    return loaded.project.path("output") or Path("output")


def check_input(path: Path, template: str | None = None) -> Checked:
    """Everything a build checks before rendering: the input, its template set, and the tradecraft review."""
    loaded = load(path)
    if template is not None:
        loaded = replace(loaded, settings=loaded.settings.overridden("template", template, "--template"))
    return Checked(loaded, choose_template_set(loaded), review_brief(loaded))


def choose_template_set(loaded: LoadedBrief) -> TemplateSet:
    """The set the input's settings name; a missing one is reported where it was named."""
    setting = loaded.settings["template"]
    roots = loaded.project.template_roots(loaded.path.parent)
    if setting.source == "command line":
        base = Path.cwd()
    elif setting.from_project and loaded.project.root:
        base = loaded.project.root
    else:
        base = loaded.path.parent
    try:
        return find_template_set(setting.value or "policy-brief", base, roots)
    except TemplateNotFound as error:
        if setting.source == "command line":
            raise UsageError(f"--template: {error}") from error
        if setting.from_project:
            raise InputError(
                [Problem(str(loaded.project.file), loaded.project.lines.get("template"), None, "template", str(error))]
            ) from error
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
