"""What a build shows while it runs, and the summary after.

On a terminal, a progress bar (rich) on standard error names the brief being built and its
stage; in a log (standard error not a terminal) each brief gets one line, `[3/40] built
europe/belarus.yaml`. Either way each brief's own lines (the files written, its warnings,
its problems) are printed in the order of the inputs, whatever order --jobs finishes them
in, so a batch prints the same serially and in parallel. The summary counts what was built,
up to date and failed, and names each failed input with its first error. A single brief
prints what a build always has (and, when it was up to date, the summary saying so).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import typer

from brief.cli.report import count, first_error, report_build, report_error

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from brief.batch.plan import Job
    from brief.batch.runner import Outcome


class Display:
    """The progress of one batch: a live bar on a terminal, else nothing until each brief's line."""

    def __init__(self, total: int, *, live: bool | None = None) -> None:
        self.total = total
        self.live = sys.stderr.isatty() if live is None else live
        self.stages: dict[str, str] = {}
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> Display:
        if self.live:
            self.bar, self.task = _progress_bar(self.total)
            self.bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.stop()

    def stage(self, job: Job, stage: str) -> None:
        """Show the stage a brief has reached."""
        self.stages[job.input.place] = stage
        self._describe()

    def finished(self, outcome: Outcome) -> None:
        """Move the bar on by one brief."""
        self.stages.pop(outcome.job.input.place, None)
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task)
        self._describe()

    def _describe(self) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, description=" · ".join(f"{place}: {stage}" for place, stage in self.stages.items()) or "checking")


def print_outcomes(outcomes: Iterable[Outcome], total: int, *, log: bool, left_out: Mapping[Path, Path] | None = None) -> list[Outcome]:
    """Each outcome's lines as it comes, then the summary; every outcome, in order.

    A batch of one prints only the brief's own lines, as a build always has: its `[1/1]` line
    and a summary would say nothing they do not.
    """
    seen = []
    for number, outcome in enumerate(outcomes, 1):
        seen.append(outcome)
        if log and total > 1:
            typer.echo(f"[{number}/{total}] {outcome.status} {outcome.job.path}", err=True)
        _print_outcome(outcome)
    if total > 1 or (seen and seen[0].status == "up to date"):
        _print_summary(seen)
    _print_left_out(seen, left_out or {})
    return seen


def _print_outcome(outcome: Outcome) -> None:
    if outcome.result is not None:
        report_build(outcome.result)
    elif outcome.error is not None:
        report_error(outcome.error)


def _print_summary(outcomes: list[Outcome]) -> None:
    """One line of counts, then each failed input with its first error."""
    counts = Counter(outcome.status for outcome in outcomes)
    parts = [f"{counts[status]} {status}" for status in ("built", "up to date", "failed")]
    typer.echo(f"{count(len(outcomes), 'brief')}: {', '.join(parts)}", err=True)
    for outcome in outcomes:
        if outcome.error is not None:
            typer.echo(f"  failed {outcome.job.path}: {first_error(outcome.error)}", err=True)


def _print_left_out(outcomes: list[Outcome], left_out: Mapping[Path, Path]) -> None:
    """Each file a folder held that was left out only because an input that failed names it: it was built by nothing."""
    failed = {outcome.job.path for outcome in outcomes if outcome.error is not None}
    for file, naming in left_out.items():
        if naming in failed:
            typer.echo(
                f"  not built {file}: {naming} names it (as its previous version, scale or ladder), so it is not an input of its own",
                err=True,
            )


def _progress_bar(total: int) -> tuple[Progress, TaskID]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # Lines printed while the bar runs go above it; standard output only when it shares the terminal, so a pipe gets it whole.
    bar = Progress(*columns, console=Console(stderr=True), transient=True, redirect_stdout=sys.stdout.isatty())
    return bar, bar.add_task("checking", total=total)
