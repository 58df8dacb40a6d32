"""The command line: parse options, call one library function, report.

Only this module decides exit codes: 0 done, 1 bad input, a failed review or a broken
template set, 2 bad usage (and entry.py, behind it: 70 for a bug in brief).
Library modules are imported inside each command, so `brief check` never pays for WeasyPrint.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from brief.errors import BriefError, InputError, Problem, UsageError

if TYPE_CHECKING:
    from brief.build import BuildResult
    from brief.check import InputCheck
    from brief.review.report import Report

EXIT_PROBLEM = 1
EXIT_USAGE = 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # a bug of ours is reported by main(), briefly, never as a traceback
    help="Turn an assessment written in YAML into a policy brief in PDF and DOCX.",
)

Inputs = Annotated[list[Path], typer.Argument(help="Input files (YAML or JSON).", exists=True, dir_okay=False, readable=True)]
Strict = Annotated[bool, typer.Option("--strict", help="Fail on review warnings too, as in CI.")]


@app.command()
def build(
    inputs: Inputs,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write into [default: the project's output folder, else ./output]")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="Comma-separated formats: pdf, docx, html.")] = "pdf,docx",
    template: Annotated[str | None, typer.Option("--template", help="A built-in template set name or a path to one.")] = None,
    strict: Strict = False,
    release_to: Annotated[
        str | None, typer.Option("--release-to", help="Build the version releasable at this level: only portions at or below it.")
    ] = None,
    copies: Annotated[bool, typer.Option("--copies", help="Also write one numbered PDF per recipient.")] = False,
    recipients: Annotated[
        Path | None,
        typer.Option(
            "--recipients", help="Recipients, one a line or a CSV, instead of the input's distribution.", exists=True, dir_okay=False
        ),
    ] = None,
    pdf_a: Annotated[bool, typer.Option("--pdf-a", help="Make the PDFs PDF/A-3b, for archiving.")] = False,
) -> None:
    """Review each INPUT, then build it into OUT/<input name>.pdf and .docx, with a manifest."""
    from brief.build import build as build_brief

    formats = _formats(format)
    _distinct_stems(inputs)
    options: dict[str, Any] = {"strict": strict, "release_to": release_to, "copies": copies, "recipients": recipients, "pdf_a": pdf_a}
    failed = []
    for path in inputs:
        if not _run(lambda: _report_build(build_brief(path, out, formats, template, **options))):  # noqa: B023 - called at once
            failed.append(path)
    _finish(failed)


@app.command()
def verify(
    file: Annotated[Path, typer.Argument(help="A PDF or DOCX to check.", exists=True, dir_okay=False)],
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="The manifest to check against [default: those beside FILE].", exists=True)
    ] = None,
) -> None:
    """Say whether FILE is one a build issued, and which copy; exit 1 if it is not, or was changed."""
    from brief.distribution.manifest import verify as verify_file

    def check() -> None:
        typer.echo(verify_file(file, [manifest] if manifest else None).describe())

    _finish([] if _run(check) else [file])


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A PDF built by brief.", exists=True, dir_okay=False)],
    out: Annotated[Path | None, typer.Option("--out", help="Write the input into this file instead of standard output.")] = None,
) -> None:
    """Print the input a PDF carries, byte for byte, so a brief can be rebuilt from its PDF alone."""
    import sys

    from brief.distribution.attachment import extract_input
    from brief.write.output import write_file

    def take() -> None:
        _, data = extract_input(file)
        if out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            write_file(out, data, keep=(file,))
            typer.echo(f"wrote {out}", err=True)

    _finish([] if _run(take) else [file])


@app.command()
def check(
    inputs: Inputs,
    strict: Strict = False,
    format: Annotated[str, typer.Option("--format", help="text, or json for other tools.")] = "text",
    template: Annotated[str | None, typer.Option("--template", help="Check against this template set instead.")] = None,
    explain_config: Annotated[bool, typer.Option("--explain-config", help="Say where each setting's value came from.")] = False,
) -> None:
    """Validate and review each INPUT; print every problem and finding; write nothing."""
    from brief.check import check_inputs

    if format not in ("text", "json"):
        _fail_usage(f"--format: {format!r} is not a report format; accepted: text, json")
    outcomes = []
    try:
        for outcome in check_inputs(inputs, template):  # text is printed as each input is checked
            outcomes.append(outcome)
            if format == "text":
                _print_check(outcome, explain_config)
    except UsageError as error:
        _fail_usage(str(error))
    failed = [str(outcome.path) for outcome in outcomes if outcome.fails(strict)]
    if format == "json":
        data = {"strict": strict, "failed": bool(failed), "inputs": [outcome.as_dict(strict) for outcome in outcomes]}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    _finish(failed)


@app.command()
def serve(
    input: Annotated[Path, typer.Argument(help="The input file to preview.", exists=True, dir_okay=False, readable=True)],
    port: Annotated[int, typer.Option("--port", help="The port to listen on; 0 picks a free one.")] = 8765,
    host: Annotated[str, typer.Option("--host", help="The address to listen on: this machine only, by default.")] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open the preview in a browser.")] = True,
    template: Annotated[str | None, typer.Option("--template", help="A template set name or path.")] = None,
) -> None:
    """Preview INPUT in a browser, rebuilding when it, its template set or brief.toml changes."""
    from brief.tools.preview_session import preview_until_stopped

    _finish([] if _run(lambda: preview_until_stopped(input, template, host, port, open_browser=open_browser, say=typer.echo)) else [input])


templates_app = typer.Typer(no_args_is_help=True, help="List, copy and check template sets.")
app.add_typer(templates_app, name="templates")


@templates_app.command("list")
def templates_list() -> None:
    """Show the project's template sets and the built-in ones, each with a one-line description."""
    from brief.input.project import find_project
    from brief.render.template_set import available_sets

    def listing() -> None:
        sets = available_sets(find_project(Path.cwd()).template_roots(Path.cwd()))
        width = max(len(template_set.name) for template_set, _ in sets)
        for template_set, origin in sets:
            typer.echo(f"{template_set.name:<{width}}  {origin:<8}  {template_set.metadata.description}")

    _finish([] if _run(listing) else ["templates"])


@templates_app.command("path")
def templates_path(name: Annotated[str, typer.Argument(help="A built-in or project set's name.")]) -> None:
    """Print the folder of a template set, to copy a file from it (its reference.docx, say)."""
    from brief.input.project import find_project
    from brief.render.template_set import find_template_set

    def show() -> None:
        typer.echo(str(find_template_set(name, Path.cwd(), find_project(Path.cwd()).template_roots(Path.cwd())).folder))

    _finish([] if _run(show) else [name])


@templates_app.command("copy")
def templates_copy(
    name: Annotated[str, typer.Argument(help="The set to copy: a built-in or project set's name, or a path.")],
    destination: Annotated[Path, typer.Argument(help="A new folder for the copy; its name becomes the set's.")],
    thin: Annotated[
        bool, typer.Option("--thin", help="Extend the set and override only what changes, instead of copying it whole.")
    ] = False,
) -> None:
    """Copy a template set to customise it."""
    from brief.input.project import find_project
    from brief.render.template_set import find_template_set
    from brief.tools.template_copier import copy_template_set

    def copy() -> None:
        source = find_template_set(name, Path.cwd(), find_project(Path.cwd()).template_roots(Path.cwd()))
        copy_template_set(source, destination, thin=thin)
        typer.echo(f"copied {source.name} to {destination}{' (thin: it extends ' + source.name + ')' if thin else ''}")

    _finish([] if _run(copy) else [name])


@templates_app.command("check")
def templates_check(path: Annotated[Path, typer.Argument(help="The folder of a template set.", exists=True, file_okay=False)]) -> None:
    """Check a template set: syntax, vocabulary, Word styles, fonts, and a trial build in both formats."""
    from brief.input.project import find_project
    from brief.tools.template_checker import check_template_set

    problems = check_template_set(path, find_project(path).template_roots())
    for problem in problems:
        typer.echo(str(problem), err=problem.severity == "error")
    errors = sum(problem.severity == "error" for problem in problems)
    typer.echo(f"{path}: {'ok' if not errors else 'broken'} ({_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')})")
    _finish(["templates"] if errors else [])


@app.command()
def new(
    path: Annotated[Path, typer.Argument(help="Where to write the starter input.", dir_okay=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
) -> None:
    """Write a commented starter input that validates and builds as it is."""
    from brief.tools.starter import write_starter

    _finish([] if _run(lambda: write_starter(path, force=force)) else [path])
    typer.echo(f"wrote {path}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the input format."""
    from brief.tools.schema import input_schema

    typer.echo(json.dumps(input_schema(), indent=2, ensure_ascii=False))


def _run(action: Callable[[], object]) -> bool:
    """Run one library call; report a BriefError as a message, never a traceback."""
    from brief.review.report import ReviewFailed  # here, not at the top: `brief --help` need not load the model

    try:
        action()
    except UsageError as error:
        _fail_usage(str(error))
    except InputError as error:
        _report_problems(error.problems, "; nothing written")
        return False
    except ReviewFailed as error:
        _print_report(error.report, err=True)
        typer.echo(f"{error.report.file}: the review failed; nothing written", err=True)
        return False
    except BriefError as error:
        typer.echo(f"error: {error}", err=True)
        return False
    return True


def _report_problems(problems: Sequence[Problem], suffix: str) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)
    typer.echo(f"{len(problems)} problem(s) found{suffix}", err=True)


def _print_check(outcome: InputCheck, explain_config: bool) -> None:
    """One input's check as text: its problems, or its settings, notes and review."""
    if outcome.checked is None:
        if outcome.problems:
            _report_problems(outcome.problems, "")
        else:
            typer.echo(f"error: {outcome.error}", err=True)
        return
    settings = outcome.checked.loaded.settings
    if explain_config:
        for line in settings.explain():
            typer.echo(f"{outcome.path}: {line}")
        template_set = outcome.checked.template_set
        typer.echo(f"{outcome.path}: template set {template_set.name!r} from {template_set.folder}")
    for note in settings.notes:
        typer.echo(f"note: {note}")
    _print_report(outcome.checked.report, err=False)


def _report_build(result: BuildResult) -> None:
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    for finding in result.report.warnings:
        typer.echo(str(finding), err=True)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for path in result.outputs:
        typer.echo(f"wrote {path}")


def _print_report(report: Report, *, err: bool) -> None:
    """Every active and silenced finding, then a one-line count."""
    for finding in sorted(report.findings + report.silenced, key=lambda finding: (finding.line or 0, finding.column or 0)):
        typer.echo(str(finding), err=err)
    counts = [_count(len(report.errors), "error"), _count(len(report.warnings), "warning"), f"{len(report.silenced)} silenced"]
    typer.echo(f"{report.file}: {'ok' if not report.findings else 'needs review'} ({', '.join(counts)})", err=err)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _formats(text: str) -> list[str]:
    from brief.build import FORMATS

    formats = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        _fail_usage(f"--format: {', '.join(unknown) or 'nothing'} is not a format; accepted: {', '.join(FORMATS)}")
    return list(dict.fromkeys(formats))


def _distinct_stems(inputs: list[Path]) -> None:
    stems = [path.stem for path in inputs]
    clashes = sorted({stem for stem in stems if stems.count(stem) > 1})
    if clashes:
        _fail_usage(f"inputs named {', '.join(clashes)} would write the same output files; build them into separate --out folders")


def _fail_usage(message: str) -> None:
    typer.echo(f"usage error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _finish(failed: list[Any]) -> None:
    if failed:
        raise typer.Exit(EXIT_PROBLEM)
