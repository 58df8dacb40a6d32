"""The command line: parse options, call one library function, report.

Only this module decides exit codes: 0 done, 1 bad input (or a template or output that
failed), 2 bad usage. Library modules are imported inside each command, so `brief check`
never pays for WeasyPrint.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brief.errors import BriefError, InputError, UsageError

if TYPE_CHECKING:
    from brief.build import BuildResult

EXIT_PROBLEM = 1
EXIT_USAGE = 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn an assessment written in YAML into a policy brief in PDF and DOCX.",
)

Inputs = Annotated[list[Path], typer.Argument(help="Input files (YAML or JSON).", exists=True, dir_okay=False, readable=True)]


@app.command()
def build(
    inputs: Inputs,
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("output"),
    format: Annotated[str, typer.Option("--format", help="Comma-separated formats: pdf, docx, html.")] = "pdf,docx",
    template: Annotated[str | None, typer.Option("--template", help="A built-in template set name or a path to one.")] = None,
) -> None:
    """Build each INPUT into OUT/<input name>.pdf and .docx."""
    from brief.build import build as build_brief

    formats = _formats(format)
    _distinct_stems(inputs)
    failed = []
    for path in inputs:
        if not _run(lambda: _report_build(build_brief(path, out, formats, template))):  # noqa: B023 - called at once
            failed.append(path)
    _finish(failed)


@app.command()
def check(inputs: Inputs) -> None:
    """Validate each INPUT and print every problem; write nothing."""
    from brief.build import check_input

    failed = []
    for path in inputs:
        if not _run(lambda: typer.echo(f"{check_input(path).path}: ok")):  # noqa: B023 - called at once
            failed.append(path)
    _finish(failed)


@app.command()
def new(
    path: Annotated[Path, typer.Argument(help="Where to write the starter input.", dir_okay=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
) -> None:
    """Write a commented starter input that validates and builds as it is."""
    if path.exists() and not force:
        _fail_usage(f"{path} exists; pass --force to overwrite it")
    starter = Path(__file__).with_name("starter.yaml").read_bytes()
    from brief.output import write_files

    _finish([] if _run(lambda: write_files({path: starter})) else [path])
    typer.echo(f"wrote {path}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the input format."""
    from brief.schema import input_schema

    typer.echo(json.dumps(input_schema(), indent=2, ensure_ascii=False))


def _run(action: Callable[[], object]) -> bool:
    """Run one library call; report a BriefError as a message, never a traceback."""
    try:
        action()
    except UsageError as error:
        _fail_usage(str(error))
    except InputError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{len(error.problems)} problem(s) found; nothing written", err=True)
        return False
    except BriefError as error:
        typer.echo(f"error: {error}", err=True)
        return False
    return True


def _report_build(result: BuildResult) -> None:
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for path in result.outputs:
        typer.echo(f"wrote {path}")


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


def _finish(failed: list[Path]) -> None:
    if failed:
        raise typer.Exit(EXIT_PROBLEM)


def main() -> None:
    """Entry point of the `brief` command."""
    app()
