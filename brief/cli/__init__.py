"""The command line: the Typer app (commands.py), what it prints (report.py), and a batch's progress (progress.py)."""

from brief.cli.commands import app

__all__ = ["app"]
