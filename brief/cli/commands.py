"""The command line: parse options, call one library function, report.

Only this module decides exit codes: 0 done, 1 bad input, a failed review or a broken
template set, 2 bad usage (and entry.py, behind it: 70 for a bug in brief).
Library modules are imported inside each command, so `brief check` never pays for WeasyPrint.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from brief.cli.report import count, print_check, report_error
from brief.errors import BriefError, UsageError

if TYPE_CHECKING:
    from brief.batch.inputs import Found, Input
    from brief.batch.plan import Job

EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in brief, not a problem with what it was given

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # a bug of ours is reported by main(), briefly, never as a traceback
    help="Turn an assessment written in YAML into a policy brief in PDF and DOCX.",
)

Inputs = Annotated[
    list[Path], typer.Argument(help="Input files (YAML or JSON), or folders of them.", exists=True, readable=True, show_default=False)
]
Strict = Annotated[bool, typer.Option("--strict", help="Fail on review warnings too, as in CI.")]


@app.command()
def build(
    inputs: Inputs,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder to write into, mirroring the inputs' folders (default: the project's output folder, else ./output)."
        ),
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
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Build this many briefs at once (default: the number of CPUs).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Build every brief, even those whose outputs are up to date.")] = False,
    shard: Annotated[
        str | None, typer.Option("--shard", help="Build only shard K of N (K/N): a stable slice, for spreading a library over machines.")
    ] = None,
) -> None:
    """Review each INPUT (a file, or every input in a folder), then build it into OUT/<its folders>/<its name>.pdf and .docx, with a manifest.

    A brief whose outputs are up to date (same input, named files, template set, project and options) is skipped.
    """
    from brief.batch.runner import run
    from brief.build import Options
    from brief.cli.progress import Display, print_outcomes

    options = Options(tuple(_formats(format)), template, strict, release_to, copies, recipients, pdf_a)
    found = _inputs(inputs, [out or Path("output")])
    planned = _jobs(found.inputs, out, shard, copies)
    with Display(len(planned)) as display:
        outcomes = run(planned, options, display, workers=jobs or _cpus(), force=force)
        finished = print_outcomes(outcomes, len(planned), log=not display.live, left_out=found.left_out)
    _finish_batch([outcome.error for outcome in finished if outcome.error is not None])


@app.command()
def verify(
    file: Annotated[Path, typer.Argument(help="A PDF or DOCX to check.", exists=True, dir_okay=False)],
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="The manifest to check against (default: those beside FILE).", exists=True)
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
        paths = [item.path for item in _inputs(inputs, []).inputs]
        for outcome in check_inputs(paths, template):  # text is printed as each input is checked
            outcomes.append(outcome)
            if format == "text":
                print_check(outcome, explain_config)
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


@app.command()
def proof(
    input: Annotated[Path, typer.Argument(help="The input file to proof.", exists=True, dir_okay=False, readable=True)],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="The PNG to write; by default NAME.proof.png in the project's output folder, else in ./output.", dir_okay=False
        ),
    ] = None,
    template: Annotated[str | None, typer.Option("--template", help="A template set name or path.")] = None,
) -> None:
    """Write a proof sheet: one PNG with each PDF page beside the same page of the DOCX, as LibreOffice prints it.

    Example: brief proof inputs/belarus.yaml --template memo --out memo.proof.png. Only the PNG is written.
    Without LibreOffice (soffice) on PATH the sheet shows the PDF only, and says so.
    """
    from brief.tools.proof.proof_file import write_proof

    def make() -> None:
        made = write_proof(input, out, template)
        for line in (*made.warnings, *made.notes):
            typer.echo(line, err=True)
        typer.echo(f"wrote {made.path}")

    _finish([] if _run(make) else [input])


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
    typer.echo(f"{path}: {'ok' if not errors else 'broken'} ({count(errors, 'error')}, {count(len(problems) - errors, 'warning')})")
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
    """Run one library call; report a BriefError as a message, never a traceback; a usage error exits at once."""
    try:
        action()
    except UsageError as error:
        _fail_usage(str(error))
    except BriefError as error:
        report_error(error)
        return False
    return True


def _jobs(inputs: list[Input], out: Path | None, shard: str | None, copies: bool) -> list[Job]:
    """The briefs a build command means, with their output folders, and only its shard's; a usage error for a collision."""
    from brief.batch.plan import plan
    from brief.batch.plan import shard as take_shard

    try:
        planned = plan(inputs, out, copies=copies)
        return take_shard(planned, shard) if shard is not None else planned
    except UsageError as error:
        _fail_usage(str(error))
        raise  # not reached: _fail_usage exits


def _inputs(arguments: list[Path], leave_out: list[Path]) -> Found:
    """The input files the arguments name, folders expanded; a usage error when a folder holds none."""
    from brief.batch.inputs import collect

    try:
        found = collect(arguments, leave_out)
    except UsageError as error:
        _fail_usage(str(error))
        raise  # not reached: _fail_usage exits
    empty = [
        argument for argument in arguments if argument.is_dir() and not any(item.path.is_relative_to(argument) for item in found.inputs)
    ]
    if empty:
        _fail_usage(f"{', '.join(map(str, empty))}: no input files (.yaml, .yml, .json) here or below")
    return found


def _finish_batch(errors: list[BriefError]) -> None:
    """Exit 70 if a bug stopped a brief, else 2 if one was refused as bad usage, else 1 if any failed."""
    from brief.batch.runner import BuildCrashed

    if any(isinstance(error, BuildCrashed) for error in errors):
        raise typer.Exit(EXIT_INTERNAL)
    if any(isinstance(error, UsageError) for error in errors):
        raise typer.Exit(EXIT_USAGE)
    _finish(errors)


def _cpus() -> int:
    """The CPUs this process may run on."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _formats(text: str) -> list[str]:
    from brief.build import FORMATS

    formats = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        _fail_usage(f"--format: {', '.join(unknown) or 'nothing'} is not a format; accepted: {', '.join(FORMATS)}")
    return list(dict.fromkeys(formats))


def _fail_usage(message: str) -> None:
    typer.echo(f"usage error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _finish(failed: list[Any]) -> None:
    if failed:
        raise typer.Exit(EXIT_PROBLEM)
