"""The `brief` command's entry point: the command line, and the last resort behind it.

A bug of brief's own (an exception no user input should cause) is not shown as a
traceback: it becomes one line naming the file its details were saved to, and exit status 70.
"""

from __future__ import annotations

import typer

from brief.cli import app
from brief.cli.exits import EXIT_INTERNAL, EXIT_INTERRUPTED


def main() -> None:
    """Run the command line; a bug of ours is one line naming where its details were saved."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
    except Exception as error:  # the last resort: no kind of user input may reach it (tests/fuzz tries)
        raise SystemExit(_internal_error(error)) from None


def _internal_error(error: Exception) -> int:
    """Save the traceback where the user can send it, and say so in one line."""
    import tempfile
    import traceback

    with tempfile.NamedTemporaryFile("w", prefix="brief-internal-error-", suffix=".txt", delete=False) as report:
        traceback.print_exception(error, file=report)
    typer.echo(f"internal error: {type(error).__name__}: {error}; this is a bug in brief, details saved to {report.name}", err=True)
    return EXIT_INTERNAL
