"""The command line: parse options, call one library function, report.

Commands end through exits.py, which holds the exit codes (docs/commands.md lists them).
Library modules are imported inside each command, so `brief --help` and `brief check` never pay for WeasyPrint.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brief import __version__
from brief.cli.absorbing import absorb
from brief.cli.exits import fail_usage, finish, finish_batch, run
from brief.cli.explanations import explain, rules
from brief.cli.options import HELP, Command, Group, Inputs, Strict, Template, cpus, file_option, formats, renamed
from brief.cli.provenance import issued, verify
from brief.cli.report import print_check
from brief.cli.templates import templates_app
from brief.errors import UsageError

if TYPE_CHECKING:
    from brief.batch.inputs import Found, Input
    from brief.batch.plan import Job
    from brief.distribution.issuing import Protection

app = typer.Typer(
    cls=Group,
    context_settings=HELP,
    add_completion=True,  # --install-completion and --show-completion, for bash, zsh, fish and PowerShell
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # a bug of ours is reported by main(), briefly, never as a traceback
    help="Turn an assessment written in YAML into a policy brief in PDF and DOCX.",
)


def show_version(asked: bool) -> None:
    """Print `brief X.Y.Z` and stop, before any command runs."""
    if asked:
        typer.echo(f"brief {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=show_version, is_eager=True, expose_value=False, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn an assessment written in YAML into a policy brief in PDF and DOCX.

    Example: brief build inputs/belarus.yaml
    """


@app.command(cls=Command)
def build(
    inputs: Inputs,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="The folder to write into, mirroring the inputs' folders.",
            show_default="the project's output folder, else ./output",
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", metavar="FORMATS", help="Comma-separated output formats: pdf, docx, html.", show_default=True)
    ] = "pdf,docx",
    template: Template = None,
    strict: Strict = False,
    release_to: Annotated[
        str | None,
        typer.Option(
            "--release-to",
            metavar="LEVEL",
            help="Build the version releasable at this level: only portions at or below it.",
            show_default="everything",
        ),
    ] = None,
    copies: Annotated[bool, typer.Option("--copies", help="Also write one numbered PDF per recipient.")] = False,
    recipients: Annotated[
        Path | None,
        file_option(
            "--recipients", "FILE", "Recipients, one a line or a CSV, instead of the input's distribution.", "the input's distribution"
        ),
    ] = None,
    pdf_a: Annotated[bool, typer.Option("--pdf-a", help="Make the PDFs PDF/A-3b, for archiving.")] = False,
    sign_key: Annotated[
        Path | None,
        file_option(
            "--sign-key",
            "FILE.p12",
            "Sign every PDF issued with this PKCS#12 key; its password from BRIEF_SIGN_PASSWORD or a prompt.",
            "sign_key in brief.toml, else unsigned",
        ),
    ] = None,
    encrypt: Annotated[bool, typer.Option("--encrypt", help="Encrypt each numbered copy (AES-256) for its recipient.")] = False,
    secrets: Annotated[
        Path | None,
        file_option(
            "--secrets",
            "FILE",
            "Where --encrypt keeps the passwords it makes, outside the outputs.",
            "none: every recipient needs a password or certificate column",
            exists=False,
        ),
    ] = None,
    allow: Annotated[
        str | None,
        typer.Option(
            "--allow",
            metavar="LIST",
            help="What readers of an encrypted copy may do: print, copy, or none.",
            show_default="the template set's permissions, else print",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", metavar="N", min=1, help="Build this many briefs at once.", show_default="the number of CPUs"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Build every brief, even those whose outputs are up to date.")] = False,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            metavar="K/N",
            help="Build only shard K of N: a stable slice, for spreading a library over machines.",
            show_default="all of them",
        ),
    ] = None,
) -> None:
    """Review each INPUT (a file, or every input in a folder), then build it into OUT/<its folders>/<its name>.pdf and .docx, with a manifest.

    A brief whose outputs are up to date (same input, named files, template set, project and options) is skipped.

    Example: brief build inputs/ --out output --format pdf,html --jobs 4
    """
    from brief.batch.runner import run as run_batch
    from brief.build import Options
    from brief.cli.progress import Display, print_outcomes
    from brief.cli.protection import protection

    guards: list[Protection] = []
    if not run(lambda: guards.append(protection(sign_key, encrypt, secrets, allow, inputs[0] if inputs else None))):
        finish([sign_key])
    options = Options(tuple(formats(format)), template, strict, release_to, copies, recipients, pdf_a, guards[0])
    found = _inputs(inputs, [out or Path("output")])
    planned = _jobs(found.inputs, out, shard, copies)
    with Display(len(planned)) as display:
        outcomes = run_batch(planned, options, display, workers=jobs or cpus(), force=force)
        finished = print_outcomes(outcomes, len(planned), log=not display.live, left_out=found.left_out)
    finish_batch([outcome.error for outcome in finished if outcome.error is not None])


@app.command(cls=Command)
def extract(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A PDF or DOCX built by brief.", exists=True, dir_okay=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the input into this file (a file: --out elsewhere is a folder).",
            show_default="standard output",
        ),
    ] = None,
    old_out: Annotated[Path | None, typer.Option("--out", hidden=True, help="The old spelling of --output.")] = None,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--all",
            metavar="DIR",
            file_okay=False,
            help="Write the input and every file it names (previous version, scale, ladder) under DIR, so `brief build DIR/<input>` rebuilds the brief.",
            show_default="the input alone, to standard output or --output",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="With --all: replace files that already exist in DIR.")] = False,
) -> None:
    """Print the input a PDF or DOCX carries, byte for byte, so a brief can be rebuilt from either file alone.

    Example: brief extract output/belarus.pdf --output belarus.yaml
    Example: brief extract output/belarus.docx --all rebuilt/
    """
    import sys

    from brief.distribution import attachment
    from brief.write.output import write_file

    out = renamed("--output", output, "--out", old_out, warn=False)  # --out is a folder elsewhere; the old spelling still works
    if folder is not None and out is not None:
        fail_usage("--all writes every carried file under a folder; give it or --output, not both")

    def take() -> None:
        if folder is not None:
            written = attachment.write_carried(file, attachment.carried_files(file), folder, force=force)
            typer.echo("\n".join(f"wrote {path}" for path in written), err=True)
            typer.echo(f"rebuild with: brief build {written[0]}", err=True)
            return
        _, data = attachment.extract_input(file)
        if out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            write_file(out, data, keep=(file,))
            typer.echo(f"wrote {out}", err=True)

    finish([] if run(take) else [file])


@app.command(cls=Command)
def check(
    inputs: Inputs,
    strict: Strict = False,
    report: Annotated[
        str | None, typer.Option("--report", metavar="text|json", help="Report as text, or as JSON for other tools.", show_default="text")
    ] = None,
    old_format: Annotated[str | None, typer.Option("--format", hidden=True, help="The old spelling of --report.")] = None,
    template: Template = None,
    explain_config: Annotated[bool, typer.Option("--explain-config", help="Say where each setting's value came from.")] = False,
) -> None:
    """Validate and review each INPUT; print every problem and finding; write nothing.

    Example: brief check inputs/ --strict --report json
    """
    from brief.check import check_inputs

    format = renamed("--report", report, "--format", old_format) or "text"  # --format means output formats in build
    if format not in ("text", "json"):
        fail_usage(f"--report: {format!r} is not a report format; accepted: text, json")
    outcomes = []
    try:
        paths = [item.path for item in _inputs(inputs, []).inputs]
        for outcome in check_inputs(paths, template):  # text is printed as each input is checked
            outcomes.append(outcome)
            if format == "text":
                print_check(outcome, explain_config)
    except UsageError as error:
        fail_usage(str(error))
    failed = [str(outcome.path) for outcome in outcomes if outcome.fails(strict)]
    if format == "json":
        data = {"strict": strict, "failed": bool(failed), "inputs": [outcome.as_dict(strict) for outcome in outcomes]}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    finish(failed)


@app.command(cls=Command)
def serve(
    input: Annotated[Path, typer.Argument(metavar="INPUT", help="The input file to preview.", exists=True, dir_okay=False, readable=True)],
    port: Annotated[int, typer.Option("--port", metavar="N", help="The port to listen on; 0 picks a free one.", show_default=True)] = 8765,
    host: Annotated[
        str, typer.Option("--host", metavar="ADDRESS", help="The address to listen on: this machine only, by default.", show_default=True)
    ] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open the preview in a browser.", show_default=True)] = True,
    template: Template = None,
) -> None:
    """Preview INPUT in a browser, rebuilding when it, its template set or brief.toml changes.

    Example: brief serve inputs/belarus.yaml --port 8000 --no-open
    """
    from brief.tools.preview_session import preview_until_stopped

    finish([] if run(lambda: preview_until_stopped(input, template, host, port, open_browser=open_browser, say=typer.echo)) else [input])


@app.command(cls=Command)
def proof(
    input: Annotated[Path, typer.Argument(metavar="INPUT", help="The input file to proof.", exists=True, dir_okay=False, readable=True)],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The PNG to write (a file: --out elsewhere is a folder).",
            dir_okay=False,
            show_default="NAME.proof.png in the project's output folder, else in ./output",
        ),
    ] = None,
    old_out: Annotated[Path | None, typer.Option("--out", hidden=True, dir_okay=False, help="The old spelling of --output.")] = None,
    template: Template = None,
) -> None:
    """Write a proof sheet: one PNG with each PDF page beside the same page of the DOCX, as LibreOffice prints it.

    Only the PNG is written. Without LibreOffice (soffice) on PATH the sheet shows the PDF only, and says so.

    Example: brief proof inputs/belarus.yaml --template memo --output memo.proof.png
    """
    from brief.tools.proof.proof_file import write_proof

    out = renamed("--output", output, "--out", old_out, warn=False)  # the old spelling still works, silently

    def make() -> None:
        made = write_proof(input, out, template)
        for line in (*made.warnings, *made.notes):
            typer.echo(line, err=True)
        typer.echo(f"wrote {made.path}")

    finish([] if run(make) else [input])


@app.command(cls=Command)
def new(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="Where to write the starter input.", dir_okay=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
) -> None:
    """Write a commented starter input that validates and builds as it is.

    Example: brief new inputs/moldova.yaml
    """
    from brief.tools.starter import write_starter

    finish([] if run(lambda: write_starter(path, force=force)) else [path])
    typer.echo(f"wrote {path}")


@app.command(cls=Command)
def schema() -> None:
    """Print the JSON Schema of the input format.

    Example: brief schema > brief.schema.json
    """
    from brief.tools.schema import input_schema

    typer.echo(json.dumps(input_schema(), indent=2, ensure_ascii=False))


app.command(cls=Command)(rules)
app.command(cls=Command)(explain)
app.command(cls=Command)(verify)
app.command(cls=Command)(issued)
app.command(cls=Command)(absorb)
app.add_typer(templates_app, name="templates")


def _jobs(inputs: list[Input], out: Path | None, shard: str | None, copies: bool) -> list[Job]:
    """The briefs a build command means, with their output folders, and only its shard's; a usage error for a collision."""
    from brief.batch.plan import plan
    from brief.batch.plan import shard as take_shard

    try:
        planned = plan(inputs, out, copies=copies)
        return take_shard(planned, shard) if shard is not None else planned
    except UsageError as error:
        fail_usage(str(error))


def _inputs(arguments: list[Path], leave_out: list[Path]) -> Found:
    """The input files the arguments name, folders expanded; a usage error when a folder holds none."""
    from brief.batch.inputs import collect

    try:
        found = collect(arguments, leave_out)
    except UsageError as error:
        fail_usage(str(error))
    empty = [
        argument for argument in arguments if argument.is_dir() and not any(item.path.is_relative_to(argument) for item in found.inputs)
    ]
    if empty:
        fail_usage(f"{', '.join(map(str, empty))}: no input files (.yaml, .yml, .json) here or below")
    return found
