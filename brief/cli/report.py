"""What the command line prints about results and errors: the only place a BriefError becomes text for a user."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from brief.errors import BriefError, InputError, Problem, UsageError

if TYPE_CHECKING:
    from brief.build import BuildResult
    from brief.check import InputCheck
    from brief.review.report import Report


def report_error(error: BriefError) -> None:
    """Everything a user needs to fix `error`, on standard error."""
    from brief.review.report import ReviewFailed  # here, not at the top: `brief --help` need not load the model

    if isinstance(error, UsageError):
        typer.echo(f"usage error: {error}", err=True)
    elif isinstance(error, InputError):
        report_problems(error.problems, "; nothing written")
    elif isinstance(error, ReviewFailed):
        print_report(error.report, err=True)
        typer.echo(f"{error.report.file}: the review failed; nothing written", err=True)
    else:
        typer.echo(f"error: {error}", err=True)


def first_error(error: BriefError) -> str:
    """The first thing to fix, in one line, for a batch's summary."""
    from brief.review.report import ReviewFailed

    if isinstance(error, InputError) and error.problems:
        return str(error.problems[0])
    if isinstance(error, ReviewFailed) and error.report.findings:
        return str(error.report.errors[0] if error.report.errors else error.report.findings[0])
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def report_problems(problems: Sequence[Problem], suffix: str) -> None:
    """Each problem on a line of its own, then how many."""
    for problem in problems:
        typer.echo(str(problem), err=True)
    typer.echo(f"{len(problems)} problem(s) found{suffix}", err=True)


def print_check(outcome: InputCheck, explain_config: bool) -> None:
    """One input's check as text: its problems, or its settings, notes and review."""
    if outcome.checked is None:
        if outcome.problems:
            report_problems(outcome.problems, "")
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
    print_report(outcome.checked.report, err=False)


def report_build(result: BuildResult) -> None:
    """A build's notes, review warnings and warnings on standard error; the files it wrote on standard output."""
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    for finding in result.report.warnings:
        typer.echo(str(finding), err=True)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for path in result.outputs:
        typer.echo(f"wrote {path}")


def print_report(report: Report, *, err: bool) -> None:
    """Every active and silenced finding, then a one-line count."""
    for finding in sorted(report.findings + report.silenced, key=lambda finding: (finding.line or 0, finding.column or 0)):
        typer.echo(str(finding), err=err)
    counts = [count(len(report.errors), "error"), count(len(report.warnings), "warning"), f"{len(report.silenced)} silenced"]
    typer.echo(f"{report.file}: {'ok' if not report.findings else 'needs review'} ({', '.join(counts)})", err=err)


def count(number: int, noun: str) -> str:
    """'1 error', '2 errors'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
