"""How a command ends: the exit codes, and the helpers every command finishes through.

Only the command line decides exit codes: 0 done, 1 bad input, a failed review or a broken
template set, 2 bad usage, 70 a bug in brief (entry.py, and a batch's crashed brief), 130 interrupted.
docs/commands.md lists them for users.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

import typer

from brief.cli.report import report_error
from brief.errors import BriefError, UsageError

EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in brief, not a problem with what it was given
EXIT_INTERRUPTED = 130  # the shells' 128 + SIGINT


def run(action: Callable[[], object]) -> bool:
    """Run one library call; report a BriefError as a message, never a traceback; a usage error exits at once."""
    try:
        action()
    except UsageError as error:
        fail_usage(str(error))
    except BriefError as error:
        report_error(error)
        return False
    return True


def fail_usage(message: str) -> NoReturn:
    """Say what is wrong with the command line, and exit 2."""
    typer.echo(f"usage error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def finish(failed: list[Any]) -> None:
    """Exit 1 if anything failed; return (exit 0) otherwise."""
    if failed:
        raise typer.Exit(EXIT_PROBLEM)


def finish_batch(errors: list[BriefError]) -> None:
    """Exit 70 if a bug stopped a brief, else 2 if one was refused as bad usage, else 1 if any failed."""
    from brief.batch.runner import BuildCrashed

    if any(isinstance(error, BuildCrashed) for error in errors):
        raise typer.Exit(EXIT_INTERNAL)
    if any(isinstance(error, UsageError) for error in errors):
        raise typer.Exit(EXIT_USAGE)
    finish(errors)
